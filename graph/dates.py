"""Dates at the precision they were written: a year (2020), a month (2021-03) or a day (2021-03-15).

Both stores keep a date as an ISO 8601 string at its own precision (reduced
precision for a year or a month), so they sort alike as strings: 2020 <
2020-01 < 2020-01-01 < 2020-02. A date is never stretched to a day nobody wrote.

Comparing dates of different precision: two dates are compared at the precision
they share (the shorter one's). When they differ there, they are ordered
(2021-03 is before 2021-04-02, 2020 before 2021-03). When they agree there and
one is more precise (2021-03 and 2021-03-15, or 2021 and 2021-03), neither is
known to come first: `compare` answers None, and a rule such as "the end is not
before the start" is broken only when the order is certain. "In a year" is the
date's first four digits, at any precision. Every function here has a Cypher
twin (`*_cypher`) so both stores answer alike; loaders, the store checks and the
analytics all call this module.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

YEAR, MONTH, DAY = 4, 7, 10  # the length of a stored date at each precision
FIRST_YEAR, LAST_YEAR = 1900, 2100
FORMS = "2021-03-15, 2021/3/15, 2021年3月15日, 20210315, a month 2021-03, 2021.3, 2021年3月, 202103, or a year 2021"

_STORED = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_DIGITS = re.compile(r"(\d{4})(\d{2})?(\d{2})?年?")
_WRITTEN = re.compile(
    r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:(?:[-/.]|月)\s*(\d{1,2})\s*日?|月)?"
)


class BadDate(ValueError):
    """Text that is not a date at any precision; the message is the reason."""


def parse(value: Any) -> str:
    """The stored form of a date written as text or given as a date: '2020', '2021-03' or '2021-03-15'."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    cleaned = unicodedata.normalize("NFKC", str(value)).strip()
    found = _DIGITS.fullmatch(cleaned) or _WRITTEN.fullmatch(cleaned)
    if not found:
        raise BadDate(f"{value!r} is not a date: write {FORMS}")
    year = int(found[1])
    month = int(found[2]) if found[2] else None
    day = int(found[3]) if found[3] else None
    return _stored(value, year, month, day)


def _stored(value: Any, year: int, month: int | None, day: int | None) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadDate(f"{value!r} is not a date: the year {year} is out of range {FIRST_YEAR}..{LAST_YEAR}")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise BadDate(f"{value!r} is not a date: month must be in 1..12")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as error:
        raise BadDate(f"{value!r} is not a date: {error}") from None


def is_stored(value: str) -> bool:
    """Whether `value` is a date in its stored form: YYYY, YYYY-MM with a real month, or a real day YYYY-MM-DD.

    The store checks call it on every date written, so it does no more than that (the year's range is the loaders')."""
    if not _STORED.fullmatch(value):
        return False
    if len(value) == DAY:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return len(value) == YEAR or "01" <= value[5:] <= "12"


def precision(value: str) -> str:
    """'year', 'month' or 'day'."""
    return {YEAR: "year", MONTH: "month", DAY: "day"}[len(value)]


def compare(a: str, b: str) -> int | None:
    """-1 when a is certainly before b, 1 when after, 0 when the same date as written, None when not ordered."""
    shared = min(len(a), len(b))
    left, right = a[:shared], b[:shared]
    if left != right:
        return -1 if left < right else 1
    return 0 if len(a) == len(b) else None


def before(a: str, b: str) -> bool:
    """Whether a is certainly before b (2021-02 is before 2021-03-01; 2021-03 is not before 2021-03-15)."""
    return compare(a, b) == -1


def not_after(a: str, b: str) -> bool:
    """Whether a is certainly on or before b: before it, or the same date at the same precision."""
    return compare(a, b) in (-1, 0)


def in_year(value: str | None, year: int) -> bool:
    """Whether a date of any precision falls in `year`."""
    return value is not None and value[:YEAR] == f"{year:04d}"


def period_end(value: str) -> str:
    """The last day a date of any precision covers: 2021 -> 2021-12-31, 2021-02 -> 2021-02-28."""
    if len(value) == YEAR:
        return f"{value}-12-31"
    if len(value) == MONTH:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


# -- the Cypher twins --------------------------------------------------------


def _shared_cypher(a: str, b: str) -> tuple[str, str]:
    shared = f"CASE WHEN size({a}) < size({b}) THEN size({a}) ELSE size({b}) END"
    return f"left({a}, {shared})", f"left({b}, {shared})"


def before_cypher(a: str, b: str) -> str:
    """The Cypher twin of `before` for two string expressions (null when either is null)."""
    left, right = _shared_cypher(a, b)
    return f"({left} < {right})"


def not_after_cypher(a: str, b: str) -> str:
    """The Cypher twin of `not_after` (null when either is null)."""
    left, right = _shared_cypher(a, b)
    return f"({left} < {right} OR {a} = {b})"


def in_year_cypher(expr: str, year_param: str) -> str:
    """The Cypher twin of `in_year`; `year_param` names a parameter holding year_text(year)."""
    return f"({expr} STARTS WITH {year_param})"


def year_text(year: int) -> str:
    """The parameter in_year_cypher compares with: the year's four digits."""
    return f"{year:04d}"
