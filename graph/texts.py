"""One object for each property name and each text that repeats within a property, in a store read from its file.

A load names properties by the model's own strings and holds a column's repeated
texts (a status, a gender, a date) as one object each (loaders.columnar). A file's
text gives new ones for every item, 57-80 bytes each: a million people's property
names, and their names, statuses, genders and forms of employment. With the file
streamed as well, opening such a store went from 5,609 to 2,671 MiB (BENCHMARKS.md,
fifteenth session). Names are interned, as the model's are. A property whose texts
nearly all differ (a phone, a key: nine in ten among its first SAMPLE) is then let
go, as the loader leaves such a column alone; a million people's 120,667 names are
kept, 7,047 among the first 10,000.
"""

from __future__ import annotations

import sys
from typing import Any

SAMPLE = 10_000  # texts of a property seen before it is judged
Slot = tuple[str, str]  # (label or relationship type, property)


class SharedTexts:
    """The texts seen so far, by owner and property."""

    def __init__(self) -> None:
        self._words: dict[Slot, dict[str, str] | None] = {}
        self._seen: dict[Slot, int] = {}

    def share(self, owner: str, props: dict[str, Any]) -> dict[str, Any]:
        """`props` anew: each name interned, each text of a property that repeats the first object equal to it."""
        shared = {}
        for name, value in props.items():
            name = sys.intern(name)
            if value.__class__ is str:
                value = self._text((owner, name), value)
            shared[name] = value
        return shared

    def _text(self, slot: Slot, value: str) -> str:
        words = self._words.get(slot, {})
        if words is None:
            return value
        if not words:
            self._words[slot] = words
        value = words.setdefault(value, value)
        seen = self._seen[slot] = self._seen.get(slot, 0) + 1
        if seen == SAMPLE and len(words) * 10 > seen * 9:
            self._words[slot] = None  # nearly all different: let go
        return value
