"""The explorer's routes: its pages at their URLs, only whitelisted npm files, and a policy that keeps pages on this host."""

from __future__ import annotations

import re

from collections.abc import Iterator

import httpx
import pytest

from api.explorer import PAGES, ROOT, content_security_policy, vendor_file
from tests.api.conftest import Live


@pytest.fixture
def client(live: Live) -> Iterator[httpx.Client]:
    with live.client() as opened:
        yield opened


EMBEDDED = pytest.mark.parametrize("live", ["embedded"], indirect=True)


@EMBEDDED
@pytest.mark.parametrize("path", ["/", "/search?q=王", "/person/P0000001", "/studio/S00001", "/gaps?year=2024", "/year", "/quality"])
def test_each_page_url_serves_the_app(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and '<script type="module" src="/explorer/js/main.js">' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_the_router_knows_the_same_page_urls_as_the_server() -> None:
    router = (ROOT / "js" / "router.js").read_text(encoding="utf-8")
    in_router = {pattern.replace(":key", "{key}") for pattern in re.findall(r'\["(/[^"]*)", "\w+"\]', router)}
    assert in_router == set(PAGES)


def test_the_page_references_no_other_host() -> None:
    for path in [ROOT / "index.html", *ROOT.glob("js/**/*.js"), *ROOT.glob("css/*.css")]:
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path


def test_the_import_map_is_allowed_by_its_hash_and_nothing_else_inline() -> None:
    policy = content_security_policy((ROOT / "index.html").read_text(encoding="utf-8"))
    script = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert re.fullmatch(r"script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'", script)


@EMBEDDED
@pytest.mark.parametrize("path", ["/explorer/js/main.js", "/explorer/css/explorer.css",
                                  "/explorer/vendor/echarts/dist/echarts.esm.min.mjs",
                                  "/explorer/vendor/write-excel-file/browser/index.js", "/explorer/vendor/fflate/esm/browser.js"])
def test_the_app_and_its_libraries_are_served(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.text[:200]}"
    if path.endswith(("js", "mjs")):
        assert "javascript" in response.headers["content-type"]


@EMBEDDED
@pytest.mark.parametrize("path", ["echarts/package.json", "echarts/dist/echarts.js", "fflate/lib/index.cjs",
                                  "write-excel-file/modules/../../echarts/index.js", "write-excel-file/modules/../package.json",
                                  "../../api/auth.py", "write-excel-file/browser/%2e%2e/package.json"])
def test_nothing_else_of_node_modules_is_served(client: httpx.Client, path: str) -> None:
    assert vendor_file(path) is None
    assert client.get(f"/explorer/vendor/{path}").status_code == 404


@EMBEDDED
def test_static_files_do_not_leave_their_folder(client: httpx.Client) -> None:
    assert client.get("/explorer/js/../../api/auth.py").status_code == 404
    assert client.get("/explorer/js/%2e%2e/%2e%2e/pyproject.toml").status_code == 404
