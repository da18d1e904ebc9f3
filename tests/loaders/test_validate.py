"""Validation before writing: every problem named by file, row, column and reason; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import Store
from loaders.identity import ENV_KEY
from loaders.load import load_folder
from loaders.report import LoadReport, Problem
from loaders.resolve import Resolver
from loaders.source import discover
from loaders.spool import Budget
from loaders.validate import validate_file
from tests.loaders.tables import CERTIFICATIONS, MENTORSHIPS, PEOPLE, base_folder, snapshot, write_table

BAD_PEOPLE = [
    ["p1", "王建国改", "男", 1966, "o1", None],  # a duplicate key (row 6)
    ["p5", "", "女", 1999, "o1", None],  # no name (row 7)
    ["p6", "钱多", "未知", 1999, "o1", None],  # not a gender (row 8)
    ["p7", "孙丽", "女", 1999, "不存在公司", None],  # an unknown employer (row 9)
]
BAD_MENTORSHIPS = [
    ["m4", "p99", "p4", "2022-03-01", "", "在带", ""],  # unknown master (row 5)
    ["m5", "p1", "p3", "2020-03-01", "2019-03-01", "已出师", "合格"],  # end before start (row 6)
    ["m6", "p4", "p1", "2024-03-01", "", "在带", ""],  # closes p1 -> p2 -> p3 -> p4 -> p1 (row 7)
    ["m7", "p1", "p4", "2024-03-01", "", "进行中", ""],  # not a status (row 8)
    ["m1", "p1", "p4", "2024-03-01", "", "在带", ""],  # a duplicate agreement (row 9)
    ["m8", "p5", "p4", "2024-03-01", "", "在带", ""],  # a master whose own row is bad (row 10)
]
BAD_CERTIFICATIONS = [
    ["p3", "6-18-02-04", "大师", "2020-01-01"],  # not a grade (line 3)
    ["p4", "9-99-99-99", "技师", "2020-01-01"],  # an unknown occupation (line 4)
]
EXPECTED = [
    ("people.xlsx", 6, "人员编号", "duplicate 'p1', first at row 2"),
    ("people.xlsx", 7, "姓名", "name is required"),
    ("people.xlsx", 8, "性别", "'未知' is not one of 男、女"),
    ("people.xlsx", 9, "工作单位", "no Organization '不存在公司' in the folder or the store"),
    ("mentorships.csv", 5, "师傅", "no Person 'p99' in the folder or the store"),
    ("mentorships.csv", 6, "出师时间", "end 2019-03-01 precedes start 2020-03-01"),
    ("mentorships.csv", 7, "师傅", "would close a mentorship cycle: p4 -> p1 -> p2 -> p3 -> p4"),
    ("mentorships.csv", 8, "状态", "'进行中' is not one of 在带、已出师、终止"),
    ("mentorships.csv", 9, "协议编号", "duplicate 'm1', first at row 2"),
    ("mentorships.csv", 10, "师傅", "no Person 'p5' in the folder or the store"),
    ("certifications.jsonl", 3, "技能等级", "'大师' is not a skill grade"),
    ("certifications.jsonl", 4, "职业编码", "no Occupation '9-99-99-99' in the folder or the store"),
]


def bad_folder(folder: Path) -> Path:
    base_folder(folder)
    write_table(folder / "people.xlsx", PEOPLE[0], PEOPLE[1] + BAD_PEOPLE)
    write_table(folder / "mentorships.csv", MENTORSHIPS[0], MENTORSHIPS[1] + BAD_MENTORSHIPS, encoding="utf-8-sig")
    write_table(folder / "certifications.jsonl", CERTIFICATIONS[0], CERTIFICATIONS[1] + BAD_CERTIFICATIONS)
    return folder


def found(problems: list[Problem]) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.file, p.row, p.column, p.reason) for p in problems]


def test_every_problem_is_reported_and_the_store_is_left_exactly_as_it_was(store: Store, tmp_path: Path) -> None:
    assert load_folder(base_folder(tmp_path / "good"), store).ok
    before = snapshot(store)
    report = load_folder(bad_folder(tmp_path / "bad"), store)
    assert not report.ok and not report.written
    problems = found(report.errors)
    for file, row, column, reason in EXPECTED:
        assert any(p[:3] == (file, row, column) and reason in p[3] for p in problems), (file, row, reason, problems)
    assert len(report.errors) == len(EXPECTED)
    assert snapshot(store) == before
    assert report.stats("people.xlsx").rejected == 4 and report.stats("people.xlsx").written == 0


def test_every_row_validated_is_counted_against_the_memory_budget_as_its_file_ends(store: Store, tmp_path: Path) -> None:
    """A file's last rows, fewer than a spool batch, are kept in memory while the budget holds them, not left
    to the writing pass, when later files have taken the budget and they would go to disk."""
    folder = base_folder(tmp_path)
    report = LoadReport(str(folder))
    sources = discover(folder, report, None)
    budget = Budget(10**6)
    resolver = Resolver(store)
    for source in sources:
        source.spool.budget = budget
        validate_file(source, resolver, store, report)
    rows = sum(source.stats.rows_read for source in sources)
    assert report.ok and rows > 0
    assert budget.rows == 10**6 - rows and not any(source.spool.spilled for source in sources)


def test_references_to_nodes_already_stored_resolve_and_cycles_through_them_are_found(store: Store, tmp_path: Path) -> None:
    assert load_folder(base_folder(tmp_path / "good"), store).ok
    later = tmp_path / "later"
    rows = [["m9", "p1", "p4", "2024-03-01", "", "在带", ""], ["m10", "p4", "p2", "2024-03-01", "", "在带", ""]]
    write_table(later / "mentorships.csv", MENTORSHIPS[0], rows)
    report = load_folder(later, store)
    assert found(report.errors) == [("mentorships.csv", 3, "师傅", "would close a mentorship cycle: p4 -> p2 -> p3 -> p4")]
    assert store.counts()["MENTORED"] == 3
    write_table(later / "mentorships.csv", MENTORSHIPS[0], rows[:1])
    assert load_folder(later, store).ok and store.counts()["MENTORED"] == 4


def test_a_cycle_whose_stored_stretch_follows_another_rows_apprentice_is_found(store: Store, tmp_path: Path) -> None:
    assert load_folder(base_folder(tmp_path / "good"), store).ok  # stored: p1 -> p2 -> p3 -> p4
    later = tmp_path / "later"
    write_table(later / "people.csv", PEOPLE[0], [["p6", "钱七", "男", 1990, "o1", None]])
    rows = [["m11", "p6", "p1", "2024-03-01", "", "在带", ""], ["m12", "p4", "p6", "2024-03-01", "", "在带", ""]]
    write_table(later / "mentorships.csv", MENTORSHIPS[0], rows)
    report = load_folder(later, store, dry_run=True)
    assert found(report.errors) == [
        ("mentorships.csv", 3, "师傅", "would close a mentorship cycle: p4 -> p6 -> p1 -> p2 -> p3 -> p4")]


def test_a_missing_required_column_stops_the_file_and_an_unknown_one_is_a_warning(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    folder = base_folder(tmp_path)
    write_table(folder / "mentorships.csv", ["协议编号", "师傅", "带徒开始时间", "状态", "备注"],
                [["m1", "p1", "2010-03-01", "在带", "x"]])
    report = load_folder(folder, EmbeddedStore())
    assert found(report.errors) == [("mentorships.csv", None, None,
                                     "missing required column apprentice_id (徒弟) or apprentice_id_card (徒弟身份证号)")]
    assert ("mentorships.csv", None, "备注", "unknown column: ignored") in found(report.warnings)


def test_a_second_header_for_one_column_is_ignored_with_a_warning(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    folder = base_folder(tmp_path)
    write_table(folder / "people.csv", ["人员编号", "姓名", "单位编号", "工作单位"], [["p1", "王建国", "o1", "别的单位"]])
    (folder / "people.xlsx").unlink()
    (folder / "mentorships.csv").unlink()
    (folder / "certifications.jsonl").unlink()
    store = EmbeddedStore()
    report = load_folder(folder, store)
    assert report.ok, report.summary()
    assert ("people.csv", None, "工作单位", "means org_id like '单位编号' before it: ignored") in found(report.warnings)
    assert store.counts()["WORKS_AT"] == 1


def test_a_name_shared_by_two_people_must_be_given_as_an_id(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    folder = base_folder(tmp_path)
    write_table(folder / "people.xlsx", PEOPLE[0], PEOPLE[1] + [["p5", "李明", "男", 1990, "o1", None]])
    write_table(folder / "mentorships.csv", MENTORSHIPS[0], [["m1", "王建国", "李明", "2010-03-01", "", "在带", ""]])
    report = load_folder(folder, EmbeddedStore())
    assert [(p.row, p.column) for p in report.errors] == [(2, "徒弟")]
    assert "'李明' is the name of 2 Person rows (p2, p5); give the id" in report.errors[0].reason


def test_identity_cards_derive_stable_keys_and_are_never_stored(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loaders.generate import id_card

    monkeypatch.setenv(ENV_KEY, "test-key")
    master, apprentice = id_card("421002", "1966-05-01", 1), id_card("421002", "1990-07-01", 2)
    folder = tmp_path / "cards"
    write_table(folder / "people.csv", ["身份证号", "姓名"], [[master, "王建国"], [apprentice, "张伟"]])
    write_table(folder / "mentorships.csv", ["协议编号", "师傅身份证号", "徒弟身份证号", "带徒开始时间", "状态"],
                [["m1", master, apprentice, "2012-03-01", "在带"]])
    report = load_folder(folder, store)
    assert report.ok, report.summary()
    people = store.list_nodes("Person").items
    assert sorted(p["birthYear"] for p in people) == [1966, 1990]
    assert all(p["personId"].startswith("ID-") for p in people)
    assert not any(card in str(people) for card in (master, apprentice))
    before = snapshot(store)
    assert load_folder(folder, store).ok and snapshot(store) == before
    monkeypatch.delenv(ENV_KEY)
    refused = load_folder(folder, store)
    assert not refused.ok and all(ENV_KEY in p.reason for p in refused.errors)
    assert {(p.file, p.column) for p in refused.errors} == {("people.csv", "身份证号"), ("mentorships.csv", "师傅身份证号"),
                                                            ("mentorships.csv", "徒弟身份证号")}


def test_files_are_found_by_kind_and_a_second_file_of_a_kind_is_an_error(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    folder = base_folder(tmp_path)
    write_table(folder / "people.csv", PEOPLE[0], PEOPLE[1])
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    store = EmbeddedStore()
    report = load_folder(folder, store)
    assert ("people.xlsx", None, None, "a second people file besides people.csv") in found(report.errors)
    assert ("notes.txt", None, None, "not a known file kind: ignored") in found(report.warnings)
    assert not report.written and store.counts()["Person"] == 0
