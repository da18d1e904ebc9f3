"""Driving the explorer in Debian's headless Chromium with Playwright (no browser download, no mocks)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is missing: `bash bin/setup` installs Debian's chromium package")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for a test module. Not for the session: Playwright's sync API keeps an event loop
    running in this thread while it is open, and other modules' tests call asyncio.run()."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@dataclass
class Tab:
    """A page of the explorer on one server, recording the hosts it asked and the script errors it raised."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page

    def option(self, chart: str) -> dict[str, Any]:
        """The ECharts option a named chart on the page draws, once it is drawn."""
        self.page.wait_for_function("name => window.explorer && window.explorer.drawnOption(name)", arg=chart)
        return self.page.evaluate("name => window.explorer.drawnOption(name)", chart)

    def shot(self, folder: Path, name: str) -> Path:
        self.page.wait_for_load_state("networkidle")
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.base, "data:", "blob:"))]


def new_tab(browser: Browser, base: str, viewport: dict[str, int] = DESKTOP) -> Tab:
    context = browser.new_context(viewport=viewport, accept_downloads=True, locale="zh-CN")
    tab = Tab(context.new_page(), base)
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.page.set_default_timeout(20_000)
    return tab


def sign_in(tab: Tab, token: str) -> None:
    """Sign in as a user would: paste the token on the sign-in page."""
    page = tab.open("/signin")
    page.fill("#token", token)
    page.click("form button[type=submit]")
    page.wait_for_url("**/search")
    page.wait_for_selector(".who .role")
