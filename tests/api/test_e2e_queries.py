"""End to end over HTTP, on each store: entities, relationships, pagination, filters, search."""

from __future__ import annotations

import json
from typing import Any

import httpx

from graph.codes import Scheme, is_within
from graph.query import Direction, Order
from tests.api.conftest import Live, gql


def all_nodes(live: Live, label: str, order: list[Order] | None = None) -> list[dict[str, Any]]:
    return live.store.list_nodes(label, order_by=order or []).items


def fetch_page(client: httpx.Client, field: str, args: str, window: str, key: str, cursor: str | None) -> dict[str, Any]:
    """One page of `field`; `window` pages with $cursor, e.g. `first: 5, after: $cursor`."""
    query = (f"query($cursor: String) {{ {field}({args} {window}) {{ totalCount pageInfo {{ hasNextPage "
             f"hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ {key} }} }} }} }}")
    return gql(client, query, {"cursor": cursor})["data"][field]


def walk_forward(live: Live, field: str, args: str, size: int, key: str, role: str = "planner") -> tuple[list[str], list[str], int]:
    """Page through `field` with `first: size` to the end: (keys, cursors, totalCount)."""
    keys: list[str] = []
    cursors: list[str] = []
    after: str | None = None
    with live.client(role) as client:
        for _ in range(1000):
            page = fetch_page(client, field, args, f"first: {size}, after: $cursor", key, after)
            assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
            keys += [edge["node"][key] for edge in page["edges"]]
            cursors += [edge["cursor"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return keys, cursors, page["totalCount"]
            after = page["pageInfo"]["endCursor"]
    raise AssertionError("paging never reached the end")


def walk_backward(live: Live, field: str, args: str, size: int, key: str, role: str = "planner") -> list[str]:
    """Page through `field` with `last: size` from the end back to the start."""
    keys: list[str] = []
    before: str | None = None
    with live.client(role) as client:
        for _ in range(1000):
            page = fetch_page(client, field, args, f"last: {size}, before: $cursor", key, before)
            assert page["pageInfo"]["hasNextPage"] == (before is not None)
            keys = [edge["node"][key] for edge in page["edges"]] + keys
            if not page["pageInfo"]["hasPreviousPage"]:
                return keys
            before = page["pageInfo"]["startCursor"]
    raise AssertionError("paging never reached the start")


def test_people_page_to_the_end_and_back_in_name_order(live: Live) -> None:
    expected = [p["personId"] for p in sorted(all_nodes(live, "Person"), key=lambda p: (p["name"], p["personId"]))]
    size = min(100, max(2, len(expected) // 4))
    args = "orderBy: [{field: NAME}],"
    forward, cursors, total = walk_forward(live, "people", args, size, "personId")
    assert forward == expected and total == len(expected)
    assert len(set(cursors)) == len(cursors)
    assert walk_backward(live, "people", args, size, "personId") == expected


def test_studios_sorted_descending_by_year_then_key(live: Live) -> None:
    studios = all_nodes(live, "Studio")
    dated = sorted((s for s in studios if s.get("namedYear") is not None), key=lambda s: (-s["namedYear"], s["studioId"]))
    undated = sorted(s["studioId"] for s in studios if s.get("namedYear") is None)
    expected = undated + [s["studioId"] for s in dated]  # missing values first when descending
    keys, _, total = walk_forward(live, "studios", "orderBy: [{field: NAMED_YEAR, direction: DESC}],", 3, "studioId", "public")
    assert keys == expected and total == len(studios)


def test_filters_combine_ranges_relationships_codes_and_not(live: Live) -> None:
    people = all_nodes(live, "Person")
    keys = [p["personId"] for p in people]
    masters = {k for k, found in live.store.neighbours("Person", keys, "MENTORED", Direction.OUT).items() if found}
    years = sorted(p["birthYear"] for p in people if p.get("birthYear") is not None)
    low, high = years[len(years) // 4], years[(3 * len(years)) // 4]
    employers = live.store.neighbours("Person", keys, "WORKS_AT", Direction.OUT)
    region = next(o.node["regionCode"] for found in employers.values() for o in found if o.node.get("regionCode"))
    city = region[:4] + "00" if region[4:] != "00" else region  # the enclosing city of an employer's district
    in_city = {k for k, found in employers.items() if any(is_within(o.node.get("regionCode"), city, Scheme.REGION) for o in found)}
    certificates = live.store.neighbours("Person", keys, "CERTIFIED", Direction.OUT)
    occupation = next(c.key for found in certificates.values() for c in found if c.key.count("-") == 3).rsplit("-", 2)[0]
    certified = {k for k, found in certificates.items() if any(is_within(c.key, occupation, Scheme.OCCUPATION) for c in found)}
    statuses = sorted({p["status"] for p in people if p.get("status")})[:1]
    cases = {
        f"{{birthYear: {{gte: {low}, lte: {high}}}}}": {p["personId"] for p in people if low <= (p.get("birthYear") or -1) <= high},
        "{apprentices: {}}": masters,
        "{not: {apprentices: {}}}": set(keys) - masters,
        f'{{employer: {{regionCode: {{within: "{city}"}}}}}}': in_city,
        f'{{or: [{{apprentices: {{}}}}, {{employer: {{regionCode: {{within: "{city}"}}}}}}]}}': masters | in_city,
        f'{{certifications: {{code: {{within: "{occupation}"}}}}}}': certified,
        f"{{status: {{in: {json.dumps(statuses, ensure_ascii=False)}}}}}": {p["personId"] for p in people if p.get("status") in statuses},
        f'{{and: [{{apprentices: {{}}}}, {{birthYear: {{lte: {high}}}}}]}}': {
            p["personId"] for p in people if p["personId"] in masters and (p.get("birthYear") or 10**6) <= high},
    }
    with live.client("planner") as client:
        for where, expected in cases.items():
            body = gql(client, f"{{ people(where: {where}, first: 100) {{ totalCount edges {{ node {{ personId }} }} }} }}")
            page = body["data"]["people"]
            assert page["totalCount"] == len(expected), where
            if len(expected) <= 100:
                assert {e["node"]["personId"] for e in page["edges"]} == expected, where


def test_name_contains_finds_chinese_substrings(live: Live) -> None:
    studios = all_nodes(live, "Studio")
    name = max((s["name"] for s in studios), key=len)
    part = name[1:3]
    expected = {s["studioId"] for s in studios if part in s["name"]}
    with live.client() as client:
        body = gql(client, "query($t: String!) { studios(where: {name: {contains: $t}}, first: 100) { edges { node { studioId } } } }",
                   {"t": part})
    assert {e["node"]["studioId"] for e in body["data"]["studios"]["edges"]} == expected and expected


def test_search_finds_substrings_across_people_studios_and_achievements(live: Live) -> None:
    studio_name = all_nodes(live, "Studio")[0]["name"]
    for text in (studio_name[:2], studio_name[-2:], studio_name[0]):
        expected = {("Person", p["personId"]) for p in all_nodes(live, "Person") if text in p["name"]}
        expected |= {("Studio", s["studioId"]) for s in all_nodes(live, "Studio") if text in s["name"]}
        expected |= {("Achievement", a["achievementId"]) for a in all_nodes(live, "Achievement") if text in a["title"]}
        query = ("query($t: String!) { search(text: $t, first: 100) { __typename ... on Person { personId } "
                 "... on Studio { studioId } ... on Achievement { achievementId } } }")
        with live.client("planner") as client:
            hits = gql(client, query, {"t": text})["data"]["search"]
        found = {(h["__typename"], h.get("personId") or h.get("studioId") or h.get("achievementId")) for h in hits}
        if len(expected) <= 100:
            assert found == expected, text
        order = [h["__typename"] for h in hits]
        assert order == sorted(order, key=["Person", "Studio", "Achievement"].index)


def test_a_person_with_masters_apprentices_employer_certificates_and_achievements(live: Live) -> None:
    keys = [p["personId"] for p in all_nodes(live, "Person")]
    masters = live.store.neighbours("Person", keys, "MENTORED", Direction.IN)
    apprentices = live.store.neighbours("Person", keys, "MENTORED", Direction.OUT)
    person = next(k for k in keys if masters[k] and apprentices[k])
    query = """query($id: ID!) { person(id: $id) { personId
        masters { agreementId status start master { personId } apprentice { personId } }
        apprentices { agreementId apprentice { personId } }
        employer { organization { orgId } }
        certifications { grade gradeName occupation { code } }
        achievements { rank achievement { achievementId } } } }"""
    with live.client("hr") as client:
        found = gql(client, query, {"id": person})["data"]["person"]
    assert [(m["master"]["personId"], m["agreementId"]) for m in found["masters"]] == [
        (n.key, n.rel["agreementId"]) for n in masters[person]]
    assert {m["apprentice"]["personId"] for m in found["masters"]} == {person}
    assert [m["start"] for m in found["masters"]] == [n.rel["start"] for n in masters[person]]
    assert [a["apprentice"]["personId"] for a in found["apprentices"]] == [n.key for n in apprentices[person]]
    employer = live.store.neighbours("Person", [person], "WORKS_AT", Direction.OUT)[person]
    assert (found["employer"] or {}).get("organization", {}).get("orgId") == (employer[0].key if employer else None)
    certificates = live.store.neighbours("Person", [person], "CERTIFIED", Direction.OUT)[person]
    assert [(c["occupation"]["code"], c["grade"]) for c in found["certifications"]] == [(n.key, n.rel["grade"]) for n in certificates]
    contributed = live.store.neighbours("Person", [person], "CONTRIBUTED", Direction.OUT)[person]
    assert [(a["achievement"]["achievementId"], a["rank"]) for a in found["achievements"]] == [(n.key, n.rel["rank"]) for n in contributed]


def test_studio_totals_and_host_for_the_public(live: Live) -> None:
    studios = all_nodes(live, "Studio")
    keys = [s["studioId"] for s in studios]
    produced = live.store.neighbours("Studio", keys, "PRODUCED_BY", Direction.IN)
    members = live.store.neighbours("Studio", keys, "MEMBER_OF", Direction.IN)
    hosts = live.store.neighbours("Studio", keys, "HOSTED_BY", Direction.OUT)
    query = "{ studios(first: 100) { edges { node { studioId memberCount achievementCount totalBenefitWanYuan host { orgId } achievements { achievementId } } } } }"
    with live.client() as client:
        body = gql(client, query)
    assert "errors" not in body
    for edge in body["data"]["studios"]["edges"]:
        node, key = edge["node"], edge["node"]["studioId"]
        assert node["memberCount"] == len(members[key])
        assert node["achievementCount"] == len(produced[key]) == len(node["achievements"])
        assert abs(node["totalBenefitWanYuan"] - sum(n.node.get("benefitWanYuan") or 0 for n in produced[key])) < 1e-6
        assert (node["host"] or {}).get("orgId") == (hosts[key][0].key if hosts[key] else None)


def test_one_entity_by_key_and_not_found(live: Live) -> None:
    studio = all_nodes(live, "Studio")[0]
    with live.client() as client:
        body = gql(client, 'query($id: ID!) { studio(id: $id) { studioId name } missing: studio(id: "no-such-studio") { name } }',
                   {"id": studio["studioId"]})
    assert body["data"]["studio"] == {"studioId": studio["studioId"], "name": studio["name"]}
    assert body["data"]["missing"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
