"""The shared rules: each one refuses alike in the stores' checks, the loader's and a mutation's."""

from __future__ import annotations

import pytest

from graph import rules
from graph.errors import RuleViolation
from graph.query import Direction
from graph.store import Store
from tests.graph_fixtures import build_small_graph


def test_an_end_before_its_start_is_refused_by_both_stores_naming_the_field(store: Store) -> None:
    build_small_graph(store)
    row = {"from": "p5", "to": "p6", "agreementId": "m9", "start": "2024-01-01", "end": "2023-01-01", "status": "终止"}
    with pytest.raises(RuleViolation) as refused:
        store.upsert_relationships("MENTORED", [row])
    assert refused.value.field == "end" and "precedes start" in refused.value.reason
    assert all(n.rel["agreementId"] != "m9" for n in store.neighbours("Person", ["p5"], "MENTORED", Direction.OUT)["p5"])


def test_a_domain_violation_names_its_field(store: Store) -> None:
    with pytest.raises(RuleViolation) as refused:
        store.upsert_nodes("Person", [{"personId": "x", "name": "某", "status": "失业"}])
    assert refused.value.field == "status" and "must be one of" in refused.value.reason


def test_a_cycle_is_named_with_its_people() -> None:
    mentors = {"a": {"b"}, "b": {"c"}}  # a's mentor is b, b's is c
    with pytest.raises(RuleViolation, match="a -> c -> b -> a"):
        rules.check_acyclic("MENTORED", "a", "c", mentors)
    rules.check_acyclic("MENTORED", "c", "d", mentors)  # a new apprentice closes nothing


def test_only_an_ongoing_mentorship_changes_status_and_a_completion_carries_end_and_result() -> None:
    rules.check_transition("m", {"status": "在带"}, {"status": "已出师"})
    with pytest.raises(RuleViolation, match="already 已出师"):
        rules.check_transition("m", {"status": "已出师"}, {"status": "终止"})
    with pytest.raises(RuleViolation) as refused:
        rules.check_completion("m", {"status": "已出师", "end": "2024-01-01"})
    assert refused.value.field == "result"


def test_dates_are_compared_at_their_precision_through_graph_dates() -> None:
    assert rules.date_order_problems({"start": "2021-03", "end": "2021-03-15"}) == []  # not certainly before
    assert [f for f, _ in rules.date_order_problems({"start": "2021-03-01", "end": "2021-02"})] == ["end"]
