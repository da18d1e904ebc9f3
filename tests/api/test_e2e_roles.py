"""Roles end to end, on each store: every role against every protected field, and tokens."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.query import Direction
from tests.api.conftest import Live, codes, gql

ROLES = ("public", "planner", "hr", "admin")
PEOPLE = {"planner", "hr", "admin"}
PERSONAL = {"hr", "admin"}

# field -> (query, roles that may read it); $id is a person with a phone number
PROTECTED: dict[str, tuple[str, set[str]]] = {
    "Person.phone": ("query($id: ID!) { person(id: $id) { phone } }", PERSONAL),
    "Person.birthDate": ("query($id: ID!) { person(id: $id) { birthDate } }", PERSONAL),
    "Query.person": ("query($id: ID!) { person(id: $id) { name } }", PEOPLE),
    "Query.people": ("{ people(first: 2) { edges { node { name } } } }", PEOPLE),
    "Query.demands": ("{ demands(first: 2) { totalCount } }", PEOPLE),
    "Studio.leader": ("{ studios(first: 3) { edges { node { leader { leader { name } } } } } }", PEOPLE),
    "Studio.members": ("{ studios(first: 3) { edges { node { members { member { name } role } } } } }", PEOPLE),
    "Achievement.contributors": ("{ achievements(first: 3) { edges { node { contributors { rank } } } } }", PEOPLE),
    "Honor.people": ("{ honors(first: 3) { edges { node { people { name } } } } }", PEOPLE),
    "Organization.employees": ("{ organizations(first: 3) { edges { node { employees { since } } } } }", PEOPLE),
    "Occupation.certifications": ("{ occupations(first: 3) { edges { node { certifications { grade } } } } }", PEOPLE),
    "StudioWhere.leader": ('{ studios(where: {leader: {name: {contains: "王"}}}) { totalCount } }', PEOPLE),
}


def a_person_with_a_phone(live: Live) -> dict[str, Any]:
    return next(p for p in live.store.list_nodes("Person").items if p.get("phone"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", sorted(PROTECTED))
def test_each_role_against_each_protected_field(live: Live, field: str, role: str) -> None:
    query, allowed = PROTECTED[field]
    person = a_person_with_a_phone(live)
    with live.client(role) as client:
        body = gql(client, query, {"id": person["personId"]} if "$id" in query else None)
    if role in allowed:
        assert "errors" not in body, body
        if field == "Person.phone":
            assert body["data"]["person"]["phone"] == person["phone"]
        if field == "Person.birthDate":
            assert body["data"]["person"]["birthDate"] == person.get("birthDate")
    else:
        assert body.get("errors") and set(codes(body)) == {"FORBIDDEN"}, body
        assert "phone" not in str(body.get("data")) or person["phone"] not in str(body["data"])


def test_the_public_sees_studios_achievements_honours_and_counts(live: Live) -> None:
    query = """{ studios(first: 5) { totalCount edges { node { name memberCount achievementCount totalBenefitWanYuan
                  host { name region { name } } honors { name level year } achievements { title type year } } } }
                 achievements(first: 5) { totalCount edges { node { title contributorCount studio { name } } } }
                 honors(first: 5) { totalCount edges { node { name recipientCount studios { name } } } } }"""
    with live.client() as client:
        body = gql(client, query)
    assert "errors" not in body
    counts = live.store.counts()
    assert body["data"]["studios"]["totalCount"] == counts["Studio"]
    assert body["data"]["achievements"]["totalCount"] == counts["Achievement"]
    assert body["data"]["honors"]["totalCount"] == counts["Honor"]


def test_search_shows_people_only_to_roles_that_see_people(live: Live) -> None:
    people = live.store.list_nodes("Person").items
    surname = people[0]["name"][0]
    expected = sum(1 for p in people if surname in p["name"])
    query = 'query($t: String!) { search(text: $t, first: 100) { __typename } }'
    for role in ROLES:
        with live.client(role) as client:
            hits = gql(client, query, {"t": surname})["data"]["search"]
        found = sum(1 for h in hits if h["__typename"] == "Person")
        assert found == (min(expected, 100) if role in PEOPLE else 0), role


def test_mentorship_records_for_hr(live: Live) -> None:
    keys = [p["personId"] for p in live.store.list_nodes("Person").items]
    apprentices = live.store.neighbours("Person", keys, "MENTORED", Direction.OUT)
    master = next(k for k in keys if apprentices[k])
    query = "query($id: ID!) { person(id: $id) { apprentices { agreementId status result start end } } }"
    with live.client("hr") as client:
        records = gql(client, query, {"id": master})["data"]["person"]["apprentices"]
    assert [r["agreementId"] for r in records] == [n.rel["agreementId"] for n in apprentices[master]]
    assert [r["status"] for r in records] == [n.rel["status"] for n in apprentices[master]]


@pytest.mark.parametrize("header", ["Bearer not-a-configured-token", "Basic dXNlcjpwYXNz", "Bearer", "token-without-scheme"])
def test_a_wrong_token_is_unauthenticated_never_public(live: Live, header: str) -> None:
    response = httpx.post(live.url + "/graphql", json={"query": "{ studios { totalCount } }"},
                          headers={"Authorization": header, "Accept": "application/graphql-response+json"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert codes(response.json()) == ["UNAUTHENTICATED"] and "data" not in response.json()
