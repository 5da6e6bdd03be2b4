"""End to end, as a person would: the app served by gunicorn on 127.0.0.1, driven by a
real headless Chromium (Debian's, through Playwright). Screenshots of the main pages go
to test-output/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import re
import urllib.request

import pytest
from click.testing import CliRunner
from helpers.browser import browser, page, server, shot  # noqa: F401 (fixtures)
from helpers.paths import aid
from helpers.websetup import PASSWORD, XSS_DOC

pytestmark = pytest.mark.slow


def test_search_inbraak_then_reader_shows_the_highlight(server, page):
    base, _, _ = server
    page.goto(base + "/")
    shot(page, "01-home")
    page.fill("#q", "inbraak")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=inbraak*")
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").first.inner_text().lower().startswith(("inbra", "woninginbra"))
    shot(page, "02-zoeken")
    page.locator(".hit-title").first.click()
    page.wait_for_url("**/documenten/**")
    target = page.evaluate("location.hash").lstrip("#")
    section = page.locator(f"[id='{target}']")
    assert section.count() == 1 and section.locator("mark").count() >= 1
    assert section.is_visible()
    shot(page, "03-lezer")
    assert not page.errors, page.errors


def test_filter_by_theme(server, page):
    base, _, _ = server
    page.goto(base + "/zoeken?q=politie")
    total = int(page.locator(".total").inner_text().split()[0])
    page.locator(".facets a.facet[data-value=cybercrime]").click()
    page.wait_for_url("**thema=cybercrime*")
    narrowed = int(page.locator(".total").inner_text().split()[0])
    assert 0 < narrowed < total
    assert page.locator(".facet.on").count() == 1
    assert all("cybercrime" in t.lower() for t in page.locator(".hit .meta").all_inner_texts())


def test_auditor_confirms_a_link_that_survives_reingest(server, page):
    base, docs, data = server
    page.goto(base + "/ambities")
    shot(page, "04-ambities")
    page.goto(base + "/ambities/" + aid("ondermijning-4d"))
    assert page.locator("form.decide").count() == 0  # not logged in: no decision buttons
    page.click("text=Log in als auditor")
    page.fill("input[name=naam]", "auditor")
    page.fill("input[name=wachtwoord]", PASSWORD)
    page.click("form.grid-form button")
    page.wait_for_url("**/ambities/" + aid("ondermijning-4d"))
    item = page.locator(".progress-item", has_text="Er is een leerdossier opgesteld").first
    item.locator("input[name=notitie]").fill("leerdossier telt mee")
    item.locator("button[value=bevestig]").click()
    page.wait_for_url("**/ambities/" + aid("ondermijning-4d") + "#k-*")
    # what the confirmation made of the cell is said with it (it adopts what the paragraph says)
    assert re.fullmatch(r"Koppeling bevestigd\. Status 2020 nu: [a-z ]+\.", page.locator(".flash.ok").inner_text())
    assert page.locator(".decision.bevestigd").first.inner_text().startswith("bevestigd door auditor")
    shot(page, "05-ambitie")

    from kb.cli import main
    r = CliRunner().invoke(main, ["ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)])
    assert r.exit_code == 0, r.output
    page.reload()
    confirmed = page.locator(".progress-item", has=page.locator(".decision.bevestigd"))
    assert confirmed.count() == 1 and "Er is een leerdossier opgesteld" in confirmed.inner_text()
    assert page.locator(".year-card .badge.confirmed").count() == 1


def test_markup_in_query_and_document_stays_text(server, page):
    base, _, _ = server
    page.goto(base + "/zoeken?q=" + urllib.request.quote('<img src=x onerror="window.__pwned=3"> inbraak'))
    page.goto(base + f"/documenten/{XSS_DOC}")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator("article").inner_text()
    assert page.locator("article script, article img").count() == 0
    shot(page, "06-xss-proef")


def test_keyboard_reaches_search_box_and_results(server, page):
    base, _, _ = server
    page.goto(base + "/ambities")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"  # skip link first
    page.goto(base + "/zoeken")  # the search box has focus on arrival; else Tab gets there
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("ondermijning")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=ondermijning*")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hit-title')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('hit-title')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/documenten/**")


def test_screens_kpi_overview_learning_admin(server, page):
    base, _, _ = server
    page.goto(base + "/kpi")
    assert page.locator("svg.chart").count() >= 5
    shot(page, "07-kpi")
    page.goto(base + "/overzicht")
    shot(page, "08-overzicht")
    page.goto(base + "/leerdossiers")
    assert page.locator(".hit").count() > 0
    shot(page, "09-leerdossiers")
    page.goto(base + "/inloggen")
    page.fill("input[name=naam]", "beheer")
    page.fill("input[name=wachtwoord]", PASSWORD)
    page.click("form.grid-form button")
    page.goto(base + "/beheer")
    shot(page, "10-beheer")
    page.click("form[action='/beheer/inlezen'] button")  # the progress page reloads itself, from either worker
    for _ in range(100):
        if page.locator(".job-state[data-running=nee]").count():
            break
        page.wait_for_timeout(200)
    assert "klaar" in page.locator(".job-state").inner_text(), page.content()[-1500:]
    shot(page, "11-inlezen")
    page.goto(base + "/zoeken")
    page.locator("#q").press_sequentially("ondermijn")
    for _ in range(50):  # suggestions arrive from /api/suggest as you type (no eval: the CSP forbids it)
        if page.evaluate("document.querySelectorAll('#suggesties option').length"):
            break
        page.wait_for_timeout(100)
    options = page.evaluate("Array.from(document.querySelectorAll('#suggesties option')).map(o => o.value)")
    assert options and all("ondermijn" in o.lower() for o in options), options
    assert not page.errors, page.errors
