"""A leerdossier's metadata (kb.enrich.metadata, kb.parse.frontmatter, kb.enrich.learning):
YAML front matter in Markdown, the same fields in a `.meta.toml`, phenomena from
kb/data/fenomenen.toml on every section, and search by phenomenon and status through the
query, the API and the CLI. Real files, a real ingest, a real index."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.library import Library
from web import create_app

FRONT = """\
---
title: "Leerdossier drugslabs in schuren"
kind: leerdossier
unit: Eenheid Testland
date: 2021-04-01
fenomenen: [Drugslab]
thema: ondermijning
eigenaar: "Team Ondermijning Testland"
status: concept
ambities: [ondermijning-4e, ondermijning-4d]
voorbeeld: true
---
# Leerdossier drugslabs in schuren

## Aanleiding
Boeren in het buitengebied kregen huurders voor hun lege schuren die contant betaalden.

## Signalen en indicatoren
- Een chemische anijsgeur rond de schuur.
- Jerrycans en vaten bij de afvalcontainer.

## Geleerde lessen
Een vertrouwelijk meldpunt voor boeren werkte beter dan voorlichting.
"""

REPORT = """\
# Jaarverslag 2021 eenheid Testland

## Ondermijning
In 2021 ruimden we 14 hennepkwekerijen op en vonden we twee drugslabs in het buitengebied.

## Verkeer
Het aantal verkeersongevallen daalde.
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "ld-drugslabs.md").write_text(FRONT, encoding="utf-8")
    (docs / "jaarverslag-2021.md").write_text(REPORT, encoding="utf-8")
    (docs / "jaarverslag-2021.meta.toml").write_text(
        'title = "Jaarverslag 2021"\nkind = "jaarverslag"\nunit = "Eenheid Testland"\nyear = 2021\n', encoding="utf-8")
    library = Library(tmp_path_factory.mktemp("data"), documents_dir=tmp_path_factory.mktemp("up"))
    result = library.ingest([docs])
    assert not result.failures, result.failures
    return library


def _doc(lib, doc_id):
    return SimpleNamespace(**lib.snapshot().catalog.document_by_id[doc_id])


def _sections(lib, doc_id):
    return [SimpleNamespace(**s) for s in lib.snapshot().catalog.sections_by_document[doc_id]]


def test_front_matter_is_the_metadata(lib):
    doc = _doc(lib, "ld-drugslabs")
    assert (doc.kind, doc.title, doc.unit, doc.date) == ("leerdossier", "Leerdossier drugslabs in schuren",
                                                              "Eenheid Testland", "2021-04-01")
    assert doc.phenomena == ["drugslab"]  # the name, as the data file's slug
    assert doc.themes == ["ondermijning"]
    assert (doc.owner, doc.status, doc.example) == ("Team Ondermijning Testland", "concept", True)
    assert doc.serves == ["ondermijning-4e", "ondermijning-4d"]
    assert not doc.metadata_guessed and not doc.warnings


def test_front_matter_is_no_text(lib):
    texts = [s.text for s in _sections(lib, "ld-drugslabs")]
    assert not any("fenomenen" in t or "eigenaar" in t or t.strip() == "---" for t in texts)
    assert texts[0] == "Leerdossier drugslabs in schuren"


def test_every_section_of_a_leerdossier_has_its_phenomena_and_theme(lib):
    for s in _sections(lib, "ld-drugslabs"):
        assert s.phenomena == ["drugslab"], s.id
        assert "ondermijning" in s.themes, s.id


def test_a_report_section_gets_the_phenomena_its_words_name(lib):
    by_text = {s.text[:20]: s.phenomena for s in _sections(lib, "jaarverslag-2021")}
    assert by_text["In 2021 ruimden we 1"] == ["hennepteelt", "drugslab"]
    assert by_text["Het aantal verkeerso"] == []


def test_search_by_phenomenon_and_status(lib):
    snap = lib.snapshot()
    found = snap.search("schuur OF schuren OF hennepkwekerijen OF drugslabs", filters={"fenomeen": ["drugslab"]})
    assert {h.document_id for h in found.hits} == {"ld-drugslabs", "jaarverslag-2021"}
    assert found.facets["phenomena"]["drugslab"] == found.total
    concept = snap.search("schuur OF drugslabs", filters={"status": ["concept"]})
    assert {h.document_id for h in concept.hits} == {"ld-drugslabs"}
    assert all(h.status == "concept" and h.example for h in concept.hits)
    assert snap.search("schuur", filters={"status": ["afgerond"]}).total == 0
    # in the query language, by name
    by_words = snap.search("fenomeen:hennepteelt ruimden")
    assert [h.document_id for h in by_words.hits] == ["jaarverslag-2021"]
    unknown = snap.search("fenomeen:fietsendiefstal schuur")
    assert any("onbekend fenomeen 'fietsendiefstal'" in n for n in unknown.notes)


def test_api_and_cli_filter_by_phenomenon(lib):
    app = create_app({"DATA_DIR": str(lib.data_dir), "TESTING": True})
    body = app.test_client().get("/api/search?q=anijsgeur&fenomeen=drugslab&status=concept").get_json()
    assert body["total"] == 1 and body["hits"][0]["phenomena"] == ["drugslab"]
    assert body["hits"][0]["status"] == "concept" and body["hits"][0]["example"] is True
    assert body["facets"]["fenomeen"] == {"drugslab": 1}
    out = CliRunner().invoke(main, ["--data-dir", str(lib.data_dir), "search", "anijsgeur", "--fenomeen", "drugslab", "--json"])
    assert out.exit_code == 0, out.output
    assert [h["section_id"] for h in json.loads(out.output)["hits"]] == [body["hits"][0]["section_id"]]


def test_search_page_shows_phenomenon_facet_and_example_badge(lib):
    app = create_app({"DATA_DIR": str(lib.data_dir), "TESTING": True})
    page = app.test_client().get("/zoeken?q=schuur").get_data(as_text=True)
    assert "Fenomeen" in page and ">Drugslab <span class=\"count\">" in page
    assert 'class="badge example"' in page and 'class="badge status"' in page


def test_meta_toml_wins_over_front_matter(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ld.md").write_text(FRONT, encoding="utf-8")
    (docs / "ld.meta.toml").write_text('status = "afgerond"\nfenomenen = ["hennepteelt"]\n', encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    assert not library.ingest([docs]).failures
    doc = _doc(library, "ld")
    assert (doc.status, doc.phenomena, doc.owner) == ("afgerond", ["hennepteelt"], "Team Ondermijning Testland")


@pytest.mark.parametrize("front, said", [
    ("fenomenen: [fietsendiefstal]", "fenomeen 'fietsendiefstal' staat niet in fenomenen.toml (kies uit: criminele bedrijfsvoering"),
    ("thema: tuinbouw", "thema 'tuinbouw' staat niet in de themalijst"),
    ("status: klaar", "front matter: 'status' moet concept of afgerond zijn (kreeg 'klaar')"),
    ("ambities: [Ondermijning 4e]", "front matter: 'ambities'"),
    ("voorbeeld: misschien", "front matter: 'voorbeeld' moet true of false zijn"),
    ("kleur: blauw", "front matter: onbekend veld kleur"),
    ("date: 2020-13-01", "front matter: 'date' moet een datum zijn als 2018-11-12 (kreeg '2020-13-01')"),
    ("source: " + "[" * 3000 + "]" * 3000, "te diep genest"),
    ("source: " + "a" * 25_000, "langer dan 20.000 tekens"),
    ("title: [unclosed", "front matter (tussen de twee regels '---' bovenaan) is geen geldige YAML"),
    ("- een\n- lijst", "front matter (tussen de twee regels '---' bovenaan) moet velden bevatten"),
])
def test_bad_front_matter_is_refused_in_dutch_and_nothing_else_is_lost(tmp_path, front, said):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "goed.md").write_text("# Goed\n\nEen gewone alinea over hennepteelt.\n", encoding="utf-8")
    (docs / "fout.md").write_text(f"---\nkind: leerdossier\n{front}\n---\n# Fout\n\nTekst.\n"
                                  if not front.startswith("- ") else f"---\n{front}\n---\n# Fout\n\nTekst.\n", encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    result = library.ingest([docs])
    assert [f.path.rsplit("/", 1)[-1] for f in result.failures] == ["fout.md"]
    assert said in result.failures[0].error, result.failures[0].error
    assert "Traceback" not in result.failures[0].error
    assert [d["id"] for d in library.snapshot().catalog.documents] == ["goed"]


def test_a_number_is_text_where_text_is_asked(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ld.md").write_text("---\ntitle: 2024\nkind: leerdossier\neigenaar: 112\n---\n# Kop\n\nTekst.\n", encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    assert not library.ingest([docs]).failures
    doc = library.snapshot().catalog.document_by_id["ld"]
    assert (doc["title"], doc["owner"]) == ("2024", "112")


def test_a_thematic_break_at_the_top_is_no_front_matter(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "streep.md").write_text("---\n\n# Kop\n\nGewone tekst zonder front matter.\n", encoding="utf-8")
    (docs / "strepen.md").write_text("---\n\n# Kop\n\nEen tekst tussen twee lijnen.\n\n---\n\nNog meer tekst.\n",
                                     encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    assert not library.ingest([docs]).failures
    assert any("Gewone tekst" in s.text for s in _sections(library, "streep"))
    assert {"Een tekst tussen twee lijnen.", "Nog meer tekst."} <= {s.text for s in _sections(library, "strepen")}


def test_a_section_is_found_by_what_its_leerdossier_is_about(tmp_path):
    """The lessons never name the phenomenon, nor do their headings; the leerdossier's
    metadata does (the index's `topic`), so they are found, said as such, and below sections
    whose own words match."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ld.md").write_text(FRONT.replace("fenomenen: [Drugslab]", "fenomenen: [hennepteelt]"), encoding="utf-8")
    (docs / "jaarverslag-2021.md").write_text(REPORT, encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=tmp_path / "up")
    assert not library.ingest([docs]).failures
    snap = library.snapshot()
    lessons = snap.search("hennep", filters={"rol": ["lessen"]})
    found = {h.text: h.matched_in for h in lessons.hits}
    assert found["Een vertrouwelijk meldpunt voor boeren werkte beter dan voorlichting."] == "onderwerp"
    everything = snap.search("hennep", per_page=50).hits
    own_words = [n for n, h in enumerate(everything) if h.matched_in == "tekst"]
    topic_only = [n for n, h in enumerate(everything) if h.matched_in == "onderwerp"]
    assert own_words and topic_only and max(own_words) < min(topic_only)
    assert {h.document_id for n, h in enumerate(everything) if n in own_words} == {"jaarverslag-2021"}
    # a report's section is never found by a leerdossier's topic
    assert snap.search("boeren schuren", filters={"document": ["jaarverslag-2021"]}).total == 0


def test_a_query_naming_a_role_ranks_those_sections_first(lib):
    snap = lib.snapshot()
    plain = [h.role for h in snap.search("drugslabs schuur OF jerrycans OF boeren", per_page=20).hits]
    asked = [h.role for h in snap.search("signalen drugslabs schuur OF jerrycans OF boeren", per_page=20).hits]
    assert "signalen" in plain
    assert asked[0] == "signalen" and asked.index("signalen") <= plain.index("signalen")


def test_an_example_comes_after_every_real_document(lib):
    """The drugslab leerdossier is an example (voorbeeld: true): the report's paragraph that
    names drugslabs comes first, however much more the example says about them."""
    hits = lib.snapshot().search("drugslabs OF schuur OF anijsgeur", per_page=20).hits
    real = [n for n, h in enumerate(hits) if not h.example]
    made_up = [n for n, h in enumerate(hits) if h.example]
    assert real and made_up and max(real) < min(made_up)


def test_beheer_can_clear_what_the_front_matter_says(tmp_path):
    """The edit page writes a .meta.toml, which wins over the front matter: a cleared list is
    written empty, so a leerdossier can be taken out as evidence without editing its file."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ld.md").write_text(FRONT, encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=docs)
    assert not library.ingest().failures
    doc = library.snapshot().catalog.document_by_id["ld"]
    library.update_metadata("ld", {**{k: doc[k] for k in ("title", "kind", "unit")}, "date": doc["date"],
                                   "fenomenen": "", "ambities": "", "eigenaar": doc["owner"], "status": "afgerond"})
    assert not library.ingest().failures
    after = SimpleNamespace(**library.snapshot().catalog.document_by_id["ld"])
    assert (after.serves, after.phenomena, after.status, after.example) == ([], [], "afgerond", False)
    assert after.themes == []  # a form posts every field: one it leaves out (no box ticked) is cleared


def test_a_word_with_another_meaning_counts_only_beside_its_context():
    """fenomenen.toml's `samen_met`: "haven" names the port's crime only beside words such as
    drugs or smokkel, not in a council's plan for a harbour or a pilot called "Blauwe haven"."""
    from kb.enrich.learning import load_phenomena

    phenomena = load_phenomena()
    assert phenomena.named_in("De haven van Harlingen krijgt een nieuwe kade voor de visserij.") == []
    assert phenomena.named_in("De Rotterdamse pilot 'Blauwe haven' met zorg voor re-integratie.") == []
    assert phenomena.named_in("Uithalers halen cocaïne uit containers in de haven.") == ["ondermijning-in-de-haven"]
    assert phenomena.named_in("Drugssmokkel via de Rotterdamse haven.") == ["ondermijning-in-de-haven"]


def test_beheer_checks_a_theme_against_the_librarys_own_themes(tmp_path):
    """A library with its own themes file: beheer accepts its themes, as its ingest does."""
    from kb.enrich.themes import DEFAULT_TAXONOMY

    themes = tmp_path / "themes.toml"
    themes.write_text(DEFAULT_TAXONOMY.read_text(encoding="utf-8") + '\n[[theme]]\nslug = "waterveiligheid"\n'
                      'short = "waterveiligheid"\nlabel = "Waterveiligheid"\nheadings = ["waterveiligheid"]\n',
                      encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ld.md").write_text(FRONT, encoding="utf-8")
    library = Library(tmp_path / "data", documents_dir=docs, taxonomy_path=themes)
    assert not library.ingest().failures
    doc = library.snapshot().catalog.document_by_id["ld"]
    library.update_metadata("ld", {"title": doc["title"], "kind": "leerdossier", "thema": "waterveiligheid"})
    assert not library.ingest().failures
    assert library.snapshot().catalog.document_by_id["ld"]["themes"] == ["waterveiligheid"]
