"""The rules every write obeys, loads and mutations alike, in one place.

The model (graph.model) declares required fields and domains, and graph.checks
holds each row to them; what the model cannot say as data lives here: dates in
order, mentorship without cycles, and the status a completion needs. The
loaders, both stores' `apply` and the API's mutations call these functions, so
a rule is stated once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph import dates
from graph.errors import RuleViolation
from graph.vocab import COMPLETED, ENDED
from graph.vocab import IN_TRAINING as ONGOING

ACYCLIC = "MENTORED"  # the relationship type that must stay a directed acyclic graph
DATE_ORDER = (("start", "end"), ("start", "plannedEnd"))  # (earlier, later) pairs of a relationship's dates
COMPLETION_NEEDS = ("end", "result")  # what a mentorship marked 已出师 by a mutation must carry


def is_before(later: Any, earlier: Any) -> bool:
    """Whether date `later` certainly falls before date `earlier` (dates at any precision, graph.dates):
    the one comparison of dates every rule makes."""
    return dates.before(later, earlier)


def date_order_problems(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for each later date that precedes its earlier one."""
    return [
        (later, f"{later} {props[later]} precedes {earlier} {props[earlier]}")
        for earlier, later in DATE_ORDER
        if props.get(earlier) and props.get(later) and is_before(props[later], props[earlier])
    ]


def check_date_order(where: str, props: Mapping[str, Any]) -> None:
    """Raise RuleViolation for the first date out of order."""
    for field, reason in date_order_problems(props):
        raise RuleViolation(where, field, reason)


def path_between(graph: Mapping[str, Any], start: str, goal: str) -> list[str] | None:
    """A path start -> ... -> goal along the graph's edges, or None (depth first, iterative)."""
    parents: dict[str, str | None] = {start: None}
    stack = [start]
    while stack:
        here = stack.pop()
        if here == goal:
            path = [here]
            while (up := parents[path[-1]]) is not None:
                path.append(up)
            return path[::-1]
        for nxt in graph.get(here, ()):
            if nxt not in parents:
                parents[nxt] = here
                stack.append(nxt)
    return None


def cycle_of(master: str, mentors_path: list[str]) -> list[str]:
    """The cycle a new master -> apprentice edge closes, given the mentors' path master ... up to the apprentice."""
    return [master, *reversed(mentors_path)]


def cycle_reason(cycle: list[str]) -> str:
    return "would close a mentorship cycle: " + " -> ".join(cycle)


def check_acyclic(where: str, master: str, apprentice: str, mentors: Mapping[str, Any]) -> None:
    """Refuse master -> apprentice when the apprentice is already the master (or among the master's mentors)."""
    up = path_between(mentors, master, apprentice)
    if up is not None:
        raise RuleViolation(where, "from", cycle_reason(cycle_of(master, up)))


def check_transition(where: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> None:
    """A mentorship leaves 在带 once: a completed or ended one cannot change status again."""
    if before is None or before.get("status") in (None, ONGOING):
        return
    if after.get("status") != before.get("status"):
        raise RuleViolation(where, "status", f"the mentorship is already {before['status']}; only one 在带 can be completed or ended")


def check_completion(where: str, after: Mapping[str, Any]) -> None:
    """A mentorship marked 已出师 carries its end date and assessment result."""
    if after.get("status") == COMPLETED:
        for field in COMPLETION_NEEDS:
            if after.get(field) in (None, ""):
                raise RuleViolation(where, field, f"a completed ({COMPLETED}) mentorship needs {field}")


def check_expected(where: str, before: Mapping[str, Any], expect: Mapping[str, Any]) -> None:
    """The stored values a change is conditional on (completing needs status 在带): checked in its transaction."""
    for field, wanted in expect.items():
        if before.get(field) != wanted:
            raise RuleViolation(where, field, f"{field} is {before.get(field)}, and this change needs {wanted}")
