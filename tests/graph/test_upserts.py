"""Upserts as values: their rows checked once, when their groups are first asked for."""

from __future__ import annotations

import pytest

from graph import checks
from graph.errors import InvalidData
from graph.model import node_type, rel_type
from graph.upserts import NodeUpsert, RelUpsert


def test_a_node_upserts_groups_are_its_rows_checked_and_grouped_by_the_properties_given() -> None:
    rows = [{"personId": "p1", "name": "王建国", "birthYear": 1970}, {"personId": "p2", "name": "李娜"},
            {"personId": "p3", "name": "张伟", "birthYear": 1985}]
    write = NodeUpsert("Person", rows)
    assert write.groups == checks.check_nodes(node_type("Person"), rows)
    assert write.groups == [
        (("personId", "name", "birthYear"), [["p1", "王建国", 1970], ["p3", "张伟", 1985]]),
        (("personId", "name"), [["p2", "李娜"]]),
    ]


def test_a_relationship_upserts_groups_give_each_rows_ends_first() -> None:
    write = RelUpsert("CERTIFIED", [{"from": "p1", "to": "6-18-01-01", "grade": 3}])
    assert write.groups == checks.check_rels(rel_type("CERTIFIED"), write.rows)
    assert write.groups == [(("grade",), [["p1", "6-18-01-01", 3]])]


def test_groups_are_checked_once_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    check = checks.check_nodes
    monkeypatch.setattr(checks, "check_nodes", lambda node, rows: calls.append(len(rows)) or check(node, rows))
    write = NodeUpsert("Person", [{"personId": "p1", "name": "王建国"}])
    assert write.groups is write.groups
    assert calls == [1]


def test_a_bad_row_is_refused_each_time_the_groups_are_asked_for() -> None:
    write = NodeUpsert("Person", [{"personId": "p1", "name": "王建国", "birthYear": "nineteen"}])
    for _ in range(2):
        with pytest.raises(InvalidData, match="birthYear"):
            write.groups
