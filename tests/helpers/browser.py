"""What every browser test shares: the app served by gunicorn over a copy of the session's
corpus, Debian's Chromium driven by Playwright, a page at desktop or phone size, screenshots
for a person to look at, and axe-core's verdict on a page.

A test module imports the fixtures it uses (`from helpers.browser import server, browser,
page, phone`), so each module gets its own server and its own data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.servers import gunicorn
from helpers.websetup import PASSWORD, build_site

ROOT = Path(__file__).resolve().parent.parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus):
    docs, data = build_site(tmp_path_factory.mktemp("e2e"), corpus.data_dir)
    proc, port = gunicorn(data, "--workers", "2", "--threads", "4", docs=docs, secret="e2e-test")
    base = f"http://127.0.0.1:{port}"
    yield base, docs, data
    proc.terminate()
    proc.communicate(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: `make test` installeert Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


def new_page(browser, viewport: dict):
    """A fresh context at `viewport`; page.errors collects script errors and console errors."""
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors
    return pg


@pytest.fixture
def page(browser):
    pg = new_page(browser, DESKTOP)
    yield pg
    pg.context.close()


@pytest.fixture
def phone(browser):
    pg = new_page(browser, PHONE)
    yield pg
    pg.context.close()


@pytest.fixture(params=["desktop", "telefoon"])
def sized_page(request, browser):
    """The same test at both sizes; page.size_name is 'desktop' or 'telefoon'."""
    pg = new_page(browser, DESKTOP if request.param == "desktop" else PHONE)
    pg.size_name = request.param
    yield pg
    pg.context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def log_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    page.goto(base + "/inloggen")
    page.fill("input[name=naam]", name)
    page.fill("input[name=wachtwoord]", password)
    page.click("form.grid-form button")
    page.wait_for_load_state()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line per rule and node
    (axe-playwright-python ships axe-core itself: nothing is fetched)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for v in results.response["violations"]:
        for node in v["nodes"]:
            lines.append(f"{v['id']}: {' '.join(node['target'])}: {node.get('failureSummary', '')[:160]}")
    return lines


def page_width(page) -> int:
    """How wide the page really is (a page wider than the viewport scrolls sideways)."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
