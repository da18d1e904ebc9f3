"""Who a request is and what it may see: the four roles, API tokens, and the field guards.

Only SHA-256 hashes of tokens are configured and kept, never the tokens:
STUDIOGRAPH_TOKENS holds comma-separated `role:sha256hex` or `role:sha256hex:label`
entries and STUDIOGRAPH_TOKENS_FILE a file of `role sha256hex [label ...]` lines
(`#` starts a comment). The label (a clerk's name, an office) is who the audit
trail names for the token's changes; without one, `role token <first 8 hex digits>`.
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
from pathlib import Path
from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import ApiError, Code
from api.roles import Role


# -- roles -----------------------------------------------------------------

SEES_PEOPLE = frozenset({Role.PLANNER, Role.HR, Role.ADMIN})
WRITES_PEOPLE = frozenset({Role.HR, Role.ADMIN})  # people's and mentorships' data
WRITES_ALL = frozenset({Role.ADMIN})  # studios, achievements, honours of studios, any property
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
class Identity:
    """Who a request is: the role and the token's label (public: no token)."""

    role: Role
    label: str


def default_label(role: str, digest: str) -> str:
    return f"{role} token {digest[:8]}"


@dataclass(frozen=True)
class Tokens:
    """The configured token hashes, the role each one grants and its label."""

    roles_by_hash: Mapping[str, Role] = field(default_factory=dict)
    labels_by_hash: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Tokens":
        entries: list[tuple[str, ...]] = []
        for item in (env.get("STUDIOGRAPH_TOKENS") or "").split(","):
            if item.strip():
                role, _, rest = item.strip().partition(":")
                digest, _, label = rest.partition(":")
                entries.append((role, digest, label.strip()))
        if env.get("STUDIOGRAPH_TOKENS_FILE"):
            lines = Path(env["STUDIOGRAPH_TOKENS_FILE"]).read_text(encoding="utf-8").splitlines()
            for line in lines:
                words = line.split("#", 1)[0].split()
                if words:
                    entries.append((words[0], words[1] if len(words) > 1 else "", " ".join(words[2:])))
        return cls.of(entries)

    @classmethod
    def of(cls, entries: list[tuple[str, ...]]) -> "Tokens":
        """From (role, sha256 hex[, label]) entries; a bad role or hash is a configuration error naming it."""
        table: dict[str, Role] = {}
        labels: dict[str, str] = {}
        for role, digest, *label in entries:
            if role not in {r.value for r in Role} or role == Role.PUBLIC.value:
                raise ValueError(f"token role must be planner, hr or admin, not {role!r}")
            if not _HEX.fullmatch(digest.strip().lower()):
                raise ValueError(f"token for {role} must be a SHA-256 hex digest (64 hex digits)")
            digest = digest.strip().lower()
            table[digest] = Role(role)
            labels[digest] = (label[0] if label else "") or default_label(role, digest)
        return cls(table, labels)

    def identify(self, authorization: str | None) -> Identity:
        """Who an Authorization header is: public without one; a wrong token is refused."""
        if not authorization or not authorization.strip():
            return Identity(Role.PUBLIC, "public")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be `Bearer <token>`")
        digest = hash_token(token.strip())
        for known, role in self.roles_by_hash.items():
            if hmac.compare_digest(known, digest):
                return Identity(role, self.labels_by_hash.get(known) or default_label(role.value, known))
        raise Unauthenticated("the bearer token is not valid")

    def role_for(self, authorization: str | None) -> Role:
        """The role an Authorization header grants: public without one; a wrong token is refused."""
        return self.identify(authorization).role


# -- field guards ----------------------------------------------------------

class RoleGuard(BasePermission):
    """Lets the `roles` through; any other role gets FORBIDDEN with the guard's `message`."""

    roles: frozenset[Role] = frozenset()
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in self.roles


class CanSeePeople(RoleGuard):
    """Individuals (names, employers, mentorships) are for the planner, hr and admin roles."""

    roles = SEES_PEOPLE
    message = "individual people are visible to the planner, hr and admin roles only"


class CanSeePersonalData(RoleGuard):
    """Phone numbers and exact birth dates are for the hr and admin roles."""

    roles = SEES_PERSONAL_DATA
    message = "personal data (phone numbers, exact birth dates) is visible to the hr and admin roles only"


class CanPlan(RoleGuard):
    """Planning data (demand for certified people) is for the planner, hr and admin roles."""

    roles = SEES_PEOPLE
    message = "planning data is visible to the planner, hr and admin roles only"


class CanWritePeople(RoleGuard):
    """Recording people's events and mentorships is for the hr and admin roles."""

    roles = WRITES_PEOPLE
    message = "recording people's and mentorships' data is for the hr and admin roles only"


class IsAdmin(RoleGuard):
    """Writing studios, achievements and any property, and reading the audit trail, is for the admin role."""

    roles = WRITES_ALL
    message = "this is for the admin role only"
