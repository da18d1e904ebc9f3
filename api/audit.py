"""The audit trail as the admin role reads it: `auditLog`, filtered and paged; nothing edits or deletes it."""

import datetime
import json
from typing import Annotated, Any, Optional

import strawberry

from api.access import IsAdmin
from api.errors import bad_input
from api.pagination import check_offset_page
from graph.change import AuditEntry as StoredEntry
from graph.change import AuditQuery

MAX_PAGE = 100
MAX_OFFSET = 10_000


@strawberry.type(description="One changed property: its value before and after, as JSON text (null: absent).")
class PropertyChange:
    object: str = strawberry.field(description="The object changed, e.g. `MENTORED M0001` or `Person P0001`.")
    property: str = strawberry.field(description="The property; `exists` for a relationship created or deleted.")
    old: Optional[str] = strawberry.field(description="The value before, as JSON text; null when there was none.")
    new: Optional[str] = strawberry.field(description="The value after, as JSON text; null when there is none.")


@strawberry.type(description="One recorded change: who (role and token label, never the token), when, what, and each old and new value.")
class AuditEntry:
    seq: int = strawberry.field(description="Its place in the trail: 1, 2, 3 ... with no gaps.")
    at: datetime.datetime = strawberry.field(description="When it was committed (UTC).")
    role: str = strawberry.field(description="The role of the token that made the change (a load: `loader`).")
    label: str = strawberry.field(description="The label configured with the token that made the change.")
    operation: str = strawberry.field(description="The mutation (signMentorship, ...) or `load`.")
    object_type: str = strawberry.field(description="A node label or relationship type (MENTORED, ...), or Load.")
    object_key: str = strawberry.field(description="The object's key: a node key, an agreementId, `from->to`, a loaded folder.")
    people: list[str] = strawberry.field(description="personIds of the people the change concerns.")
    changes: list[PropertyChange] = strawberry.field(description="Each property changed, with old and new value.")


def _json(value: Any) -> Optional[str]:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def entry_object(entry: StoredEntry) -> AuditEntry:
    return AuditEntry(
        seq=entry.seq, at=datetime.datetime.fromisoformat(entry.at), role=entry.role, label=entry.label,
        operation=entry.operation, object_type=entry.object_type, object_key=entry.object_key,
        people=list(entry.people),
        changes=[PropertyChange(object=c.object, property=c.property, old=_json(c.old), new=_json(c.new)) for c in entry.changes],
    )


@strawberry.type(description="A page of the audit trail, newest first.")
class AuditLogPage:
    entries: list[AuditEntry] = strawberry.field(description="The entries of this page, newest first.")
    has_next_page: bool = strawberry.field(description="Whether more entries follow (ask with a larger `offset`).")


def _instant(value: Optional[datetime.datetime], name: str) -> Optional[str]:
    if value is None:
        return None
    if value.tzinfo is None:
        raise bad_input(f"`{name}` needs a time zone, e.g. 2026-01-01T00:00:00Z")
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")


@strawberry.type
class AuditLogQuery:
    @strawberry.field(permission_classes=[IsAdmin], description=(
        "The audit trail (admin only), newest first: every mutation and load, filtered by object key, person, "
        f"operation and time. At most {MAX_PAGE} entries a page; page on with `offset` (at most {MAX_OFFSET})."))
    async def audit_log(
        self, info: strawberry.Info,
        object_key: Annotated[Optional[str], strawberry.argument(description="Only changes of this object (a key or agreementId).")] = None,
        person: Annotated[Optional[str], strawberry.argument(description="Only changes concerning this personId.")] = None,
        operation: Annotated[Optional[str], strawberry.argument(description="Only this operation.")] = None,
        since: Annotated[Optional[datetime.datetime], strawberry.argument(description="Only at or after this instant.")] = None,
        until: Annotated[Optional[datetime.datetime], strawberry.argument(description="Only at or before this instant.")] = None,
        first: int = 20, offset: int = 0,
    ) -> AuditLogPage:
        check_offset_page(first, offset, MAX_PAGE, MAX_OFFSET)
        query = AuditQuery(object_key, person, operation, _instant(since, "since"), _instant(until, "until"))
        found = await info.context.store.audit_log(query, first + 1, offset)
        return AuditLogPage(entries=[entry_object(e) for e in found[:first]], has_next_page=len(found) > first)
