"""The API's errors: each carries a machine-readable `extensions.code` a client can switch on."""

from __future__ import annotations

from enum import Enum
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from api.roles import Role


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


def require_role(info: Info, *roles: Role | str) -> None:
    """Raise FORBIDDEN unless the request's role is one of `roles`."""
    role = info.context.role
    allowed = {Role(r) for r in roles}
    if role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise forbidden(f"the {role.value} role may not read this; it needs one of: {names}")
