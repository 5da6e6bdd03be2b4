"""A report that cites the plan's own number of a result ("2.3 — gehaald", "actie 1.2 loopt
door") reports on it, whatever its words (kb.trace.linking.cites): the paragraph is linked at
REFERENCE_SCORE, the link says which number, and its sentence is read for the status."""

from __future__ import annotations

import pytest

from kb.library import Library
from kb.trace.linking import REFERENCE_SCORE, cites, own_number

PLAN = """<html><body>
<h1>Teamplan Basisteam Wolderveen 2024-2026 (TESTDATA)</h1>
<h1>2 Opgave 1: Veilig wonen</h1>
<h2>Resultaten die we willen boeken</h2><ol style="list-style: none">
<li>1.1 In 2025 zijn ten minste 120 buurtpreventie-appgroepen aangesloten op het digitale netwerk van de gemeente.</li>
<li>1.2 Samen met de gemeente realiseren wij in 2025 cameratoezicht op het Stationsplein.</li>
<li>1.3 In 2025 bieden wij met de ondernemersvereniging een cyberscan aan vijftig bedrijven aan.</li>
</ol></body></html>"""

REPORT = """# Jaarverantwoording 2025 Basisteam Wolderveen (TESTDATA)

## Inbraak en veiligheid rond het huis

In de gemeente zijn nu 131 WhatsApp-groepen aangesloten op het netwerk dat de gemeente met ons beheert.

Het aantal woninginbraken daalde naar 198, het laagste aantal in tien jaar.

## Bijlage: stand van zaken per resultaat

- 1.1 — gehaald
- 1.2 — uitgesteld naar het voorjaar van 2026
- 1.3 — vervallen
- 2.4 — loopt door in 2026
"""


# the same annex on a web page, its numbers typed into the items: the parser keeps "1.1" apart
# as the item's label ("Gehaald" is its text)
REPORT_HTML = """<html><body><h1>Jaarverantwoording 2025 Basisteam Wolderveen (TESTDATA)</h1>
<h2>Bijlage: stand van zaken per resultaat</h2><ul style="list-style: none">
<li>1.1 Gehaald</li><li>1.2 Uitgesteld naar het voorjaar van 2026</li><li>1.3 Is vervallen: de ondernemersvereniging deed niet mee</li></ul></body></html>"""


def _library(root, report: str, suffix: str) -> Library:
    docs = root / "documents"
    docs.mkdir()
    (docs / "wolderveen-plan.html").write_text(PLAN, encoding="utf-8")
    (docs / "wolderveen-plan.meta.toml").write_text(
        'title = "Teamplan (TESTDATA)"\nkind = "plan"\nunit = "Basisteam Wolderveen"\nperiod = [2024, 2026]\n')
    (docs / f"wolderveen-2025{suffix}").write_text(report, encoding="utf-8")
    (docs / "wolderveen-2025.meta.toml").write_text(
        'title = "Jaarverantwoording 2025 (TESTDATA)"\nkind = "jaarverslag"\nunit = "Basisteam Wolderveen"\nyear = 2025\n')
    lib = Library(root / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib


@pytest.fixture(scope="module")
def wolderveen(tmp_path_factory) -> Library:
    return _library(tmp_path_factory.mktemp("wolderveen"), REPORT, ".md")


@pytest.mark.parametrize("text, number, cited", [
    ("2.3 — gehaald", "2.3", True),
    ("2.3: loopt door", "2.3", True),
    ("Actie 2.3 is in het najaar afgerond.", "2.3", True),
    ("Zie resultaat 2.3 hierboven.", "2.3", True),
    ("2.3 — gehaald", "2.4", False),
    ("Het budget steeg met 2.3 miljoen euro.", "2.3", False),  # a figure, no number of the plan
    ("12.3 — gehaald", "2.3", False),
    ("2.3 Woninginbraak", "2.3", False),  # a chapter of the report
])
def test_a_citation_of_the_plans_number(text, number, cited):
    assert cites(text, number) is cited


def test_the_number_of_an_ambition():
    assert own_number("plan:opgave-2-resultaat-2.3") == "2.3"
    assert own_number("plan:ondermijning-4") is None  # a bare "4" is in any report


def test_the_cited_line_is_linked_and_read(wolderveen):
    trace = wolderveen.snapshot().trace
    rows = {r.ambition["id"].split(":", 1)[1]: r for r in trace.rows}
    assert sorted(rows) == ["opgave-1-resultaat-1.1", "opgave-1-resultaat-1.2", "opgave-1-resultaat-1.3"]
    done, late, dropped = (rows[f"opgave-1-resultaat-1.{n}"] for n in (1, 2, 3))
    top = done.ranked[0]
    assert top.score == REFERENCE_SCORE and top.shared_terms[0] == "1.1 (nummer)"
    assert wolderveen.snapshot().trace.detail(done.ambition["id"]).cells[2025].progress[0].section["text"] == "1.1 — gehaald"
    assert done.cells[2025].status == "gerealiseerd"
    assert late.cells[2025].status == "vertraagd"
    assert dropped.cells[2025].status == "niet gerealiseerd"
    # "2.4" is no result of this plan: nothing links to it by number
    assert all("2.4 (nummer)" not in lk.shared_terms for r in rows.values() for lk in r.ranked)


def test_an_item_that_carries_the_number_as_its_label(tmp_path):
    lib = _library(tmp_path, REPORT_HTML, ".html")
    rows = {r.ambition["id"].split(":", 1)[1]: r for r in lib.snapshot().trace.rows}
    done = rows["opgave-1-resultaat-1.1"]
    assert done.ranked[0].score == REFERENCE_SCORE and done.ranked[0].shared_terms[0] == "1.1 (nummer)"
    assert [rows[f"opgave-1-resultaat-1.{n}"].cells[2025].status for n in (1, 2, 3)] == [
        "gerealiseerd", "vertraagd", "niet gerealiseerd"]
