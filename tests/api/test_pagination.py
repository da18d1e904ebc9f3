"""Connections over a list: cursors, both directions, bounds and bad input."""

from __future__ import annotations

import asyncio

import pytest

from api.errors import ApiError
from api.pagination import MAX_PAGE, PageArgs, encode_cursor, paginate_list

ITEMS = list(range(45))


def page(**args: object) -> tuple[list[int], bool, bool]:
    connection = asyncio.run(paginate_list(PageArgs(**args), ITEMS))
    info = connection.page_info
    return connection.nodes(), info.has_previous_page, info.has_next_page


def test_forward_pages_cover_the_list_once() -> None:
    assert page(first=20) == (ITEMS[:20], False, True)
    assert page(first=20, after=encode_cursor(19)) == (ITEMS[20:40], True, True)
    assert page(first=20, after=encode_cursor(39)) == (ITEMS[40:], True, False)
    assert page() == (ITEMS[:20], False, True)  # first defaults to 20
    assert page(first=0) == ([], False, True)


def test_backward_pages_from_the_end_and_from_a_cursor() -> None:
    assert page(last=20) == (ITEMS[25:], True, False)
    assert page(last=20, before=encode_cursor(25)) == (ITEMS[5:25], True, True)
    assert page(last=20, before=encode_cursor(5)) == (ITEMS[:5], False, True)


def test_between_two_cursors() -> None:
    assert page(first=20, after=encode_cursor(9), before=encode_cursor(15)) == (ITEMS[10:15], True, True)


@pytest.mark.parametrize(("args", "code"), [
    ({"first": MAX_PAGE + 1}, "LIMIT_EXCEEDED"),
    ({"last": MAX_PAGE + 1}, "LIMIT_EXCEEDED"),
    ({"first": -1}, "BAD_USER_INPUT"),
    ({"first": 1, "last": 1}, "BAD_USER_INPUT"),
    ({"after": "not a cursor"}, "BAD_USER_INPUT"),
    ({"after": "b2Zmc2V0Oi0x"}, "BAD_USER_INPUT"),  # offset:-1
])
def test_bad_page_arguments_have_codes(args: dict, code: str) -> None:
    with pytest.raises(ApiError) as raised:
        page(**args)
    assert raised.value.extensions["code"] == code
