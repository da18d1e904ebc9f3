"""A `where` condition on a date: bounds of a year or a month cover the whole period, as graph.dates sorts them."""

from __future__ import annotations

from api.inputs import DateFilter, property_conditions
from graph.query import Eq, Range


def test_a_year_or_month_bound_covers_its_whole_period() -> None:
    assert property_conditions("since", DateFilter(gte="2021", lte="2021"), None) == [Range("since", "2021", "2021-12-31")]
    assert property_conditions("since", DateFilter(lte="2024-02"), None) == [Range("since", None, "2024-02-29")]
    assert property_conditions("since", DateFilter(eq="2021-03", lte="2021-03-15"), None) == [
        Eq("since", "2021-03"), Range("since", None, "2021-03-15")]
