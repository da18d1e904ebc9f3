"""The embedded store's change log: acknowledged changes survive a crash; a torn last line does not spoil the rest."""

from __future__ import annotations

from pathlib import Path

from graph import embedded_writes
from graph.change import AuditQuery
from graph.changelog import log_path
from graph.embedded import EmbeddedStore
from tests.graph.test_writes import complete, mentorship, sign
from tests.graph_fixtures import build_small_graph


def loaded(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    build_small_graph(store)
    store.flush()
    return store


def test_changes_are_in_the_log_at_once_and_replayed_on_open_without_a_save(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = loaded(path)
    saved = path.read_bytes()
    store.apply(complete("m2", key="k1"))
    store.apply(sign("m9", "p5", "p6"))
    assert path.read_bytes() == saved  # no mutation rewrites the snapshot
    reopened = EmbeddedStore(path)  # as after kill -9: the first store never saved
    assert mentorship(reopened, "m2")["status"] == "已出师" and "m9" in reopened.get_relationships("MENTORED", ["m9"])
    assert [e.operation for e in reopened.audit_log(AuditQuery(), 10)] == ["signMentorship", "completeMentorship"]
    assert reopened.apply(complete("m2", key="k1")).replayed  # idempotency keys survive too


def test_a_torn_last_line_is_dropped_and_the_rest_replayed(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = loaded(path)
    store.apply(complete("m2"))
    with log_path(path).open("ab") as log:
        log.write(b'{"entry": {"seq": 2, "at": "2026')  # a crash in the middle of an append
    reopened = EmbeddedStore(path)
    assert mentorship(reopened, "m2")["status"] == "已出师"
    assert log_path(path).read_bytes().endswith(b"\n")
    reopened.apply(sign("m9", "p5", "p6"))  # the next append starts on a line of its own
    assert [e.seq for e in EmbeddedStore(path).audit_log(AuditQuery(), 10)] == [2, 1]


def test_compaction_folds_the_log_into_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(embedded_writes, "COMPACT_EVERY", 2)
    path = tmp_path / "graph.json"
    store = loaded(path)
    store.apply(complete("m2"))
    assert log_path(path).stat().st_size > 0
    store.apply(complete("m4"))
    assert log_path(path).stat().st_size == 0
    reopened = EmbeddedStore(path)
    assert [mentorship(reopened, m)["status"] for m in ("m2", "m4")] == ["已出师", "已出师"]
    assert len(reopened.audit_log(AuditQuery(), 10)) == 2


def test_a_read_that_a_change_overlapped_runs_again_and_sees_it_whole() -> None:
    store = EmbeddedStore()
    build_small_graph(store)
    runs: list[str] = []

    def read(graph: EmbeddedStore) -> str:
        status = mentorship(graph, "m2")["status"]
        if not runs:
            graph.apply(complete("m2"))  # a change applied while this read runs
        runs.append(status)
        return status

    assert store.read_consistently(read) == "已出师"
    assert runs == ["在带", "已出师"]


def test_a_read_failing_on_its_own_is_not_run_again() -> None:
    store = EmbeddedStore()
    calls: list[int] = []

    def read(graph: EmbeddedStore) -> None:
        calls.append(1)
        raise KeyError("no such thing")

    try:
        store.read_consistently(read)
    except KeyError:
        pass
    assert calls == [1]
