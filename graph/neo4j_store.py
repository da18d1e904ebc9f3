"""The Neo4j store: graph.cypher's plans run on the driver, sync and async.

The sync store (loaders, analytics, tests) runs each plan in a managed transaction
(`execute_write`, `execute_read`), which the driver retries on transient failures
and a cluster (neo4j://) routes to the right members. The API's async reader runs
each query as an auto-commit read, one round trip, retried once when retryable.
Driver errors become the store's own errors, naming what failed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from graph import cypher, journal, write_cypher
from graph.change import Applied, AuditEntry, AuditQuery, Change
from graph.errors import ConstraintViolation, StoreTimeout, StoreUnavailable
from graph.query import (
    Branch, Direction, Edge, Filter, Neighbour, NeighbourPage, NodeRef, Order, Page, Path, Traversal, Tree,
)
from graph.upserts import Row, SingleUpserts, Upsert

T = TypeVar("T")
# Optional properties are often absent from real data; Neo4j's "property does not exist" notices are noise.
DRIVER_OPTIONS: dict[str, Any] = {"notifications_disabled_classifications": ["UNRECOGNIZED"]}
PlanFactory = Callable[[], cypher.Plan[T]]
DEADLOCK_RETRIES = 5  # at once, before the driver's retry with its back-off


@contextmanager
def _translated_errors(uri: str) -> Iterator[None]:
    try:
        yield
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as error:
        raise StoreUnavailable(f"Neo4j at {uri} cannot be reached: {error}") from error
    except neo4j_errors.AuthError as error:
        raise StoreUnavailable(f"Neo4j at {uri} refused the credentials: {error.message}") from error
    except neo4j_errors.ConstraintError as error:
        raise ConstraintViolation(f"Neo4j refused a write: {error.message}") from error
    except neo4j_errors.ClientError as error:
        if "TransactionTimedOut" in (error.code or ""):
            raise StoreTimeout(f"Neo4j stopped the query at its deadline: {error.message}") from error
        raise


class _Rows(list):  # type: ignore[type-arg]
    """A list parameter, sent as it is, whose repr is only its length.

    The driver formats every RUN's parameters for its debug log before the log is asked whether
    it is on (neo4j 6.4, Bolt5x5.run): 11 ms for 5,000 people's rows, the interpreter held all the
    while; a statement of them took 43.1 ms, and 30.7 ms handed over so (benchmarks/driver_params.py).
    """

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


def params_for_driver(params: dict[str, Any]) -> dict[str, Any]:
    """The plan's parameters, their lists not formatted for the driver's debug log (_Rows)."""
    return {name: _Rows(value) if type(value) is list else value for name, value in params.items()}


def _drive(tx: neo4j.ManagedTransaction | neo4j.Transaction, plan: cypher.Plan[T]) -> T:
    """Run a plan's queries in one transaction, sending each query's records back to it."""
    try:
        query, params = next(plan)
        while True:
            records = tx.run(query, params_for_driver(params)).data()
            query, params = plan.send(records)
    except StopIteration as done:
        return done.value


async def _drive_auto_commit(session: neo4j.AsyncSession, plan: cypher.Plan[T], timeout: float | None) -> T:
    """Run a plan's queries one by one, each an auto-commit read stopped by the server after `timeout` seconds."""
    try:
        query, params = next(plan)
        while True:
            result = await session.run(neo4j.Query(query, timeout=_positive(timeout)), params_for_driver(params))
            query, params = plan.send(await result.data())
    except StopIteration as done:
        return done.value


async def _drive_async(tx: neo4j.AsyncManagedTransaction, plan: cypher.Plan[T]) -> T:
    """Run a plan's queries in one transaction (a write), sending each query's records back to it."""
    try:
        query, params = next(plan)
        while True:
            result = await tx.run(query, params_for_driver(params))
            query, params = plan.send(await result.data())
    except StopIteration as done:
        return done.value


def schema_statements() -> list[str]:
    """Every constraint and index the store keeps: the graph's, the writes' and the load journal's."""
    return [*cypher.schema_statements(), *write_cypher.schema_statements(), *journal.schema_statements()]


def _schema_name(statement: str) -> str:
    """The name a CREATE ... IF NOT EXISTS statement gives its constraint or index."""
    return statement.split(" IF NOT EXISTS")[0].split()[-1]


def _positive(timeout: float | None) -> float | None:
    """A timeout the driver accepts: a deadline already passed still gets a moment, and the server stops it."""
    return None if timeout is None else max(timeout, 0.001)


class Neo4jStore(SingleUpserts):
    """The store contract over a Neo4j server, for loaders, analytics and tests."""

    write_threads = 2  # the driver is thread-safe and the server runs transactions on its own threads

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        self.uri = uri
        self.database = database
        self.deadlocks_retried = 0  # write transactions run again at once after a deadlock (see `_write`)
        auth = (user, password or "") if user else None
        self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS)

    def _read(self, plan: PlanFactory[T]) -> T:
        with _translated_errors(self.uri), self._driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: _drive(tx, plan()))

    def _write(self, plan: PlanFactory[T]) -> T:
        """Run a write plan in one transaction.

        A deadlock (two of the loader's parallel batches meeting on one relationship
        chain, say) is retried at once, a few times, with a fresh plan: the driver's own
        retry waits a second first. Anything else transient is left to that retry, except
        a commit whose answer was lost, which is raised (StoreUnavailable): it may have
        been written, and a plan that creates must not run twice.
        """
        with _translated_errors(self.uri), self._driver.session(database=self.database) as session:
            for attempt in range(DEADLOCK_RETRIES):
                try:
                    with session.begin_transaction() as tx:
                        done = _drive(tx, plan())
                        tx.commit()
                        return done
                except neo4j_errors.TransientError as error:
                    if "DeadlockDetected" not in (error.code or ""):
                        break
                    self.deadlocks_retried += 1
                    time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
                except neo4j_errors.IncompleteCommit:
                    raise  # it may have committed: a retried CREATE would write its rows twice
                except (neo4j_errors.SessionExpired, neo4j_errors.ServiceUnavailable):
                    break
            return session.execute_write(lambda tx: _drive(tx, plan()))

    def setup_schema(self) -> None:
        """Each constraint or index not there by name is created: three queries, not 45, when all are (every load)."""
        with _translated_errors(self.uri), self._driver.session(database=self.database) as session:
            present = {record["name"] for record in session.run("SHOW INDEXES YIELD name")}
            present |= {record["name"] for record in session.run("SHOW CONSTRAINTS YIELD name")}
            for statement in schema_statements():
                if _schema_name(statement) not in present:
                    session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()

    def upsert(self, writes: Sequence[Upsert]) -> int:
        return self._write(lambda: cypher.upserts(writes))

    def prepare(self, writes: Sequence[Upsert]) -> None:
        """Each write's rows checked and grouped into its statements' parameters (Upsert.groups), kept on the write."""
        for write in writes:
            write.groups  # checked now, kept on the write for its transaction

    def remove_nodes(self, label: str, keys: Sequence[str]) -> int:
        return self._write(lambda: cypher.remove_nodes(label, keys))

    def remove_relationships(
        self, rel_type: str, rows: Sequence[Row], from_label: str | None = None, to_label: str | None = None
    ) -> int:
        return self._write(lambda: cypher.remove_relationships(rel_type, rows, from_label, to_label))

    def get_nodes(self, label: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        keys = list(keys)
        return self._read(lambda: cypher.get_nodes(label, keys))

    def apply(self, change: Change) -> Applied:
        """One change and its audit entry in one transaction (graph.write_cypher)."""
        try:
            return self._write(lambda: write_cypher.apply(change))
        except write_cypher.Replayed as first:
            return Applied(first.entry, replayed=True)

    def get_relationships(self, rel_type: str, keys: Iterable[str]) -> dict[str, Edge]:
        keys = list(keys)
        return self._read(lambda: write_cypher.get_relationships(rel_type, keys))

    def audit_log(self, query: AuditQuery, first: int, offset: int = 0) -> list[AuditEntry]:
        return self._read(lambda: write_cypher.audit_log(query, first, offset))

    def audit_after(self, seq: int, first: int) -> list[AuditEntry]:
        return self._read(lambda: write_cypher.audit_after(seq, first))

    def neighbours(
        self, label: str, keys: Iterable[str], rel_type: str, direction: Direction, page: NeighbourPage | None = None,
    ) -> dict[str, list[Neighbour]]:
        keys = list(keys)
        return self._read(lambda: cypher.neighbours(label, keys, rel_type, direction, page))

    def subtree(self, label: str, keys: Iterable[str], branches: Sequence[Branch]) -> Tree:
        return self._read(lambda: cypher.subtree(label, keys, branches))

    def count_neighbours(self, label: str, keys: Iterable[str], rel_type: str, direction: Direction) -> dict[str, int]:
        keys = list(keys)
        return self._read(lambda: cypher.count_neighbours(label, keys, rel_type, direction))

    def list_nodes(
        self,
        label: str,
        where: Filter | None = None,
        order_by: Sequence[Order] = (),
        first: int | None = None,
        offset: int = 0,
        with_total: bool = False,
    ) -> Page:
        return self._read(lambda: cypher.list_nodes(label, where, order_by, first, offset, with_total))

    def traverse(
        self,
        label: str,
        keys: Iterable[str],
        rel_type: str,
        direction: Direction,
        max_depth: int,
        rel_where: Filter | None = None,
        properties: bool = True,
    ) -> Traversal:
        keys = list(keys)
        return self._read(lambda: cypher.traverse(label, keys, rel_type, direction, max_depth, rel_where, properties))

    def shortest_path(self, start: NodeRef, end: NodeRef, rel_types: Sequence[str], max_length: int) -> Path | None:
        return self._read(lambda: cypher.shortest_path(start, end, rel_types, max_length))

    def search(self, text: str, labels: Sequence[str], first: int) -> list[tuple[str, dict[str, Any]]]:
        return self._read(lambda: cypher.search(text, labels, first))

    def counts(self) -> dict[str, int]:
        return self._read(cypher.counts)

    def record_load(self, run: journal.LoadRun) -> None:
        self._write(lambda: journal.record(run))

    def load_runs(self) -> list[journal.LoadRun]:
        return self._read(journal.runs)

    def run_read(self, plan: PlanFactory[T]) -> T:
        """Run any plan (analytics, say) in one read transaction."""
        return self._read(plan)

    def explain(self, query: str, params: dict[str, Any]) -> dict[str, Any]:
        """The plan Neo4j would run for a query, planned afresh for the data now stored (nothing is executed)."""
        with _translated_errors(self.uri), self._driver.session(database=self.database) as session:
            return session.run(f"EXPLAIN CYPHER replan=force {query}", params).consume().plan

    def clear(self) -> None:
        with _translated_errors(self.uri), self._driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def flush(self) -> None:
        """Every write is committed already."""

    def ping(self) -> None:
        with _translated_errors(self.uri):
            self._driver.verify_connectivity()

    def close(self) -> None:
        self._driver.close()


class AsyncNeo4jReader:
    """The read side of the contract on the async driver, for the API's event loop."""

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        self.uri = uri
        self.database = database
        self._home: str | None = None
        auth = (user, password or "") if user else None
        self._driver = neo4j.AsyncGraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS)

    async def run_read(self, plan: PlanFactory[T], timeout: float | None = None) -> T:
        """Run a plan's queries as auto-commit reads in one session; the server stops each after `timeout` seconds.

        An auto-commit read is one round trip (no BEGIN, no COMMIT): a person lookup is one
        query, so this is most of its time on the wire. Inside a transaction Neo4j reads
        committed data query by query all the same, so a plan of several queries answers
        alike. A failure the driver calls retryable (a stale pooled connection, say) is
        retried once with a fresh plan, as `execute_read` would.
        """
        with _translated_errors(self.uri):
            for attempt in range(2):
                try:
                    async with self._driver.session(
                        database=self.database or await self._home_database(), default_access_mode=neo4j.READ_ACCESS,
                    ) as session:
                        return await _drive_auto_commit(session, plan(), timeout)
                except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
                    if attempt or not error.is_retryable():
                        raise
        raise AssertionError("unreachable")

    async def _home_database(self) -> str:
        """The user's home database, asked once: a session naming its database skips the driver's own lookup."""
        if self._home is None:
            records, _, _ = await self._driver.execute_query(
                "CALL db.info() YIELD name RETURN name", routing_=neo4j.RoutingControl.READ,
            )
            self._home = records[0]["name"]
        return self._home

    async def run_write(self, plan: PlanFactory[T]) -> T:
        """Run a plan in one write transaction (a mutation and its audit entry)."""

        async def work(tx: Any) -> T:
            return await _drive_async(tx, plan())

        with _translated_errors(self.uri):
            async with self._driver.session(database=self.database) as session:
                return await session.execute_write(work)

    async def ping(self) -> None:
        with _translated_errors(self.uri):
            await self._driver.verify_connectivity()

    async def close(self) -> None:
        await self._driver.close()
