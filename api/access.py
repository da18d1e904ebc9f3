"""Who a request is and what it may see: the four roles, API tokens, and the field guards.

Only SHA-256 hashes of tokens are configured and kept, never the tokens:
STUDIOGRAPH_TOKENS holds comma-separated `role:sha256hex` pairs and
STUDIOGRAPH_TOKENS_FILE a file of `role sha256hex` lines (`#` starts a comment).
`studiograph token ROLE` makes a new random token and prints the line to configure.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import ApiError, Code


# -- roles -----------------------------------------------------------------

class Role(str, Enum):
    PUBLIC = "public"  # no token: studios, achievements, honours, aggregate counts
    PLANNER = "planner"  # plus people without contact details, and analytics
    HR = "hr"  # plus personal data: phone numbers, exact birth dates
    ADMIN = "admin"  # everything

    def __str__(self) -> str:
        return self.value


SEES_PEOPLE = frozenset({Role.PLANNER, Role.HR, Role.ADMIN})
SEES_PERSONAL_DATA = frozenset({Role.HR, Role.ADMIN})


# -- tokens ----------------------------------------------------------------

_HEX = re.compile(r"[0-9a-f]{64}")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A random token with 256 bits of entropy, so one fast hash is enough to keep it."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """Whether a bind address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def mint_first_run_token(host: str, env: MutableMapping[str, str]) -> str | None:
    """On a first run (no tokens configured, bound to loopback): a new admin token for this process only.

    Its hash goes into `env` as STUDIOGRAPH_TOKENS, which every uvicorn worker inherits; the token
    itself is returned to be printed once and is kept nowhere. None when tokens are configured or
    the host is reachable from other machines.
    """
    if env.get("STUDIOGRAPH_TOKENS", "").strip() or env.get("STUDIOGRAPH_TOKENS_FILE", "").strip() or not is_loopback(host):
        return None
    token = new_token()
    env["STUDIOGRAPH_TOKENS"] = f"admin:{hash_token(token)}"
    return token


class Unauthenticated(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(Code.UNAUTHENTICATED, message)


@dataclass(frozen=True)
class Tokens:
    """The configured token hashes and the role each one grants."""

    roles_by_hash: Mapping[str, Role] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Tokens":
        entries: list[tuple[str, str]] = []
        for item in (env.get("STUDIOGRAPH_TOKENS") or "").split(","):
            if item.strip():
                role, _, digest = item.strip().partition(":")
                entries.append((role, digest))
        if env.get("STUDIOGRAPH_TOKENS_FILE"):
            lines = Path(env["STUDIOGRAPH_TOKENS_FILE"]).read_text(encoding="utf-8").splitlines()
            for line in lines:
                words = line.split("#", 1)[0].split()
                if words:
                    entries.append((words[0], words[1] if len(words) > 1 else ""))
        return cls.of(entries)

    @classmethod
    def of(cls, entries: list[tuple[str, str]]) -> "Tokens":
        """From (role, sha256 hex) pairs; a bad role or hash is a configuration error naming it."""
        table: dict[str, Role] = {}
        for role, digest in entries:
            if role not in {r.value for r in Role} or role == Role.PUBLIC.value:
                raise ValueError(f"token role must be planner, hr or admin, not {role!r}")
            if not _HEX.fullmatch(digest.strip().lower()):
                raise ValueError(f"token for {role} must be a SHA-256 hex digest (64 hex digits)")
            table[digest.strip().lower()] = Role(role)
        return cls(table)

    def role_for(self, authorization: str | None) -> Role:
        """The role an Authorization header grants: public without one; a wrong token is refused."""
        if not authorization or not authorization.strip():
            return Role.PUBLIC
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be `Bearer <token>`")
        digest = hash_token(token.strip())
        for known, role in self.roles_by_hash.items():
            if hmac.compare_digest(known, digest):
                return role
        raise Unauthenticated("the bearer token is not valid")


# -- field guards ----------------------------------------------------------

class CanSeePeople(BasePermission):
    """Individuals (names, employers, mentorships) are for the planner, hr and admin roles."""

    message = "individual people are visible to the planner, hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PEOPLE


class CanSeePersonalData(BasePermission):
    """Phone numbers and exact birth dates are for the hr and admin roles."""

    message = "personal data (phone numbers, exact birth dates) is visible to the hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PERSONAL_DATA


class CanPlan(BasePermission):
    """Planning data (demand for certified people) is for the planner, hr and admin roles."""

    message = "planning data is visible to the planner, hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PEOPLE
