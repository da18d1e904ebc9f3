"""A change to the graph as one unit: the writes of one mutation (or a load's summary) and its audit entry.

Both stores take a Change in `apply`, check it against the rules, write it and
its audit entry in one transaction, or refuse it whole. A version on every
node and relationship a change writes lets a stale edit be refused.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graph.query import NodeRef

VERSION = "version"  # the stored property counting a node's or relationship's writes through `apply`


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a role and the label configured with the token (never the token)."""

    role: str
    label: str


@dataclass(frozen=True)
class RelRef:
    """A relationship: by its key alone when its type has one (a mentorship's agreementId), else by its ends."""

    type: str
    source: NodeRef | None = None
    target: NodeRef | None = None
    key: str = ""

    def describe(self) -> str:
        if self.key:
            return f"{self.type} {self.key}"
        assert self.source is not None and self.target is not None
        return f"{self.type} {self.source.key}->{self.target.key}"


Target = NodeRef | RelRef


def describe(target: Target) -> str:
    return target.describe() if isinstance(target, RelRef) else f"{target.label} {target.key}"


class Mode(Enum):
    CREATE = "create"  # must not exist yet
    UPDATE = "update"  # must exist
    MERGE = "merge"  # either
    DELETE = "delete"  # a relationship that must exist


@dataclass(frozen=True)
class Write:
    target: Target
    mode: Mode
    props: Mapping[str, Any] = field(default_factory=dict)  # properties to set; None removes one
    version: int | None = None  # the version the writer read; None: not checked
    expect: Mapping[str, Any] = field(default_factory=dict)  # stored values the change needs (a status, say)


@dataclass(frozen=True)
class PropChange:
    object: str
    property: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    operation: str
    actor: Actor
    subject: Target  # the object the answer shows
    writes: tuple[Write, ...] = ()
    idempotency_key: str | None = None
    summary: tuple[PropChange, ...] = ()  # changes recorded as they are (a load's counts), not written to the graph


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, UTC
    role: str
    label: str
    operation: str
    object_type: str
    object_key: str
    people: tuple[str, ...]
    changes: tuple[PropChange, ...]
    idempotency_key: str | None = None

    def to_record(self) -> dict[str, Any]:
        """As both stores keep it: flat values, the changes as one JSON text."""
        return {
            "seq": self.seq, "at": self.at, "role": self.role, "label": self.label, "operation": self.operation,
            "objectType": self.object_type, "objectKey": self.object_key, "people": list(self.people),
            "changes": json.dumps([[c.object, c.property, c.old, c.new] for c in self.changes], ensure_ascii=False),
            "idempotencyKey": self.idempotency_key,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "AuditEntry":
        changes = tuple(PropChange(*item) for item in json.loads(record["changes"]))
        return cls(record["seq"], record["at"], record["role"], record["label"], record["operation"],
                   record["objectType"], record["objectKey"], tuple(record.get("people") or ()), changes,
                   record.get("idempotencyKey"))


@dataclass(frozen=True)
class Applied:
    """What `apply` answers: the entry recorded, and whether it was recorded before (an idempotent retry)."""

    entry: AuditEntry
    replayed: bool = False


@dataclass(frozen=True)
class AuditQuery:
    """Which entries `audit_log` returns, newest first."""

    object_key: str | None = None
    person: str | None = None
    operation: str | None = None
    since: str | None = None  # ISO 8601 instants, inclusive
    until: str | None = None

    def keeps(self, entry: AuditEntry) -> bool:
        return (
            (self.object_key is None or entry.object_key == self.object_key)
            and (self.person is None or self.person in entry.people)
            and (self.operation is None or entry.operation == self.operation)
            and (self.since is None or entry.at >= self.since)
            and (self.until is None or entry.at <= self.until)
        )


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
