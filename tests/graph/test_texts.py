"""A store read from its file keeps one object for each property name and each repeated text of a property."""

from __future__ import annotations

import json

import pytest

from graph import texts
from graph.texts import SharedTexts


def parsed(document: str) -> dict:
    """A dict as the file's reader gives it: new strings for every name and value."""
    return json.loads(document)


def test_repeated_texts_and_names_become_one_object_each() -> None:
    shared = SharedTexts()
    first = shared.share("Person", parsed('{"personId": "p1", "status": "在职", "birthYear": 1980}'))
    second = shared.share("Person", parsed('{"personId": "p2", "status": "在职", "birthYear": 1980}'))
    assert first["status"] is second["status"] and second == {"personId": "p2", "status": "在职", "birthYear": 1980}
    assert all(a is b for a, b in zip(first, second))
    other = shared.share("Studio", parsed('{"status": "在职"}'))  # another owner's property: its own texts
    assert other["status"] is not first["status"]


def test_a_property_whose_texts_nearly_all_differ_is_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts, "SAMPLE", 10)
    shared = SharedTexts()
    for i in range(10):
        shared.share("Person", parsed(f'{{"phone": "1380000{i:04}", "gender": "{"男女"[i % 2]}"}}'))
    late = [shared.share("Person", parsed('{"phone": "13800009999", "gender": "女"}')) for _ in range(2)]
    assert late[0]["phone"] is not late[1]["phone"]  # let go: each keeps its own
    assert late[0]["gender"] is late[1]["gender"]  # two texts in ten: kept
