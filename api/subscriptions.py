"""Changes pushed to frontends: `auditEvents`, over WebSocket (graphql-transport-ws) at /graphql.

Entries are read from the store's audit trail in sequence (graph.change), so a
process sees every change whichever process made it. Each role sees what it
may read: admin and hr every entry; planner every entry with personal data
(phone numbers, exact birth dates) blanked; public only entries about studios,
achievements, honours and other non-personal objects, without who or whom.

The socket serves its own schema, holding only the subscription: queries and
mutations stay on HTTP, behind its admission, limits and deadlines.
"""

import asyncio
import dataclasses
import os
from collections.abc import AsyncGenerator
from datetime import timedelta
from typing import Annotated, Any, Optional

import strawberry
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from starlette.websockets import WebSocket

from api.access import Role, SEES_PERSONAL_DATA, SEES_PEOPLE, Tokens, Unauthenticated
from api.audit import AuditEntry, entry_object
from api.loading import Context
from graph.async_store import AsyncStore
from graph.change import AuditEntry as StoredEntry
from graph.change import AuditQuery
from graph.model import NODE_TYPES, NODES, RELS

POLL_SECONDS = 0.25  # how often a subscription reads the trail for new entries
BATCH = 100  # entries read at once
MAX_SUBSCRIPTIONS = 10  # a connection's subscriptions at once
MAX_SOCKETS = 200  # open sockets a process serves at once (STUDIOGRAPH_MAX_SOCKETS); more are closed with 1013
TRY_AGAIN_LATER = 1013
PERSONAL = frozenset(p.name for n in NODES for p in n.all_properties if p.pii)
_PERSONAL_TYPES = frozenset(
    [n.label for n in NODES if n.individual]
    + [r.type for r in RELS if any(NODE_TYPES[label].individual for label in (*r.sources, *r.targets))]
)


def visible(entry: StoredEntry, role: Role) -> Optional[StoredEntry]:
    """The entry as `role` may see it, or None."""
    if role in SEES_PERSONAL_DATA:
        return entry
    if role in SEES_PEOPLE:
        blanked = tuple(dataclasses.replace(c, old=None, new=None) if c.property in PERSONAL else c for c in entry.changes)
        return dataclasses.replace(entry, changes=blanked)
    if entry.object_type in _PERSONAL_TYPES or entry.operation == "load":
        return None
    impersonal = tuple(c for c in entry.changes if c.object.split(" ", 1)[0] not in _PERSONAL_TYPES)
    return dataclasses.replace(entry, label="", people=(), changes=impersonal)


async def latest_seq(store: AsyncStore) -> int:
    newest = await store.audit_log(AuditQuery(), 1)
    return newest[0].seq if newest else 0


@strawberry.type(description="Changes pushed as they are recorded, over WebSocket (graphql-transport-ws) at /graphql.")
class Subscription:
    @strawberry.subscription(description=(
        "Audit entries as they are recorded, oldest first, each as your role may see it (admin and hr: all; planner: "
        "without personal data; public: studios, achievements and honours only, without names). Served over "
        "WebSocket (graphql-transport-ws) at /graphql; send the token as `Authorization` in connection_init's payload."))
    async def audit_events(
        self, info: strawberry.Info,
        after_seq: Annotated[Optional[int], strawberry.argument(
            description="Start after this entry (to resume); by default with the next entry recorded.")] = None,
    ) -> AsyncGenerator[AuditEntry, None]:
        store, role = info.context.store, info.context.role
        seq = after_seq if after_seq is not None and after_seq >= 0 else await latest_seq(store)
        while True:
            entries = await store.audit_after(seq, BATCH)
            for entry in entries:
                seq = entry.seq
                shown = visible(entry, role)
                if shown is not None:
                    yield entry_object(shown)
            if len(entries) < BATCH:
                await asyncio.sleep(POLL_SECONDS)


@strawberry.type
class SocketQuery:
    @strawberry.field(description="Queries are served over HTTP at /graphql; this socket streams subscriptions.")
    def over_http(self) -> bool:
        return True


class AuditSocket(GraphQL):
    """The WebSocket side of /graphql: graphql-transport-ws only, the role from the token in connection_init."""

    def __init__(self, store: AsyncStore, tokens: Tokens) -> None:
        super().__init__(
            strawberry.Schema(query=SocketQuery, subscription=Subscription), graphql_ide=None,
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL], keep_alive=True, keep_alive_interval=15,
            connection_init_wait_timeout=timedelta(seconds=10), max_subscriptions_per_connection=MAX_SUBSCRIPTIONS,
        )
        self.store, self.tokens = store, tokens
        self.max_sockets = int(os.environ.get("STUDIOGRAPH_MAX_SOCKETS") or MAX_SOCKETS)
        self.open = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Serve a socket while fewer than `max_sockets` are open; close the others at once (1013: try again later)."""
        if scope["type"] != "websocket":
            await super().__call__(scope, receive, send)
            return
        if self.open >= self.max_sockets:
            refused = WebSocket(scope, receive, send)
            await refused.accept()  # then closed with a code the client can act on, rather than a bare 403
            await refused.close(code=TRY_AGAIN_LATER, reason="too many open sockets: try again later")
            return
        self.open += 1
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.open -= 1

    async def get_context(self, request: Any, response: Any) -> Context:
        context = Context(store=self.store, role=Role.PUBLIC, request_id="websocket", label="public")
        context.connection_params = {}
        if isinstance(request, WebSocket) and request.headers.get("authorization"):
            context.connection_params = {"Authorization": request.headers["authorization"]}
        return context

    async def on_ws_connect(self, context: Context) -> Any:
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        try:
            identity = self.tokens.identify(header if isinstance(header, str) else None)
        except Unauthenticated as error:
            raise ConnectionRejectionError({"reason": str(error)}) from None
        context.role, context.label = identity.role, identity.label
        return {"role": identity.role.value}
