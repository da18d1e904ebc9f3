"""load_folder end to end, against both stores: the sample, idempotence, updates, --skip-invalid, dry runs."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.query import Direction
from graph.store import Store
from graph.upserts import Upsert
from loaders.load import WRITING_SWITCH, load_folder
from tests.loaders.tables import PEOPLE, base_folder, write_table
from tests.loaders.test_validate import bad_folder

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_the_bundled_sample_loads_without_errors_and_a_reload_changes_nothing(store: Store) -> None:
    report = load_folder(SAMPLE, store)
    assert report.ok and report.written, report.summary()
    counts = store.counts()
    assert counts["Person"] == 1500 and counts["WORKS_AT"] == 1500 and counts["Organization"] == 40
    assert counts["MENTORED"] >= 300 and 20 <= counts["Studio"] <= 30 and counts["Achievement"] == 150
    p1 = store.get_nodes("Person", ["P0000001"])["P0000001"]
    assert "id_card" not in p1 and not any(len(str(v)) == 18 for v in p1.values())
    again = load_folder(SAMPLE, store)
    assert again.ok and store.counts() == counts
    assert store.get_nodes("Person", ["P0000001"])["P0000001"] == p1


def test_values_are_normalised_on_the_way_in(store: Store, tmp_path: Path) -> None:
    report = load_folder(base_folder(tmp_path), store)
    assert report.ok, report.summary()
    p1 = store.get_nodes("Person", ["p1"])["p1"]
    assert p1 == {"personId": "p1", "name": "王建国", "gender": "男", "birthYear": 1966, "phone": "13800000001"}
    employer = store.neighbours("Person", ["p1"], "WORKS_AT", Direction.OUT)["p1"]
    assert [n.key for n in employer] == ["o1"]  # named by 工作单位
    certified = store.neighbours("Person", ["p2"], "CERTIFIED", Direction.OUT)["p2"]
    assert [(n.key, n.rel["grade"], n.rel["issuedOn"]) for n in certified] == [("6-18-02-04", 5, "2016-06-01")]
    m1 = store.neighbours("Person", ["p1"], "MENTORED", Direction.OUT)["p1"][0].rel
    assert m1 == {"agreementId": "m1", "start": "2010-03-01", "end": "2012-03", "status": "已出师", "result": "优秀"}
    welder = store.get_nodes("Occupation", ["6-18-02-04"])["6-18-02-04"]
    assert welder == {"code": "6-18-02-04", "name": "焊工", "level": "细类", "green": True, "digital": False}


def test_rows_naming_one_relationship_again_make_one_in_a_first_load(store: Store, tmp_path: Path) -> None:
    """A load into empty types creates relationships without merging, yet a pair named twice is still one relationship.

    p1's certificate is named by key, then by name; an honour lists p2 twice; p1 is an achievement's
    first completer in achievements.csv and its contributor again, with a rank, in achievement_contributors.csv;
    a training base names one occupation twice in a cell.
    """
    folder = base_folder(tmp_path)
    write_table(folder / "certifications.csv", ["人员编号", "职业编码", "技能等级"], [
        ["p1", "6-18-02-04", "技师"], ["王建国", "6-18-02-04", "高级技师"], ["p2", "6-18-02-04", "四级"]])
    (folder / "certifications.jsonl").unlink()
    write_table(folder / "honors.csv", ["荣誉名称", "荣誉级别", "授予年份", "人员编号"], [
        ["五一劳动奖章", "市级", 2022, "p2"], ["五一劳动奖章", "市级", 2022, "p2"], ["五一劳动奖章", "市级", 2022, "p3"]])
    write_table(folder / "achievements.csv", ["成果编号", "成果名称", "成果类型", "年度", "第一完成人"],
                [["a1", "焊枪夹具", "技术革新", 2023, "p1"]])
    write_table(folder / "achievement_contributors.csv", ["person_id", "achievement_id", "rank"], [["p1", "a1", 1], ["p2", "a1", 2]])
    write_table(folder / "training_bases.csv", ["base_id", "name", "occupation_code"], [["b1", "焊接实训基地", "6-18-02-04;6-18-02-04"]])
    report = load_folder(folder, store)
    assert report.ok, report.summary()
    counts = store.counts()
    assert (counts["CERTIFIED"], counts["RECEIVED"], counts["CONTRIBUTED"], counts["TRAINS"]) == (2, 2, 2, 1)
    certified = store.neighbours("Person", ["p1"], "CERTIFIED", Direction.OUT)["p1"]
    assert [n.rel["grade"] for n in certified] == [6]  # 高级技师, the later row, over 技师 (5)
    assert load_folder(folder, store).ok and store.counts() == counts


def test_a_batch_creates_its_new_relationships_before_it_merges_the_repeated_ones(store: Store, tmp_path: Path) -> None:
    """The second batch names p1's welder certificate again before p1's new one, which its next row repeats.

    Merged in row order, that next row would make p1's new certificate, and the creation after it a second one.
    """
    folder = base_folder(tmp_path)
    rows = [[p, "6-18-02-04", "四级"] for p in ("p1", "p2", "p3", "p4")]
    rows += [["王建国", "6-18-02-04", "技师"], ["p1", "6-18-02", "三级"], ["王建国", "6-18-02", "技师"]]
    write_table(folder / "certifications.csv", ["人员编号", "职业编码", "技能等级"], rows)
    (folder / "certifications.jsonl").unlink()
    report = load_folder(folder, store, batch_size=4 // store.write_threads)  # batches of four rows
    assert report.ok, report.summary()
    certified = store.neighbours("Person", ["p1"], "CERTIFIED", Direction.OUT)["p1"]
    assert sorted((n.key, n.rel["grade"]) for n in certified) == [("6-18-02", 5), ("6-18-02-04", 5)]


def test_a_corrected_file_updates_in_place_and_a_blank_cell_clears(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path)
    assert load_folder(folder, store).ok
    rows = [list(r) for r in PEOPLE[1]]
    rows[0][1], rows[0][5] = "王建国", None  # p1 loses the phone
    rows[1][5] = "13900000002"  # p2 gains one
    write_table(folder / "people.xlsx", PEOPLE[0], rows)
    counts = store.counts()
    assert load_folder(folder, store).ok and store.counts() == counts
    people = store.get_nodes("Person", ["p1", "p2"])
    assert "phone" not in people["p1"] and people["p2"]["phone"] == "13900000002"


def test_skip_invalid_writes_the_good_rows_and_keeps_the_rejected_ones_with_reasons(store: Store, tmp_path: Path) -> None:
    report_path = tmp_path / "out" / "report.json"
    report = load_folder(bad_folder(tmp_path / "bad"), store, skip_invalid=True, report_path=report_path)
    assert report.written and not report.ok
    assert store.counts()["Person"] == 4 and store.counts()["MENTORED"] == 3 and store.counts()["CERTIFIED"] == 2
    rejects = tmp_path / "out" / "report.rejects" / "mentorships.rejects.csv"
    with rejects.open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["协议编号", "师傅", "徒弟", "带徒开始时间", "出师时间", "状态", "考核结果", "行号 row", "错误原因 reason"]
    assert [r[0] for r in rows[1:]] == ["m4", "m5", "m6", "m7", "m1", "m8"]
    assert rows[2][:7] == ["m5", "p1", "p3", "2020-03-01", "2019-03-01", "已出师", "合格"]  # unchanged
    assert rows[2][7:] == ["6", "end 2019-03-01 precedes start 2020-03-01"]
    jsonl = (tmp_path / "out" / "report.rejects" / "certifications.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["技能等级"] for line in jsonl] == ["大师", "技师"]
    saved = json.loads(report_path.read_text(encoding="utf-8"))
    people = next(f for f in saved["files"] if f["file"] == "people.xlsx")
    assert (people["rows_read"], people["written"], people["rejected"]) == (8, 4, 4)
    assert {"file": "people.xlsx", "row": 7, "column": "姓名", "reason": "name is required", "severity": "error"} in saved["problems"]


def test_a_dry_run_validates_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    report = load_folder(base_folder(tmp_path), store, dry_run=True)
    assert report.ok and not report.written
    assert not any(store.counts().values())
    assert "dry run: nothing written" in report.summary()


def test_the_taxonomy_flaws_load_with_warnings(store: Store, tmp_path: Path) -> None:
    rows = [["6", "生产制造及有关人员", ""], ["6-18-02-04", "焊工（L/S）", "细类"], ["6-18-02-04", "焊工", "细类"],
            ["4-09-07-04", "碳排放管理员 (L)", "小类"]]
    write_table(tmp_path / "occupations.csv", ["职业编码", "职业名称", "层级"], rows, encoding="gbk")
    report = load_folder(tmp_path, store)
    assert report.ok
    reasons = [(p.row, p.reason) for p in report.warnings]
    assert (4, "duplicate '6-18-02-04', also at row 3: row 3 kept") in reasons
    assert sum("no row for parent" in r for _, r in reasons) == 5  # 6-18, 6-18-02, 4, 4-09, 4-09-07
    assert store.counts()["Occupation"] == 8 and store.counts()["BROADER"] == 6
    welder = store.get_nodes("Occupation", ["6-18-02-04", "6-18-02"])
    assert welder["6-18-02-04"]["name"] == "焊工" and welder["6-18-02-04"]["green"] and welder["6-18-02-04"]["digital"]
    assert welder["6-18-02"] == {"code": "6-18-02", "name": "6-18-02", "level": "小类", "green": False, "digital": False}
    broader = store.traverse("Occupation", ["6-18-02-04"], "BROADER", Direction.OUT, 5).depth
    assert broader == {"6-18-02-04": 0, "6-18-02": 1, "6-18": 2, "6": 3}


def test_a_taxonomy_over_several_batches_gets_its_whole_hierarchy_with_its_last_batch(store: Store, tmp_path: Path) -> None:
    rows = [["6-18-02-04", "焊工", "细类"], ["6-18-02-05", "铸造工", "细类"], ["4-09-07-04", "碳排放管理员", "细类"],
            ["6-18-01-01", "车工", "细类"], ["6", "生产制造及有关人员", "大类"]]
    write_table(tmp_path / "occupations.csv", ["职业编码", "职业名称", "层级"], rows)
    assert load_folder(tmp_path, store, batch_size=1).ok  # batches of a row a thread; the parents with the last
    assert store.counts()["Occupation"] == 11 and store.counts()["BROADER"] == 9  # 6-18, 6-18-02, 6-18-01, 4, 4-09, 4-09-07 added
    up = store.traverse("Occupation", ["6-18-02-04", "4-09-07-04"], "BROADER", Direction.OUT, 5).depth
    assert set(up) == {"6-18-02-04", "6-18-02", "6-18", "6", "4-09-07-04", "4-09-07", "4-09", "4"}


def test_a_load_is_one_audit_entry_with_the_counts_it_changed(store, tmp_path, monkeypatch) -> None:
    from graph.change import AuditQuery
    from tests.api.conftest import SAMPLE

    monkeypatch.setenv("STUDIOGRAPH_LOAD_LABEL", "数据科")
    assert load_folder(SAMPLE, store).ok
    [entry] = store.audit_log(AuditQuery(operation="load"), 10)
    assert (entry.role, entry.label, entry.object_key) == ("loader", "数据科", str(SAMPLE.resolve()))
    counts = store.counts()
    assert {c.property: (c.old, c.new) for c in entry.changes}["Person"] == (0, counts["Person"])
    assert load_folder(SAMPLE, store).ok  # loaded again: an entry with nothing changed
    again = store.audit_log(AuditQuery(operation="load"), 10)
    assert len(again) == 2 and again[0].changes == ()


def test_the_taxonomy_as_distributed_loads_every_code_with_its_hierarchy_tasks_and_aliases(store: Store, tmp_path: Path) -> None:
    headers = ["职业编码", "职业名称", "层级", "主要工作任务", "别名"]
    rows = [
        ["6-00-00-00", "生产制造及有关人员", 1, "", ""],
        ["6-18-00-00", "机械制造基础加工人员", 2, "", ""],
        ["6-18-02-00", "机械热加工人员", 3, "", ""],
        ["6-18-02-04", "焊工(L)", 4, "1. 操作焊接设备；2. 检验焊缝", "电焊工、氩弧焊工"],
        ["6-18-01-01", "车工", "5", "", "数控车工"],  # a level off the ladder: the code's is used
        ["6-18-01-02", "", 4, "", ""],  # no name: the code is used
        ["6-18-02", "机械热加工人员（重复）", 3, "", ""],  # the padded 6-18-02-00 again: the first row kept
        ["6-18-02-05", "铸造工", 2, "", ""],  # a level that does not fit the code
    ]
    write_table(tmp_path / "occupations.xlsx", headers, rows)
    write_table(tmp_path / "people.csv", ["人员编号", "姓名"], [["p1", "王建国"]])
    write_table(tmp_path / "certifications.csv", ["人员编号", "职业编码", "技能等级"], [["p1", "6-18-02-00", "技师"]])
    write_table(tmp_path / "demand.csv", ["需求编号", "行政区划", "职业编码", "最低等级", "需求人数"],
                [["d1", "421002", "6-18-02-00", "技师", 5]])
    report = load_folder(tmp_path, store)
    assert report.ok, report.summary()
    assert store.counts()["Occupation"] == 8 and store.counts()["BROADER"] == 7  # 6-18-01 created as a parent
    stored = store.get_nodes("Occupation", ["6", "6-18", "6-18-02", "6-18-02-04", "6-18-01-01", "6-18-01-02", "6-18-02-05"])
    assert {code: node["level"] for code, node in stored.items()} == {
        "6": "大类", "6-18": "中类", "6-18-02": "小类", "6-18-02-04": "细类", "6-18-01-01": "细类",
        "6-18-01-02": "细类", "6-18-02-05": "细类"}
    assert stored["6-18-02"]["name"] == "机械热加工人员" and stored["6-18-01-02"]["name"] == "6-18-01-02"
    welder = stored["6-18-02-04"]
    assert welder["tasks"] == "1. 操作焊接设备;2. 检验焊缝" and welder["aliases"] == "电焊工、氩弧焊工" and welder["green"]
    up = store.traverse("Occupation", ["6-18-02-04", "6-18-01-01"], "BROADER", Direction.OUT, 5).depth
    assert set(up) == {"6-18-02-04", "6-18-01-01", "6-18-02", "6-18-01", "6-18", "6"}
    assert [n.key for n in store.neighbours("Person", ["p1"], "CERTIFIED", Direction.OUT)["p1"]] == ["6-18-02"]
    assert store.get_nodes("Demand", ["d1"])["d1"]["occupationCode"] == "6-18-02"
    warned = {(p.row, p.column) for p in report.warnings if p.file == "occupations.xlsx"}
    assert {(6, "层级"), (7, None), (8, "职业编码"), (9, None)} <= warned  # each flaw, none dropped
    assert not any(p.column in ("主要工作任务", "别名") for p in report.problems)
    assert [p["code"] for _, p in store.search("氩弧焊", ["Occupation"], 5)] == ["6-18-02-04"]


def test_no_second_is_counted_for_two_files(store: Store) -> None:
    """A file's batches are built while the writer finishes the file before: its seconds start when the writer is free."""
    report = load_folder(SAMPLE, store)
    assert report.ok
    assert sum(f.seconds for f in report.files) <= report.seconds


class Watcher:
    """The store, every call passed on; a subclass notes the calls it watches."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


class SwitchWatcher(Watcher):
    """The store, noting the interpreter's switch interval at each write."""

    def __init__(self, store: Store, fail: bool = False) -> None:
        super().__init__(store)
        self.fail = fail
        self.seen: set[float] = set()

    def upsert(self, writes: Sequence[Upsert]) -> int:
        self.seen.add(sys.getswitchinterval())
        if self.fail:
            raise RuntimeError("disk full")
        return self.store.upsert(writes)


def test_threads_hand_over_quickly_while_writing_and_as_before_after(store: Store, tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    watcher = SwitchWatcher(store)
    assert load_folder(base_folder(tmp_path / "city"), watcher).ok  # type: ignore[arg-type]
    assert watcher.seen == {WRITING_SWITCH} != {before} and sys.getswitchinterval() == before


def test_a_failed_write_leaves_the_switch_interval_as_it_was(store: Store, tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError, match="disk full"):
        load_folder(base_folder(tmp_path / "city"), SwitchWatcher(store, fail=True))  # type: ignore[arg-type]
    assert sys.getswitchinterval() == before


class ReadWatcher(Watcher):
    """The store, noting the labels each node lookup of the validation asks it for."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.asked: list[str] = []

    def get_nodes(self, label: str, keys: Any) -> dict[str, dict[str, Any]]:
        self.asked.append(label)
        return self.store.get_nodes(label, keys)

    def list_nodes(self, label: str, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(label)
        return self.store.list_nodes(label, *args, **kwargs)


def test_labels_the_store_held_none_of_are_not_looked_up_there_and_read_as_before(store: Store, tmp_path: Path) -> None:
    write_table(tmp_path / "occupations.csv", ["职业编码", "职业名称"], [["6-18-02-04", "焊工"]])  # parents 6, 6-18, 6-18-02
    write_table(tmp_path / "people.csv", ["人员编号", "姓名", "工作单位"], [["p1", "王建国", "不存在公司"]])
    watcher = ReadWatcher(store)
    report = load_folder(tmp_path, watcher, dry_run=True)  # type: ignore[arg-type]
    assert watcher.asked == []
    assert [(p.row, p.reason) for p in report.errors] == [(2, "no Organization '不存在公司' in the folder or the store")]
    assert sum("no row for parent" in p.reason for p in report.warnings) == 3
    store.upsert_nodes("Occupation", [{"code": "6-18", "name": "机械制造基础加工人员"}])
    store.upsert_nodes("Organization", [{"orgId": "o1", "name": "荆江重工"}])
    again = load_folder(tmp_path, watcher, dry_run=True)  # type: ignore[arg-type]
    assert set(watcher.asked) == {"Occupation", "Organization"}  # held some now: looked up
    assert [(p.row, p.reason) for p in again.errors] == [(2, "no Organization '不存在公司' in the folder or the store")]
    assert [p.reason for p in again.warnings if "no row for parent" in p.reason] == [
        "no row for parent 6-18-02: created with its code as name"]  # 6-18 is stored: neither it nor 6 is made again
