"""What only the Neo4j store does: its schema, its error translation, its async path."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

import neo4j
import pytest

from graph import checks, cypher
from graph.async_store import AsyncStore
from graph.embedded import EmbeddedStore
from graph.errors import ConstraintViolation, StoreUnavailable
from graph.model import NODES
from graph.neo4j_store import AsyncNeo4jReader, Neo4jStore, _schema_name, schema_statements
from graph.query import Direction, Order, Range
from graph.upserts import NodeUpsert
from tests.graph_fixtures import build_small_graph


def test_setup_creates_a_key_constraint_per_label_and_is_idempotent(neo4j_store: Neo4jStore) -> None:
    neo4j_store.setup_schema()
    neo4j_store.setup_schema()
    constraints = neo4j_store.run_read(lambda: _rows("SHOW CONSTRAINTS YIELD labelsOrTypes, properties"))
    assert {(c["labelsOrTypes"][0], c["properties"][0]) for c in constraints} >= {(n.label, n.key.name) for n in NODES}
    indexes = neo4j_store.run_read(lambda: _rows("SHOW INDEXES YIELD type, labelsOrTypes, properties WHERE type = 'TEXT'"))
    assert ("Person", "name") in {(i["labelsOrTypes"][0], i["properties"][0]) for i in indexes}


def test_setup_finds_by_name_every_constraint_and_index_it_creates(neo4j_store: Neo4jStore) -> None:
    neo4j_store.setup_schema()
    named = {r["name"] for r in neo4j_store.run_read(lambda: _rows("SHOW INDEXES YIELD name"))}
    named |= {r["name"] for r in neo4j_store.run_read(lambda: _rows("SHOW CONSTRAINTS YIELD name"))}
    statements = schema_statements()
    assert {_schema_name(s) for s in statements} <= named and len({_schema_name(s) for s in statements}) == len(statements)


def plan_operators(uri: str, query: str, params: dict) -> list[str]:
    """The operators of the plan Neo4j makes for `query` (EXPLAIN: nothing runs)."""
    with neo4j.GraphDatabase.driver(uri) as driver, driver.session() as session:
        plan = session.run(f"EXPLAIN {query}", params).consume().plan
    found, stack = [], [plan]
    while stack:
        step = stack.pop()
        found.append(step["operatorType"].split("@")[0])
        stack.extend(step.get("children", []))
    return found


@pytest.mark.parametrize("descending", [False, True])
def test_a_page_ordered_by_a_sorting_property_reads_its_index_in_order(
    neo4j_store: Neo4jStore, neo4j_uri: str, descending: bool,
) -> None:
    build_small_graph(neo4j_store)
    plan = cypher.list_nodes("Person", Range("birthYear", gte=1975), [Order("name", descending)], 50, 0, False)
    query, params = next(plan)
    operators = plan_operators(neo4j_uri, query, params)
    assert any(op.startswith("NodeIndexScan") for op in operators), operators
    assert not {"Sort", "Top"} & set(operators), operators  # only PartialSort / PartialTop for the key tie-break


def test_a_constraint_violation_is_a_clear_error(neo4j_store: Neo4jStore) -> None:
    neo4j_store.upsert_nodes("Person", [{"personId": "p1", "name": "王建国"}])
    duplicate = lambda: _rows("CREATE (:Person {personId: 'p1', name: '重复'})")  # noqa: E731
    with pytest.raises(ConstraintViolation, match="personId"):
        neo4j_store._write(duplicate)
    assert neo4j_store.counts()["Person"] == 1


def test_an_unreachable_server_is_a_clear_error_naming_it() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Neo4jStore(f"bolt://127.0.0.1:{port}")
    with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port}"):
        store.counts()
    store.close()


def test_the_async_path_answers_as_the_sync_store_does(neo4j_store: Neo4jStore, neo4j_uri: str) -> None:
    build_small_graph(neo4j_store)
    embedded = EmbeddedStore()
    build_small_graph(embedded)

    async def ask(async_store: AsyncStore) -> tuple:
        try:
            return (
                await async_store.neighbours("Person", ["p1", "p4"], "MENTORED", Direction.OUT),
                await async_store.list_nodes("Person", order_by=[Order("birthYear")], first=3, with_total=True),
                await async_store.traverse("Person", ["p5"], "MENTORED", Direction.IN, 4),
            )
        finally:
            await async_store.close()

    sync_answer = (
        neo4j_store.neighbours("Person", ["p1", "p4"], "MENTORED", Direction.OUT),
        neo4j_store.list_nodes("Person", order_by=[Order("birthYear")], first=3, with_total=True),
        neo4j_store.traverse("Person", ["p5"], "MENTORED", Direction.IN, 4),
    )
    assert asyncio.run(ask(AsyncStore(AsyncNeo4jReader(neo4j_uri)))) == sync_answer
    assert asyncio.run(ask(AsyncStore(embedded))) == sync_answer


def _rows(query: str) -> cypher.Plan[list[dict]]:
    records = yield (query, {})
    return records


def test_two_writes_that_deadlock_are_both_written_after_an_immediate_retry(neo4j_store: Neo4jStore) -> None:
    """Two transactions take two people's locks in opposite orders; Neo4j kills one, which runs again at once."""
    neo4j_store.upsert_nodes("Person", [{"personId": "a", "name": "甲"}, {"personId": "b", "name": "乙"}])
    both_hold_one = threading.Barrier(2, timeout=30)
    retried_before = neo4j_store.deadlocks_retried
    first_attempt = {"a": True, "b": True}

    def lock_both(first: str, second: str, mark: str) -> Any:
        """A plan: set a property on `first`, wait (on the first attempt) until the other holds its own, then `second`."""
        yield ("MATCH (p:Person {personId: $key}) SET p.note = $mark RETURN p.personId AS key", {"key": first, "mark": mark})
        if first_attempt[first]:
            first_attempt[first] = False
            both_hold_one.wait()
        yield ("MATCH (p:Person {personId: $key}) SET p.note = $mark RETURN p.personId AS key", {"key": second, "mark": mark})
        return mark

    results: dict[str, Any] = {}

    def run(first: str, second: str) -> None:
        results[first] = neo4j_store._write(lambda: lock_both(first, second, f"{first}{second}"))

    threads = [threading.Thread(target=run, args=pair) for pair in (("a", "b"), ("b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == {"a": "ab", "b": "ba"}  # both committed in the end
    assert neo4j_store.deadlocks_retried > retried_before  # one was chosen as the deadlock's victim and ran again at once
    notes = {key: p["note"] for key, p in neo4j_store.get_nodes("Person", ["a", "b"]).items()}
    assert notes in ({"a": "ab", "b": "ab"}, {"a": "ba", "b": "ba"})  # the one that ran last wrote both


def test_prepare_checks_the_rows_ahead_so_the_transaction_does_not(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked: list[int] = []
    check = checks.check_nodes
    monkeypatch.setattr(checks, "check_nodes", lambda node, rows: checked.append(len(rows)) or check(node, rows))
    writes = [NodeUpsert("Person", [{"personId": "p1", "name": "王建国"}, {"personId": "p2", "name": "李娜"}])]
    neo4j_store.prepare(writes)
    assert checked == [2] and neo4j_store.counts()["Person"] == 0
    assert neo4j_store.upsert(writes) == 2
    assert checked == [2]  # not checked again in the transaction


def test_a_write_hands_the_driver_its_rows_as_sent_but_never_formats_them_for_its_log(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The driver formats each RUN's parameters for its debug log even when the log is off (neo4j 6.4)."""
    handed: list[dict[str, Any]] = []
    run = neo4j.Transaction.run
    monkeypatch.setattr(neo4j.Transaction, "run",
                        lambda tx, query, parameters=None, **kw: handed.append(parameters) or run(tx, query, parameters, **kw))
    rows = [{"personId": f"p{n}", "name": f"名{n}"} for n in range(2000)]
    assert neo4j_store.upsert([NodeUpsert("Person", rows)]) == 2000
    lists = [value for params in handed for value in params.values() if isinstance(value, list)]
    assert [len(value) for value in lists] == [2000]  # the rows, a list as given
    assert len(repr(handed)) < 200  # but not the 2,000 rows' text
    assert neo4j_store.get_nodes("Person", ["p1999"])["p1999"]["name"] == "名1999"
