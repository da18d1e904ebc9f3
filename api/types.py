"""The GraphQL object types, derived from graph.model: one field per property, one per relationship.

A property's field reads it from the object's stored properties, guarded when it
is personal data. A relationship's field (the table LINKS names them) is an
object or a paged list, read through the request's loaders; a relationship with
properties is shown through an edge type with both ends and the properties.
No `from __future__ import annotations`: the generated resolvers' annotations
must be real (lazy) types when strawberry reads them.
"""

from dataclasses import dataclass
from collections.abc import Callable
from typing import Annotated, Any, NewType, Optional

import strawberry
from strawberry.types.field import StrawberryField

from api.access import CanSeePeople, CanSeePersonalData
from api.pagination import check_offset_page
from graph import dates
from graph.change import VERSION
from graph.model import GRADE_PROPERTIES, Kind, Property, node_type, rel_type, snake_case
from graph.query import Direction, Neighbour, NeighbourPage
from graph.vocab import grade_name


# -- a property as a field -------------------------------------------------


def _date_input(value: Any) -> str:
    if not isinstance(value, str) or not dates.is_stored(value):
        raise ValueError(f"{value!r} is not an ISO 8601 date: write 2021-03-15, a month 2021-03 or a year 2021")
    return value


Date = NewType("Date", str)  # a stored date at its precision; the schema maps it to DATE_SCALAR
DATE_SCALAR = strawberry.scalar(
    name="Date",
    description="A date at the precision recorded, ISO 8601: a day 2021-03-15, a month 2021-03 or a year 2021 "
    "(graph.dates: a year or month is never stretched to a day). They sort as text: 2021 < 2021-03 < 2021-03-15.",
    serialize=str,
    parse_value=_date_input,
)

PYTHON_TYPES: dict[Kind, type] = {
    Kind.STR: str,
    Kind.INT: int,
    Kind.FLOAT: float,
    Kind.BOOL: bool,
    Kind.DATE: Date,
}


def describe(prop: Property) -> str:
    """The field's description: the model's doc, its allowed values and whether it is personal data."""
    parts = [prop.doc or _fallback(prop)]
    if prop.choices:
        parts.append("One of: " + ", ".join(prop.choices) + ".")
    if prop.min is not None or prop.max is not None:
        parts.append(f"From {_number(prop.min)} to {_number(prop.max)}.")
    if prop.pii:
        parts.append("Personal data: visible to the hr and admin roles only.")
    return " ".join(parts)


def _fallback(prop: Property) -> str:
    """For an undocumented property: its name in words and the Chinese header it comes from."""
    words = snake_case(prop.name).replace("_", " ").capitalize()
    return f"{words} ({prop.aliases[0]})." if prop.aliases else f"{words}."


def _number(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)


def annotation(prop: Property) -> Any:
    """The field's type: nullable unless required, and always for personal data (null where not shown)."""
    python_type = PYTHON_TYPES[prop.kind]
    return python_type if prop.required and not prop.pii else Optional[python_type]


def model_field(prop: Property) -> StrawberryField:
    """A field reading `prop` from the object's stored properties (`root.props`)."""
    annotation_ = annotation(prop)

    def resolve(root: Any) -> annotation_:  # type: ignore[valid-type]
        return root.props.get(prop.name)  # dates too: shown as stored, at their own precision

    permissions = [CanSeePersonalData] if prop.pii else []
    return strawberry.field(resolver=resolve, description=describe(prop), permission_classes=permissions)


def plain(prop: Property) -> bool:
    """Whether the field is the stored value, for everyone: a field with no resolver (personal data has one)."""
    return not prop.pii


def _properties_as_attributes(self: Any) -> None:
    """Each stored property an attribute too: strawberry answers a field without a resolver by reading it."""
    self.__dict__.update(self.props)


def grade_name_field(prop: Property) -> StrawberryField:
    """The ladder name (技师, ...) of a grade number property."""

    def resolve(root: Any) -> Optional[str]:
        return grade_name(root.props.get(prop.name))

    return strawberry.field(resolver=resolve, description=f"The ladder name of `{prop.name}`: 学徒工, 初级工 ... 首席技师.")


def version_field() -> StrawberryField:
    """How many times mutations changed the object (0: as loaded): send it back to edit without losing an update."""

    def resolve(root: Any) -> int:
        return root.props.get(VERSION, 0)

    return strawberry.field(resolver=resolve, description="How many times mutations changed it (0: as loaded). "
                            "Send it with an edit: an edit of an older version is refused.")


def model_namespace(properties: tuple[Property, ...], attributes: bool = True) -> dict[str, Any]:
    """Class attributes for a strawberry type: `props` (the stored properties), one field per property, `version`.

    With `attributes`, a `plain` property is a field without a resolver, read from the
    attribute the object takes from `props` when it is made: no per-field call
    (strawberry's basic field). Without, every field reads `root.props`, so any object
    with `props` can stand for the type (the analytics' own dataclasses do).
    """
    annotations: dict[str, Any] = {"props": strawberry.Private[dict[str, Any]]}
    namespace: dict[str, Any] = {"__annotations__": annotations, "version": version_field()}
    if attributes:
        namespace["__post_init__"] = _properties_as_attributes
    for prop in properties:
        annotations[prop.name] = annotation(prop)  # every field annotated, so the schema keeps the model's order
        if attributes and plain(prop):
            namespace[prop.name] = strawberry.field(description=describe(prop), default=None)
        else:
            namespace[prop.name] = model_field(prop)
        if prop.name in GRADE_PROPERTIES:
            namespace[f"{prop.name}Name"] = grade_name_field(prop)
            annotations[f"{prop.name}Name"] = Optional[str]
    return namespace


# -- which relationships each type shows -----------------------------------

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
    "COMPETED": EdgeNames("CompetitionEntry", "entrant", "competition"),
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
        Link("competitions", "COMPETED", OUT, "Competitions the person entered, with rank, award and grade awarded."),
    ),
    "Organization": (
        Link("employees", "WORKS_AT", IN, "People who work here."),
        Link("studios", "HOSTED_BY", IN, "Studios based here (依托单位)."),
        Link("competitionsOrganized", "ORGANIZED_BY", IN, "Competitions this organization held (主办)."),
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
        Link("competitions", "TESTS", IN, "Competitions that test this occupation."),
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
    "Competition": (
        Link("entrants", "COMPETED", IN, "Every entry in the competition, with rank, award and grade awarded."),
        Link("occupation", "TESTS", OUT, "The occupation the competition tests.", one=True),
        Link("organizer", "ORGANIZED_BY", OUT, "The organization that held it (主办单位).", one=True),
    ),
}


def shows_person(link: Link) -> bool:
    """Whether the field's value names individual people (so it is guarded by role)."""
    ends = _ends(link.rel) if link.rel in EDGES else (link.other,)
    return any(node_type(label).individual for label in ends)


def _ends(rel: str) -> tuple[str, ...]:
    declared = rel_type(rel)
    return (*declared.sources, *declared.targets)


# -- objects from what the store answers -----------------------------------

Props = dict[str, Any]



def node_object(label: str, props: Props) -> Any:
    """The GraphQL object (Person, Studio, ...) for a node's stored properties."""
    return NODE_TYPES[label](props=props)


def edge_object(rel: str, props: Props, source: Any, target: Any) -> Any:
    """The GraphQL edge object (Mentorship, Certification, ...) between two node objects."""
    return EDGE_TYPES[rel](props=props, source=source, target=target)


def across(root: Any, link: Link, found: Neighbour) -> Any:
    """What a link field shows for one neighbour: the node, or an edge when the relationship has properties."""
    other = node_object(found.label, found.node)
    if link.rel not in EDGES:
        return other
    source, target = (root, other) if link.direction is OUT else (other, root)
    return edge_object(link.rel, found.rel, source, target)


# -- relationship fields ---------------------------------------------------

def lazy_type(name: str, module: str) -> Any:
    """A reference to a type defined in `module`, resolved when the schema is built."""
    return Annotated[name, strawberry.lazy(module)]


def link_type(link: Link) -> Any:
    """The field's GraphQL type: the other node, or the edge type when the relationship has properties."""
    if link.rel in EDGES:
        return lazy_type(EDGES[link.rel].type_name, "api.types")
    return lazy_type(link.other, "api.types")


LIST_PAGE = 100  # a relationship list's default and largest `first`
MAX_OFFSET = 1_000_000

First = Annotated[int, strawberry.argument(description=f"At most this many items: {LIST_PAGE} by default and at most.")]
Offset = Annotated[int, strawberry.argument(description="Skip this many items first (to page on).")]


async def load_neighbours(
    info: strawberry.Info, label: str, key: str, rel: str, direction: Direction, page: NeighbourPage | None = None,
) -> list[Neighbour]:
    return await info.context.loaders.neighbours(label, rel, direction, page).load(key)


def neighbours_then(
    info: strawberry.Info, label: str, key: str, rel: str, direction: Direction, page: NeighbourPage,
    answer: Callable[[list[Neighbour]], Any],
) -> Any:
    """`answer` of a node's page of neighbours: at once when it was fetched ahead, else an awaitable."""
    return info.context.loaders.neighbours(label, rel, direction, page).then(key, answer)


def list_page(first: int, offset: int, only: str | None) -> NeighbourPage:
    """The page a relationship list's arguments ask for, checked."""
    check_offset_page(first, offset, LIST_PAGE, MAX_OFFSET)
    return NeighbourPage(first, offset, only)


def link_field(label: str, link: Link) -> StrawberryField:
    """The field for one relationship of a node type: an object (`one`) or a bounded list."""
    item = link_type(link)
    guarded = shows_person(link)
    permissions = [CanSeePeople] if guarded else []
    if link.one:

        def resolve_one(root: Any, info: strawberry.Info) -> Optional[item]:  # type: ignore[valid-type]
            return neighbours_then(info, label, root.key, link.rel, link.direction, NeighbourPage(1, 0, link.only),
                                   lambda found: across(root, link, found[0]) if found else None)

        return strawberry.field(resolver=resolve_one, description=link.doc, permission_classes=permissions)

    annotation = Optional[list[item]] if guarded else list[item]

    def resolve(root: Any, info: strawberry.Info, first: First = LIST_PAGE, offset: Offset = 0) -> annotation:  # type: ignore[valid-type]
        page = list_page(first, offset, link.only)
        return neighbours_then(info, label, root.key, link.rel, link.direction, page,
                               lambda found: [across(root, link, n) for n in found])

    description = f"{link.doc} At most `first` ({LIST_PAGE} by default and at most), after `offset`, in key order."
    return strawberry.field(resolver=resolve, description=description, permission_classes=permissions)


def count_field(label: str, rel: str, direction: Direction, description: str) -> StrawberryField:
    """An aggregate count of relationships, visible to every role."""

    def resolve(root: Any, info: strawberry.Info) -> int:
        return info.context.loaders.neighbour_count(label, rel, direction).then(root.key, lambda count: count)

    return strawberry.field(resolver=resolve, description=description)


# -- edge types ------------------------------------------------------------

def end_field(label: str, attribute: str, description: str) -> StrawberryField:
    """One end of the edge (already loaded with it: no store call)."""
    guarded = node_type(label).individual
    annotation = Optional[lazy_type(label, "api.types")] if guarded else lazy_type(label, "api.types")

    def resolve(root: Any) -> annotation:  # type: ignore[valid-type]
        return getattr(root, attribute)

    guard = [CanSeePeople] if guarded else []
    return strawberry.field(resolver=resolve, description=description, permission_classes=guard)


def edge_type(rel_name: str) -> type:
    rel, names = rel_type(rel_name), EDGES[rel_name]
    namespace = model_namespace(rel.properties)
    namespace["__annotations__"].update(source=strawberry.Private[Any], target=strawberry.Private[Any])
    namespace[names.source] = end_field(rel.sources[0], "source", f"The {names.source} (the relationship's source).")
    namespace[names.target] = end_field(rel.targets[0], "target", f"The {names.target} (the relationship's target).")
    return strawberry.type(type(names.type_name, (), namespace), name=names.type_name, description=rel.doc)


Employment = edge_type("WORKS_AT")
Certification = edge_type("CERTIFIED")
Mentorship = edge_type("MENTORED")
Leadership = edge_type("LEADS")
Membership = edge_type("MEMBER_OF")
Contribution = edge_type("CONTRIBUTED")
CompetitionEntry = edge_type("COMPETED")


# -- node types ------------------------------------------------------------

def node_fields(label: str) -> type:
    """A strawberry type `<label>Fields` with the model's properties and the label's relationship fields."""
    node = node_type(label)
    namespace = model_namespace(node.all_properties)
    namespace.update({link.name: link_field(label, link) for link in LINKS[label]})
    namespace["key"] = property(lambda self: self.props[node.key.name])
    return strawberry.type(type(f"{label}Fields", (), namespace), name=f"{label}Fields")


def node_class(cls: type) -> type:
    """A node type named after its label, with the model's doc as description."""
    return strawberry.type(cls, description=node_type(cls.__name__).doc)


def code_lookup(label: str, code_property: str, description: str) -> Any:
    """A field resolving a code stored on this node to the node it names (one batched call per level)."""

    def resolve(root: Any, info: strawberry.Info) -> Optional[lazy_type(label, "api.types")]:  # type: ignore[valid-type]
        code = root.props.get(code_property)
        if code is None:
            return None
        return info.context.loaders.node(label).then(code, lambda found: node_object(label, found) if found else None)

    return strawberry.field(resolver=resolve, description=description)


@node_class
class Person(node_fields("Person")):
    pass


@node_class
class Region(node_fields("Region")):
    pass


@node_class
class Organization(node_fields("Organization")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region the organization is in.")
    employee_count: int = count_field("Organization", "WORKS_AT", IN, "How many people work here.")


@node_class
class Occupation(node_fields("Occupation")):
    certified_count: int = count_field("Occupation", "CERTIFIED", IN, "How many certificates were issued in this occupation.")


@node_class
class Studio(node_fields("Studio")):
    member_count: int = count_field("Studio", "MEMBER_OF", IN, "How many members the studio has.")
    achievement_count: int = count_field("Studio", "PRODUCED_BY", IN, "How many achievements the studio produced.")

    @strawberry.field(description="Total economic benefit of the studio's achievements, in 万元.")
    async def total_benefit_wan_yuan(self, info: strawberry.Info) -> float:
        produced = await load_neighbours(info, "Studio", self.key, "PRODUCED_BY", IN)
        return round(sum(n.node.get("benefitWanYuan") or 0.0 for n in produced), 4)


@node_class
class Achievement(node_fields("Achievement")):
    contributor_count: int = count_field("Achievement", "CONTRIBUTED", IN, "How many people contributed.")


@node_class
class Honor(node_fields("Honor")):
    recipient_count: int = count_field("Honor", "RECEIVED", IN, "How many people and studios received it.")


@node_class
class TrainingBase(node_fields("TrainingBase")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region the base is in.")


@node_class
class Demand(node_fields("Demand")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region of the demand.")
    occupation: Optional[Occupation] = code_lookup("Occupation", "occupationCode", "The occupation in demand.")


@node_class
class Competition(node_fields("Competition")):
    entrant_count: int = count_field("Competition", "COMPETED", IN, "How many entries the competition had.")

    @strawberry.field(
        description=f"The winners: entries with an award (一等奖 … 优秀奖), best rank first, then by person. At most "
        f"`first` ({LIST_PAGE} by default and at most), after `offset`.",
        permission_classes=[CanSeePeople],
    )
    async def winners(
        self, info: strawberry.Info, first: First = LIST_PAGE, offset: Offset = 0,
    ) -> Optional[list[CompetitionEntry]]:  # type: ignore[valid-type]
        page = list_page(first, offset, None)
        won = await _winners(info, self.key)
        return [edge_object("COMPETED", n.rel, node_object(n.label, n.node), self) for n in won[offset:offset + page.first]]

    @strawberry.field(description="How many entries won an award.")
    async def winner_count(self, info: strawberry.Info) -> int:
        return len(await _winners(info, self.key))


async def _winners(info: strawberry.Info, key: str) -> list[Neighbour]:
    """A competition's entries with an award, by rank (unranked last), then person key."""
    entries = await load_neighbours(info, "Competition", key, "COMPETED", IN)
    won = [n for n in entries if n.rel.get("award") is not None]
    return sorted(won, key=lambda n: (n.rel.get("rank") is None, n.rel.get("rank") or 0, n.key))


# The types by label and relationship type, for building objects from what the store answers.
NODE_TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (
        Person, Region, Organization, Occupation, Studio, Achievement, Honor, TrainingBase, Demand, Competition,
    )
}
EDGE_TYPES: dict[str, type] = {
    "WORKS_AT": Employment, "CERTIFIED": Certification, "MENTORED": Mentorship,
    "LEADS": Leadership, "MEMBER_OF": Membership, "CONTRIBUTED": Contribution, "COMPETED": CompetitionEntry,
}
