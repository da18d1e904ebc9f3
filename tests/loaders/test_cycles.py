"""Rows that would close a master–apprentice cycle, against stored edges and earlier rows."""

from __future__ import annotations

from loaders.cycles import closing_rows


def test_a_row_closing_a_cycle_through_stored_edges_is_found_with_the_cycle() -> None:
    stored = [("a", "b"), ("b", "c")]
    closing = closing_rows(stored, [(2, "c", "a"), (3, "c", "d")])
    assert closing == {2: ["c", "a", "b", "c"]}


def test_rows_are_judged_in_order_and_a_refused_row_is_left_out() -> None:
    closing = closing_rows([], [(2, "a", "b"), (3, "b", "a"), (4, "b", "c"), (5, "c", "a"), (6, "d", "d")])
    assert closing == {3: ["b", "a", "b"], 5: ["c", "a", "b", "c"], 6: ["d", "d"]}


def test_a_diamond_is_not_a_cycle() -> None:
    assert closing_rows([("a", "b"), ("a", "c")], [(2, "b", "d"), (3, "c", "d"), (4, "a", "d")]) == {}
