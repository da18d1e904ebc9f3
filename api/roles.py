"""The four roles a request can have, from least to most trusted."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    PUBLIC = "public"  # no token: studios, achievements, honours, aggregate counts
    PLANNER = "planner"  # plus people without contact details, and analytics
    HR = "hr"  # plus personal data: phone numbers, exact birth dates
    ADMIN = "admin"  # everything

    def __str__(self) -> str:
        return self.value


SEES_PEOPLE = frozenset({Role.PLANNER, Role.HR, Role.ADMIN})
SEES_PERSONAL_DATA = frozenset({Role.HR, Role.ADMIN})
