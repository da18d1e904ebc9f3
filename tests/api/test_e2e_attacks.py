"""Each request of the hardening probe (issue 8), sent to a running server: refused or answered fast, with a code.

Every attack must be answered within a second, and the server must keep
answering /healthz and other clients while it is under way.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from api.http import MAX_BODY, MAX_JSON_NESTING
from api.limits import Limits
from graph.embedded import EmbeddedStore
from graph.query import Contains, Direction, Related
from tests.api.conftest import Live, Server, auth, codes, load_sample, start_server

FAST = 1.0  # seconds: every attack is answered within this
LIMITS = Limits()


def timed_post(live: Live, body: object, role: str = "public") -> tuple[httpx.Response, float]:
    started = time.monotonic()
    with httpx.Client(timeout=30, headers=auth(role)) as client:
        response = client.post(live.url + "/graphql", json=body)
    return response, time.monotonic() - started


def fragment_doubling(levels: int) -> str:
    """G0 spreads G1 twice, G1 spreads G2 twice ...: 2^levels spreads of the last fragment when expanded."""
    chain = " ".join(f"fragment G{i} on Query {{ ...G{i + 1} ...G{i + 1} }}" for i in range(levels))
    return f"{{ ...G0 }} {chain} fragment G{levels} on Query {{ people(first: 100) {{ nodes {{ name }} }} }}"


def test_the_exponential_fragment_walk_is_refused_at_once_and_health_keeps_answering(live: Live) -> None:
    answers: list[tuple[httpx.Response, float]] = []
    attack = threading.Thread(target=lambda: answers.append(timed_post(live, {"query": fragment_doubling(60)})))
    attack.start()
    health = httpx.get(live.url + "/healthz", timeout=FAST)
    attack.join(10)
    assert health.status_code == 200
    response, seconds = answers[0]
    assert seconds < FAST and codes(response.json()) == ["LIMIT_EXCEEDED"]
    assert response.json()["errors"][0]["extensions"]["limit"] in ("aliases", "fields", "estimated nodes")


def test_a_fragment_walk_past_json_integers_is_refused_naming_its_exact_size(live: Live) -> None:
    response, seconds = timed_post(live, {"query": fragment_doubling(60)})
    error = response.json()["errors"][0]
    assert seconds < FAST and error["extensions"]["limit"] == "fields" and "requested" not in error["extensions"]
    assert f"{3 * 2 ** 60} > {LIMITS.max_fields}" in error["message"]  # people, nodes, name in each of 2^60 spreads


def test_aliases_inside_a_fragment_count_each_time_it_is_spread(live: Live) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(10))
    query = "{ ...A ...B } fragment A on Query { ...F } fragment B on Query { ...F } fragment F on Query { " + aliases + " }"
    response, seconds = timed_post(live, {"query": query.replace("...B", "...B ...C ...D") + "".join(
        f" fragment {name} on Query {{ ...F }}" for name in "CD")})
    error = response.json()["errors"][0]
    assert seconds < FAST and error["extensions"]["limit"] == "aliases"
    assert error["extensions"]["requested"] == 40 and error["extensions"]["maximum"] == LIMITS.max_aliases


def test_fan_out_through_unpaged_relationships_is_refused_with_its_estimate(live: Live) -> None:
    organization = live.store.list_nodes("Organization", first=1).items[0]["orgId"]
    query = """query($id: ID!) { organization(id: $id) { employees { organization { employees { organization {
        employees { person { name } } } } } } } }"""
    response, seconds = timed_post(live, {"query": query, "variables": {"id": organization}}, "planner")
    error = response.json()["errors"][0]
    assert seconds < FAST and error["extensions"]["limit"] == "estimated nodes"
    assert error["extensions"]["requested"] == 100 + 100 ** 2 + 100 ** 3
    assert f"{100 + 100 ** 2 + 100 ** 3} > {LIMITS.max_nodes}" in error["message"]


def test_a_relationship_filter_many_hops_deep_is_refused_as_literal_and_as_variable(live: Live) -> None:
    where = {"employees": {"employer": {"employees": {"employer": {"employees": {"name": {"eq": "x"}}}}}}}
    literal = "{ organizations(where: " + json.dumps(where).replace('"', "").replace("x", '"x"') + ") { totalCount } }"
    as_variable = "query($w: OrganizationWhere) { organizations(where: $w) { totalCount } }"
    for body in ({"query": literal}, {"query": as_variable, "variables": {"w": where}}):
        response, seconds = timed_post(live, body, "planner")
        error = response.json()["errors"][0]
        assert seconds < FAST and error["extensions"]["limit"] == "filter hops", error
        assert error["extensions"]["requested"] == 5


def test_a_filter_at_the_hop_limit_still_answers(live: Live) -> None:
    query = '{ organizations(where: { employees: { studios: { name: { contains: "工" } } } }) { totalCount } }'
    response, _ = timed_post(live, {"query": query}, "planner")
    studios = Related("MEMBER_OF", Direction.OUT, Contains("name", "工"))
    expected = live.store.list_nodes("Organization", Related("WORKS_AT", Direction.IN, studios), with_total=True).total
    assert response.json() == {"data": {"organizations": {"totalCount": expected}}}


@pytest.mark.parametrize("nested", ["[" * 10_000 + "]" * 10_000, '{"not": ' * 980 + "{}" + "}" * 980])
def test_deeply_nested_variables_are_400_bad_user_input(live: Live, nested: str) -> None:
    query = json.dumps("query($w: StudioWhere) { studios(where: $w) { totalCount } }")
    text = f'{{"query": {query}, "variables": {{"w": {nested}}}}}'
    started = time.monotonic()
    response = httpx.post(live.url + "/graphql", content=text, headers={"Content-Type": "application/json"}, timeout=30)
    assert time.monotonic() - started < FAST
    assert response.status_code == 400 and codes(response.json()) == ["BAD_USER_INPUT"]
    assert f"more than {MAX_JSON_NESTING} deep" in response.json()["errors"][0]["message"]


def test_filter_nesting_within_the_json_bound_is_refused_by_the_filter_depth_limit(live: Live) -> None:
    where = json.loads('{"not": ' * 20 + "{}" + "}" * 20)
    response, _ = timed_post(live, {"query": "query($w: StudioWhere) { studios(where: $w) { totalCount } }",
                                    "variables": {"w": where}})
    assert response.json()["errors"][0]["extensions"]["limit"] == "filter depth"


def test_an_operation_name_that_names_nothing_is_400(live: Live) -> None:
    response, _ = timed_post(live, {"query": "query A { studios { totalCount } }", "operationName": "B"})
    assert response.status_code == 400 and codes(response.json()) == ["BAD_USER_INPUT"]
    assert "'B' names no operation" in response.json()["errors"][0]["message"]
    two = {"query": "query A { studios { totalCount } } query B { studios { totalCount } }"}
    assert timed_post(live, two)[0].status_code == 400


@pytest.mark.parametrize("cursor", ["b2Zmc2V0OsKy", "b2Zmc2V0Oi0x", "offset:1", "é"])
def test_crafted_cursors_are_bad_user_input(live: Live, cursor: str) -> None:
    response, _ = timed_post(live, {"query": f'{{ studios(after: "{cursor}") {{ totalCount }} }}'})
    assert codes(response.json()) == ["BAD_USER_INPUT"]


def test_a_cursor_with_a_5000_digit_offset_is_bad_user_input(live: Live) -> None:
    import base64

    cursor = base64.b64encode(("offset:" + "9" * 5000).encode()).decode()
    response, seconds = timed_post(live, {"query": f'{{ studios(after: "{cursor}") {{ totalCount }} }}'})
    assert seconds < FAST and codes(response.json()) == ["BAD_USER_INPUT"]


def test_a_declared_oversized_body_is_413_before_it_is_read(live: Live) -> None:
    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 200000000\r\n\r\n{")
        status = connection.recv(200).split(b" ")[1]
    assert status == b"413"


def test_an_undeclared_oversized_body_is_413_once_it_passes_the_cap(live: Live) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(4 * MAX_BODY // 65536):
            yield b" " * 65536

    response = httpx.post(live.url + "/graphql", content=chunks(), headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413 and codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with one request slot, no queue and a one-second body timeout (admission is the same on either store)."""
    folder = tmp_path_factory.mktemp("tight")
    store = EmbeddedStore(folder / "graph.json")
    load_sample(store)
    store.flush()
    env = {"STUDIOGRAPH_DATA_DIR": str(folder), "STUDIOGRAPH_MAX_CONCURRENT": "1", "STUDIOGRAPH_MAX_QUEUED": "0",
           "STUDIOGRAPH_BODY_TIMEOUT": "1"}
    server = start_server(env, folder / "server.log", wait_path="/readyz")
    yield server
    server.stop()


def stalled_body(server: Server) -> socket.socket:
    """A connection that promised a body and sends only its first byte."""
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=10)
    connection.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    return connection


def test_a_stalled_body_times_out_with_408(tight: Server) -> None:
    started = time.monotonic()
    with stalled_body(tight) as connection:
        status = connection.recv(200).split(b" ")[1]
    assert status == b"408" and time.monotonic() - started < 3


def test_when_every_slot_is_taken_others_get_503_with_retry_after_and_health_answers(tight: Server) -> None:
    with stalled_body(tight) as connection:
        time.sleep(0.2)  # the stalled request holds the only slot until its body times out
        busy = httpx.post(tight.url + "/graphql", json={"query": "{ studios { totalCount } }"}, timeout=5)
        health = httpx.get(tight.url + "/healthz", timeout=FAST)
        connection.recv(200)
    assert busy.status_code == 503 and busy.headers["retry-after"] == "1" and codes(busy.json()) == ["BUSY"]
    assert health.status_code == 200
    after = httpx.post(tight.url + "/graphql", json={"query": "{ studios { totalCount } }"}, timeout=5)
    assert after.status_code == 200


def test_a_client_that_goes_away_is_not_a_500_in_the_access_log(tight: Server) -> None:
    connection = stalled_body(tight)
    time.sleep(0.2)
    connection.close()
    time.sleep(0.5)
    lines = [json.loads(line) for line in tight.log.read_text(errors="replace").splitlines() if line.startswith("{")]
    statuses = [line.get("status") for line in lines if line.get("path") == "/graphql"]
    assert statuses and 500 not in statuses
    assert "Traceback" not in tight.log.read_text(errors="replace")


def test_metrics_count_requests_and_refusals_in_the_prometheus_format(live: Live) -> None:
    timed_post(live, {"query": fragment_doubling(20)})
    timed_post(live, {"query": "{ studios(first: 1) { totalCount } }"})
    text = httpx.get(live.url + "/metrics", timeout=5).text
    assert 'studiograph_graphql_requests_total{operation="query:studios",role="public",status="200"}' in text
    refusals = [line for line in text.splitlines() if line.startswith("studiograph_limit_refusals_total{")]
    assert refusals and all(float(line.rsplit(" ", 1)[1]) >= 1 for line in refusals)
    assert "studiograph_store_call_seconds_bucket" in text and "studiograph_requests_in_flight" in text
