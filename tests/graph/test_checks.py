"""The store's checks: a value is kept, converted or refused with a reason naming the row and the field."""

from __future__ import annotations

import pytest

from graph.checks import check_node, check_rel
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
