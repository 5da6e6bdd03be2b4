"""The auditor's work end to end in Chromium against gunicorn, at desktop and phone size:
log in (through a wrong password, landing where one was going), set a status with a reason
and find it in the matrix and in the XLSX download, link a paragraph to another ambition in
one dialog of the picker with the keyboard only, and a search hit the same way; axe-core finds nothing on /ambities, the
ambition page and /inloggen, and on a phone no page is wider than the screen."""

from __future__ import annotations

import io

import pytest
from helpers.browser import (  # noqa: F401 (fixtures)
    axe_violations,
    browser,
    page_width,
    server,
    shot,
    sized_page,
)
from helpers.paths import aid
from helpers.websetup import PASSWORD
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

# one cell per size: the module's server (and its data) is shared by both
STATUS = {"desktop": (aid("ondermijning-4e"), "vertraagd"), "telefoon": (aid("ondermijning-4c"), "niet gerealiseerd")}
PICK = {"desktop": ("cybercrime 9", aid("cybercrime-9")), "telefoon": ("cybercrime 8", aid("cybercrime-8"))}


def check_page(page, name: str) -> None:
    assert axe_violations(page) == [], name
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, name
    shot(page, f"auditor-{name}-{page.size_name}")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def log_in_from(page, base: str, path: str) -> None:
    """From `path`, through the login link, a wrong password first: back on `path` after."""
    page.goto(base + path)
    page.locator("a", has_text="Log in als auditor").click()
    page.wait_for_url("**/inloggen?next=**")
    check_page(page, "inloggen")
    page.fill("input[name=naam]", "auditor")
    page.fill("input[name=wachtwoord]", "fout-wachtwoord")
    page.click("form.grid-form button")
    assert page.locator(".flash.error").is_visible()
    check_page(page, "inloggen-fout")
    assert page.errors == ["Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"]
    page.errors.clear()  # the wrong password's 401, as meant; nothing else may go wrong
    page.fill("input[name=naam]", "auditor")
    page.fill("input[name=wachtwoord]", PASSWORD)
    page.click("form.grid-form button")
    page.wait_for_url(f"**{path}")


def test_auditor_sets_a_status_and_finds_it_in_matrix_and_export(server, sized_page):
    base, _, _ = server
    page = sized_page
    ambition, status = STATUS[page.size_name]
    reason = f"Gelezen in het jaarverslag ({page.size_name}), p. 12"
    page.goto(base + "/ambities")
    check_page(page, "ambities")
    page.goto(base + f"/ambities/{ambition}")
    check_page(page, "ambitie")
    log_in_from(page, base, f"/ambities/{ambition}")
    check_page(page, "ambitie-auditor")

    card = page.locator("#jaar-2020")
    card.locator("summary", has_text="Status vaststellen").click()
    card.locator("select[name=status]").select_option(status)
    card.locator("textarea[name=reden]").fill(reason)
    check_page(page, "status-formulier")  # the form open
    card.locator("button", has_text="Stel status vast").click()
    page.wait_for_url("**#jaar-2020")
    message = "#jaar-2020 .flash.here"
    assert page.locator(message).inner_text() == f"Status 2020 vastgesteld: {status}."
    assert in_view(page, message)  # where the auditor is, not at the top of the page
    assert reason in card.inner_text() and "Vastgesteld door auditor" in card.inner_text()
    check_page(page, "status-vastgesteld")

    page.goto(base + "/ambities?thema=ondermijning")
    row = page.locator("tr", has=page.locator(f"a[href='/ambities/{ambition}']").first)
    assert status in row.inner_text() and row.locator(".override-mark").count() == 1
    check_page(page, "matrix-vastgesteld")
    with page.expect_download() as download:
        page.locator(".exports a", has_text="XLSX").click()
    ws = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    found = [dict(zip(rows[0], r)) for r in rows[1:] if r[0] == ambition]
    assert len(found) == 1 and found[0]["status"] == status and found[0]["reden status"] == reason
    assert found[0]["status vastgesteld door"] == "auditor" and found[0]["adres"].endswith(f"/ambities/{ambition}")
    assert not page.errors, page.errors


def test_link_a_paragraph_to_an_ambition_in_one_dialog_by_keyboard(server, sized_page):
    base, _, _ = server
    page = sized_page
    query, target = PICK[page.size_name]
    source = aid("ondermijning-4d")
    log_in_from(page, base, f"/ambities/{source}")
    item = page.locator("ol.progress > li.progress-item").first
    section = item.locator("input[name=sectie]").get_attribute("value")
    button = item.locator("button.link-picker-open")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.link-picker-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "link-picker-q"  # typing goes to the search at once
    page.keyboard.type(query, delay=20)
    expect(dialog.locator(".link-picker-results .pick-label").first).to_have_text(query.capitalize())
    check_page(page, "koppel-dialoog")
    page.keyboard.press("Tab")  # to the note
    page.keyboard.type("gevonden via de kiezer")
    page.keyboard.press("Tab")  # to the first ambition found
    assert page.evaluate("document.activeElement.dataset.id") == target
    page.keyboard.press("Enter")
    status = dialog.locator(".link-picker-status")
    status.locator("a").wait_for()
    assert status.inner_text().startswith("Gekoppeld aan ")
    shot(page, f"auditor-koppel-gedaan-{page.size_name}")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('link-picker-open')")  # focus back where it was

    answer = page.request.get(base + f"/api/ambitions/{target}").json()
    linked = [p for p in answer["progress"] if p["section_id"] == section]
    assert linked and linked[0]["decision"]["action"] == "toegevoegd"
    assert linked[0]["decision"]["note"] == "gevonden via de kiezer" and linked[0]["decision"]["author"] == "auditor"

    # a rejected link sinks into the closed list at the bottom; the page comes back at it, opened
    item = page.locator("ol.progress > li.progress-item").nth(1)
    rejected = item.get_attribute("id")
    item.locator("button[value=wijs-af]").click()
    page.wait_for_url(f"**#{rejected}")
    assert page.locator("details.rejected-links[open]").locator(f"[id='{rejected}']").count() == 1
    assert in_view(page, f"[id='{rejected}'] .flash.here")
    check_page(page, "afgewezen")
    assert not page.errors, page.errors


HIT_PICK = {"desktop": ("verdachtendossiers", "cybercrime 6", aid("cybercrime-6")),
            "telefoon": ("leerdossier", "cybercrime 11", aid("cybercrime-11"))}


def test_link_a_search_hit_to_an_ambition_in_one_dialog(server, sized_page):
    """From the search results, not the ambition page: the hit's own "Koppel aan ambitie…"."""
    from helpers.browser import log_in

    base, _, _ = server
    page = sized_page
    words, query, target = HIT_PICK[page.size_name]
    log_in(page, base, "auditor")
    page.goto(base + f"/zoeken?q={words}")
    hit = page.locator(".hit").first
    section = hit.locator("code.section-id").inner_text()
    hit.locator("button.link-picker-open").click()
    dialog = page.locator("dialog.link-picker-dialog")
    assert dialog.is_visible()
    page.keyboard.type(query, delay=20)
    expect(dialog.locator(".link-picker-results .pick-label").first).to_have_text(query.capitalize())
    check_page(page, "zoeken-koppel-dialoog")
    dialog.locator(".link-picker-results button, .link-picker-results [data-id]").first.click()
    dialog.locator(".link-picker-status a").wait_for()
    answer = page.request.get(base + f"/api/ambitions/{target}").json()
    linked = [p for p in answer["progress"] if p["section_id"] == section]
    assert linked and linked[0]["decision"]["action"] == "toegevoegd" and linked[0]["decision"]["author"] == "auditor"
    assert not page.errors, page.errors
