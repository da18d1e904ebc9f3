"""The schema: the root Query assembled from one list of query types (limits are checked before it runs: api.limits)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.tools import merge_types

from api.analytics import AnalyticsQuery
from api.queries import EntityQuery
from api.search import SearchQuery

# The root Query is these types' fields together: add a query type here to add its fields.
QUERY_TYPES: tuple[type, ...] = (EntityQuery, SearchQuery, AnalyticsQuery)

Query = merge_types("Query", QUERY_TYPES)


class ApiSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Not here: api.masking logs internal errors, with the request id."""


DOCUMENTS_CACHED = 1024  # parsed and validated documents kept, least recently used dropped first


def build_schema() -> ApiSchema:
    """The schema, caching each document's parse and validation (strawberry's own extensions: LRU caches they share)."""
    return ApiSchema(
        query=Query, extensions=[lambda: ParserCache(DOCUMENTS_CACHED), lambda: ValidationCache(DOCUMENTS_CACHED)]
    )


def sdl() -> str:
    """The schema in SDL, as schema.graphql keeps it."""
    return str(build_schema()).rstrip() + "\n"
