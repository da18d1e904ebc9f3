"""The explorer's web app: its pages at `/`, its own scripts and styles, and the few npm files it imports.

The explorer is plain ES modules (no build step): `explorer/index.html` maps the bare imports
(`echarts`, `write-excel-file/browser`, `fflate`) to files under /explorer/vendor, which serves
only the whitelisted parts of `explorer/node_modules` (installed by bin/setup with `npm ci`).
"""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

ROOT = Path(__file__).resolve().parents[1] / "explorer"
MODULES = ROOT / "node_modules"
# What /explorer/vendor/... may serve: these files, or any file under these folders, of node_modules.
VENDOR_ALLOWED = (
    "echarts/dist/echarts.esm.min.mjs",
    "write-excel-file/browser/",
    "write-excel-file/modules/",
    "fflate/esm/browser.js",
)
VENDOR_SUFFIXES = (".js", ".mjs")
# The app's own page paths (the router in js/router.js knows the same ones): each serves index.html.
PAGES = ("/", "/signin", "/search", "/person/{key}", "/studio/{key}", "/organization/{key}", "/achievement/{key}",
         "/gaps", "/mentors", "/risks", "/year", "/quality")
_IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.DOTALL)
NOT_INSTALLED = "the explorer's libraries are not installed: run `bash bin/setup`"


def content_security_policy(index_html: str) -> str:
    """Only this origin: no outside host, no inline script but the import map (by its hash)."""
    found = _IMPORT_MAP.search(index_html)
    digest = b64encode(hashlib.sha256(found.group(1).encode()).digest()).decode() if found else ""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'sha256-{digest}'",
        "style-src 'self' 'unsafe-inline'",  # ECharts positions its tooltips with inline styles
        "img-src 'self' data: blob:",
        "worker-src 'self' blob:",  # fflate zips the .xlsx export in a worker made from a blob
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ])


def vendor_file(path: str) -> Path | None:
    """The node_modules file a vendor path names, when the whitelist allows it; None otherwise."""
    if not path.endswith(VENDOR_SUFFIXES) or not any(
            path == allowed or (allowed.endswith("/") and path.startswith(allowed)) for allowed in VENDOR_ALLOWED):
        return None
    resolved = (MODULES / path).resolve()
    if not resolved.is_relative_to(MODULES.resolve()) or ".." in Path(path).parts:
        return None
    return resolved


async def vendor_asset(request: Request) -> Response:
    path = vendor_file(request.path_params["path"])
    if path is None:
        return PlainTextResponse("not found", 404)
    if not path.is_file():
        return PlainTextResponse(NOT_INSTALLED, 404)
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


def explorer_routes() -> list[BaseRoute]:
    """The explorer's routes, to add to the app's route list."""
    index = (ROOT / "index.html").read_text(encoding="utf-8")
    headers = {"Cache-Control": "no-cache", "Content-Security-Policy": content_security_policy(index),
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

    async def page(request: Request) -> Response:
        return HTMLResponse(index, headers=headers)

    return [
        *(Route(path, page, methods=["GET", "HEAD"]) for path in PAGES),
        Route("/explorer/vendor/{path:path}", vendor_asset, methods=["GET", "HEAD"]),
        Mount("/explorer/js", StaticFiles(directory=ROOT / "js"), name="explorer-js"),
        Mount("/explorer/css", StaticFiles(directory=ROOT / "css"), name="explorer-css"),
    ]
