"""Build the bundled sample, data/sample: a generated city in the mixed formats a real office keeps.

    python -m loaders.sample data/sample

Some files become .xlsx, the mentorship register a GBK CSV, the honours a CSV
with a BOM, the certificates .jsonl; most take the Chinese headers of the model;
dates, grades, money and org references are written the several ways clerks do.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph import vocab
from loaders.columns import columns_of
from loaders.generate import generate
from loaders.kinds import KIND_BY_NAME
from loaders.readers import read_rows

PEOPLE = 1500
SEED = 7
Row = dict[str, Any]
Style = Callable[[Row, int], Row]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _people(row: Row, n: int) -> Row:
    return row | {"birth_year": int(row["birth_year"]), "phone": int(row["phone"]), "since": _date(row["since"])}


def _mentorship(row: Row, n: int) -> Row:
    """Dates three ways: 2021年3月1日, 2021/3/1 and 202103."""
    start, planned, end = (_date(row[c]) for c in ("start", "planned_end", "end"))
    return row | {
        "start": f"{start.year}年{start.month}月{start.day}日" if start else "",
        "planned_end": f"{planned.year}/{planned.month}/{planned.day}" if planned else "",
        "end": f"{end.year}{end.month:02d}" if end else "",
    }


def _achievement(row: Row, n: int) -> Row:
    benefit = float(row["benefit_wan_yuan"])
    return row | {"benefit_wan_yuan": f"{benefit:,.1f}" if n % 2 else f"{benefit * 10000:,.0f}元"}


def _certification(row: Row, n: int) -> Row:
    grade = int(row["grade"])
    issued = _date(row["issued_on"])
    named = vocab.GRADE_NAMES[grade] if n % 3 else str(grade)
    return row | {"grade": named, "issued_on": f"{issued.year}.{issued.month}.{issued.day}" if issued else ""}


def _entry(row: Row, n: int) -> Row:
    """A grade awarded by its name (技师), as a competition's notice writes it."""
    grade = row["grade_awarded"]
    return row | {"rank": int(row["rank"]), "grade_awarded": vocab.GRADE_NAMES[int(grade)] if grade else ""}


def _studio(row: Row, n: int) -> Row:
    return row | {"named_year": int(row["named_year"])}


def _competition(row: Row, n: int) -> Row:
    """A competition's year as a number, as a workbook keeps it."""
    return row | {"year": int(row["year"])}


# kind -> (format, Chinese headers, header overrides, value style)
FORMATS: dict[str, tuple[str, bool, dict[str, str], Style | None]] = {
    "organizations": ("utf-8", True, {}, None),
    "people": ("xlsx", True, {"org_id": "工作单位", "birth_year": "出生年份"}, _people),
    "studios": ("xlsx", True, {"leader_id": "领衔人", "host_id": "依托单位"}, _studio),
    "training_bases": ("xlsx", True, {"occupation_code": "培训职业"}, None),
    "mentorships": ("gbk", True, {"master_id": "师傅", "apprentice_id": "徒弟"}, _mentorship),
    "achievements": ("utf-8-sig", True, {"first_id": "第一完成人", "benefit_wan_yuan": "经济效益（万元）"}, _achievement),
    "honors": ("utf-8-sig", True, {"person_id": "人员编号", "studio_id": "工作室编号"}, None),
    "certifications": ("jsonl", False, {}, _certification),
    "competitions": ("xlsx", True, {"occupation_code": "职业编码", "organizer_id": "主办单位"}, _competition),
    "competition_entries": ("utf-8", True, {"person_id": "人员编号", "competition_id": "竞赛编号"}, _entry),
}
ORG_NAMES = {"people": "org_id", "competitions": "organizer_id"}  # kind -> the column whose org ids become names


def convert(source: Path, out: Path) -> None:
    """Rewrite one generated CSV in the format FORMATS gives its kind (or copy it as it is)."""
    kind = source.stem
    fmt, chinese, overrides, style = FORMATS.get(kind, ("utf-8", False, {}, None))
    names = {o["org_id"]: o["name"] for _, o in read_rows(source.parent / "organizations.csv")}
    rows = []
    for n, (_, row) in enumerate(read_rows(source)):
        row = style(row, n) if style else row
        if kind in ORG_NAMES and row[ORG_NAMES[kind]]:
            row[ORG_NAMES[kind]] = names[row[ORG_NAMES[kind]]]
        rows.append(row)
    headers = [overrides.get(c) or (columns_of(KIND_BY_NAME[kind]).columns[c].chinese if chinese else c) for c in rows[0]]
    suffix = {"xlsx": ".xlsx", "jsonl": ".jsonl"}.get(fmt, ".csv")
    target = out / f"{kind}{suffix}"
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(kind)
        sheet.append(headers)
        for row in rows:
            sheet.append([None if v == "" else v for v in row.values()])
        book.save(target)
    elif fmt == "jsonl":
        with target.open("w", encoding="utf-8") as file:
            file.writelines(json.dumps(dict(zip(headers, row.values())), ensure_ascii=False) + "\n" for row in rows)
    else:
        with target.open("w", encoding=fmt, newline="") as file:
            writer = csv.writer(file)
            writer.writerow(headers)
            writer.writerows(row.values() for row in rows)


def build_sample(out: Path, people: int = PEOPLE, seed: int = SEED) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.suffix in (".csv", ".xlsx", ".jsonl"):
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), people, seed)
        for source in sorted(Path(tmp).glob("*.csv")):
            convert(source, out)


if __name__ == "__main__":
    build_sample(Path(sys.argv[1] if len(sys.argv) > 1 else "data/sample"))
