"""The embedded store's append-only change log: one JSON line per applied change, fsync'd before it is answered.

On start the lines past the snapshot's sequence number are replayed; a torn last
line (a crash mid-append) is dropped and cut off. Compaction saves a snapshot
(graph.persist) and then empties the log, so no mutation rewrites the whole file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def log_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".log")


class ChangeLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = 0  # lines appended since the last compaction
        self._file: Any = None

    def replay(self) -> Iterator[dict[str, Any]]:
        """Every whole record in the log, in order; a torn last line is cut off the file."""
        if not self.path.exists():
            return
        with self.path.open("rb") as source:
            data = source.read()
        *whole, tail = data.split(b"\n")  # `tail` is b"" unless the last append was torn
        for number, line in enumerate(whole, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise ValueError(f"{self.path}: line {number} is not a whole record; the log is damaged") from None
            self.lines += 1
            yield record
        if tail:
            with self.path.open("r+b") as torn:
                torn.truncate(len(data) - len(tail))
                os.fsync(torn.fileno())

    def append(self, record: dict[str, Any]) -> None:
        """Write one record and fsync it: once this returns, a crash cannot lose it."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("ab")
        self._file.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.lines += 1

    def reset(self) -> None:
        """Empty the log, after a snapshot holding everything in it was saved."""
        self.close()
        with self.path.open("wb") as out:
            os.fsync(out.fileno())
        self.lines = 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
