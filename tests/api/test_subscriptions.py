"""The auditEvents subscription over graphql-transport-ws, against a real uvicorn: a change made by another client arrives."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.api.conftest import TOKENS, gql
from tests.api.test_mutations import SIGN, Writable, fresh, loners, writable  # noqa: F401  (the fixture)

EVENTS = "subscription($after: Int) { auditEvents(afterSeq: $after) { seq operation objectKey label people } }"


def latest(server: Writable) -> int:
    with server.client("admin") as admin:
        entries = gql(admin, "{ auditLog(first: 1) { entries { seq } } }")["data"]["auditLog"]["entries"]
    return entries[0]["seq"] if entries else 0


async def subscribe(url: str, role: str, after: int) -> Any:
    socket = await connect(url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"])
    payload = {"Authorization": f"Bearer {TOKENS[role]}"} if role in TOKENS else {}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ack["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS, "variables": {"after": after}}}))
    return socket


async def next_entry(socket: Any) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 15))
        if message["type"] == "next":
            return message["payload"]["data"]["auditEvents"]
        assert message["type"] in ("ping", "pong"), message


def test_an_open_page_receives_a_change_made_by_another_client(writable: Writable) -> None:
    master, apprentice = loners(writable)
    agreement, studio = fresh("M"), fresh("S")

    async def scenario() -> tuple[dict, dict, dict]:
        after = latest(writable)
        hr_socket = await subscribe(writable.server.url, "hr", after)
        public_socket = await subscribe(writable.server.url, "public", after)
        await asyncio.sleep(0.3)

        def record() -> None:
            with writable.client("hr") as hr, writable.client("admin") as admin:
                body = gql(hr, SIGN, {"input": {"agreementId": agreement, "masterId": master, "apprenticeId": apprentice,
                                                 "start": "2024-03-01"}})
                assert body["data"]["signMentorship"]["userErrors"] == []
                gql(admin, 'mutation($s: ID!) { nameStudio(input: {studioId: $s, name: "推送工作室"}) { auditSeq } }', {"s": studio})

        await asyncio.to_thread(record)
        seen_by_hr = await next_entry(hr_socket)
        seen_by_hr_next = await next_entry(hr_socket)
        seen_by_public = await next_entry(public_socket)  # the mentorship is not for the public: the studio comes first
        await hr_socket.close()
        await public_socket.close()
        return seen_by_hr, seen_by_hr_next, seen_by_public

    hr_first, hr_second, public_first = asyncio.run(scenario())
    assert (hr_first["operation"], hr_first["objectKey"], hr_first["label"]) == ("signMentorship", agreement, "人事科 王会计")
    assert sorted(hr_first["people"]) == sorted([master, apprentice])
    assert (hr_second["operation"], hr_second["objectKey"]) == ("nameStudio", studio)
    assert public_first == {**hr_second, "label": "", "people": []}


def test_a_wrong_token_is_refused_at_connection_init(writable: Writable) -> None:
    async def scenario() -> int | None:
        socket = await connect(writable.server.url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"])
        await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}}))
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(socket.recv(), 10)
        return socket.close_code

    assert asyncio.run(scenario()) == 4403


def test_a_subscription_over_http_is_refused_with_a_pointer_to_the_socket(writable: Writable) -> None:
    with writable.client("hr") as hr:
        answer = hr.post("/graphql", json={"query": EVENTS}, headers={"Accept": "application/graphql-response+json"})
    assert answer.status_code == 400 and "WebSocket" in answer.json()["errors"][0]["message"]


def test_sockets_past_the_limit_are_closed_at_once(tmp_path) -> None:
    from graph.embedded import EmbeddedStore
    from tests.api.conftest import load_sample, start_server

    store = EmbeddedStore(tmp_path / "graph.json")
    load_sample(store)
    store.close()
    server = start_server({"STUDIOGRAPH_DATA_DIR": str(tmp_path), "STUDIOGRAPH_MAX_SOCKETS": "1"}, tmp_path / "server.log")

    async def scenario() -> int | None:
        first = await subscribe(server.url, "hr", 0)
        second = await connect(server.url.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"])
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(second.recv(), 10)
        await first.close()
        return second.close_code

    try:
        assert asyncio.run(scenario()) == 1013
    finally:
        server.stop()
