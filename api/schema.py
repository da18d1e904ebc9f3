"""The schema: the root Query assembled from one list of query types, and the limits as validation rules."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import AddValidationRules
from strawberry.tools import merge_types

from api.analytics import AnalyticsQuery
from api.limits import Limits
from api.queries import EntityQuery
from api.search import SearchQuery

# The root Query is these types' fields together: add a query type here to add its fields.
QUERY_TYPES: tuple[type, ...] = (EntityQuery, SearchQuery, AnalyticsQuery)

Query = merge_types("Query", QUERY_TYPES)


class ApiSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Not here: api.masking logs internal errors, with the request id."""


def build_schema(limits: Limits | None = None) -> ApiSchema:
    rules = (limits or Limits()).validation_rules()
    return ApiSchema(query=Query, extensions=[lambda: AddValidationRules(rules)])


def sdl() -> str:
    """The schema in SDL, as schema.graphql keeps it."""
    return str(build_schema()).rstrip() + "\n"
