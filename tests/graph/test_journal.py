"""The load journal in the store contract: both stores keep LoadRun records apart from the domain graph."""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.journal import LOADED, LoadRun
from graph.store import Store


def run(run_id: str, started: str, **changes: object) -> LoadRun:
    record = LoadRun(run_id, "/data/2024-03", "clerk", "host-a", 4242, started,
                     files=[{"file": "people.csv", "sheet": None, "kind": "people", "sha256": "ab" * 32}])
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def test_records_are_kept_rewritten_by_id_and_listed_newest_first(store: Store) -> None:
    store.setup_schema()
    first = run("r1", "2026-03-01T09:00:00+00:00")
    store.record_load(first)
    store.record_load(run("r2", "2026-03-02T09:00:00+00:00"))
    first.status, first.finished = LOADED, "2026-03-01T09:05:00+00:00"
    first.files[0].update(rows=12, written=12)
    store.record_load(first)
    runs = store.load_runs()
    assert [r.run_id for r in runs] == ["r2", "r1"]
    assert runs[1] == first and runs[1].files[0]["rows"] == 12 and runs[1].files[0]["sheet"] is None
    assert runs[0].incomplete and not runs[1].incomplete


def test_the_journal_is_no_part_of_the_domain_graph(store: Store) -> None:
    store.setup_schema()
    store.record_load(run("r1", "2026-03-01T09:00:00+00:00"))
    assert set(store.counts().values()) == {0}
    assert store.search("clerk", ["Person", "Studio"], 10) == []
    store.clear()
    assert store.load_runs() == []


def test_the_embedded_journal_survives_a_reopen_without_a_flush(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    store.record_load(run("r1", "2026-03-01T09:00:00+00:00"))  # durable at once: the process may die next
    again = EmbeddedStore(tmp_path / "graph.json")
    assert [r.run_id for r in again.load_runs()] == ["r1"] and not (tmp_path / "graph.json").exists()
