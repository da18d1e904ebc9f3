"""GraphQL over HTTP as its spec says: media types, status codes, GET for queries only, GraphiQL, probes."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.conftest import Live

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
QUERY = "{ studios(first: 1) { totalCount } }"


def post(live: Live, body: object, accept: str | None, content_type: str = JSON) -> httpx.Response:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    with httpx.Client(timeout=30) as client:
        del client.headers["accept"]  # httpx sends */* unless told otherwise
        headers = {"Content-Type": content_type, **({"Accept": accept} if accept is not None else {})}
        return client.post(live.url + "/graphql", content=data, headers=headers)


def media(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (JSON, JSON),
        (None, JSON),
        ("*/*", JSON),  # what fetch and curl send: the spec's SHOULD
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE};q=0.5", JSON),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        ("application/*", JSON),
        (f"*/*, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
    ],
)
def test_the_accept_header_picks_the_media_type(live: Live, accept: str | None, expected: str) -> None:
    response = post(live, {"query": QUERY}, accept)
    assert response.status_code == 200 and media(response) == expected
    assert "charset=utf-8" in response.headers["content-type"]
    assert response.json()["data"]["studios"]["totalCount"] == len(live.store.list_nodes("Studio").items)


@pytest.mark.parametrize("accept", ["text/plain", "application/xml", f"{GRAPHQL_RESPONSE};q=0, {JSON};q=0"])
def test_an_accept_the_server_cannot_meet_is_406(live: Live, accept: str) -> None:
    assert post(live, {"query": QUERY}, accept).status_code == 406


@pytest.mark.parametrize(
    ("body", "variables"),
    [
        ({"query": "{ studios { "}, None),  # does not parse
        ({"query": "{ noSuchField }"}, None),  # does not validate
        ({"query": "query($n: Int!) { studios(first: $n) { totalCount } }"}, {"n": "three"}),  # bad variable
        ({"query": "query($n: Int!) { studios(first: $n) { totalCount } }"}, None),  # missing variable
    ],
)
def test_request_errors_are_400_under_graphql_response_json_and_200_under_json(live: Live, body: dict, variables: dict | None) -> None:
    body = {**body, "variables": variables}
    strict = post(live, body, GRAPHQL_RESPONSE)
    assert strict.status_code == 400 and media(strict) == GRAPHQL_RESPONSE
    assert "data" not in strict.json() and strict.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    legacy = post(live, body, JSON)
    assert legacy.status_code == 200 and legacy.json()["errors"] and legacy.json().get("data") is None


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
def test_a_malformed_http_request_is_4xx_under_either_media_type(live: Live, accept: str) -> None:
    assert post(live, "{not json", accept).status_code == 400
    assert post(live, {"variables": {}}, accept).status_code == 400  # no query
    assert post(live, {"query": QUERY, "variables": [1]}, accept).status_code == 400
    assert post(live, QUERY, accept, content_type="text/plain").status_code == 415


def test_get_serves_queries_and_refuses_mutations_with_405(live: Live) -> None:
    response = httpx.get(live.url + "/graphql", params={"query": QUERY}, headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200 and response.json()["data"]["studios"]["totalCount"] >= 0
    with_variables = httpx.get(live.url + "/graphql", params={
        "query": "query($n: Int) { studios(first: $n) { edges { cursor } } }", "variables": json.dumps({"n": 1})})
    assert with_variables.status_code == 200 and len(with_variables.json()["data"]["studios"]["edges"]) == 1
    mutation = httpx.get(live.url + "/graphql", params={"query": "mutation { anything }"})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    assert httpx.put(live.url + "/graphql", json={"query": QUERY}).status_code == 405


def test_a_browser_gets_graphiql_with_its_scripts_served_here(live: Live) -> None:
    page = httpx.get(live.url + "/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "GraphiQL" in page.text and "https://" not in page.text
    for script in ("react.js", "react-dom.js", "graphiql.js", "graphiql.css"):
        asset = httpx.get(f"{live.url}/graphiql-assets/{script}")
        assert asset.status_code == 200 and len(asset.content) > 10_000, script


def test_probes_and_request_ids(live: Live) -> None:
    assert httpx.get(live.url + "/healthz").json() == {"status": "ok"}
    assert httpx.get(live.url + "/readyz").json() == {"status": "ready"}
    response = httpx.post(live.url + "/graphql", json={"query": QUERY}, headers={"X-Request-ID": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    assert len(httpx.post(live.url + "/graphql", json={"query": QUERY}).headers["x-request-id"]) == 32
