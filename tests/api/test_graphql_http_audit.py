"""graphql-http's own audit suite (from npm, run by Node) against the running server: no failure, no warning."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.api.conftest import Live
from tests.conftest import ROOT

AUDIT = ROOT / "tests" / "audit"


def run_audit(url: str) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (AUDIT / "node_modules" / "graphql-http").is_dir():
        pytest.fail("the audit needs Node and tests/audit's npm packages: `bash bin/setup` installs them")
    done = subprocess.run([node, str(AUDIT / "audit.mjs"), url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_the_graphql_over_http_audit_passes_with_no_warning(live: Live) -> None:
    results = run_audit(live.url + "/graphql")
    assert len(results) > 50  # the suite ran (it has about 60 audits)
    not_ok = [(r["name"], r["status"], r["reason"]) for r in results if r["status"] != "ok"]
    assert not_ok == []
