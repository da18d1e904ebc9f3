"""The two code hierarchies: GB/T 2260 region codes and 职业分类大典 occupation codes.

A region includes its sub-regions (421000 includes 421002) and an occupation
code includes the narrower codes under it (6-18-02 includes 6-18-02-04). Both
inclusions reduce to a string prefix, which both stores can test with an index.
"""

from __future__ import annotations

from enum import Enum


class Scheme(Enum):
    REGION = "region"
    OCCUPATION = "occupation"


def region_prefix(code: str) -> str:
    """The prefix every sub-region shares: 421000 -> 4210, 420000 -> 42, 421002 -> 421002."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def region_parent(code: str) -> str | None:
    """The enclosing region: 421002 -> 421000 -> 420000 -> None."""
    prefix = region_prefix(code)
    if len(prefix) <= 2:
        return None
    return prefix[:-2].ljust(len(code), "0")


def occupation_parent(code: str) -> str | None:
    """The broader occupation: 6-18-02-04 -> 6-18-02 -> 6-18 -> 6 -> None."""
    head, sep, _ = code.rpartition("-")
    return head if sep else None


def occupation_level(code: str) -> str:
    """大类, 中类, 小类 or 细类, from the number of parts of the code."""
    return ("大类", "中类", "小类", "细类")[min(code.count("-"), 3)]


def within_prefix(code: str, scheme: Scheme) -> tuple[str, str]:
    """(exact, prefix): a code c is within `code` when c == exact or c starts with prefix."""
    if scheme is Scheme.REGION:
        prefix = region_prefix(code)
        return prefix, prefix
    return code, code + "-"


def is_within(candidate: str | None, code: str, scheme: Scheme) -> bool:
    """Whether `candidate` is `code` or one of the codes under it."""
    if candidate is None:
        return False
    exact, prefix = within_prefix(code, scheme)
    return candidate == exact or candidate.startswith(prefix)
