"""Saved searches end to end (issue 17), at desktop and phone size: log in, search, save the
search under a name, a new report is ingested, the list says how many hits are new, the
saved search marks the new report's hits (and no others), and its Atom feed has them first;
axe-core finds nothing on these pages and nothing is wider than the phone."""

from __future__ import annotations

import urllib.error
import urllib.request
from xml.etree import ElementTree as ET

import pytest
from helpers.browser import (axe_violations, browser, log_in, page_width, server, shot,  # noqa: F401 (fixtures)
                             sized_page)

from kb.library import Library

pytestmark = pytest.mark.slow

A = "{http://www.w3.org/2005/Atom}"


def add_report(docs, doc_id: str, title: str) -> None:
    """A new report with one paragraph about burglary, beside its metadata (as an upload puts it)."""
    (docs / f"{doc_id}.md").write_text(
        "# Verslag (TESTDATA)\n\n## Woninginbraak in de wijk\n\n"
        "Het aantal woninginbraken daalde in 2021 dankzij de wijkaanpak van inbraak en buurtpreventie.\n",
        encoding="utf-8")
    (docs / f"{doc_id}.meta.toml").write_text(
        f'title = "{title}"\nkind = "overig"\nunit = "Testeenheid"\nyear = 2021\n', encoding="utf-8")


def check_page(page, name: str) -> None:
    """No axe violations, not wider than a phone, no script errors; a screenshot to look at."""
    assert axe_violations(page) == [], name
    if page.size_name == "telefoon":
        assert page_width(page) <= 390, name
    shot(page, f"saved-{name}-{page.size_name}", full_page=True)


def test_save_a_search_then_a_new_report_is_marked_and_in_the_feed(server, sized_page):
    base, docs, data = server
    page = sized_page
    size = page.size_name
    doc_id, title = f"testdata-saved-{size}", f"Nieuw verslag {size} (testdata)"
    name = f"Inbraak volgen ({size})"
    log_in(page, base, "lezer")

    page.goto(base + "/zoeken")
    page.fill("#q", "inbraak")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?q=inbraak*")
    before = page.locator(".hit").count()
    assert before > 0
    page.locator("details.save-search summary").click()
    page.fill("#bewaar-naam", name)
    check_page(page, "zoeken")
    page.locator("details.save-search button[type=submit]").click()
    page.wait_for_url("**/zoekopdrachten#zoekopdracht-*")
    assert f"Zoekopdracht '{name}' bewaard" in page.locator(".flash.ok").inner_text()
    item = page.locator(".saved-item", has_text=name)
    assert item.count() == 1 and item.locator(".badge.new").count() == 0  # nothing new yet
    assert "niets nieuw" in item.inner_text()

    add_report(docs, doc_id, title)
    result = Library(data, documents_dir=docs).ingest([docs])
    assert not result.failures, result.failures
    page.reload()
    item = page.locator(".saved-item", has_text=name)
    assert item.locator(".badge.new").inner_text() in ("1 nieuwe treffer", "2 nieuwe treffers")
    item.locator("details.saved-manage summary").click()
    feed_url = item.locator("input.feed-url").input_value()
    check_page(page, "lijst")

    item.locator("h2 a").click()
    page.wait_for_url("**/zoekopdrachten/*?bezoek=*")
    assert page.locator("h1").inner_text() == name
    new_hits = page.locator(".saved-new .hit")
    assert new_hits.count() >= 1
    assert all(title in t for t in new_hits.locator(".doc-line").all_inner_texts())
    marked = page.locator(".results .hit.is-new")
    assert marked.count() >= 1 and all(title in t for t in marked.locator(".doc-line").all_inner_texts())
    assert all(b == "nieuw" for b in marked.locator(".badge.new").all_inner_texts())
    old = page.locator(".results .hit:not(.is-new)")
    assert old.count() >= 1 and old.locator(".badge.new").count() == 0
    assert not any(title in t for t in old.locator(".doc-line").all_inner_texts())
    check_page(page, "zoekopdracht")
    page.reload()  # the same visit: still marked
    assert page.locator(".results .hit.is-new").count() == marked.count()

    page.goto(base + "/zoekopdrachten")  # seen now
    assert page.locator(".saved-item", has_text=name).locator(".badge.new").count() == 0

    with urllib.request.urlopen(feed_url, timeout=30) as r:  # a feed reader: no session, the token in the address
        assert r.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(r.read())
    entries = feed.findall(f"{A}entry")
    assert feed.find(f"{A}title").text == f"{name} · beleidsbank"
    assert entries and f"/documenten/{doc_id}?" in entries[0].find(f"{A}link").get("href")
    assert any(e.find(f"{A}title").text == f"Woninginbraak in de wijk · {title}" for e in entries)

    page.goto(base + "/zoekopdrachten")  # rename, then remove (after saying yes to the question)
    item = page.locator(".saved-item", has_text=name)
    item.locator("details.saved-manage summary").click()
    item.locator("input[name=naam]").fill(f"{name} hernoemd")
    item.locator("button", has_text="Hernoemen").click()
    page.wait_for_url("**/zoekopdrachten#zoekopdracht-*")
    assert f"hernoemd tot '{name} hernoemd'" in page.locator(".flash.ok").inner_text()
    item = page.locator(".saved-item", has_text=f"{name} hernoemd")
    item.locator("details.saved-manage summary").click()
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    item.locator("button", has_text="Verwijderen").click()
    assert questions and f"'{name} hernoemd' verwijderen?" in questions[0]
    assert page.locator(".saved-item", has_text=f"{name} hernoemd").count() == 1  # said no: still there
    page.once("dialog", lambda d: d.accept())
    item.locator("button", has_text="Verwijderen").click()
    page.wait_for_url("**/zoekopdrachten")
    assert page.locator(".saved-item", has_text=f"{name} hernoemd").count() == 0
    with pytest.raises(urllib.error.HTTPError) as gone:  # its feed is gone with it
        urllib.request.urlopen(feed_url, timeout=30)
    assert gone.value.code == 404
    assert not page.errors, page.errors
