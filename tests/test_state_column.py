"""A report's status table ("Nr. | Actie | Stand van zaken eind 2025") says in short words what
became of each action: "Besluit najaar 2026" is put off, "7 van 10" is a part, "Draaiboek gereed;
oefening maart 2026" a part done and the rest put off (kb.trace.status.StatusClassifier.state_cell)."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.library import Library
from kb.trace.build import VERDICT_SHARE
from kb.trace.status import StatusClassifier

COLUMNS = ["Nr.", "Actie", "Stand van zaken eind 2025"]


@pytest.mark.parametrize("state, status", [
    ("Besluit najaar 2026", "vertraagd"),
    ("7 van 10", "deels gerealiseerd"),
    ("Horeca: ja. Evenementen: 2026", "deels gerealiseerd"),
    ("Draaiboek gereed; oefening maart 2026", "deels gerealiseerd"),
    ("Uitgevoerd okt-dec", "gerealiseerd"),
    ("Draaiboek gereed", "gerealiseerd"),
    ("loopt, opening gepland najaar 2026", "lopend"),  # under way, with its plan: not put off
    ("In gesprek", None),  # no word it reads: the row's text as a paragraph's
])
def test_a_state_cell_in_its_own_short_words(state, status):
    found = StatusClassifier().state_cell({"kind": "table_row", "columns": COLUMNS, "cells": ["2.5", "Actie", state]},
                                          2025)
    assert (found.status if found else None) == status


def test_only_a_state_column_is_read_so():
    # the plan's own column "Gereed in" is no state: "2026" there is when it is due
    plan_row = {"kind": "table_row", "columns": ["Nr", "Actie", "Gereed in"], "cells": ["A1", "Actie", "2026"]}
    assert StatusClassifier().state_cell(plan_row, 2025) is None
    assert StatusClassifier().state_cell({"kind": "paragraph", "text": "Besluit najaar 2026"}, 2025) is None


# TESTDATA: a made-up municipality's plan and the annex of its progress letter
PLAN = """\
# Veiligheidsplan Gemeente Oosterdijk 2024-2027 (TESTDATA)

## Woninginbraak

### Wat gaan we daarvoor doen?

- Wij nemen in 2025 een besluit over cameratoezicht op het stationsplein van Oosterdijk.
- Wij verbeteren de verlichting op de tien donkere plekken uit de schouw van Oosterdijk.
"""

REPORT = """\
# Voortgangsbrief 2025 Oosterdijk (TESTDATA)

## Bijlage: stand van zaken acties

| Nr. | Actie | Stand van zaken eind 2025 |
|---|---|---|
| 2.1 | Cameratoezicht stationsplein Oosterdijk | Besluit najaar 2026 |
| 2.2 | Verlichting donkere plekken schouw Oosterdijk | 7 van 10 |
"""


@pytest.fixture(scope="module")
def oosterdijk(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("oosterdijk"), "oosterdijk", "Gemeente Oosterdijk", PLAN, (2024, 2027),
                        REPORT, 2025)


def test_the_status_table_sets_the_cells(oosterdijk):
    trace = oosterdijk.snapshot().trace
    camera, light = (trace.detail(f"oosterdijk-plan:woninginbraak-{k}").cells[2025] for k in "ab")
    assert camera.progress[0].finding.status == "vertraagd" and camera.progress[0].finding.evidence == [
        "Besluit najaar 2026"]
    assert camera.status == "vertraagd"
    assert light.status == "deels gerealiseerd"


# TESTDATA: prose on each action first, the status table of the same letter after it
PROSE_PLAN = """\
# Veiligheidsplan Gemeente Westerdijk 2024-2027 (TESTDATA)

## Ondermijning

### Wat gaan we daarvoor doen?

- Met de campagne Westerdijk kijkt mee vragen we inwoners verdachte situaties te melden.
- Met de voorlichting Westerdijk weerbaar bereiken we de ondernemers op de bedrijventerreinen.
"""

PROSE_REPORT = """\
# Voortgangsbrief 2025 Westerdijk (TESTDATA)

## Ondermijning

In september en oktober liep de campagne Westerdijk kijkt mee, met posters die inwoners vroegen verdachte situaties te melden.

De voorlichting Westerdijk weerbaar bereikte in 2025 de ondernemers van twee terreinen.

## Bijlage: stand van zaken acties

| Actie | Status | Toelichting |
|---|---|---|
| Campagne Westerdijk kijkt mee: inwoners melden verdachte situaties | Afgerond | Uitgevoerd in september en oktober. |
| Voorlichting Westerdijk weerbaar: ondernemers op de bedrijventerreinen | Op koers | Twee bereikt. |
"""


def test_a_status_rows_verdict_leads_beside_prose_without_a_cue(tmp_path):
    lib = unit_library(tmp_path, "westerdijk", "Gemeente Westerdijk", PROSE_PLAN, (2024, 2027), PROSE_REPORT, 2025)
    trace = lib.snapshot().trace
    campaign, briefing = (trace.detail(f"westerdijk-plan:ondermijning-{k}").cells[2025] for k in "ab")
    prose = [p for p in campaign.progress if p.section.get("kind") != "table_row"]
    row = next(p for p in campaign.progress if p.section.get("kind") == "table_row")
    assert prose[0].score > row.score and prose[0].finding.status == "onbekend"  # the prose ranks first, says no cue
    assert campaign.progress[0] is row and campaign.status == "gerealiseerd", campaign
    # "Op koers" says no more than prose under way: the best paragraph stays first, however close the row
    on_course = next(p for p in briefing.progress if p.section.get("kind") == "table_row")
    assert on_course.score >= VERDICT_SHARE * briefing.progress[0].score
    assert briefing.progress[0].section.get("kind") != "table_row" and briefing.status == "lopend", briefing
