"""HR records events in the explorer (a real headless Chromium) against a writable server, on each store.

What the form did is checked through the GraphQL API: the object changed once and the audit trail names it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.browser import Tab, browser, new_tab, sign_in  # noqa: F401 (browser is a fixture)
from tests.api.conftest import TOKENS, gql
from tests.api.test_mutations import AUDIT, LABELS, Writable, fresh, loners, sign, writable  # noqa: F401 (a fixture)

AGREEMENTS = """query($id: ID!) { person(id: $id) {
  masters { agreementId status result end version master { personId } }
  apprentices { agreementId status start plannedEnd version apprentice { personId } } } }"""


def api(server: Writable, role: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    with server.client(role) as client:
        body = gql(client, query, variables)
    assert "errors" not in body, body
    return body["data"]


def audit(server: Writable, key: str, operation: str) -> list[dict[str, Any]]:
    return api(server, "admin", AUDIT, {"key": key, "op": operation})["auditLog"]["entries"]


def opened(browser: Browser, server: Writable, role: str) -> Tab:
    tab = new_tab(browser, server.server.url)
    if role in TOKENS:
        sign_in(tab, TOKENS[role])
    return tab


def closed(tab: Tab) -> None:
    tab.page.context.close()
    assert not tab.errors, f"script errors on the page: {tab.errors}"
    assert not tab.outside_requests(), f"the page asked another host: {tab.outside_requests()}"


@pytest.fixture
def hr_tab(browser: Browser, writable: Writable) -> Iterator[Tab]:
    tab = opened(browser, writable, "hr")
    yield tab
    closed(tab)


@pytest.fixture
def signed_pair(writable: Writable) -> tuple[str, str, str]:
    """A new 在带 mentorship between two people who had none: (agreementId, master, apprentice)."""
    master, apprentice = loners(writable)
    agreement = fresh("E")
    with writable.client("hr") as hr:
        assert sign(hr, master, apprentice, agreement)["userErrors"] == []
    return agreement, master, apprentice


def person_page(tab: Tab, person_id: str) -> Page:
    page = tab.open(f"/person/{person_id}")
    page.wait_for_selector("#record-form")
    return page


def complete_in_form(page: Page, agreement: str, end: str, result: str) -> None:
    page.select_option("#record-event", "complete")
    page.select_option("#record-agreementId", agreement)
    page.fill("#record-end", end)
    page.select_option("#record-result", result)
    page.click("#record-form button[type=submit]")


def status_cell(page: Page, agreement: str) -> str:
    return page.locator("tr", has_text=agreement).locator(".status").inner_text()


def test_hr_records_a_completion_on_the_apprentices_page(hr_tab: Tab, writable: Writable, signed_pair) -> None:
    agreement, master, apprentice = signed_pair
    before = next(m for m in api(writable, "hr", AGREEMENTS, {"id": apprentice})["person"]["masters"]
                  if m["agreementId"] == agreement)
    page = person_page(hr_tab, apprentice)
    assert status_cell(page, agreement) == "在带"

    complete_in_form(page, agreement, "2025-12-31", "优秀")
    page.wait_for_selector("#record-form .notice")
    assert "出师" in page.inner_text("#record-form .notice")
    assert status_cell(page, agreement) == "已出师"  # the page read its data again

    stored = next(m for m in api(writable, "hr", AGREEMENTS, {"id": apprentice})["person"]["masters"]
                  if m["agreementId"] == agreement)
    assert (stored["status"], stored["result"], stored["end"]) == ("已出师", "优秀", "2025-12-31")
    assert stored["version"] == before["version"] + 1
    [entry] = audit(writable, agreement, "completeMentorship")
    assert (entry["role"], entry["label"]) == ("hr", LABELS["hr"])
    assert sorted(entry["people"]) == sorted([master, apprentice])
    changed = {c["property"]: (json.loads(c["old"] or "null"), json.loads(c["new"] or "null")) for c in entry["changes"]}
    assert changed["status"] == ("在带", "已出师") and changed["result"][1] == "优秀"
    page.select_option("#record-event", "complete")  # the reloaded form knows no 在带 agreement is left to complete
    assert "没有在带的师带徒协议" in page.inner_text("#record-form")
    expect(page.locator("#record-form button[type=submit]")).to_be_disabled()  # waits out a redraw still in flight


def test_hr_signs_on_the_masters_page_and_a_refusal_names_the_field_and_writes_nothing(hr_tab: Tab, writable: Writable) -> None:
    master, apprentice = loners(writable)
    agreement = fresh("F")
    page = person_page(hr_tab, master)
    page.select_option("#record-event", "sign")
    page.fill("#record-agreementId", agreement)
    page.fill("#record-apprenticeId", apprentice)
    page.fill("#record-start", "2025-03-01")
    page.fill("#record-plannedEnd", "2024-03-01")  # before the start: refused
    page.click("#record-form button[type=submit]")
    refused = page.locator("#record-form .user-errors li")
    refused.first.wait_for()
    assert refused.first.inner_text().startswith("计划出师日期：不符合规则")
    assert audit(writable, agreement, "signMentorship") == []

    page.fill("#record-plannedEnd", "2028-03-01")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#record-form .notice")
    assert status_cell(page, agreement) == "在带"
    masters = api(writable, "hr", AGREEMENTS, {"id": apprentice})["person"]["masters"]
    assert [(m["agreementId"], m["master"]["personId"], m["status"]) for m in masters] == [(agreement, master, "在带")]
    [entry] = audit(writable, agreement, "signMentorship")
    assert entry["label"] == LABELS["hr"]


def test_hr_grants_an_honour_and_the_page_lists_it(hr_tab: Tab, writable: Writable) -> None:
    someone = loners(writable, 1)[0]
    honor = fresh("H")
    page = person_page(hr_tab, someone)
    page.select_option("#record-event", "honor")
    page.fill("#record-honorId", honor)
    page.fill("#record-name", "全国五一劳动奖章")
    page.fill("#record-year", "2025")
    page.fill("#record-grantor", "中华全国总工会")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#record-form .notice")
    assert page.locator("tr", has_text="中华全国总工会").count() == 1
    honors = api(writable, "hr", "query($id: ID!) { person(id: $id) { honors { honorId name year grantor } } }",
                 {"id": someone})["person"]["honors"]
    assert {"honorId": honor, "name": "全国五一劳动奖章", "year": 2025, "grantor": "中华全国总工会"} in honors
    [entry] = audit(writable, honor, "grantHonor")
    assert someone in entry["people"]


STUDIO = """query($id: ID!) { studio(id: $id) { members { role member { personId } }
  achievements { achievementId title type studio { studioId } contributors { rank contributor { personId } } } } }"""


def test_admin_adds_a_studio_member_and_records_an_achievement_and_hr_gets_no_studio_form(
        browser: Browser, writable: Writable) -> None:
    studio = api(writable, "admin", "{ studios(first: 1) { nodes { studioId } } }")["studios"]["nodes"][0]["studioId"]
    first, second = loners(writable)
    achievement = fresh("A")
    tab = opened(browser, writable, "admin")
    page = tab.open(f"/studio/{studio}")
    page.wait_for_selector("#record-form")
    page.select_option("#record-event", "join")
    page.fill("#record-memberId", first)
    page.fill("#record-role", "成员")
    page.fill("#record-since", "2025-05-01")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#record-form .notice")
    assert page.locator(f'a[href="/person/{first}"]').count() >= 1  # the page lists its new member
    assert (audit(writable, studio, "changeStudioMembers")[0]["changes"])

    page.select_option("#record-event", "achievement")
    page.fill("#record-achievementId", achievement)
    page.fill("#record-title", "焊缝在线检测装置")
    page.select_option("#record-type", "技术革新")
    page.fill("#record-year", "2025")
    page.fill("#record-contributors", f"{first}，{second}")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#record-form .notice")
    assert page.locator(f'a[href="/achievement/{achievement}"]').count() == 1

    stored = api(writable, "admin", STUDIO, {"id": studio})["studio"]
    assert {"role": "成员", "member": {"personId": first}} in stored["members"]
    [recorded] = [a for a in stored["achievements"] if a["achievementId"] == achievement]
    assert (recorded["title"], recorded["type"]) == ("焊缝在线检测装置", "技术革新")
    assert sorted((c["rank"], c["contributor"]["personId"]) for c in recorded["contributors"]) == [(1, first), (2, second)]
    assert len(audit(writable, achievement, "recordAchievement")) == 1
    closed(tab)

    clerk = opened(browser, writable, "hr")
    clerk.open(f"/studio/{studio}").wait_for_selector("h1")
    clerk.page.wait_for_load_state("networkidle")
    assert clerk.page.locator("#record-form").count() == 0  # studios are admin's to record
    closed(clerk)


def test_admin_names_a_studio_on_its_hosts_page(browser: Browser, writable: Writable) -> None:
    org = api(writable, "admin", "{ organizations(first: 1) { nodes { orgId } } }")["organizations"]["nodes"][0]["orgId"]
    leader = loners(writable, 1)[0]
    studio = fresh("S")
    tab = opened(browser, writable, "admin")
    page = tab.open(f"/organization/{org}")
    page.wait_for_selector("#record-form")
    page.fill("#record-studioId", studio)
    page.fill("#record-name", "数控加工技能大师工作室")
    page.select_option("#record-level", "市级")
    page.fill("#record-namedYear", "2025")
    page.fill("#record-leaderId", leader)
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#record-form .notice")
    assert page.locator(f'a[href="/studio/{studio}"]').inner_text() == "数控加工技能大师工作室"
    stored = api(writable, "admin", "query($id: ID!) { studio(id: $id) { name level namedYear host { orgId } "
                                    "leader { leader { personId } } } }", {"id": studio})["studio"]
    assert stored == {"name": "数控加工技能大师工作室", "level": "市级", "namedYear": 2025, "host": {"orgId": org},
                      "leader": {"leader": {"personId": leader}}}
    assert len(audit(writable, studio, "nameStudio")) == 1
    closed(tab)


@pytest.mark.parametrize("role", ["planner", "public"])
def test_planners_and_the_public_are_offered_no_form(browser: Browser, writable: Writable, role: str) -> None:
    someone = loners(writable, 1)[0]
    tab = opened(browser, writable, role)
    page = tab.open(f"/person/{someone}")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('#page .loading')")
    if role == "planner":
        page.wait_for_selector("h1")
    assert page.locator("#record-form").count() == 0
    assert page.locator("#record-event").count() == 0
    closed(tab)


def test_an_open_page_updates_when_another_clerk_records_a_completion(hr_tab: Tab, browser: Browser, writable: Writable,
                                                                     signed_pair) -> None:
    agreement, _, apprentice = signed_pair
    watcher = person_page(hr_tab, apprentice)
    watcher.wait_for_function("() => window.explorer.watching()")
    watcher.wait_for_timeout(500)  # the server registers the subscription
    assert status_cell(watcher, agreement) == "在带"

    clerk = opened(browser, writable, "hr")
    complete_in_form(person_page(clerk, apprentice), agreement, "2025-11-30", "合格")
    clerk.page.wait_for_selector("#record-form .notice")
    closed(clerk)

    watcher.wait_for_function("a => [...document.querySelectorAll('tr')].some(r => r.innerText.includes(a) && "
                              "r.innerText.includes('已出师'))", arg=agreement)
    assert "页面已更新" in watcher.inner_text("#record-form .notice")
    assert len(audit(writable, agreement, "completeMentorship")) == 1


def test_a_clerks_own_change_pushed_back_is_not_announced_as_anothers(hr_tab: Tab, browser: Browser, writable: Writable,
                                                                      signed_pair) -> None:
    agreement, _, apprentice = signed_pair
    page = person_page(hr_tab, apprentice)
    page.wait_for_function("() => window.explorer.watching()")
    watcher = opened(browser, writable, "hr")  # a second tab: its notice says when the change has been pushed out
    other = person_page(watcher, apprentice)
    other.wait_for_function("() => window.explorer.watching()")
    page.wait_for_timeout(500)  # the server registers both subscriptions

    complete_in_form(page, agreement, "2025-12-31", "优秀")
    other.wait_for_function("() => (document.querySelector('#record-form .notice') || {}).innerText?.includes('页面已更新')")
    page.wait_for_timeout(300)  # the same push reaches this tab
    closed(watcher)
    assert "出师" in page.inner_text("#record-form .notice")
    assert "页面已更新" not in page.inner_text("#record-form .notice")
