"""Field guards by role: who may see people, and who may see their personal data."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import Code
from api.roles import SEES_PEOPLE, SEES_PERSONAL_DATA


class CanSeePeople(BasePermission):
    """Individuals (names, employers, mentorships) are for the planner, hr and admin roles."""

    message = "individual people are visible to the planner, hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PEOPLE


class CanSeePersonalData(BasePermission):
    """Phone numbers and exact birth dates are for the hr and admin roles."""

    message = "personal data (phone numbers, exact birth dates) is visible to the hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PERSONAL_DATA


class CanPlan(BasePermission):
    """Planning data (demand for certified people) is for the planner, hr and admin roles."""

    message = "planning data is visible to the planner, hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PEOPLE
