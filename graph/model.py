"""The domain model, declared once.

Every node label, key, property and relationship type lives here as data. The
Neo4j schema and write queries (graph.cypher), the embedded store's checks
(graph.checks), the loaders' columns and the GraphQL fields are all derived
from these declarations: adding a property is one edit, here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph import vocab


class Kind(Enum):
    """The value type of a property, as both stores keep it."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"  # an ISO 8601 string at the precision written, YYYY-MM-DD, YYYY-MM or YYYY (graph.dates)


@dataclass(frozen=True)
class Property:
    name: str
    kind: Kind = Kind.STR
    doc: str = ""
    required: bool = False
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pii: bool = False  # personal data: visible to the hr and admin roles only
    aliases: tuple[str, ...] = ()  # the Chinese headers a union's spreadsheet uses
    indexed: bool = False  # filtered on often: both stores' queries lean on an index
    sorts: bool = False  # orders pages often: Neo4j reads a page in the order of its range index

    @property
    def column(self) -> str:
        """The snake_case column name loaders accept: birthYear -> birth_year."""
        return snake_case(self.name)


@dataclass(frozen=True)
class NodeType:
    label: str
    key: Property
    properties: tuple[Property, ...] = ()
    doc: str = ""
    text: str | None = None  # the name or title that search looks in
    search_also: tuple[str, ...] = ()  # other text properties search looks in (an occupation's aliases)
    individual: bool = False  # its nodes are people: only the roles that see people may read them

    @property
    def all_properties(self) -> tuple[Property, ...]:
        return (self.key, *self.properties)

    def sorted_by_index(self, name: str) -> bool:
        """Whether a page ordered by this property is read in index order (the key, or a `sorts` property)."""
        prop = self.prop(name)
        return prop is self.key or prop.sorts

    def prop(self, name: str) -> Property:
        for candidate in self.all_properties:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[Property, ...] = ()
    doc: str = ""
    key: str | None = None  # a property that tells apart several relationships between one pair

    def key_of(self, props: Mapping[str, Any]) -> str:
        """The relationship's key among `props` as text, "" when the type has none or the row gives none."""
        return str(props.get(self.key) or "") if self.key else ""

    def prop(self, name: str) -> Property:
        for candidate in self.properties:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.type} has no property {name!r}")


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


P = Property
GRADE_PROPERTIES = frozenset({"grade", "minGrade", "gradeAwarded"})  # on the eight-level ladder, also written by name
GRADE = P("grade", Kind.INT, "Skill grade on the eight-level ladder, 1 (学徒工) to 8 (首席技师).",
          required=True, min=1, max=8, aliases=("技能等级", "等级", "职业技能等级"))

NODES: tuple[NodeType, ...] = (
    NodeType(
        "Person",
        P("personId", doc="Stable person key.", required=True, aliases=("人员编号", "职工编号", "编号")),
        (
            P("name", doc="Full name.", required=True, sorts=True, aliases=("姓名",)),
            P("gender", choices=vocab.GENDERS, aliases=("性别",)),
            P("birthYear", Kind.INT, "Year of birth.", min=1900, max=2100, sorts=True, aliases=("出生年份",)),
            P("birthDate", Kind.DATE, "Exact date of birth.", pii=True, aliases=("出生年月", "出生日期")),
            P("phone", doc="Contact phone number.", pii=True, aliases=("联系电话", "手机号", "电话")),
            P("employmentForm", choices=vocab.EMPLOYMENT_FORMS, doc="标准 or 新就业形态.", aliases=("用工形式", "就业形态")),
            P("status", choices=vocab.PERSON_STATUSES, indexed=True, doc="在职 (employed) or 退休 (retired).", aliases=("状态", "在职状态")),
        ),
        "A worker: craftsman, master or apprentice.",
        text="name",
        individual=True,
    ),
    NodeType(
        "Organization",
        P("orgId", doc="统一社会信用代码 where known, else the union's own number.", required=True,
          aliases=("单位编号", "统一社会信用代码", "单位代码")),
        (
            P("name", required=True, sorts=True, aliases=("单位名称", "工作单位", "企业名称")),
            P("regionCode", doc="GB/T 2260 code of the region it is in.", indexed=True, aliases=("行政区划", "行政区划代码", "所在地区")),
            P("industry", aliases=("所属行业", "行业")),
        ),
        "An enterprise or institution that employs people and hosts studios.",
        text="name",
    ),
    NodeType(
        "Region",
        P("code", doc="GB/T 2260 code, e.g. 421000.", required=True, aliases=("行政区划代码", "区划代码", "代码")),
        (P("name", required=True, aliases=("名称", "地区名称")),),
        "An administrative region; PART_OF its parent.",
        text="name",
    ),
    NodeType(
        "Occupation",
        P("code", doc="职业分类大典 2022 code, e.g. 6-18-02-04.", required=True, aliases=("职业编码", "职业代码", "编码")),
        (
            P("name", required=True, aliases=("职业名称", "名称")),
            P("level", choices=vocab.OCCUPATION_LEVELS, doc="大类, 中类, 小类 or 细类.", aliases=("层级",)),
            P("green", Kind.BOOL, "A green occupation, marked (L).", aliases=("绿色职业",)),
            P("digital", Kind.BOOL, "A digital occupation, marked (S).", aliases=("数字职业",)),
            P("definition", aliases=("定义", "职业定义")),
            P("tasks", doc="Its main tasks (主要工作任务), as the classification lists them.", aliases=("主要工作任务", "工作任务")),
            P("aliases", doc="Other names it goes by (工种 names clerks write), as written: search finds them.",
              aliases=("别名", "其他名称", "工种名称")),
        ),
        "An occupation of the national classification; BROADER its parent.",
        text="name",
        search_also=("aliases",),
    ),
    NodeType(
        "Studio",
        P("studioId", required=True, aliases=("工作室编号",)),
        (
            P("name", required=True, sorts=True, aliases=("工作室名称",)),
            P("level", choices=vocab.STUDIO_LEVELS, indexed=True, aliases=("级别", "工作室级别")),
            P("demonstration", Kind.BOOL, "A demonstration (示范性) studio.", aliases=("示范性", "是否示范")),
            P("namedYear", Kind.INT, "Year the studio was named.", min=1949, max=2100, sorts=True, aliases=("命名年份",)),
            P("batch", aliases=("批次",)),
            P("industry", aliases=("所属行业", "行业")),
        ),
        "A model-worker and craftsman innovation studio (劳模和工匠人才创新工作室).",
        text="name",
    ),
    NodeType(
        "Achievement",
        P("achievementId", required=True, aliases=("成果编号",)),
        (
            P("title", required=True, aliases=("成果名称",)),
            P("type", choices=vocab.ACHIEVEMENT_TYPES, required=True, indexed=True, aliases=("成果类型",)),
            P("year", Kind.INT, min=1949, max=2100, sorts=True, aliases=("年度", "年份")),
            P("benefitWanYuan", Kind.FLOAT, "Economic benefit in 万元.", min=0, aliases=("经济效益（万元）", "经济效益")),
            P("patentNo", aliases=("专利号",)),
            P("awardLevel", aliases=("获奖等级", "奖励级别")),
        ),
        "An innovation achievement (创新成果): patent, technical innovation, QC result and so on.",
        text="title",
    ),
    NodeType(
        "Honor",
        P("honorId", doc="name + level + year.", required=True, aliases=("荣誉编号",)),
        (
            P("name", required=True, aliases=("荣誉名称",)),
            P("level", choices=vocab.HONOR_LEVELS, aliases=("荣誉级别", "级别")),
            P("year", Kind.INT, min=1949, max=2100, aliases=("授予年份", "年份")),
            P("grantor", aliases=("授予单位",)),
        ),
        "An honour granted in a year: 五一劳动奖章, 荆楚工匠, 劳动模范, 带徒名师 ...",
        text="name",
    ),
    NodeType(
        "TrainingBase",
        P("baseId", required=True, aliases=("基地编号",)),
        (
            P("name", required=True, aliases=("基地名称",)),
            P("level", choices=vocab.BASE_LEVELS, aliases=("级别",)),
            P("regionCode", aliases=("行政区划", "所在地区")),
        ),
        "A skills training base.",
        text="name",
    ),
    NodeType(
        "Demand",
        P("demandId", required=True, aliases=("需求编号",)),
        (
            P("regionCode", required=True, indexed=True, aliases=("行政区划", "地区")),
            P("industry", aliases=("所属行业", "行业")),
            P("occupationCode", required=True, indexed=True, aliases=("职业编码",)),
            P("minGrade", Kind.INT, "Lowest grade that meets the demand.", required=True, min=1, max=8,
              aliases=("最低等级", "技能等级要求")),
            P("required", Kind.INT, "Number of people needed.", required=True, min=0, aliases=("需求人数",)),
            P("year", Kind.INT, min=1949, max=2100, aliases=("年度",)),
            P("source", aliases=("来源", "数据来源")),
        ),
        "A planner's demand for certified people in a region, industry and occupation.",
    ),
    NodeType(
        "Competition",
        P("competitionId", required=True, aliases=("竞赛编号", "赛事编号")),
        (
            P("name", required=True, sorts=True, aliases=("竞赛名称", "赛事名称")),
            P("year", Kind.INT, "The year it was held.", min=1949, max=2100, sorts=True, indexed=True, aliases=("年度", "年份", "举办年份")),
            P("level", choices=vocab.COMPETITION_LEVELS, indexed=True, aliases=("级别", "竞赛级别")),
            P("kind", doc="职业技能大赛, \"双创\"大赛, 行业对抗赛, 劳动竞赛 or another kind, as written.", indexed=True,
              aliases=("竞赛类型", "竞赛类别", "类型")),
        ),
        "A labour or skill competition (劳动和技能竞赛): TESTS an occupation, ORGANIZED_BY an organization.",
        text="name",
    ),
)

SINCE = P("since", Kind.DATE, aliases=("开始时间", "加入时间"))

RELS: tuple[RelType, ...] = (
    RelType("WORKS_AT", ("Person",), ("Organization",),
            (SINCE, P("position", aliases=("岗位", "职务"))), "A person's employer."),
    RelType("CERTIFIED", ("Person",), ("Occupation",),
            (GRADE, P("issuedOn", Kind.DATE, aliases=("发证日期", "取证时间")), P("certNo", aliases=("证书编号",))),
            "A skill certificate in an occupation at a grade."),
    RelType("MENTORED", ("Person",), ("Person",),
            (
                P("agreementId", doc="The mentorship agreement (师带徒协议).", required=True, indexed=True, aliases=("协议编号",)),
                P("occupationCode", aliases=("职业编码",)),
                P("start", Kind.DATE, required=True, aliases=("带徒开始时间", "开始时间")),
                P("plannedEnd", Kind.DATE, aliases=("计划出师时间", "计划结束时间")),
                P("end", Kind.DATE, aliases=("出师时间", "结束时间")),
                P("status", choices=vocab.MENTORSHIP_STATUSES, required=True, indexed=True, aliases=("状态", "带徒状态")),
                P("result", choices=vocab.MENTORSHIP_RESULTS, aliases=("考核结果",)),
            ),
            "A master (from) mentored an apprentice (to).", key="agreementId"),
    RelType("LEADS", ("Person",), ("Studio",), (SINCE,), "A person leads (领衔) a studio."),
    RelType("MEMBER_OF", ("Person",), ("Studio",), (P("role", aliases=("角色", "职务")), SINCE),
            "A person is a member of a studio."),
    RelType("HOSTED_BY", ("Studio",), ("Organization",), (), "The organization a studio is based in (依托单位)."),
    RelType("CONTRIBUTED", ("Person",), ("Achievement",),
            (P("rank", Kind.INT, "1 is the first contributor (第一完成人).", required=True, min=1, aliases=("排名", "完成人排序")),),
            "A person contributed to an achievement."),
    RelType("PRODUCED_BY", ("Achievement",), ("Studio",), (), "The studio an achievement came from."),
    RelType("RECEIVED", ("Person", "Studio"), ("Honor",), (), "A person or studio received an honour."),
    RelType("LOCATED_IN", ("Organization", "TrainingBase"), ("Region",), (), "Where an organization or base is."),
    RelType("TRAINS", ("TrainingBase",), ("Occupation",), (), "A training base trains for an occupation."),
    RelType("BROADER", ("Occupation",), ("Occupation",), (), "An occupation's parent in the classification."),
    RelType("PART_OF", ("Region",), ("Region",), (), "A region's parent region."),
    RelType("TESTS", ("Competition",), ("Occupation",), (), "The occupation a competition tests."),
    RelType("ORGANIZED_BY", ("Competition",), ("Organization",), (), "The organization that held a competition (主办单位)."),
    RelType("COMPETED", ("Person",), ("Competition",),
            (
                P("rank", Kind.INT, "Place in the competition, 1 first.", min=1, aliases=("名次", "排名")),
                P("award", choices=vocab.COMPETITION_AWARDS, aliases=("获奖等级", "奖项", "获奖情况")),
                P("gradeAwarded", Kind.INT, "The skill grade awarded for the result (以赛代评), 1..8; it counts as a "
                  "certificate of that grade in the competition's occupation, from the competition's year.",
                  min=1, max=8, aliases=("晋升等级", "晋升技能等级", "授予等级")),
            ),
            "A person's entry in a competition: rank, award and any grade awarded. A winner is an entry with an award."),
)

NODE_TYPES: dict[str, NodeType] = {n.label: n for n in NODES}
REL_TYPES: dict[str, RelType] = {r.type: r for r in RELS}


def node_type(label: str) -> NodeType:
    try:
        return NODE_TYPES[label]
    except KeyError:
        raise KeyError(f"unknown node label {label!r}; known: {', '.join(NODE_TYPES)}") from None


def rel_type(type_: str) -> RelType:
    try:
        return REL_TYPES[type_]
    except KeyError:
        raise KeyError(f"unknown relationship type {type_!r}; known: {', '.join(REL_TYPES)}") from None
