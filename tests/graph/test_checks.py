"""The store's checks: a value is kept, converted or refused with a reason naming the row and the field."""

from __future__ import annotations

import re

import pytest

from graph.checks import check_node, check_nodes, check_rel, check_rels
from graph.errors import InvalidData, RuleViolation
from graph.model import node_type, rel_type

PERSON = node_type("Person")
ACHIEVEMENT = node_type("Achievement")
STUDIO = node_type("Studio")
CERTIFIED = rel_type("CERTIFIED")
MENTORED = rel_type("MENTORED")


def test_a_good_row_is_kept_as_given_and_a_whole_number_becomes_a_float() -> None:
    row = {"personId": "p1", "name": "王建国", "gender": "男", "birthYear": 1975, "birthDate": "1975-03"}
    assert check_node(PERSON, row) == row
    found = check_node(ACHIEVEMENT, {"achievementId": "a1", "title": "t", "type": "技术革新", "benefitWanYuan": 12})
    assert found["benefitWanYuan"] == 12.0 and type(found["benefitWanYuan"]) is float


@pytest.mark.parametrize(("row", "reason"), [
    ({"birthYear": True}, "birthYear must be a number, not True"),
    ({"birthYear": "1975"}, "birthYear must be int, not str '1975'"),
    ({"birthYear": 1800}, "birthYear must be within"),
    ({"gender": "男性"}, "gender must be one of"),
    ({"gender": 1}, "gender must be str, not int 1"),
    ({"birthDate": "1975-02-30"}, "birthDate must be a date"),
    ({"birthDate": "1975/02/03"}, "birthDate must be a date"),
    ({"name": None}, "name is required"),
])
def test_a_bad_value_is_refused_naming_the_row_and_the_field(row: dict[str, object], reason: str) -> None:
    with pytest.raises(RuleViolation, match="Person personId='p1'") as refused:
        check_node(PERSON, {"personId": "p1", "name": "王建国", **row})
    assert reason in str(refused.value)
    assert refused.value.field == next(iter(row))


def test_of_two_bad_values_the_first_in_the_models_order_is_reported_whatever_the_rows_order() -> None:
    bad = {"birthYear": "old", "gender": "?"}
    reasons = set()
    for row in (bad, dict(reversed(bad.items()))):
        with pytest.raises(RuleViolation) as refused:
            check_node(PERSON, {"personId": "p1", "name": "n", **row})
        reasons.add(refused.value.field)
    first = next(p.name for p in PERSON.all_properties if p.name in bad)
    assert reasons == {first}


def test_a_missing_key_a_required_property_or_an_unknown_one_is_refused() -> None:
    with pytest.raises(InvalidData, match="key"):
        check_node(PERSON, {"name": "n"})
    with pytest.raises(RuleViolation, match="name is required"):
        check_node(STUDIO, {"studioId": "s1"})
    with pytest.raises(InvalidData, match="unknown properties shoeSize"):
        check_node(PERSON, {"personId": "p1", "name": "n", "shoeSize": 42})


def test_a_relationship_row_is_checked_without_its_ends_and_its_dates_in_order() -> None:
    row = {"from": "p1", "to": "6-18", "grade": 3, "issuedOn": "2020-05-01"}
    assert check_rel(CERTIFIED, row) == {"grade": 3, "issuedOn": "2020-05-01"}
    with pytest.raises(RuleViolation, match="CERTIFIED 'p1'->'6-18'.*grade must be within"):
        check_rel(CERTIFIED, {**row, "grade": 9})
    with pytest.raises(InvalidData, match="the 'to' key is missing"):
        check_rel(CERTIFIED, {"from": "p1", "grade": 3})
    mentorship = {"from": "p1", "to": "p2", "agreementId": "m1", "status": "已出师", "start": "2021-03-01", "end": "2020-01-01"}
    with pytest.raises(RuleViolation, match="end 2020-01-01 precedes start 2021-03-01"):
        check_rel(MENTORED, mentorship)


def test_a_batch_is_grouped_by_the_properties_each_row_names_with_the_values_check_node_keeps() -> None:
    rows = [
        {"personId": "p1", "name": "王建国", "gender": "男"},
        {"personId": "p2", "name": "李红"},
        {"personId": "p3", "name": "张伟", "gender": "女"},
        {"personId": "p4", "name": "赵六", "gender": None},
    ]
    assert check_nodes(PERSON, rows) == [
        (("personId", "name", "gender"), [["p1", "王建国", "男"], ["p3", "张伟", "女"], ["p4", "赵六", None]]),
        (("personId", "name"), [["p2", "李红"]]),
    ]
    converted = check_nodes(ACHIEVEMENT, [{"achievementId": "a1", "title": "t", "type": "技术革新", "benefitWanYuan": 12}])
    assert converted[0][1][0][3] == 12.0 and type(converted[0][1][0][3]) is float


@pytest.mark.parametrize("bad", [
    {"personId": "p9", "name": "n", "birthYear": 1800},
    {"personId": "", "name": "n"},
    {"name": "n"},
    {"personId": "p9"},
    {"personId": "p9", "name": "n", "shoeSize": 42},
])
def test_in_a_batch_the_first_bad_row_is_refused_as_check_node_refuses_it(bad: dict[str, object]) -> None:
    rows = [{"personId": "p1", "name": "n"}, bad, {"personId": "p2", "name": "m", "birthYear": "old"}]
    with pytest.raises((RuleViolation, InvalidData)) as alone:
        check_node(PERSON, bad)
    with pytest.raises(type(alone.value), match=re.escape(str(alone.value))):
        check_nodes(PERSON, rows)


def test_a_batch_of_relationships_puts_each_rows_ends_first_and_refuses_its_first_bad_row() -> None:
    rows = [{"from": "p1", "to": "6-18", "grade": 3}, {"from": "p2", "to": "6-18", "grade": 4, "issuedOn": "2020-05-01"}]
    assert check_rels(CERTIFIED, rows) == [
        (("grade",), [["p1", "6-18", 3]]),
        (("grade", "issuedOn"), [["p2", "6-18", 4, "2020-05-01"]]),
    ]
    with pytest.raises(InvalidData, match="the 'to' key is missing"):
        check_rels(CERTIFIED, [*rows, {"from": "p3", "to": "", "grade": 3}])
    with pytest.raises(RuleViolation, match="CERTIFIED 'p2'->'6-18'.*grade must be within"):
        check_rels(CERTIFIED, [rows[0], {**rows[1], "grade": 9}])
    mentorship = {"from": "p1", "to": "p2", "agreementId": "m1", "status": "已出师", "start": "2021-03-01", "end": "2020-01-01"}
    with pytest.raises(RuleViolation, match="end 2020-01-01 precedes start 2021-03-01"):
        check_rels(MENTORED, [{**mentorship, "end": "2022-01-01", "agreementId": "m0"}, mentorship])


def test_a_batch_of_relationships_reads_the_same_whatever_order_a_row_names_its_ends_in() -> None:
    ends_first = {"from": "p1", "to": "6-18", "grade": 3}
    ends_last = {"grade": 3, "to": "6-18", "from": "p1"}
    assert check_rels(CERTIFIED, [ends_first]) == check_rels(CERTIFIED, [ends_last]) == [(("grade",), [["p1", "6-18", 3]])]
    assert check_rels(CERTIFIED, [{"from": 7, "to": "6-18", "grade": 3}]) == [(("grade",), [["7", "6-18", 3]])]
    for missing in ({"grade": 3, "to": "6-18"}, {"from": None, "to": "6-18", "grade": 3}):
        with pytest.raises(InvalidData, match="the 'from' key is missing"):
            check_rels(CERTIFIED, [ends_first, missing])
