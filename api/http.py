"""GraphQL over HTTP, as its specification says: media types, status codes, GET for queries only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, get_operation_ast
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from api.auth import Tokens, Unauthenticated
from api.context import Context
from api.errors import ApiError, Code
from api.graphiql import graphiql_page
from api.limits import Limits
from api.masking import client_error, is_request_error
from graph.async_store import AsyncStore

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY = 256 * 1024


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


class BadRequest(Exception):
    """The HTTP request is not a well-formed GraphQL request: 4xx whatever the media type."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when neither JSON type is acceptable.

    No Accept header means application/json (the spec's legacy rule). Among acceptable
    types, the higher q wins and application/graphql-response+json wins ties.
    """
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        for rank, candidate in enumerate((JSON, GRAPHQL_RESPONSE)):
            if q > 0 and media.lower() in (candidate, "application/*", "*/*"):
                option = (q, rank, candidate)
                best = option if best is None or option > best else best
    return best[2] if best else None


async def read_params(request: Request) -> GraphQLParams:
    """The query, variables and operation name of a GET (query string) or POST (JSON body)."""
    if request.method == "GET":
        raw: Any = dict(request.query_params)
        if raw.get("variables"):
            raw["variables"] = _json(raw["variables"], "variables")
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != JSON:
            raise BadRequest("send the request body as application/json", 415)
        body = await request.body()
        if len(body) > MAX_BODY:
            raise BadRequest(f"the request body is over {MAX_BODY} bytes")
        raw = _json(body, "the request body")
    if not isinstance(raw, dict):
        raise BadRequest("the request must be a JSON object with `query`")
    query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("`query` must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("`variables` must be a JSON object")
    if name is not None and not isinstance(name, str):
        raise BadRequest("`operationName` must be a string")
    return GraphQLParams(query, variables, name)


def _json(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"{what} is not valid JSON: {error}") from error


def graphql_response(payload: dict[str, Any], media: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status, headers=headers, media_type=f"{media}; charset=utf-8")


class GraphQLEndpoint:
    """The /graphql route: GraphiQL for a browser, GraphQL over HTTP for everyone else."""

    def __init__(self, schema: Any, store: AsyncStore, tokens: Tokens, limits: Limits) -> None:
        self.schema, self.store, self.tokens, self.limits = schema, store, tokens, limits

    async def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return PlainTextResponse("GraphQL is served by GET and POST", 405, headers={"Allow": "GET, POST"})
        accept = request.headers.get("accept", "")
        if request.method == "GET" and "query" not in request.query_params and "text/html" in accept:
            return HTMLResponse(graphiql_page(request.url.path))
        media = negotiate(accept)
        if media is None:
            return PlainTextResponse(f"acceptable media types: {GRAPHQL_RESPONSE}, {JSON}", 406)
        request_id: str = request.state.request_id
        try:
            role = self.tokens.role_for(request.headers.get("authorization"))
            request.state.role = role.value
            params = await read_params(request)
            document = self.limits.parse(params.query)
        except Unauthenticated as error:
            return graphql_response({"errors": [error.formatted]}, media, 401, {"WWW-Authenticate": "Bearer"})
        except BadRequest as error:
            return graphql_response({"errors": [ApiError(Code.BAD_USER_INPUT, str(error)).formatted]}, media, error.status)
        except (GraphQLSyntaxError, ApiError) as error:
            return self._request_error(error, media, request_id)
        operation = get_operation_ast(document, params.operation_name)
        if request.method == "GET" and operation is not None and operation.operation is not OperationType.QUERY:
            return PlainTextResponse("only queries may be sent by GET; POST other operations", 405, headers={"Allow": "POST"})
        context = Context(store=self.store, role=role, request_id=request_id)
        result = await self.schema.execute(
            params.query, variable_values=params.variables, context_value=context, operation_name=params.operation_name
        )
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
