"""What the validation pass staged, kept for the writing pass: in memory up to a budget, the rest in a temporary file.

The writing pass then neither reads the source again nor normalises a row
twice. The rows kept in memory skip pickling both ways; the budget, shared by
every file of a load, bounds that memory whatever the size of the folder.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any, IO

from loaders.readers import RawRow

BATCH = 5000
IN_MEMORY = 250_000  # staged rows a load keeps in memory (about 200 MB); the rest are pickled to disk
RefKey = tuple[str, str, bool]  # (label, value, is_key)


# (row number, the row as read or None, the node's key, its properties, its links); a plain tuple
# because a million of them are pickled and unpickled. A link is (index in kind.links, source, target,
# properties); a reference is kept as Resolver.lookup takes it, None for the row's own node.
Record = tuple[int, RawRow | None, str | None, dict[str, Any] | None, list[tuple[int, RefKey | None, RefKey | None, dict[str, Any]]]]


class Budget:
    """Rows the spools of one load may still keep in memory."""

    def __init__(self, rows: int = IN_MEMORY) -> None:
        self.rows = rows

    def take(self, rows: int) -> bool:
        if rows > self.rows:
            self.rows = 0  # spilled once, always: a spool's rows then stay in order (memory first, then disk)
            return False
        self.rows -= rows
        return True


class Spool:
    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget  # None: every batch to disk
        self._kept: list[list[Record]] = []
        self._file: IO[bytes] | None = None
        self._batch: list[Record] = []

    @property
    def spilled(self) -> bool:
        """Whether some rows went to disk."""
        return self._file is not None

    def add(self, record: Record) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            self._put_away()

    def extend(self, records: list[Record]) -> None:
        """`add` for each record."""
        while records:
            room = BATCH - len(self._batch)
            self._batch += records[:room]
            records = records[room:]
            if len(self._batch) >= BATCH:
                self._put_away()

    def finish(self) -> None:
        """The file's last rows, fewer than BATCH, put away as its validation ends, while the budget may still hold them."""
        self._put_away()

    def _put_away(self) -> None:
        if not self._batch:
            return
        if self._file is None and self.budget is not None and self.budget.take(len(self._batch)):
            self._kept.append(self._batch)
        else:
            if self._file is None:
                self._file = tempfile.TemporaryFile()
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._batch = []

    def __iter__(self) -> Iterator[Record]:
        self._put_away()
        for batch in self._kept:
            yield from batch
        if self._file is None:
            return
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._kept = []
        if self._file is not None:
            self._file.close()
