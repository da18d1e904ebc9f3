"""Loading competitions and partial dates from real files (.xlsx, GBK and UTF-8 CSV), into both stores."""

from __future__ import annotations

from pathlib import Path

from graph.query import Direction
from graph.store import Store
from loaders.load import load_folder
from tests.loaders.tables import base_folder, snapshot, write_table
from tests.loaders.test_validate import found

COMPETITIONS = (["竞赛编号", "竞赛名称", "年度", "级别", "竞赛类型", "职业编码", "主办单位"], [
    ["c1", "荆江市焊工职业技能大赛", 2022, "市级", "职业技能大赛", "6-18-02-04", "荆江石油机械厂"],
    ["c2", "荆江石油机械厂技能比武", "2021年", "企业级", "劳动竞赛", "", "o1"],
])
ENTRIES = (["姓名", "竞赛编号", "名次", "获奖等级", "晋升等级"], [
    ["李明", "c1", 1, "一等奖", "技师"],
    ["张伟", "c1", "2", "二等奖", ""],
    ["赵强", "荆江石油机械厂技能比武", 5, "", ""],
])


def competition_folder(folder: Path) -> Path:
    base_folder(folder)
    write_table(folder / "competitions.xlsx", *COMPETITIONS)
    write_table(folder / "competition_entries.csv", *ENTRIES, encoding="gbk")
    return folder


def test_competitions_and_entries_load_with_chinese_headers(store: Store, tmp_path: Path) -> None:
    report = load_folder(competition_folder(tmp_path), store)
    assert report.ok, report.summary()
    assert store.get_nodes("Competition", ["c1", "c2"]) == {
        "c1": {"competitionId": "c1", "name": "荆江市焊工职业技能大赛", "year": 2022, "level": "市级", "kind": "职业技能大赛"},
        "c2": {"competitionId": "c2", "name": "荆江石油机械厂技能比武", "year": 2021, "level": "企业", "kind": "劳动竞赛"},
    }
    assert [n.key for n in store.neighbours("Competition", ["c1"], "TESTS", Direction.OUT)["c1"]] == ["6-18-02-04"]
    organised = store.neighbours("Competition", ["c1", "c2"], "ORGANIZED_BY", Direction.OUT)
    assert {k: [n.key for n in v] for k, v in organised.items()} == {"c1": ["o1"], "c2": ["o1"]}  # by name and by id
    entrants = store.neighbours("Competition", ["c1", "c2"], "COMPETED", Direction.IN)
    assert {k: [(n.key, n.rel) for n in v] for k, v in entrants.items()} == {
        "c1": [("p2", {"rank": 1, "award": "一等奖", "gradeAwarded": 5}), ("p3", {"rank": 2, "award": "二等奖"})],
        "c2": [("p4", {"rank": 5})],  # the competition named by its name
    }
    assert load_folder(tmp_path, store).ok and store.counts()["COMPETED"] == 3  # a second load changes nothing


def test_bad_competition_rows_are_reported_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    assert load_folder(base_folder(tmp_path / "good"), store).ok
    before = snapshot(store)
    folder = competition_folder(tmp_path / "bad")
    write_table(folder / "competitions.xlsx", COMPETITIONS[0], COMPETITIONS[1] + [
        ["c3", "区赛", 2022, "区级", "劳动竞赛", "", ""],
        ["c4", "无名单位赛", 2022, "市级", "劳动竞赛", "", "不存在公司"],
    ])
    write_table(folder / "competition_entries.csv", ENTRIES[0], ENTRIES[1] + [
        ["李明", "c1", 1, "特等奖", ""], ["王建国", "c1", 3, "", "大师"], ["王建国", "c9", 1, "", ""],
    ], encoding="gbk")
    report = load_folder(folder, store)
    assert not report.ok and not report.written
    problems = found(report.errors)
    for expected in [
        ("competitions.xlsx", 4, "级别", "'区级' is not one of 国家级、省级、市级、行业、企业"),
        ("competitions.xlsx", 5, "主办单位", "no Organization '不存在公司'"),
        ("competition_entries.csv", 5, "获奖等级", "'特等奖' is not one of"),
        ("competition_entries.csv", 6, "晋升等级", "'大师' is not a skill grade"),
        ("competition_entries.csv", 7, "竞赛编号", "no Competition 'c9'"),
    ]:
        assert any(p[:3] == expected[:3] and expected[3] in p[3] for p in problems), (expected, problems)
    assert snapshot(store) == before and store.counts()["Competition"] == 0


DATED_MENTORSHIPS = (["协议编号", "师傅", "徒弟", "带徒开始时间", "计划出师时间", "出师时间", "状态"], [
    ["m1", "p1", "p2", "2010", "2013-03", "2012年3月", "已出师"],
    ["m2", "p2", "p3", "2016.3", "", "", "在带"],
    ["m3", "p3", "p4", "2022-03-15", "", "2022-03", "已出师"],  # the end's month holds the start: not before it
])


def test_years_and_months_load_as_written_from_every_format(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path)
    write_table(folder / "mentorships.csv", *DATED_MENTORSHIPS, encoding="gbk")
    (folder / "certifications.jsonl").unlink()
    write_table(folder / "certifications.xlsx", ["人员编号", "职业编码", "技能等级", "发证日期"], [
        ["p1", "6-18-02-04", "高级技师", 2008], ["p2", "6-18-02-04", "技师", 201606], ["p3", "6-18-02-04", "高级工", "2019年"],
    ])
    report = load_folder(folder, store)
    assert report.ok, report.summary()
    mentored = store.neighbours("Person", ["p1", "p2", "p3"], "MENTORED", Direction.OUT)
    assert {k: [{d: n.rel.get(d) for d in ("start", "plannedEnd", "end")} for n in v] for k, v in mentored.items()} == {
        "p1": [{"start": "2010", "plannedEnd": "2013-03", "end": "2012-03"}],
        "p2": [{"start": "2016-03", "plannedEnd": None, "end": None}],
        "p3": [{"start": "2022-03-15", "plannedEnd": None, "end": "2022-03"}],
    }
    certified = store.neighbours("Person", ["p1", "p2", "p3"], "CERTIFIED", Direction.OUT)
    assert {k: [n.rel["issuedOn"] for n in v] for k, v in certified.items()} == {"p1": ["2008"], "p2": ["2016-06"], "p3": ["2019"]}


def test_an_end_before_its_start_is_an_error_only_when_certain(tmp_path: Path, store: Store) -> None:
    folder = base_folder(tmp_path)
    write_table(folder / "mentorships.csv", DATED_MENTORSHIPS[0], [
        ["m1", "p1", "p2", "2010-05", "", "2010-04-30", "已出师"],
        ["m2", "p2", "p3", "2016", "", "2015-12", "已出师"],
        ["m3", "p3", "p4", "2022-03-15", "2022", "2022-03", "已出师"],
    ])
    report = load_folder(folder, store)
    assert found(report.errors) == [
        ("mentorships.csv", 2, "出师时间", "end 2010-04-30 precedes start 2010-05"),
        ("mentorships.csv", 3, "出师时间", "end 2015-12 precedes start 2016"),
    ]
