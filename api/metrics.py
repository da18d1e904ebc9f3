"""Prometheus metrics of one app (its own registry, created with the app): requests, store calls, refusals.

Served at /metrics in the Prometheus text format. Each uvicorn worker keeps its
own figures; with several workers a scrape reads the worker that answers it.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "studiograph_graphql_requests", "GraphQL requests answered, by operation, HTTP status and role.",
            ["operation", "status", "role"], registry=self.registry,
        )
        self.latency = Histogram(
            "studiograph_graphql_request_seconds", "Time to answer a GraphQL request, by operation.",
            ["operation"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.store_calls = Counter(
            "studiograph_store_calls", "Store calls, by operation and outcome (ok, timeout, unavailable, error).",
            ["operation", "outcome"], registry=self.registry,
        )
        self.store_latency = Histogram(
            "studiograph_store_call_seconds", "Time of one store call, by operation.",
            ["operation"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.refusals = Counter(
            "studiograph_limit_refusals", "Requests refused by a limit, by the limit's name.",
            ["limit"], registry=self.registry,
        )
        self.in_flight = Gauge(
            "studiograph_requests_in_flight", "GraphQL requests being answered now.", registry=self.registry,
        )
        self.queued = Gauge(
            "studiograph_requests_queued", "GraphQL requests waiting for a free slot.", registry=self.registry,
        )
        self.shed = Counter(
            "studiograph_requests_shed", "Requests answered 503 because every slot and the queue were full.",
            registry=self.registry,
        )

        self._children: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def request(self, operation: str, status: int, role: str, seconds: float) -> None:
        count, latency = self._labelled(self.requests, self.latency, operation, str(status), role)
        count.inc()
        latency.observe(seconds)

    def store_call(self, operation: str, outcome: str, seconds: float) -> None:
        count, latency = self._labelled(self.store_calls, self.store_latency, operation, outcome)
        count.inc()
        latency.observe(seconds)

    def _labelled(self, counter: Counter, histogram: Histogram, operation: str, *more: str) -> tuple[Any, Any]:
        """A counter's and a histogram's series for these labels, looked up once (`labels` costs on every call)."""
        slot = (counter, operation, *more)
        if slot not in self._children:
            self._children[slot] = (counter.labels(operation, *more), histogram.labels(operation))
        return self._children[slot]

    async def endpoint(self, request: Request) -> Response:
        """GET /metrics."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
