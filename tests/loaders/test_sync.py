"""`load --sync` against both stores: the plan shown first, exactly what left the files removed, absent kinds untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.journal import NOT_APPLIED
from graph.query import Direction
from graph.store import Store
from loaders.load import load_folder
from loaders.sync import SyncPlan
from tests.loaders.tables import MENTORSHIPS, OCCUPATIONS, PEOPLE, base_folder, snapshot, write_table

STUDIOGRAPH = str(Path(sys.executable).parent / "studiograph")


class Answer:
    """A confirm callback that keeps the plan it was shown and answers `yes`."""

    def __init__(self, yes: bool) -> None:
        self.yes, self.plans = yes, []

    def __call__(self, plan: SyncPlan) -> bool:
        self.plans.append(plan)
        return self.yes


def next_month(folder: Path) -> Path:
    """The same folder a month on: 赵强 (p4) has left, 李明 has a phone, 孙丽 (p5) joined; only agreement m1 is left."""
    people = [list(r) for r in PEOPLE[1] if r[0] != "p4"]
    people[1][5] = "13900000002"
    people.append(["p5", "孙丽", "女", 2000, "o1", None])
    write_table(folder / "people.xlsx", PEOPLE[0], people)
    write_table(folder / "mentorships.csv", MENTORSHIPS[0], [MENTORSHIPS[1][0]], encoding="utf-8-sig")
    return folder


def test_sync_shows_the_plan_then_removes_exactly_what_left_the_files(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    assert load_folder(folder, store).ok
    next_month(folder)
    answer = Answer(yes=True)
    report = load_folder(folder, store, sync=True, confirm=answer)
    assert report.ok and report.synced, report.summary()
    [plan] = answer.plans
    people = plan.nodes["Person"]
    assert (people.added, people.changed, people.removed, people.examples) == (1, 1, ["p4"], ["p4 赵强"])
    mentored = plan.relationships[("MENTORED", "Person", "Person")]
    assert (mentored.added, mentored.changed, mentored.removed) == (0, 0, [("p2", "p3", "m2")])
    assert plan.detached == 2  # p4's WORKS_AT and m3 (p3 -> p4) go with p4, counted once
    assert plan.nodes["Region"].removed == [] and plan.nodes["Occupation"].removed == []
    assert report.removed == 4 and "Person" in report.sync and "p4 赵强" in report.sync
    assert store.get_nodes("Person", ["p4"]) == {} and set(store.get_nodes("Person", ["p1", "p2", "p3", "p5"])) == {"p1", "p2", "p3", "p5"}
    assert [n.rel["agreementId"] for n in store.neighbours("Person", ["p1", "p2", "p3"], "MENTORED", Direction.OUT)["p1"]] == ["m1"]
    assert store.counts()["MENTORED"] == 1 and store.counts()["WORKS_AT"] == 4 and store.counts()["CERTIFIED"] == 2
    assert store.get_nodes("Person", ["p2"])["p2"]["phone"] == "13900000002"
    again = Answer(yes=True)
    assert load_folder(folder, store, sync=True, confirm=again).ok  # in step: nothing more to do
    assert again.plans[0].removes == 0 and not any(d.added or d.changed for d in again.plans[0].nodes.values())


def test_a_plan_not_confirmed_or_a_dry_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    assert load_folder(folder, store).ok
    before = snapshot(store)
    next_month(folder)
    declined = load_folder(folder, store, sync=True, confirm=Answer(yes=False))
    assert declined.ok and not declined.written and not declined.synced and declined.sync
    assert "sync not applied: nothing written" in declined.summary()
    assert snapshot(store) == before and store.load_runs()[0].status == NOT_APPLIED
    asked = Answer(yes=True)
    dry = load_folder(folder, store, sync=True, dry_run=True, confirm=asked)
    assert asked.plans == [] and "p4 赵强" in (dry.sync or "") and snapshot(store) == before


def test_sync_never_touches_a_kind_whose_file_is_absent(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    write_table(folder / "achievements.csv", ["成果编号", "成果名称", "成果类型", "第一完成人"],
                [["a1", "焊接工艺改进", "技术革新", "p1"], ["a2", "焊枪夹具", "实用新型专利", "p2"]])
    write_table(folder / "achievement_contributors.csv", ["完成人", "成果编号", "排名"], [["p3", "a1", 2], ["p4", "a2", 2]])
    assert load_folder(folder, store).ok
    monthly = tmp_path / "monthly"
    monthly.mkdir()
    write_table(monthly / "mentorships.csv", MENTORSHIPS[0], [MENTORSHIPS[1][0]])  # only m1 still listed
    write_table(monthly / "achievements.csv", ["成果编号", "成果名称", "成果类型", "第一完成人"], [["a1", "焊接工艺改进", "技术革新", "p1"]])
    answer = Answer(yes=True)
    report = load_folder(monthly, store, sync=True, confirm=answer)
    assert report.ok and report.synced, report.summary()
    assert store.counts()["MENTORED"] == 1 and store.counts()["Person"] == 4  # no people file: nobody removed
    assert store.counts()["Achievement"] == 1 and store.counts()["CONTRIBUTED"] == 2  # a2 went with its two
    assert "CONTRIBUTED Person->Achievement: achievement_contributors also writes it and has no file" in answer.plans[0].skipped
    assert ("CONTRIBUTED", "Person", "Achievement") not in answer.plans[0].relationships


def test_a_taxonomy_row_dropped_from_the_middle_is_rebuilt_from_its_code_not_removed(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    assert load_folder(folder, store).ok
    write_table(folder / "occupations.csv", OCCUPATIONS[0], [r for r in OCCUPATIONS[1] if r[0] != "6-18-02"])
    report = load_folder(folder, store, sync=True)
    assert report.synced and store.get_nodes("Occupation", ["6-18-02"])["6-18-02"]["name"] == "6-18-02"
    assert store.traverse("Occupation", ["6-18-02-04"], "BROADER", Direction.OUT, 5).depth == {
        "6-18-02-04": 0, "6-18-02": 1, "6-18": 2, "6": 3}


def test_under_sync_a_reference_must_be_in_the_folder_as_what_it_does_not_list_goes(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    assert load_folder(folder, store).ok
    write_table(folder / "people.xlsx", PEOPLE[0], PEOPLE[1][:3])  # p4 leaves; mentorship m3 still names p4
    report = load_folder(folder, store, sync=True, confirm=Answer(yes=True))
    assert not report.ok and not report.written and report.sync is None
    assert [(p.file, p.row, p.column) for p in report.errors] == [("mentorships.csv", 4, "徒弟")]
    assert "no Person 'p4' in the folder" in report.errors[0].reason
    with pytest.raises(ValueError, match="--sync needs complete files"):
        load_folder(folder, store, sync=True, skip_invalid=True)


def test_the_cli_asks_and_without_a_terminal_or_yes_only_shows(store: Store, tmp_path: Path,
                                                                request: pytest.FixtureRequest) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    if type(store).__name__ == "Neo4jStore":
        env["NEO4J_URI"] = request.getfixturevalue("neo4j_uri")
    else:
        env["STUDIOGRAPH_DATA_DIR"] = str(tmp_path / "data")
    folder = base_folder(tmp_path / "city")
    subprocess.run([STUDIOGRAPH, "load", str(folder)], env=env, check=True, capture_output=True)
    next_month(folder)
    shown = subprocess.run([STUDIOGRAPH, "load", str(folder), "--sync"], env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
    assert shown.returncode == 5, shown.stdout + shown.stderr
    assert "p4 赵强" in shown.stdout and "not applied: run again with --yes" in shown.stdout
    counts = subprocess.run([STUDIOGRAPH, "counts"], env=env, capture_output=True, text=True, check=True).stdout
    assert '"Person": 4' in counts
    applied = subprocess.run([STUDIOGRAPH, "load", str(folder), "--sync", "--yes"], env=env, capture_output=True, text=True)
    assert applied.returncode == 0 and "4 nodes and relationships removed by --sync" in applied.stdout, applied.stdout
    counts = subprocess.run([STUDIOGRAPH, "counts"], env=env, capture_output=True, text=True, check=True).stdout
    assert '"Person": 4' in counts and '"MENTORED": 1' in counts  # p4 out, p5 in
    listed = subprocess.run([STUDIOGRAPH, "loads"], env=env, capture_output=True, text=True, check=True).stdout
    assert listed.count("sync of") == 2 and NOT_APPLIED in listed


@pytest.mark.parametrize(("tty", "yes", "typed", "applied"), [
    (True, False, "y", True), (True, False, "", False), (True, False, "是", True), (False, False, None, False),
    (False, True, None, True),
])
def test_confirm_asks_only_at_a_terminal_and_yes_skips_the_question(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tty: bool, yes: bool, typed: str | None, applied: bool,
) -> None:
    from loaders.cli import confirm_with
    from loaders.sync import Diff

    class Stdin:
        def isatty(self) -> bool:
            return tty

    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", Stdin())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or typed)
    plan = SyncPlan(nodes={"Person": Diff(added=1, removed=["p4"], examples=["p4 赵强"])}, detached=2)
    assert confirm_with(yes)(plan) is applied
    assert "p4 赵强" in capsys.readouterr().out
    assert asked == (["apply it, removing 3 nodes and relationships? [y/N] "] if tty and not yes else [])


def test_a_scope_is_synced_only_when_every_file_that_writes_it_names_its_ends(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    write_table(folder / "achievements.csv", ["成果编号", "成果名称", "成果类型"], [["a1", "焊接工艺改进", "技术革新"]])
    write_table(folder / "achievement_contributors.csv", ["完成人", "成果编号", "排名"], [["p3", "a1", 2]])
    assert load_folder(folder, store).ok
    store.upsert_relationships("CONTRIBUTED", [{"from": "p1", "to": "a1", "rank": 1}])  # recorded by hand
    answer = Answer(yes=True)
    assert load_folder(folder, store, sync=True, confirm=answer).synced
    [plan] = answer.plans
    assert ("CONTRIBUTED", "Person", "Achievement") not in plan.relationships
    assert plan.skipped == ["PRODUCED_BY Achievement->Studio: achievements.csv has no studio_id column",
                            "CONTRIBUTED Person->Achievement: achievements.csv has no first_id column"]
    assert store.counts()["CONTRIBUTED"] == 2
