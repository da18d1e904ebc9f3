"""GraphQL over HTTP, as its specification says: media types, status codes, GET for queries only.

Every request is checked before it runs: the body is read with a size cap and a
time limit, its JSON nesting is bounded, the document is parsed with a token cap,
the operation is found, and its cost is measured (api.limits). Then it executes
within the request's deadline.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, replace
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode, OperationType, get_operation_ast
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from api.access import Role, Tokens, Unauthenticated
from api.loading import Context
from api.errors import ApiError, Code, client_error, is_request_error
from api.graphiql import graphiql_page
from api.limits import Limits
from api.metrics import Metrics
from api.persisted import PersistedQueries, persisted_hash
from graph.async_store import AsyncStore
from graph.deadline import deadline_in

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY = 256 * 1024  # bytes
BODY_SECONDS = 10.0  # the whole body must arrive within this (STUDIOGRAPH_BODY_TIMEOUT)
MAX_JSON_NESTING = 32  # arrays and objects nested in the request's JSON
DEFAULT_REQUEST_SECONDS = 10.0
REQUEST_GRACE = 1.0  # past the deadline, for the store's own answer (TIMEOUT or STORE_UNAVAILABLE) to arrive first
CLIENT_CLOSED = 499  # the access log's status for a client that went away (nginx's convention)


@dataclass(frozen=True)
class GraphQLParams:
    query: str | None  # None: the document is named by `persisted` only
    variables: dict[str, Any] | None
    operation_name: str | None
    persisted: str | None = None  # the SHA-256 of a persisted query (api.persisted)


class BadRequest(Exception):
    """The HTTP request is not a well-formed GraphQL request: 4xx whatever the media type."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when neither JSON type is acceptable.

    No Accept header, or only wildcards (`*/*`, `application/*`), means application/json;
    application/graphql-response+json when the client names it, and wins a tie of q with JSON.
    """
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = _quality(params)
        media = media.lower()
        named = {JSON: (2, JSON), GRAPHQL_RESPONSE: (3, GRAPHQL_RESPONSE), "application/*": (1, JSON), "*/*": (0, JSON)}
        if q > 0 and media in named:
            rank, candidate = named[media]
            option = (q, rank, candidate)
            best = option if best is None or option > best else best
    return best[2] if best else None


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


async def read_body(request: Request, limit: int = MAX_BODY, seconds: float | None = None) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes and 408 when it takes over `seconds`."""
    seconds = seconds or float(os.environ.get("STUDIOGRAPH_BODY_TIMEOUT") or BODY_SECONDS)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(f"the request body is over {limit} bytes", 413)
    chunks: list[bytes] = []

    async def collect() -> None:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BadRequest(f"the request body is over {limit} bytes", 413)
            chunks.append(chunk)

    try:
        await asyncio.wait_for(collect(), seconds)
    except asyncio.TimeoutError:
        raise BadRequest(f"the request body did not arrive within {seconds:g} s", 408) from None
    return b"".join(chunks)


async def read_params(request: Request) -> GraphQLParams:
    """The query, variables and operation name of a GET (query string) or POST (JSON body)."""
    if request.method == "GET":
        raw: Any = dict(request.query_params)
        for name in ("variables", "extensions"):
            if raw.get(name):
                raw[name] = _json(raw[name], name)
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != JSON:
            raise BadRequest("send the request body as application/json", 415)
        raw = _json(await read_body(request), "the request body")
    if not isinstance(raw, dict):
        raise BadRequest("the request must be a JSON object with `query`")
    query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequest("`extensions` must be a JSON object")
    persisted = persisted_hash(extensions)
    if (query is not None or persisted is None) and (not isinstance(query, str) or not query.strip()):
        raise BadRequest("`query` must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("`variables` must be a JSON object")
    if name is not None and not isinstance(name, str):
        raise BadRequest("`operationName` must be a string")
    return GraphQLParams(query, variables, name, persisted)


def _json(text: str | bytes, what: str) -> Any:
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"{what} is not valid JSON: {error}") from error
    except RecursionError:
        raise BadRequest(f"{what} nests arrays or objects more than {MAX_JSON_NESTING} deep") from None
    if json_nesting(value) > MAX_JSON_NESTING:
        raise BadRequest(f"{what} nests arrays or objects more than {MAX_JSON_NESTING} deep")
    return value


def json_nesting(value: Any) -> int:
    """How deep arrays and objects nest in a JSON value (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_NESTING:
            stack.extend((child, depth + 1) for child in children)
    return deepest


def find_operation(document: Any, name: str | None) -> OperationDefinitionNode:
    """The operation to run: the one named, or the only one; BadRequest otherwise."""
    operation = get_operation_ast(document, name)
    if operation is not None:
        return operation
    if name is not None:
        raise BadRequest(f"`operationName` {name!r} names no operation in the document")
    raise BadRequest("the document has several operations (or none): name the one to run in `operationName`")


def graphql_response(payload: dict[str, Any], media: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(payload), status, headers=headers, media_type=f"{media}; charset=utf-8")


def operation_label(operation: OperationDefinitionNode | None) -> str:
    """A bounded label for metrics: the operation type and its first root field (never the client's name)."""
    if operation is None:
        return "none"
    first = next((s for s in operation.selection_set.selections if hasattr(s, "name")), None)
    root = first.name.value if first is not None and hasattr(first.name, "value") else "-"
    return f"{operation.operation.value}:{root}"


@dataclass(frozen=True)
class Checked:
    """A request that passed every check before execution."""

    role: Role
    params: GraphQLParams
    operation: OperationDefinitionNode


class GraphQLEndpoint:
    """The /graphql route: GraphiQL for a browser, GraphQL over HTTP for everyone else."""

    def __init__(self, schema: Any, store: AsyncStore, tokens: Tokens, limits: Limits, metrics: Metrics | None = None,
                 request_seconds: float | None = None) -> None:
        self.schema, self.store, self.tokens, self.limits = schema, store, tokens, limits
        self.metrics = metrics or Metrics()
        self.persisted = PersistedQueries()
        self.request_seconds = request_seconds or float(
            os.environ.get("STUDIOGRAPH_REQUEST_TIMEOUT") or DEFAULT_REQUEST_SECONDS
        )

    async def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return PlainTextResponse("GraphQL is served by GET and POST", 405, headers={"Allow": "GET, POST"})
        accept = request.headers.get("accept", "")
        if request.method == "GET" and "query" not in request.query_params and "text/html" in accept:
            return HTMLResponse(graphiql_page(request.url.path))
        media = negotiate(accept)
        if media is None:
            return PlainTextResponse(f"acceptable media types: {GRAPHQL_RESPONSE}, {JSON}", 406)
        started = time.perf_counter()
        request.state.operation = None
        try:
            response = await self._answer(request, media)
        except ClientDisconnect:
            response = Response(status_code=CLIENT_CLOSED)
        label, role = operation_label(request.state.operation), getattr(request.state, "role", "-")
        self.metrics.request(label, response.status_code, role, time.perf_counter() - started)
        return response

    async def _answer(self, request: Request, media: str) -> Response:
        """Check the request, then run it: each refusal is answered with its status and code."""
        try:
            checked = await self._check(request)
        except Unauthenticated as error:
            return graphql_response({"errors": [error.formatted]}, media, 401, {"WWW-Authenticate": "Bearer"})
        except BadRequest as error:
            failed = ApiError(Code.BAD_USER_INPUT, str(error)).formatted
            return graphql_response({"errors": [failed]}, media, error.status)
        except (GraphQLSyntaxError, ApiError) as error:
            if isinstance(error, ApiError) and error.code is Code.LIMIT_EXCEEDED:
                self.metrics.refusals.labels(error.extensions["limit"]).inc()
            return self._request_error(error, media, request.state.request_id)
        if request.method == "GET" and checked.operation.operation is not OperationType.QUERY:
            return PlainTextResponse("only queries may be sent by GET; POST other operations", 405, headers={"Allow": "POST"})
        return await self._execute(checked, media, request.state.request_id)

    async def _check(self, request: Request) -> Checked:
        """Who asks, what, and whether it is within the limits: nothing has run yet."""
        role = self.tokens.role_for(request.headers.get("authorization"))
        request.state.role = role.value
        params = await read_params(request)
        if params.persisted and params.query is None:
            params = replace(params, query=self.persisted.text(params.persisted))
        elif params.persisted:
            self.persisted.check(params.persisted, params.query)
        document = self.limits.parse(params.query)
        operation = request.state.operation = find_operation(document, params.operation_name)
        self.limits.check(self.schema._schema, document, operation, params.variables)
        if params.persisted:
            self.persisted.remember(params.persisted, params.query)
        return Checked(role, params, operation)

    async def _execute(self, checked: Checked, media: str, request_id: str) -> Response:
        """Run the operation within the request's deadline, which every store call it makes shares."""
        params = checked.params
        context = Context(store=self.store, role=checked.role, request_id=request_id)
        with deadline_in(self.request_seconds):
            try:
                result = await asyncio.wait_for(self.schema.execute(
                    params.query, variable_values=params.variables, context_value=context,
                    operation_name=params.operation_name,
                ), self.request_seconds + REQUEST_GRACE)
            except asyncio.TimeoutError:
                late = ApiError(Code.TIMEOUT, f"the request ran past its deadline of {self.request_seconds:g} s: "
                                "ask for less (smaller pages, fewer levels), or retry later")
                return graphql_response({"errors": [late.formatted]}, media, 504 if media == GRAPHQL_RESPONSE else 200)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [client_error(error, request_id) for error in result.errors]
            if is_request_error(result.errors, result.data):
                payload.pop("data")
                return graphql_response(payload, media, 400 if media == GRAPHQL_RESPONSE else 200)
        return graphql_response(payload, media)

    def _request_error(self, error: GraphQLError, media: str, request_id: str) -> Response:
        """A document that does not parse or is over a limit: 400 under graphql-response+json, 200 under json."""
        payload = {"errors": [client_error(error, request_id)]}
        return graphql_response(payload, media, 400 if media == GRAPHQL_RESPONSE else 200)
