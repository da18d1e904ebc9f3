"""Which relationships each GraphQL type shows as fields (and `where` filters), under which names.

The relationship types, their endpoints and properties come from graph.model;
this table only names them for a frontend. Where a node names a region by its
`regionCode`, api.nodes resolves the code instead (LOCATED_IN is not always loaded). A relationship with properties is
shown through an edge type (EDGES) that carries both ends and the properties.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import rel_type
from graph.query import Direction

OUT, IN = Direction.OUT, Direction.IN


@dataclass(frozen=True)
class Link:
    name: str  # the GraphQL field (and `where` filter) name
    rel: str
    direction: Direction
    doc: str
    one: bool = False  # at most one: the field is an object, not a list
    only: str | None = None  # keep only neighbours of this label (RECEIVED has two sources)

    @property
    def other(self) -> str:
        """The label at the other end."""
        rel = rel_type(self.rel)
        ends = rel.targets if self.direction is OUT else rel.sources
        return self.only or ends[0]


@dataclass(frozen=True)
class EdgeNames:
    type_name: str  # the GraphQL edge type
    source: str  # the field naming the relationship's source node
    target: str  # the field naming its target node


EDGES: dict[str, EdgeNames] = {
    "WORKS_AT": EdgeNames("Employment", "person", "organization"),
    "CERTIFIED": EdgeNames("Certification", "person", "occupation"),
    "MENTORED": EdgeNames("Mentorship", "master", "apprentice"),
    "LEADS": EdgeNames("Leadership", "leader", "studio"),
    "MEMBER_OF": EdgeNames("Membership", "member", "studio"),
    "CONTRIBUTED": EdgeNames("Contribution", "contributor", "achievement"),
}

LINKS: dict[str, tuple[Link, ...]] = {
    "Person": (
        Link("employer", "WORKS_AT", OUT, "Where the person works, with position and since when.", one=True),
        Link("certifications", "CERTIFIED", OUT, "Skill certificates: occupation and grade."),
        Link("masters", "MENTORED", IN, "The person's masters (师傅), with the mentorship record."),
        Link("apprentices", "MENTORED", OUT, "The person's apprentices (徒弟), with the mentorship record."),
        Link("studiosLed", "LEADS", OUT, "Studios the person leads (领衔)."),
        Link("studios", "MEMBER_OF", OUT, "Studios the person is a member of, with role."),
        Link("achievements", "CONTRIBUTED", OUT, "Achievements the person contributed to, with rank."),
        Link("honors", "RECEIVED", OUT, "Honours the person received."),
    ),
    "Organization": (
        Link("employees", "WORKS_AT", IN, "People who work here."),
        Link("studios", "HOSTED_BY", IN, "Studios based here (依托单位)."),
    ),
    "Region": (
        Link("parent", "PART_OF", OUT, "The enclosing region.", one=True),
        Link("children", "PART_OF", IN, "The regions directly under this one."),
    ),
    "Occupation": (
        Link("broader", "BROADER", OUT, "The broader occupation in the classification.", one=True),
        Link("narrower", "BROADER", IN, "The occupations directly under this one."),
        Link("certifications", "CERTIFIED", IN, "Certificates issued in this occupation (not narrower ones)."),
        Link("trainingBases", "TRAINS", IN, "Training bases that train for this occupation."),
    ),
    "Studio": (
        Link("leader", "LEADS", IN, "The studio's leader (领衔人).", one=True),
        Link("members", "MEMBER_OF", IN, "The studio's members, with role."),
        Link("host", "HOSTED_BY", OUT, "The organization the studio is based in (依托单位).", one=True),
        Link("achievements", "PRODUCED_BY", IN, "Achievements the studio produced."),
        Link("honors", "RECEIVED", OUT, "Honours the studio received."),
    ),
    "Achievement": (
        Link("contributors", "CONTRIBUTED", IN, "The people who made it, with rank (1 = 第一完成人)."),
        Link("studio", "PRODUCED_BY", OUT, "The studio it came from.", one=True),
    ),
    "Honor": (
        Link("people", "RECEIVED", IN, "People who received this honour.", only="Person"),
        Link("studios", "RECEIVED", IN, "Studios that received this honour.", only="Studio"),
    ),
    "TrainingBase": (
        Link("occupations", "TRAINS", OUT, "Occupations the base trains for."),
    ),
    "Demand": (),
}


def shows_person(link: Link) -> bool:
    """Whether the field's value names individual people (so it is guarded by role)."""
    return link.other == "Person" or (link.rel in EDGES and "Person" in _ends(link.rel))


def _ends(rel: str) -> tuple[str, ...]:
    declared = rel_type(rel)
    return (*declared.sources, *declared.targets)
