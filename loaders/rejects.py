"""Rejected rows, unchanged, with their row number and reason, so that nothing a clerk gave is lost.

Rows of a .csv or .xlsx file go to `<stem>.rejects.csv` (UTF-8 with BOM, which
Excel opens; a workbook's sheet to `<stem>.<sheet>.rejects.csv`), rows of a
.jsonl file to `<stem>.rejects.jsonl`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

ROW = "行号 row"
REASON = "错误原因 reason"


class RejectsFile:
    """Opened on the first rejected row; close() when the file is done."""

    def __init__(self, folder: Path, source: Path, sheet: str | None = None) -> None:
        self.jsonl = source.suffix.lower() == ".jsonl"
        stem = f"{source.stem}.{sheet}" if sheet else source.stem
        self.path = folder / f"{stem}.rejects.{'jsonl' if self.jsonl else 'csv'}"
        self._out: IO[str] | None = None
        self._csv: Any = None

    def add(self, number: int, raw: dict[str, Any], reason: str) -> None:
        if self._out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.path.open("w", encoding="utf-8" if self.jsonl else "utf-8-sig", newline="")
            if not self.jsonl:
                self._csv = csv.writer(self._out)
                self._csv.writerow([*raw, ROW, REASON])
        if self.jsonl:
            self._out.write(json.dumps({**raw, ROW: number, REASON: reason}, ensure_ascii=False, default=str) + "\n")
        else:
            self._csv.writerow([*("" if v is None else v for v in raw.values()), number, reason])

    @property
    def used(self) -> bool:
        return self._out is not None

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
