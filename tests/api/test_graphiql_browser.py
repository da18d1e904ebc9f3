"""GraphiQL in a real (headless Debian) Chromium: it renders from assets this app serves and loads the schema."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time

import pytest

from tests.api.conftest import Live

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is missing: `bash bin/setup` installs Debian's chromium package")
    return found


@pytest.mark.parametrize("live", ["embedded"], indirect=True)
def test_graphiql_renders_in_a_browser_and_fetches_the_schema(live: Live) -> None:
    before = live.server.log.read_text(errors="replace").count('"method": "POST", "path": "/graphql", "status": 200')
    with tempfile.TemporaryDirectory() as profile:
        page = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000",
             "--dump-dom", live.url + "/graphql"],
            capture_output=True, text=True, timeout=120,
        )
    dom = page.stdout
    assert 'class="graphiql-container"' in dom, dom[:2000] or page.stderr[-2000:]
    assert "graphiql-editor" in dom and "Re-fetch GraphQL schema" in dom
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the access log line of GraphiQL's introspection query
        log = live.server.log.read_text(errors="replace")
        if log.count('"method": "POST", "path": "/graphql", "status": 200') > before:
            return
        time.sleep(0.2)
    raise AssertionError("GraphiQL never fetched the schema from /graphql")
