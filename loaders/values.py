"""Normalising one cell to the value the model keeps: grades, dates, yes/no, numbers, closed lists.

Each function takes what a reader gave (a str from CSV or JSON, a number or a
datetime from Excel) and returns the model's value, None for a blank cell, or
raises BadValue with a reason a clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from graph import dates, vocab
from graph.model import GRADE_PROPERTIES, Kind, Property

GRADE_PROPS = GRADE_PROPERTIES  # integers on the eight-level ladder, also written by name
EXCEL_EPOCH = dt.date(1899, 12, 30)
TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无"}
# Other names clerks write for a closed list's values; anything else must match exactly or be a unique prefix.
SYNONYMS = {
    "全国级": "全国", "国家级": "全国", "国家": "全国", "省部级": "省级",  # honour levels
    "QC小组成果": "QC成果", "QC": "QC成果", "质量管理小组成果": "QC成果",
    "男性": "男", "女性": "女", "退休人员": "退休", "在岗": "在职",
    **{str(number): level for number, level in enumerate(vocab.OCCUPATION_LEVELS, start=1)},  # levels as 1..4
}
_BRACKETS = re.compile(r"[()（）]")


class BadValue(ValueError):
    """A cell that cannot become the model's value; the message is the reason."""


def text(value: Any) -> str | None:
    """A cell as trimmed text (full-width letters and digits made ASCII), None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    cleaned = str(value)
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKC", cleaned)
    return cleaned.strip() or None


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    cleaned = re.sub(r"[,\s]", "", str(value)).rstrip("年人名个")
    try:
        number = float(cleaned)
    except ValueError:
        raise BadValue(f"{value!r} is not a whole number") from None
    if not number.is_integer():
        raise BadValue(f"{value!r} is not a whole number")
    return int(number)


def parse_float(value: Any, wan_yuan: bool = False) -> float:
    """A number; with `wan_yuan`, 万元 is the unit and 元 amounts are converted."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    cleaned = re.sub(r"[,\s]", "", str(value))
    scale = 1.0
    if wan_yuan and cleaned.endswith("万元"):
        cleaned = cleaned[:-2]
    elif wan_yuan and cleaned.endswith("万"):
        cleaned = cleaned[:-1]
    elif wan_yuan and cleaned.endswith("元"):
        cleaned, scale = cleaned[:-1], 1 / 10000
    try:
        return round(float(cleaned) * scale, 6)
    except ValueError:
        raise BadValue(f"{value!r} is not a number") from None


def parse_grade(value: Any) -> int:
    """学徒工..首席技师, 五级..一级, 1..8, or both as 高级工（三级）."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        grades = {parse_int(value)}
    else:
        parts = [p.strip() for p in _BRACKETS.split(str(value)) if p.strip()]
        grades = {vocab.GRADE_BY_NAME.get(p) or _grade_number(p, value) for p in parts}
    if len(grades) != 1:
        raise BadValue(f"{value!r} names two different grades")
    grade = grades.pop()
    if not 1 <= grade <= 8:
        raise BadValue(f"grade {grade} is not on the ladder 1..8")
    return grade


def _grade_number(part: str, value: Any) -> int:
    if re.fullmatch(r"\d+(\.0)?", part):
        return int(float(part))
    names = "、".join(vocab.GRADE_NAMES.values())
    raise BadValue(f"{value!r} is not a skill grade: use 1..8, {names}, or 五级..一级")


def parse_date(value: Any) -> str:
    """A date at the precision written (graph.dates): a day, a month (2021-03, 2021年3月, 202103) or a year
    (2020); an Excel date or serial; a whole number 1900..2100 from Excel is a year."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and dates.FIRST_YEAR <= value <= dates.LAST_YEAR:
            return dates.parse(str(int(value)))
        if float(value).is_integer() and len(str(int(value))) in (6, 8):
            return _parse_text(str(int(value)))
        return _excel_serial(float(value))
    if isinstance(value, dt.date):
        return dates.parse(value)
    if re.fullmatch(r"\d{5}(\.\d+)?", str(value).strip()):
        return _excel_serial(float(value))
    return _parse_text(value)


def _parse_text(value: Any) -> str:
    try:
        return dates.parse(value)
    except dates.BadDate as error:
        raise BadValue(str(error)) from None


def _excel_serial(serial: float) -> str:
    if not 1 <= serial < 2958466:
        raise BadValue(f"{serial!r} is not an Excel date")
    return (EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    cleaned = str(text(value)).lower()
    if cleaned in TRUE:
        return True
    if cleaned in FALSE:
        return False
    raise BadValue(f"{value!r} is not yes or no: write 是 or 否")


def parse_choice(value: str, choices: tuple[str, ...]) -> str:
    """A value of a closed list: exactly, by a known synonym, or by a unique prefix (国家 -> 国家级)."""
    if value in choices:
        return value
    synonym = SYNONYMS.get(value)
    if synonym in choices:
        return synonym
    prefixed = [c for c in choices if c.startswith(value) or value.startswith(c)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise BadValue(f"{value!r} is not one of {'、'.join(choices)}")


def normalise(prop: Property, raw: Any) -> Any:
    """The model's value of one cell for `prop`, None when blank; raises BadValue."""
    return parser(prop)(raw)


@cache
def parser(prop: Property) -> Callable[[Any], Any]:
    """The function that normalises a cell for `prop`, worked out once per property."""
    if prop.kind is Kind.STR and prop.choices is None:
        return text
    if prop.name in GRADE_PROPS:
        convert: Callable[[Any], Any] = parse_grade
    elif prop.kind is Kind.FLOAT:
        convert = partial(parse_float, wan_yuan=prop.name.endswith("WanYuan"))
    else:
        convert = {Kind.INT: parse_int, Kind.BOOL: parse_bool, Kind.DATE: parse_date, Kind.STR: text}[prop.kind]
    choices, low, high = prop.choices, prop.min, prop.max

    def parse(raw: Any) -> Any:
        cell = raw if isinstance(raw, (dt.date, int, float)) else text(raw)
        if cell is None:
            return None
        value = convert(cell)
        if choices is not None:
            value = parse_choice(value, choices)
        if low is not None and value < low or high is not None and value > high:
            raise BadValue(f"{value!r} is outside {'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}")
        return value

    return parse
