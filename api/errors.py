"""The API's errors as the client sees them: each carries a machine-readable `extensions.code`.

Internal errors are masked and logged with the request id.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from graphql import GraphQLError

from graph.errors import StoreTimeout, StoreUnavailable


# -- codes and errors ------------------------------------------------------

MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer every JSON reader keeps exactly

class Code(str, Enum):
    BAD_USER_INPUT = "BAD_USER_INPUT"  # the request is wrong: syntax, validation, arguments
    NOT_FOUND = "NOT_FOUND"  # a key that names nothing
    FORBIDDEN = "FORBIDDEN"  # the role may not see this
    UNAUTHENTICATED = "UNAUTHENTICATED"  # a bearer token that matches no configured token
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"  # depth, aliases, tokens, estimated nodes or page size over the limit
    TIMEOUT = "TIMEOUT"  # the request ran past its deadline; ask for less, or retry when the service is less busy
    BUSY = "BUSY"  # every request slot is taken: retry after the Retry-After header's seconds
    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"  # the graph store cannot be reached; retry later
    INTERNAL = "INTERNAL"  # a bug: masked, logged with the request id
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"  # a persisted query's hash not known here: send the query

class ApiError(GraphQLError):
    """A GraphQL error with a code; its message is meant for the client."""

    def __init__(self, code: Code, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code.value, **extensions})
        self.code = code

def bad_input(message: str) -> ApiError:
    return ApiError(Code.BAD_USER_INPUT, message)

def not_found(what: str, key: str) -> ApiError:
    return ApiError(Code.NOT_FOUND, f"no {what} with key {key!r}")

def forbidden(message: str) -> ApiError:
    return ApiError(Code.FORBIDDEN, message)

def limit_exceeded(limit: str, value: int | None, maximum: int) -> ApiError:
    """Names the limit, what the request asked for (None: more than counted) and the most allowed."""
    if value is None:
        return ApiError(Code.LIMIT_EXCEEDED, f"{limit} limit exceeded: more than {maximum}", limit=limit, maximum=maximum)
    message = f"{limit} limit exceeded: {value} > {maximum}"
    if value > MAX_SAFE_INTEGER:  # an estimate of 2^100 nodes: in the message only, as JSON numbers cannot hold it
        return ApiError(Code.LIMIT_EXCEEDED, message, limit=limit, maximum=maximum)
    return ApiError(Code.LIMIT_EXCEEDED, message, limit=limit, maximum=maximum, requested=value)


# -- errors as the client sees them ----------------------------------------

log = logging.getLogger("studiograph.api")

STORE_DOWN = "the graph store is unavailable just now; retry shortly"
TIMED_OUT = "the request ran past its deadline: ask for less (smaller pages, fewer levels), or retry later"


def client_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    """The formatted error for the response: the code it carries, or one given here."""
    original = error.original_error
    if error.extensions and "code" in error.extensions:
        return error.formatted
    if original is None or (error.path is None and isinstance(original, (GraphQLError, TypeError, ValueError))):
        return _with(error, error.message, Code.BAD_USER_INPUT)  # syntax, validation, variable coercion
    if isinstance(original, StoreTimeout):
        log.warning("store call past its deadline", extra={"request_id": request_id, "reason": str(original)})
        return _with(error, TIMED_OUT, Code.TIMEOUT)
    if isinstance(original, StoreUnavailable):
        log.warning("store unavailable", extra={"request_id": request_id, "reason": str(original)})
        return _with(error, STORE_DOWN, Code.STORE_UNAVAILABLE)
    log.error("internal error", exc_info=original, extra={"request_id": request_id, "path": error.path})
    return _with(error, f"internal error; quote request id {request_id} when reporting it", Code.INTERNAL)


def _with(error: GraphQLError, message: str, code: Code) -> dict[str, Any]:
    formatted = GraphQLError(message, error.nodes, error.source, error.positions, error.path).formatted
    formatted["extensions"] = {"code": code.value}
    return formatted


def is_request_error(errors: list[GraphQLError], data: Any) -> bool:
    """A request that never executed (parse, validation, limits, variables): no data and no error path."""
    return data is None and all(error.path is None for error in errors)
