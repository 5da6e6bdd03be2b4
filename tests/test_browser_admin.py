"""Beheer in a real browser at desktop and phone size (issue 17): upload a small Markdown
document made here, watch its job end with "klaar" and what was new, edit its metadata and
see the new title in /documenten, remove it after the page that asks and see it gone from
search; a refused upload keeps the form; the year field follows the kind. Every page of
beheer has no axe-core violation and is no wider than the phone."""

from __future__ import annotations

import pytest
from helpers.browser import axe_violations, browser, log_in, page_width, server, shot, sized_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

WORDS = {"desktop": "zorbleflux", "telefoon": "quandrivel"}  # made-up words: only the uploaded document has one


def check(page, name: str) -> None:
    """No axe violation, no sideways scrolling on the phone, and a screenshot to look at."""
    assert axe_violations(page) == [], (name, page.url)
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, (name, page_width(page))
    shot(page, f"admin-{name}-{page.size_name}", full_page=True)


def wait_for_job(page) -> str:
    """The job page (it reloads itself) once the job has ended; its state line."""
    page.wait_for_url("**/beheer/taak/**")
    for _ in range(600):
        if page.locator(".job-state[data-running=nee]").count():
            return page.locator(".job-state").inner_text().strip()
        page.wait_for_timeout(250)
    raise AssertionError(page.content()[-1500:])


def search_titles(page, base: str, word: str) -> list[str]:
    return [h["document_title"] for h in page.request.get(f"{base}/api/search?q={word}").json()["hits"]]


def test_upload_edit_and_remove_a_document(server, sized_page):
    base, docs, _ = server
    page, size = sized_page, sized_page.size_name
    word, title = WORDS[size], f"Browserproef {size}"
    slug = f"browserproef-{size}"
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    log_in(page, base, "beheer")
    page.goto(base + "/beheer")
    assert page.locator("select[name=soort]").input_value() == ""  # no default kind
    check(page, "beheer")

    # the year field follows the kind
    page.select_option("select[name=soort]", "jaarplan")
    assert page.locator(".year-field .year-label").inner_text() == "Planjaar"
    page.select_option("select[name=soort]", "plan")
    assert page.locator(".period-field").is_visible() and not page.locator(".year-field").is_visible()
    page.select_option("select[name=soort]", "jaarverslag")
    assert page.locator(".year-field .year-label").inner_text() == "Verslagjaar" and page.locator(".year-field").is_visible()

    # a refused upload keeps what was typed, the reason beside the form
    page.set_input_files("input[name=bestand]", {"name": "programma.exe", "mimeType": "application/octet-stream",
                                                 "buffer": b"MZ\x90\x00"})
    page.fill("input[name=titel]", title)
    page.fill("input[name=eenheid]", "Eenheid Rotterdam")
    page.fill("input[name=jaar]", "2021")
    page.click("#toevoegen button")
    page.wait_for_load_state()
    assert "wordt niet ondersteund" in page.locator("#toevoegen [role=alert]").inner_text()
    assert page.input_value("input[name=titel]") == title and page.input_value("select[name=soort]") == "jaarverslag"
    assert page.input_value("input[name=jaar]") == "2021"
    check(page, "beheer-geweigerd")

    text = f"# {title}\n\n## Ondermijning\n\nIn 2021 kwam het {word} vier keer bijeen over ondermijning.\n"
    page.set_input_files("input[name=bestand]", {"name": "proef.md", "mimeType": "text/markdown",
                                                 "buffer": text.encode("utf-8")})
    page.click("#toevoegen button")
    state = wait_for_job(page)
    assert state == "klaar", state
    assert "1 nieuw" in page.locator(".job-counts").inner_text()
    assert f"{slug}.md" in page.locator("#nieuw").inner_text()
    check(page, "taak")
    assert title in search_titles(page, base, word)

    # edit: a new title, then /documenten shows it
    page.goto(f"{base}/beheer/documenten/{slug}")
    assert page.input_value("input[name=titel]") == title
    check(page, "bewerken")
    page.fill("input[name=titel]", f"{title} herzien")
    page.select_option("select[name=soort]", "evaluatie")
    page.click("form.document-fields button")
    assert wait_for_job(page) == "klaar"
    assert f"{slug}.md" in page.locator("#gewijzigd").inner_text()
    page.goto(base + "/documenten")
    assert page.get_by_role("link", name=f"{title} herzien", exact=True).count() == 1

    # remove: a page that asks first, then gone from search
    page.goto(base + "/beheer")
    page.locator(f"a[href='/beheer/documenten/{slug}/verwijderen']").click()
    page.wait_for_url(f"**/beheer/documenten/{slug}/verwijderen")
    assert (docs / f"{slug}.md").exists()
    check(page, "verwijderen")
    page.get_by_role("button", name="Ja, verwijder dit document").click()
    assert wait_for_job(page) == "klaar"
    assert slug in page.locator("#verwijderd").inner_text()
    assert not (docs / f"{slug}.md").exists()
    assert search_titles(page, base, word) == []
    page.goto(f"{base}/zoeken?q={word}")
    assert f"{title} herzien" not in page.locator("main").inner_text()
    assert not failed and not page.errors, (failed, page.errors)


def test_removing_a_user_asks_first(server, sized_page):
    base, _, _ = server
    page = sized_page
    log_in(page, base, "beheer")
    page.goto(base + "/beheer")
    page.locator("a[href='/beheer/gebruikers/lezer/verwijderen']").click()
    page.wait_for_url("**/beheer/gebruikers/lezer/verwijderen")
    assert page.get_by_role("button", name="Ja, verwijder deze gebruiker").count() == 1
    check(page, "gebruiker-verwijderen")
    page.get_by_role("link", name="Nee, terug naar beheer").click()
    page.wait_for_url("**/beheer#gebruikers")
    assert page.locator("a[href='/beheer/gebruikers/lezer/verwijderen']").count() == 1  # still there
    assert not page.errors, page.errors
