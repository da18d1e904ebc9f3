"""Admission: at most `slots` GraphQL requests run at once; up to `queue` more wait, the rest get 503.

A request that waits longer than `wait` seconds for a slot also gets 503, with
Retry-After. Only the paths given are admitted this way: /healthz and /metrics
answer however busy the service is.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import Code
from api.metrics import Metrics


@dataclass(frozen=True)
class Admission:
    slots: int = 8
    queue: int = 64
    wait: float = 5.0  # seconds a request may wait for a slot
    retry_after: int = 1

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Admission":
        """STUDIOGRAPH_MAX_CONCURRENT, STUDIOGRAPH_MAX_QUEUED, STUDIOGRAPH_QUEUE_WAIT override the defaults."""
        defaults = cls()
        return cls(
            slots=int(env.get("STUDIOGRAPH_MAX_CONCURRENT") or defaults.slots),
            queue=int(env.get("STUDIOGRAPH_MAX_QUEUED") or defaults.queue),
            wait=float(env.get("STUDIOGRAPH_QUEUE_WAIT") or defaults.wait),
        )


class Admit:
    """ASGI middleware applying an Admission to the requests for `paths`."""

    def __init__(self, app: ASGIApp, admission: Admission, metrics: Metrics, paths: frozenset[str]) -> None:
        self.app, self.admission, self.metrics, self.paths = app, admission, metrics, paths
        self.running = asyncio.Semaphore(admission.slots)
        self.waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        if self.running.locked() and self.waiting >= self.admission.queue:
            await self._busy(send, "every slot and the queue are full")
            return
        self.waiting += 1
        self.metrics.queued.inc()
        try:
            await asyncio.wait_for(self.running.acquire(), self.admission.wait)
        except asyncio.TimeoutError:
            await self._busy(send, f"no slot came free within {self.admission.wait:g} s")
            return
        finally:
            self.waiting -= 1
            self.metrics.queued.dec()
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.metrics.in_flight.dec()
            self.running.release()

    async def _busy(self, send: Send, why: str) -> None:
        self.metrics.shed.inc()
        body = json.dumps({"errors": [{"message": f"the service is busy ({why}); retry shortly",
                                       "extensions": {"code": Code.BUSY.value}}]}).encode()
        headers = [(b"content-type", b"application/json; charset=utf-8"), (b"retry-after", str(self.admission.retry_after).encode()),
                   (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
