"""Relationship rows split into groups that share no node, so that they can be written at once."""

from __future__ import annotations

import random

from loaders.partition import disjoint_groups, rounds


def ends(row: tuple[str, ...]) -> tuple[str, ...]:
    return row


def nodes_of(group: list[tuple[str, ...]]) -> set[str]:
    return {node for row in group for node in row}


def test_groups_of_a_round_share_no_node_and_every_row_is_placed_once() -> None:
    rng = random.Random(7)
    rows = [(f"p{rng.randrange(300)}", f"o{rng.randrange(40)}") for _ in range(2000)]
    found = rounds(rows, ends, 2)
    placed = [row for groups in found for group in groups for row in group]
    assert sorted(placed) == sorted(rows)
    for groups in found[:-1]:
        for i, group in enumerate(groups):
            for other in groups[i + 1 :]:
                assert not nodes_of(group) & nodes_of(other)


def test_rows_that_would_join_two_groups_wait_for_a_later_round() -> None:
    rows = [("a", "x"), ("b", "y"), ("a", "y")]
    groups, rest = disjoint_groups(rows, ends, 2)
    assert groups == [[("a", "x")], [("b", "y")]] and rest == [("a", "y")]
    assert rounds(rows, ends, 2) == [[[("a", "x")], [("b", "y")]], [[("a", "y")]]]


def test_a_hub_keeps_its_rows_in_one_group_and_the_rest_balance_across_groups() -> None:
    rows = [(f"p{i}", "hub") for i in range(10)] + [(f"q{i}", f"r{i}") for i in range(10)]
    groups, rest = disjoint_groups(rows, ends, 2)
    assert not rest and len(groups) == 2
    hub = next(g for g in groups if ("p0", "hub") in g)
    assert all(("p%d" % i, "hub") in hub for i in range(10))
    assert sorted(len(g) for g in groups) == [10, 10]


def test_after_the_last_round_allowed_whatever_is_left_is_one_group() -> None:
    rows = [("a", "x"), ("b", "y"), ("a", "y"), ("b", "x"), ("c", "x")]
    found = rounds(rows, ends, 2, most=2)
    assert len(found) == 2 and len(found[-1]) == 1
    assert sorted(r for g in found for group in g for r in group) == sorted(rows)


def test_a_leftover_too_small_to_split_again_is_one_last_group() -> None:
    rows = [("a", "x"), ("b", "y"), ("a", "y"), ("c", "z"), ("d", "w"), ("c", "w")]
    groups, rest = disjoint_groups(rows, ends, 2)
    assert rest == [("a", "y"), ("c", "w")]  # they share no node: a round of their own would split them
    assert rounds(rows, ends, 2, alone=1)[-1] == [[("a", "y")], [("c", "w")]]
    assert rounds(rows, ends, 2, alone=2)[-1] == [[("a", "y"), ("c", "w")]]


def test_one_part_is_every_row_in_one_group_in_one_round() -> None:
    rows = [("a", "x"), ("b", "y"), ("a", "y")]
    assert rounds(rows, ends, 1) == [[rows]] and rounds([], ends, 1) == []


def test_rows_of_any_number_of_ends_a_node_and_its_links_far_ends_share_none_across_groups() -> None:
    rng = random.Random(11)
    rows = [tuple(f"e{rng.randrange(60)}" for _ in range(rng.randrange(4))) for _ in range(500)]  # none to three ends
    groups, rest = disjoint_groups(rows, ends, 2)
    assert len(groups) == 2 and sorted([*groups[0], *groups[1], *rest]) == sorted(rows)
    assert not nodes_of(groups[0]) & nodes_of(groups[1])
    assert all(len({i for i, group in enumerate(groups) if set(row) & nodes_of(group)}) == 2 for row in rest)
    assert () in groups[0] + groups[1]  # a row with no end joins no one: it goes to a group, never waits
