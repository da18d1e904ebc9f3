"""Relay-style connections: `first`/`after` (and `last`/`before`), opaque offset cursors, lazy totalCount."""

from __future__ import annotations

import base64
import re
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from api.errors import bad_input, limit_exceeded

T = TypeVar("T")
X = TypeVar("X")

DEFAULT_PAGE = 20
MAX_PAGE = 100
_PREFIX = "offset:"
_CURSOR = re.compile(r"offset:([0-9]{1,9})")  # ASCII digits only ('²' is a digit to str.isdigit), at most 9
_MAX_CURSOR = 64

Fetch = Callable[[int, int], Awaitable[Sequence[X]]]  # (offset, limit) -> items
Count = Callable[[], Awaitable[int]]


@strawberry.type(description="Where this page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow the last edge of this page.")
    has_previous_page: bool = strawberry.field(description="Items come before the first edge of this page.")
    start_cursor: str | None = strawberry.field(description="The cursor of the first edge; pass it as `before`.")
    end_cursor: str | None = strawberry.field(description="The cursor of the last edge; pass it as `after`.")


@strawberry.type(description="One item of a page and the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="An opaque position: pass it as `after` or `before`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="One page of a list: its edges, where it sits, and the size of the whole list on request.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow or precede, and the cursors to fetch them.")
    count: strawberry.Private[Count]

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many items the whole list has, filters applied; computed only when selected.")
    async def total_count(self) -> int:
        return await self.count()


def check_offset_page(first: int, offset: int, max_first: int, max_offset: int) -> None:
    """A `first`/`offset` page's arguments, refused when negative (BAD_USER_INPUT) or over their limits."""
    if first < 0 or offset < 0:
        raise bad_input("`first` and `offset` must not be negative")
    if first > max_first:
        raise limit_exceeded("page size", first, max_first)
    if offset > max_offset:
        raise limit_exceeded("offset", offset, max_offset)


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor points at; BAD_USER_INPUT for anything this API did not hand out."""
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii") if len(cursor) <= _MAX_CURSOR else ""
        found = _CURSOR.fullmatch(text)
    except (binascii.Error, UnicodeError):
        found = None
    if found is None:
        raise bad_input(f"not a cursor of this API: {cursor[:40]!r}")
    return int(found.group(1))


@dataclass(frozen=True)
class PageArgs:
    """The four Relay arguments as a client sent them."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def checked_size(self) -> int | None:
        """The requested page size, checked against 0..MAX_PAGE; None when paging backwards."""
        if self.first is not None and self.last is not None:
            raise bad_input("pass either `first` or `last`, not both")
        for name, size in (("first", self.first), ("last", self.last)):
            if size is not None and size < 0:
                raise bad_input(f"`{name}` must not be negative")
            if size is not None and size > MAX_PAGE:
                raise limit_exceeded("page size", size, MAX_PAGE)
        return None if self.last is not None else (self.first if self.first is not None else DEFAULT_PAGE)


async def paginate(args: PageArgs, fetch: Fetch[X], count: Count, wrap: Callable[[X], T]) -> Connection[T]:
    """Fetch one page through `fetch(offset, limit)`; `count` runs only for totalCount or a `last` page."""
    size = args.checked_size()
    before = decode_cursor(args.before) if args.before is not None else None
    if size is not None:
        start = decode_cursor(args.after) + 1 if args.after is not None else 0
        limit = size if before is None else max(0, min(size, before - start))
        items = list(await fetch(start, limit + 1))
        has_next = len(items) > limit or before is not None
        has_previous = start > 0
        items = items[:limit]
    else:
        end = before if before is not None else await count()
        start = max(0, end - (args.last or 0))
        items = list(await fetch(start, end - start)) if end > start else []
        has_next, has_previous = before is not None, start > 0
    edges = [Edge(cursor=encode_cursor(start + i), node=wrap(item)) for i, item in enumerate(items)]
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, count=count)


async def paginate_list(args: PageArgs, items: Sequence[T]) -> Connection[T]:
    """A connection over a list already in memory (an analytics ranking, say)."""

    async def fetch(offset: int, limit: int) -> Sequence[T]:
        return items[offset:offset + limit]

    async def count() -> int:
        return len(items)

    return await paginate(args, fetch, count, lambda item: item)
