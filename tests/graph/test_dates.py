"""graph.dates: dates at the precision written, and the one rule for comparing them, in Python and in Cypher."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import dates
from graph.neo4j_store import Neo4jStore


@pytest.mark.parametrize(("written", "stored"), [
    ("2020", "2020"), ("2020年", "2020"), ("2021-03", "2021-03"), ("2021-3", "2021-03"), ("2021年3月", "2021-03"),
    ("2021.3", "2021-03"), ("2021/03", "2021-03"), ("202103", "2021-03"), ("2021-03-15", "2021-03-15"),
    ("2021/3/15", "2021-03-15"), ("2021年3月15日", "2021-03-15"), ("20210315", "2021-03-15"), (" ２０２１-３ ", "2021-03"),
    (dt.date(2021, 3, 15), "2021-03-15"), (dt.datetime(2021, 3, 15, 8, 0), "2021-03-15"),
])
def test_a_date_is_kept_at_the_precision_written(written: object, stored: str) -> None:
    assert dates.parse(written) == stored
    assert dates.is_stored(stored)


@pytest.mark.parametrize("bad", ["2021-13", "2021-02-30", "1850", "2101-01", "21-3", "2021-3-", "三月", "2021年13月"])
def test_what_is_not_a_date_says_how_to_write_one(bad: str) -> None:
    with pytest.raises(dates.BadDate, match="not a date"):
        dates.parse(bad)


@pytest.mark.parametrize("value", ["2021-3", "2021-3-1", "2021/03", "202103", "2021-02-30", "2021-00", ""])
def test_only_the_iso_forms_are_stored_forms(value: str) -> None:
    assert not dates.is_stored(value)


# (a, b, compare(a, b)): ordered where they differ at the shared precision; otherwise only the same date is equal
PAIRS = [
    ("2021-03-15", "2021-03-16", -1), ("2021-03", "2021-04-01", -1), ("2020", "2021-03", -1), ("2021-12", "2021", None),
    ("2021-03", "2021-03-15", None), ("2021", "2021-03-15", None), ("2021-03", "2021-03", 0), ("2021", "2021", 0),
    ("2022", "2021-12-31", 1), ("2021-04", "2021-03-31", 1), ("2021-03-15", "2021-03-15", 0),
]


@pytest.mark.parametrize(("a", "b", "expected"), PAIRS)
def test_dates_of_different_precision_are_ordered_only_when_certain(a: str, b: str, expected: int | None) -> None:
    assert dates.compare(a, b) == expected
    assert dates.before(a, b) is (expected == -1)
    assert dates.not_after(a, b) is (expected in (-1, 0))


def test_a_year_holds_its_dates_at_every_precision_and_periods_end_on_their_last_day() -> None:
    assert [dates.in_year(d, 2021) for d in ("2021", "2021-03", "2021-03-15", "2020-12-31", None)] == [
        True, True, True, False, False]
    assert [dates.period_end(d) for d in ("2021", "2024-02", "2021-03-15")] == ["2021-12-31", "2024-02-29", "2021-03-15"]


@pytest.mark.neo4j
def test_the_cypher_twins_answer_as_python_does(neo4j_store: Neo4jStore) -> None:
    rows = [{"a": a, "b": b} for a, b, _ in PAIRS]
    query = (
        f"UNWIND $rows AS r RETURN r.a AS a, r.b AS b, {dates.before_cypher('r.a', 'r.b')} AS before, "
        f"{dates.not_after_cypher('r.a', 'r.b')} AS notAfter, {dates.in_year_cypher('r.a', '$year')} AS inYear"
    )

    def plan():  # type: ignore[no-untyped-def]
        return (yield query, {"rows": rows, "year": dates.year_text(2021)})

    found = neo4j_store.run_read(plan)
    assert [(r["before"], r["notAfter"], r["inYear"]) for r in found] == [
        (dates.before(a, b), dates.not_after(a, b), dates.in_year(a, 2021)) for a, b, _ in PAIRS]
