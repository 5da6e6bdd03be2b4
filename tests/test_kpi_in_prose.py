"""A report that gives a monitor-set figure in a sentence, not in a table ("In 2025 registreerde
de politie 98 woninginbraken, inclusief pogingen (2024: 104)"): the scorecard reads it from the
norm's strong paragraph, with the year before's figure for the way (kb.trace.own_norm.kpi_figure)."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.library import Library
from kb.trace.own_norm import kpi_figure
from kb.trace.scorecard import MET, NO_FIGURE, NOT_MET, ON_THE_WAY

# TESTDATA: a made-up municipality's plan with its indicators, and a report that writes its figures out
PLAN = """\
# Veiligheidsplan Gemeente Oosterdijk 2024-2027 (TESTDATA)

## Bijlage: Indicatoren

| Indicator | Nulmeting 2023 | Streefwaarde 2027 |
|---|---|---|
| Woninginbraken (incl. pogingen) | 112 | maximaal 90 |
| Meldingen jeugdoverlast | 187 | jaarlijks -5% |
| Inwoners dat zich weleens onveilig voelt in de buurt | 28% | maximaal 25% |
| Actieve buurtpreventiegroepen | 37 | minimaal 60 |
| Geregistreerde misdrijven per 1.000 inwoners | 47,9 | lager dan 47,9 |
"""

REPORT = """\
# Voortgangsbrief 2025 Oosterdijk (TESTDATA)

## Woninginbraak

In 2025 registreerde de politie in Oosterdijk 98 woninginbraken, inclusief pogingen (2024: 104).

## Jeugd

De politie registreerde in 2025 195 meldingen van jeugdoverlast in Oosterdijk, tegen 176 in 2024.

## Veiligheidsbeleving

Uit de monitor blijkt dat 63% van de inwoners weet hoe zij zich beschermen tegen online oplichting. In dezelfde monitor gaf 22% van de inwoners van Oosterdijk aan zich weleens onveilig te voelen in de buurt.

## Misdrijven

Het totaal aantal geregistreerde misdrijven in Oosterdijk kwam in 2025 uit op 2.951.
"""


@pytest.fixture(scope="module")
def oosterdijk(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("oosterdijk"), "oosterdijk", "Gemeente Oosterdijk", PLAN, (2024, 2027),
                        REPORT, 2025)


def _line(lib: Library, name: str):
    return next(line for line in lib.snapshot().trace.scorecard if line.norm["name"].startswith(name) and line.year == 2025)


def test_a_figure_in_a_sentence_against_a_norm_for_a_later_year(oosterdijk):
    line = _line(oosterdijk, "Woninginbraken")
    assert (line.value["value"], line.value["previous_value"], line.value["source"]) == (98, 104, "sentence")
    assert line.verdict == ON_THE_WAY  # short of at most 90 in 2027, down from 104: the way there


def test_a_change_each_year_against_the_year_before(oosterdijk):
    line = _line(oosterdijk, "Meldingen jeugdoverlast")
    assert line.norm["comparator"] == "verbetering"  # "jaarlijks -5%" is a change, no level of 5
    assert (line.value["value"], line.value["previous_value"]) == (195, 176)
    assert line.verdict == NOT_MET  # up, where the plan asks down


def test_a_share_from_the_sentence_about_it_not_another_share_beside_it(oosterdijk):
    line = _line(oosterdijk, "Inwoners dat zich weleens onveilig")
    assert line.value["value"] == 22 and line.verdict == MET


def test_no_figure_for_a_rate_from_a_count_nor_without_the_counted_noun(oosterdijk):
    assert _line(oosterdijk, "Geregistreerde misdrijven").verdict == NO_FIGURE  # 2.951 is no rate per 1.000
    assert _line(oosterdijk, "Actieve buurtpreventiegroepen").verdict == NO_FIGURE  # not in the report


def test_a_table_row_is_left_to_the_scorecard():
    norm = {"name": "Inwoners dat zich weleens onveilig voelt", "comparator": "<=", "value": 20, "unit": "%"}
    row = "Inwoners dat zich weleens onveilig voelt in de buurt | 2023: 22% | 2025: n.b. | Streefwaarde 2027: 20%"
    assert kpi_figure(norm, [("s", row)], 2025) is None
