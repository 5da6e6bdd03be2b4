"""The knowledge page as an officer reaches it, in a real Chromium against gunicorn at desktop
and phone size: search, follow the knowledge link beside a value of the theme facet, land on
/kennis/<theme> with all its parts, go on to one of its phenomena; axe-core on every page and
no sideways scrolling on the phone."""

from __future__ import annotations

import json
import urllib.request

import pytest
from helpers.browser import axe_violations, browser, page_width, server, shot, sized_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

PARTS = ("leerdossiers", "ambities", "voortgang", "kpis", "zoekresultaten")


def check(page, name: str) -> None:
    """No axe-core violations, no sideways scrolling on a phone, and a screenshot."""
    assert axe_violations(page) == [], name
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, name
    shot(page, f"kennis-{name}-{page.size_name}")


def twin(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path + ".json", timeout=30) as answer:
        return json.load(answer)


def test_from_the_theme_facet_to_the_knowledge_page(server, sized_page):
    base, _, _ = server
    page = sized_page
    phone = page.size_name == "telefoon"
    page.goto(base + "/zoeken?q=hennep")
    if phone:  # a phone folds the filters behind "Filters"
        page.locator("details.filters > summary").click()
    link = page.locator("ul[aria-labelledby=facet-thema] a.facet-knowledge[href='/kennis/ondermijning']")
    assert link.get_attribute("aria-label") == "kennispagina Ondermijning"
    link.click()
    page.wait_for_url("**/kennis/ondermijning")
    assert page.locator("h1").inner_text().startswith("Ondermijning")
    for part in PARTS:
        assert page.locator(f"section#{part} h2").is_visible(), part
    context = twin(base, "/kennis/ondermijning")
    assert page.locator("#leerdossiers .dossier").count() == len(context["leerdossiers"])
    assert page.locator("#ambities li").count() == len(context["ambitions"]) > 0
    assert page.locator("#voortgang .hit").count() == len(context["progress"]) > 0
    assert page.locator("#kpis .knowledge-kpis li").count() == len(context["kpis"]) > 0
    assert page.locator("#zoekresultaten .hit").count() == len(context["hits"]["items"]) > 0
    assert page.locator("nav a[aria-current=page]", has_text="Kennis").count() >= 1
    check(page, "thema")

    phenomenon = page.locator(".knowledge-phenomena a").first
    slug = phenomenon.get_attribute("href").rsplit("/", 1)[1]
    phenomenon.click()
    page.wait_for_url(f"**/kennis/{slug}")
    assert page.locator(".crumbs a[href='/kennis/ondermijning']").count() == 1
    for part in PARTS:
        assert page.locator(f"section#{part} h2").is_visible(), part
    check(page, "fenomeen")
    assert not page.errors, page.errors


def test_the_index_and_a_missing_page(server, sized_page):
    base, _, _ = server
    page = sized_page
    page.goto(base + "/kennis")
    assert page.locator("h1").inner_text() == "Kennis per thema en fenomeen"
    assert page.locator("a[href='/kennis/hennepteelt']").count() == 1
    check(page, "index")
    answer = page.goto(base + "/kennis/fietsendiefstal")
    assert answer.status == 404
    assert "geen kennispagina" in page.locator("main").inner_text()
    check(page, "onbekend")
