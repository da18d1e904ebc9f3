"""The writing pass's batches: how rows become rounds of chains run at once, a chain's transactions one after another."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.upserts import NodeUpsert, RelUpsert, Upsert
from loaders.load import load_folder
from loaders.write import Batches, Job, Writer

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

WORKS_AT = ("WORKS_AT", "Person", "Organization", False)
LATE = 0.2  # seconds


def batches_of(size: int) -> tuple[Batches, Writer]:
    store = EmbeddedStore()
    store.write_threads = 2  # as Neo4j's: the rounds are what is tested, not the store
    writer = Writer(store)
    return Batches(writer, None, size), writer


def test_groups_a_little_over_a_batch_are_written_in_one_round_not_a_full_one_and_a_scrap() -> None:
    batches, writer = batches_of(100)
    try:
        for i in range(104):
            batches.add_link(WORKS_AT, {"from": f"a{i}", "to": "o1"})
        for i in range(96):
            batches.add_link(WORKS_AT, {"from": f"b{i}", "to": "o2"})
        assert [[len(chain) for chain in chains] for chains in batches.job()] == [[1, 1]]
    finally:
        writer.close()


def test_a_group_of_several_batches_is_split_evenly() -> None:
    batches, writer = batches_of(100)
    try:
        for i in range(260):
            batches.add_link(WORKS_AT, {"from": f"a{i}", "to": "o1"})
        [[chain]] = batches.job()  # one group: one chain of transactions, one after another
        store = EmbeddedStore()
        store.upsert_nodes("Organization", [{"orgId": "o1", "name": "o"}])
        store.upsert_nodes("Person", [{"personId": f"a{i}", "name": "n"} for i in range(260)])
        assert [store.upsert(transaction) for transaction in chain] == [87, 87, 86]
    finally:
        writer.close()



def test_a_small_batch_is_one_transaction_its_nodes_then_its_links_created_then_merged() -> None:
    store = EmbeddedStore()
    store.write_threads = 2
    writer = Writer(store)
    batches = Batches(writer, "Person", 100, new=True)  # a tenth: ten rows in all or fewer
    try:
        people = [{"personId": "p0", "name": "n"}, {"personId": "p1", "name": "n"}]
        for person in people:
            batches.add_node(person)
        batches.add_link(WORKS_AT, {"from": "p0", "to": "o1"})  # to be merged
        batches.add_link(("WORKS_AT", "Person", "Organization", True), {"from": "p1", "to": "o1"})  # to be created
        assert batches.job() == [[[[
            NodeUpsert("Person", people, True),
            RelUpsert("WORKS_AT", [{"from": "p1", "to": "o1"}], "Person", "Organization", True),
            RelUpsert("WORKS_AT", [{"from": "p0", "to": "o1"}], "Person", "Organization", False),
        ]]]]
    finally:
        writer.close()


TESTS = ("TESTS", "Competition", "Occupation", True)
ORGANIZED_BY = ("ORGANIZED_BY", "Competition", "Organization", True)


def competitions(writer: Writer) -> Batches:
    """Twenty competitions by row: ten test o1 and are held by g1, ten test o2 and are held by g2,
    and c20 tests o1 and is held by g2, so would join the two groups."""
    batches = Batches(writer, "Competition", 100, new=True, by_row=True)
    for number in range(21):
        occupation, organizer = ("o1", "g1") if number < 10 else ("o2", "g2") if number < 20 else ("o1", "g2")
        batches.add_node({"competitionId": f"c{number}", "name": "赛"})
        batches.add_link(TESTS, {"from": f"c{number}", "to": occupation})
        batches.add_link(ORGANIZED_BY, {"from": f"c{number}", "to": organizer})
    return batches


def test_a_node_batch_by_row_is_chains_of_whole_rows_that_share_no_far_end() -> None:
    _, writer = batches_of(100)
    try:
        first, later = competitions(writer).job()
        far_ends = []
        for chain in first:
            [[nodes, *links]] = chain  # one transaction: its rows' nodes, then their links
            keys = {node["competitionId"] for node in nodes.rows}
            assert isinstance(nodes, NodeUpsert) and all(isinstance(link, RelUpsert) for link in links)
            assert {link.rel_type for link in links} == {"TESTS", "ORGANIZED_BY"}
            assert all(row["from"] in keys and len(link.rows) == len(keys) for link in links for row in link.rows)
            far_ends.append({row["to"] for link in links for row in link.rows})
        assert sorted(map(sorted, far_ends)) == [["g1", "o1"], ["g2", "o2"]]
        assert later == [[[NodeUpsert("Competition", [{"competitionId": "c20", "name": "赛"}], True),  # a round of its own
                           RelUpsert("TESTS", [{"from": "c20", "to": "o1"}], "Competition", "Occupation", True),
                           RelUpsert("ORGANIZED_BY", [{"from": "c20", "to": "g2"}], "Competition", "Organization", True)]]]
    finally:
        writer.close()


def test_a_node_batch_by_row_writes_every_node_and_link_once() -> None:
    store = EmbeddedStore()
    store.write_threads = 2
    store.upsert_nodes("Occupation", [{"code": code, "name": code} for code in ("o1", "o2")])
    store.upsert_nodes("Organization", [{"orgId": org, "name": org} for org in ("g1", "g2")])
    writer = Writer(store)
    try:
        competitions(writer).flush()
        writer.wait()
    finally:
        writer.close()
    counts = store.counts()
    assert (counts["Competition"], counts["TESTS"], counts["ORGANIZED_BY"]) == (21, 21, 21)


def test_a_batch_by_row_whose_links_join_two_of_its_own_nodes_goes_in_rounds() -> None:
    _, writer = batches_of(100)
    batches = Batches(writer, "Person", 100, by_row=True)
    try:
        for number in range(12):
            batches.add_node({"personId": f"p{number}", "name": "n"})
        for number in range(11):
            batches.add_link(("MENTORED", "Person", "Person", False), {"from": f"p{number}", "to": f"p{number + 1}"})
        nodes, *links = batches.job()
        assert all(isinstance(chain[0][0], NodeUpsert) for chain in nodes)
        assert all(isinstance(write, RelUpsert) for chains in links for chain in chains for t in chain for write in t)
    finally:
        writer.close()


class HeldStore(EmbeddedStore):
    """The embedded store, answering each write only once `answer` is set, as a server over a network does later."""

    write_threads = 2

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def upsert(self, writes: Sequence[Upsert]) -> int:
        self.answer.wait(timeout=10)
        return super().upsert(writes)


def test_a_small_batch_is_written_before_the_builder_goes_on_and_a_large_one_while_it_does() -> None:
    store = HeldStore()
    writer = Writer(store)
    try:
        small = Batches(writer, "Person", 100)  # a tenth: ten rows in all or fewer
        for i in range(10):
            small.add_node({"personId": f"p{i}", "name": "n"})
        answered = threading.Timer(0.1, store.answer.set)
        answered.start()
        small.flush()
        assert store.answer.is_set() and store.counts()["Person"] == 10  # flush returned once it was written
        store.answer.clear()
        large = Batches(writer, "Person", 100)
        for i in range(10, 30):
            large.add_node({"personId": f"p{i}", "name": "n"})
        large.flush()
        assert store.counts()["Person"] == 10  # held by the store while the builder goes on
        store.answer.set()
        writer.wait()
        assert store.counts()["Person"] == 30
    finally:
        store.answer.set()
        writer.close()


def test_a_files_short_last_batch_is_written_before_the_builder_goes_on_and_others_while_it_does() -> None:
    store = HeldStore()
    writer = Writer(store)
    try:
        batches = Batches(writer, "Person", 100)  # more than ten rows written: not small; fifty or fewer: short
        for i in range(30):
            batches.add_node({"personId": f"p{i}", "name": "n"})
        batches.flush()
        assert store.counts()["Person"] == 0  # mid-file: held by the store while the builder goes on
        store.answer.set()
        writer.wait()
        store.answer.clear()
        for i in range(30, 90):  # sixty rows: a last batch, not a short one
            batches.add_node({"personId": f"p{i}", "name": "n"})
        batches.flush(last=True)
        assert store.counts()["Person"] == 30
        store.answer.set()
        writer.wait()
        store.answer.clear()
        for i in range(90, 120):
            batches.add_node({"personId": f"p{i}", "name": "n"})
        answered = threading.Timer(0.1, store.answer.set)
        answered.start()
        batches.flush(last=True)
        assert store.answer.is_set() and store.counts()["Person"] == 120  # flush returned once it was written
    finally:
        store.answer.set()
        writer.close()


def test_each_files_last_batch_is_flushed_as_its_last(monkeypatch: pytest.MonkeyPatch) -> None:
    flushed: list[tuple[str | None, bool]] = []
    flush = Batches.flush

    def watched(batches: Batches, last: bool = False) -> None:
        flushed.append((batches.label, last))
        flush(batches, last)

    monkeypatch.setattr(Batches, "flush", watched)
    report = load_folder(SAMPLE, EmbeddedStore())
    assert report.ok
    lasts = [label for label, last in flushed if last]
    assert len(lasts) == len(report.files)  # one last flush a file, and only one
    assert lasts[0] == "Region" and lasts[-1] is None  # regions.csv first; a file of links last


class LateWriter(Writer):
    """A writer whose thread comes to a job without rows (a file's count) LATE seconds late once a
    batch is written, as when the next file's builder holds the interpreter."""

    def _run(self, job: Job, then: Callable[[], None] | None) -> None:
        if not job and self.finished:
            time.sleep(LATE)
        super()._run(job, then)


def test_a_files_seconds_end_when_its_last_batch_is_written_not_when_the_writer_comes_to_count_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copy(SAMPLE / "regions.csv", tmp_path / "regions.csv")
    monkeypatch.setattr("loaders.load.Writer", LateWriter)
    started = time.perf_counter()
    report = load_folder(tmp_path, EmbeddedStore())
    assert report.ok and time.perf_counter() - started >= LATE  # the load waited for the count
    [regions] = report.files
    assert regions.written > 0 and 0 < regions.seconds < LATE
