"""Units of the enrichment without a corpus: Dutch numbers, monitor-set norms, and the years
a text names with whether it reports or plans them."""

import datetime as dt

import pytest

from kb.enrich.kpi import parse_norm, parse_number
from kb.enrich.years import year_mentions
from kb.model import Document

# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("text, value", [
    ("96.162", 96162), ("83,31", 83.31), ("6,7", 6.7), ("1.529", 1529), ("−2,5", -2.5),
    ("12%", 12), ("12,5 %", 12.5), ("1.234.567", 1234567), ("1.529,50", 1529.5),
    ("1.5", 1.5), ("12.3456", 12.3456), ("+3", 3), (" 42 ", 42),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "-", "abc", "€ 12", "3 4", "1,2,3", "12 procent"])
def test_parse_number_refuses_what_is_no_number(text):
    assert parse_number(text) is None


# ---------------------------------------------------------------- norms


def norm(text):
    parsed = parse_norm(text)
    return parsed["name"], parsed["comparator"], parsed["value"], parsed["unit"], parsed["condition"]


def test_norm_with_comparator_unit_and_condition():
    assert norm("Aanrijdtijden prio 1: tenminste 82 % binnen 15 minuten") == (
        "Aanrijdtijden prio 1", ">=", 82, "%", "binnen 15 minuten")


def test_monitoring_norms_have_no_value():
    assert norm("Aantal verdachten (monitoring)") == ("Aantal verdachten", "monitoring", None, None, None)
    assert norm("Aantal verdachten (monitoring): jaarlijks rapporteren") == (
        "Aantal verdachten", "monitoring", None, None, "jaarlijks rapporteren")


def test_improvement_and_safety_agenda_norms():
    assert norm("Tevredenheid burgers: verbetering ten opzichte van vorige meting") == (
        "Tevredenheid burgers", "verbetering", None, None, "verbetering ten opzichte van vorige meting")
    assert norm("Veiligheid: zie veiligheidsagenda") == ("Veiligheid", "veiligheidsagenda", None, None, "zie veiligheidsagenda")


def test_lower_is_better_makes_a_bare_target_a_ceiling():
    assert norm("Ziekteverzuim: doel 6,8 %") == ("Ziekteverzuim", "<=", 6.8, "%", None)
    assert norm("Aantal inbraken: doel 1.529") == ("Aantal inbraken", "<=", 1529, None, None)
    assert norm("Opgeloste zaken: 30 %") == ("Opgeloste zaken", ">=", 30, "%", None)
    # a rate of solving or satisfaction goes up, whatever crime or complaint it is about
    assert norm("Oplossingspercentage woninginbraken: doel 12 %")[1] == ">="
    assert norm("Tevredenheid over de klachtafhandeling: 70 %")[1] == ">="
    assert norm("Aantal klachten: 40")[1] == "<="


def test_a_report_tables_bare_norm_of_a_solving_rate_is_a_floor():
    """Basisteam Rivierenland's report: "Oplossingspercentage woninginbraken | 11 % | 14 % |
    12 %" under "2020 | 2021 | Norm" is 14 % against at least 12 %, not at most."""
    from kb.enrich.kpi import _table_target, lower_is_better

    assert not lower_is_better("Oplossingspercentage woninginbraken") and lower_is_better("Woninginbraken")
    for name in ("Achterstand onopgeloste zaken", "Aantal onopgeloste woninginbraken", "Doorlooptijd opgeloste zaken",
                 "Ontevredenheid over klachtafhandeling"):  # a negation or a time taken still goes down
        assert lower_is_better(name), name
    assert not lower_is_better("Tevredenheid over klachtafhandeling")
    assert _table_target("12 %", 11, lower_is_better("Oplossingspercentage woninginbraken")) == (">=", 12)


def test_norm_words_and_units_are_normalised():
    assert norm("Ziekteverzuim: maximaal 6,8 procent") == ("Ziekteverzuim", "<=", 6.8, "%", None)
    assert norm("Doorlooptijd; minder dan 30 dagen") == ("Doorlooptijd", "<=", 30, "dagen", None)


@pytest.mark.parametrize("text, comparator", [
    # the indicator's own direction says the opposite, so only the words can give the answer
    ("Ziekteverzuim: niet minder dan 6 %", ">="),
    ("Ziekteverzuim: niet lager dan 6 %", ">="),
    ("Ziekteverzuim: niet onder 6 %", ">="),
    ("Ziekteverzuim: hoger dan 6 %", ">="),
    ("Ziekteverzuim: niet  minder\ndan 6 %", ">="),  # white space as a PDF cell has it
    ("Opkomst: niet meer dan 90 %", "<="),
    ("Opkomst: niet hoger dan 90 %", "<="),
    ("Opkomst: niet boven 90 %", "<="),
    ("Opkomst: lager dan 90 %", "<="),
])
def test_a_negated_bound_is_the_opposite_bound(text, comparator):
    # "niet minder dan" was read as its inner "minder dan": a floor taken for a ceiling
    assert norm(text)[1:3] == (comparator, 90 if "90" in text else 6)


def test_a_report_norm_in_words_against_a_year_is_last_years_figure():
    from kb.enrich.kpi import _table_target
    assert _table_target("≤ 2019", previous=5.2) == ("<=", 5.2)
    assert _table_target("lager dan 2019", previous=5.2) == ("<=", 5.2)  # not a ceiling of 2019
    assert _table_target("maximaal 6,8%", previous=5.2) == ("<=", 6.8)
    assert _table_target("minimaal 2025", previous=1800.0) == (">=", 2025)  # a count that looks like a year
    assert _table_target("meer dan 2000", previous=1800.0) == (">=", 2000)


def test_line_without_name_separator_is_a_monitoring_name():
    assert norm("Iets zonder dubbelepunt 12 %") == ("Iets zonder dubbelepunt 12 %", "monitoring", None, None, None)


# ---------------------------------------------------------------- years

REPORT = Document(id="jv", path="jv.txt", title="Jaarverslag 2020", kind="jaarverslag", year=2020)
PLAN = Document(id="p", path="p.txt", title="Plan", kind="plan", period=(2019, 2022))
DATED_PLAN = Document(id="p", path="p.txt", title="Plan", kind="plan", period=(2019, 2022), date=dt.date(2018, 11, 12))
DOSSIER = Document(id="d", path="d.txt", title="Leerdossier", kind="leerdossier")


def years(text, doc):
    return [(m.year, m.sense) for m in year_mentions(text, doc)]


def test_report_year_and_before_are_done_later_years_planned():
    assert years("In 2019 gestart.", REPORT) == [(2019, "done")]
    assert years("In 2020 afgerond.", REPORT) == [(2020, "done")]
    assert years("Dit gaan we in 2021 voortzetten.", REPORT) == [(2021, "planned")]


def test_plan_period_years_are_planned_earlier_ones_done():
    assert years("In 2019 gestart.", PLAN) == [(2019, "planned")]
    assert years("In 2017 begonnen.", PLAN) == [(2017, "done")]
    assert years("In 2018 en 2023 gebeurde iets.", PLAN) == [(2018, "mentioned"), (2023, "planned")]
    assert years("In 2018 en 2017 gebeurde iets.", DATED_PLAN) == [(2017, "done"), (2018, "mentioned")]


def test_other_documents_plan_only_with_future_words():
    assert years("In 2019 gestart.", DOSSIER) == [(2019, "mentioned")]
    assert years("Dit gaan we in 2021 voortzetten.", DOSSIER) == [(2021, "planned")]


def test_year_ranges_name_every_year():
    assert years("Het plan 2019-2022 loopt.", REPORT) == [
        (2019, "done"), (2020, "done"), (2021, "planned"), (2022, "planned")]
    assert years("Van 2019 – 2021.", DOSSIER) == [(2019, "mentioned"), (2020, "mentioned"), (2021, "mentioned")]
    # more than ten years apart: the two ends only
    assert years("In 2019-2040 iets.", REPORT) == [(2019, "done"), (2040, "planned")]


def test_each_year_and_sense_once_sorted():
    assert years("In 2021 gaan we verder. In 2017 deden we iets. Ook in 2017.", REPORT) == [
        (2017, "done"), (2021, "planned")]


@pytest.mark.parametrize("text", ["Het kostte €2020.", "Het waren 2.020 verdachten.", "Het was 2020,5 procent.",
                                  "Code 12020 en 20201.", "Dit was 1.2020 keer.", "De jaren 1949 en 2110."])
def test_figures_are_not_years(text):
    assert years(text, REPORT) == []


def test_a_monitor_set_as_a_table_gives_its_norms(tmp_path):
    """A plan that puts its monitor set in a table (a theme column stated once for the rows
    below it, or indicator | norm columns) gives the same KPI norms as one with a list."""
    from kb.library import Library

    plan = tmp_path / "docs" / "plan-testeenheid-2023-2026.md"
    plan.parent.mkdir()
    plan.write_text(
        "# Veiligheidsplan 2023-2026\n\n## Monitorset\n\n"
        "| Thema | Indicator en norm |\n|---|---|\n"
        "| Inzetbaarheid | Ziekteverzuim; doel 6,8 % |\n"
        "| | Profcheck; 100 % |\n\n"
        "## Monitorset aanrijdtijden\n\n"
        "| Indicator | Norm |\n|---|---|\n"
        "| Aanrijdtijden prio 1 | tenminste 82 % binnen 15 minuten |\n\n"
        "## Monitorset dienstverlening\n\n"  # a baseline beside the norm is no norm
        "| Indicator | Nulmeting 2022 | Norm | Toelichting |\n|---|---|---|---|\n"
        "| Tevredenheid aangevers | 61 % | minimaal 70 % | landelijke enquête |\n"
        "| Verzuim eenheid | 6,9 % |  | landelijk gemiddelde 5 % |\n\n"  # no norm: monitoring, no figure beside it
        "## Monitorset noodhulp\n\n"  # a column of words headed "Ambitie", the norm in "Streefwaarde 2026"
        "| Indicator | Ambitie | Nulmeting 2022 | Streefwaarde 2024 | Streefwaarde 2026 | Conditie |\n"
        "|---|---|---|---|---|---|\n"
        "| Aanrijdtijden prio 2 | Snellere hulp | 70 % | 75 % | minimaal 80 % | binnen 30 minuten |\n\n"
        "## Meetbare doelen\n\n"  # a table of targets under another name is a monitor set too
        "| Indicator | 2022 | Norm 2026 |\n|---|---|---|\n"
        "| Oplossingspercentage woninginbraak | 12 % | minimaal 15 % |\n\n"
        "## Streefwaarden\n\n"  # ... but a goal table's row there is a goal, not a norm as well
        "| Doel | Indicator | Streefwaarde |\n|---|---|---|\n"
        "| Minder woninginbraken | aantal inbraken | 150 |\n",
        encoding="utf-8")
    plan.with_name("plan-testeenheid-2023-2026.meta.toml").write_text(
        'title = "Veiligheidsplan 2023-2026"\nkind = "plan"\nunit = "Testeenheid"\nperiod = [2023, 2026]\n',
        encoding="utf-8")
    result = Library(tmp_path / "data", documents_dir=tmp_path / "uploads").ingest([plan.parent])
    assert not result.failures, result.failures
    norms = {n.key: n for n in result.norms}
    assert set(norms) == {"kpi-ziekteverzuim", "kpi-profcheck", "kpi-aanrijdtijden-prio-1", "kpi-tevredenheid-aangevers",
                          "kpi-verzuim-eenheid", "kpi-aanrijdtijden-prio-2",
                          "kpi-oplossingspercentage-woninginbraak"}, norms
    solved = norms["kpi-oplossingspercentage-woninginbraak"]
    assert (solved.comparator, solved.value, solved.unit) == (">=", 15, "%"), solved
    tevreden = norms["kpi-tevredenheid-aangevers"]
    assert (tevreden.comparator, tevreden.value, tevreden.unit, tevreden.condition) == (">=", 70, "%", None), tevreden
    assert (norms["kpi-verzuim-eenheid"].comparator, norms["kpi-verzuim-eenheid"].value) == ("monitoring", None)
    prio2 = norms["kpi-aanrijdtijden-prio-2"]
    assert (prio2.comparator, prio2.value, prio2.unit, prio2.condition) == (">=", 80, "%", "binnen 30 minuten"), prio2
    assert {n.id for n in result.norms} == {f"plan-testeenheid-2023-2026:{k}" for k in norms}
    assert (norms["kpi-ziekteverzuim"].comparator, norms["kpi-ziekteverzuim"].value) == ("<=", 6.8)
    assert norms["kpi-profcheck"].value == 100
    prio = norms["kpi-aanrijdtijden-prio-1"]
    assert (prio.comparator, prio.value, prio.unit, prio.condition) == (">=", 82, "%", "binnen 15 minuten")
    assert norms["kpi-ziekteverzuim"].theme == norms["kpi-profcheck"].theme == "inzetbaarheid"  # held for the row below
