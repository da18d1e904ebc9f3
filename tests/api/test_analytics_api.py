"""The analytics queries over GraphQL: answers, roles and limits in process on the small graph,
and over HTTP on each store, where the answers must be graph.analytics' own."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.loading import Context
from api.access import Role
from api.queries import build_schema
from graph.analytics.key_mentors import key_mentors
from graph.analytics.lineage import LineageDirection, mentor_lineage
from graph.analytics.skill_gaps import skill_gaps
from graph.analytics.succession import succession_risks
from graph.analytics.year_review import year_in_review
from graph.async_store import AsyncStore
from graph.embedded import EmbeddedStore
from tests.api.conftest import Live, codes, gql
from tests.graph_fixtures import build_small_graph

ROLES = ("public", "planner", "hr", "admin")

# field -> a query reading it; only yearInReview is public
FIELDS = {
    "mentorLineage": '{ mentorLineage(personId: "p1") { total } }',
    "keyMentors": "{ keyMentors { totalCount } }",
    "connection": '{ connection(fromId: "p6", toId: "p5") { length } }',
    "skillGaps": "{ skillGaps { totalCount } }",
    "successionRisks": "{ successionRisks(asOfYear: 2024) { totalCount } }",
    "yearInReview": "{ yearInReview(year: 2022) { mentorshipsBegun } }",
    "dataQuality": '{ dataQuality(asOf: "2024-01-01") { check count } }',
}


@pytest.fixture(scope="module")
def small() -> EmbeddedStore:
    store = EmbeddedStore()
    build_small_graph(store)
    store.upsert_nodes("Demand", [{"demandId": "d1", "regionCode": "421000", "occupationCode": "6-18-02-04",
                                   "minGrade": 5, "required": 4, "year": 2024}])
    return store


SCHEMA = build_schema()


def execute(store: EmbeddedStore, query: str, role: str = "planner", variables: dict | None = None) -> dict[str, Any]:
    """Run a query in process as `role`; the response as a client would see it (data and error codes)."""
    context = Context(AsyncStore(store), Role(role), "test")
    result = asyncio.run(SCHEMA.execute(query, variable_values=variables, context_value=context))
    return {"data": result.data, "codes": [e.extensions["code"] for e in result.errors or []]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_analytics_are_for_planners_hr_and_admins_and_the_review_for_everyone(small: EmbeddedStore, field: str, role: str) -> None:
    body = execute(small, FIELDS[field], role)
    if role == "public" and field != "yearInReview":
        assert body["codes"] == ["FORBIDDEN"] and body["data"][field] is None
    else:
        assert body["codes"] == [] and body["data"][field] is not None


def test_lineage_with_generations_mentorships_and_people(small: EmbeddedStore) -> None:
    query = """{ mentorLineage(personId: "p1", maxDepth: 2) { root { name generation } total
        members { personId generation person { name } } generations { generation people }
        mentorships { agreementId masterId apprenticeId status start } } }"""
    lineage = execute(small, query)["data"]["mentorLineage"]
    assert lineage["root"] == {"name": "王建国", "generation": 0} and lineage["total"] == 3
    assert [(m["personId"], m["generation"], m["person"]["name"]) for m in lineage["members"]] == [
        ("p2", 1, "李明"), ("p3", 1, "张伟"), ("p4", 2, "赵强")]
    assert lineage["generations"] == [{"generation": 1, "people": 2}, {"generation": 2, "people": 1}]
    assert lineage["mentorships"][0] == {"agreementId": "m1", "masterId": "p1", "apprenticeId": "p2",
                                         "status": "已出师", "start": "2010-03-01"}


def test_lineage_up_with_a_status_filter(small: EmbeddedStore) -> None:
    query = '{ mentorLineage(personId: "p5", direction: UP, maxDepth: 5, statuses: ["在带"]) { members { personId } } }'
    assert execute(small, query)["data"]["mentorLineage"]["members"] == [{"personId": "p4"}, {"personId": "p3"}, {"personId": "p1"}]


def test_a_planner_sees_people_on_analytics_but_not_their_phone(small: EmbeddedStore) -> None:
    query = '{ mentorLineage(personId: "p2", direction: UP) { members { person { name phone } } } }'
    assert execute(small, query, "planner")["codes"] == ["FORBIDDEN"]
    body = execute(small, query, "hr")
    assert body["codes"] == [] and body["data"]["mentorLineage"]["members"] == [{"person": {"name": "王建国", "phone": "13800000001"}}]


@pytest.mark.parametrize("query, code", [
    ('{ mentorLineage(personId: "p1", maxDepth: 11) { total } }', "LIMIT_EXCEEDED"),
    ('{ mentorLineage(personId: "p1", maxDepth: 0) { total } }', "BAD_USER_INPUT"),
    ('{ mentorLineage(personId: "p1", statuses: ["进行中"]) { total } }', "BAD_USER_INPUT"),
    ('{ mentorLineage(personId: "nobody") { total } }', "NOT_FOUND"),
    ("{ keyMentors(first: 101) { totalCount } }", "LIMIT_EXCEEDED"),
    ('{ connection(fromId: "p1", toId: "p2", maxLength: 11) { length } }', "LIMIT_EXCEEDED"),
    ('{ connection(fromId: "p1", toId: "nobody") { length } }', "NOT_FOUND"),
    ('{ connection(fromId: "p1", toId: "p2", via: []) { length } }', "BAD_USER_INPUT"),
    ("{ successionRisks(generations: 11) { totalCount } }", "LIMIT_EXCEEDED"),
    ("{ successionRisks(successorGrade: 9) { totalCount } }", "BAD_USER_INPUT"),
    ("{ skillGaps(first: -1) { totalCount } }", "BAD_USER_INPUT"),
])
def test_limits_and_bad_arguments_have_codes(small: EmbeddedStore, query: str, code: str) -> None:
    assert execute(small, query)["codes"] == [code]


def test_key_mentors_page_by_page(small: EmbeddedStore) -> None:
    query = """query($after: String) { keyMentors(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        nodes { personId descendants depth apprentices person { name } } } }"""
    first = execute(small, query)["data"]["keyMentors"]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    assert [(m["personId"], m["descendants"], m["depth"]) for m in first["nodes"]] == [("p1", 4, 3), ("p2", 2, 2)]
    rest = execute(small, query, variables={"after": first["pageInfo"]["endCursor"]})["data"]["keyMentors"]
    assert [m["personId"] for m in rest["nodes"]] == ["p3", "p4"] and not rest["pageInfo"]["hasNextPage"]


def test_connection_path_in_order(small: EmbeddedStore) -> None:
    query = """{ connection(fromId: "p6", toId: "p5", via: [ACHIEVEMENT, MENTORSHIP]) { length
        nodes { label key name } steps { type sourceKey targetKey rank agreementId } } }"""
    path = execute(small, query)["data"]["connection"]
    assert path["length"] == 4 and [n["key"] for n in path["nodes"]] == ["p6", "a1", "p2", "p4", "p5"]
    assert path["steps"][0] == {"type": "CONTRIBUTED", "sourceKey": "p6", "targetKey": "a1", "rank": 2, "agreementId": None}
    assert execute(small, '{ connection(fromId: "p6", toId: "p5", via: [MENTORSHIP]) { length } }')["data"] == {"connection": None}


def test_skill_gaps_succession_review_and_quality(small: EmbeddedStore) -> None:
    gaps = execute(small, "{ skillGaps { nodes { demandId supply pipeline mentorCapacity gap gapAfterPipeline coverage minGradeName } } }")
    assert gaps["data"]["skillGaps"]["nodes"] == [{"demandId": "d1", "supply": 2, "pipeline": 1, "mentorCapacity": 1, "gap": 2,
                                                   "gapAfterPipeline": 1, "coverage": 0.5, "minGradeName": "技师"}]
    risks = execute(small, "{ successionRisks(asOfYear: 2024, successorGrade: 6) { nodes { personId age occupationCode gradeName "
                           "studiosLed { studioId } bestSuccessorGrade apprenticesInTraining } } }")
    assert risks["data"]["successionRisks"]["nodes"] == [{"personId": "p1", "age": 58, "occupationCode": "6-18-02-04",
                                                          "gradeName": "高级技师", "studiosLed": [{"studioId": "s1"}],
                                                          "bestSuccessorGrade": 5, "apprenticesInTraining": 0}]
    review = execute(small, "{ yearInReview(year: 2020) { honours { name level recipients } studiosNamed { level count } } }", "public")
    assert review["data"]["yearInReview"] == {"honours": [{"name": "荆楚工匠", "level": "省级", "recipients": 2}], "studiosNamed": []}
    quality = execute(small, '{ dataQuality(asOf: "2024-01-01") { check count examples { key detail } } }', "hr")
    assert quality["data"]["dataQuality"][0] == {"check": "peopleWithoutEmployer", "count": 1,
                                                 "examples": [{"key": "p6", "detail": "周芳"}]}


# -- over HTTP, on each store ---------------------------------------------------------


def test_each_store_serves_what_graph_analytics_answers(live: Live) -> None:
    masters = key_mentors(live.store, first=5)
    assert masters, "the served data has no mentorships"
    top = masters[0].person_id
    lineage = mentor_lineage(live.store, top, LineageDirection.DOWN, 4)
    assert lineage is not None
    query = """query($id: ID!) {
        mentorLineage(personId: $id, maxDepth: 4) { members { personId generation } generations { generation people } }
        keyMentors(first: 5) { nodes { personId descendants depth honouredDescendants technicianDescendants } }
        skillGaps(first: 100) { totalCount nodes { demandId supply pipeline mentorCapacity gap } }
        successionRisks(asOfYear: 2025, first: 100) { totalCount nodes { personId occupationCode bestSuccessorGrade } }
        yearInReview(year: 2024) { mentorshipsBegun mentorshipsCompleted reachedTechnician achievements { type count } } }"""
    with live.client("hr") as client:
        data = gql(client, query, {"id": top})["data"]
    assert data["mentorLineage"]["members"] == [{"personId": m.person_id, "generation": m.generation} for m in lineage.members]
    assert [m["personId"] for m in data["keyMentors"]["nodes"]] == [m.person_id for m in masters]
    gaps = skill_gaps(live.store)
    assert data["skillGaps"]["totalCount"] == len(gaps)
    assert [(g["demandId"], g["supply"], g["gap"]) for g in data["skillGaps"]["nodes"]] == [
        (g.demand_id, g.supply, g.gap) for g in gaps[:100]]
    risks = succession_risks(live.store, 2025)
    assert data["successionRisks"]["totalCount"] == len(risks)
    assert [r["personId"] for r in data["successionRisks"]["nodes"]] == [r.person_id for r in risks[:100]]
    review = year_in_review(live.store, 2024)
    assert data["yearInReview"]["mentorshipsBegun"] == review.mentorships_begun
    assert data["yearInReview"]["achievements"] == [{"type": a.type, "count": a.count} for a in review.achievements]


def test_the_public_gets_the_year_in_review_over_http_and_nothing_else(live: Live) -> None:
    with live.client() as client:
        review = gql(client, "{ yearInReview(year: 2024) { studiosNamed { level count } } }")
        refused = gql(client, "{ keyMentors { totalCount } }")
    assert "errors" not in review and codes(refused) == ["FORBIDDEN"]
