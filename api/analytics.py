"""The analytics queries: mentorLineage, keyMentors, connection, skillGaps, successionRisks, yearInReview, dataQuality.

Each resolver checks its arguments against the API's limits, builds the question with
graph.analytics and answers it with AsyncStore.run_analytic (Cypher on Neo4j, networkx
on the embedded store). The result types document graph.analytics' frozen dataclasses:
strawberry reads each field by its attribute name from the dataclass a resolver returns.
Analytics are for the planner, hr and admin roles; yearInReview is public.
"""

import datetime
from enum import Enum
from typing import Annotated, Any, Optional, TypeVar

import strawberry
from strawberry.permission import BasePermission
from strawberry.types.field import StrawberryField

from api.errors import Code, bad_input, limit_exceeded, not_found
from api.fields import model_namespace
from api.nodes import Person
from api.pagination import Connection, PageArgs, paginate, paginate_list
from api.permissions import CanSeePeople
from api.roles import SEES_PEOPLE
from graph.analytics import connection as paths
from graph.analytics import data_quality, key_mentors, lineage, skill_gaps, succession, year_review
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


@strawberry.type(description="A person in a lineage and their generation.")
class LineageMember:
    person_id: str = strawberry.field(description="The person's personId.")
    name: str = strawberry.field(description="The person's name.")
    generation: int = strawberry.field(
        description="The fewest mentorship steps from the lineage's start (0 for the start person), counting only "
        "mentorships that pass the status filter.")
    person = person_field()


@strawberry.type(description="A mentorship (师带徒 agreement) between two people of a lineage.")
class LineageMentorship(strawberry.type(type("LineageMentorshipFields", (), model_namespace(rel_type("MENTORED").properties)))):
    master_id: str = strawberry.field(description="The master's personId.")
    apprentice_id: str = strawberry.field(description="The apprentice's personId.")


@strawberry.type(description="How many people a lineage has in one generation.")
class GenerationTotal:
    generation: int = strawberry.field(description="1 for direct apprentices (or masters), 2 for theirs, ...")
    people: int = strawberry.field(description="Distinct people whose fewest steps from the start are `generation`.")


@strawberry.type(description="A master's apprentices (DOWN) or a person's masters (UP), generation by generation.")
class Lineage:
    root: LineageMember = strawberry.field(description="The person the lineage starts from (generation 0).")
    @strawberry.field(description="Which way the lineage runs.")
    def direction(self) -> LineageDirection:
        return LineageDirection(self.direction.value)
    max_depth: int = strawberry.field(description="The deepest generation asked for.")
    members: list[LineageMember] = strawberry.field(
        description="Everyone reached, each once at their fewest steps, by generation then personId.")
    mentorships: list[LineageMentorship] = strawberry.field(
        description="Every mentorship (passing the status filter) between the start and the members, by master, "
        "apprentice and agreement.")
    generations: list[GenerationTotal] = strawberry.field(
        description="The number of people in each generation, from 1 to the deepest reached.")

    @strawberry.field(description="How many people the lineage has, the start person excluded.")
    def total(self) -> int:
        return len(self.members)


# -- keyMentors ----------------------------------------------------------------


@strawberry.type(description="A master ranked by the size and depth of their lineage (all mentorship statuses).")
class KeyMentor:
    person_id: str = strawberry.field(description="The master's personId.")
    name: str = strawberry.field(description="The master's name.")
    apprentices: int = strawberry.field(description="Direct apprentices, distinct people.")
    descendants: int = strawberry.field(description="Distinct people in every generation below the master.")
    depth: int = strawberry.field(
        description="The deepest generation of the lineage, each descendant counted at its fewest steps.")
    honoured_descendants: int = strawberry.field(description="Descendants who received at least one honour.")
    technician_descendants: int = strawberry.field(
        description="Descendants certified at 技师 (grade 5) or above in some occupation.")
    person = person_field()


# -- connection ------------------------------------------------------------------

@strawberry.enum(description="What may link two people on a path.")
class Via(Enum):
    MENTORSHIP = strawberry.enum_value("MENTORSHIP", description="A master and an apprentice (MENTORED).")
    STUDIO = strawberry.enum_value("STUDIO", description="A person and a studio they lead or belong to.")
    ACHIEVEMENT = strawberry.enum_value("ACHIEVEMENT", description="A contributor and an achievement.")


@strawberry.type(description="A node on a path: a person, a studio or an achievement.")
class PathNode:
    label: str = strawberry.field(description="Person, Studio or Achievement.")
    key: str = strawberry.field(description="The node's key: personId, studioId or achievementId.")
    name: str = strawberry.field(description="The person's or studio's name, or the achievement's title.")


@strawberry.type(description="A relationship on a path, as stored: from `sourceKey` to `targetKey`.")
class PathStep:
    type: str = strawberry.field(description="MENTORED (master to apprentice), LEADS, MEMBER_OF or CONTRIBUTED.")

    @strawberry.field(description="The label of the relationship's start node.")
    def source_label(self) -> str:
        return self.source.label

    @strawberry.field(description="The key of the relationship's start node.")
    def source_key(self) -> str:
        return self.source.key

    @strawberry.field(description="The label of the relationship's end node.")
    def target_label(self) -> str:
        return self.target.label

    @strawberry.field(description="The key of the relationship's end node.")
    def target_key(self) -> str:
        return self.target.key

    @strawberry.field(description="For MENTORED: the agreement (师带徒协议).")
    def agreement_id(self) -> Optional[str]:
        return self.props.get("agreementId")

    @strawberry.field(description="For MENTORED: 在带, 已出师 or 终止.")
    def status(self) -> Optional[str]:
        return self.props.get("status")

    @strawberry.field(description="For MEMBER_OF: the member's role in the studio.")
    def role(self) -> Optional[str]:
        return self.props.get("role")

    @strawberry.field(description="For CONTRIBUTED: the contributor's rank (1 = 第一完成人).")
    def rank(self) -> Optional[int]:
        return self.props.get("rank")


@strawberry.type(description="A shortest path between two people, ignoring the relationships' directions.")
class PersonPath:
    nodes: list[PathNode] = strawberry.field(description="From the first person to the second, in order.")
    steps: list[PathStep] = strawberry.field(description="steps[i] joins nodes[i] and nodes[i + 1].")
    length: int = strawberry.field(description="The number of steps.")


# -- skillGaps -------------------------------------------------------------------


@strawberry.type(description="One planner's demand against the certified supply, the pipeline and the gap.")
class SkillGap:
    demand_id: str = strawberry.field(description="The Demand's demandId.")
    region_code: str = strawberry.field(description="The demand's region; its sub-regions count too.")
    region_name: Optional[str] = strawberry.field(description="The region's name, when the region is stored.")
    industry: Optional[str] = strawberry.field(description="The demand's industry; null for any industry.")
    occupation_code: str = strawberry.field(description="The demand's occupation; the narrower codes under it count too.")
    occupation_name: Optional[str] = strawberry.field(description="The occupation's name, when it is stored.")
    min_grade: int = strawberry.field(description="The lowest grade that meets the demand, 1..8.")
    min_grade_name = grade_field("min_grade", "The ladder name of `minGrade`.")
    required: int = strawberry.field(description="People needed (N).")
    year: Optional[int] = strawberry.field(description="The demand's year.")
    supply: int = strawberry.field(
        description="Distinct 在职 people employed by an organization in the region (and in the industry when given), "
        "certified in the occupation or under it at minGrade or above (their best such certificate counts).")
    pipeline: int = strawberry.field(
        description="Distinct people not in supply who are apprentices of a 在带 mentorship in the occupation or under "
        "it whose master works in the region (whatever the industry).")
    mentor_capacity: int = strawberry.field(
        description="People in supply at max(minGrade, 技师) or above who are masters of at least one 在带 mentorship "
        "(in any occupation).")
    gap: int = strawberry.field(description="max(0, required − supply).")
    gap_after_pipeline: int = strawberry.field(description="max(0, required − supply − pipeline).")
    coverage: Optional[float] = strawberry.field(description="supply / required; null when required is 0.")


# -- successionRisks ---------------------------------------------------------------


@strawberry.type(description="A studio a person leads.")
class LedStudio:
    studio_id: str = strawberry.field(description="The studio's studioId.")
    name: str = strawberry.field(description="The studio's name.")


@strawberry.type(description="A near-retirement master or studio leader with no qualified successor in an occupation.")
class SuccessionRisk:
    person_id: str = strawberry.field(description="The person's personId.")
    name: str = strawberry.field(description="The person's name.")
    age: int = strawberry.field(description="asOfYear − birthYear.")
    occupation_code: Optional[str] = strawberry.field(
        description="The occupation at risk: one where the person holds grade 6 (高级技师) or above, or, for a studio "
        "leader, any they are certified in. Null for a studio leader with no certificate at all (then any occupation "
        "counts for successors).")
    occupation_name: Optional[str] = strawberry.field(description="The occupation's name.")
    grade: Optional[int] = strawberry.field(description="The person's own grade in the occupation.")
    grade_name = grade_field("grade", "The ladder name of `grade`.")
    studios_led: list[LedStudio] = strawberry.field(description="The studios the person leads, by studioId.")
    best_successor_grade: Optional[int] = strawberry.field(
        description="The best grade any descendant within `generations` holds in the occupation (or under it), "
        "qualified or not; null when none holds one.")
    apprentices_in_training: int = strawberry.field(
        description="Direct apprentices of the person's 在带 mentorships in the occupation or under it.")
    person = person_field()


# -- yearInReview --------------------------------------------------------------------


@strawberry.type(description="How many of something have a level (null: not recorded).")
class LevelCount:
    level: Optional[str] = strawberry.field(description="The level, e.g. 国家级; null when not recorded.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="The achievements of one type in a year.")
class AchievementTotal:
    type: str = strawberry.field(description="The achievement type, e.g. 发明专利.")
    count: int = strawberry.field(description="How many achievements.")
    benefit_wan_yuan: float = strawberry.field(description="Their economic benefit in 万元 (missing values count 0).")


@strawberry.type(description="An honour granted in a year.")
class HonourCount:
    name: str = strawberry.field(description="The honour, e.g. 荆楚工匠.")
    level: Optional[str] = strawberry.field(description="Its level, e.g. 省级.")
    recipients: int = strawberry.field(description="People and studios that received it.")


@strawberry.type(description="The figures a union's annual work report cites, for a year and a region.")
class YearInReview:
    year: int = strawberry.field(description="The year reported.")
    region_code: Optional[str] = strawberry.field(description="The region reported (with its sub-regions); null: all.")
    studios_named: list[LevelCount] = strawberry.field(
        description="Studios named that year (namedYear), hosted in the region, by level (国家级 first).")
    demonstration_studios_named: int = strawberry.field(description="Of those, the demonstration (示范性) studios.")
    achievements: list[AchievementTotal] = strawberry.field(
        description="Achievements of that year by type, with total benefit; in the region when produced by a studio "
        "hosted there or contributed to by someone employed there.")
    honours: list[HonourCount] = strawberry.field(
        description="Honours of that year by name and level, counting recipients: people employed in the region and "
        "studios hosted there.")
    mentorships_begun: int = strawberry.field(description="Mentorships that started that year, masters employed in the region.")
    mentorships_completed: int = strawberry.field(
        description="Mentorships 已出师 that ended that year, masters employed in the region.")
    reached_technician: int = strawberry.field(
        description="People employed in the region whose first certificate at 技师 (5) or above was issued that year "
        "(certificates without an issue date are not counted).")
    training_bases: list[LevelCount] = strawberry.field(
        description="Training bases in the region by level, whatever the year (bases have no year).")


# -- dataQuality ---------------------------------------------------------------------


@strawberry.type(description="One thing to fix.")
class DataQualityExample:
    key: str = strawberry.field(description="The personId, agreementId, studioId or achievementId to fix.")
    detail: str = strawberry.field(description="What is wrong, in a few words.")


@strawberry.type(description="One kind of problem in the graph, its count and a few examples.")
class DataQualityCheck:
    check: str = strawberry.field(
        description="peopleWithoutEmployer, overdueMentorships, apprenticesAboveMaster, leadersNotMembers or "
        "achievementsWithoutFirstContributor.")
    description: str = strawberry.field(description="What the check looks for.")
    count: int = strawberry.field(description="How many there are.")
    examples: list[DataQualityExample] = strawberry.field(description="The first ten, by key.")


# -- the root fields -----------------------------------------------------------------

RegionArg = Annotated[Optional[str], strawberry.argument(description="A GB/T 2260 region code; its sub-regions are included.")]
IndustryArg = Annotated[Optional[str], strawberry.argument(description="An industry, matched exactly.")]
OccupationArg = Annotated[Optional[str], strawberry.argument(
    description="An occupation code; the narrower codes under it are included.")]
FirstArg = Annotated[Optional[int], strawberry.argument(description="Page size: 20 by default, 100 at most.")]
AfterArg = Annotated[Optional[str], strawberry.argument(description="Start after the edge with this cursor.")]
ANALYTICS = [CanSeeAnalytics]


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(permission_classes=ANALYTICS, description=(
        "A person's apprentices (DOWN) or masters (UP) within maxDepth generations, each at its fewest steps, the "
        "mentorships between them and totals per generation. With `statuses`, every mentorship on a path must have "
        "one of them. Null with NOT_FOUND for an unknown person."))
    async def mentor_lineage(
        self, info: strawberry.Info,
        person_id: Annotated[strawberry.ID, strawberry.argument(description="The start person's personId.")],
        direction: Annotated[LineageDirection, strawberry.argument(description="DOWN or UP.")] = LineageDirection.DOWN,
        max_depth: Annotated[int, strawberry.argument(description="Generations to follow: 1 to 10.")] = 3,
        statuses: Annotated[Optional[list[str]], strawberry.argument(
            description="Follow only mentorships with these statuses (在带, 已出师, 终止); all when omitted.")] = None,
    ) -> Optional[Lineage]:
        at_most("lineage depth", max_depth, lineage.MAX_DEPTH)
        unknown = sorted(set(statuses or ()) - set(MENTORSHIP_STATUSES))
        if unknown:
            raise bad_input(f"unknown mentorship status {', '.join(unknown)}; one of: {', '.join(MENTORSHIP_STATUSES)}")
        way = lineage.LineageDirection(direction.value)
        found = await answer(info, checked(lineage.lineage_query, str(person_id), way, max_depth, statuses))
        if found is None:
            raise not_found("Person", str(person_id))
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
        as_of: Annotated[Optional[datetime.date], strawberry.argument(
            description="The day a planned end counts as past; today when omitted.")] = None,
    ) -> Optional[list[DataQualityCheck]]:
        day = (as_of or datetime.date.today()).isoformat()
        return await answer(info, data_quality.data_quality_query(day))
