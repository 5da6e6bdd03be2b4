"""An auditor confirms or replaces a KPI figure with a reason (issue 16): kept in the decisions
store with its history, shown on the scorecard, in the exports and in `kb kpi`, moved with
`kb decision export/import`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from helpers.paths import aid
from helpers.websetup import build_site, csrf, login

from kb.cli import main
from kb.errors import KbError
from kb.library import Library
from web import create_app

EXECUTIE = aid("kpi-executie")


def _line(lib: Library, norm: str, year: int = 2020):
    return next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == norm and x.year == year)


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("kpi"), corpus.data_dir)


def test_replace_confirm_and_withdraw_a_figure(site):
    _, data = site
    lib = Library(data)
    found = _line(lib, EXECUTIE)
    assert found.value["value"] == pytest.approx(62.18) and found.verdict == "niet gehaald"
    with pytest.raises(KbError, match="reden"):
        lib.record_kpi_decision(EXECUTIE, 2020, "cijfer vervangen", "", value=71)
    with pytest.raises(KbError, match="geen KPI-norm"):
        lib.record_kpi_decision(aid("ondermijning-4d"), 2020, "cijfer bevestigd", "x")
    with pytest.raises(KbError, match="verslagjaren: 2020"):
        lib.record_kpi_decision(EXECUTIE, 2017, "cijfer bevestigd", "x")
    with pytest.raises(KbError, match="getal"):
        lib.record_kpi_decision(EXECUTIE, 2020, "cijfer vervangen", "x", value="veel")
    lib.record_kpi_decision(EXECUTIE, 2020, "cijfer vervangen", "cijfer uit de herziene bijlage", value="71,5",
                            author="auditor-a")
    line = _line(lib, EXECUTIE)
    assert line.overridden and line.value["value"] == 71.5 and line.value["source"] == "auditor"
    assert line.verdict == "gehaald" and line.to_dict()["found_value"] == pytest.approx(62.18)
    lib.record_kpi_decision(EXECUTIE, 2020, "ingetrokken", "toch het gevonden cijfer", author="auditor-a")
    assert _line(lib, EXECUTIE).value["value"] == pytest.approx(62.18) and not _line(lib, EXECUTIE).decision
    lib.record_kpi_decision(EXECUTIE, 2020, "cijfer bevestigd", "nagerekend", author="auditor-b")
    line = _line(lib, EXECUTIE)
    assert line.confirmed and line.value["value"] == pytest.approx(62.18) and line.verdict == "niet gehaald"
    assert [d.action for d in lib.kpi_decisions.history()] == ["cijfer vervangen", "ingetrokken", "cijfer bevestigd"]
    # the command line shows and moves them
    shown = CliRunner().invoke(main, ["kpi", "--json", "--data-dir", str(data)])
    assert shown.exit_code == 0, shown.output
    lines = next(n["lines"] for n in json.loads(shown.output)["norms"] if n["id"] == EXECUTIE)
    assert lines[0]["decision"]["author"] == "auditor-b" and lines[0]["decision"]["note"] == "nagerekend"
    history = CliRunner().invoke(main, ["kpi", "history", "--data-dir", str(data)])
    assert history.output.count(EXECUTIE) == 3
    exported = CliRunner().invoke(main, ["decision", "export", "--data-dir", str(data)])
    assert exported.exit_code == 0
    assert len(json.loads(exported.output)["kpi_decisions"]) == 3


def test_decisions_move_with_export_and_import(site, tmp_path):
    _, data = site
    # its own decisions: the module's other tests may run in another worker (pytest -n)
    Library(data).record_kpi_decision(EXECUTIE, 2020, "cijfer bevestigd", "voor de export", author="auditor-c")
    path = tmp_path / "export.json"
    assert CliRunner().invoke(main, ["decision", "export", "-o", str(path), "--data-dir", str(data)]).exit_code == 0
    exported = json.loads(path.read_text(encoding="utf-8"))["kpi_decisions"]
    assert any(d["author"] == "auditor-c" for d in exported)
    other = Library(tmp_path / "other")
    assert other.kpi_decisions.import_(exported)[0] == len(exported)
    again = other.kpi_decisions.import_(exported)
    assert again == (0, len(exported))


def test_the_web_form_the_api_and_the_export(site):
    docs, data = site
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    client = app.test_client()
    norm = aid("kpi-ondermijning")
    assert client.post("/kpi/beslissing", data={"norm": norm}).status_code in (302, 400, 401, 403)
    login(client, "auditor")
    page = client.get("/kpi").get_data(as_text=True)
    assert "Cijfer bevestigen of vervangen" in page
    r = client.post("/kpi/beslissing", data={"csrf_token": csrf(client, "/kpi"), "norm": norm, "jaar": "2020",
                                             "actie": "vervang", "waarde": "96", "notitie": "OM telt 96 CSV's"})
    assert r.status_code == 302
    page = client.get("/kpi").get_data(as_text=True)
    assert "cijfer vervangen" in page and "OM telt 96 CSV" in page
    body = client.get("/api/kpis").get_json()
    line = next(ln for n in body["norms"] if n["id"] == norm for ln in n["lines"] if ln["year"] == 2020)
    assert line["value"] == 96 and line["overridden"] and line["found_value"] == 94 and line["verdict"] == "gehaald"
    # the report's words stay the source; the reason is the decision's
    assert "94" in line["text"] and "OM telt" not in line["text"] and line["decision"]["note"] == "OM telt 96 CSV's"
    # the replaced figure decided the cell: every view says so, not only the scorecard
    cell = client.get(f"/api/ambitions/{norm}").get_json()["years"]["2020"]
    assert cell["status"] == "gerealiseerd" and cell["source"] == "kpi"
    said = cell["decided_by"]["what"]
    assert cell["decided_by"]["kind"] == "kpi" and cell["decided_by"]["author"] == "auditor"
    assert "vervangen" in said and "96" in said and "gevonden: 94" in said and said == line["said"]
    matrix = client.get("/ambities").get_data(as_text=True)
    assert f'title="{said} door auditor op ' in matrix
    page = client.get(f"/ambities/{norm}").get_data(as_text=True)
    assert f"{said} door auditor" in page
    table = client.get("/ambities/export.csv").get_data(as_text=True).lstrip("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(table), delimiter=";") if r["ambitie"] == norm)
    assert row["status vastgesteld door"] == "auditor" and row["status"] == "gerealiseerd"
    assert said in row["reden status"] and "OM telt 96 CSV's" in row["reden status"]
    kpis = client.get("/api/export/kpis.csv").get_data(as_text=True).lstrip("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(kpis), delimiter=";") if r["norm"] == norm and r["jaar"] == "2020")
    assert "94" in row["bron (tekst)"] and row["reden"] == "OM telt 96 CSV's"
    api = client.post("/api/kpis/decisions", json={"norm_id": norm, "year": 2020, "action": "cijfer bevestigd",
                                                   "note": "toch 94"}, headers={"X-CSRFToken": csrf(client, "/kpi")})
    assert api.status_code == 201, api.get_json()
    bad = client.post("/api/kpis/decisions", json={"norm_id": norm, "year": 2020, "action": "cijfer vervangen",
                                                   "note": "x", "value": "veel"}, headers={"X-CSRFToken": csrf(client, "/kpi")})
    assert bad.status_code == 400 and "getal" in bad.get_json()["error"]
    table = client.get("/api/export/kpis.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(table), delimiter=";" if table.count(";") > table.count(",") else ","))
    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == norm and r[3] == "2020")
    assert row[header.index("beslissing auditor")] == "cijfer bevestigd" and row[header.index("reden")] == "toch 94"


def test_a_restore_says_it_drops_kpi_decisions(site, tmp_path):
    _, data = site
    lib = Library(data)
    backup, _ = lib.backup(tmp_path / "voor.sqlite")
    lib.record_kpi_decision(aid("kpi-profcheck"), 2020, "cijfer bevestigd", "gezien", author="auditor-c")
    r = CliRunner().invoke(main, ["restore", str(backup), "--data-dir", str(data)])
    assert "kpi-profcheck 2020" in r.output and "auditor-c" in r.output


def test_a_confirmation_the_report_no_longer_bears_out_is_said_so_where_it_decides(site):
    """A figure confirmed as 1 % while the report now says another (the report was replaced):
    the scorecard calls it verdacht, and so does every view of the cell it decides."""
    _, data = site
    lib = Library(data)
    norm = aid("kpi-ziekteverzuim")
    found = _line(lib, norm)
    assert found.verdict in ("gehaald", "niet gehaald") and found.value["value"] != 1.0
    lib.kpi_decisions.record(norm, 2020, "cijfer bevestigd", "zo stond het er toen", value=1.0, unit="%",
                             author="auditor-d")
    line = _line(lib, norm)
    assert line.suspect and "verdacht" in line.said() and "1 %" in line.said()
    cell = lib.snapshot().trace.detail(norm).cells[2020]
    assert cell.decided_by["kind"] == "kpi" and "verdacht" in cell.decided_by["what"]
    assert cell.suspect  # ⚠ in the matrix and "verdacht" in the trace export, as a link on a changed text
    from kb.trace.export import SCORECARD_COLUMNS, scorecard_table
    row = next(r for r in scorecard_table(lib.snapshot().trace).rows if r[0] == norm and r[3] == 2020)
    assert "verdacht" in row[SCORECARD_COLUMNS.index("beslissing auditor")]


def test_withdrawing_nothing_and_confirming_another_figure_are_refused(site):
    _, data = site
    lib = Library(data)
    norm = aid("kpi-mensenhandel")
    line = _line(lib, norm)
    assert line.decision is None and line.value is not None
    before = len(lib.kpi_decisions.history())
    with pytest.raises(KbError, match="geen beslissing over het cijfer") as refused:
        lib.record_kpi_decision(norm, 2020, "ingetrokken", "niets", author="auditor-e")
    assert refused.value.status == 409
    with pytest.raises(KbError, match="bevestigen is van het gevonden cijfer") as refused:
        lib.record_kpi_decision(norm, 2020, "cijfer bevestigd", "typfout", value=line.value["value"] + 1, author="auditor-e")
    assert len(lib.kpi_decisions.history()) == before
    lib.record_kpi_decision(norm, 2020, "cijfer bevestigd", "klopt", value=line.value["value"], author="auditor-e")
    lib.record_kpi_decision(norm, 2020, "ingetrokken", "toch niet", author="auditor-e")
    with pytest.raises(KbError, match="geen beslissing"):  # a second withdrawal has nothing left
        lib.record_kpi_decision(norm, 2020, "ingetrokken", "nog eens", author="auditor-e")
    # a status: the same
    with pytest.raises(KbError, match="geen vastgestelde status"):
        lib.record_status_decision(aid("ondermijning-4c"), 2020, "ingetrokken", None, "nooit gezet", author="auditor-e")


def test_a_figure_with_no_norm_to_judge_it_by_is_no_missing_figure(site):
    """An auditor enters the figure the scorecard did not find; the plan gives this norm no
    number in the figure's unit and the report none of its own: "geen norm", not "geen cijfer"."""
    _, data = site
    lib = Library(data)
    norm = aid("kpi-tevredenheid-functioneren-politie-in-het-algemeen")
    assert _line(lib, norm).verdict == "geen cijfer"
    lib.record_kpi_decision(norm, 2020, "cijfer vervangen", "uit de bijlage", value="7,1", author="auditor-f")
    line = _line(lib, norm)
    assert line.value["value"] == 7.1 and line.verdict == "geen norm"
