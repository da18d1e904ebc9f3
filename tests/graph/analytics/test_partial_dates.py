"""Partial dates (a year, a year and month) in both stores: kept as written, sorted alike, compared by graph.dates' rule."""

from __future__ import annotations

import pytest

from graph.analytics.data_quality import data_quality
from graph.analytics.year_review import year_in_review
from graph.errors import InvalidData
from graph.query import Direction, Order, Range
from graph.store import Store


@pytest.fixture
def dated(graph: Store) -> Store:
    graph.upsert_relationships("MENTORED", [
        {"from": "p5", "to": "p6", "agreementId": "y1", "start": "2022", "status": "在带", "plannedEnd": "2025-06"},
        {"from": "p3", "to": "p6", "agreementId": "y2", "start": "2015-09", "end": "2018-03", "status": "已出师",
         "plannedEnd": "2025-05"},
    ])
    return graph


def test_partial_dates_are_stored_and_read_as_written(dated: Store) -> None:
    rels = {n.rel["agreementId"]: n.rel for n in dated.neighbours("Person", ["p6"], "MENTORED", Direction.IN)["p6"]}
    assert (rels["y1"]["start"], rels["y1"]["plannedEnd"], rels["y2"]["end"]) == ("2022", "2025-06", "2018-03")


@pytest.mark.parametrize("bad", ["2021-3", "2021-13", "2021-02-30", "21", "2021-03-01T00:00"])
def test_a_date_not_in_iso_form_is_refused_naming_the_field(graph: Store, bad: str) -> None:
    with pytest.raises(InvalidData, match="start must be a date"):
        graph.upsert_relationships("MENTORED", [{"from": "p5", "to": "p6", "agreementId": "y9", "start": bad, "status": "在带"}])


def test_both_stores_sort_and_filter_dates_of_mixed_precision_as_text(graph: Store) -> None:
    graph.upsert_nodes("Person", [
        {"personId": "q1", "name": "甲", "birthDate": "1966-05-01"}, {"personId": "q2", "name": "乙", "birthDate": "1966"},
        {"personId": "q3", "name": "丙", "birthDate": "1966-05"}, {"personId": "q4", "name": "丁", "birthDate": "1967-01"},
    ])
    page = graph.list_nodes("Person", Range("birthDate", "1966", "1966-12-31"), [Order("birthDate", descending=True)])
    assert [p["personId"] for p in page.items] == ["q1", "q3", "q2"]


def test_that_year_counts_dates_of_every_precision(dated: Store) -> None:
    assert year_in_review(dated, 2022).mentorships_begun == 2  # m4 (2022-03-01) and y1 (2022)
    assert year_in_review(dated, 2015).mentorships_begun == 1  # y2 (2015-09)
    assert year_in_review(dated, 2018).mentorships_completed == 2  # m3 (2018-03-01) and y2 (2018-03)


def test_a_planned_end_is_overdue_only_when_certainly_past(dated: Store) -> None:
    def overdue(as_of: str) -> list[str]:
        return [e.key for e in {f.check: f for f in data_quality(dated, as_of)}["overdueMentorships"].examples]

    assert overdue("2025-06-15") == []  # y1's planned end 2025-06 may be after the 15th; y2 is 已出师
    assert overdue("2025-07-01") == overdue("2025-07") == ["y1"]


def test_a_certificate_counts_at_a_start_only_when_certainly_issued_by_then(graph: Store) -> None:
    graph.upsert_relationships("MENTORED", [
        {"from": "p1", "to": "p3", "agreementId": "y3", "start": "2021-03-01", "status": "在带", "occupationCode": "6-18-02"},
    ])
    graph.upsert_relationships("CERTIFIED", [{"from": "p3", "to": "6-18-02-04", "grade": 5, "issuedOn": "2021"}])
    checks = {f.check: f for f in data_quality(graph, "2022-01-01")}
    assert checks["apprenticesAboveMaster"].count == 0  # issued some time in 2021: maybe after 2021-03-01
    graph.upsert_relationships("CERTIFIED", [{"from": "p3", "to": "6-18-02-04", "grade": 5, "issuedOn": "2021-02"}])
    checks = {f.check: f for f in data_quality(graph, "2022-01-01")}
    assert [e.key for e in checks["apprenticesAboveMaster"].examples] == ["y3"]
