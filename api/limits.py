"""Request limits, checked before anything runs: tokens while parsing, then the operation's cost (api.cost).

Each refusal is LIMIT_EXCEEDED naming the limit, what the request asked for and the most allowed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLSchema, GraphQLSyntaxError, OperationDefinitionNode, parse

from api.cost import Cost, Costs, TooDeep
from api.errors import ApiError, bad_input, limit_exceeded

NESTING = 64  # fields, spreads or input objects nested deeper than this stop the walk at once


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12  # people.edges.node.apprentices.apprentice... counts each field
    max_aliases: int = 30  # aliased fields as executed: an alias in a fragment spread twice counts twice
    max_tokens: int = 2000
    max_fields: int = 2000  # fields as executed, fragments expanded
    max_nodes: int = 100_000  # estimated objects returned: each list's page size multiplied down the tree
    max_filter_depth: int = 10  # nesting of input objects (`where: {not: {and: [...]}}`)
    max_filter_hops: int = 2  # relationship filters nested in one `where` (each hop multiplies the work)
    costs: Costs = field(default_factory=Costs, init=False, compare=False, repr=False)  # measured before

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Limits":
        """STUDIOGRAPH_MAX_DEPTH, _MAX_ALIASES, _MAX_TOKENS, _MAX_FIELDS, _MAX_NODES, _MAX_FILTER_DEPTH, _MAX_FILTER_HOPS."""
        defaults = cls()
        given = {f.name: env.get(f"STUDIOGRAPH_{f.name.upper()}") for f in fields(cls) if f.init}
        return cls(**{name: int(value) if value else getattr(defaults, name) for name, value in given.items()})

    def parse(self, query: str) -> DocumentNode:
        """Parse (once per distinct document: cached), refusing more than `max_tokens` tokens before reading it all."""
        try:
            return _parse(query, self.max_tokens)
        except GraphQLSyntaxError as error:
            if "tokens" in error.message and str(self.max_tokens) in error.message:
                raise limit_exceeded("tokens", None, self.max_tokens) from error
            raise
        except RecursionError:
            raise bad_input("the document nests too deeply to parse") from None

    def check(
        self, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
    ) -> Cost:
        """The operation's cost, or LIMIT_EXCEEDED for the first limit it is over."""
        try:
            cost = self.costs.measure(schema, document, operation, variables, NESTING)
        except TooDeep as error:
            raise limit_exceeded(error.what, None, error.limit) from None
        for name, value, maximum in (
            ("query depth", cost.depth, self.max_depth),
            ("aliases", cost.aliases, self.max_aliases),
            ("fields", cost.fields, self.max_fields),
            ("estimated nodes", cost.nodes, self.max_nodes),
            ("filter depth", cost.filter_depth, self.max_filter_depth),
            ("filter hops", cost.filter_hops, self.max_filter_hops),
        ):
            if value > maximum:
                raise limit_exceeded(name, value, maximum)
        return cost


@lru_cache(maxsize=1024)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    """graphql-core's parse, cached: documents are not changed once parsed (failures are not cached)."""
    return parse(query, max_tokens=max_tokens)
