"""Browser fixtures: a live server, one headless chromium per module, axe-core checks.

Playwright cannot download browsers here, so the tests drive the system chromium
(/usr/bin/chromium, or RUGGIE_CHROMIUM). Without it the tests are skipped locally and
fail in CI (env CI set), so a CI image without a browser cannot pass silently.

Helpers are fixtures that return functions:
  sign_in(page, email, password)  sign in through the real login form
  axe_check(page, name="")        fail on any WCAG 2.0/2.1 A+AA or 2.2 AA violation axe-core finds
  shot(page, name)                full-page screenshot to tests/browser/screenshots/<name>.png
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
AXE_JS = HERE / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0
SCREENSHOTS = HERE / "screenshots"  # gitignored
CHROMIUM = Path(os.environ.get("RUGGIE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-gpu", "--no-first-run", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium for the whole module: starting it costs about a second."""
    if not CHROMIUM.exists():
        reason = f"no chromium at {CHROMIUM}: install Debian's chromium or set RUGGIE_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread, so Django would refuse the
    # tests' ORM calls (creating users, flushing the database) as "async unsafe". The tests
    # are plain synchronous code: lift the guard while the browser is up, then restore it.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """new_page(**context_options): a page in a fresh context (own cookies) on the live server.

    Paths ("/register/") resolve against the live server. bypass_csp: the app sends
    script-src 'self', which would otherwise block injecting axe-core. The test fails
    if any page loaded a broken stylesheet or other resource: a page without its CSS
    still "works" but is not the page people see.
    """
    contexts: list[Any] = []
    broken: list[str] = []

    def check_response(response: Any) -> None:
        if (response.status >= 400 and response.url.startswith(live_server.url)
                and response.request.resource_type != "document"
                and not response.url.endswith("/favicon.ico")):
            broken.append(f"{response.status} {response.url}")

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("response", check_response)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    if broken:
        pytest.fail(f"pages loaded broken resources: {sorted(set(broken))}", pytrace=False)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A desktop-sized page (1280x720) in its own context."""
    return new_page()


def _sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in failed for {email}: still on {page.url}"


def _shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _axe_check(page: Any, name: str = "") -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = results["violations"]
    if not violations:
        return
    lines = [f"axe found {len(violations)} violation(s) on {name or page.url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            summary = (node.get("failureSummary") or "").strip().splitlines()[-1:]
            lines.append(f"    {json.dumps(node['target'])}: {' '.join(summary).strip()}")
    message = "\n".join(lines)
    print(message)
    pytest.fail(message, pytrace=False)


@pytest.fixture
def sign_in() -> Callable[[Any, str, str], None]:
    """sign_in(page, email, password): sign in through the login form, as a person would."""
    return _sign_in


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    """shot(page, name): full-page screenshot to tests/browser/screenshots/<name>.png."""
    return _shot


@pytest.fixture
def axe_check() -> Callable[..., None]:
    """axe_check(page, name=""): fail the test if axe-core finds WCAG A/AA violations."""
    return _axe_check
