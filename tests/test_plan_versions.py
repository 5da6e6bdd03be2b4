"""Several plans and versions of one plan in one data folder (issue 15): ambition ids are per
plan ("<plan>:<key>"), two versions of the bundled plan and three other units' plans ingest
together, the newest version is current, decisions carry over by key (marked "verdacht"
where the ambition's words changed), and decisions of a data folder of before ids were per
plan (a file made by that version, tests/data/) find their ambitions."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.other_plans import IVP_EXPECTED, PRIORITIES_EXPECTED, SPEARHEADS_EXPECTED, plan_file
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, aid
from helpers.render_text import markdown, plan_blocks

from kb.cli import main
from kb.library import Library
from web import create_app

LEGACY_STORE = Path(__file__).parent / "data" / "decisions-before-plan-ids.sqlite"
REVISED = "rotterdam-plan-herzien-2021"
AS_MARKDOWN = "rotterdam-plan-als-markdown"
CHANGED = "AGORA biedt een digitale leer/kennisomgeving"  # the start of ondermijning-4d's text
OTHERS = {"lindewaard-ivp-2023-2026": ("Gemeente Lindewaard", [2023, 2026], IVP_EXPECTED),
          "zuidrand-beleidsplan-2023-2026": ("Politie-eenheid Zuidrand", [2023, 2026], PRIORITIES_EXPECTED),
          "waterland-teamplan-2024-2027": ("Basisteam Waterland", [2024, 2027], SPEARHEADS_EXPECTED)}


def _meta(path: Path, **fields) -> None:
    lines = []
    for k, v in fields.items():
        lines.append(f"{k} = {json.dumps(v, ensure_ascii=False)}" if not k == "date" else f"{k} = {v}")
    path.with_name(path.stem + ".meta.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _add_versions_and_others(docs: Path) -> None:
    """A re-issued plan (one ambition reworded, `supersedes` the bundled one), the bundled plan
    once more as Markdown (same unit and period: a version too), and three other units' plans."""
    text = (DOCUMENTS / f"{PLAN_ID}.txt").read_text(encoding="utf-8")
    assert CHANGED in text
    (docs / f"{REVISED}.txt").write_text(text.replace(CHANGED, "AGORA biedt sinds 2021 een landelijke leer/kennisomgeving"),
                                         encoding="utf-8")
    _meta(docs / f"{REVISED}.txt", title="Strategische thema's veiligheid 2019-2022, herziene versie", kind="plan",
          unit="Eenheid Rotterdam", period=[2019, 2022], date="2021-03-01", supersedes=PLAN_ID)
    (docs / f"{AS_MARKDOWN}.md").write_text(markdown(plan_blocks()), encoding="utf-8")
    _meta(docs / f"{AS_MARKDOWN}.md", title="Strategische thema's veiligheid (Markdown)", kind="plan",
          unit="Eenheid Rotterdam", period=[2019, 2022], date="2018-11-12")
    for doc_id, (unit, period, _) in OTHERS.items():
        name, data = plan_file({"lindewaard": "ivp", "zuidrand": "prioriteiten", "waterland": "speerpunten"}[doc_id.split("-")[0]])
        assert Path(name).stem == doc_id
        (docs / name).write_bytes(data)
        _meta(docs / name, title=f"Plan {unit}", kind="plan", unit=unit, period=period)


def _confirm_first_link(lib: Library, key: str, action: str = "bevestigd") -> str:
    row = lib.snapshot().trace.detail(aid(key))
    section = next(p.section["id"] for p in row.progress if p.in_scope)
    lib.record_decision(aid(key), section, action, author="auditor-a")
    return section


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The bundled documents with two decisions on the plan, then the versions and the other
    plans added and ingested again."""
    root = tmp_path_factory.mktemp("versions")
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    lib = Library(root / "data", documents_dir=docs)
    first = lib.ingest()
    assert not first.failures, first.failures
    confirmed = {key: _confirm_first_link(lib, key) for key in ("ondermijning-4d", "cybercrime-2")}
    _add_versions_and_others(docs)
    runner = CliRunner().invoke(main, ["ingest", str(docs), "--data-dir", str(root / "data")])
    return root, docs, Library(root / "data", documents_dir=docs), confirmed, runner


def test_two_versions_and_three_other_plans_ingest_together(folder):
    root, docs, lib, _, cli = folder
    result = lib.ingest()
    assert not result.failures, [f.error for f in result.failures]
    assert cli.exit_code == 0 and "Traceback" not in cli.output, cli.output
    plans = {d.id: d for d in result.documents if d.kind == "plan"}
    assert set(plans) == {PLAN_ID, REVISED, AS_MARKDOWN, *OTHERS}
    per_plan: dict[str, dict[str, str]] = {}
    for a in result.ambitions:
        assert a.id == f"{a.document_id}:{a.key}"
        per_plan.setdefault(a.document_id, {})[a.key] = a.text
    bundled = per_plan[PLAN_ID]
    assert len(bundled) == 136
    assert set(per_plan[REVISED]) == set(bundled) and set(per_plan[AS_MARKDOWN]) == set(bundled)
    for doc_id, (_, _, expected) in OTHERS.items():
        assert set(expected) <= set(per_plan[doc_id]), (doc_id, sorted(per_plan[doc_id]))
    # the newest version is current; the others name it
    assert plans[REVISED].superseded_by is None
    assert plans[PLAN_ID].superseded_by == plans[AS_MARKDOWN].superseded_by == REVISED
    assert all(plans[d].superseded_by is None for d in OTHERS)
    # the command line said which plan is which
    assert f"plan {PLAN_ID}: 136 ambities (oudere versie; huidig: {REVISED})" in cli.output
    assert f"plan {REVISED}: 136 ambities (huidige versie)" in cli.output


def test_the_matrix_holds_the_current_versions_only(folder):
    _, _, lib, _, _ = folder
    snapshot = lib.snapshot()
    traced = {r.ambition["document_id"] for r in snapshot.trace.rows}
    assert traced == {REVISED, *OTHERS}
    assert [d["id"] for d in snapshot.plans.versions(PLAN_ID)][0] == REVISED
    # the older version stays readable and searchable
    assert PLAN_ID in snapshot.catalog.document_by_id
    hits = snapshot.search("AGORA leer/kennisomgeving", per_page=50).hits
    assert {h.document_id for h in hits} >= {PLAN_ID, REVISED}
    # one plan's matrix at a time
    only = CliRunner().invoke(main, ["trace", "--plan", "zuidrand-beleidsplan-2023-2026", "--json",
                                     "--data-dir", str(lib.data_dir)])
    assert only.exit_code == 0, only.output
    ids = [a["id"] for g in json.loads(only.output)["groups"] for a in g["ambitions"]]
    assert ids and all(i.startswith("zuidrand-beleidsplan-2023-2026:") for i in ids)


def test_decisions_carry_over_and_a_changed_ambition_is_suspect(folder):
    _, _, lib, confirmed, _ = folder
    trace = lib.snapshot().trace
    same = trace.detail(aid("cybercrime-2", REVISED))
    p = next(p for p in same.progress if p.section["id"] == confirmed["cybercrime-2"])
    assert p.decision is not None and p.decision.carried_from == aid("cybercrime-2") and not p.suspect
    changed = trace.detail(aid("ondermijning-4d", REVISED))
    p = next(p for p in changed.progress if p.section["id"] == confirmed["ondermijning-4d"])
    assert p.decision is not None and p.decision.ambition_changed and p.suspect
    assert any(c.suspect for c in changed.cells.values())
    # the history stays where it was written: on the version it was made on
    assert [d.ambition_id for d in lib.decisions.history()] == [aid("ondermijning-4d"), aid("cybercrime-2")]


def test_addresses_of_an_older_version_and_of_a_bare_key(folder):
    _, docs, lib, _, _ = folder
    app = create_app({"DATA_DIR": str(lib.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True})
    client = app.test_client()
    current = aid("cybercrime-2", REVISED)
    assert client.get(f"/ambities/{current}").status_code == 200
    assert client.get(f"/api/ambitions/{current}").get_json()["key"] == "cybercrime-2"
    old = client.get(f"/ambities/{aid('cybercrime-2')}")
    assert old.status_code == 302 and old.headers["Location"].endswith(f"/ambities/{current}")
    assert client.get(f"/api/ambitions/{aid('cybercrime-2')}").headers["Location"].endswith(f"/api/ambitions/{current}")
    # a bare key: all versions of one plan count as one, so it still means one ambition
    assert client.get("/ambities/cybercrime-2").headers["Location"].endswith(f"/ambities/{current}")
    assert client.get("/ambities/bestaat-niet:cybercrime-2").status_code == 404


def test_a_bare_key_that_two_plans_have_is_not_guessed(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    other = docs / "andere-eenheid-plan-2023-2026.txt"
    shutil.copy(docs / f"{PLAN_ID}.txt", other)
    _meta(other, title="Plan van een andere eenheid", kind="plan", unit="Eenheid Elders", period=[2023, 2026])
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    r = CliRunner().invoke(main, ["trace", "cybercrime-2", "--data-dir", str(lib.data_dir)])
    assert r.exit_code == 1 and "plan:sleutel" in r.output and "Traceback" not in r.output
    assert CliRunner().invoke(main, ["trace", aid("cybercrime-2"), "--data-dir", str(lib.data_dir)]).exit_code == 0


def test_plans_of_one_unit_and_period_without_dates_are_ordered_and_said(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    copy = docs / "rotterdam-plan-kopie.txt"
    shutil.copy(docs / f"{PLAN_ID}.txt", copy)
    _meta(copy, title="Kopie", kind="plan", unit="Eenheid Rotterdam", period=[2019, 2022], date="2018-11-12")
    result = Library(tmp_path / "data", documents_dir=docs).ingest()
    assert not result.failures
    assert any("zonder datum of `supersedes`" in n and "rotterdam-plan-kopie" in n for n in result.notices), result.notices


def test_decisions_of_before_plan_ids_find_their_ambitions(tmp_path):
    """A decisions file as the version before plan-scoped ids wrote it (bare keys)."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY_STORE, data / "decisions.sqlite")
    with sqlite3.connect(data / "decisions.sqlite") as db:
        stored = db.execute("SELECT ambition_id, section_id, action FROM decisions ORDER BY id").fetchall()
    assert stored and all(":" not in aid_ for aid_, _, _ in stored)  # really of before
    lib = Library(data, documents_dir=docs)
    result = lib.ingest()
    assert any("hebben nu hun id per plan" in n for n in result.notices), result.notices
    history = lib.decisions.history()
    assert [(d.ambition_id, d.section_id, d.action) for d in history] == [(aid(a), s, act) for a, s, act in stored]
    trace = lib.snapshot().trace
    confirm = next((a, s) for a, s, act in stored if act == "bevestigd")
    cell_links = [p for p in trace.detail(aid(confirm[0])).progress if p.section["id"] == confirm[1]]
    assert cell_links and cell_links[0].decision is not None and not cell_links[0].suspect
    reject = next((a, s) for a, s, act in stored if act == "afgewezen")
    assert all(p.section["id"] != reject[1] for y, c in trace.detail(aid(reject[0])).cells.items() for p in c.progress)
    exported = CliRunner().invoke(main, ["decision", "export", "--data-dir", str(data)])
    assert exported.exit_code == 0 and aid(confirm[0]) in exported.output
    # the rows themselves are as they were written: the id they mean is kept beside them
    with sqlite3.connect(data / "decisions.sqlite") as db:
        assert db.execute("SELECT ambition_id, section_id, action FROM decisions ORDER BY id").fetchall() == stored
    # a later plan of another unit with the same numbering does not take them over
    other = docs / "andere-eenheid-plan-2023-2026.txt"
    shutil.copy(docs / f"{PLAN_ID}.txt", other)
    _meta(other, title="Plan van een andere eenheid", kind="plan", unit="Eenheid Elders", period=[2023, 2026])
    assert not lib.ingest().failures
    assert [d.ambition_id for d in Library(data).decisions.history()] == [aid(a) for a, _, _ in stored]


def test_report_is_not_a_plan_version(folder):
    _, _, lib, _, _ = folder
    report = lib.snapshot().catalog.document_by_id[REPORT_ID]
    assert report.get("superseded_by") is None


def test_an_upload_can_name_the_plan_it_replaces(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    data = (DOCUMENTS / f"{PLAN_ID}.txt").read_bytes()
    path = lib.add_document("herzien.txt", data, {"title": "Herzien plan", "kind": "plan", "supersedes": PLAN_ID})
    assert 'supersedes = "' in path.with_name(path.stem + ".meta.toml").read_text(encoding="utf-8")
    assert not lib.ingest().failures
    plans = lib.snapshot().plans
    assert [d["id"] for d in plans.current] == [path.stem]
    assert plans.plans[PLAN_ID]["superseded_by"] == path.stem


def test_an_older_version_as_plan_filter_means_the_current_one(folder):
    """`?plan=` and `--plan` with the id of a replaced version show the current version's
    matrix, overview, scorecard and exports, as its ambition addresses do."""
    _, docs, lib, _, _ = folder
    client = create_app({"DATA_DIR": str(lib.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True}).test_client()
    for url in ("/ambities.json", "/overzicht.json", "/kpi.json"):
        old, current = client.get(f"{url}?plan={PLAN_ID}").get_json(), client.get(f"{url}?plan={REVISED}").get_json()
        assert old["filters"]["plan"] == REVISED and old == current, url
    assert client.get(f"/ambities/export.csv?plan={PLAN_ID}").data == client.get(f"/ambities/export.csv?plan={REVISED}").data
    assert client.get(f"/api/export/kpis.csv?plan={PLAN_ID}").data == client.get(f"/api/export/kpis.csv?plan={REVISED}").data
    old = CliRunner().invoke(main, ["kpi", "--plan", PLAN_ID, "--json", "--data-dir", str(lib.data_dir)])
    assert old.exit_code == 0 and json.loads(old.stdout)["filters"]["plan"] == REVISED


def test_a_status_set_on_an_older_version_is_suspect_when_the_ambition_changed(tmp_path):
    """A status an auditor set counts for the same key in the new version, as a link does;
    where the ambition's text changed between the versions it is marked verdacht."""
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    lib = Library(tmp_path / "data", documents_dir=docs)
    assert not lib.ingest().failures
    for key in ("ondermijning-4d", "cybercrime-2"):
        lib.record_status_decision(aid(key), 2020, "status vastgesteld", "lopend", "gelezen", author="auditor-a")
    _add_versions_and_others(docs)
    assert not lib.ingest().failures
    trace = lib.snapshot().trace
    same, changed = (trace.detail(aid(key, REVISED)).cells[2020] for key in ("cybercrime-2", "ondermijning-4d"))
    assert same.override.carried_from == aid("cybercrime-2") and not same.override.ambition_changed and not same.suspect
    assert changed.override.ambition_changed and changed.suspect and changed.status == "lopend"
    client = create_app({"DATA_DIR": str(lib.data_dir), "DOCUMENTS_DIR": str(docs), "TESTING": True}).test_client()
    page = client.get(f"/ambities/{aid('ondermijning-4d', REVISED)}").get_data(as_text=True)
    assert "verdacht: de ambitie is in deze versie anders geformuleerd" in page
