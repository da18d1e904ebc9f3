"""The ASGI app: /graphql (and GraphiQL), /healthz, /readyz, /metrics, with admission, access logs and request ids."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.admission import Admission, Admit
from api.access import Tokens
from api.deadline import DeadlineStore
from api.explorer import explorer_routes
from api.graphiql import ASSET_PATH, graphiql_asset
from api.http import GraphQLEndpoint
from api.limits import Limits
from api.metrics import Metrics
from api.queries import build_schema
from api.subscriptions import AuditSocket
from graph.async_store import AsyncStore
from graph.errors import StoreError

access_log = logging.getLogger("studiograph.access")
READY_TIMEOUT = 3.0
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class AccessLog:
    """Give each request an id (X-Request-ID, or a new one) and log one JSON line when it is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info("request", extra={
                "request_id": request_id, "method": scope["method"], "path": scope["path"], "status": status,
                "role": state.get("role", "-"), "ms": round((time.perf_counter() - started) * 1000, 1),
            })


def create_app(
    store: AsyncStore, tokens: Tokens | None = None, limits: Limits | None = None, admission: Admission | None = None,
) -> ASGIApp:
    metrics = Metrics()
    if isinstance(store, DeadlineStore):
        store.observer = metrics.store_call
    tokens = tokens or Tokens.from_env()
    endpoint = GraphQLEndpoint(build_schema(), store, tokens, limits or Limits.from_env(), metrics)

    async def healthz(request: Request) -> JSONResponse:
        """The process is up (says nothing of the store)."""
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        """The store answers: 503 while it does not; recovers by itself when it does again."""
        try:
            await asyncio.wait_for(store.ping(), READY_TIMEOUT)
        except (StoreError, asyncio.TimeoutError, OSError) as error:
            return JSONResponse({"status": "unavailable", "reason": str(error) or type(error).__name__}, 503)
        return JSONResponse({"status": "ready"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await store.close()

    routes = [
        Route("/graphql", endpoint.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        WebSocketRoute("/graphql", AuditSocket(store, tokens)),
        Route(f"{ASSET_PATH}/{{name}}", graphiql_asset),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics.endpoint),
        *explorer_routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    return AccessLog(Admit(app, admission or Admission.from_env(), metrics, frozenset({"/graphql"})))
