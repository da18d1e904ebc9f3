"""The embedded store's file: a round trip, a refusal of foreign files, and a kill during a save."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph import persist
from graph.embedded import EmbeddedStore
from graph.query import Direction
from tests.graph_fixtures import build_small_graph

ROOT = Path(__file__).resolve().parents[2]


def test_a_saved_store_reopens_with_the_same_answers(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    saved = EmbeddedStore(path)
    build_small_graph(saved)
    reopened = EmbeddedStore(path)
    assert reopened.counts() == saved.counts()
    assert reopened.get_nodes("Person", ["p1"]) == saved.get_nodes("Person", ["p1"])
    lineage = ("Person", ["p1"], "MENTORED", Direction.OUT, 3)
    assert reopened.traverse(*lineage) == saved.traverse(*lineage)


def test_the_file_is_versioned_json_and_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.upsert_nodes("Person", [{"personId": "p1", "name": "王建国"}])
    store.flush()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("studiograph.embedded", 1)
    path.write_text(json.dumps({**document, "version": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="version 99"):
        EmbeddedStore(path)
    path.write_text('{"nodes": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a studiograph embedded store"):
        EmbeddedStore(path)


def test_nothing_is_written_until_flush(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.upsert_nodes("Person", [{"personId": "p1", "name": "王建国"}])
    assert not path.exists()
    store.flush()
    assert EmbeddedStore(path).counts()["Person"] == 1


SAVER = """
import sys
from pathlib import Path
from graph.embedded import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
store.upsert_nodes("Person", [{"personId": f"n{i}", "name": "新" * 200} for i in range(200_000)])
print("saving", flush=True)
store.flush()
print("saved", flush=True)
"""


def test_a_kill_during_a_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    before = EmbeddedStore(path)
    build_small_graph(before)
    original = path.read_bytes()

    saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert saver.stdout is not None and saver.stdout.readline().strip() == "saving"
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".graph.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.001)
    assert list(tmp_path.glob(".graph.json.*.tmp")), "the save never started a temp file"
    saver.send_signal(signal.SIGKILL)
    saver.wait()

    assert path.read_bytes() == original
    assert EmbeddedStore(path).counts() == before.counts()


def test_arrays_given_as_iterators_are_written_as_json_dump_writes_lists(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(persist, "SLICE", 3)  # several slices, one short
    edges = [["Person", f"p{n}", "Studio", "s1", "MEMBER_OF", "", {"since": "2021", "名": "王"}] for n in range(8)]
    payload = {"nodes": iter([]), "edges": iter(edges), "audit": [{"seq": 1}]}
    persist.save_atomic(tmp_path / "streamed.json", payload)
    persist.save_atomic(tmp_path / "listed.json", {"nodes": [], "edges": edges, "audit": [{"seq": 1}]})
    written = (tmp_path / "streamed.json").read_text(encoding="utf-8")
    expected = json.dumps({"format": persist.FORMAT, "version": persist.VERSION, "nodes": [], "edges": edges,
                           "audit": [{"seq": 1}]}, ensure_ascii=False, separators=(",", ":"))
    assert written == expected == (tmp_path / "listed.json").read_text(encoding="utf-8")
    assert persist.load(tmp_path / "streamed.json")["edges"] == edges


def test_a_file_read_a_few_characters_at_a_time_gives_what_it_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Items, numbers and strings cut by the reader's chunks are read whole; an array left unread is skipped."""
    path = tmp_path / "graph.json"
    persist.save_atomic(path, {"nodes": iter([["Person", "p1", {"birthYear": 19830, "name": "王 建国"}], [1.5e3, None, True]]),
                               "edges": iter([]), "skipped": iter([[1, 2], [3]]), "audit": [{"seq": 12345}],
                               "ratio": 12.5e-1, "numbers": iter([12.5, -1e5, 300, 0.25])})  # bare numbers cut too
    whole = json.loads(path.read_text(encoding="utf-8"))
    for chunk in (1, 2, 3, 7, 64):
        monkeypatch.setattr(persist, "CHUNK", chunk)
        assert persist.load(path) == whole
        fields = persist.read(path)
        assert [name for name, _ in fields] == list(whole)  # no array taken: each skipped


def test_a_cut_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    build_small_graph(EmbeddedStore(path))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ValueError, match="graph.json"):
        EmbeddedStore(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="not a studiograph embedded store"):
        EmbeddedStore(path)
