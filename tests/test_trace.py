"""Tracing on the real corpus: links, statuses, the KPI scorecard, auditors' decisions that
survive rebuilds and notice changed text, a new report adding a year, and the CLI/API/
export surfaces. Every test ingests for real into a temporary data folder."""

from __future__ import annotations

import csv
import io
import json
from functools import cache

import pytest
from click.testing import CliRunner
from helpers.paths import REPORT_ID, aid

from kb.cli import main
from kb.errors import KbError
from kb.library import Library
from kb.trace.status import StatusClassifier, combine
from kb.trace.view import NO_INFORMATION, ambitions_json

LEERDOSSIER = f"{REPORT_ID}/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"
LEERDOSSIERS_NIET = f"{REPORT_ID}/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/30"


@cache
def library(data) -> Library:
    """One Library per data folder, as a server worker keeps one."""
    return Library(data)


def trace_for(data):
    return library(data).snapshot().trace


@pytest.fixture(scope="module")
def trace(corpus):
    return trace_for(corpus.data_dir)


@pytest.fixture(scope="module")
def classifier():
    return StatusClassifier()


@pytest.fixture
def workdir(library):
    """A private copy of the corpus and of its ingested data folder (decisions included)."""
    return library.documents_dir, library.data_dir


def test_agora_finds_the_leerdossier_paragraphs(trace):
    row = trace.detail(aid("ondermijning-4d"))
    assert "AGORA" in row.ambition["text"]
    top5 = [lk.section_id for lk in row.ranked[:5]]
    assert LEERDOSSIER in top5 and LEERDOSSIERS_NIET in top5
    link = next(lk for lk in row.ranked if lk.section_id == LEERDOSSIER)
    assert any("leerdossier" in t for t in link.shared_terms)  # the link says why


def test_prio1_norm_finds_the_spoed_figure_and_is_met(trace):
    line = next(x for x in trace.scorecard if x.norm["id"] == aid("kpi-aanrijdtijden-prio-1") and x.year == 2020)
    assert line.verdict == "gehaald" and line.against == "plan"
    assert line.value["value"] == pytest.approx(83.3, abs=0.05)
    assert "spoed" in line.value["name"].lower() or "spoed" in line.value["text"].lower()
    prio2 = next(x for x in trace.scorecard if x.norm["id"] == aid("kpi-aanrijdtijden-prio-2") and x.year == 2020)
    assert prio2.value["value"] == pytest.approx(80.4, abs=0.05)  # not the prio 1 figure beside it
    cell = trace.detail(aid("kpi-aanrijdtijden-prio-1")).cells[2020]
    assert cell.status == "gerealiseerd" and cell.source == "kpi"


def test_report_norm_shown_beside_plan_norm(trace):
    line = next(x for x in trace.scorecard if x.norm["id"] == aid("kpi-ziekteverzuim"))
    assert line.plan_norm == "≤ 6,8 %" and line.report_norm == "≤ 6,7 %"
    assert line.value["value"] == pytest.approx(5.9) and line.verdict == "gehaald"
    profcheck = next(x for x in trace.scorecard if x.norm["id"] == aid("kpi-profcheck"))
    # 94,4 % meets the report's own 90 % but not the plan's 100 %: the plan's norm decides
    assert profcheck.verdict == "niet gehaald" and profcheck.report_norm == "≥ 90 %"


def test_every_ambition_has_a_cell_per_report_year(trace):
    assert trace.years == [2020]
    assert len(trace.rows) == 136
    statuses = {c.status for r in trace.rows for c in r.cells.values()}
    assert NO_INFORMATION in statuses and "gerealiseerd" in statuses


def test_ambitions_of_a_theme_the_taxonomy_lacks_are_one_group_without_theme(trace):
    """A theme slug the taxonomy no longer has (its file edited) joins the ambitions without a
    theme in one group "Zonder thema", as the overview counts them: one group, one anchor."""
    labels = {"cybercrime": "Cybercrime", "inzetbaarheid": "Inzetbaarheid"}  # ondermijning and others gone
    groups = ambitions_json(trace, labels)["groups"]
    assert [g["theme"] for g in groups] == ["cybercrime", "inzetbaarheid", ""]
    without = groups[-1]
    assert without["name"] == "Zonder thema"
    assert aid("ondermijning-4d") in {a["id"] for a in without["ambitions"]}
    assert sum(len(g["ambitions"]) for g in groups) == len(trace.rows)


@pytest.mark.parametrize("text,status,evidence", [
    ("Dit project hebben we gerealiseerd.", "gerealiseerd", "gerealiseerd"),
    ("De training is door de coronamaatregelen vertraagd.", "vertraagd", "vertraagd"),
    ("De bijeenkomsten konden door de coronamaatregelen niet doorgaan.", "niet gerealiseerd", "konden"),
    ("Het rioolwateronderzoek liep door corona vertraging op.", "vertraagd", "liep"),
    ("In 2020 is het project gestart.", "lopend", "gestart"),
    ("In 2020 is dit overzicht compleet gemaakt.", "gerealiseerd", "compleet gemaakt"),
    ("De oefening staat gepland voor 2021.", "lopend", "staat gepland"),
    ("Met de gemeenten en het Zorg- en Veiligheidshuis werken we aan een snellere route.", "lopend", "werken"),
    ("De eenheid investeert samen met de ketenpartners in een brede aanpak.", "lopend", "investeert"),
    ("De pilot is opgeleverd. Het was niet mogelijk om de dossiers op te leveren.", "deels gerealiseerd", "opgeleverd"),
    ("Medio 2023 moet deze overdracht afgerond zijn.", "lopend", "afgerond"),
    ("De scan is uitgevoerd, in 2021 gaan we de uitkomsten gebruiken.", "gerealiseerd", "uitgevoerd"),  # another clause
    ("Het project zal in 2021 worden uitgebreid en afgerond.", "lopend", "afgerond"),
    ("Preparatie kon in de huidige omstandigheden niet gerealiseerd worden.", "niet gerealiseerd", "niet"),
    ("De eenheid telt 800 aspiranten.", "onbekend", None),
    # the phrasing of other units' reports (benchmarks/other_units)
    ("De proef is in het voorjaar beëindigd: te weinig meldingen.", "niet gerealiseerd", "beëindigd"),
    ("We hielden zeven snelheidscontroles. Dat is minder dan gepland.", "niet gerealiseerd", "minder dan gepland"),
    ("De e-learning kwam pas in november beschikbaar.", "vertraagd", "pas in november"),
    ("Het draaiboek ligt er in concept en wordt pas in 2022 vastgesteld.", "vertraagd", "pas in 2022"),
    ("De e-learning was aan het eind van het jaar door ongeveer de helft van hen afgerond.", "deels gerealiseerd", "helft"),
    ("Een derde van de teams is getraind.", "deels gerealiseerd", "derde"),
    ("De oefeningen zijn door corona maar deels doorgegaan.", "deels gerealiseerd", "deels"),
    ("De pilot met zorg voor collega's met PTSS ging wel door.", "lopend", "ging wel door"),
    ("We werken samen met de gemeente. In 2020 zijn tien overleggen gehouden.", "lopend", "werken samen"),
    ("De politie werkt samen met de gemeente.", "lopend", "werkt samen"),
    ("De eenheid zet in op preventie.", "lopend", "zet in op"),
    ("We werken niet samen met de gemeente.", "niet gerealiseerd", "werken niet samen"),
    ("Het project blijft door vertraging steken.", "vertraagd", "vertraging"),  # a delay in a partial cue's gap
    ("De projecten zijn deels in 2020 en deels in 2021 gestart.", "lopend", "gestart"),
    ("Project vertraagd. De oplevering volgt in 2021.", "vertraagd", "vertraagd"),  # a sentence, not a title
    # done, then work still going on as the report is written: under way; a start before it is not
    ("We hebben meer samenhang in de aanpak aangebracht. Een integrale visie is in ontwikkeling.", "lopend",
     "in ontwikkeling"),
    ("Een integrale visie is in ontwikkeling. Het afsprakenkader is opgesteld.", "gerealiseerd", "opgesteld"),
    ("Het project is gestart. In november is het opgeleverd.", "gerealiseerd", "opgeleverd"),
    ("Het veiligheidsplan is opgesteld. De uitvoering loopt.", "gerealiseerd", "opgesteld"),
    # the passive in the present is not done yet: being done, or to come; in another clause it is
    ("De evaluatie van het cameratoezicht wordt in het voorjaar uitgevoerd.", "lopend", "uitgevoerd"),
    ("De evaluatie wordt in 2021 afgerond.", "lopend", "afgerond"),
    ("De evaluatie is in het voorjaar uitgevoerd.", "gerealiseerd", "uitgevoerd"),
    ("De scan is uitgevoerd; de uitkomsten worden in 2021 besproken.", "gerealiseerd", "uitgevoerd"),
    # ... its own auxiliary only: another verb's "wordt" is none, nor a routine kept ("elk kwartaal")
    ("Het project is afgerond en wordt geëvalueerd.", "gerealiseerd", "afgerond"),
    ("Het nieuwe meldpunt is opgeleverd en wordt goed gebruikt.", "gerealiseerd", "opgeleverd"),
    ("De pilot is zo succesvol afgerond dat hij wordt voortgezet.", "gerealiseerd", "afgerond"),
    ("Het aantal meldingen wordt steeds groter en de aanpak is afgerond.", "gerealiseerd", "afgerond"),
    ("De controles worden elk kwartaal uitgevoerd.", "gerealiseerd", "uitgevoerd"),
    # a delay inside a partial cue is part of it
    ("De samenwerking kon het team nog niet over de volle breedte oppakken.", "deels gerealiseerd", "volle breedte"),
    ("Fit & vitaal. De coronamaatregelen bemoeilijkten het programma.", "vertraagd", "bemoeilijkten"),
    # ... and ordinary sentences with the same words, which say nothing about progress
    ("In 2020 is vastgesteld dat het aantal woninginbraken is gestegen.", "onbekend", None),
    ("De eenheid heeft nu te maken met een tekort aan rechercheurs.", "onbekend", None),
    ("Sinds 1 januari stijgt het aantal meldingen.", "onbekend", None),
    ("Sinds medio 2019 zien we een trend van toenemend messenbezit.", "onbekend", None),
    ("Sinds de coronacrisis hebben veel ondernemers het moeilijk.", "onbekend", None),
    ("Sinds corona kunnen we veel minder controles uitvoeren.", "onbekend", None),  # why "sinds" is no cue
    ("Sinds dit jaar hebben we te maken met een tekort aan rechercheurs.", "onbekend", None),
    ("Meer dan de helft van de aangiften betrof fietsdiefstal.", "onbekend", None),
    ("In ruim de helft van de ritten kon de verpleegkundige ter plaatse hulp regelen.", "onbekend", None),
    ("Na ons optreden is de overlast in drie panden beëindigd.", "onbekend", None),
    ("De gemiddelde aanrijtijd bleef onder de norm van 15 minuten.", "onbekend", None),
    # "deels" only with what was partly done; a run-in head names the topic, not its status
    ("Het motief is een ruzie, die men deels ook op social media uitvecht.", "onbekend", None),
    ("Functionarissen kunnen (deels) worden ingezet voor de kerntaken.", "onbekend", None),
    ("Bezetting op peil houden. Om de bezetting van de basisteams te houden namen we maatregelen.", "onbekend", None),
    # dropped, with a word between ("is daarom vervallen"), or no longer needed
    ("Veilig Thuis kon geen trainers leveren. De training is daarom vervallen.", "niet gerealiseerd", "is daarom vervallen"),
    ("Lachgas valt nu onder de Opiumwet; een eigen verbod in de APV is niet meer nodig.", "niet gerealiseerd",
     "niet meer nodig"),
])
def test_status_cues(classifier, text, status, evidence):
    found = classifier.classify(text, year=2020)
    assert found.status == status, found
    if evidence:
        assert any(evidence in e for e in found.evidence), found.evidence


def test_status_reason_and_earlier_years(classifier):
    found = classifier.classify("Besprekingen konden door de coronamaatregelen niet allemaal doorgaan.", year=2020)
    assert found.status == "deels gerealiseerd" and found.reason == "coronamaatregelen"
    earlier = classifier.classify("In 2019 zijn we gestart met het overzicht. In 2020 is het compleet gemaakt.", year=2020)
    assert earlier.status == "gerealiseerd" and earlier.evidence == ["compleet gemaakt"]
    # a year's number inside a compound is no year: the sentence still counts for the report's year
    named = classifier.classify("In 2024 staat het cameranetwerk op de agenda. De aanleg is vertraagd, omdat de plekken in "
                                "Natura 2000-gebied liggen.", year=2024)
    assert named.status == "vertraagd", named
    ranged = classifier.classify("In 2024 staat de proef op de agenda. In 2019-2020 is zij vertraagd.", year=2024)
    assert ranged.status == "onbekend", ranged  # a range of earlier years stays earlier
    # the sentence shown is the first that decides, not the one whose cue sits nearest its own start
    two = classifier.classify("In maart hebben alle teams de nieuwe werkwijze ingevoerd. Gerealiseerd is ook de training.",
                              year=2020)
    assert two.status == "gerealiseerd" and two.sentence.startswith("In maart"), two
    assert combine(["gerealiseerd", "vertraagd"]) == "deels gerealiseerd"
    assert combine(["onbekend"]) == "onbekend" and combine(["lopend", "gerealiseerd"]) == "gerealiseerd"


def test_confirmed_link_survives_rebuild_and_changed_text_is_suspect(workdir):
    docs, data = workdir
    r = CliRunner().invoke(main, ["decision", "confirm", aid("ondermijning-4d"), LEERDOSSIER, "--auteur", "auditor-a",
                                  "--notitie", "leerdossier telt als kennisomgeving", "--data-dir", str(data)])
    assert r.exit_code == 0, r.output
    cell = trace_for(data).detail(aid("ondermijning-4d")).cells[2020]
    assert cell.source == "bevestigd" and cell.progress[0].section["id"] == LEERDOSSIER and not cell.suspect

    assert CliRunner().invoke(main, ["ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)]).exit_code == 0
    row = trace_for(data).detail(aid("ondermijning-4d"))
    confirmed = [p for p in row.progress if p.decision is not None]
    assert [p.section["id"] for p in confirmed] == [LEERDOSSIER]
    assert confirmed[0].decision.author == "auditor-a" and not confirmed[0].suspect

    report = docs / f"{REPORT_ID}.txt"
    text = report.read_text(encoding="utf-8")
    assert "• Er is een leerdossier opgesteld over \ncriminele bedrijfsvoering." in text
    report.write_text(text.replace("criminele bedrijfsvoering. \n", "criminele bedrijfsvoering en witwassen. \n", 1),
                      encoding="utf-8")
    assert not Library(data).ingest([docs]).failures
    row = trace_for(data).detail(aid("ondermijning-4d"))
    p = next(p for p in row.progress if p.section["id"] == LEERDOSSIER)
    assert "witwassen" in p.section["text"]
    assert p.suspect and row.cells[2020].suspect  # the confirmation was made on other text
    assert row.to_dict(detail=True)["progress"][0]["decision"]["verdacht"] is True

    # reviewed again: confirmed on the new text, no longer suspect; the history keeps both
    assert CliRunner().invoke(main, ["decision", "confirm", aid("ondermijning-4d"), LEERDOSSIER, "--auteur", "auditor-b",
                                     "--data-dir", str(data)]).exit_code == 0
    assert not trace_for(data).detail(aid("ondermijning-4d")).cells[2020].suspect
    history = Library(data).decisions.history(aid("ondermijning-4d"))
    assert [(d.action, d.author) for d in history] == [("bevestigd", "auditor-a"), ("bevestigd", "auditor-b")]


def test_every_library_takes_the_new_snapshot_after_an_ingest_or_a_decision(workdir):
    """Two workers each hold a Library; after an ingest, and after a decision recorded by
    the other one, both answer from the new state on their next request: never a year
    column or a decision that a reload takes away."""
    docs, data = workdir
    one, two = Library(data), Library(data)
    before = one.snapshot()
    assert two.snapshot().key == before.key and one.snapshot() is before  # nothing changed: the same snapshot
    (docs / "testdata-jaarverslag-2021.txt").write_text("# Jaarverslag 2021 (TESTDATA)\n\n## Ondermijning\n\n"
                                                       "AGORA is in 2021 verder uitgebreid.\n", encoding="utf-8")
    (docs / "testdata-jaarverslag-2021.meta.toml").write_text(
        'title = "Jaarverslag 2021 (testdata)"\nkind = "jaarverslag"\nunit = "Eenheid Rotterdam"\nyear = 2021\n',
        encoding="utf-8")
    assert CliRunner().invoke(main, ["ingest", "-q", str(docs), "--data-dir", str(data)]).exit_code == 0
    for lib in (one, two):
        assert lib.snapshot().key.catalog != before.key.catalog
        assert lib.snapshot().trace.years == [2020, 2021]
    assert before.trace.years == [2020]  # a request that began before keeps its own snapshot
    two.record_decision(aid("ondermijning-4d"), LEERDOSSIER, "bevestigd", author="andere-worker")
    row = one.snapshot().trace.detail(aid("ondermijning-4d"))
    assert [p.section["id"] for p in row.progress if p.decision is not None] == [LEERDOSSIER]
    assert one.snapshot().key == two.snapshot().key


def test_reject_and_add(workdir):
    _, data = workdir
    row = trace_for(data).detail(aid("cybercrime-9"))
    first = next(lk.section_id for lk in row.ranked if lk.year == 2020)  # the best proposal, above the threshold or not
    run = CliRunner().invoke
    assert run(main, ["decision", "reject", aid("cybercrime-9"), first, "--data-dir", str(data)]).exit_code == 0
    extra = f"{REPORT_ID}/strategische-themas-korte-terugblik/cybercrime/activiteiten-in-2020/5"
    assert run(main, ["decision", "add", aid("cybercrime-9"), extra, "--data-dir", str(data)]).exit_code == 0
    cell = trace_for(data).detail(aid("cybercrime-9")).cells[2020]
    ids = [p.section["id"] for p in cell.progress]
    assert first not in ids and ids == [extra] and cell.source == "bevestigd"
    assert run(main, ["decision", "withdraw", aid("cybercrime-9"), extra, "--data-dir", str(data)]).exit_code == 0
    assert extra not in [p.section["id"] for p in trace_for(data).detail(aid("cybercrime-9")).cells[2020].progress]
    # a second withdrawal has nothing to withdraw: refused, and no record of it
    before = len(Library(data).decisions.history())
    again = run(main, ["decision", "withdraw", aid("cybercrime-9"), extra, "--data-dir", str(data)])
    assert again.exit_code == 1 and "er staat geen beslissing over deze koppeling om in te trekken" in again.output
    assert len(Library(data).decisions.history()) == before
    bad = run(main, ["decision", "confirm", aid("cybercrime-9"), "geen/sectie", "--data-dir", str(data)])
    assert bad.exit_code != 0 and "onbekende sectie" in bad.output and "Traceback" not in bad.output
    bad = run(main, ["decision", "confirm", "geen-ambitie", extra, "--data-dir", str(data)])
    assert bad.exit_code != 0 and "onbekende ambitie" in bad.output


def test_decisions_export_and_import(workdir, tmp_path):
    _, data = workdir
    store = Library(data).decisions
    store.record(aid("ondermijning-4d"), LEERDOSSIER, "bevestigd", "abc", author="a")
    store.record(aid("ondermijning-4d"), None, "notitie", note="zie ook 4e", author="a")
    out = tmp_path / "beslissingen.json"
    assert CliRunner().invoke(main, ["decision", "export", "-o", str(out), "--data-dir", str(data)]).exit_code == 0
    other = tmp_path / "other"
    r = CliRunner().invoke(main, ["decision", "import", str(out), "--data-dir", str(other)])
    assert r.exit_code == 0 and "2 beslissingen toegevoegd" in r.output
    r = CliRunner().invoke(main, ["decision", "import", str(out), "--data-dir", str(other)])
    assert "0 beslissingen toegevoegd, 2 waren er al" in r.output  # importing twice adds nothing
    assert [d.action for d in Library(other).decisions.history()] == ["bevestigd", "notitie"]

    for broken in ("{niet json", json.dumps({"format": "iets anders"}),
                   json.dumps({"format": "beleidsbank-beslissingen/1", "decisions": [{"action": "bevestigd"}]})):
        out.write_text(broken, encoding="utf-8")
        r = CliRunner().invoke(main, ["decision", "import", str(out), "--data-dir", str(other)])
        assert r.exit_code != 0 and "Traceback" not in r.output and "Error:" in r.output
    assert len(Library(other).decisions.history()) == 2  # a bad file adds nothing
    with pytest.raises(KbError):
        store.record("x", None, "bevestigd")


def test_new_report_adds_a_year_column(workdir):
    docs, data = workdir
    # TESTDATA: a small made-up annual report, not a real publication
    (docs / "testdata-jaarverslag-2021.txt").write_text("""\
# Jaarverslag 2021 (TESTDATA, verzonnen voor een test)

## Ondermijning

De digitale leer- en kennisomgeving AGORA is in 2021 verder geprofessionaliseerd; er zijn drie nieuwe leerdossiers opgeleverd.

## Burger centraal

De reactietijd voor prio 1 meldingen (Spoed) lag in 2021 met een realisatie van 80,1% (binnen 15 minuten ter plaatse) onder de afgesproken norm van 82%.
""", encoding="utf-8")
    (docs / "testdata-jaarverslag-2021.meta.toml").write_text(
        'title = "Jaarverslag 2021 (testdata)"\nkind = "jaarverslag"\nunit = "Eenheid Rotterdam"\nyear = 2021\n', encoding="utf-8")
    assert not Library(data).ingest([docs]).failures
    t = trace_for(data)
    assert t.years == [2020, 2021]
    assert all(set(r.cells) == {2020, 2021} for r in t.rows)
    agora = t.detail(aid("ondermijning-4d")).cells[2021]
    assert agora.progress and agora.progress[0].section["document_id"] == "testdata-jaarverslag-2021"
    assert agora.status == "gerealiseerd"
    prio1 = next(x for x in t.scorecard if x.norm["id"] == aid("kpi-aanrijdtijden-prio-1") and x.year == 2021)
    assert prio1.value["value"] == pytest.approx(80.1) and prio1.verdict == "niet gehaald"


def test_cli_trace_and_kpi(corpus, tmp_path):
    run = CliRunner().invoke
    r = run(main, ["trace", "--thema", "cybercrime", "--json", "--data-dir", str(corpus.data_dir)])
    assert r.exit_code == 0, r.output
    body = json.loads(r.output)
    ambitions = [a for g in body["groups"] for a in g["ambitions"]]
    assert body["years"] == [2020] and ambitions and [g["theme"] for g in body["groups"]] == ["cybercrime"]
    assert all(a["theme"] == "cybercrime" for a in ambitions)
    r = run(main, ["trace", aid("ondermijning-4d"), "--data-dir", str(corpus.data_dir)])
    assert r.exit_code == 0 and "leerdossier" in r.output and "gedeeld:" in r.output
    r = run(main, ["trace", "bestaat-niet", "--data-dir", str(corpus.data_dir)])
    assert r.exit_code != 0 and "onbekende ambitie" in r.output
    r = run(main, ["trace", "--thema", "sterrenkunde", "--data-dir", str(corpus.data_dir)])
    assert r.exit_code != 0 and "onbekend thema" in r.output
    r = run(main, ["kpi", "--json", "--data-dir", str(corpus.data_dir)])
    kpis = [line for n in json.loads(r.output)["norms"] for line in n["lines"]]
    assert {k["norm_id"] for k in kpis} >= {aid("kpi-aanrijdtijden-prio-1"), aid("kpi-ziekteverzuim")}
    r = run(main, ["trace", "--data-dir", str(tmp_path / "leeg")])
    assert r.exit_code != 0 and "kb ingest" in r.output


def test_exports_csv_and_xlsx(corpus, tmp_path):
    from openpyxl import load_workbook

    run = CliRunner().invoke
    out = tmp_path / "trace.csv"
    assert run(main, ["export", "trace", "-o", str(out), "--data-dir", str(corpus.data_dir)]).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["ambitie", "soort", "thema", "tekst", "jaar", "status"]
    assert len(rows) == 1 + 136
    agora = next(r for r in rows if r[0] == aid("ondermijning-4d"))
    assert "Jaarverslag 2020" in agora[8]  # links: document, page, first words

    xlsx = tmp_path / "kpi.xlsx"
    assert run(main, ["export", "scorecard", "-o", str(xlsx), "--data-dir", str(corpus.data_dir)]).exit_code == 0
    ws = load_workbook(xlsx).active
    values = list(ws.values)
    assert values[0][0] == "norm" and len(values) == 1 + 13
    prio1 = next(v for v in values if v[0] == aid("kpi-aanrijdtijden-prio-1"))
    assert prio1[5] == pytest.approx(83.3) and prio1[8] == "gehaald"


@pytest.fixture(scope="module")
def client(corpus):
    """The web app on the session's corpus (reads only)."""
    from web import create_app

    return create_app({"DATA_DIR": str(corpus.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()


def test_api_trace_shapes(client, tmp_path):
    from web import create_app

    body = client.get("/api/ambitions").get_json()
    a = next(x for g in body["groups"] for x in g["ambitions"] if x["id"] == aid("kpi-aanrijdtijden-prio-1"))
    assert {"id", "kind", "theme", "heading_path", "text", "years"} <= set(a)
    assert a["kind"] == "kpi" and a["years"]["2020"]["status"] == "gerealiseerd" and a["years"]["2020"]["links"] >= 1
    detail = client.get(f"/api/ambitions/{aid('ondermijning-4d')}").get_json()
    assert {"section_id", "document_id", "document_title", "year", "text", "score", "status", "evidence",
            "shared_terms", "decision"} <= set(detail["progress"][0])
    scores = [p["score"] for p in detail["progress"] if p["score"] is not None]
    assert scores == sorted(scores, reverse=True)  # best first
    missing = client.get("/api/ambitions/bestaat-niet")
    assert missing.status_code == 404 and "bestaat-niet" in missing.get_json()["error"]
    assert client.get("/api/geen-adres").get_json() == {"error": "Onbekend adres in de API."}
    assert client.get("/api/ambitions?thema=sterrenkunde").status_code == 400
    kpis = [line for n in client.get("/api/kpis").get_json()["norms"] for line in n["lines"]]
    assert any(k["norm_id"] == aid("kpi-ziekteverzuim") and k["verdict"] == "gehaald" for k in kpis)
    r = client.get("/api/export/trace.csv")
    assert r.status_code == 200 and r.data.startswith("\ufeff".encode()) and aid("ondermijning-4d").encode() in r.data
    assert client.get("/api/export/trace.pdf").status_code == 404
    empty = create_app({"DATA_DIR": str(tmp_path / "leeg"), "SECRET_KEY": "t", "TESTING": True}).test_client()
    r = empty.get("/api/ambitions")
    assert r.status_code == 503 and "kb ingest" in r.get_json()["error"]


def test_a_snapshot_never_goes_back_to_an_older_key(library):
    """A request that read the key before a decision (or an ingest), and takes the lock
    after another request made the new snapshot, gets that new snapshot, not an old one."""

    class Slow(Library):
        stale = None

        def key(self):
            found, self.stale = self.stale, None
            return found or super().key()

    lib = Slow(library.data_dir)
    before = lib.snapshot()
    lib.record_decision(aid("ondermijning-4d"), LEERDOSSIER, "bevestigd", author="a")
    after = lib.snapshot()
    assert after.key != before.key and len(after.history) == 1
    lib.stale = before.key  # read before the decision, by a slower thread
    assert lib.snapshot() is after
    assert after.key.decisions == Library(library.data_dir).decisions_version()  # key and history agree


@pytest.mark.parametrize("api,page,cli", [
    ("/api/ambitions?thema=cybercrime", "/ambities.json?thema=cybercrime", ["trace", "--thema", "cybercrime", "--json"]),
    ("/api/ambitions?thema=zonder-thema", "/ambities.json?thema=zonder-thema", ["trace", "--thema", "zonder thema", "--json"]),
    (f"/api/ambitions/{aid('ondermijning-4d')}", f"/ambities/{aid('ondermijning-4d')}.json", ["trace", aid("ondermijning-4d"), "--json"]),
    ("/api/kpis", "/kpi.json", ["kpi", "--json"]),
])
def test_one_json_shape_per_resource(corpus, client, api, page, cli):
    """The API, the page's JSON twin and the command line answer the same JSON."""
    body = client.get(api).get_json()
    assert client.get(page).get_json() == body
    r = CliRunner().invoke(main, [*cli, "--data-dir", str(corpus.data_dir)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == body


def test_the_ambitions_without_a_theme_are_a_choice_of_their_own(client):
    body = client.get("/api/ambitions?thema=zonder-thema").get_json()
    assert [g["name"] for g in body["groups"]] == ["Zonder thema"]
    ids = {a["id"] for a in body["groups"][0]["ambitions"]}
    assert aid("kpi-executie") in ids and aid("ondermijning-4d") not in ids


def test_broken_cue_file_is_a_clear_error(tmp_path):

    bad = tmp_path / "status-cues.toml"
    for text, message in (('[gerealiseerd]\nsignalen = "geen lijst"\n', "signalen"),
                          ("[gerealiseerd\n", "status-cues.toml")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(KbError, match=message):
            StatusClassifier(bad)


def test_unreadable_decision_store_is_a_clear_error(workdir, tmp_path):
    _, data = workdir
    Library(data).paths.precious.write_bytes(b"dit is geen sqlite-bestand" * 100)
    run = CliRunner().invoke
    for args in (["trace"], ["decision", "history"], ["decision", "confirm", aid("ondermijning-4d"), LEERDOSSIER]):
        r = run(main, args + ["--data-dir", str(data)])
        assert r.exit_code == 1 and "niet te openen" in r.output and "Traceback" not in r.output, (args, r.output)
    r = run(main, ["decision", "import", str(tmp_path), "--data-dir", str(data)])  # a folder, not a file
    assert r.exit_code == 1 and "Traceback" not in r.output
