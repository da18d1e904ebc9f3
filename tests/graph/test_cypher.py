"""graph.cypher's write plan, driven by hand: what it sends the server and what it makes of the answers."""

from __future__ import annotations

import pytest

from graph import cypher
from graph.errors import MissingEndpoint
from graph.upserts import NodeUpsert, RelUpsert

WRITES = [
    NodeUpsert("Person", [{"personId": "p9", "name": "新人"}, {"personId": "p10", "name": "又一人", "birthYear": 1990}]),
    RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 3}, {"from": "p10", "to": "nowhere", "grade": 2}]),
]


def test_a_transactions_writes_go_as_one_query_a_subquery_for_each_group_of_rows_in_order() -> None:
    plan = cypher.upserts(WRITES)
    query, params = next(plan)
    assert query.count("CALL () {") == 3  # two groups of people (with and without birthYear), one of certificates
    assert query.index("MERGE (n:Person") < query.index("MERGE (a)-[r:CERTIFIED")
    assert params == {"rows0": [["p9", "新人"]], "rows1": [["p10", "又一人", 1990]],
                      "rows2": [["p9", "6-18-01-01", 3], ["p10", "nowhere", 2]]}
    with pytest.raises(StopIteration) as done:
        plan.send([{"w0": 1, "w1": 1, "w2": 2}])
    assert done.value.value == 4


def test_a_relationship_write_that_matched_fewer_rows_names_the_missing_ends() -> None:
    plan = cypher.upserts(WRITES)
    next(plan)
    lookup, params = plan.send([{"w0": 1, "w1": 1, "w2": 1}])
    assert "OPTIONAL MATCH (n:Person" in lookup and params == {"keys": ["p10", "p9"]}
    lookup, params = plan.send([])
    assert "OPTIONAL MATCH (n:Occupation" in lookup and params == {"keys": ["6-18-01-01", "nowhere"]}
    with pytest.raises(MissingEndpoint, match="CERTIFIED: no such node: Occupation 'nowhere'"):
        plan.send([{"k": "nowhere"}])


def test_writes_without_rows_send_nothing() -> None:
    plan = cypher.upserts([NodeUpsert("Person", []), RelUpsert("CERTIFIED", [])])
    with pytest.raises(StopIteration) as done:
        next(plan)
    assert done.value.value == 0


def test_a_relationship_to_a_node_only_a_later_write_creates_says_so() -> None:
    plan = cypher.upserts([RelUpsert("CERTIFIED", [{"from": "p9", "to": "6-18-01-01", "grade": 3}]),
                           NodeUpsert("Person", [{"personId": "p9", "name": "新人"}])])
    next(plan)
    plan.send([{"w0": 0, "w1": 1}])  # the relationship found no p9: the node came after it
    plan.send([])  # looked up after both ran: p9 is there now
    with pytest.raises(MissingEndpoint, match="CERTIFIED: a node it names is created only by a later write"):
        plan.send([])
