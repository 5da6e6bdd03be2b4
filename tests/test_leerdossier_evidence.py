"""A leerdossier as evidence in the trace (issue 19, kb.trace.evidence): a leerdossier that
names an ambition it serves (`ambities`) is a link from that ambition to the leerdossier in
the year of its date, within the scope rules of reports (kb.trace.scope): "gerealiseerd"
when it is afgerond and the ambition asks for leerdossiers, else "lopend"; an example, one
without a date or one outside the plan's period is no evidence, nor is another unit's plan
served. Shown on the ambition page, in the API and in the export; decided on like any link.
Real files, a real ingest, the real trace and the real Flask app; the corpus is made here."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.library import Library
from kb.trace.export import trace_table
from kb.trace.scope import Scope
from web import create_app

# TESTDATA: two units' plans with the same numbering; 4e and 4f ask for leerdossiers, 4d does not
PLAN = """\
# Beleidsplan {unit} 2019-2022

## 3. Ondermijning

Ondermijnende criminaliteit tast de rechtsstaat aan.

Hoe gaan we dit bereiken?

4. Zowel intern als met partners wordt geïnvesteerd in deskundigheid op het gebied van de aanpak van ondermijning.
 - d. Een digitale leeromgeving voor de aanpak wordt verder geprofessionaliseerd.
 - e. Ervaringen uit proeftuinen worden verwerkt in leerdossiers. Deze leerdossiers worden aangeboden in de leeromgeving.
 - f. Nieuwe methodieken tegen hennepteelt in bedrijfspanden worden vastgelegd in een leerdossier.
5. De aanpak van ondermijnende criminaliteit vraagt om brede maatschappelijke coalities met verhuurders.
"""

REPORT = """\
# Jaarverslag 2020 {unit}

## Ondermijning

De digitale leeromgeving voor de aanpak van ondermijning is in 2020 verder geprofessionaliseerd.

Met verhuurders van bedrijfspanden zijn afspraken gemaakt over de signalering van hennepteelt.
"""

# the words of the ambitions, so that ranking would find these sections if it read leerdossiers
LEERDOSSIER = """\
---
title: "{title}"
kind: leerdossier
unit: {unit}
{date}fenomenen: [hennepteelt]
eigenaar: "Team Ondermijning Alfa"
status: {status}
ambities: [{serves}]
{extra}---
# {title}

## Aanleiding
Verhuurders van bedrijfspanden kregen huurders die contant betaalden; de leeromgeving en de aanpak
van ondermijning met proeftuinen en methodieken tegen hennepteelt in bedrijfspanden.

## Geleerde lessen
Ervaringen uit proeftuinen worden verwerkt in leerdossiers en aangeboden in de leeromgeving.
"""

ALFA, BETA = "plan-alfa", "plan-beta"
DONE = "ld-afgerond"
DOSSIERS = {
    # afgerond, 2020: realises 4e (asks for leerdossiers), helps 4d along (does not); 9z is no key of the plan
    DONE: dict(title="Leerdossier hennep in bedrijfspanden", unit="Eenheid Alfa", date="2020-11-20",
               status="afgerond", serves="ondermijning-4e, ondermijning-4d, ondermijning-9z"),
    "ld-concept": dict(title="Leerdossier methodieken in wording", unit="Eenheid Alfa", date="2020-06-01",
                       status="concept", serves="ondermijning-4f"),
    "ld-voorbeeld": dict(title="Voorbeeld van een leerdossier", unit="Eenheid Alfa", date="2020-03-01",
                         status="afgerond", serves="ondermijning-4e, ondermijning-5", extra="voorbeeld: true\n"),
    "ld-oud": dict(title="Leerdossier van voor het plan", unit="Eenheid Alfa", date="2017-03-01",
                   status="afgerond", serves="ondermijning-5"),
    "ld-zonder-datum": dict(title="Leerdossier zonder datum", unit="Eenheid Alfa", date=None,
                            status="afgerond", serves="ondermijning-5"),
    # in the plan's period, but naming none of its ambitions: no column of its own (2021, 2022)
    "ld-andere-sleutel": dict(title="Leerdossier met een onbekende sleutel", unit="Eenheid Alfa", date="2021-02-01",
                              status="afgerond", serves="ondermijning-9z"),
    "ld-zonder-ambities": dict(title="Leerdossier zonder ambities", unit="Eenheid Alfa", date="2022-02-01",
                               status="afgerond", serves=""),
}


def aid(plan: str, key: str) -> str:
    return f"{plan}:{key}"


def write_corpus(folder, dossiers=DOSSIERS):
    folder.mkdir(parents=True, exist_ok=True)
    for plan, unit in ((ALFA, "Eenheid Alfa"), (BETA, "Eenheid Beta")):
        (folder / f"{plan}.md").write_text(PLAN.format(unit=unit), encoding="utf-8")
        (folder / f"{plan}.meta.toml").write_text(
            f'title = "Beleidsplan {unit} 2019-2022"\nkind = "plan"\nunit = "{unit}"\nperiod = [2019, 2022]\n',
            encoding="utf-8")
        report = f"jaarverslag-{plan.removeprefix('plan-')}-2020"
        (folder / f"{report}.md").write_text(REPORT.format(unit=unit), encoding="utf-8")
        (folder / f"{report}.meta.toml").write_text(
            f'title = "Jaarverslag 2020 {unit}"\nkind = "jaarverslag"\nunit = "{unit}"\nyear = 2020\n', encoding="utf-8")
    for name, d in dossiers.items():
        (folder / f"{name}.md").write_text(LEERDOSSIER.format(
            title=d["title"], unit=d["unit"], date=f"date: {d['date']}\n" if d["date"] else "", status=d["status"],
            serves=d["serves"], extra=d.get("extra", "")), encoding="utf-8")
    return folder


def ingest(root, name, dossiers=DOSSIERS) -> Library:
    docs = write_corpus(root / f"{name}-docs", dossiers)
    lib = Library(root / f"{name}-data", documents_dir=root / f"{name}-up")
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    return lib


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("evidence")


@pytest.fixture(scope="module")
def lib(root):
    return ingest(root, "with")


@pytest.fixture(scope="module")
def without(root):
    """The same corpus without any leerdossier."""
    return ingest(root, "without", {})


def _leerdossier_links(row):
    return [p for p in row.progress if p.kind == "leerdossier"]


def test_an_afgerond_leerdossier_realises_the_ambition_that_asks_for_it_in_its_year(lib):
    trace = lib.snapshot().trace
    assert trace.years == [2020]
    cell = trace.detail(aid(ALFA, "ondermijning-4e")).cells[2020]
    assert (cell.status, cell.source) == ("gerealiseerd", "voorstel")
    first = cell.progress[0]  # the leerdossier leads the proposals
    assert (first.kind, first.document["id"], first.year, first.in_scope) == ("leerdossier", DONE, 2020, True)
    assert first.finding.status == "gerealiseerd" and first.score is None and first.shared_terms == []
    # the link goes to the leerdossier's first section, its title heading: where the reader opens it
    sections = lib.snapshot().catalog.sections_by_document[DONE]
    assert first.section["id"] == min(sections, key=lambda s: s["order"])["id"]
    assert first.leerdossier["explanation"] == "leerdossier: Leerdossier hennep in bedrijfspanden (afgerond, 2020-11-20)"
    # and the reader's section says which ambitions it reports on
    assert [row.ambition["id"] for row, _ in trace.reports_on(first.section["id"])] == [
        aid(ALFA, "ondermijning-4d"), aid(ALFA, "ondermijning-4e")]


def test_an_ambition_that_does_not_ask_for_leerdossiers_is_only_under_way(lib):
    cell = lib.snapshot().trace.detail(aid(ALFA, "ondermijning-4d")).cells[2020]
    assert [(p.kind, p.document["id"], p.finding.status) for p in cell.progress if p.kind == "leerdossier"] == [
        ("leerdossier", DONE, "lopend")]


def test_a_concept_is_under_way(lib):
    cell = lib.snapshot().trace.detail(aid(ALFA, "ondermijning-4f")).cells[2020]
    links = [p for p in cell.progress if p.kind == "leerdossier"]
    assert [p.document["id"] for p in links] == ["ld-concept"]
    assert links[0].finding.status == "lopend"
    assert cell.to_dict()["leerdossiers"][0]["status"] == "concept"


def test_never_for_another_units_plan_with_the_same_key(lib):
    trace = lib.snapshot().trace
    rows = trace.filtered(None, BETA)
    assert {r.ambition["id"] for r in rows} >= {aid(BETA, "ondermijning-4e")}
    for row in rows:
        assert not _leerdossier_links(row), row.ambition["id"]
        assert not any(p.document.get("kind") == "leerdossier" for p in row.progress)
    assert Scope(lib.snapshot().catalog.documents).plans_of(DONE) == [ALFA]


def test_an_example_one_without_a_date_or_outside_the_period_is_no_evidence(lib):
    trace = lib.snapshot().trace
    nowhere = {"ld-voorbeeld", "ld-oud", "ld-zonder-datum"}
    for row in trace.rows:
        assert not nowhere & {p.document["id"] for p in row.progress}, row.ambition["id"]
    # 5 is named only by those: it has no leerdossier link
    assert not _leerdossier_links(trace.detail(aid(ALFA, "ondermijning-5")))
    scope = Scope(lib.snapshot().catalog.documents)
    assert [scope.plans_of(d) for d in sorted(nowhere)] == [[], [], []]
    assert scope.year["ld-zonder-datum"] is None and "ld-voorbeeld" not in scope.year


def test_leerdossier_sections_are_never_ranked_as_paragraphs(lib):
    for row in lib.snapshot().trace.rows:
        for p in row.progress:
            if p.document.get("kind") == "leerdossier":
                assert p.kind == "leerdossier" and p.score is None, (row.ambition["id"], p.section["id"])
        assert not any(lk.document_id.startswith("ld-") for lk in row.ranked)


def test_adding_leerdossiers_changes_no_other_cell(lib, without):
    def matrix(library):
        trace = library.snapshot().trace
        return trace.years, {
            (r.ambition["id"], y): (c.status, c.source, [(p.section["id"], p.score, p.finding.status) for p in c.progress
                                                        if p.kind != "leerdossier"])
            for r in trace.rows for y, c in r.cells.items()}

    years, after = matrix(lib)
    years_before, before = matrix(without)
    assert years == years_before
    served = {(aid(ALFA, k), 2020) for k in ("ondermijning-4d", "ondermijning-4e", "ondermijning-4f")}
    assert after.keys() == before.keys()
    for key in after:
        if key in served:
            assert after[key][2] == before[key][2], key  # the ranked paragraphs stay what they were
        else:
            assert after[key] == before[key], key
    assert any(after[k][:2] != before[k][:2] for k in served)


def test_ambition_page_and_api_show_the_leerdossier(lib):
    client = create_app({"DATA_DIR": str(lib.data_dir), "TESTING": True}).test_client()
    body = client.get(f"/api/ambitions/{aid(ALFA, 'ondermijning-4e')}").get_json()
    item = next(p for p in body["progress"] if p["kind"] == "leerdossier")
    assert (item["document_id"], item["in_scope"], item["status"], item["year"]) == (DONE, True, "gerealiseerd", 2020)
    assert item["leerdossier"]["owner"] == "Team Ondermijning Alfa" and item["leerdossier"]["date"] == "2020-11-20"
    assert all(p["kind"] == "alinea" for p in body["progress"] if p is not item)
    cell = body["years"]["2020"]
    assert cell["status"] == "gerealiseerd" and [x["id"] for x in cell["leerdossiers"]] == [DONE]
    # the matrix counts it too
    matrix = client.get("/api/ambitions").get_json()
    rows = {a["id"]: a for g in matrix["groups"] for a in g["ambitions"]}
    assert rows[aid(ALFA, "ondermijning-4e")]["years"]["2020"]["leerdossiers"][0]["title"] == DOSSIERS[DONE]["title"]
    assert rows[aid(BETA, "ondermijning-4e")]["years"]["2020"]["leerdossiers"] == []

    page = client.get(f"/ambities/{aid(ALFA, 'ondermijning-4e')}").get_data(as_text=True)
    assert 'class="badge kind-leerdossier">leerdossier</span>' in page
    assert f'href="/documenten/{DONE}#' in page and ">Leerdossier hennep in bedrijfspanden</a>" in page
    assert "Team Ondermijning Alfa" in page and "2020-11-20" in page
    assert "leerdossier: Leerdossier hennep in bedrijfspanden (afgerond, 2020-11-20)" in page
    assert "voorstel: volgens het leerdossier dat deze ambitie noemt" in page
    other = client.get(f"/ambities/{aid(BETA, 'ondermijning-4e')}").get_data(as_text=True)
    assert "kind-leerdossier" not in other and "Leerdossier hennep" not in other


def test_export_carries_the_leerdossier_as_a_link(lib):
    table = trace_table(lib.snapshot().trace, plan=ALFA)
    rows = {(r[0], r[4]): dict(zip(table.columns, r)) for r in table.rows}
    row = rows[(aid(ALFA, "ondermijning-4e"), 2020)]
    assert row["status"] == "gerealiseerd"
    assert row["voorgestelde koppelingen"].startswith("leerdossier: Leerdossier hennep in bedrijfspanden (afgerond, 2020-11-20)")


def test_a_rejected_leerdossier_link_is_not_proposed_again_and_a_confirmed_one_counts(root):
    lib = ingest(root, "decided")
    target = aid(ALFA, "ondermijning-4e")
    link = _leerdossier_links(lib.snapshot().trace.detail(target))[0]
    lib.record_decision(target, link.section["id"], "afgewezen", "geen voortgang", author="anna")
    trace = lib.snapshot().trace
    cell = trace.detail(target).cells[2020]
    assert all(p.kind != "leerdossier" for p in cell.progress) and cell.status != "gerealiseerd"
    rejected = _leerdossier_links(trace.detail(target))
    assert [p.decision.action for p in rejected] == ["afgewezen"] and not rejected[0].counts
    assert target not in {row.ambition["id"] for row, _ in trace.reports_on(link.section["id"])}
    # 4d keeps its own link: a decision is per ambition
    assert _leerdossier_links(trace.detail(aid(ALFA, "ondermijning-4d")))[0].counts
    # confirmed: the cell follows the confirmed links
    lib.record_decision(aid(ALFA, "ondermijning-4d"), link.section["id"], "bevestigd", author="anna")
    cell = lib.snapshot().trace.detail(aid(ALFA, "ondermijning-4d")).cells[2020]
    assert (cell.status, cell.source) == ("lopend", "bevestigd")


def test_ingest_says_which_keys_a_plan_does_not_have(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    out = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "ingest", str(docs)])
    assert out.exit_code == 0, out.output
    said = out.stderr if hasattr(out, "stderr") else out.output
    assert f"let op: leerdossier {DONE} noemt in ambities 'ondermijning-9z', maar plan {ALFA} heeft geen ambitie" in said
    assert f"leerdossier {DONE}: bewijs in 2020 voor ondermijning-4e, ondermijning-4d, ondermijning-9z van {ALFA}" in said
    assert "leerdossier ld-voorbeeld: een voorbeeld (voorbeeld = true): telt nergens als bewijs" in said
    assert "leerdossier ld-zonder-datum: telt voor geen jaar" in said
    assert "leerdossier ld-oud: 2017, Eenheid Alfa: telt voor geen plan" in said
    assert "Traceback" not in said


def _doc(doc_id, kind, **fields):
    return {"id": doc_id, "kind": kind, **fields}


def test_scope_of_a_leerdossier_follows_the_rules_of_a_report():
    documents = [
        _doc("a", "plan", unit="Alfa", period=[2019, 2022]),
        _doc("a-next", "plan", unit="Alfa", period=[2023, 2026]),
        _doc("b", "plan", unit="Beta", period=[2019, 2022], scope_units=["Gamma"]),
        _doc("ld-2020", "leerdossier", unit="Alfa", date="2020-11-20"),
        _doc("ld-2023", "leerdossier", unit="Alfa", date="2023-01-10"),  # the next plan covers it
        _doc("ld-beta-after", "leerdossier", unit="Beta", date="2023-02-01"),  # the year after b's period
        _doc("ld-gamma", "leerdossier", unit="Gamma", date="2021-05-05"),  # b's scope_units
        _doc("ld-named", "leerdossier", unit="Delta", date="2021-05-05", reports_on=["a"]),
        _doc("ld-unknown", "leerdossier", unit="Delta", date="2021-05-05", reports_on=["geen-plan"]),
        _doc("ld-example", "leerdossier", unit="Alfa", date="2020-11-20", example=True, reports_on=["a"]),
        _doc("ld-undated", "leerdossier", unit="Alfa", year=2020),  # no date, but a year: that year
        _doc("ld-timeless", "leerdossier", unit="Alfa"),  # neither: no year, no plan
    ]
    scope = Scope(documents)
    assert {d: scope.plans_of(d) for d in ("ld-2020", "ld-2023", "ld-beta-after", "ld-gamma", "ld-named",
                                            "ld-example", "ld-undated", "ld-timeless")} == {
        "ld-2020": ["a"], "ld-2023": ["a-next"], "ld-beta-after": ["b"], "ld-gamma": ["b"], "ld-named": ["a"],
        "ld-example": [], "ld-undated": ["a"], "ld-timeless": []}
    assert scope.unknown == [("ld-unknown", "geen-plan")]
    assert scope.years_of("a") == [2020, 2021] and scope.reports_of("a") == set()
    assert scope.leerdossiers_of("a") == {"ld-2020", "ld-named", "ld-undated"}
    assert scope.year["ld-2023"] == 2023 and scope.year["ld-undated"] == 2020 and scope.year["ld-timeless"] is None
