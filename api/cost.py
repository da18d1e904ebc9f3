"""What an operation will cost, measured before it runs: one pass over the document, fragments memoised.

Every figure is taken with fragments expanded, as the operation would execute:
depth, aliases, fields, the estimated nodes it can return (each list's page size
or bound multiplied down the tree, as GitHub's GraphQL API estimates its 500,000
node limit) and, inside `where` arguments, the nesting and the relationship hops.
A fragment is measured once, whatever the number of times it is spread: its
figures add (aliases, fields, nodes per parent) or take the maximum (depths), so
the pass is linear in the document even where spreads double at each level.

graphql-core and strawberry's QueryDepthLimiter and MaxAliasesLimiter walk each
spread again (2^n for a fragment that spreads the next twice) and count aliases
as written, not as executed: hence this module.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLInterfaceType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
)

from api.pagination import DEFAULT_PAGE

# Lists that are neither connections nor take `first`: their most items, as the schema documents them
# (api.analytics refuses a lineage larger than this).
STATIC_BOUNDS: Mapping[str, int] = {
    "Lineage.members": 1000,
    "Lineage.mentorships": 1000,
}
DEFAULT_LIST_BOUND = 100  # a list the table above does not name: small fixed lists (counts by level, steps of a path)


class TooDeep(Exception):
    """The walk stopped: nesting (of fields, spreads or input values) is over `limit`."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(what)
        self.what, self.limit = what, limit


@dataclass(frozen=True)
class Cost:
    """The figures of one selection set (or a whole operation), per object of its parent."""

    depth: int = 0  # deepest field nesting (introspection not counted)
    aliases: int = 0  # aliased fields, fragments expanded
    fields: int = 0  # fields, fragments expanded
    nodes: int = 0  # estimated objects returned by lists and connections
    filter_depth: int = 0  # deepest nesting of an input object in any argument (`where`)
    filter_hops: int = 0  # most relationship filters nested in one `where`

    def __add__(self, other: "Cost") -> "Cost":
        return Cost(
            max(self.depth, other.depth), self.aliases + other.aliases, self.fields + other.fields,
            self.nodes + other.nodes, max(self.filter_depth, other.filter_depth), max(self.filter_hops, other.filter_hops),
        )


def measure(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None, max_nesting: int,
) -> Cost:
    """The cost of `operation`; raises TooDeep as soon as any nesting passes `max_nesting`."""
    return _Walker(schema, document, variables or {}, max_nesting).operation(operation)


@dataclass
class _Measured:
    operation: OperationDefinitionNode  # held, so that its id is not another's while it is here
    reads: tuple[str, ...]  # the variables the measure read (`first: $n`, `where: $filter`)
    costs: dict[bytes, Cost] = field(default_factory=dict)  # by those variables' values


class Costs:
    """`measure`, remembered per operation and the values of the variables it read.

    Documents are parsed once (api.limits), so the same operation sent again is the same
    object: a person lookup with another `$id` costs a dictionary look-up, and only a new
    `$first` or `$where` is measured again. Bounded: `operations` kept, `values` each.
    """

    def __init__(self, operations: int = 1024, values: int = 64) -> None:
        self.operations, self.values = operations, values
        self._known: OrderedDict[int, _Measured] = OrderedDict()

    def measure(
        self, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None, max_nesting: int,
    ) -> Cost:
        variables = variables or {}
        known = self._known.get(id(operation))
        if known is not None and known.operation is operation:
            self._known.move_to_end(id(operation))
            cost = known.costs.get(_values(known.reads, variables))
            if cost is not None:
                return cost
        walker = _Walker(schema, document, variables, max_nesting)
        cost = walker.operation(operation)
        if known is None or known.operation is not operation:
            known = self._known[id(operation)] = _Measured(operation, tuple(sorted(walker.read)))
            if len(self._known) > self.operations:
                self._known.popitem(last=False)
        if len(known.costs) < self.values:
            known.costs[_values(known.reads, variables)] = cost
        return cost


def _values(names: tuple[str, ...], variables: Mapping[str, Any]) -> bytes:
    return orjson.dumps([variables.get(name) for name in names], option=orjson.OPT_SORT_KEYS)


class _Walker:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], max_nesting: int) -> None:
        self.schema, self.variables, self.max_nesting = schema, variables, max_nesting
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, Cost] = {}
        self.visiting: set[str] = set()
        self.read: set[str] = set()  # the variables whose values the figures depend on

    def operation(self, operation: OperationDefinitionNode) -> Cost:
        root = self.schema.get_root_type(operation.operation)
        return self.selections(operation.selection_set, root, 0) if root is not None else Cost()

    def selections(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType, nesting: int) -> Cost:
        if nesting > self.max_nesting:
            raise TooDeep("selection nesting", self.max_nesting)
        total = Cost()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, nesting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, inner or parent, nesting + 1)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, nesting)
        return total

    def fragment(self, name: str, nesting: int) -> Cost:
        """A fragment's cost, computed once; a cycle (a validation error) costs nothing here."""
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return Cost()
        self.visiting.add(name)
        on = self.schema.get_type(definition.type_condition.name.value)
        cost = self.selections(definition.selection_set, on, nesting + 1) if on is not None else Cost()
        self.visiting.discard(name)
        self.memo[name] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType, nesting: int) -> Cost:
        alias = 1 if node.alias is not None else 0
        if node.name.value.startswith("__"):
            return Cost(aliases=alias, fields=1)  # introspection: the schema's own size bounds it
        definition = parent.fields.get(node.name.value) if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) else None
        if definition is None:
            return Cost(aliases=alias, fields=1)  # validation reports it
        filter_depth, hops = 0, 0
        for argument in node.arguments or ():
            arg_def = definition.args.get(argument.name.value)
            if arg_def is not None:
                depth, arg_hops = self.input_nesting(argument.value, arg_def.type, 0)
                filter_depth, hops = max(filter_depth, depth), max(hops, arg_hops)
        child_type = _named(definition.type)
        child = self.selections(node.selection_set, child_type, nesting + 1)
        items = self.list_size(node, parent, definition, child_type)
        own = items if items != 1 or _is_list(definition.type) or _is_connection(child_type) else 0
        return Cost(
            depth=1 + child.depth, aliases=alias + child.aliases, fields=1 + child.fields,
            nodes=own + items * child.nodes,
            filter_depth=max(filter_depth, child.filter_depth), filter_hops=max(hops, child.filter_hops),
        )

    def list_size(self, node: FieldNode, parent: GraphQLNamedType, definition: Any, child_type: GraphQLNamedType) -> int:
        """How many objects the field can return per parent: 1, a page size or a documented bound."""
        if _is_connection(child_type):
            size = self.int_argument(node, "first", definition) or self.int_argument(node, "last", definition)
            return size if size is not None else DEFAULT_PAGE
        if not _is_list(definition.type):
            return 1
        if parent.name.endswith("Connection"):
            return 1  # its edges or nodes: the connection counted its page
        if "first" in definition.args:
            size = self.int_argument(node, "first", definition)
            return size if size is not None else DEFAULT_LIST_BOUND
        return STATIC_BOUNDS.get(f"{parent.name}.{node.name.value}", DEFAULT_LIST_BOUND)

    def int_argument(self, node: FieldNode, name: str, definition: Any) -> int | None:
        """An integer argument as given (a literal or a variable), else its default; None when absent."""
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = self.value(argument.value)
                return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
        default = definition.args[name].default_value if name in definition.args else None
        return default if isinstance(default, int) else None

    def value(self, node: ValueNode) -> Any:
        """A scalar argument's Python value (lists and objects are not needed here)."""
        if isinstance(node, VariableNode):
            self.read.add(node.name.value)
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value) if len(node.value) <= 12 else None
        return None

    def input_nesting(self, value: Any, type_: GraphQLInputType, depth: int) -> tuple[int, int]:
        """(deepest input object nesting, most relationship filters along one path) of an argument's value."""
        if depth > self.max_nesting:
            raise TooDeep("argument nesting", self.max_nesting)
        if not isinstance(_named(type_), GraphQLInputObjectType):
            return 0, 0  # a scalar or enum (or a list of them) nests nothing
        if isinstance(value, VariableNode):
            self.read.add(value.name.value)
            return self.input_nesting(self.variables.get(value.name.value), type_, depth)
        while isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            items = value.values if isinstance(value, ListValueNode) else value if isinstance(value, list) else [value]
            return _deepest(self.input_nesting(item, type_.of_type, depth) for item in items)
        if not isinstance(type_, GraphQLInputObjectType):
            return 0, 0
        entries = _entries(value)
        deepest, hops = depth + 1, 0
        for name, inner in entries:
            field = type_.fields.get(name)
            if field is None:
                continue
            inner_depth, inner_hops = self.input_nesting(inner, field.type, depth + 1)
            hop = 1 if _is_relationship_filter(type_, name, field.type) else 0
            deepest, hops = max(deepest, inner_depth), max(hops, inner_hops + hop)
        return deepest, hops


def _entries(value: Any) -> list[tuple[str, Any]]:
    """The fields of an input object given as a literal or as a variable's JSON."""
    if isinstance(value, ObjectValueNode):
        return [(f.name.value, f.value) for f in value.fields]
    if isinstance(value, dict):
        return list(value.items())
    return []  # null, a scalar where an object belongs (coercion reports it)


def _is_relationship_filter(owner: GraphQLInputObjectType, name: str, type_: GraphQLInputType) -> bool:
    """In `<Label>Where`, a field naming another `<Label>Where` that is not and/or/not: one hop across a relationship."""
    inner = _named(type_)
    return owner.name.endswith("Where") and inner.name.endswith("Where") and name not in ("and", "or", "not")


def _deepest(pairs: Any) -> tuple[int, int]:
    depth, hops = 0, 0
    for pair_depth, pair_hops in pairs:
        depth, hops = max(depth, pair_depth), max(hops, pair_hops)
    return depth, hops


def _named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def _is_connection(type_: Any) -> bool:
    return isinstance(type_, GraphQLObjectType) and type_.name.endswith("Connection") and "edges" in type_.fields


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)

