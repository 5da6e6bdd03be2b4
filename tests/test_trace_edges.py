"""Edges of plans, scope and decisions that a review found: a report without a year, a
confirmed KPI figure that changes, ids of an older plan version, sidecar keys, two different
plans of one unit and period, a rejected figure under a known name, a `reports_on` that
names a plan without period or nothing, an import that is wrong half-way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, aid

from kb.cli import main
from kb.errors import KbError
from kb.library import Library
from web import create_app


def _folder(tmp_path: Path) -> tuple[Path, Library]:
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    return docs, Library(tmp_path / "data", documents_dir=docs)


def _meta(path: Path, text: str) -> None:
    path.with_name(path.stem + ".meta.toml").write_text(text, encoding="utf-8")


def test_a_report_without_a_year_sets_no_column_and_breaks_nothing(tmp_path):
    docs, lib = _folder(tmp_path)
    extra = docs / "voortgang-zonder-jaar.md"
    extra.write_text("# Voortgang (TESTDATA)\n\nAGORA is verder uitgebreid; het leerdossier is opgeleverd.\n",
                     encoding="utf-8")
    _meta(extra, f'title = "Voortgang"\nkind = "voortgangsrapportage"\nunit = "Eenheid Rotterdam"\n'
                 f'reports_on = ["{PLAN_ID}", "bestaat-niet"]\n')
    r = CliRunner().invoke(main, ["ingest", str(docs), "--data-dir", str(lib.data_dir)])
    assert r.exit_code == 0, r.output
    assert "telt voor geen kolom" in r.output and "'bestaat-niet', maar dat is geen plan" in r.output
    assert lib.snapshot().trace.years == [2020]
    assert CliRunner().invoke(main, ["kpi", "--data-dir", str(lib.data_dir)]).exit_code == 0


def test_reports_on_counts_for_a_plan_without_period(tmp_path):
    docs, lib = _folder(tmp_path)
    meta = docs / f"{PLAN_ID}.meta.toml"
    meta.write_text("\n".join(line for line in meta.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("period")) + "\n", encoding="utf-8")
    report_meta = docs / f"{REPORT_ID}.meta.toml"
    report_meta.write_text(report_meta.read_text(encoding="utf-8") + f'reports_on = ["{PLAN_ID}"]\n', encoding="utf-8")
    assert not lib.ingest().failures
    assert lib.snapshot().trace.years == [2020]


def test_a_confirmed_figure_that_changes_is_suspect(tmp_path):
    docs, lib = _folder(tmp_path)
    assert not lib.ingest().failures
    norm = aid("kpi-executie")
    lib.record_kpi_decision(norm, 2020, "cijfer bevestigd", "nagerekend", author="auditor")
    line = next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == norm)
    assert line.confirmed and not line.suspect
    report = docs / f"{REPORT_ID}.txt"
    text = report.read_text(encoding="utf-8")
    assert "62,18" in text
    report.write_text(text.replace("62,18", "75,40"), encoding="utf-8")
    assert not lib.ingest().failures
    line = next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == norm)
    assert line.value["value"] == pytest.approx(75.4) and line.suspect and not line.confirmed
    assert line.to_dict()["verdacht"] is True


def test_decisions_given_an_older_version_land_on_the_current_one(tmp_path):
    docs, lib = _folder(tmp_path)
    newer = docs / "plan-herzien.txt"
    shutil.copy(docs / f"{PLAN_ID}.txt", newer)
    _meta(newer, f'title = "Herzien"\nkind = "plan"\nunit = "Eenheid Rotterdam"\nperiod = [2019, 2022]\n'
                 f'supersedes = "{PLAN_ID}"\n')
    assert not lib.ingest().failures
    section = lib.snapshot().trace.detail(aid("cybercrime-2", "plan-herzien")).ranked[0].section_id
    d = lib.record_decision(aid("cybercrime-2"), section, "bevestigd", author="auditor")
    assert d.ambition_id == aid("cybercrime-2", "plan-herzien")
    k = lib.record_kpi_decision(aid("kpi-executie"), 2020, "cijfer bevestigd", "gezien", author="auditor")
    assert k.norm_id == aid("kpi-executie", "plan-herzien")
    app = create_app({"DATA_DIR": str(lib.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True})
    r = app.test_client().get(f"/ambities/{aid('cybercrime-2')}?ambition_id=x&_anchor=y")
    assert r.status_code == 302 and r.headers["Location"].endswith("?ambition_id=x&_anchor=y")
    only = app.test_client().get(f"/api/ambitions?plan={PLAN_ID}").get_json()
    assert {a["document_id"] for g in only["groups"] for a in g["ambitions"]} == {"plan-herzien"}


def test_two_different_plans_of_one_unit_and_period_stay_side_by_side(tmp_path):
    docs, lib = _folder(tmp_path)
    other = docs / "personeelsplan-2019-2022.md"
    other.write_text("# Personeelsplan\n\n## Wat willen we bereiken?\n\n1. Elke wijkagent heeft een vaste collega.\n"
                     "2. Het verloop daalt tot onder de 5 %.\n", encoding="utf-8")
    _meta(other, 'title = "Personeelsplan eenheid Rotterdam"\nkind = "plan"\nunit = "Eenheid Rotterdam"\n'
                 'period = [2019, 2022]\n')
    result = lib.ingest()
    assert not result.failures
    assert {d.id for d in result.documents if d.kind == "plan" and d.superseded_by is None} == {PLAN_ID, other.stem}
    assert any("lijken verschillende plannen" in n for n in result.notices)


def test_sidecar_keys_are_slugs_and_a_renamed_kpi_keeps_its_norm(tmp_path):
    docs, lib = _folder(tmp_path)
    sidecar = docs / f"{PLAN_ID}.ambitions.toml"
    sidecar.write_text('[[rename]]\nkey = "cybercrime-6"\nnew_key = "opdracht:1"\n', encoding="utf-8")
    result = lib.ingest()
    assert [f.reason for f in result.failures] == ["metadata"] and "kleine letters" in result.failures[0].error
    sidecar.write_text('[[rename]]\nkey = "kpi-ondermijning"\nnew_key = "kpi-csv"\n', encoding="utf-8")
    result = lib.ingest()
    assert not result.failures
    assert len(result.norms) == 13 and aid("kpi-csv") in {n.id for n in result.norms}
    line = next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == aid("kpi-csv"))
    assert line.value is not None and "CSV" in line.value["name"]


def test_a_rejected_paragraph_gives_no_figure_even_under_a_known_name(tmp_path):
    _, lib = _folder(tmp_path)
    assert not lib.ingest().failures
    norm = aid("kpi-executie")
    line = next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == norm)
    lib.record_decision(norm, line.value["section_id"], "afgewezen", author="auditor")
    after = next(x for x in lib.snapshot().trace.scorecard if x.norm["id"] == norm)
    assert after.value is None or after.value["section_id"] != line.value["section_id"]


def test_an_import_with_a_bad_kpi_row_adds_nothing(tmp_path):
    _, lib = _folder(tmp_path)
    assert not lib.ingest().failures
    export = {"format": "beleidsbank-beslissingen/1",
              "decisions": [{"ambition_id": aid("cybercrime-2"), "action": "notitie", "note": "x", "author": "a",
                             "at": "2021-03-01T12:00:00+00:00"}],
              "kpi_decisions": [
                  {"norm_id": aid("kpi-executie"), "year": 2020, "action": "cijfer bevestigd", "value": 62.18,
                   "note": "ok", "author": "a", "at": "2021-03-01T12:00:00+00:00"},
                  {"norm_id": aid("kpi-executie"), "year": "2020", "action": "cijfer bevestigd", "note": "ok",
                   "author": "a", "at": "2021-03-02T12:00:00+00:00"}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    r = CliRunner().invoke(main, ["decision", "import", str(path), "--data-dir", str(lib.data_dir)])
    assert r.exit_code == 1 and "KPI-beslissing 2" in r.output and "Traceback" not in r.output
    assert lib.decisions.history() == [] and lib.kpi_decisions.history() == []
    with pytest.raises(KbError):
        lib.record_kpi_decision(aid("kpi-executie"), 2020, "cijfer vervangen", "x", value=float("nan"))
