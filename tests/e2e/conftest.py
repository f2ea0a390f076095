"""Browser tier: real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Run with ``pytest -m browser``; ``make test`` runs it too. The pages are served by
pytest-django's ``live_server`` (static files included), in a thread of this process.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test of this folder ``browser`` (before ``-m`` selects on it)."""
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def chromium():
    """Start headless Chromium for one test module, and stop it (and Playwright's event loop) after.

    While Playwright's sync API runs, its event loop counts as running in this thread:
    Django would refuse database access (DJANGO_ALLOW_ASYNC_UNSAFE allows it) and
    ``async_to_sync`` would fail. Both last only as long as this fixture, so the
    tests that pytest-xdist runs next in the same process see a normal thread.
    """
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _on_failed(self, request):
        # Cancelled by the page itself (a link followed while a suggestion request was in flight): not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.messages.append(f"failed: {request.url} {request.failure}")

    def _on_console(self, message):
        if message.type == "error":
            self.messages.append(f"console: {message.text}")

    def _on_response(self, response):
        if response.status >= 400:
            self.messages.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def browser_page(chromium, live_server):
    """Return a fresh page (own cookies) whose ``problems`` lists what went wrong; base URL is the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    yield page
    context.close()
