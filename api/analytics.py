"""The analytics queries: mentorLineage, keyMentors, connection, skillGaps, successionRisks, yearInReview, dataQuality.

Each resolver checks its arguments against the API's limits, builds the question with
graph.analytics and answers it with AsyncStore.run_analytic (Cypher on Neo4j, networkx
on the embedded store). The result types are derived from graph.analytics' frozen dataclasses
(api.results), plus the API-only fields: grade names, the person behind a row, a path step's ends.
Analytics are for the planner, hr and admin roles; yearInReview is public.
"""

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Optional, TypeVar

import strawberry
from strawberry.permission import BasePermission
from strawberry.types.field import StrawberryField

from api.cost import STATIC_BOUNDS
from api.errors import Code, bad_input, limit_exceeded, not_found
from api.types import Date, Person, model_namespace
from api.pagination import Connection, PageArgs, paginate, paginate_list
from api.access import CanSeePeople, SEES_PEOPLE
from api.results import result_type
from graph.analytics import connection as paths, data_quality, key_mentors, lineage, skill_gaps, succession, year_review
from graph.analytics.runner import Analytic
from graph.model import rel_type
from graph.vocab import MENTORSHIP_STATUSES, grade_name

T = TypeVar("T")


class CanSeeAnalytics(BasePermission):
    """Lineages, rankings, gaps and risks name people: planner, hr and admin roles only."""

    message = "analytics are visible to the planner, hr and admin roles only"
    error_extensions = {"code": Code.FORBIDDEN.value}

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return info.context.role in SEES_PEOPLE


def person_field() -> StrawberryField:
    """The person behind a row, loaded in one batch per level; for the roles that see people."""

    async def resolve(root: Any, info: strawberry.Info) -> Optional[Person]:
        props = await info.context.loaders.node("Person").load(root.person_id)
        return Person(props=props) if props is not None else None

    return strawberry.field(resolver=resolve, permission_classes=[CanSeePeople],
                            description="The person, with the fields the caller's role may see.")


def grade_field(attribute: str, description: str) -> StrawberryField:
    """The ladder name (技师, ...) of a grade attribute."""

    def resolve(root: Any) -> Optional[str]:
        return grade_name(getattr(root, attribute))

    return strawberry.field(resolver=resolve, description=description)


async def answer(info: strawberry.Info, analytic: Analytic[T]) -> T:
    return await info.context.store.run_analytic(analytic)


def checked(build: Any, *args: Any) -> Analytic[Any]:
    """Build a graph.analytics question; its ValueError (an argument out of range) becomes BAD_USER_INPUT."""
    try:
        return build(*args)
    except ValueError as error:
        raise bad_input(str(error)) from None


def at_most(name: str, value: int, maximum: int) -> None:
    if value > maximum:
        raise limit_exceeded(name, value, maximum)


# -- mentorLineage -------------------------------------------------------------

@strawberry.enum(description="Which way a lineage runs.")
class LineageDirection(Enum):
    DOWN = strawberry.enum_value("down", description="Apprentices, their apprentices, ...")
    UP = strawberry.enum_value("up", description="Masters, their masters, ...")


def _direction(root: strawberry.Parent[Any]) -> LineageDirection:
    return LineageDirection(root.direction.value)


def _total(root: strawberry.Parent[Any]) -> int:
    return len(root.members)


LineageMember = result_type(lineage.LineageMember, "A person in a lineage and their generation.",
                            extra={"person": person_field()})
LineageMentorship = result_type(
    lineage.Mentorship, "A mentorship (师带徒 agreement) between two people of a lineage.", name="LineageMentorship",
    base=strawberry.type(type("LineageMentorshipFields", (), model_namespace(rel_type("MENTORED").properties, attributes=False))))
GenerationTotal = result_type(lineage.GenerationTotal, "How many people a lineage has in one generation.")
Lineage = result_type(
    lineage.Lineage, "A master's apprentices (DOWN) or a person's masters (UP), generation by generation.", extra={
        "direction": strawberry.field(resolver=_direction, description="Which way the lineage runs."),
        "total": strawberry.field(resolver=_total, description="How many people the lineage has, the start person "
                                  "excluded."),
    }, nested=(LineageMember, LineageMentorship, GenerationTotal))


# -- keyMentors ----------------------------------------------------------------

KeyMentor = result_type(key_mentors.KeyMentor,
                        "A master ranked by the size and depth of their lineage (all mentorship statuses).",
                        extra={"person": person_field()})


# -- connection ------------------------------------------------------------------

@strawberry.enum(description="What may link two people on a path.")
class Via(Enum):
    MENTORSHIP = strawberry.enum_value("MENTORSHIP", description="A master and an apprentice (MENTORED).")
    STUDIO = strawberry.enum_value("STUDIO", description="A person and a studio they lead or belong to.")
    ACHIEVEMENT = strawberry.enum_value("ACHIEVEMENT", description="A contributor and an achievement.")


def step_field(read: Callable[[Any], Any], kind: type, description: str) -> StrawberryField:
    """A PathStep field read from the graph's PathStep by `read`."""

    def resolve(root: strawberry.Parent[Any]) -> kind:  # type: ignore[valid-type]
        return read(root)

    return strawberry.field(resolver=resolve, description=description)


def _length(root: strawberry.Parent[Any]) -> int:
    return root.length


PathNode = result_type(paths.PathNode, "A node on a path: a person, a studio or an achievement.")
PathStep = result_type(paths.PathStep, "A relationship on a path, as stored: from `sourceKey` to `targetKey`.", extra={
    "source_label": step_field(lambda s: s.source.label, str, "The label of the relationship's start node."),
    "source_key": step_field(lambda s: s.source.key, str, "The key of the relationship's start node."),
    "target_label": step_field(lambda s: s.target.label, str, "The label of the relationship's end node."),
    "target_key": step_field(lambda s: s.target.key, str, "The key of the relationship's end node."),
    "agreement_id": step_field(lambda s: s.props.get("agreementId"), Optional[str],
                               "For MENTORED: the agreement (师带徒协议)."),
    "status": step_field(
        lambda s: s.props.get("status"), Optional[str], f"For MENTORED: {', '.join(MENTORSHIP_STATUSES)}."
    ),
    "role": step_field(lambda s: s.props.get("role"), Optional[str], "For MEMBER_OF: the member's role in the studio."),
    "rank": step_field(lambda s: s.props.get("rank"), Optional[int],
                       "For CONTRIBUTED: the contributor's rank (1 = 第一完成人)."),
})
PersonPath = result_type(
    paths.Connection, "A shortest path between two people, ignoring the relationships' directions.", name="PersonPath",
    extra={"length": strawberry.field(resolver=_length, description="The number of steps.")}, nested=(PathNode, PathStep))


# -- skillGaps -------------------------------------------------------------------

SkillGap = result_type(skill_gaps.SkillGap, "One planner's demand against the certified supply, the pipeline and the gap.",
                       extra={"min_grade_name": grade_field("min_grade", "The ladder name of `minGrade`.")})


# -- successionRisks ---------------------------------------------------------------

LedStudio = result_type(succession.StudioLed, "A studio a person leads.", name="LedStudio")
SuccessionRisk = result_type(
    succession.SuccessionRisk, "A near-retirement master or studio leader with no qualified successor in an occupation.",
    extra={"grade_name": grade_field("grade", "The ladder name of `grade`."), "person": person_field()},
    nested=(LedStudio,))


# -- yearInReview --------------------------------------------------------------------

LevelCount = result_type(year_review.LevelCount, "How many of something have a level (null: not recorded).")
AchievementTotal = result_type(year_review.AchievementTotal, "The achievements of one type in a year.")
HonourCount = result_type(year_review.HonourCount, "An honour granted in a year.")
CompetitionCount = result_type(year_review.CompetitionCount, "The competitions of one level and kind held in a year.")
YearInReview = result_type(year_review.YearInReview,
                           "The figures a union's annual work report cites, for a year and a region.",
                           nested=(LevelCount, AchievementTotal, HonourCount, CompetitionCount))


# -- dataQuality ---------------------------------------------------------------------

DataQualityExample = result_type(data_quality.Example, "One thing to fix.", name="DataQualityExample")
DataQualityCheck = result_type(data_quality.Finding, "One kind of problem in the graph, its count and a few examples.",
                               name="DataQualityCheck", nested=(DataQualityExample,))


# -- the root fields -----------------------------------------------------------------

RegionArg = Annotated[Optional[str], strawberry.argument(description="A GB/T 2260 region code; its sub-regions are included.")]
IndustryArg = Annotated[Optional[str], strawberry.argument(description="An industry, matched exactly.")]
OccupationArg = Annotated[Optional[str], strawberry.argument(
    description="An occupation code; the narrower codes under it are included.")]
FirstArg = Annotated[Optional[int], strawberry.argument(description="Page size: 20 by default, 100 at most.")]
AfterArg = Annotated[Optional[str], strawberry.argument(description="Start after the edge with this cursor.")]
ANALYTICS = [CanSeeAnalytics]


MAX_LINEAGE_MEMBERS = STATIC_BOUNDS["Lineage.members"]  # the bound api.cost estimates a lineage's lists at


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(permission_classes=ANALYTICS, description=(
        "A person's apprentices (DOWN) or masters (UP) within maxDepth generations, each at its fewest steps, the "
        "mentorships between them and totals per generation. With `statuses`, every mentorship on a path must have "
        "one of them. Null with NOT_FOUND for an unknown person. A lineage of more than "
        f"{MAX_LINEAGE_MEMBERS} people or mentorships is refused with LIMIT_EXCEEDED: ask for fewer generations."))
    async def mentor_lineage(
        self, info: strawberry.Info,
        person_id: Annotated[strawberry.ID, strawberry.argument(description="The start person's personId.")],
        direction: Annotated[LineageDirection, strawberry.argument(description="DOWN or UP.")] = LineageDirection.DOWN,
        max_depth: Annotated[int, strawberry.argument(description="Generations to follow: 1 to 10.")] = 3,
        statuses: Annotated[Optional[list[str]], strawberry.argument(
            description=f"Follow only mentorships with these statuses ({', '.join(MENTORSHIP_STATUSES)}); all when omitted.",
        )] = None,
    ) -> Optional[Lineage]:
        at_most("lineage depth", max_depth, lineage.MAX_DEPTH)
        unknown = sorted(set(statuses or ()) - set(MENTORSHIP_STATUSES))
        if unknown:
            raise bad_input(f"unknown mentorship status {', '.join(unknown)}; one of: {', '.join(MENTORSHIP_STATUSES)}")
        way = lineage.LineageDirection(direction.value)
        found = await answer(info, checked(lineage.lineage_query, str(person_id), way, max_depth, statuses))
        if found is None:
            raise not_found("Person", str(person_id))
        at_most("lineage size", max(len(found.members), len(found.mentorships)), MAX_LINEAGE_MEMBERS)
        return found

    @strawberry.field(permission_classes=ANALYTICS, description=(
        "People with at least one apprentice, employed in the region and industry and certified in the occupation "
        "(when given), ranked by descendants (all generations, every mentorship status), then lineage depth, then "
        "personId."))
    async def key_mentors(
        self, info: strawberry.Info, region_code: RegionArg = None, industry: IndustryArg = None,
        occupation_code: OccupationArg = None, first: FirstArg = None, after: AfterArg = None,
    ) -> Optional[Connection[KeyMentor]]:
        async def fetch(offset: int, limit: int) -> list[key_mentors.KeyMentor]:
            query = key_mentors.key_mentors_query(region_code, industry, occupation_code, offset + limit)
            return (await answer(info, query))[offset:]

        async def count() -> int:
            return len(await answer(info, key_mentors.key_mentors_query(region_code, industry, occupation_code)))

        return await paginate(PageArgs(first, after), fetch, count, lambda mentor: mentor)

    @strawberry.field(permission_classes=ANALYTICS, description=(
        "A shortest path between two people ignoring direction, through the kinds of link in `via`; among equally "
        "short paths, the one whose node keys sort first. Null when there is none within maxLength; NOT_FOUND for an "
        "unknown person."))
    async def connection(
        self, info: strawberry.Info,
        from_id: Annotated[strawberry.ID, strawberry.argument(description="The first person's personId.")],
        to_id: Annotated[strawberry.ID, strawberry.argument(description="The second person's personId.")],
        via: Annotated[Optional[list[Via]], strawberry.argument(
            description="The links allowed; all three when omitted.")] = None,
        max_length: Annotated[int, strawberry.argument(description="The longest path, in steps: 1 to 10.")] = 6,
    ) -> Optional[PersonPath]:
        at_most("path length", max_length, paths.MAX_LENGTH)
        ends = [str(from_id), str(to_id)]
        found = await info.context.store.get_nodes("Person", ends)
        for key in ends:
            if key not in found:
                raise not_found("Person", key)
        kinds = tuple(paths.Via) if via is None else tuple(paths.Via[kind.name] for kind in via)
        return await answer(info, checked(paths.connection_query, ends[0], ends[1], kinds, max_length))

    @strawberry.field(permission_classes=ANALYTICS, description=(
        "One row per demand matching the arguments (its region within regionCode, its occupation within "
        "occupationCode, its industry and year equal), largest gap first, then by occupation code."))
    async def skill_gaps(
        self, info: strawberry.Info, region_code: RegionArg = None, industry: IndustryArg = None,
        occupation_code: OccupationArg = None,
        year: Annotated[Optional[int], strawberry.argument(description="The demands' year; all years when omitted.")] = None,
        first: FirstArg = None, after: AfterArg = None,
    ) -> Optional[Connection[SkillGap]]:
        rows = await answer(info, skill_gaps.skill_gaps_query(region_code, industry, occupation_code, year))
        return await paginate_list(PageArgs(first, after), rows)

    @strawberry.field(permission_classes=ANALYTICS, description=(
        "People employed in the region (and not 退休) aged minAge or more in asOfYear who hold grade 6 or above in "
        "an occupation, or lead a studio, and have no descendant within `generations` (any mentorship status) who "
        "completed (已出师) a mentorship in that occupation or under it and holds successorGrade or above in it. "
        "Oldest first."))
    async def succession_risks(
        self, info: strawberry.Info, region_code: RegionArg = None, occupation_code: OccupationArg = None,
        as_of_year: Annotated[Optional[int], strawberry.argument(
            description="The year ages are counted in (age = asOfYear − birthYear); this year when omitted.")] = None,
        min_age: Annotated[int, strawberry.argument(description="The youngest age at risk.")] = 55,
        successor_grade: Annotated[int, strawberry.argument(description="The grade a successor must hold, 1..8.")] = 5,
        generations: Annotated[int, strawberry.argument(description="How far down to look for a successor: 1 to 10.")] = 2,
        first: FirstArg = None, after: AfterArg = None,
    ) -> Optional[Connection[SuccessionRisk]]:
        at_most("generations", generations, succession.MAX_GENERATIONS)
        if not 1 <= successor_grade <= 8:
            raise bad_input("`successorGrade` must be a grade from 1 to 8")
        year = as_of_year if as_of_year is not None else datetime.date.today().year
        query = checked(succession.succession_risks_query, year, region_code, occupation_code, min_age, successor_grade,
                        generations)
        return await paginate_list(PageArgs(first, after), await answer(info, query))

    @strawberry.field(description=(
        "The figures a union's annual work report cites for a year, in a region and its sub-regions (all when "
        "omitted). Public: aggregate counts only."))
    async def year_in_review(
        self, info: strawberry.Info,
        year: Annotated[int, strawberry.argument(description="The year reported.")],
        region_code: RegionArg = None,
    ) -> YearInReview:
        return await answer(info, year_review.year_in_review_query(year, region_code))

    @strawberry.field(permission_classes=ANALYTICS, description=(
        "What HR should fix: counts and the first ten examples of people with no employer, mentorships still 在带 "
        "after their planned end, apprentices certified above their master when the mentorship began, studios whose "
        "leader is not a member, and achievements with no first contributor."))
    async def data_quality(
        self, info: strawberry.Info,
        as_of: Annotated[Optional[Date], strawberry.argument(
            description="The day a planned end counts as past; today when omitted.")] = None,
    ) -> Optional[list[DataQualityCheck]]:
        day = as_of or datetime.date.today().isoformat()
        return await answer(info, data_quality.data_quality_query(day))
