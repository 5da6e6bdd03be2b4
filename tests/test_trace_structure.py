"""A cell's status read against the plan's structure (kb.trace.structure): a goal for the
end of the period is "lopend" before then, whatever a report calls done; an ambition in
parts is "deels gerealiseerd" when only some parts are done. Both say so on the cell, the
page, the API and the export; an auditor's status stands above them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from click.testing import CliRunner
from helpers.unit_pair import unit_library

from kb.cli import main
from kb.library import Library
from kb.trace import structure
from kb.store.decisions import CONFIRM
from kb.trace.build import DONE_NEEDS_STRONG, NOT_DONE_NEEDS_STRONG
from kb.trace.linking import CONTEXT_QUERY_WEIGHT, LINK_THRESHOLD, THEME_MATCH
from kb.trace.structure import Horizon
from kb.trace.view import Cell, Row, strength
from web import create_app

PLAN = "waterland-plan"
GOAL, PARENT, PART_A, PART_B = (f"{PLAN}:{k}" for k in ("jeugd-doel-1", "jeugd-a", "jeugd-a-a", "jeugd-a-b"))
GOAL_RULE = "doel voor 2022: wat het verslag over 2020 gerealiseerd noemt, telt vóór 2022 als voortgang (lopend)"
ONE_OF_TWO = "1 van de 2 onderdelen gerealiseerd (jeugd-a-a); de andere niet of nog niet, of het verslag noemt ze niet"

# TESTDATA: a made-up unit's plan and two of its annual reports
PLAN_TEXT = """\
# Veiligheidsplan Waterland 2019-2022 (TESTDATA)

## Jeugd

### Wat willen we bereiken?

1. In 2022 geven geen jeugdgroepen meer overlast in de wijken van Waterland.
2. Alle meldingen van jeugdoverlast worden binnen een dag opgepakt.

### Wat gaan we daarvoor doen?

- Straatcoaches in de avond:
  a. straatcoaches in Noord;
  b. een buurtvaderproject in Zuid.
- Een groepsaanpak voor de jeugdgroepen.
- Capaciteitsmanagement:
  a. menselijk kapitaal.
"""

REPORT_TEXT = """\
# Jaarverslag {year} Eenheid Waterland (TESTDATA)

## Jeugd

In de wijken van Waterland geven geen jeugdgroepen meer overlast: dit is gerealiseerd.

De inzet van straatcoaches in Noord is in {year} afgerond.

Alle meldingen van jeugdoverlast zijn in {year} binnen een dag opgepakt: dat is gerealiseerd.

## Bedrijfsvoering

Met het nieuwe capaciteitsmanagement zijn de diensten van de teams in {year} beter verdeeld.
"""


def _write(folder: Path, name: str, text: str, meta: str) -> None:
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.toml").write_text(meta, encoding="utf-8")


@pytest.fixture
def library(tmp_path) -> Library:
    docs = tmp_path / "documents"
    docs.mkdir()
    _write(docs, PLAN, PLAN_TEXT, 'title = "Veiligheidsplan Waterland (TESTDATA)"\nkind = "plan"\n'
                                  'unit = "Eenheid Waterland"\nperiod = [2019, 2022]\n')
    for year in (2020, 2022):
        _write(docs, f"waterland-jaarverslag-{year}", REPORT_TEXT.format(year=year),
               f'title = "Jaarverslag {year} (TESTDATA)"\nkind = "jaarverslag"\nunit = "Eenheid Waterland"\n'
               f"year = {year}\n")
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib


def _cell(lib: Library, ambition: str, year: int):
    return lib.snapshot().trace.detail(ambition).cells[year]


def test_a_goal_is_under_way_before_its_year_and_realised_in_it(library):
    early, late = _cell(library, GOAL, 2020), _cell(library, GOAL, 2022)
    assert early.progress[0].finding.status == "gerealiseerd"  # the paragraph says done ...
    assert (early.status, early.source) == ("lopend", "voorstel")  # ... the goal is for 2022
    assert early.rule == GOAL_RULE
    assert (late.status, late.rule) == ("gerealiseerd", "")
    assert _cell(library, f"{PLAN}:jeugd-b", 2020).status == "gerealiseerd"  # an item has no horizon


def test_a_goal_without_a_year_is_met_when_the_report_says_so_of_the_goal_itself(library):
    """Its horizon is the plan's end, but a paragraph that restates the goal and calls it done
    is believed: a goal such as this one can be met in any year of the plan."""
    cell = _cell(library, f"{PLAN}:jeugd-doel-2", 2020)
    assert library.snapshot().trace.detail(f"{PLAN}:jeugd-doel-2").ambition["kind"] == "doel"
    assert (cell.status, cell.rule) == ("gerealiseerd", "")
    assert cell.progress[0].score >= 0.3 and "binnen een dag opgepakt" in cell.progress[0].section["text"]


def test_an_ambition_in_parts_is_as_far_as_its_parts(library):
    assert _cell(library, PART_A, 2020).status == "gerealiseerd"
    assert _cell(library, PART_B, 2020).status == "geen informatie"
    parent = _cell(library, PARENT, 2020)
    assert (parent.status, parent.rule, parent.source) == ("deels gerealiseerd", ONE_OF_TWO, "onderdelen")

    # an auditor's status of a part counts as the part's status
    library.record_status_decision(PART_B, 2020, "status vastgesteld", "gerealiseerd",
                                   "buurtvaders actief volgens de gemeente", author="anna")
    parent = _cell(library, PARENT, 2020)
    # both parts done, as the parent's own paragraph says: nothing left for a rule to explain
    assert (parent.status, parent.rule, parent.source) == ("gerealiseerd", "", "voorstel")

    # and an auditor's status of the ambition itself stands above the rule, the proposal beside it
    library.record_status_decision(PARENT, 2020, "status vastgesteld", "lopend", "Zuid start pas", author="anna")
    parent = _cell(library, PARENT, 2020)
    assert (parent.status, parent.proposal, parent.source) == ("lopend", "gerealiseerd", "vastgesteld")


def test_the_rule_is_on_the_page_in_the_api_in_the_export_and_on_the_command_line(library):
    app = create_app({"DATA_DIR": str(library.data_dir), "DOCUMENTS_DIR": str(library.documents_dir),
                      "SECRET_KEY": "t", "TESTING": True})
    client = app.test_client()
    page = client.get(f"/ambities/{GOAL}").get_data(as_text=True)
    assert f"Regel: {GOAL_RULE}" in page
    matrix = client.get("/ambities?plan=waterland-plan").get_data(as_text=True)
    assert f'class="rule-mark" title="Regel: {GOAL_RULE}"' in matrix  # the matrix marks it (§), the rule in the title
    ruled = sum(bool(c.rule) for r in library.snapshot().trace.rows for c in r.cells.values())
    assert ruled >= 2 and matrix.count('class="rule-mark"') == ruled
    cell = client.get(f"/api/ambitions/{PARENT}").get_json()["years"]["2020"]
    assert (cell["status"], cell["rule"]) == ("deels gerealiseerd", ONE_OF_TWO)
    text = client.get("/api/export/trace.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(r for r in rows if r["ambitie"] == GOAL and r["jaar"] == "2020")
    assert (row["status"], row["regel voorstel"]) == ("lopend", GOAL_RULE)
    shown = CliRunner().invoke(main, ["trace", GOAL, "--data-dir", str(library.data_dir)])
    assert shown.exit_code == 0 and "regel: doel voor 2022" in shown.output

    # an auditor's status stands instead of the proposal: ✎, no § any more
    library.record_status_decision(GOAL, 2020, "status vastgesteld", "vertraagd", "volgens de gemeente", author="anna")
    app = create_app({"DATA_DIR": str(library.data_dir), "DOCUMENTS_DIR": str(library.documents_dir),
                      "SECRET_KEY": "t", "TESTING": True})
    matrix = app.test_client().get("/ambities?plan=waterland-plan").get_data(as_text=True)
    assert matrix.count('class="rule-mark"') == ruled - 1 and 'class="override-mark"' in matrix


def test_an_item_is_also_found_by_its_parents_words_and_says_so(library):
    """"menselijk kapitaal" shares no word with the paragraph on
    capaciteitsmanagement; its parent in the plan does."""
    row = library.snapshot().trace.detail(f"{PLAN}:jeugd-c-a")
    assert row.ambition["parent_id"] == f"{PLAN}:jeugd-c"
    link = next(lk for lk in row.ranked if lk.year == 2020)
    section = library.snapshot().trace_inputs.sections[link.section_id]
    assert "capaciteitsmanagement" in section["text"] and "kapitaal" not in section["text"]
    assert link.shared_terms == ["Capaciteitsmanagement (context)"]
    assert link.score < 0.15  # a weak hint beside the ambition's own words, never a status on its own
    assert row.cells[2020].status == "geen informatie"


# ---- the rules on their own: plain ambitions and cells, as build_trace hands them over

PERIOD_PLAN = {"id": "p", "period": [2019, 2022]}


def _ambition(key: str, text: str = "x", kind: str = "item", parent: str | None = None, plan: str = "p") -> dict:
    return {"id": f"{plan}:{key}", "document_id": plan, "kind": kind, "text": text,
            "parent_id": f"{plan}:{parent}" if parent else None, "heading_path": []}


@pytest.mark.parametrize("text, kind, expected", [
    ("Uiterlijk 2021 is elke wijk bemand.", "item", Horizon(2021, True, False)),
    ("In 2022 staat de eenheid in verbinding met de samenleving.", "doel", Horizon(2022, True, True)),
    ("Vanaf 2020 werken wijkagenten in vaste teams.", "item", None),  # a start, not a deadline
    ("Vanaf 2020 werken wijkagenten in vaste teams.", "doel", Horizon(2022, False, True)),  # a goal: the plan's end
    ("In 2025 is de haven veilig.", "item", None),  # outside the plan's period
    ("Per 2021 werken alle teams met bodycams.", "item", None),  # "per": as of, a start
    ("Een veilige haven voor 2019 - 2022.", "item", Horizon(2022, True, False)),  # a range: its end
    # an action table's "when" column
    ("Inbraakpreventiescan aanbieden aan 500 woningen (Wanneer: 2019-2021)", "item", Horizon(2021, True, False)),
    ("Keurmerk Veilig Ondernemen voor de haven (Planning: 2020)", "item", Horizon(2020, True, False)),
    ("Buurtpreventie in de wijk (Wanneer: doorlopend)", "item", None),
    ("Cameratoezicht evalueren (Gereed: 2021)", "item", Horizon(2021, True, False)),
    # in prose a column's word without its colon names no deadline
    ("Wij voeren de acties uit volgens de planning 2020 van het RIEC.", "item", None),
    ("Meer blauw op straat, in lijn met de termijn 2021 die de gemeente stelt.", "item", None),
])
def test_a_horizon_is_a_deadline_within_the_period_or_a_goals_plan_end(text, kind, expected):
    assert structure.horizon(_ambition("a", text, kind), PERIOD_PLAN) == expected
    assert structure.horizon(_ambition("a", text, kind), {"id": "p"}) is None  # a plan without a period


def test_what_is_done_every_year_has_no_horizon_the_years_it_names_are_those_it_is_done_in():
    text = "Twee keer per jaar nalevingscontroles alcohol met mysteryshoppers (Wanneer: 2019-2021)"
    assert structure.horizon(_ambition("a", text), PERIOD_PLAN) == Horizon(2021, True, False)
    assert structure.horizon(_ambition("a", text), PERIOD_PLAN, recurring=True) is None
    # a goal keeps its horizon: it is judged on the way to it
    assert structure.horizon(_ambition("a", text, "doel"), PERIOD_PLAN, recurring=True) == Horizon(2021, True, True)


def test_parts_and_context_stay_within_their_plan():
    ambitions = [_ambition("1", "Waarneming en duiding"), _ambition("1a", "open bronnen", parent="1"),
                 _ambition("1b", "netwerken", parent="1"), _ambition("z", "loop", parent="z"),
                 {**_ambition("x", "elders", plan="q"), "parent_id": "p:1"}]
    assert {k: [p["id"] for p in v] for k, v in structure.parts_of(ambitions).items()} == {"p:1": ["p:1a", "p:1b"]}
    context = structure.context(ambitions)
    assert context(ambitions[0]) == "open bronnen netwerken"
    assert context(ambitions[1]) == "Waarneming en duiding"
    assert context(ambitions[4]) == ""  # a parent in another plan lends no words


def _rows(own: str, parts: list[str], kind: str = "item", source: str = "voorstel") -> list[Row]:
    parent = Row(_ambition("1", kind=kind), {2020: Cell(2020, own, source)}, [], [], [])
    rows = [parent] + [Row(_ambition(f"1{chr(97 + i)}", parent="1"), {2020: Cell(2020, s, "voorstel" if s != "geen informatie" else "")},
                           [], [], []) for i, s in enumerate(parts)]
    return rows


@pytest.mark.parametrize("own, parts, status, rule", [
    ("geen informatie", ["gerealiseerd"], "gerealiseerd", "het enige onderdeel is gerealiseerd"),
    ("geen informatie", ["gerealiseerd"] * 3, "gerealiseerd", "alle 3 onderdelen gerealiseerd (1a, 1b, 1c)"),
    ("vertraagd", ["gerealiseerd", "gerealiseerd"], "deels gerealiseerd",  # its own paragraph says late
     "beide onderdelen gerealiseerd (1a, 1b); de eigen alinea: vertraagd"),
    ("geen informatie", ["gerealiseerd", "geen informatie", "vertraagd"], "deels gerealiseerd",
     "1 van de 3 onderdelen gerealiseerd (1a); de andere niet of nog niet, of het verslag noemt ze niet"),
    ("onbekend", ["lopend", "vertraagd"], "vertraagd", "volgens de onderdelen (1a: lopend; 1b: vertraagd) samen met de eigen alinea"),
    ("lopend", ["geen informatie", "geen informatie"], "lopend", ""),  # the report says nothing of the parts
    ("lopend", ["lopend"], "lopend", ""),  # the parts agree: nothing to explain
])
def test_an_ambition_is_as_far_as_its_parts(own, parts, status, rule):
    rows = _rows(own, parts)
    structure.roll_up(rows, {}, {})
    cell = rows[0].cells[2020]
    assert (cell.status, cell.rule) == (status, rule)
    assert cell.source == ("onderdelen" if rule else "voorstel")


def test_confirmed_links_keep_their_status_and_a_goal_rolled_up_says_its_parts_made_it():
    rows = _rows("lopend", ["gerealiseerd", "geen informatie"], source="bevestigd")
    structure.roll_up(rows, {}, {})
    assert (rows[0].cells[2020].status, rows[0].cells[2020].rule) == ("lopend", "")
    rows = _rows("geen informatie", ["gerealiseerd", "gerealiseerd"], kind="doel")
    structure.roll_up(rows, {"p:1": Horizon(2022, False, True)}, {})
    assert rows[0].cells[2020].status == "lopend"
    assert rows[0].cells[2020].rule == ("beide onderdelen gerealiseerd (1a, 1b); doel voor het eind van de planperiode "
                                        "(2022): wat de onderdelen gerealiseerd noemt, telt vóór 2022 als voortgang (lopend)")


def test_a_cycle_of_parents_ends():
    a, b = _ambition("a", parent="b"), _ambition("b", parent="a")
    rows = [Row(x, {2020: Cell(2020, "gerealiseerd", "voorstel")}, [], [], []) for x in (a, b)]
    structure.roll_up(rows, {}, {})  # returns: the depth walk stops at an ambition seen before
    assert {r.cells[2020].status for r in rows} == {"gerealiseerd"}


# TESTDATA: an item whose best paragraph shares only a word with it, and says something is done
LOOSE_PLAN = """\
# Veiligheidsplan Polderland 2019-2022 (TESTDATA)

## Woninginbraken

### Wat gaan we daarvoor doen?

- Een regionale aanpak van woninginbraken met buurtpreventie, extra surveillance en voorlichting aan bewoners.
- Het inbraakpreventieteam bezoekt elk jaar alle woningen rond een inbraak binnen twee weken.
"""

LOOSE_REPORT = """\
# Jaarverslag 2020 Eenheid Polderland (TESTDATA)

## Woninginbraken

De voorlichting aan bewoners over de nieuwe meldkamer is in 2020 afgerond.

Het inbraakpreventieteam bezocht in 2020 alle woningen rond een inbraak binnen twee weken: dat is gerealiseerd.
"""


CONCEPT_LEERDOSSIER = """\
---
title: "Leerdossier buurtpreventie"
kind: leerdossier
unit: Eenheid Polderland
date: 2020-09-01
status: concept
ambities: [woninginbraken-a]
---
# Leerdossier buurtpreventie

## Aanleiding
Buurtpreventie tegen woninginbraken in Polderland.
"""


def _polderland(folder: Path, leerdossier: bool = False, plan: str = LOOSE_PLAN, report: str = LOOSE_REPORT) -> Library:
    docs = folder / "documents"
    docs.mkdir(parents=True)
    _write(docs, "polderland-plan", plan, 'title = "Veiligheidsplan Polderland (TESTDATA)"\nkind = "plan"\n'
                                          'unit = "Eenheid Polderland"\nperiod = [2019, 2022]\n')
    _write(docs, "polderland-jaarverslag-2020", report, 'title = "Jaarverslag 2020 (TESTDATA)"\n'
           'kind = "jaarverslag"\nunit = "Eenheid Polderland"\nyear = 2020\n')
    if leerdossier:
        (docs / "ld-buurtpreventie.md").write_text(CONCEPT_LEERDOSSIER, encoding="utf-8")
    lib = Library(folder / "data", documents_dir=docs)
    assert not lib.ingest().failures
    return lib


def test_a_leerdossier_still_under_way_does_not_make_a_weak_done_count(tmp_path):
    """A concept leerdossier that names the item says "lopend"; with the weak paragraph that
    calls something done, the two would combine to "gerealiseerd": the rule still holds."""
    cell = _cell(_polderland(tmp_path, leerdossier=True), "polderland-plan:woninginbraken-a", 2020)
    assert [(p.kind, p.finding.status) for p in cell.progress][:2] == [("leerdossier", "lopend"), ("alinea", "gerealiseerd")]
    assert strength(cell.progress[1].score) == "mogelijk"
    assert (cell.status, cell.rule) == ("onbekend", DONE_NEEDS_STRONG)


# TESTDATA: an item whose best paragraph only shares "evenementen" and says they were cancelled
CANCELLED_PLAN = """\
# Veiligheidsplan Polderland 2019-2022 (TESTDATA)

## Openbare orde

### Wat gaan we daarvoor doen?

- Vóór grote evenementen delen we eerder informatie met gemeente en organisatoren en stemmen we de inzet af.
- De mobiele eenheid oefent elk jaar samen met de brandweer het optreden bij rellen in de binnenstad.
"""

CANCELLED_REPORT = """\
# Jaarverslag 2020 Eenheid Polderland (TESTDATA)

## Openbare orde

Grote evenementen zoals de zomerfestivals mochten door de coronamaatregelen niet doorgaan.

De jaarlijkse oefening van de mobiele eenheid samen met de brandweer voor het optreden bij rellen in de binnenstad kon door de coronamaatregelen niet doorgaan.
"""


@pytest.mark.parametrize("plan, report, theme, word, claim, rule", [
    # a paragraph that shares a word and calls something done: blind readers called such cells
    # anything but done
    (LOOSE_PLAN, LOOSE_REPORT, "woninginbraken", "meldkamer", "gerealiseerd", DONE_NEEDS_STRONG),
    # ... or says something was cancelled (the cancelled events beside a training)
    (CANCELLED_PLAN, CANCELLED_REPORT, "openbare-orde", "zomerfestivals", "niet gerealiseerd", NOT_DONE_NEEDS_STRONG),
])
def test_a_claim_that_ends_the_matter_needs_a_paragraph_clearly_about_the_ambition(tmp_path, plan, report, theme,
                                                                                     word, claim, rule):
    """"gerealiseerd" and "niet gerealiseerd" from a possible paragraph: "onbekend", the paragraph
    shown with the rule; a strong paragraph keeps the claim, and so does an auditor's link."""
    lib = _polderland(tmp_path, plan=plan, report=report)
    loose, clear = (_cell(lib, f"polderland-plan:{theme}-{n}", 2020) for n in ("a", "b"))
    best = loose.progress[0]
    assert word in best.section["text"] and best.finding.status == claim
    assert strength(best.score) == "mogelijk"
    assert (loose.status, loose.rule, loose.source) == ("onbekend", rule, "voorstel")
    assert strength(clear.progress[0].score) == "sterk"
    assert (clear.status, clear.rule) == (claim, "")

    lib.record_decision(f"polderland-plan:{theme}-a", best.section["id"], CONFIRM,
                        note="de alinea gaat erover", author="anna")
    assert _cell(lib, f"polderland-plan:{theme}-a", 2020).status == claim  # an auditor's link counts


# TESTDATA: a goal for a later year that is "nog niet" there, beside a real delay and an item
NOT_YET_PLAN = """\
# Veiligheidsplan Kustland 2020-2023 (TESTDATA)

## Zorg en veiligheid

### Wat willen we bereiken?

1. In 2023 wordt iedere persoon met verward gedrag binnen een maand besproken in het Zorg- en Veiligheidshuis Kustland.
2. In 2023 heeft elke gemeente van Kustland een meldpunt voor buurtoverlast.

### Wat gaan we daarvoor doen?

- We stellen een draaiboek voor huiselijk geweld in Kustland op.
"""

NOT_YET_REPORT = """\
# Jaarverslag 2021 Eenheid Kustland (TESTDATA)

## Zorg en veiligheid

Het lukt nog niet altijd om personen met verward gedrag binnen een maand te bespreken in het Zorg- en Veiligheidshuis Kustland.

De meldpunten voor buurtoverlast in de gemeenten van Kustland zijn vertraagd door de verhuizing van het gemeentehuis.

Het draaiboek voor huiselijk geweld in Kustland is er nog niet.
"""


def test_not_yet_before_a_goals_year_is_the_way_there_not_a_delay(tmp_path):
    docs = tmp_path / "documents"
    docs.mkdir()
    _write(docs, "kustland-plan", NOT_YET_PLAN, 'title = "Veiligheidsplan Kustland (TESTDATA)"\nkind = "plan"\n'
                                                'unit = "Eenheid Kustland"\nperiod = [2020, 2023]\n')
    _write(docs, "kustland-2021", NOT_YET_REPORT, 'title = "Jaarverslag 2021 (TESTDATA)"\nkind = "jaarverslag"\n'
                                                  'unit = "Eenheid Kustland"\nyear = 2021\n')
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    goal, late_goal, item = (_cell(lib, f"kustland-plan:{k}", 2021)
                             for k in ("zorg-veiligheid-doel-1", "zorg-veiligheid-doel-2", "zorg-veiligheid-a"))
    assert goal.progress[0].finding.status == "vertraagd"  # the paragraph reads "nog niet" as late ...
    assert (goal.status, goal.rule) == ("lopend", "doel voor 2023: wat het verslag 'nog niet' noemt, is vóór 2023 "
                                                  "geen vertraging maar de weg erheen (lopend)")  # ... before 2023 it is not
    assert (late_goal.status, late_goal.rule) == ("vertraagd", "")  # a delay the report names stays one
    assert (item.status, item.rule) == ("vertraagd", "")  # an item has no year to be on the way to


def test_context_words_alone_never_pass_the_threshold(tmp_path):
    """However often a short paragraph repeats its words, the parent's words add at most a
    tenth of a full match: never a link that sets a cell."""
    docs = tmp_path / "documents"
    docs.mkdir()
    _write(docs, PLAN, PLAN_TEXT, 'title = "Veiligheidsplan Waterland (TESTDATA)"\nkind = "plan"\n'
                                  'unit = "Eenheid Waterland"\nperiod = [2019, 2022]\n')
    _write(docs, "waterland-jaarverslag-2020",
           "# Jaarverslag 2020 Eenheid Waterland (TESTDATA)\n## Jeugd\n### Capaciteitsmanagement\n"
           "Capaciteitsmanagement. Capaciteitsmanagement, capaciteitsmanagement.\n\n"
           "De teams werkten in 2020 met het nieuwe rooster voor de diensten in de wijken.\n",
           'title = "Jaarverslag 2020 (TESTDATA)"\nkind = "jaarverslag"\nunit = "Eenheid Waterland"\nyear = 2020\n')
    library = Library(tmp_path / "data", documents_dir=docs)
    assert not library.ingest().failures
    row = library.snapshot().trace.detail(f"{PLAN}:jeugd-c-a")
    link = next(lk for lk in row.ranked if lk.year == 2020)
    assert link.shared_terms and all("(context" in t for t in link.shared_terms)
    assert link.score <= CONTEXT_QUERY_WEIGHT + 1e-9  # the paragraph has no theme: no theme factor
    assert link.score < LINK_THRESHOLD and row.cells[2020].status == "geen informatie"
    assert CONTEXT_QUERY_WEIGHT * THEME_MATCH < LINK_THRESHOLD  # nor in a paragraph of the ambition's theme


@pytest.mark.parametrize("kind, score, status", [
    ("doel", 0.20, "lopend"),  # a goal, judged on progress: what may be about it and says no status is progress
    ("item", 0.20, "onbekend"),  # an item: the paragraph may be about something else
    ("doel", 0.40, "lopend"),  # strong, as for every ambition
])
def test_a_goal_with_a_possible_paragraph_without_a_cue_is_under_way(kind, score, status):
    from kb.trace.build import proposed_status
    from kb.trace.status import Finding
    from kb.trace.view import Progress
    assert strength(0.20) == "mogelijk" and strength(0.40) == "sterk"
    best = Progress(section={"id": "verslag/1", "text": "De wijkagenten spraken met de jongeren."}, document={},
                    year=2024, score=score, shared_terms=["jongeren"], read=lambda: (Finding("onbekend"), []))
    assert proposed_status([], best, deed=False, goal=kind == "doel") == status


# TESTDATA: a made-up municipality whose plan names one goal per chapter and the actions beside it
CHAPTER_PLAN = """\
# Veiligheidsplan Dijkwaard 2023-2026 (TESTDATA)

## Thema 1. Zorg en veiligheid

### Wat willen we bereiken?

Inwoners met onbegrepen gedrag krijgen snel passende hulp, zodat escalaties worden voorkomen.

### Wat gaan we daarvoor doen?

- We openen een meldpunt zorg en overlast in Dijkwaard.
- We bespreken elke maand de casussen in het zorg- en veiligheidsoverleg van Dijkwaard.

## Thema 2. Jeugd

### Doelstellingen

1. Het aantal meldingen jeugdoverlast in Dijkwaard daalt.
2. Jongeren in Dijkwaard voelen zich veilig op straat.

### Wat gaan we daarvoor doen?

- We zetten twee jongerenwerkers in op de hangplekken van Dijkwaard.
"""

CHAPTER_REPORT = """\
# Jaarverslag 2024 Dijkwaard (TESTDATA)

## Zorg

Het meldpunt zorg en overlast in Dijkwaard is op 1 oktober geopend.

Het zorg- en veiligheidsoverleg van Dijkwaard besprak elke maand de casussen.

## Jeugd

Op de hangplekken van Dijkwaard zijn twee jongerenwerkers gestart.
"""


def test_a_chapters_one_goal_no_paragraph_is_about_is_as_far_as_the_chapters_actions(tmp_path):
    lib = unit_library(tmp_path, "dijkwaard", "Gemeente Dijkwaard", CHAPTER_PLAN, (2023, 2026), CHAPTER_REPORT, 2024)
    goal = _cell(lib, "dijkwaard-plan:thema-1-doel", 2024)
    assert not any(p.above_threshold for p in goal.progress)  # no paragraph is about the goal itself
    assert (goal.status, goal.source) == ("lopend", structure.CHAPTER)
    assert goal.rule == ("geen alinea over het doel zelf; volgens de andere ambities van het hoofdstuk 'Thema 1. Zorg "
                         "en veiligheid' (thema-1-a: gerealiseerd; thema-1-b: lopend); doel voor het eind van de "
                         "planperiode (2026): wat het verslag over 2024 gerealiseerd noemt, telt vóór 2026 als "
                         "voortgang (lopend)")
    # one of two goals under "Doelstellingen" stands on its own: the chapter's actions are not its own
    assert _cell(lib, "dijkwaard-plan:thema-2-doel-1", 2024).status == "geen informatie"
    client = create_app({"DATA_DIR": str(lib.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    html = client.get("/ambities/dijkwaard-plan:thema-1-doel").get_data(as_text=True)
    assert "geen alinea over dit doel zelf, volgens de andere ambities van zijn hoofdstuk" in html


def test_a_chapter_goals_rule_names_eight_of_its_chapter_and_counts_the_rest():
    def row(key: str, kind: str, heading: str, status: str) -> Row:
        ambition = {"id": f"p:{key}", "document_id": "p", "kind": kind, "key": key, "parent_id": None, "text": key,
                    "heading_path": ["Plan", "Thema 1", heading]}
        return Row(ambition, {2024: Cell(2024, status, "voorstel" if status != "geen informatie" else "", [])}, [], [], [])

    goal = row("thema-1-doel", "doel", "Wat willen we bereiken?", "geen informatie")
    actions = [row(f"thema-1-{n}", "item", "Wat gaan we daarvoor doen?", "lopend") for n in range(12)]
    other = row("thema-2-a", "item", "Elders", "gerealiseerd")
    other.ambition["heading_path"] = ["Plan", "Thema 2", "Wat gaan we daarvoor doen?"]
    structure.roll_up([goal, *actions, other], {}, {})
    cell = goal.cells[2024]
    assert (cell.status, cell.source) == ("lopend", structure.CHAPTER)
    assert cell.rule.count("thema-1-") == 8 and cell.rule.endswith("; en 4 meer)") and "thema-2-a" not in cell.rule
