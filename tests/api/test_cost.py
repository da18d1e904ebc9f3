"""The cost of an operation is measured once per operation and per value of the variables it reads."""

from __future__ import annotations

import pytest
from graphql import OperationDefinitionNode, parse

from api.cost import Costs
from api.errors import ApiError
from api.limits import Limits, NESTING
from api.queries import build_schema

SCHEMA = build_schema()._schema
PAGE = """query($id: ID!, $n: Int) { person(id: $id) { name apprentices(first: $n) { apprentice { name } } } }"""


def operation_of(text: str) -> tuple:
    document = parse(text)
    return document, next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def test_another_id_reuses_the_measure_and_another_page_size_does_not() -> None:
    costs, (document, operation) = Costs(), operation_of(PAGE)
    first = costs.measure(SCHEMA, document, operation, {"id": "p1", "n": 5}, NESTING)
    again = costs.measure(SCHEMA, document, operation, {"id": "p2", "n": 5}, NESTING)
    bigger = costs.measure(SCHEMA, document, operation, {"id": "p1", "n": 50}, NESTING)
    assert again is first  # the id is not read by the measure: nothing was walked again
    assert bigger.nodes == 50 and first.nodes == 5


def test_the_same_text_parsed_again_is_measured_afresh() -> None:
    costs = Costs()
    small = costs.measure(SCHEMA, *operation_of(PAGE), {"id": "p1", "n": 5}, NESTING)
    other = costs.measure(SCHEMA, *operation_of(PAGE.replace("$n", "$m").replace("$m: Int", "$m: Int")),
                          {"id": "p1", "m": 7}, NESTING)
    assert (small.nodes, other.nodes) == (5, 7)


def test_a_remembered_cost_is_still_held_to_the_limits() -> None:
    limits = Limits(max_nodes=60)
    document, operation = operation_of(PAGE)
    assert limits.check(SCHEMA, document, operation, {"id": "p1", "n": 50}).nodes == 50
    with pytest.raises(ApiError, match="estimated nodes"):
        limits.check(SCHEMA, document, operation, {"id": "p1", "n": 100})
    assert Limits(max_nodes=10).costs is not limits.costs  # each Limits keeps its own


def test_the_memory_is_bounded() -> None:
    costs = Costs(operations=2, values=1)
    operations = [operation_of(PAGE) for _ in range(3)]
    for document, operation in operations:
        costs.measure(SCHEMA, document, operation, {"id": "p1", "n": 1}, NESTING)
    assert len(costs._known) == 2
    document, operation = operations[-1]
    for n in (2, 3):
        costs.measure(SCHEMA, document, operation, {"id": "p1", "n": n}, NESTING)
    assert len(costs._known[id(operation)].costs) == 1
