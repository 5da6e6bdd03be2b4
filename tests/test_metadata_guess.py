"""Metadata guessed for files without a `.meta.toml` (issue 15): titles never from site
furniture, page numbers, dates, placeholders, producer strings or file names; report kinds
and their year or period recognised from Dutch names (kb/data/metadata-guess.toml); the
language of a document (kb/lang/language.py), with an English one indexed without the
Dutch analysis and still found; and document paths relative to the corpus folder, never
the folder on this machine.

Real ingests of small made-up files into a data folder of the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from kb.cli import main
from kb.enrich.metadata import clean_file_name, guess_metadata, guess_title
from kb.lang.language import detect_language
from kb.library import Library
from kb.model import DOCUMENT_KINDS, REPORT_KINDS
from web import create_app

LANGUAGE_WARNING = "Engelstalig document: geïndexeerd zonder Nederlandse taalanalyse"

DUTCH = ("De eenheid heeft in het afgelopen jaar samen met de gemeente en de partners gewerkt aan de aanpak "
         "van woninginbraken, overlast van jongeren en ondermijning in de wijken. Het aantal inbraken is "
         "gedaald en de aanrijdtijden voor spoedmeldingen waren binnen de norm die daarvoor was gesteld.")
DUTCH_2 = ("Voor het komende jaar blijft de aanpak van cybercrime een prioriteit. Wijkagenten zijn beter "
           "bereikbaar geworden en er is geïnvesteerd in de opleiding van medewerkers op het gebied van "
           "digitale opsporing, zodat meer aangiften van online fraude in behandeling kunnen worden genomen.")
ENGLISH = ("The police unit has worked with the municipality and its partners to reduce burglaries in the "
           "city districts. The number of burglaries fell by twenty percent, and the response times for "
           "emergency calls were within the norm that had been set for them. We will continue this approach "
           "in the coming years and report on the results to the council and to the public.")


def _pdf(path: Path, title: str, paragraphs: list[str]) -> None:
    """A PDF without headings whose own title (its metadata) is `title`."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text)
        pdf.ln(3)
    path.write_bytes(bytes(pdf.output()))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("guess")
    uploads = root / "uploads"  # the library's documents folder
    (uploads / "sub").mkdir(parents=True)
    elders = root / "elders"  # a folder outside it, ingested as a folder
    elders.mkdir()
    los = root / "los"  # a file outside both, given on its own
    los.mkdir()
    store = root / "store"  # what a link in the documents folder points to
    store.mkdir()

    (elders / "Jaarstukken 2021 gemeente X.txt").write_text(
        f"Ga naar de inhoud\n\nJaarstukken 2021\n\n{DUTCH}\n\n{DUTCH_2}\n", encoding="utf-8")
    (elders / "veiligheidsbeeld-2020.txt").write_text(
        f"N/A N/A Protected\n\nVeiligheidsbeeld Rivierstad\n\n{DUTCH}\n\n{DUTCH_2}\n", encoding="utf-8")
    (elders / "IVP 2019-2022 eerste herziening.txt").write_text(
        f"12 maart 2020\n\nIntegraal veiligheidsplan Rivierstad, eerste herziening\n\n{DUTCH}\n\n{DUTCH_2}\n",
        encoding="utf-8")
    _pdf(elders / "10-maandsrapportage 2019.pdf", "N/A N/A Protected", [DUTCH, DUTCH_2])
    _pdf(uploads / "sub" / "jaarverslag_2020_def.pdf", "Microsoft Word - jaarverslag2020.docx", [DUTCH, DUTCH_2])
    (uploads / "voortgang-veiligheid.html").write_text(
        "<html><body><div class='skip'><h2>Ga naar de inhoud</h2></div>"
        f"<h1>Voortgangsrapportage veiligheid 2021</h1><p>{DUTCH}</p><p>{DUTCH_2}</p></body></html>",
        encoding="utf-8")
    (uploads / "annual-report-2020.txt").write_text(
        f"Untitled\n\nAnnual report Riverside police 2020\n\n{ENGLISH}\n\nBurglary prevention\n\n{ENGLISH}\n",
        encoding="utf-8")
    (store / "echte-naam.txt").write_text(f"Evaluatie cameratoezicht\n\n{DUTCH}\n\n{DUTCH_2}\n", encoding="utf-8")
    (uploads / "evaluatie-cameratoezicht-2021.txt").symlink_to(store / "echte-naam.txt")
    (los / "Halfjaarrapportage 2022.txt").write_text(f"Halfjaarrapportage\n\n{DUTCH}\n\n{DUTCH_2}\n", encoding="utf-8")

    library = Library(root / "data", documents_dir=uploads)
    result = library.ingest([uploads, elders, los / "Halfjaarrapportage 2022.txt"])
    assert not result.failures, result.failures
    return root, library, result


def _doc(ingested, doc_id: str):
    return next(d for d in ingested[2].documents if d.id == doc_id)


@pytest.mark.parametrize("doc_id, title, kind, year, period", [
    # a heading after "Ga naar de inhoud"
    ("jaarstukken-2021-gemeente-x", "Jaarstukken 2021", "jaarverslag", 2021, None),
    # the first heading is a classification marking: the next one is the title, the year from the name
    ("veiligheidsbeeld-2020", "Veiligheidsbeeld Rivierstad", "veiligheidsbeeld", 2020, None),
    # the first line is a date alone; the period from the file name
    ("ivp-2019-2022-eerste-herziening", "Integraal veiligheidsplan Rivierstad, eerste herziening", "plan", None,
     (2019, 2022)),
    # a PDF titled "N/A N/A Protected" without headings: its file name
    ("10-maandsrapportage-2019", "10-maandsrapportage 2019", "voortgangsrapportage", 2019, None),
    # a PDF titled "Microsoft Word - jaarverslag2020.docx": no producer, no extension
    ("jaarverslag-2020-def", "Jaarverslag 2020", "jaarverslag", 2020, None),
    # a web page whose first heading is a skip link
    ("voortgang-veiligheid", "Voortgangsrapportage veiligheid 2021", "voortgangsrapportage", 2021, None),
    ("annual-report-2020", "Annual report Riverside police 2020", "jaarverslag", 2020, None),
    ("evaluatie-cameratoezicht-2021", "Evaluatie cameratoezicht", "evaluatie", 2021, None),
    ("halfjaarrapportage-2022", "Halfjaarrapportage", "voortgangsrapportage", 2022, None),
])
def test_guessed_title_kind_and_year(ingested, doc_id, title, kind, year, period):
    doc = _doc(ingested, doc_id)
    assert (doc.title, doc.kind, doc.year, doc.period) == (title, kind, year, period)
    assert doc.metadata_guessed
    guess = next(w for w in doc.warnings if w.startswith("geen metadata"))
    assert f"titel '{title}', soort {kind}" in guess


def test_report_kinds_are_kinds_that_report_on_their_year(ingested):
    assert set(REPORT_KINDS) <= set(DOCUMENT_KINDS) and "jaarverslag" in REPORT_KINDS and "plan" not in REPORT_KINDS
    reports = [d for d in ingested[2].documents if d.kind in REPORT_KINDS]
    assert len(reports) == 8 and all(d.year and d.years == [d.year] for d in reports)


def test_english_document_is_recognised_and_said(ingested):
    english = _doc(ingested, "annual-report-2020")
    assert english.language == "en"
    assert LANGUAGE_WARNING in english.warnings
    outcome = next(o for o in ingested[2].outcomes if o.document_id == "annual-report-2020")
    assert LANGUAGE_WARNING in outcome.warnings  # what the ingest summary prints
    for doc in ingested[2].documents:
        if doc.id != "annual-report-2020":
            assert doc.language == "nl", doc.id
            assert not any("taalanalyse" in w for w in doc.warnings)


def test_ingest_summary_names_the_english_document(ingested, tmp_path):
    uploads = ingested[0] / "uploads"
    out = CliRunner().invoke(main, ["ingest", str(uploads / "annual-report-2020.txt")],
                             env={"KB_DATA_DIR": str(tmp_path / "data"), "KB_DOCUMENTS_DIR": str(uploads)})
    assert out.exit_code == 0, out.output
    assert LANGUAGE_WARNING in " ".join(out.output.split()), out.output


def test_english_words_are_found_without_dutch_analysis(ingested):
    snapshot = ingested[1].snapshot()
    for query in ("burglaries", "emergency calls", '"response times"', "burglary prevention"):
        result = snapshot.search(query)
        assert result.hits and result.hits[0].document_id == "annual-report-2020", query
    hit = snapshot.search("burglaries").hits[0]
    assert "burglaries" in hit.text and "<mark>burglaries</mark>" in hit.snippet
    # the English text is not in the Dutch fields: stemmed and split, English words would
    # pose as Dutch terms there
    reader = snapshot.generation.searcher().reader()
    analysis = snapshot.generation.lexicon.analysis
    assert reader.doc_frequency("exact", "burglaries") == 2
    assert reader.doc_frequency("text", analysis.terms("burglaries")[0]) == 0
    assert reader.doc_frequency("heading", analysis.terms("prevention")[0]) == 0
    # while Dutch documents keep their Dutch analysis: "inbraak" finds "inbraken"
    dutch = snapshot.search("inbraak")
    assert dutch.total > 0 and "annual-report-2020" not in {h.document_id for h in dutch.hits}


def _outside_words(root: Path) -> list[str]:
    return [str(root), *{p for p in root.parts if p not in ("/", "tmp")}]


def test_document_paths_are_relative_to_the_corpus_folder(ingested):
    root, library, result = ingested
    paths = {d.id: d.path for d in result.documents}
    assert paths == {
        "annual-report-2020": "annual-report-2020.txt",  # in the documents folder
        "voortgang-veiligheid": "voortgang-veiligheid.html",
        "jaarverslag-2020-def": "sub/jaarverslag_2020_def.pdf",
        "evaluatie-cameratoezicht-2021": "evaluatie-cameratoezicht-2021.txt",  # a link out of it
        "jaarstukken-2021-gemeente-x": "Jaarstukken 2021 gemeente X.txt",  # a folder given
        "veiligheidsbeeld-2020": "veiligheidsbeeld-2020.txt",
        "ivp-2019-2022-eerste-herziening": "IVP 2019-2022 eerste herziening.txt",
        "10-maandsrapportage-2019": "10-maandsrapportage 2019.pdf",
        "halfjaarrapportage-2022": "Halfjaarrapportage 2022.txt",  # a file given on its own
    }


def test_exports_show_relative_paths_only(ingested):
    root, library, result = ingested
    out = CliRunner().invoke(main, ["export", "documents"], env={"KB_DATA_DIR": str(library.data_dir)})
    assert out.exit_code == 0, out.output
    exported = {row["id"]: row["path"] for row in map(json.loads, out.output.splitlines())}
    assert exported == {d.id: d.path for d in result.documents}
    client = create_app({"DATA_DIR": str(library.data_dir), "DOCUMENTS_DIR": str(root / "uploads"),
                         "TESTING": True}).test_client()
    listing = client.get("/documenten.json").get_json()
    assert {d["id"]: d["path"] for d in listing["documents"]} == exported
    for text in (out.output, json.dumps(listing), client.get("/beheer").get_data(as_text=True)):
        assert str(root) not in text and root.name not in text


@pytest.mark.parametrize("title, headings, stem, expected", [
    ("N/A N/A Protected", ["Jaarverslag politie Rivierstad"], "x", "Jaarverslag politie Rivierstad"),
    ("Untitled", [], "jaarverslag_2020_def", "Jaarverslag 2020"),
    ("Microsoft Word - jaarverslag2020.docx", [], "scan0001", "Jaarverslag 2020"),
    ("Microsoft Word - IVP_2019-2022_v3.doc", ["Integraal veiligheidsplan 2019-2022"], "x",
     "Integraal veiligheidsplan 2019-2022"),
    ("Ga naar de inhoud", ["Menu", "Inhoudsopgave", "Voortgangsrapportage 2021"], "x", "Voortgangsrapportage 2021"),
    ("1", ["- 2 -", "Pagina 3 van 40", "12 maart 2020", "2020-03-12", "maart 2020", "2021"], "veiligheidsbeeld-2020",
     "Veiligheidsbeeld 2020"),
    ("jaarverslag_2020_def", ["Colofon", "Jaarverslag 2020 politie eenheid Rivierstad"], "x",
     "Jaarverslag 2020 politie eenheid Rivierstad"),
    (None, [], "IVP 2019-2022 eerste herziening", "IVP 2019-2022 eerste herziening"),
    (None, [], "veiligheidsplan-rivierstad-concept-v2", "Veiligheidsplan rivierstad"),
])
def test_title_is_never_junk(title, headings, stem, expected):
    assert guess_title(stem, title, headings) == expected


@pytest.mark.parametrize("title, kind, year, period", [
    ("Jaarverantwoording 2017", "jaarverslag", 2017, None),
    ("2016 Jaarverantwoording politie", "jaarverslag", 2016, None),
    ("Jaarstukken 2021", "jaarverslag", 2021, None),
    ("Jaarrekening 2019", "jaarverslag", 2019, None),
    ("Burgerjaarverslag 2018", "jaarverslag", 2018, None),
    ("Veiligheidsbeeld 2020", "veiligheidsbeeld", 2020, None),
    ("Voortgangsrapportage 2021", "voortgangsrapportage", 2021, None),
    ("10-maandsrapportage 2019", "voortgangsrapportage", 2019, None),
    ("Tussenrapportage veiligheid 2020", "voortgangsrapportage", 2020, None),
    ("Halfjaarrapportage 2021", "voortgangsrapportage", 2021, None),
    ("Monitor veiligheid 2019", "voortgangsrapportage", 2019, None),
    ("Voortgangsrapportage IVP 2019-2022 over 2020", "voortgangsrapportage", 2020, None),
    ("Evaluatie cameratoezicht 2021", "evaluatie", 2021, None),
    ("Tussenevaluatie programma 2020", "evaluatie", 2020, None),
    ("Jaarplan 2021", "jaarplan", 2021, None),
    ("Integraal veiligheidsplan 2019 – 2022", "plan", None, (2019, 2022)),
    ("IVP 2019 t/m 2022 eerste herziening", "plan", None, (2019, 2022)),
    ("Veiligheidsagenda 2015-2018", "plan", None, (2015, 2018)),
    ("Monitoring en planning van de inzet", "overig", None, None),  # "monitoring" is no monitor, "planning" no plan
    ("Leerdossier Project X", "leerdossier", None, None),
])
def test_report_kinds_and_years_from_the_title(title, kind, year, period):
    guess = guess_metadata("bestand", title, "")
    assert (guess["kind"], guess.get("year"), guess.get("period")) == (kind, year, period)


def test_year_of_a_report_without_one_in_its_name_comes_from_the_text():
    guess = guess_metadata("jaarstukken-gemeente-x", "Jaarstukken gemeente X", "In 2021 ... 2021 en 2020, in 2021.")
    assert (guess["kind"], guess["year"]) == ("jaarverslag", 2021)


def test_kind_from_the_first_page_when_title_and_name_say_nothing():
    guess = guess_metadata("scan-0001", "Rivierstad", "Rivierstad. Voortgangsrapportage over het jaar 2020.")
    assert (guess["title"], guess["kind"], guess["year"]) == ("Rivierstad", "voortgangsrapportage", 2020)


@pytest.mark.parametrize("name, expected", [
    ("jaarverslag_2020_def.pdf", "Jaarverslag 2020"),
    ("jaarverslag2020.docx", "Jaarverslag 2020"),
    ("veiligheidsbeeld-2020", "Veiligheidsbeeld 2020"),
    ("IVP_2019-2022_v3.docx", "IVP 2019-2022"),
    ("Jaarstukken 2021 gemeente X", "Jaarstukken 2021 gemeente X"),
    ("10-maandsrapportage 2019", "10-maandsrapportage 2019"),
])
def test_clean_file_name(name, expected):
    assert clean_file_name(name) == expected


def test_language_of_short_and_mixed_texts():
    assert detect_language(ENGLISH) == "en"
    assert detect_language(DUTCH + " " + DUTCH_2) == "nl"
    assert detect_language(DUTCH + " " + DUTCH_2 + " The report was published in English too.") == "nl"
    assert detect_language("Jaarverslag 2020") is None  # too little to tell: treated as Dutch


def test_report_kinds_are_facets_and_filters(ingested):
    snapshot = ingested[1].snapshot()
    result = snapshot.search("aanpak soort:voortgang")
    assert result.filters == {"soort": ["voortgangsrapportage"]}
    assert {h.document_id for h in result.hits} == {"voortgang-veiligheid", "10-maandsrapportage-2019",
                                                    "halfjaarrapportage-2022"}

