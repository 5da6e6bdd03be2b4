"""Two paragraphs may be about an ambition, neither strongly: one tells something done, the
other does not. Each alone leaves the cell "onbekend"; together they tell of a part done:
"deels gerealiseerd", and the cell says why (kb.trace.build.done_beside_not)."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.library import Library
from kb.trace.build import DONE_NEEDS_STRONG
from kb.trace.view import strength
from web import create_app

PLAN = """\
# Integraal Veiligheidsplan Brakeloo 2023-2026 (TESTDATA)

## Veilig opgroeien

### Wat gaan we doen?

- We trainen de jongerenwerkers en de wijkagenten in het herkennen van radicalisering en geven scholen voorlichting over online groepsdruk en sexting.
- We richten een meldpunt in voor overlast van brommers op de dijk en stellen een handhavingsplan op met de provincie en de waterschappen.

## Veilige wijken

### Wat gaan we doen?

- We bouwen het cameratoezicht in het stationsgebied uit en evalueren het met de bewonersvereniging.
"""

REPORT = """\
# Jaarverslag 2024 Brakeloo (TESTDATA)

## Jeugd

De training van de jongerenwerkers en de wijkagenten in het herkennen van radicalisering is afgerond.

Op twee scholen spraken leerlingen met de wijkagent over sexting.

## Verkeer

Het meldpunt voor de dijk is afgerond.

## Wijken

De camera's in het stationsgebied zijn vervangen. Het gesprek met de bewonersvereniging volgt in 2025.
"""

TRAINING, MELDPUNT = "brakeloo-plan:veilig-opgroeien-a", "brakeloo-plan:veilig-opgroeien-b"


@pytest.fixture(scope="module")
def brakeloo(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("brakeloo"), "brakeloo", "Gemeente Brakeloo", PLAN, (2023, 2026),
                        REPORT, 2024)


def _found(lib: Library, ambition: str):
    row = lib.snapshot().trace.detail(ambition)
    return row, [p for p in row.progress if p.year == 2024 and p.counts]


def test_one_paragraph_done_and_another_not_is_a_part_done(brakeloo):
    row, found = _found(brakeloo, TRAINING)
    assert [strength(p.score) for p in found] == ["mogelijk", "mogelijk"], [p.score for p in found]
    assert [p.finding.status for p in found] == ["gerealiseerd", "onbekend"]
    cell = row.cells[2024]
    assert cell.status == "deels gerealiseerd" and cell.source == "voorstel"
    assert cell.rule.startswith('een alinea die over de ambitie kan gaan meldt iets als gerealiseerd ("De training van')
    assert cell.rule.endswith('een andere ("Op twee scholen spraken leerlingen met de wijkagent …") meldt het niet als '
                              "af (geen signaalwoord); samen wijst dat op een deel dat af is: deels gerealiseerd"), cell.rule


def test_a_possible_paragraph_that_calls_it_done_alone_stays_open(brakeloo):
    row, found = _found(brakeloo, MELDPUNT)
    assert len(found) == 1 and strength(found[0].score) == "mogelijk" and found[0].finding.status == "gerealiseerd"
    assert row.cells[2024].status == "onbekend" and row.cells[2024].rule == DONE_NEEDS_STRONG


def test_a_confirmed_paragraph_decides_instead(tmp_path):
    lib = unit_library(tmp_path, "brakeloo", "Gemeente Brakeloo", PLAN, (2023, 2026), REPORT, 2024)
    _, found = _found(lib, TRAINING)
    lib.record_decision(TRAINING, found[0].section["id"], "bevestigd", author="auditor")
    cell = lib.snapshot().trace.detail(TRAINING).cells[2024]
    assert cell.status == "gerealiseerd" and cell.source == "bevestigd"


def test_the_page_and_the_api_say_why(brakeloo):
    client = create_app({"DATA_DIR": str(brakeloo.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    cell = client.get(f"/api/ambitions/{TRAINING}").get_json()["years"]["2024"]
    assert cell["status"] == "deels gerealiseerd" and "een deel dat af is" in cell["rule"]
    page = client.get(f"/ambities/{TRAINING}").get_data(as_text=True)
    assert "samen wijst dat op een deel dat af is: deels gerealiseerd" in page


def test_an_outlook_does_not_count_as_the_other(tmp_path):
    """What the outlook says comes next ("Vooruitblik 2025") is no report on the year: beside
    a possible paragraph that calls something done it leaves the cell open."""
    report = REPORT.replace("Op twee scholen spraken leerlingen met de wijkagent over sexting.\n",
                            "## Vooruitblik 2025\n\nOp twee scholen spreken leerlingen met de wijkagent over sexting.\n")
    assert report != REPORT
    lib = unit_library(tmp_path, "brakeloo", "Gemeente Brakeloo", PLAN, (2023, 2026), report, 2024)
    row, found = _found(lib, TRAINING)
    assert any(p.section["heading_path"][-1].startswith("Vooruitblik") for p in found), found
    assert row.cells[2024].status == "onbekend", row.cells[2024]
