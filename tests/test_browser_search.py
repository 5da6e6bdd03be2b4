"""Searching as an officer does, in a real Chromium against gunicorn, at desktop and phone
size (issue 17): search, filter by the document's year and by a year the section names,
open a hit and come back, keyboard route to the results, axe-core on every state."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.browser import axe_violations, browser, page_width, server, shot, sized_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def total(page) -> int:
    return int(page.locator(".total").inner_text().split()[0])


def check(page, name: str) -> None:
    """No axe-core violations, no sideways scrolling on a phone, and a screenshot."""
    assert axe_violations(page) == [], name
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, name
    shot(page, f"search-{name}-{page.size_name}")


def test_search_filter_open_a_hit_and_come_back(server, sized_page):
    base, _, _ = server
    page = sized_page
    phone = page.size_name == "telefoon"
    page.goto(base + "/")
    check(page, "home")
    page.keyboard.press("Tab")  # nothing has taken focus on arrival: the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.fill("#q", "ondermijning")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=ondermijning*")
    assert page.locator("h1").inner_text().startswith("Zoekresultaten voor")
    everything = total(page)
    first_hit = page.locator(".hit").first.bounding_box()
    assert first_hit["y"] < (844 if phone else 900) * 0.8  # the first hit shows without scrolling
    filters = page.locator("details.filters")
    assert filters.evaluate("d => d.open") is (not phone)  # a phone folds the filters behind "Filters"
    check(page, "resultaten")

    if phone:
        page.locator("details.filters > summary").click()
    page.locator("ul[aria-labelledby=facet-jaar] a.facet[data-value='2019']").click()  # the report is of 2020
    page.wait_for_url("**jaar=2019*")
    by_year = total(page)
    assert 0 < by_year < everything
    assert page.locator("ul[aria-labelledby=facet-jaar] a.facet[aria-current=true]").count() == 1
    if phone:
        page.locator("details.filters > summary").click()
    named = page.locator("ul[aria-labelledby=facet-noemt] a.facet").first
    year = named.get_attribute("data-value")
    named.click()
    page.wait_for_url(f"**noemt={year}*")
    assert 0 < total(page) <= by_year
    assert all(year in t for t in page.locator(".hit .meta").all_inner_texts())
    assert page.locator(".active-filters .chip").count() == 2
    check(page, "gefilterd")

    page.goto(page.url + "&page=2" if total(page) > 10 else page.url)
    searched = page.url
    page.locator(".hit-title").first.click()
    page.wait_for_url("**/documenten/**")
    back = parse_qs(urlsplit(page.url).query)["terug"][0]
    assert back == searched.removeprefix(base)  # the reader can return to this very page, filters and all
    assert not page.errors, page.errors


def test_keyboard_skips_to_the_results(server, sized_page):
    base, _, _ = server
    page = sized_page
    page.goto(base + "/zoeken?q=ondermijning")
    page.focus("#q")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Naar de resultaten":
            break
    assert page.evaluate("document.activeElement.textContent") == "Naar de resultaten"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('hit-title')")


def test_nothing_found_and_a_long_address(server, sized_page):
    base, _, _ = server
    page = sized_page
    page.goto(base + "/zoeken")
    assert page.locator("h1").inner_text() == "Zoeken"
    check(page, "leeg")
    page.goto(base + "/zoeken?q=woninginbraken&soort=leerdossier")
    assert page.locator(".no-results").is_visible()
    check(page, "niets")
    page.locator("text=dezelfde vraag zonder filters").click()
    page.wait_for_url("**/zoeken?q=woninginbraken")
    assert total(page) > 0
    page.goto(base + "/zoeken?q=ondermijning&page=9999")
    assert "pagina 9999" not in page.locator(".total").inner_text()
    check(page, "voorbij-de-laatste")
    try:  # through gunicorn itself: the app's Dutch page, not gunicorn's "URI Too Long"
        urllib.request.urlopen(base + "/zoeken?q=" + "%C3%A9" * 1200, timeout=10)
        status, text = 200, ""
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode()
    assert status == 414 and "te lang" in text and "URI Too Long" not in text
