"""The source file kinds, declared once as data: what each file writes and which columns name what.

A kind writes at most one node per row (`node`) and any number of relationships
(`links`). Each end of a link is the row's own node (SELF) or a reference
column (`End`). Headers, required columns, validation and writes are all derived
from these declarations and from graph.model.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from graph import codes
from graph.model import node_type


@dataclass(frozen=True)
class End:
    """A column that refers to a node of `label` by its key, its name or (people) an identity card."""

    label: str
    role: str  # names the column: role "master" -> master_id, role "region" -> region_code
    zh: str = ""  # the Chinese role header, e.g. 师傅: also accepted as 师傅编号, 师傅姓名, 师傅身份证号
    generic: bool = False  # also accept the label's own key and name headers (人员编号, 姓名 ...)
    required: bool = True
    many: bool = False  # several references in one cell, separated by ; or 、

    @cached_property
    def column(self) -> str:
        suffix = "code" if node_type(self.label).key.name == "code" else "id"
        return f"{self.role}_{suffix}"

    @cached_property
    def card_column(self) -> str | None:
        """The identity-card column of a reference to a person, else None."""
        return f"{self.role}_id_card" if self.label == "Person" else None


SELF = None  # a link end that is the node the row writes


@dataclass(frozen=True)
class Link:
    """A relationship each row writes, from `source` to `target` (either may be SELF)."""

    rel_type: str
    source: End | None
    target: End | None
    read_props: bool = True  # read the relationship's properties from the row's columns
    fixed: tuple[tuple[str, Any], ...] = ()  # (property, value) set on every row


@dataclass(frozen=True)
class Hierarchy:
    """A code hierarchy inside one file: each node links to the parent its code names."""

    rel_type: str
    parent: Callable[[str], str | None]


@dataclass(frozen=True)
class FileKind:
    name: str  # the file's stem: people.csv, people.xlsx, people.jsonl
    node: str | None
    links: tuple[Link, ...] = ()
    hierarchy: Hierarchy | None = None
    shared: bool = False  # several rows may name one node (an honour given to many people)
    ignored: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, headers) read and not stored


PERSON = End("Person", "person", generic=True)

KINDS: tuple[FileKind, ...] = (
    FileKind("regions", "Region", hierarchy=Hierarchy("PART_OF", codes.region_parent)),
    FileKind(
        "occupations",
        "Occupation",
        hierarchy=Hierarchy("BROADER", codes.occupation_parent),
    ),
    FileKind("organizations", "Organization", (Link("LOCATED_IN", SELF, End("Region", "region", generic=True, required=False)),)),
    FileKind("people", "Person", (Link("WORKS_AT", SELF, End("Organization", "org", generic=True, required=False)),)),
    FileKind(
        "studios",
        "Studio",
        (
            Link("LEADS", End("Person", "leader", "领衔人", required=False), SELF),
            Link("HOSTED_BY", SELF, End("Organization", "host", "依托单位", required=False)),
        ),
    ),
    FileKind(
        "achievements",
        "Achievement",
        (
            Link("PRODUCED_BY", SELF, End("Studio", "studio", "所属工作室", generic=True, required=False)),
            Link("CONTRIBUTED", End("Person", "first", "第一完成人", required=False), SELF,
                 read_props=False, fixed=(("rank", 1),)),
        ),
    ),
    FileKind(
        "honors",
        "Honor",
        (
            Link("RECEIVED", End("Person", "person", "获奖人", generic=True, required=False), SELF),
            Link("RECEIVED", End("Studio", "studio", "获奖工作室", generic=True, required=False), SELF),
        ),
        shared=True,
    ),
    FileKind(
        "training_bases",
        "TrainingBase",
        (
            Link("LOCATED_IN", SELF, End("Region", "region", generic=True, required=False)),
            Link("TRAINS", SELF, End("Occupation", "occupation", "培训职业", generic=True, required=False, many=True)),
        ),
    ),
    FileKind("demand", "Demand"),
    FileKind(
        "competitions",
        "Competition",
        (
            Link("TESTS", SELF, End("Occupation", "occupation", generic=True, required=False)),
            Link("ORGANIZED_BY", SELF, End("Organization", "organizer", "主办单位", required=False)),
        ),
    ),
    FileKind("certifications", None, (Link("CERTIFIED", PERSON, End("Occupation", "occupation", "工种", generic=True)),)),
    FileKind("studio_members", None, (Link("MEMBER_OF", End("Person", "person", "成员", generic=True),
                                           End("Studio", "studio", generic=True)),)),
    FileKind("mentorships", None, (Link("MENTORED", End("Person", "master", "师傅"), End("Person", "apprentice", "徒弟")),)),
    FileKind(
        "achievement_contributors",
        None,
        (Link("CONTRIBUTED", End("Person", "person", "完成人", generic=True), End("Achievement", "achievement", generic=True)),),
    ),
    FileKind(
        "competition_entries",
        None,
        (Link("COMPETED", End("Person", "person", "参赛人", generic=True), End("Competition", "competition", generic=True)),),
    ),
)

KIND_BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in KINDS}


# The Chinese names a union gives each kind's file or workbook sheet (人员.xlsx, a sheet 师带徒), besides its own name.
CHINESE_NAMES: dict[str, tuple[str, ...]] = {
    "regions": ("行政区划", "地区"),
    "occupations": ("职业", "职业分类", "职业目录"),
    "organizations": ("单位", "企业", "单位名录"),
    "people": ("人员", "职工", "人员名单", "人才库"),
    "certifications": ("证书", "技能等级证书", "职业技能等级"),
    "studios": ("工作室", "创新工作室"),
    "studio_members": ("工作室成员", "成员"),
    "mentorships": ("师带徒", "师徒", "师徒结对"),
    "achievements": ("成果", "创新成果"),
    "achievement_contributors": ("成果完成人", "完成人"),
    "honors": ("荣誉", "荣誉称号"),
    "training_bases": ("培训基地", "基地"),
    "demand": ("需求", "技能需求", "人才需求"),
    "competitions": ("竞赛", "技能竞赛", "劳动和技能竞赛"),
    "competition_entries": ("参赛", "参赛人员", "竞赛获奖", "获奖名单"),
}


def kind_named(name: str) -> FileKind | None:
    """The kind a file stem or sheet name means, in English or Chinese: People, 人员, ' 人员 ' -> people."""
    cleaned = unicodedata.normalize("NFKC", name).strip().lower()
    return _BY_ANY_NAME.get(cleaned)


_BY_ANY_NAME: dict[str, FileKind] = {
    **{zh: KIND_BY_NAME[kind] for kind, names in CHINESE_NAMES.items() for zh in names},
    **KIND_BY_NAME,
}
