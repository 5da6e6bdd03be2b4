"""Authoring leerdossiers (issue 19): the template (kb/data/leerdossier-sjabloon.md) filled by
kb.store.authoring ingests as a leerdossier whose every heading gets its role; beheer makes one
(download or add to the documents, then found by fenomeen: and rol:), refuses bad input in
Dutch without writing anything, keeps an uploaded Markdown file's front matter, and edits a
leerdossier's own fields (status concept -> afgerond shows in the status facet). Real files,
a real ingest, the real Flask app and its ingest job; the CLI prints the filled template."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from helpers.websetup import PASSWORD, csrf, finished_job, login

from kb.cli import main
from kb.enrich.metadata import check_front_matter
from kb.errors import KbError
from kb.library import Library
from kb.parse.frontmatter import split_front_matter
from kb.store.authoring import check_fields, new_leerdossier, template_text
from web import create_app

# each heading of the template and the role it must give (kb/data/leerdossier-roles.toml)
HEADING_ROLES = {"Aanleiding": "aanleiding", "Fenomeen en modus operandi": "fenomeen",
                 "Signalen en indicatoren": "signalen", "Interventies": "interventies",
                 "Bestuurlijk": "interventies", "Strafrechtelijk": "interventies", "Fiscaal": "interventies",
                 "Zorg en veiligheid": "interventies", "Partners": "partners", "Juridisch kader": "juridisch-kader",
                 "Resultaten": "resultaten", "Geleerde lessen": "lessen", "Aanbevelingen": "aanbevelingen"}

FIELDS = {"title": "Leerdossier: hennepteelt in huurwoningen", "unit": "Eenheid Testland", "date": "2024-05-01",
          "fenomenen": ["Hennepteelt"], "thema": "ondermijning", "eigenaar": "Team Ondermijning Testland",
          "status": "concept", "ambities": "ondermijning-4e", "voorbeeld": True, "source": "intranet"}

REPORT = "# Jaarverslag 2021 eenheid Testland\n\n## Ondermijning\n\nIn 2021 ruimden we 14 hennepkwekerijen op.\n"
DOSSIER = """\
---
title: Leerdossier drugslabs in schuren
kind: leerdossier
unit: Eenheid Testland
fenomenen: [drugslab]
thema: [ondermijning]
eigenaar: Team Buitengebied
status: concept
voorbeeld: true
---
# Leerdossier drugslabs in schuren

## Aanleiding
Boeren in het buitengebied kregen huurders voor hun lege schuren die contant betaalden.

## Signalen en indicatoren
- Een chemische anijsgeur rond de schuur.
"""


def ingest_one(tmp_path, name: str, text: str) -> Library:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(text, encoding="utf-8")
    lib = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    return lib


def sections(lib: Library, doc_id: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(**s) for s in lib.snapshot().catalog.sections_by_document[doc_id]]


# ---------------------------------------------------------------------- the template


def test_the_filled_template_ingests_as_a_leerdossier_with_a_role_under_every_heading(tmp_path):
    title = "Leerdossier: schuren in het buitengebied"  # names no phenomenon itself
    text = new_leerdossier({**FIELDS, "title": title, "fenomenen": ["drugslab"]})
    lib = ingest_one(tmp_path, "ld.md", text)
    doc = SimpleNamespace(**lib.snapshot().catalog.document_by_id["ld"])
    assert (doc.kind, doc.title, doc.unit, doc.date) == ("leerdossier", title, "Eenheid Testland", "2024-05-01")
    assert (doc.phenomena, doc.themes, doc.owner, doc.status, doc.serves, doc.example) == (
        ["drugslab"], ["ondermijning"], "Team Ondermijning Testland", "concept", ["ondermijning-4e"], True)
    assert not doc.warnings and not doc.metadata_guessed

    found = sections(lib, "ld")
    hints = [line.strip("*") for line in text.splitlines() if line.startswith("*") and line.endswith("*")]
    assert len(hints) == len(HEADING_ROLES)
    headings_seen = set()
    for s in found:
        path = s.heading_path[1:]  # below the title
        assert not any(h in p for h in hints for p in s.heading_path), s.heading_path  # a hint is never a heading
        if not path and s.text == title:
            assert s.role is None  # the title itself has no role
            continue
        own = path[-1] if path and s.text in hints else s.text
        assert own in HEADING_ROLES, (s.heading_path, s.text)
        assert s.role == HEADING_ROLES[own], (s.heading_path, s.text, s.role)
        assert s.phenomena == ["drugslab"], (s.text, s.phenomena)  # no hint names a phenomenon of its own
        headings_seen.add(own)
    assert headings_seen == set(HEADING_ROLES)
    hint_sections = [s for s in found if s.text in hints]
    assert len(hint_sections) == len(hints)  # each hint is one paragraph under its own heading
    for s in hint_sections:
        assert s.role == HEADING_ROLES[s.heading_path[-1]]


def test_the_blank_template_is_itself_a_valid_leerdossier(tmp_path):
    lib = ingest_one(tmp_path, "leeg.md", template_text())
    doc = lib.snapshot().catalog.document_by_id["leeg"]
    assert doc["kind"] == "leerdossier" and doc["status"] == "concept" and doc["example"] is False
    assert {s.role for s in sections(lib, "leeg")} == set(HEADING_ROLES.values()) | {None}


def test_the_front_matter_is_written_by_yaml_and_reads_back_as_the_ingest_reads_it():
    tricky = {**FIELDS, "title": 'Leerdossier "Schuur": #1 — café', "eigenaar": "null", "source": None}
    text = new_leerdossier(tricky)
    front, body = split_front_matter(text)
    fields = check_front_matter(front)
    assert fields["title"] == tricky["title"] and fields["eigenaar"] == "null" and fields.get("source") is None
    assert fields["fenomenen"] == ["hennepteelt"] and fields["thema"] == ["ondermijning"]  # the slugs
    assert str(fields["date"]) == "2024-05-01" and fields["voorbeeld"] is True and fields["kind"] == "leerdossier"
    assert f"# {tricky['title']}\n" in body and text.startswith("---\n# Sjabloon")


@pytest.mark.parametrize("change, said", [
    ({"title": "  "}, "geef het leerdossier een titel"),
    ({"fenomenen": ["fietsendiefstal"]}, "fenomeen 'fietsendiefstal' staat niet in fenomenen.toml (kies uit:"),
    ({"thema": "tuinbouw"}, "thema 'tuinbouw' staat niet in de themalijst"),
    ({"status": "klaar"}, "'status' moet concept of afgerond zijn"),
    ({"date": "gisteren"}, "'datum' moet een datum zijn"),
    ({"ambities": "Ondermijning 4e"}, "'ambities'"),
])
def test_bad_values_are_refused_in_dutch(change, said):
    with pytest.raises(KbError) as refused:
        new_leerdossier({**FIELDS, **change})
    assert said in refused.value.message


def test_an_unknown_ambition_is_allowed_but_warned():
    _, warnings = check_fields({**FIELDS, "ambities": "ondermijning-4e, ondermijning-9z"}, ["ondermijning-4e"])
    assert warnings == ["ambitie ondermijning-9z staat in geen huidig plan; controleer de sleutel "
                        "(het leerdossier is wel gemaakt)"]
    assert check_fields(FIELDS, ["ondermijning-4e"])[1] == []
    assert check_fields(FIELDS, None)[1] == []  # no catalog: nothing to compare with


def test_the_cli_prints_the_filled_template():
    runner = CliRunner()
    out = runner.invoke(main, ["leerdossier", "sjabloon", "--titel", "Leerdossier mensenhandel", "--fenomeen",
                               "mensenhandel", "--thema", "ondermijning", "--ambitie", "ondermijning-4e"])
    assert out.exit_code == 0, out.output
    fields = check_front_matter(split_front_matter(out.output)[0])
    assert fields["title"] == "Leerdossier mensenhandel" and fields["fenomenen"] == ["mensenhandel"]
    assert runner.invoke(main, ["leerdossier", "sjabloon"]).output == template_text()
    bad = runner.invoke(main, ["leerdossier", "sjabloon", "--titel", "x", "--fenomeen", "fietsendiefstal"])
    assert bad.exit_code == 1 and "fenomeen 'fietsendiefstal' staat niet in fenomenen.toml" in bad.output
    assert "Traceback" not in bad.output


# ---------------------------------------------------------------------- beheer


@pytest.fixture
def site(tmp_path):
    """A documents folder with a report and a leerdossier, ingested, with a beheerder and an auditor."""
    docs, data = tmp_path / "documents", tmp_path / "data"
    docs.mkdir()
    (docs / "jaarverslag-2021.md").write_text(REPORT, encoding="utf-8")
    (docs / "jaarverslag-2021.meta.toml").write_text(
        'title = "Jaarverslag 2021 Testland"\nkind = "jaarverslag"\nunit = "Eenheid Testland"\nyear = 2021\n',
        encoding="utf-8")
    (docs / "ld-drugslabs.md").write_text(DOSSIER, encoding="utf-8")
    lib = Library(data, documents_dir=docs)
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    lib.users.add("beheer", PASSWORD, "beheerder")
    lib.users.add("auditor", PASSWORD, "auditor")
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    client = app.test_client()
    login(client, "beheer")
    return SimpleNamespace(docs=docs, data=data, app=app, client=client)


def form(client, **values) -> dict:
    base = {"csrf_token": csrf(client, "/beheer/leerdossier"), "titel": "Leerdossier hennepteelt in woningen",
            "eenheid": "Eenheid Testland", "datum": "2024-05-01", "fenomenen": ["hennepteelt"], "thema": "ondermijning",
            "eigenaar": "Team Wonen", "status": "concept", "ambities": "ondermijning-4e", "bron": "", "actie": "toevoegen"}
    return {**base, **values}


def files(docs) -> list[tuple[str, bytes]]:
    return sorted((p.name, p.read_bytes()) for p in docs.iterdir())


def api(client, query: str) -> dict:
    return client.get(f"/api/search?{query}").get_json()


def test_the_form_offers_the_phenomena_themes_and_both_actions(site):
    page = site.client.get("/beheer/leerdossier").get_data(as_text=True)
    for slug in ("hennepteelt", "drugslab", "witwassen-via-vastgoed", "mensenhandel"):
        assert f'name="fenomenen" value="{slug}"' in page, slug
    assert '<option value="ondermijning">' in page and 'name="status"' in page
    assert re.search(r'<option value="concept" selected>', page)
    assert 'value="download"' in page and 'value="toevoegen"' in page and "Download als Markdown" in page
    assert 'href="/beheer/leerdossier/sjabloon.md"' in page and "Interventies (Bestuurlijk, Strafrechtelijk" in page
    assert 'href="/beheer/leerdossier"' in site.client.get("/beheer").get_data(as_text=True)
    auditor = site.app.test_client()
    login(auditor, "auditor")
    assert auditor.get("/beheer/leerdossier").status_code == 403
    assert auditor.get("/beheer/leerdossier/sjabloon.md").status_code == 403
    assert auditor.post("/beheer/leerdossier", data={**form(site.client), "csrf_token": csrf(auditor, "/")}).status_code == 403
    assert site.client.post("/beheer/leerdossier", data={"titel": "x", "actie": "toevoegen"}).status_code == 400  # CSRF


def test_download_gives_the_filled_template_as_markdown_and_writes_nothing(site):
    before = files(site.docs)
    r = site.client.post("/beheer/leerdossier", data=form(site.client, actie="download", voorbeeld="ja"))
    assert r.status_code == 200 and r.mimetype == "text/markdown" and "utf-8" in r.content_type
    assert r.headers["Content-Disposition"] == 'attachment; filename="leerdossier-hennepteelt-in-woningen.md"'
    fields = check_front_matter(split_front_matter(r.get_data(as_text=True))[0])
    assert fields["fenomenen"] == ["hennepteelt"] and fields["voorbeeld"] is True and fields["unit"] == "Eenheid Testland"
    blank = site.client.get("/beheer/leerdossier/sjabloon.md")
    assert blank.mimetype == "text/markdown" and blank.get_data(as_text=True) == template_text()
    assert 'filename="leerdossier-sjabloon.md"' in blank.headers["Content-Disposition"]
    assert files(site.docs) == before


def test_beheer_adds_a_leerdossier_that_search_finds_by_fenomeen_and_rol(site):
    r = site.client.post("/beheer/leerdossier", data=form(site.client, ambities="ondermijning-4e, ondermijning-9z"))
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"], r.get_data(as_text=True)[-800:]
    job = finished_job(site.client, r.headers["Location"])
    assert job["state"] == "klaar", job
    assert {o["file"]: o["change"] for o in job["outcomes"]}["leerdossier-hennepteelt-in-woningen.md"] == "nieuw"
    assert not (site.docs / "leerdossier-hennepteelt-in-woningen.meta.toml").exists()  # the front matter is the metadata
    shown = site.client.get(r.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Let op: ambities? [^<]*ondermijning-9z[^<]* in geen huidig plan", shown)  # this corpus has no plan
    assert "leerdossier-hennepteelt-in-woningen.md toegevoegd" in shown

    body = api(site.client, "q=ruiken&fenomeen=hennepteelt&rol=signalen")  # the signalen hint says 'ruiken'
    assert body["total"] == 1 and body["hits"][0]["document_id"] == "leerdossier-hennepteelt-in-woningen"
    assert body["hits"][0]["role"] == "signalen" and body["hits"][0]["status"] == "concept"
    words = api(site.client, "q=fenomeen:hennepteelt rol:aanbevelingen aanraadt")
    assert [h["document_id"] for h in words["hits"]] == ["leerdossier-hennepteelt-in-woningen"]
    assert api(site.client, "q=ruiken&fenomeen=drugslab")["total"] == 0


@pytest.mark.parametrize("change, said, status", [
    ({"fenomenen": ["fietsendiefstal"]}, "fenomeen &#39;fietsendiefstal&#39; staat niet in fenomenen.toml", 400),
    ({"titel": ""}, "geef het leerdossier een titel", 400),
    ({"titel": "Leerdossier drugslabs in schuren"}, "er is al een document met de titel", 409),  # by title
    ({"titel": "Jaarverslag 2021"}, "er is al een document &#39;jaarverslag-2021.md&#39;", 409),  # by file name
    ({"datum": "morgen"}, "&#39;datum&#39; moet een datum zijn", 400),
    ({"actie": "download", "thema": "tuinbouw"}, "thema &#39;tuinbouw&#39; staat niet in de themalijst", 400),
])
def test_bad_input_is_a_dutch_error_and_nothing_is_written(site, change, said, status):
    before = files(site.docs)
    values = form(site.client, **change)
    r = site.client.post("/beheer/leerdossier", data=values)
    html = r.get_data(as_text=True)
    assert r.status_code == status and "Niet gemaakt" in html and 'role="alert"' in html, html[-1500:]
    assert said in html or said.replace("&#39;", "'") in html, html[-1500:]
    assert "Traceback" not in html and "/beheer/taak/" not in r.headers.get("Location", "")
    if values["titel"]:
        assert f'value="{values["titel"]}"' in html  # what was typed stays
    assert 'value="Team Wonen"' in html
    assert files(site.docs) == before


def test_a_title_that_differs_only_in_case_from_a_documents_title_is_refused(site):
    before = files(site.docs)
    r = site.client.post("/beheer/leerdossier", data=form(site.client, titel="LEERDOSSIER DRUGSLABS IN SCHUREN"))
    assert r.status_code == 409 and files(site.docs) == before


def test_an_uploaded_markdown_keeps_its_front_matter_and_the_form_wins_where_filled(site):
    upload = DOSSIER.replace("Leerdossier drugslabs in schuren", "Leerdossier uitbuiting in de bouw").replace(
        "[drugslab]", "[mensenhandel]").replace("schuren", "bouwketen")
    r = site.client.post("/beheer/upload", data={"csrf_token": csrf(site.client, "/beheer"), "titel": "",
                                                 "soort": "leerdossier", "eenheid": "Eenheid Oost",
                                                 "bestand": (io.BytesIO(upload.encode()), "mijn bestand.md")},
                         content_type="multipart/form-data")
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"], r.headers["Location"]
    assert finished_job(site.client, r.headers["Location"])["state"] == "klaar"
    # named after its own title; the .meta.toml holds only what the form set
    meta = (site.docs / "leerdossier-uitbuiting-in-de-bouw.meta.toml").read_text(encoding="utf-8")
    assert 'kind = "leerdossier"' in meta and 'unit = "Eenheid Oost"' in meta and "title" not in meta
    assert "status" not in meta and "fenomenen" not in meta
    doc = site.client.get("/documenten/leerdossier-uitbuiting-in-de-bouw.json").get_json()["document"]
    assert doc["title"] == "Leerdossier uitbuiting in de bouw" and doc["unit"] == "Eenheid Oost"  # the form won
    assert (doc["phenomena"], doc["status"], doc["owner"], doc["example"]) == (
        ["mensenhandel"], "concept", "Team Buitengebied", True)  # the front matter stayed

    # a front matter the ingest would refuse is refused at the upload, in Dutch, and nothing is written
    before = files(site.docs)
    bad = upload.replace("[mensenhandel]", "[fietsendiefstal]")
    r = site.client.post("/beheer/upload", data={"csrf_token": csrf(site.client, "/beheer"), "titel": "Ander dossier",
                                                 "soort": "leerdossier",
                                                 "bestand": (io.BytesIO(bad.encode()), "ander.md")},
                         content_type="multipart/form-data")
    assert r.status_code == 302 and "/beheer/taak/" not in r.headers["Location"]
    shown = site.client.get("/beheer").get_data(as_text=True)
    assert "Niet toegevoegd: fenomeen &#39;fietsendiefstal&#39; staat niet in fenomenen.toml" in shown
    assert files(site.docs) == before


def test_editing_a_leerdossiers_status_shows_in_the_status_facet(site):
    assert api(site.client, "q=anijsgeur")["facets"]["status"] == {"concept": 1}
    page = site.client.get("/beheer/documenten/ld-drugslabs").get_data(as_text=True)
    fieldset = re.search(r'<fieldset class="leerdossier-fields"([^>]*)>(.*?)</fieldset>\s*<button', page, re.S)
    assert fieldset and "hidden" not in fieldset.group(1)
    assert 'name="fenomenen" value="drugslab" checked' in fieldset.group(2)
    assert '<option value="concept" selected>' in fieldset.group(2) and 'value="Team Buitengebied"' in fieldset.group(2)
    assert 'name="voorbeeld" value="ja" checked' in fieldset.group(2)
    report = site.client.get("/beheer/documenten/jaarverslag-2021").get_data(as_text=True)
    assert re.search(r'<fieldset class="leerdossier-fields"[^>]*hidden', report)  # not for a report

    r = site.client.post("/beheer/documenten/ld-drugslabs", data={
        "csrf_token": csrf(site.client, "/beheer"), "titel": "Leerdossier drugslabs in schuren", "soort": "leerdossier",
        "eenheid": "Eenheid Testland", "fenomenen": ["drugslab", "criminele-bedrijfsvoering"], "thema": "ondermijning",
        "eigenaar": "Team Buitengebied", "status": "afgerond", "ambities": "ondermijning-4e"})  # voorbeeld unticked
    assert r.status_code == 302 and "/beheer/taak/" in r.headers["Location"], r.get_data(as_text=True)[-1500:]
    assert finished_job(site.client, r.headers["Location"])["state"] == "klaar"
    meta = (site.docs / "ld-drugslabs.meta.toml").read_text(encoding="utf-8")
    assert 'status = "afgerond"' in meta and "voorbeeld = false" in meta and 'ambities = [' in meta
    body = api(site.client, "q=anijsgeur")
    assert body["facets"]["status"] == {"afgerond": 1}
    hit = body["hits"][0]
    assert hit["status"] == "afgerond" and hit["example"] is False
    assert hit["phenomena"][:2] == ["drugslab", "criminele-bedrijfsvoering"]
    assert api(site.client, "q=anijsgeur&status=concept")["total"] == 0

    # an unknown phenomenon typed into the request is refused before the .meta.toml is written
    r = site.client.post("/beheer/documenten/ld-drugslabs", data={
        "csrf_token": csrf(site.client, "/beheer"), "titel": "Leerdossier drugslabs in schuren", "soort": "leerdossier",
        "fenomenen": ["fietsendiefstal"], "status": "concept"})
    assert r.status_code == 400 and "fietsendiefstal" in r.get_data(as_text=True)
    assert (site.docs / "ld-drugslabs.meta.toml").read_text(encoding="utf-8") == meta


def test_an_exclusive_write_never_replaces_a_file(tmp_path):
    """kb.files.atomic_write(exclusive=True), which add_leerdossier writes with: a file that is
    there (or appeared meanwhile) stays as it was, and no temporary file is left behind."""
    from kb.files import atomic_write

    path = tmp_path / "leerdossier.md"
    atomic_write(path, b"eerste", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic_write(path, b"tweede", exclusive=True)
    assert path.read_bytes() == b"eerste" and [p.name for p in tmp_path.iterdir()] == ["leerdossier.md"]
