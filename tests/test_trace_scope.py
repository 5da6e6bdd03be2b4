"""A plan is traced against the reports that report on it (issue 16, scope): its own unit's
reports of the plan period and the year after, plus those its metadata names. Other
documents may be shown as context ("elders gevonden", `in_scope: false`) and never set a
cell, a KPI figure or a status; adding them never changes the plan's matrix."""

from __future__ import annotations

import shutil
from html import unescape
from pathlib import Path

import pytest
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, aid

from click.testing import CliRunner
from helpers.websetup import csrf, login

from kb.cli import main
from kb.library import Library
from kb.trace.export import TRACE_COLUMNS, trace_table
from web import create_app

# TESTDATA: made-up reports, written for these tests, with the words of the plan's ambitions
OTHER_UNIT_2020 = """\
# Jaarverslag 2020 Veiligheidsregio Elders (TESTDATA)

## Ondermijning

AGORA biedt een digitale leer/kennisomgeving; het leerdossier criminele bedrijfsvoering is niet
opgeleverd. De geplande leerdossiers zijn niet gerealiseerd.

## Burger centraal

De reactietijd voor prio 1 meldingen (Spoed) lag in 2020 met een realisatie van 61,0% (binnen 15
minuten ter plaatse) ver onder de afgesproken norm van 82%. Het ziekteverzuim daalde tot 4,1 %
(ambitie was maximaal 6,8 %).

## Cybercrime

Het basiskennisniveau van de medewerkers binnen basisteams en opsporing is niet verhoogd.
"""


def _meta(path: Path, text: str) -> None:
    path.with_name(path.stem + ".meta.toml").write_text(text, encoding="utf-8")


def _add_unrelated(docs: Path) -> None:
    """Reports that are not about the bundled plan: another unit's, one without a unit, one of
    the plan's unit from before its period, and a document that is no report."""
    for name, meta in (
        ("elders-jaarverslag-2020", 'kind = "jaarverslag"\nunit = "Veiligheidsregio Elders"\nyear = 2020\n'),
        ("gemeente-zonder-eenheid-2020", 'kind = "voortgangsrapportage"\nyear = 2020\n'),
        ("rotterdam-jaarverslag-2017", 'kind = "jaarverslag"\nunit = "Eenheid Rotterdam"\nyear = 2017\n'),
        ("nieuwsbericht-agora", 'kind = "overig"\nyear = 2020\n'),
    ):
        path = docs / f"{name}.md"
        path.write_text(OTHER_UNIT_2020.replace("Veiligheidsregio Elders", name), encoding="utf-8")
        _meta(path, f'title = "{name} (TESTDATA)"\n{meta}')


def _matrix(lib: Library) -> dict:
    trace = lib.snapshot().trace
    cells = {(r.ambition["id"], y): (c.status, c.source, tuple(p.section["id"] for p in c.progress))
             for r in trace.rows for y, c in r.cells.items()}
    kpis = {(line.norm["id"], line.year): (line.verdict, (line.value or {}).get("section_id")) for line in trace.scorecard}
    return {"years": trace.years, "cells": cells, "kpis": kpis}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope")
    alone = Library(root / "alone", documents_dir=DOCUMENTS)
    assert not alone.ingest().failures
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    _add_unrelated(docs)
    crowded = Library(root / "crowded", documents_dir=docs)
    assert not crowded.ingest().failures
    return alone, crowded, docs


def test_unrelated_documents_never_change_the_matrix(folders):
    alone, crowded, _ = folders
    before, after = _matrix(alone), _matrix(crowded)
    assert after["years"] == before["years"] == [2020]
    assert after["cells"] == before["cells"]
    assert after["kpis"] == before["kpis"]


def test_they_are_shown_as_context_elsewhere(folders):
    _, crowded, docs = folders
    row = crowded.snapshot().trace.detail(aid("ondermijning-4d"))
    elsewhere = [p for p in row.progress if not p.in_scope]
    assert elsewhere and not any(p.counts for p in elsewhere)
    assert {p.section["document_id"] for p in elsewhere} <= {"elders-jaarverslag-2020", "gemeente-zonder-eenheid-2020",
                                                           "rotterdam-jaarverslag-2017"}
    assert all(p.section["document_id"] == REPORT_ID for c in row.cells.values() for p in c.progress)
    app = create_app({"DATA_DIR": str(crowded.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True})
    client = app.test_client()
    body = client.get(f"/api/ambitions/{aid('ondermijning-4d')}").get_json()
    flags = {p["document_id"]: p["in_scope"] for p in body["progress"]}
    assert flags[REPORT_ID] is True and False in flags.values()
    page = client.get(f"/ambities/{aid('ondermijning-4d')}").get_data(as_text=True)
    assert "Elders gevonden" in page


def test_a_confirmed_link_outside_the_scope_sets_no_cell(folders):
    _, crowded, _ = folders
    row = crowded.snapshot().trace.detail(aid("cybercrime-2"))
    outside = next(p for p in row.progress if not p.in_scope)
    crowded.record_decision(aid("cybercrime-2"), outside.section["id"], "bevestigd", author="auditor")
    after = crowded.snapshot().trace.detail(aid("cybercrime-2"))
    assert all(p.section["id"] != outside.section["id"] for c in after.cells.values() for p in c.progress)
    kept = next(p for p in after.progress if p.section["id"] == outside.section["id"])
    assert kept.decision is not None and not kept.counts
    # said when made, and kept in the export of its year, marked as not counting
    said = crowded.snapshot().scope_warning(aid("cybercrime-2"), outside.section["id"])
    assert said.startswith(f"de koppeling telt niet mee: '{outside.section['document_id']}' rapporteert niet over {PLAN_ID}")
    inside = next(p for p in row.progress if p.in_scope)
    assert crowded.snapshot().scope_warning(aid("cybercrime-2"), inside.section["id"]) is None
    table = trace_table(crowded.snapshot().trace, plan=PLAN_ID)
    cell = next(r for r in table.rows if r[0] == aid("cybercrime-2") and r[4] == outside.year)
    assert f"bevestigd door auditor op {kept.decision.at[:10]} (buiten de scope, telt niet mee): {outside.section['id']}" \
        in cell[TRACE_COLUMNS.index("beslissingen")]
    # one on a report of a year the plan has no column for (its unit's, before the plan period):
    # a row of its own, marked
    early = next(sid for sid, sec in crowded.snapshot().catalog.section_by_id.items()
                 if sec["document_id"] == "rotterdam-jaarverslag-2017" and sec["kind"] == "paragraph")
    d = crowded.record_decision(aid("cybercrime-2"), early, "toegevoegd", author="auditor")
    assert d.warning and "rotterdam-jaarverslag-2017" in d.warning
    table = trace_table(crowded.snapshot().trace, plan=PLAN_ID)
    mine = [r for r in table.rows if r[0] == aid("cybercrime-2")]
    assert [r[4] for r in mine] == [2017, 2020] or [r[4] for r in mine] == [2020, 2017]
    row = next(r for r in mine if r[4] == 2017)
    assert row[TRACE_COLUMNS.index("bron")] == "buiten de scope" and row[TRACE_COLUMNS.index("status")] == ""
    assert f"(buiten de scope, telt niet mee): {early}" in row[TRACE_COLUMNS.index("beslissingen")]


def test_an_auditor_is_told_when_a_link_does_not_count(folders, tmp_path):
    _, crowded, docs = folders
    crowded.users.add("auditor", "geheim-wachtwoord-1", "auditor")
    row = crowded.snapshot().trace.detail(aid("ondermijning-4d"))
    outside = next(p for p in row.progress if not p.in_scope)
    app = create_app({"DATA_DIR": str(crowded.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True,
                      "SECRET_KEY": "test"})
    client = app.test_client()
    login(client, "auditor", "geheim-wachtwoord-1")
    page = f"/ambities/{aid('ondermijning-4d')}"
    r = client.post(page + "/beslissing", data={"csrf_token": csrf(client, page), "actie": "voeg-toe",
                                                "sectie": outside.section["id"]}, follow_redirects=True)
    shown = unescape(r.get_data(as_text=True))
    assert "Koppeling toegevoegd. Let op: de koppeling telt niet mee: " in shown and "reports_on" in shown
    api = client.post(f"/api/ambitions/{aid('ondermijning-4d')}/decisions", headers={"X-CSRFToken": csrf(client, page)},
                      json={"action": "bevestigd", "section_id": next(p for p in row.progress if p.in_scope).section["id"]})
    assert api.status_code == 201 and api.get_json()["counts"] is True and "warning" not in api.get_json()
    note = client.post(f"/api/ambitions/{aid('ondermijning-4d')}/decisions", headers={"X-CSRFToken": csrf(client, page)},
                       json={"action": "notitie", "note": "gelezen"})
    assert note.status_code == 201 and "counts" not in note.get_json()  # a note is no link that counts or not
    api = client.post(f"/api/ambitions/{aid('ondermijning-4d')}/decisions", headers={"X-CSRFToken": csrf(client, page)},
                      json={"action": "bevestigd", "section_id": outside.section["id"]})
    assert api.status_code == 201 and api.get_json()["counts"] is False
    assert api.get_json()["warning"].startswith("de koppeling telt niet mee")
    result = CliRunner().invoke(main, ["decision", "confirm", aid("ondermijning-4d"), outside.section["id"],
                                       "--auteur", "auditor", "--data-dir", str(crowded.data_dir)])
    assert result.exit_code == 0 and "let op: de koppeling telt niet mee" in result.output


def test_metadata_widens_the_scope(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    named = docs / "elders-jaarverslag-2021.md"
    named.write_text(OTHER_UNIT_2020.replace("2020", "2021"), encoding="utf-8")
    _meta(named, f'title = "Elders 2021"\nkind = "jaarverslag"\nunit = "Veiligheidsregio Elders"\nyear = 2021\n'
                 f'reports_on = ["{PLAN_ID}"]\n')
    partner = docs / "partner-voortgang-2022.md"
    partner.write_text(OTHER_UNIT_2020.replace("2020", "2022"), encoding="utf-8")
    _meta(partner, 'title = "Partner 2022"\nkind = "voortgangsrapportage"\nunit = "Gemeente Partnerstad"\nyear = 2022\n')
    plan_meta = docs / f"{PLAN_ID}.meta.toml"
    plan_meta.write_text(plan_meta.read_text(encoding="utf-8") + '\nscope_units = ["Gemeente Partnerstad"]\n',
                         encoding="utf-8")
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    trace = lib.snapshot().trace
    assert trace.years == [2020, 2021, 2022]
    cell = trace.detail(aid("ondermijning-4d")).cells[2021]
    assert cell.progress and cell.progress[0].section["document_id"] == "elders-jaarverslag-2021"


def test_report_years_map_to_the_plan_whose_period_covers_them(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    last = docs / "rotterdam-jaarverslag-2023.md"
    last.write_text(OTHER_UNIT_2020.replace("2020", "2023"), encoding="utf-8")
    _meta(last, 'title = "Jaarverslag 2023"\nkind = "jaarverslag"\nunit = "Eenheid Rotterdam"\nyear = 2023\n')
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    # with one plan, the report of the year after its period reports on it
    assert lib.snapshot().trace.years == [2020, 2023]
    following = docs / "rotterdam-veiligheidsplan-2023-2026.txt"
    shutil.copy(DOCUMENTS / f"{PLAN_ID}.txt", following)
    _meta(following, 'title = "Plan 2023-2026"\nkind = "plan"\nunit = "Eenheid Rotterdam"\nperiod = [2023, 2026]\n')
    assert not lib.ingest().failures
    trace = lib.snapshot().trace
    old = trace.detail(aid("ondermijning-4d"))
    new = trace.detail(aid("ondermijning-4d", "rotterdam-veiligheidsplan-2023-2026"))
    assert set(old.cells) == {2020} and set(new.cells) == {2023}


def test_a_unit_written_another_way_is_the_same_unit(tmp_path):
    """Reports name their unit as they like: "Politie-eenheid Rotterdam" is the plan's
    "Eenheid Rotterdam"; "Gemeente Rotterdam" is not."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    for name, unit in (("politie-eenheid-2021", "Politie-eenheid Rotterdam"), ("gemeente-2021", "Gemeente Rotterdam")):
        path = docs / f"{name}.md"
        path.write_text(OTHER_UNIT_2020.replace("2020", "2021"), encoding="utf-8")
        _meta(path, f'title = "{name}"\nkind = "jaarverslag"\nunit = "{unit}"\nyear = 2021\n')
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    cell = lib.snapshot().trace.detail(aid("ondermijning-4d")).cells[2021]
    assert {p.section["document_id"] for p in cell.progress} == {"politie-eenheid-2021"}


def test_decisions_follow_their_text_when_a_report_is_renumbered(tmp_path):
    """A bullet inserted in a report and the report ingested again: every paragraph after it
    gets the next id. A confirmation and a rejection stay with the text they were made on,
    not with the id (the confirmation went to another paragraph, flagged; the rejection
    silently dropped an unrelated one); a decision whose text is gone is flagged, a rejection
    of it no longer keeps the new text out."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    base = f"{REPORT_ID}/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/"
    sections = lib.snapshot().catalog.section_by_id
    assert sections[base + "18"]["text"].startswith("Er is een leerdossier opgesteld")
    lib.record_decision(aid("ondermijning-4e"), base + "18", "bevestigd", author="auditor")
    lib.record_decision(aid("ondermijning-2b"), base + "19", "afgewezen", author="auditor")
    lib.record_decision(aid("ondermijning-2b"), base + "17", "afgewezen", author="auditor")
    report = docs / f"{REPORT_ID}.txt"
    text = report.read_text(encoding="utf-8")
    anchor = "• Samen met de ketenpartners hebben"
    assert text.count(anchor) == 1
    text = text.replace(anchor, "• Een extra punt over de aanpak van drugs (TESTDATA).\n\n" + anchor)
    # and the text of the rejected /17 itself changes: no section has it any more
    report.write_text(text.replace("Een integrale visie is in \nontwikkeling.", "Een integrale visie is af."),
                      encoding="utf-8")
    assert not lib.ingest().failures
    snapshot = lib.snapshot()
    assert snapshot.catalog.section_by_id[base + "19"]["text"].startswith("Er is een leerdossier opgesteld")
    row = snapshot.trace.detail(aid("ondermijning-4e"))
    confirmed = next(p for p in row.progress if p.decision is not None)
    assert confirmed.section["id"] == base + "19" and not confirmed.suspect
    assert confirmed.decision.moved_from == base + "18" and confirmed in row.cells[2020].progress
    row = snapshot.trace.detail(aid("ondermijning-2b"))
    decided = {p.section["id"]: p for p in row.progress if p.decision is not None}
    assert decided[base + "20"].decision.action == "afgewezen" and not decided[base + "20"].suspect  # moved along
    assert base + "19" not in decided  # the unrelated leerdossier bullet now at /19 is not rejected
    # the rejection of /17, whose text no section has any more, stays on /17 (the inserted
    # bullet now): flagged, and not keeping that new text out
    gone = decided[base + "17"]
    assert gone.section["text"].startswith("Een extra punt") and gone.suspect and gone.counts == gone.above_threshold
    # a withdrawal on the paragraph the decision now stands on finds it
    lib.record_decision(aid("ondermijning-4e"), base + "19", "ingetrokken", author="auditor")
    assert all(p.decision is None for p in lib.snapshot().trace.detail(aid("ondermijning-4e")).progress)
