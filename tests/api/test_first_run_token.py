"""First run: with no tokens configured, `serve` on loopback mints an admin token for that process and prints a sign-in link."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.access import Role, Tokens, is_loopback, mint_first_run_token
from tests.api.conftest import Live, free_port
from tests.conftest import ROOT

LINK = re.compile(r"sign in to the explorer at (http://\S+/#token=(\S+))")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_a_loopback_host_without_tokens_gets_an_admin_token_whose_hash_every_worker_inherits(host: str) -> None:
    env: dict[str, str] = {}
    token = mint_first_run_token(host, env)
    assert token and token not in env["STUDIOGRAPH_TOKENS"]
    assert Tokens.from_env(env).role_for(f"Bearer {token}") is Role.ADMIN


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "studiograph.example.org"])
def test_never_on_an_address_other_machines_reach(host: str) -> None:
    assert not is_loopback(host)
    env: dict[str, str] = {}
    assert mint_first_run_token(host, env) is None and env == {}


@pytest.mark.parametrize("configured", [{"STUDIOGRAPH_TOKENS": "planner:" + "0" * 64}, {"STUDIOGRAPH_TOKENS_FILE": "/etc/tokens"}])
def test_never_when_tokens_are_configured(configured: dict[str, str]) -> None:
    env = dict(configured)
    assert mint_first_run_token("127.0.0.1", env) is None and env == configured


def serve(live: Live, host: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("STUDIOGRAPH_TOKENS", "STUDIOGRAPH_TOKENS_FILE", "NEO4J_URI")}
    env.update(live.env, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "studiograph_cli", "serve", "--host", host, "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT), port


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"not ready:\n{log.read_text(errors='replace')[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.parametrize("live", ["neo4j"], indirect=True)  # several workers need Neo4j (api.server.check_workers)
def test_serve_on_loopback_prints_a_sign_in_link_whose_token_is_admin_in_every_worker(live: Live, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process, port = serve(live, "127.0.0.1", 2, log)
    try:
        wait_until_ready(process, f"http://127.0.0.1:{port}", log)
        found = LINK.search(log.read_text(errors="replace"))
        assert found, log.read_text(errors="replace")
        assert found.group(1).startswith(f"http://127.0.0.1:{port}/#token=")
        for _ in range(12):  # a new connection each time, so both workers answer some
            response = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ people(first: 1) { nodes { phone } } }"},
                                  headers={"Authorization": f"Bearer {found.group(2)}"}, timeout=10)
            assert response.status_code == 200 and "errors" not in response.json(), response.text
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
    finally:
        stop(process)


@pytest.mark.parametrize("live", ["embedded"], indirect=True)
def test_serve_on_every_address_prints_no_token(live: Live, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process, port = serve(live, "0.0.0.0", 1, log)
    try:
        wait_until_ready(process, f"http://127.0.0.1:{port}", log)
        text = log.read_text(errors="replace")
        assert "#token=" not in text and "the explorer at" in text
        response = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"},
                              headers={"Authorization": "Bearer anything"}, timeout=10)
        assert response.status_code == 401
    finally:
        stop(process)
