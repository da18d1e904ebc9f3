"""Mutations end to end over a real uvicorn, on each store: every event, refusals, roles, retries, versions, audit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from api.access import hash_token
from graph.embedded import EmbeddedStore
from tests.api.conftest import TOKENS, Server, auth, codes, gql, load_sample, start_server
from tests.conftest import STORE_KINDS

LABELS = {"planner": "规划处", "hr": "人事科 王会计", "admin": "系统管理员"}
TOKENS_WITH_LABELS = ",".join(f"{role}:{hash_token(token)}:{LABELS[role]}" for role, token in TOKENS.items())


@dataclass
class Writable:
    kind: str
    server: Server
    env: dict[str, str]

    def client(self, role: str = "public") -> httpx.Client:
        return httpx.Client(base_url=self.server.url, headers=auth(role), timeout=30)


@pytest.fixture(scope="module", params=STORE_KINDS)
def writable(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writable]:
    """A served store that the tests may write to: its own embedded file, or the session's Neo4j (loaded if empty)."""
    tmp = tmp_path_factory.mktemp(f"writable-{request.param}")
    if request.param == "neo4j":
        store = request.getfixturevalue("neo4j_store_session")
        if store.counts()["Person"] == 0:
            load_sample(store)
        env = {"NEO4J_URI": request.getfixturevalue("neo4j_uri")}
    else:
        store = EmbeddedStore(tmp / "graph.json")
        load_sample(store)
        store.close()
        env = {"STUDIOGRAPH_DATA_DIR": str(tmp)}
    server = start_server({**env, "STUDIOGRAPH_TOKENS": TOKENS_WITH_LABELS}, tmp / "server.log", wait_path="/readyz")
    yield Writable(request.param, server, env)
    server.stop()



PEOPLE = """query($after: String) { people(first: 100, after: $after) { pageInfo { endCursor hasNextPage }
  nodes { personId masters(first: 1) { agreementId } apprentices(first: 1) { agreementId } } } }"""
SIGN = """mutation($input: SignMentorshipInput!, $key: String) { signMentorship(input: $input, idempotencyKey: $key) {
  mentorship { agreementId status version master { personId } apprentice { personId } }
  userErrors { field message code } auditSeq replayed } }"""
COMPLETE = """mutation($input: CompleteMentorshipInput!, $key: String) { completeMentorship(input: $input, idempotencyKey: $key) {
  mentorship { agreementId status result end version } userErrors { field message code } auditSeq replayed } }"""
AUDIT = """query($key: String, $op: String, $person: String) { auditLog(objectKey: $key, operation: $op, person: $person, first: 50) {
  entries { seq at role label operation objectType objectKey people changes { object property old new } } hasNextPage } }"""


_counter = iter(range(1, 10_000))


def fresh(prefix: str) -> str:
    return f"W-{prefix}-{next(_counter)}"


def loners(server: Writable, many: int = 2) -> list[str]:
    """People with no mentorship at all, so a new one between them closes no cycle."""
    found: list[str] = []
    after = None
    with server.client("admin") as admin:
        while len(found) < many:
            page = gql(admin, PEOPLE, {"after": after})["data"]["people"]
            found += [p["personId"] for p in page["nodes"] if not p["masters"] and not p["apprentices"]]
            assert page["pageInfo"]["hasNextPage"] or len(found) >= many, "the sample has too few people without mentorships"
            after = page["pageInfo"]["endCursor"]
    return found[:many]


def sign(client: httpx.Client, master: str, apprentice: str, agreement: str, key: str | None = None) -> dict:
    variables = {"input": {"agreementId": agreement, "masterId": master, "apprenticeId": apprentice,
                           "start": "2024-03-01", "plannedEnd": "2027-03-01"}, "key": key}
    return gql(client, SIGN, variables)["data"]["signMentorship"]


@pytest.fixture
def signed(writable: Writable) -> tuple[str, list[str]]:
    master, apprentice = loners(writable)
    agreement = fresh("M")
    with writable.client("hr") as hr:
        assert sign(hr, master, apprentice, agreement)["userErrors"] == []
    return agreement, [master, apprentice]


def complete(client: httpx.Client, agreement: str, result: str = "合格", end: str = "2026-03-01",
             version: int | None = None, key: str | None = None) -> dict:
    variables = {"input": {"agreementId": agreement, "end": end, "result": result, "version": version}, "key": key}
    return gql(client, COMPLETE, variables)["data"]["completeMentorship"]


def test_hr_signs_and_completes_a_mentorship_and_the_audit_trail_has_both(writable: Writable) -> None:
    master, apprentice = loners(writable)
    agreement = fresh("M")
    with writable.client("hr") as hr, writable.client("admin") as admin:
        signed = sign(hr, master, apprentice, agreement)
        assert signed["mentorship"] == {"agreementId": agreement, "status": "在带", "version": 1,
                                        "master": {"personId": master}, "apprentice": {"personId": apprentice}}
        done = complete(hr, agreement, "优秀", version=1)
        assert done["userErrors"] == [] and done["mentorship"]["status"] == "已出师"
        assert (done["mentorship"]["result"], done["mentorship"]["version"]) == ("优秀", 2)
        entries = gql(admin, AUDIT, {"key": agreement})["data"]["auditLog"]["entries"]
    assert [e["operation"] for e in entries] == ["completeMentorship", "signMentorship"]
    assert {(e["role"], e["label"]) for e in entries} == {("hr", "人事科 王会计")}
    assert entries[0]["seq"] == done["auditSeq"] and sorted(entries[0]["people"]) == sorted([master, apprentice])
    changes = {(c["property"], c["old"], c["new"]) for c in entries[0]["changes"]}
    assert changes == {("status", '"在带"', '"已出师"'), ("end", None, '"2026-03-01"'), ("result", None, '"优秀"')}
    assert all(TOKENS["hr"] not in json.dumps(e) for e in entries)


def test_a_refused_mutation_names_the_field_and_writes_nothing(writable: Writable, signed: tuple[str, list[str]]) -> None:
    agreement, (master, apprentice) = signed
    with writable.client("hr") as hr, writable.client("admin") as admin:
        early = complete(hr, agreement, end="2020-01-01")  # before its start
        assert early["mentorship"] is None
        [error] = early["userErrors"]
        assert (error["field"], error["code"]) == (["input", "end"], "RULE_BROKEN")
        assert error["message"].endswith("end 2020-01-01 precedes start 2024-03-01")
        cycle = sign(hr, apprentice, master, fresh("M"))  # the apprentice as the master's master
        assert cycle["userErrors"][0]["field"] == ["input", "masterId"] and "cycle" in cycle["userErrors"][0]["message"]
        ghost = sign(hr, master, "nobody-at-all", fresh("M"))
        assert ghost["userErrors"][0]["field"] == ["input", "apprenticeId"] and ghost["userErrors"][0]["code"] == "NOT_FOUND"
        twice = sign(hr, master, apprentice, agreement)
        assert (twice["userErrors"][0]["field"], twice["userErrors"][0]["code"]) == (["input", "agreementId"], "ALREADY_EXISTS")
        entries = gql(admin, AUDIT, {"key": agreement})["data"]["auditLog"]["entries"]
        assert [e["operation"] for e in entries] == ["signMentorship"]
        assert complete(hr, agreement)["mentorship"]["status"] == "已出师"
        again = complete(hr, agreement)  # only a 在带 one completes
        assert again["userErrors"][0]["field"] == ["input", "status"]


def test_a_retry_with_the_same_key_answers_the_first_time_and_writes_nothing(writable: Writable, signed) -> None:
    agreement, _ = signed
    with writable.client("hr") as hr, writable.client("admin") as admin:
        first = complete(hr, agreement, "合格", key="retry-" + agreement)
        again = complete(hr, agreement, "优秀", key="retry-" + agreement)
        entries = gql(admin, AUDIT, {"key": agreement})["data"]["auditLog"]["entries"]
    assert again["replayed"] and again["auditSeq"] == first["auditSeq"] and not first["replayed"]
    assert again["mentorship"]["result"] == "合格"
    assert [e["operation"] for e in entries] == ["completeMentorship", "signMentorship"]


def test_an_edit_of_a_stale_version_is_refused(writable: Writable, signed) -> None:
    agreement, _ = signed
    correct = """mutation($input: CorrectPropertyInput!) { correctProperty(input: $input) {
      version userErrors { field code message } } }"""
    with writable.client("hr") as hr:
        fix = {"objectType": "Mentorship", "key": agreement, "property": "plannedEnd", "value": "2027-06-01", "version": 1}
        assert gql(hr, correct, {"input": fix})["data"]["correctProperty"] == {"version": 2, "userErrors": []}
        stale = gql(hr, correct, {"input": {**fix, "value": "2027-09-01"}})["data"]["correctProperty"]
        assert stale["userErrors"][0]["field"] == ["input", "version"] and stale["userErrors"][0]["code"] == "STALE_VERSION"
        assert complete(hr, agreement, version=1)["userErrors"][0]["code"] == "STALE_VERSION"


def test_two_clients_completing_one_mentorship_at_once_exactly_one_wins(writable: Writable, signed) -> None:
    agreement, _ = signed

    def attempt(result: str) -> dict:
        with writable.client("hr") as hr:
            return complete(hr, agreement, result)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(attempt, ["优秀", "合格", "不合格", "合格"]))
    winners = [a for a in answers if not a["userErrors"]]
    assert len(winners) == 1
    assert all(a["userErrors"][0]["field"] == ["input", "status"] for a in answers if a["userErrors"])
    with writable.client("admin") as admin:
        entries = gql(admin, AUDIT, {"key": agreement, "op": "completeMentorship"})["data"]["auditLog"]["entries"]
    assert len(entries) == 1 and entries[0]["seq"] == winners[0]["auditSeq"]


@pytest.mark.parametrize("role, allowed", [("public", False), ("planner", False), ("hr", True), ("admin", True)])
def test_only_hr_and_admin_record_people_and_only_admin_studios_and_the_audit_log(writable: Writable, role: str, allowed: bool) -> None:
    master, apprentice = loners(writable)
    with writable.client(role) as client:
        answer = client.post("/graphql", json={"query": SIGN, "variables": {"input": {
            "agreementId": fresh("M"), "masterId": master, "apprenticeId": apprentice, "start": "2024-03-01"}}}).json()
        assert ("FORBIDDEN" not in codes(answer)) == allowed
        studio = client.post("/graphql", json={"query": """mutation { nameStudio(input: {studioId: "W-S-role", name: "试"})
          { studio { studioId } } }"""}).json()
        assert ("FORBIDDEN" in codes(studio)) == (role != "admin")
        audit = client.post("/graphql", json={"query": "{ auditLog { entries { seq } } }"}).json()
        assert ("FORBIDDEN" in codes(audit)) == (role != "admin")


def test_each_other_event_is_recorded(writable: Writable) -> None:
    first, second = loners(writable)
    studio, achievement, honor = fresh("S"), fresh("A"), fresh("H")
    with writable.client("admin") as admin:
        orgs = gql(admin, "{ organizations(first: 2) { nodes { orgId } } occupations(first: 1) { nodes { code } } }")["data"]
        org, other_org = [o["orgId"] for o in orgs["organizations"]["nodes"]]
        occupation = orgs["occupations"]["nodes"][0]["code"]
        calls = {
            "nameStudio": ("mutation($s: ID!, $p: ID!, $o: ID!) { nameStudio(input: {studioId: $s, name: \"新工作室\", level: \"市级\", "
                           "namedYear: 2026, leaderId: $p, hostOrgId: $o}) { studio { name leader { leader { personId } } } userErrors { message } } }",
                           {"s": studio, "p": first, "o": org}),
            "changeStudioMembers": ("mutation($s: ID!, $p: ID!, $q: ID!) { changeStudioMembers(input: {studioId: $s, "
                                    "add: [{personId: $p, role: \"成员\"}, {personId: $q}]}) { studio { memberCount } userErrors { message } } }",
                                    {"s": studio, "p": first, "q": second}),
            "recordAchievement": ("mutation($a: ID!, $s: ID!, $p: ID!, $q: ID!) { recordAchievement(input: {achievementId: $a, title: \"新焊法\", "
                                  "type: \"先进操作法\", year: 2026, studioId: $s, contributors: [{personId: $p, rank: 1}, {personId: $q, rank: 2}]}) "
                                  "{ achievement { contributorCount studio { studioId } } userErrors { message } } }",
                                  {"a": achievement, "s": studio, "p": first, "q": second}),
            "grantHonor": ("mutation($h: ID!, $p: ID!, $s: ID!) { grantHonor(input: {honorId: $h, name: \"荆楚工匠\", level: \"省级\", "
                           "year: 2026, personIds: [$p], studioIds: [$s]}) { honor { recipientCount } userErrors { message } } }",
                           {"h": honor, "p": first, "s": studio}),
            "certify": ("mutation($p: ID!, $o: String!) { certify(input: {personId: $p, occupationCode: $o, grade: 5, issuedOn: \"2026-01-05\"}) "
                        "{ certification { grade gradeName person { personId } } userErrors { message } } }", {"p": second, "o": occupation}),
            "changePersonStatus": ("mutation($p: ID!) { changePersonStatus(input: {personId: $p, status: \"退休\"}) "
                                   "{ person { status version } userErrors { message } } }", {"p": second}),
            "changeEmployer": ("mutation($p: ID!, $o: ID!) { changeEmployer(input: {personId: $p, orgId: $o, since: \"2026-02-01\"}) "
                               "{ person { employer { organization { orgId } since } } userErrors { message } } }", {"p": second, "o": other_org}),
        }
        answers = {}
        for name, (query, variables) in calls.items():
            body = gql(admin, query, variables)
            assert "errors" not in body, (name, body)
            answers[name] = body["data"][name]
        assert all(a["userErrors"] == [] for a in answers.values()), answers
        assert answers["nameStudio"]["studio"] == {"name": "新工作室", "leader": {"leader": {"personId": first}}}
        assert answers["changeStudioMembers"]["studio"]["memberCount"] == 2
        assert answers["recordAchievement"]["achievement"] == {"contributorCount": 2, "studio": {"studioId": studio}}
        assert answers["grantHonor"]["honor"]["recipientCount"] == 2
        assert answers["certify"]["certification"] == {"grade": 5, "gradeName": "技师", "person": {"personId": second}}
        assert answers["changePersonStatus"]["person"]["status"] == "退休"
        assert answers["changeEmployer"]["person"]["employer"] == {"organization": {"orgId": other_org}, "since": "2026-02-01"}
        mine = gql(admin, AUDIT, {"person": second})["data"]["auditLog"]["entries"]
        assert {e["operation"] for e in mine} >= {"changeStudioMembers", "recordAchievement", "certify", "changePersonStatus", "changeEmployer"}
        assert all((e["role"], e["label"]) == ("admin", "系统管理员") for e in mine)
        removal = gql(admin, "mutation($s: ID!, $p: ID!) { changeStudioMembers(input: {studioId: $s, remove: [$p]}) "
                      "{ studio { memberCount } } }", {"s": studio, "p": second})
        assert removal["data"]["changeStudioMembers"]["studio"]["memberCount"] == 1


def test_the_audit_log_cannot_be_written_through_the_api(writable: Writable) -> None:
    with writable.client("admin") as admin:
        schema = gql(admin, "{ __schema { mutationType { fields { name } } } }")["data"]["__schema"]["mutationType"]["fields"]
    assert not [f["name"] for f in schema if "audit" in f["name"].lower()]
