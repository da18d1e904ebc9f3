"""Acknowledged writes survive `kill -9` of `studiograph serve`; several workers over the embedded store are refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from graph import persist
from graph.changelog import log_path
from graph.embedded import EmbeddedStore
from graph.query import Direction
from tests.api.conftest import ROOT, TOKENS_ENV, auth, gql, load_sample, start_server
from tests.api.test_mutations import COMPLETE, SIGN


def test_acknowledged_writes_survive_kill_9_and_the_files_are_whole(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    load_sample(store)
    store.close()
    people = sorted(p["personId"] for p in store.list_nodes("Person").items)
    edges = store.traverse("Person", people, "MENTORED", Direction.OUT, 1).edges
    mentored = {e.target.key for e in edges} | {e.source.key for e in edges}
    free = [p for p in people if p not in mentored][:10]
    env = {"STUDIOGRAPH_DATA_DIR": str(tmp_path)}
    server = start_server(env, tmp_path / "server.log", wait_path="/readyz")
    acknowledged = []
    with httpx.Client(base_url=server.url, headers=auth("hr"), timeout=30) as hr:
        for number, (master, apprentice) in enumerate(zip(free[0::2], free[1::2])):
            agreement = f"K-{number}"
            body = gql(hr, SIGN, {"input": {"agreementId": agreement, "masterId": master, "apprenticeId": apprentice,
                                            "start": "2024-01-01"}})
            assert body["data"]["signMentorship"]["userErrors"] == []
            body = gql(hr, COMPLETE, {"input": {"agreementId": agreement, "end": "2025-01-01", "result": "合格"}})
            assert body["data"]["completeMentorship"]["mentorship"]["status"] == "已出师"
            acknowledged.append(agreement)
    server.process.kill()  # SIGKILL, the moment after the last answer
    server.process.wait()

    persist.load(tmp_path / "graph.json")  # the snapshot is whole
    lines = log_path(tmp_path / "graph.json").read_bytes().splitlines()
    assert len(lines) == 1 + 2 * len(acknowledged) and all(json.loads(line) for line in lines)  # the load's entry first
    restarted = start_server(env, tmp_path / "server2.log", wait_path="/readyz")
    try:
        with httpx.Client(base_url=restarted.url, headers=auth("admin"), timeout=30) as admin:
            for agreement in acknowledged:
                entries = gql(admin, '{ auditLog(objectKey: "%s") { entries { operation } } }' % agreement)
                assert [e["operation"] for e in entries["data"]["auditLog"]["entries"]] == ["completeMentorship", "signMentorship"]
            query = "query($id: ID!) { person(id: $id) { apprentices { agreementId status } } }"
            for master, agreement in zip(free[0::2], acknowledged):
                apprentices = gql(admin, query, {"id": master})["data"]["person"]["apprentices"]
                assert apprentices == [{"agreementId": agreement, "status": "已出师"}]
    finally:
        restarted.stop()


def test_several_workers_over_the_embedded_store_are_refused_with_a_reason(tmp_path: Path) -> None:
    env = {**os.environ, "STUDIOGRAPH_DATA_DIR": str(tmp_path), "STUDIOGRAPH_TOKENS": TOKENS_ENV, "PYTHONPATH": str(ROOT)}
    env.pop("NEO4J_URI", None)
    done = subprocess.run([sys.executable, "-m", "studiograph_cli", "serve", "--workers", "2", "--port", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "--workers 2 needs Neo4j" in done.stderr
