"""The code hierarchies' flaws: green/digital markers glued onto occupation names, padded codes, missing parents.

Real copies of the 职业分类大典 2022 mark green occupations (L) and digital ones
(S), often glued to the name as 焊工(L) or 碳排放管理员（L/S）. The markers become
the `green` and `digital` flags and leave the name. The copies commonly
distributed write every code in four segments (6-18-02-00 is the 小类 6-18-02,
6-18-00-00 the 中类 6-18) and the level as 1..4: a padded code is the occupation
of its short form. A parent code without its own row is created from the code,
so the hierarchy is whole. A flaw costs a warning, never the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from graph.codes import occupation_level
from loaders.values import BadValue

MARKER = re.compile(r"\s*[(（]\s*([LS](?:\s*[/／,，、]\s*[LS])*)\s*[)）]\s*", re.IGNORECASE)
OCCUPATION_CODE = re.compile(r"\d{1,2}(-\d{2}){0,3}")
REGION_CODE = re.compile(r"\d{6}")
PADDING = re.compile(r"(-00)+$")
CODE_PROPERTY = "occupationCode"  # the property that names an occupation by its code, on any node or relationship
DERIVED = {"Occupation": frozenset({"level"})}  # properties a tidy derives: a bad cell is a warning, not an error


@lru_cache(maxsize=1 << 16)  # a folder names a few thousand codes, each many times
def occupation_code(code: str) -> str:
    """A code as one writes it, without spaces, odd dashes or four-segment padding: 6-18-00-00 -> 6-18."""
    cleaned = re.sub(r"[—–‐‑]", "-", re.sub(r"\s", "", code))
    return PADDING.sub("", cleaned) if OCCUPATION_CODE.fullmatch(cleaned) else code


def split_markers(name: str) -> tuple[str, bool, bool]:
    """焊工（L/S） -> (焊工, green, digital)."""
    letters = "".join(m.group(1).upper() for m in MARKER.finditer(name))
    return MARKER.sub("", name).strip(), "L" in letters, "S" in letters


def tidy_code_properties(props: dict[str, Any]) -> None:
    """An occupation code held as a property (a demand's, a mentorship's) in its short form, as its node is keyed."""
    code = props.get(CODE_PROPERTY)
    if isinstance(code, str):
        props[CODE_PROPERTY] = occupation_code(code)


def tidy_occupation(props: dict[str, Any]) -> list[str]:
    """Strip markers into flags and derive the level from the code; returns the warnings."""
    warnings: list[str] = []
    code = props.get("code")
    if code is not None:
        code = props["code"] = occupation_code(code)
        if not OCCUPATION_CODE.fullmatch(code) or code.split("-")[0].strip("0") == "":
            raise BadValue(f"{code!r} is not an occupation code like 6-18-02-04")
    name = props.get("name")
    if not name and code is not None:
        warnings.append(f"no name for {code}: its code used as name")
        name = props["name"] = code
    if name:
        stripped, green, digital = split_markers(name)
        if stripped != name:
            warnings.append(f"marker stripped from {name!r}: name {stripped!r}, green {green}, digital {digital}")
            props["name"] = stripped
        if props.get("green") is None:
            props["green"] = green
        if props.get("digital") is None:
            props["digital"] = digital
    if code is not None:
        derived = occupation_level(code)
        if props.get("level") not in (None, derived):
            warnings.append(f"level {props['level']} does not fit code {code}: {derived} used")
        props["level"] = derived
    return warnings


def tidy_region(props: dict[str, Any]) -> list[str]:
    code = props.get("code")
    if code is not None and not REGION_CODE.fullmatch(code):
        raise BadValue(f"{code!r} is not a six-digit region code like 421000")
    return []


def missing_parents(codes: Iterable[str], present: set[str], parent: Callable[[str], str | None]) -> list[str]:
    """The ancestors of `codes` that are not `present`, broadest first."""
    missing: set[str] = set()
    for code in codes:
        up = parent(code)
        while up is not None and up not in present and up not in missing:
            missing.add(up)
            up = parent(up)
    return sorted(missing, key=lambda c: (len(c), c))
