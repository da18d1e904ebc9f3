"""What the validation pass staged, kept in a temporary file for the writing pass.

The writing pass then neither reads the source again nor normalises a row
twice, and memory holds one batch at a time whatever the size of the file.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any

from loaders.readers import RawRow

BATCH = 5000
RefKey = tuple[str, str, bool]  # (label, value, is_key)


# (row number, the row as read or None, the node's key, its properties, its links); a plain tuple
# because a million of them are pickled and unpickled. A link is (index in kind.links, source, target,
# properties); a reference is kept as Resolver.lookup takes it, None for the row's own node.
Record = tuple[int, RawRow | None, str | None, dict[str, Any] | None, list[tuple[int, RefKey | None, RefKey | None, dict[str, Any]]]]


class Spool:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._batch: list[Record] = []

    def add(self, record: Record) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            self._dump()

    def _dump(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def __iter__(self) -> Iterator[Record]:
        self._dump()
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._file.close()
