"""The roles a token may carry, on their own so that the command line names them without loading the API."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    PUBLIC = "public"  # no token: studios, achievements, honours, aggregate counts
    PLANNER = "planner"  # plus people without contact details, and analytics
    HR = "hr"  # plus personal data: phone numbers, exact birth dates
    ADMIN = "admin"  # everything

    def __str__(self) -> str:
        return self.value
