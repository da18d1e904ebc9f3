"""The explorer in a real headless Chromium against `studiograph serve` with the sample, on each store.

Every expected figure is asked of the same server's GraphQL API (or its store), never written down here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Browser

from tests.api.browser import DESKTOP, PHONE, Tab, browser, new_tab, sign_in  # noqa: F401 (browser is a fixture)
from tests.api.conftest import TOKENS, Live, free_port, gql, start_server

# The exported skill-gap columns: Chinese header and the API field.
GAP_HEADERS = [
    ("需求编号", "demandId"), ("地区代码", "regionCode"), ("地区", "regionName"), ("行业", "industry"),
    ("职业编码", "occupationCode"), ("职业", "occupationName"), ("最低等级", "minGradeName"), ("需求人数", "required"),
    ("年度", "year"), ("持证供给", "supply"), ("在培徒弟", "pipeline"), ("可带徒师傅", "mentorCapacity"),
    ("缺口", "gap"), ("扣除在培后缺口", "gapAfterPipeline"), ("覆盖率", "coverage"),
]
GAPS = """query($year: Int, $after: String) { skillGaps(year: $year, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { %s } } }""" % " ".join(field for _, field in GAP_HEADERS)
LINEAGE = """query($id: ID!, $direction: LineageDirection!, $depth: Int!) {
  mentorLineage(personId: $id, direction: $direction, maxDepth: $depth) {
    members { personId generation } mentorships { agreementId masterId apprenticeId status } } }"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this run keeps its screenshots (one per page and viewport)."""
    return tmp_path_factory.mktemp("explorer-screenshots")


@pytest.fixture
def tab(browser: Browser, live: Live) -> Iterator[Tab]:
    opened = new_tab(browser, live.url)
    yield opened
    opened.page.context.close()
    assert not opened.errors, f"script errors on the page: {opened.errors}"
    assert not opened.outside_requests(), f"the page asked another host: {opened.outside_requests()}"


def api(live: Live, role: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    with live.client(role) as client:
        body = gql(client, query, variables)
    assert "errors" not in body, body
    return body["data"]


def gap_rows(live: Live, year: int) -> list[dict[str, Any]]:
    rows, after = [], None
    while True:
        page = api(live, "planner", GAPS, {"year": year, "after": after})["skillGaps"]
        rows += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return rows
        after = page["pageInfo"]["endCursor"]


def exported(row: dict[str, Any]) -> list[Any]:
    """The API's values in the exported column order."""
    return [row[field] for _, field in GAP_HEADERS]


def from_csv(cell: str, like: Any) -> Any:
    """A CSV cell as the value it stands for, read as the API's value is typed: empty is None."""
    if cell == "":
        return None
    return float(cell) if isinstance(like, (int, float)) else cell


def a_deep_master(live: Live) -> dict[str, Any]:
    """The key mentor with the most descendants and a master of their own, if any: a lineage to draw both ways."""
    nodes = api(live, "planner", "{ keyMentors(first: 100) { nodes { personId name descendants person { masters { status } } } } }")
    ranked = sorted(nodes["keyMentors"]["nodes"], key=lambda m: (-bool(m["person"]["masters"]), -m["descendants"], m["personId"]))
    return ranked[0]


def every_node(live: Live, role: str, root: str, field: str) -> list[dict[str, Any]]:
    """Every node of a root list (flat pages, so each query stays cheap)."""
    query = "query($after: String) { %s(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { %s } } }"
    nodes, after = [], None
    while True:
        page = api(live, role, query % (root, field), {"after": after})[root]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def a_studio(live: Live, role: str) -> dict[str, Any]:
    """The studio with the most members among those with achievements, with its host and achievements."""
    studios = every_node(live, role, "studios", "studioId memberCount achievementCount")
    chosen = max(studios, key=lambda s: (s["achievementCount"] > 0, s["memberCount"], s["achievementCount"], s["studioId"]))
    return api(live, role, "query($id: ID!) { studio(id: $id) { studioId name namedYear host { orgId } "
                           "achievements { achievementId } } }", {"id": chosen["studioId"]})["studio"]


def one_character_finding(live: Live, person: dict[str, Any]) -> str:
    """A single character of the person's name whose search (as the page asks it) lists them."""
    for char in person["name"]:
        hits = api(live, "planner", "query($t: String!) { search(text: $t, first: 40) { ... on Person { personId } } }",
                   {"t": char})["search"]
        if any(hit.get("personId") == person["personId"] for hit in hits):
            return char
    raise AssertionError(f"no single character of {person['name']} finds them")


def drawn_generations(option: dict[str, Any]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for node in option["series"][0]["data"]:
        found.setdefault(node["generation"], set()).add(node["id"])
    return found


def api_generations(live: Live, person_id: str, depth: int) -> tuple[dict[int, set[str]], list[tuple[str, str, str]]]:
    """Signed generations (UP negative) and (master, apprentice, status) of both lineages, from the API."""
    generations: dict[int, set[str]] = {0: {person_id}}
    edges = []
    for direction, sign in (("UP", -1), ("DOWN", 1)):
        found = api(live, "planner", LINEAGE, {"id": person_id, "direction": direction, "depth": depth})["mentorLineage"]
        for member in found["members"]:
            generations.setdefault(sign * member["generation"], set()).add(member["personId"])
        edges += [(m["masterId"], m["apprenticeId"], m["status"]) for m in found["mentorships"]]
    return generations, sorted(edges)


def test_a_planner_finds_a_master_by_one_character_and_sees_their_lineage(tab: Tab, live: Live, shots: Path) -> None:
    master = a_deep_master(live)
    char = one_character_finding(live, master)
    sign_in(tab, TOKENS["planner"])
    assert tab.page.inner_text(".who .role") == "规划人员"
    page = tab.page
    page.type("#q", char, delay=50)
    hit = page.locator(f'#results a[href="/person/{master["personId"]}"]')
    hit.wait_for()
    assert hit.inner_text() == master["name"]
    assert re.search(r"/search\?q=", page.url)
    tab.shot(shots, f"search-{live.kind}")
    hit.click()
    page.wait_for_url(f"**/person/{master['personId']}")
    assert page.inner_text("h1").startswith(master["name"])

    option = tab.option("lineage")
    generations, edges = api_generations(live, master["personId"], 3)
    assert drawn_generations(option) == generations
    drawn_edges = sorted((e["source"], e["target"], e["status"]) for e in option["series"][0]["links"])
    assert drawn_edges == edges
    tab.shot(shots, f"person-{live.kind}")

    page.select_option("#depth", "5")
    page.wait_for_function("() => new URL(location.href).searchParams.get('depth') === '5'")
    page.wait_for_function("n => window.explorer.drawnOption('lineage') && window.explorer.drawnOption('lineage')"
                           ".series[0].data.length === n", arg=sum(len(g) for g in api_generations(live, master["personId"], 5)[0].values()))
    assert drawn_generations(tab.option("lineage")) == api_generations(live, master["personId"], 5)[0]


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # write-excel-file writes none: Excel's apply
def test_a_planner_exports_the_skill_gap_table_as_xlsx_and_csv(tab: Tab, live: Live, shots: Path, tmp_path: Path) -> None:
    year = max(d["year"] for d in api(live, "planner", "{ demands(first: 100) { nodes { year } } }")["demands"]["nodes"])
    rows = gap_rows(live, year)
    assert rows, "the sample has demands for its latest year"
    tab.open(f"/#token={TOKENS['planner']}")
    tab.page.wait_for_selector(".who .role")
    assert "token" not in tab.page.url  # the sign-in link's token is moved out of the address bar
    page = tab.open(f"/gaps?year={year}")
    page.wait_for_selector("table.gaps tbody tr")
    shown = page.locator("table.gaps tbody tr td:first-child").all_inner_texts()
    assert shown == [row["demandId"] for row in rows]  # in the API's order

    heat = tab.option("heatmap")
    assert sum(cell[2] for cell in heat["series"][0]["data"]) == sum(row["gap"] for row in rows)
    tab.shot(shots, f"gaps-{live.kind}")

    with page.expect_download() as xlsx_download:
        page.click("#export-xlsx")
    xlsx = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx)
    assert xlsx.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    table = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert table[0] == [header for header, _ in GAP_HEADERS]
    assert table[1:] == [exported(row) for row in rows]

    with page.expect_download() as csv_download:
        page.click("#export-csv")
    path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == [header for header, _ in GAP_HEADERS]
    assert [[from_csv(cell, like) for cell, like in zip(line, exported(row))] for line, row in zip(lines[1:], rows)] \
        == [exported(row) for row in rows]
    assert len(lines) == len(rows) + 1


def test_the_public_sees_no_person_name_anywhere(tab: Tab, live: Live, shots: Path) -> None:
    public_texts = {node[field] for root, field in (("studios", "name"), ("organizations", "name"),
                                                     ("achievements", "title"), ("honors", "name"))
                    for node in every_node(live, "public", root, field)}
    names = {p["name"] for p in live.store.list_nodes("Person").items}
    someone = sorted(live.store.list_nodes("Person").items, key=lambda p: p["personId"])[0]
    studio = a_studio(live, "public")
    paths = ["/", f"/search?q={someone['name'][0]}", f"/search?q={studio['name'][0]}", "/year",
             f"/studio/{studio['studioId']}", f"/achievement/{studio['achievements'][0]['achievementId']}",
             f"/organization/{studio['host']['orgId']}", f"/person/{someone['personId']}", "/gaps", "/mentors"]
    for path in paths:
        page = tab.open(path)
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('#page .loading')")
        seen = page.inner_text("body") + " " + " ".join(
            str(page.evaluate("n => window.explorer.drawnOption(n)", chart))
            for chart in page.evaluate("() => window.explorer.chartNames()"))
        for public in sorted(public_texts, key=len, reverse=True):  # studio names may carry their leader's name
            seen = seen.replace(public, " ")
        leaked = sorted(name for name in names if name in seen)
        assert not leaked, f"{path} shows people's names to the public: {leaked[:5]}"
        if path.startswith("/studio/"):
            tab.shot(shots, f"studio-public-{live.kind}")
    assert page.locator(".state.error").count() or page.locator(".state.empty").count()


def test_a_wrong_token_shows_the_sign_in_error(tab: Tab, live: Live, shots: Path) -> None:
    page = tab.open("/signin")
    page.fill("#token", "not-a-token-anyone-configured")
    page.click("form button[type=submit]")
    error = page.locator(".signin-error")
    error.wait_for()
    assert "令牌无效" in error.inner_text()
    assert page.url.endswith("/signin")
    tab.shot(shots, f"signin-error-{live.kind}")
    page = tab.open("/#token=another-wrong-token")
    page.wait_for_url("**/signin?error=unauthenticated")
    assert "令牌无效" in page.locator(".signin-error").inner_text()
    assert "another-wrong-token" not in page.url


PAGES = {
    "search": "/search?q={char}", "person": "/person/{person}", "studio": "/studio/{studio}", "gaps": "/gaps",
    "mentors": "/mentors", "risks": "/risks", "year": "/year?year={year}", "quality": "/quality",
    "organization": "/organization/{org}", "achievement": "/achievement/{achievement}", "signin": "/signin",
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_renders_fits_the_screen_and_is_kept_as_a_screenshot(  # STUDIOGRAPH_SCREENSHOTS=DIR: the README's too
        browser: Browser, live: Live, shots: Path, viewport: str) -> None:
    master = a_deep_master(live)
    studio = a_studio(live, "hr")
    values = {"char": master["name"][0], "person": master["personId"], "studio": studio["studioId"],
              "year": studio["namedYear"], "org": studio["host"]["orgId"], "achievement": studio["achievements"][0]["achievementId"]}
    tab = new_tab(browser, live.url, DESKTOP if viewport == "desktop" else PHONE)
    try:
        tab.open(f"/#token={TOKENS['hr']}").wait_for_selector(".who .role")
        for name, pattern in PAGES.items():
            page = tab.open(pattern.format(**values))
            page.wait_for_load_state("networkidle")
            page.wait_for_function("() => !document.querySelector('#page .loading')")
            assert not page.locator("#page .state.error").count(), f"{name}: {page.inner_text('#page')[:300]}"
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} is {overflow}px wider than a {viewport} screen"
            tab.shot(shots, f"{name}-{viewport}-{live.kind}")
            if os.environ.get("STUDIOGRAPH_SCREENSHOTS") and live.kind == "embedded":  # the README's, screen-sized
                page.screenshot(path=str(Path(os.environ["STUDIOGRAPH_SCREENSHOTS"]) / f"{name}-{viewport}.png"))
        assert not tab.errors, tab.errors
        assert not tab.outside_requests(), tab.outside_requests()
    finally:
        tab.page.context.close()


def test_the_store_being_down_says_so(browser: Browser, tmp_path: Path) -> None:
    nothing_listens = f"bolt://127.0.0.1:{free_port()}"
    server = start_server({"NEO4J_URI": nothing_listens, "STUDIOGRAPH_STORE_TIMEOUT": "2", "STUDIOGRAPH_REQUEST_TIMEOUT": "3"},
                          tmp_path / "server.log", wait_path="/healthz")
    tab = new_tab(browser, server.url)
    try:
        page = tab.open("/year?year=2024")
        error = page.locator("#page .state.error-unavailable")
        error.wait_for(timeout=40_000)
        assert "数据存储暂时不可用" in error.inner_text()
    finally:
        tab.page.context.close()
        server.stop()


def test_a_studio_picture_holds_its_members_and_the_mentorships_between_them(tab: Tab, live: Live) -> None:
    studio = a_studio(live, "planner")
    found = api(live, "planner", """query($id: ID!) { studio(id: $id) { members { member { personId
        apprentices { agreementId status apprentice { personId } } } } } }""", {"id": studio["studioId"]})["studio"]
    members = {m["member"]["personId"] for m in found["members"]}
    between = sorted((m["member"]["personId"], a["apprentice"]["personId"], a["status"])
                     for m in found["members"] for a in m["member"]["apprentices"] if a["apprentice"]["personId"] in members)
    tab.open(f"/#token={TOKENS['planner']}").wait_for_selector(".who .role")
    tab.open(f"/studio/{studio['studioId']}")
    option = tab.option("members")
    assert {node["id"] for node in option["series"][0]["data"]} == members
    assert sorted((e["source"], e["target"], e["status"]) for e in option["series"][0]["links"]) == between


def test_the_ranked_tables_follow_the_api_and_link_to_each_person(tab: Tab, live: Live) -> None:
    mentors = api(live, "planner", "{ keyMentors(first: 50) { nodes { personId } } }")["keyMentors"]["nodes"]
    risks = api(live, "planner", "{ successionRisks(minAge: 55, successorGrade: 5, generations: 2, first: 50) "
                                 "{ nodes { personId } } }")["successionRisks"]["nodes"]
    tab.open(f"/#token={TOKENS['hr']}").wait_for_selector(".who .role")
    for path, expected in (("/mentors", mentors), ("/risks", risks)):
        page = tab.open(path)
        page.wait_for_selector("table.ranked tbody tr")
        links = page.locator("table.ranked tbody tr td:nth-child(2) a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert links == [f"/person/{row['personId']}" for row in expected], path


def test_a_persons_page_lists_their_competitions(tab: Tab, live: Live) -> None:
    people = every_node(live, "planner", "people", "personId competitions { competition { name } award }")
    person = next(p for p in people if any(c["award"] for c in p["competitions"]))
    sign_in(tab, TOKENS["planner"])
    page = tab.open(f"/person/{person['personId']}")
    section = page.locator("section", has=page.locator("h2", has_text="技能竞赛"))
    section.locator("tbody tr").first.wait_for()
    names = section.locator("tbody tr td:first-child").all_inner_texts()
    assert names == [c["competition"]["name"] for c in person["competitions"]]


def test_the_year_in_review_shows_the_apis_figures_to_the_public(tab: Tab, live: Live) -> None:
    year = max(s["namedYear"] for s in every_node(live, "public", "studios", "namedYear") if s["namedYear"])
    review = api(live, "public", """query($year: Int!) { yearInReview(year: $year) { mentorshipsBegun mentorshipsCompleted
        reachedTechnician studiosNamed { level count } achievements { type count benefitWanYuan }
        competitionsHeld { count } competitionWinners competitionEntrants } }""",
                 {"year": year})["yearInReview"]
    page = tab.open(f"/year?year={year}")
    page.wait_for_selector("#report")
    tiles = dict(zip(page.locator(".tile-label").all_inner_texts(), page.locator(".tile-value").all_inner_texts()))
    assert tiles["新签师带徒"] == str(review["mentorshipsBegun"]) and tiles["徒弟出师"] == str(review["mentorshipsCompleted"])
    assert tiles["新晋技师及以上"] == str(review["reachedTechnician"])
    assert tiles["举办技能竞赛"] == str(sum(c["count"] for c in review["competitionsHeld"]))
    assert tiles["竞赛获奖职工"] == str(review["competitionWinners"])
    studios = tab.option("studios")
    assert studios["series"][0]["data"] == [level["count"] for level in review["studiosNamed"]]
    assert tab.option("achievements")["xAxis"][0]["data"] == [a["type"] for a in review["achievements"]]
    report = page.inner_text("#report")
    assert report.startswith(f"{year}年，全市")
    if review["mentorshipsBegun"] or review["mentorshipsCompleted"]:
        assert f"新签订师带徒协议{review['mentorshipsBegun']}对，{review['mentorshipsCompleted']}名徒弟按协议出师" in report
    if review["competitionEntrants"]:
        assert f"{review['competitionEntrants']}名职工参加各级竞赛，{review['competitionWinners']}名获奖" in report


def test_the_explorer_sends_a_query_it_sent_before_by_its_hash_alone(tab: Tab, live: Live) -> None:
    bodies: list[dict[str, Any]] = []
    tab.page.on("request", lambda r: bodies.append(json.loads(r.post_data)) if r.url.endswith("/graphql") and r.post_data else None)
    year = max(s["namedYear"] for s in every_node(live, "public", "studios", "namedYear") if s["namedYear"])
    visits = []
    for _ in range(2):
        tab.open(f"/year?year={year}").wait_for_selector("#report")
        tab.page.wait_for_load_state("networkidle")
        visits.append(len(bodies))
    assert bodies and all(b.get("extensions", {}).get("persistedQuery") for b in bodies)  # every one names its hash
    for body in bodies:
        if "query" in body:  # the text, sent once with its hash when the server did not know it
            assert hashlib.sha256(body["query"].encode()).hexdigest() == body["extensions"]["persistedQuery"]["sha256Hash"]
    second = bodies[visits[0]:]
    assert second and not any("query" in body for body in second)  # known by now: the hash alone
    assert "年，全市" in tab.page.inner_text("#report") and not tab.errors
