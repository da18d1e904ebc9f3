"""What a load found and did: each problem with file, row, column and reason; per-file figures."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"
SHOWN = 40  # problems printed in the summary; the JSON report has them all


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # None: the whole file
    column: str | None  # the header as the file writes it
    reason: str
    severity: str = ERROR
    sheet: str | None = None  # the workbook's sheet, when the file is one of several sheets or --sheet chose it

    def __str__(self) -> str:
        where = self.file + (f" sheet {self.sheet}" if self.sheet else "")
        where += f" row {self.row}" if self.row is not None else ""
        where += f" column {self.column}" if self.column else ""
        return f"{self.severity}: {where}: {self.reason}"


@dataclass
class FileStats:
    file: str
    kind: str
    rows_read: int = 0
    written: int = 0  # rows written (0 for a dry run or a load refused for errors)
    rejected: int = 0
    warnings: int = 0
    seconds: float = 0.0
    sheet: str | None = None

    @property
    def name(self) -> str:
        """The file, and its sheet if it has one: 台账.xlsx [人员]."""
        return self.file + (f" [{self.sheet}]" if self.sheet else "")


@dataclass
class LoadReport:
    folder: str
    dry_run: bool = False
    skip_invalid: bool = False
    files: list[FileStats] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False  # whether anything was written to the store
    rejects: list[str] = field(default_factory=list)  # rejects files written
    seconds: float = 0.0
    sync: str | None = None  # with --sync, the plan's summary (loaders.sync)
    synced: bool = False  # whether the plan was confirmed and applied
    removed: int = 0  # nodes and relationships the sync removed

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """No errors at all (with --skip-invalid, rejected rows are errors too)."""
        return not self.errors

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    def stats(self, file: str, sheet: str | None = None) -> FileStats:
        return next(f for f in self.files if f.file == file and (sheet is None or f.sheet == sheet))

    def to_json(self) -> dict[str, object]:
        return {
            "folder": self.folder, "ok": self.ok, "written": self.written, "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid, "seconds": round(self.seconds, 3), "rejects": self.rejects,
            "files": [_without_sheet(asdict(f)) | {"seconds": round(f.seconds, 3)} for f in self.files],
            "problems": [_without_sheet(asdict(p)) for p in self.problems],
            **({"sync": {"plan": self.sync, "applied": self.synced, "removed": self.removed}} if self.sync else {}),
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")

    def summary(self) -> str:
        """The table and the problems a clerk reads at the end of `studiograph load`."""
        lines = [f"{'file':<32}{'read':>9}{'written':>9}{'rejected':>9}{'warnings':>9}{'seconds':>9}"]
        lines += [
            f"{f.name:<32}{f.rows_read:>9}{f.written:>9}{f.rejected:>9}{f.warnings:>9}{f.seconds:>9.2f}"
            for f in self.files
        ]
        order = {(f.file, f.sheet): n for n, f in enumerate(self.files)}
        shown = self.errors[:SHOWN] + self.warnings[: max(0, SHOWN - len(self.errors))]
        lines += [str(p) for p in sorted(shown, key=lambda p: (p.severity != ERROR, order.get((p.file, p.sheet), -1), p.row or 0))]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems (see --report)")
        if self.sync and not self.synced:
            verdict = "sync not applied: nothing written"
        elif self.dry_run:
            verdict = "dry run: nothing written"
        elif self.written:
            verdict = "loaded" + (f" with {len(self.errors)} rows rejected" if self.errors else "")
            verdict += f", {self.removed} nodes and relationships removed by --sync" if self.synced else ""
        else:
            verdict = f"not loaded: {len(self.errors)} errors, nothing written"
        lines.append(f"{verdict} ({self.rows_read} rows in {self.seconds:.1f} s)")
        return "\n".join(lines)


def _without_sheet(fields: dict[str, object]) -> dict[str, object]:
    """A file's or problem's fields, `sheet` only for a workbook's sheet."""
    return fields if fields.get("sheet") else {k: v for k, v in fields.items() if k != "sheet"}
