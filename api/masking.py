"""Errors as the client sees them: every one with a code; internal ones masked and logged with the request id."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from api.errors import Code
from graph.errors import StoreTimeout, StoreUnavailable

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
