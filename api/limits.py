"""Request limits: query depth, aliases and tokens, each refused with LIMIT_EXCEEDED naming the limit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    parse,
)

from api.errors import limit_exceeded


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12  # people.edges.node.apprentices.apprentice... counts each field
    max_aliases: int = 30
    max_tokens: int = 2000

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Limits":
        """STUDIOGRAPH_MAX_DEPTH, STUDIOGRAPH_MAX_ALIASES, STUDIOGRAPH_MAX_TOKENS override the defaults."""
        defaults = cls()
        return cls(
            max_depth=int(env.get("STUDIOGRAPH_MAX_DEPTH") or defaults.max_depth),
            max_aliases=int(env.get("STUDIOGRAPH_MAX_ALIASES") or defaults.max_aliases),
            max_tokens=int(env.get("STUDIOGRAPH_MAX_TOKENS") or defaults.max_tokens),
        )

    def validation_rules(self) -> list[type[ValidationRule]]:
        limits = self

        class DepthLimit(ValidationRule):
            def enter_document(self, node: DocumentNode, *_: Any) -> None:
                depth = document_depth(node)
                if depth > limits.max_depth:
                    self.report_error(limit_exceeded("query depth", depth, limits.max_depth))

        class AliasLimit(ValidationRule):
            def enter_document(self, node: DocumentNode, *_: Any) -> None:
                aliases = count_aliases(node)
                if aliases > limits.max_aliases:
                    self.report_error(limit_exceeded("aliases", aliases, limits.max_aliases))

        return [DepthLimit, AliasLimit]

    def parse(self, query: str) -> DocumentNode:
        """Parse, refusing a document of more than `max_tokens` tokens before reading it all."""
        try:
            return parse(query, max_tokens=self.max_tokens)
        except GraphQLSyntaxError as error:
            if "tokens" in error.message and str(self.max_tokens) in error.message:
                raise limit_exceeded("tokens", None, self.max_tokens) from error
            raise


def document_depth(document: DocumentNode) -> int:
    """The deepest field nesting of any operation, fragments expanded; introspection fields not counted."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return max((_depth(op.selection_set, fragments, frozenset()) for op in operations), default=0)


def _depth(selections: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]) -> int:
    if selections is None:
        return 0
    deepest = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                deepest = max(deepest, _depth(fragments[name].selection_set, fragments, seen | {name}))
    return deepest


def count_aliases(document: DocumentNode) -> int:
    """Aliased fields in the whole document, as written (fragments counted once)."""
    count = 0

    def walk(node: Any) -> None:
        nonlocal count
        if isinstance(node, FieldNode) and node.alias is not None:
            count += 1
        for child in getattr(node, "selection_set", None) and node.selection_set.selections or ():
            walk(child)

    for definition in document.definitions:
        walk(definition)
    return count

