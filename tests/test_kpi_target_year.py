"""KPI norms for a later year ("Streefwaarde 2026", "Norm 2026: ...") and the baseline they
start from: the baseline gives a bare norm its direction, and a figure short of the norm
before its year is on the way when it moved towards it, not "niet gehaald"."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.unit_pair import unit_library

from kb.enrich.kpi import parse_norm
from kb.library import Library
from kb.trace.scorecard import MET, NO_FIGURE, NOT_MET, ON_THE_WAY


@pytest.mark.parametrize("text, expected", [
    ("Woninginbraken (inclusief pogingen). 2022: 236. Norm 2026: ten hoogste 180 per jaar.",
     ("Woninginbraken (inclusief pogingen)", "<=", 180, None, 2026, 236)),
    # the bound word picks the norm from a relative one beside it
    ("Overlastmeldingen over jeugd. 2022: 1.180. Norm 2026: 20% minder dan in 2022 (ten hoogste 944).",
     ("Overlastmeldingen over jeugd", "<=", 944, None, 2026, 1180)),
    # no bound word: the baseline says which way the norm goes, whatever the name
    ("Prio-1-meldingen binnen 15 minuten ter plaatse. 2022: 84%. Norm 2026: 90%.",
     ("Prio-1-meldingen binnen 15 minuten ter plaatse", ">=", 90, "%", 2026, 84)),
    ("Meldingen van jeugdoverlast. 2022: 612. Norm 2026: 500.",
     ("Meldingen van jeugdoverlast", "<=", 500, None, 2026, 612)),
    # a label in brackets belongs to the name
    ("Bezetting wijkagenten (norm: één per 5.000 inwoners). 2022: 16. Norm 2026: 20.",
     ("Bezetting wijkagenten (norm: één per 5.000 inwoners)", ">=", 20, None, 2026, 16)),
    ("Ziekteverzuim. Streefwaarde voor 2025: maximaal 5,5 %",
     ("Ziekteverzuim", "<=", 5.5, "%", 2025, None)),
])
def test_a_norm_line_with_its_year_and_baseline(text, expected):
    p = parse_norm(text)
    assert (p["name"], p["comparator"], p["value"], p["unit"], p["target_year"], p["baseline"]) == expected


def test_a_line_without_a_year_is_a_norm_for_every_year():
    p = parse_norm("Aanrijdtijden prio 1: tenminste 82 % binnen 15 minuten")
    assert (p["comparator"], p["value"], p["target_year"], p["baseline"]) == (">=", 82, None, None)


PLAN = """\
# Integraal Veiligheidsplan Lindeoord 2023-2026 (TESTDATA)

## Overlast

### Wat willen we bereiken?

Minder overlast in de wijken van Lindeoord.

## Indicatoren

| Indicator | Nulmeting 2022 | Streefwaarde 2026 |
|---|---|---|
| Meldingen woonoverlast | 322 | 260 |
| Meldingen verward gedrag | 480 | 420 |
| Klikpercentage phishingtest | 17% | 10% |
| Opgeleide functionarissen crisisorganisatie | 81% | 100% |
| Integrale controles per jaar | 3 | 4 |
| Inwoners die zich onveilig voelen in de eigen buurt | 22% | 20% |
"""

REPORT = """\
# Jaarverslag Veiligheid 2024 Lindeoord (TESTDATA)

## Kerncijfers

| Indicator | 2023 | 2024 | Streefwaarde 2026 |
|---|---|---|---|
| Meldingen woonoverlast | 322 | 301 | 260 |
| Meldingen verward gedrag | 501 | 538 | 420 |
| Klikpercentage phishingtest | 17% | 14% | 10% |
| Opgeleide functionarissen crisisorganisatie | 90% | 88% | 100% |
| Integrale controles per jaar | 4 | 5 | 4 |
| Inwoners die zich onveilig voelen in de eigen buurt | 22% | n.b. | 20% |

## Veiligheidsbeleving

Hoeveel inwoners van Lindeoord zich onveilig voelen in de eigen buurt, weten we pas na de volgende Veiligheidsmonitor: in 2024 is er geen nieuwe meting geweest.
"""


@pytest.fixture(scope="module")
def lindeoord(tmp_path_factory) -> Library:
    return unit_library(Path(tmp_path_factory.mktemp("lindeoord")), "lindeoord", "Gemeente Lindeoord", PLAN,
                        (2023, 2026), REPORT, 2024)


def _line(lib: Library, name: str):
    trace = lib.snapshot().trace
    return next(ln for ln in trace.scorecard if ln.norm["name"] == name)


def test_a_table_row_gives_the_norm_its_year_baseline_and_direction(lindeoord):
    norm = _line(lindeoord, "Meldingen woonoverlast").norm
    assert (norm["comparator"], norm["value"], norm["target_year"], norm["baseline"], norm["baseline_year"]) == (
        "<=", 260, 2026, 322, 2022)  # fewer reports is the aim: the baseline is above the norm
    assert _line(lindeoord, "Klikpercentage phishingtest").norm["comparator"] == "<="
    assert _line(lindeoord, "Opgeleide functionarissen crisisorganisatie").norm["comparator"] == ">="


@pytest.mark.parametrize("name, verdict, status", [
    ("Meldingen woonoverlast", ON_THE_WAY, "lopend"),  # 301 after 322: short of 260, the right way
    ("Klikpercentage phishingtest", ON_THE_WAY, "lopend"),  # 14 % after 17 %, aiming at 10 %
    ("Meldingen verward gedrag", NOT_MET, "niet gerealiseerd"),  # 538 after 501: further from 420
    ("Opgeleide functionarissen crisisorganisatie", NOT_MET, "niet gerealiseerd"),  # 88 % after 90 %
    ("Integrale controles per jaar", MET, "gerealiseerd"),  # met before its year is met
])
def test_a_figure_short_of_a_later_norm_is_on_the_way_only_when_it_moves_towards_it(lindeoord, name, verdict, status):
    line = _line(lindeoord, name)
    assert line.verdict == verdict
    assert line.plan_norm.endswith("in 2026")
    cell = lindeoord.snapshot().trace.detail(line.norm["id"]).cells[2024]
    assert cell.status == status and cell.source == "kpi"
    if verdict == ON_THE_WAY:
        assert "vóór 2026 is dat de weg erheen" in cell.rule


def test_the_same_norm_in_its_own_year_is_judged_on_the_figure_alone(tmp_path):
    lib = unit_library(tmp_path, "lindeoord", "Gemeente Lindeoord", PLAN, (2023, 2026),
                       REPORT.replace("2024", "2026"), 2026)
    assert _line(lib, "Meldingen woonoverlast").verdict == NOT_MET


def test_a_norm_without_a_figure_for_the_year_is_unknown_whatever_the_paragraph_on_it(lindeoord):
    line = _line(lindeoord, "Inwoners die zich onveilig voelen in de eigen buurt")
    assert line.verdict == NO_FIGURE  # "n.b." in the year's column
    cell = lindeoord.snapshot().trace.detail(line.norm["id"]).cells[2024]
    assert cell.progress and cell.progress[0].finding.status == "onbekend"  # the paragraph has no cue word
    assert cell.status == "onbekend" and cell.rule.startswith("een KPI-norm telt op haar cijfer"), cell


def test_a_figure_from_a_table_saved_as_text_with_tabs(tmp_path):
    plan = ("# Jaarplan Veendorp 2025 (TESTDATA)\n\n## Bijlage: prestatie-indicatoren\n\n"
            "| Indicator | Realisatie 2024 | Norm 2025 |\n|---|---|---|\n"
            "| Woninginbraken | 182 | maximaal 164 |\n| Ziekteverzuim | 7,1% | lager dan 6% |\n"
            "| In beslag genomen crimineel vermogen | € 181.400 | € 250.000 |\n")
    report = ("# Jaarverslag 2025 Veendorp (TESTDATA)\n\n## 10 Kerncijfers\n\n"
              "Indicator\t2024\t2025\tNorm\nWoninginbraken\t182\t151\tmax. 164\nZiekteverzuim\t7,1%\t6,4%\t< 6%\n"
              "In beslag genomen crimineel vermogen\t€ 181.400\t€ 212.350\t€ 250.000\n")
    lib = unit_library(tmp_path, "veendorp", "Basisteam Veendorp", plan, (2025, 2025), report, 2025)
    assert (_line(lib, "Woninginbraken").verdict, _line(lib, "Woninginbraken").value["value"]) == (MET, 151)
    assert (_line(lib, "Ziekteverzuim").verdict, _line(lib, "Ziekteverzuim").value["value"]) == (NOT_MET, 6.4)
    money = _line(lib, "In beslag genomen crimineel vermogen")  # a sum with its euro sign
    assert (money.verdict, money.value["value"], money.value["previous_value"]) == (NOT_MET, 212350, 181400)


STEPS_PLAN = """\
# Districtsplan Eemvallei 2024-2027 (TESTDATA)

## Kernindicatoren

| Indicator | Nulmeting 2023 | Streefwaarde 2025 | Streefwaarde 2027 |
|---|---|---|---|
| Aantal woninginbraken | 612 | ≤ 580 | ≤ 550 |
| Ophelderingspercentage HIC | 19% | 22% | 25% |
| Meldingen verward gedrag | 480 | ≤ 450 | ≤ 420 |
| Ziekteverzuim | 7,2% | 6,8% | 6,0% |
"""

STEPS_REPORT = """\
# Jaarverslag {year} District Eemvallei (TESTDATA)

## Kerncijfers

| Indicator | {before} | {year} |
|---|---|---|
| Aantal woninginbraken | 598 | 574 |
| Ophelderingspercentage HIC | 20% | 21% |
| Meldingen verward gedrag | 470 | 455 |
| Ziekteverzuim | 7,0% | 6,5% |
"""


@pytest.mark.parametrize("year, expected", [
    # the year of a step on the way is judged by that step, not by the plan's last norm
    (2025, {"Aantal woninginbraken": (MET, "≤ 580 in 2025"), "Ophelderingspercentage HIC": (NOT_MET, "≥ 22 % in 2025"),
            "Meldingen verward gedrag": (NOT_MET, "≤ 450 in 2025"), "Ziekteverzuim": (MET, "≤ 6,8 % in 2025")}),
    # a year before the step is on its way to it; a year after it on its way to the last norm
    (2024, {"Meldingen verward gedrag": (ON_THE_WAY, "≤ 450 in 2025"), "Ophelderingspercentage HIC": (ON_THE_WAY, "≥ 22 % in 2025"),
            "Aantal woninginbraken": (MET, "≤ 580 in 2025")}),  # met before its year is met
    (2026, {"Aantal woninginbraken": (ON_THE_WAY, "≤ 550 in 2027"), "Ophelderingspercentage HIC": (ON_THE_WAY, "≥ 25 % in 2027")}),
])
def test_a_norm_per_year_judges_each_year_by_its_own_step(tmp_path, year, expected):
    lib = unit_library(tmp_path, "eemvallei", "District Eemvallei", STEPS_PLAN, (2024, 2027),
                       STEPS_REPORT.format(year=year, before=year - 1), year)
    for name, (verdict, plan_norm) in expected.items():
        line = _line(lib, name)
        assert (line.verdict, line.plan_norm) == (verdict, plan_norm), name
    norm = _line(lib, "Aantal woninginbraken").norm  # as the year reads it; the plan's last norm in the catalog
    with lib.catalog.read() as catalog:
        [plan_norm] = [n for n in catalog.norms() if n["id"] == norm["id"]]
    assert (plan_norm["comparator"], plan_norm["value"], plan_norm["target_year"], plan_norm["baseline"]) == (
        "<=", 550, 2027, 612)
    assert [(st["year"], st["comparator"], st["value"]) for st in plan_norm["steps"]] == [(2025, "<=", 580), (2027, "<=", 550)]
    assert norm["text"] == "Aantal woninginbraken: ≤ 550 (tussendoel 2025: ≤ 580)"  # the step in the plan's words
    cell = lib.snapshot().trace.detail(norm["id"]).cells[year]
    assert cell.source == "kpi"


def test_the_scorecard_names_every_step_of_a_norm(tmp_path):
    from kb.trace.scorecard import lines_by_norm
    lib = unit_library(tmp_path, "eemvallei", "District Eemvallei", STEPS_PLAN, (2024, 2027),
                       STEPS_REPORT.format(year=2025, before=2024), 2025)
    trace = lib.snapshot().trace
    norms = {n["name"]: n for n in lines_by_norm(trace.scorecard, [2025])["norms"]}
    assert norms["Aantal woninginbraken"]["plan_norm"] == "≤ 580 in 2025; ≤ 550 in 2027"
    assert norms["Ziekteverzuim"]["plan_norm"] == "≤ 6,8 % in 2025; ≤ 6 % in 2027"
