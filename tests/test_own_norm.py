"""A norm an ambition writes in its own words ("ten minste 80 procent", "minimaal vier
integrale controles") against the figure the report gives: the figure decides the cell, and the
cell says so (kb.trace.own_norm)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.library import Library
from kb.store.status_decisions import SET as STATUS_SET
from kb.trace.own_norm import judge, own_norm


@pytest.mark.parametrize("text, says, value, percent", [
    ("Wijkagenten besteden ten minste 80 procent van hun tijd aan hun eigen wijk.", "ten minste 80 procent", 80, True),
    ("Minimaal 95% van de aangiften wordt binnen een week afgehandeld.", "Minimaal 95 %", 95, True),
    ("We voeren elk jaar ten minste twee integrale controles uit op bedrijventerreinen.",
     "ten minste twee integrale controles", 2, False),
    ("Per jaar maximaal 12 klachten over bejegening.", "maximaal 12 klachten", 12, False),
])
def test_a_bounded_figure_in_an_ambition_is_its_norm(text, says, value, percent):
    norm = own_norm(text)
    assert norm is not None and (norm.says, norm.value, norm.percent) == (says, value, percent)
    assert norm.comparator == ("<=" if "maximaal" in text else ">=")


@pytest.mark.parametrize("text", [
    "Wijkagenten besteden 80 procent van hun tijd aan hun eigen wijk.",  # no bound: maybe a share, not a norm
    "Personen met wie de politie meer dan drie keer per jaar te maken heeft, worden besproken.",  # no counted noun
    "De eenheid zal maximaal instromen om de uitstroom op te vangen.",  # no figure
    "Ten minste een deel van de wijkagenten werkt in de avond.",  # "een" is the article
])
def test_no_norm_without_a_bound_a_figure_and_a_unit(text):
    assert own_norm(text) is None


def test_the_figure_must_be_in_the_norms_unit_and_the_last_one_counts():
    percent = own_norm("ten minste 80 procent van hun tijd in de wijk")
    assert judge(percent, ["De wijkagenten waren 900 uur in de wijk.",  # hours, not a share
                           "Het aandeel steeg van 58 naar 64 procent."]).figure == "64 procent"
    assert not judge(percent, ["Het aandeel steeg van 58 naar 64 procent."]).met
    checks = own_norm("minimaal vier controles per jaar")
    assert judge(checks, ["In 2021 trokken we drie keer uit."]) is None  # "keer" is not what it counts
    assert judge(checks, ["Er was maar één controle, in mei."]).figure == "één controle"
    assert judge(checks, ["Vijf grote controles in het buitengebied."]).met
    assert judge(own_norm("maximaal 12 klachten"), ["Er kwamen 15 klachten binnen."]).met is False


# TESTDATA: a made-up unit's plan and a report whose cue words disagree with its figures
PLAN = """\
# Meerjarenplan Dijkland 2020-2023 (TESTDATA)

## Wijkwerk

### Wat willen we bereiken?

1. In 2023 lost het team ten minste 30 procent van de woninginbraken in Dijkland op.

### Wat gaan we daarvoor doen?

- Wijkagenten in Dijkland besteden ten minste 80 procent van hun tijd aan hun eigen wijk.
- We houden elk jaar minimaal vier integrale controles op de bedrijventerreinen van Dijkland.
- Wijkagenten in Dijkland houden elke maand 80 procent van hun spreekuren in de dorpen.
"""

REPORT = """\
# Jaarverslag 2021 Basisteam Dijkland (TESTDATA)

## Wijkwerk

De wijkagenten in Dijkland besteedden gemiddeld 64 procent van hun tijd aan hun eigen wijk. Het wijkwerk zelf is gerealiseerd.

Op de bedrijventerreinen van Dijkland hielden we samen met de gemeente vijf integrale controles. De aanpak is vertraagd door corona.

Van de woninginbraken in Dijkland loste het team in 2021 22 procent op.

Wijkagenten in Dijkland hielden 60 procent van hun spreekuren in de dorpen.
"""


@pytest.fixture
def dijkland(tmp_path: Path) -> Library:
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "dijkland-plan.md").write_text(PLAN, encoding="utf-8")
    (docs / "dijkland-plan.meta.toml").write_text(
        'title = "Meerjarenplan Dijkland (TESTDATA)"\nkind = "plan"\nunit = "Basisteam Dijkland"\n'
        "period = [2020, 2023]\n", encoding="utf-8")
    (docs / "dijkland-2021.md").write_text(REPORT, encoding="utf-8")
    (docs / "dijkland-2021.meta.toml").write_text(
        'title = "Jaarverslag 2021 (TESTDATA)"\nkind = "jaarverslag"\nunit = "Basisteam Dijkland"\nyear = 2021\n',
        encoding="utf-8")
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib


def _cell(lib: Library, key: str):
    trace = lib.snapshot().trace
    return trace.detail(f"dijkland-plan:{key}").cells[2021]


def test_the_reports_figure_against_the_ambitions_own_norm_decides_the_cell(dijkland):
    share, checks, unbounded = (_cell(dijkland, f"wijkwerk-{k}") for k in ("a", "b", "c"))
    assert share.progress[0].finding.status == "gerealiseerd"  # a cue word says done ...
    assert share.status == "niet gerealiseerd"  # ... the figure says 64 against at least 80
    assert share.rule == ('het verslag noemt "64 procent"; de ambitie vraagt "ten minste 80 procent". '
                          "De norm is niet gehaald: niet gerealiseerd")
    assert checks.progress[0].finding.status == "vertraagd"
    assert checks.status == "gerealiseerd" and '"vijf integrale controles"' in checks.rule
    assert unbounded.status == "lopend" and unbounded.rule == ""  # "80 procent" without a bound is no norm


def test_a_goal_short_of_its_norm_before_its_year_is_under_way(dijkland):
    goal = _cell(dijkland, "wijkwerk-doel-1")
    assert goal.status == "lopend"
    assert goal.rule.startswith('het verslag noemt "22 procent"; de ambitie vraagt "ten minste 30 procent"')
    assert goal.rule.endswith("vóór 2023 is dat voortgang erheen: lopend")


def test_an_auditors_status_stands_above_the_figure(dijkland):
    dijkland.record_status_decision("dijkland-plan:wijkwerk-a", 2021, STATUS_SET, "deels gerealiseerd",
                                    note="64 % is een gemiddelde", author="anna")
    cell = _cell(dijkland, "wijkwerk-a")
    assert (cell.status, cell.proposal) == ("deels gerealiseerd", "niet gerealiseerd")
