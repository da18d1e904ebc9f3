"""GraphiQL for a browser, with its scripts served from this app (installed by bin/setup from npm): no CDN."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

MODULES = Path(__file__).parent / "graphiql" / "node_modules"
ASSETS: dict[str, Path] = {
    "react.js": MODULES / "react" / "umd" / "react.production.min.js",
    "react-dom.js": MODULES / "react-dom" / "umd" / "react-dom.production.min.js",
    "graphiql.js": MODULES / "graphiql" / "graphiql.min.js",
    "graphiql.css": MODULES / "graphiql" / "graphiql.min.css",
}
ASSET_PATH = "/graphiql-assets"

EXAMPLE = """# studiograph: studios, craftsmen, masters and apprentices.
# Public access shows studios and achievements; send `Authorization: Bearer <token>`
# in the Headers tab for people (planner), personal data (hr).
{
  studios(first: 5, orderBy: [{field: NAMED_YEAR, direction: DESC}]) {
    totalCount
    edges { node { name level namedYear totalBenefitWanYuan host { name } } }
  }
}
"""

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>studiograph GraphiQL</title>
  <link rel="stylesheet" href="{assets}/graphiql.css">
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{assets}/react.js"></script>
  <script src="{assets}/react-dom.js"></script>
  <script src="{assets}/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: {endpoint} }});
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{ fetcher, defaultQuery: {example}, isHeadersEditorEnabled: true }})
    );
  </script>
</body>
</html>
"""


def graphiql_page(endpoint: str) -> str:
    return PAGE.format(assets=ASSET_PATH, endpoint=js_string(endpoint), example=js_string(EXAMPLE))


def js_string(text: str) -> str:
    """A JavaScript string literal safe inside a <script> element."""
    return json.dumps(text).replace("</", "<\\/")


async def graphiql_asset(request: Request) -> Response:
    path = ASSETS.get(request.path_params["name"])
    if path is None:
        return PlainTextResponse("not found", 404)
    if not path.exists():
        return PlainTextResponse("GraphiQL's scripts are not installed: run `bash bin/setup`", 404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
