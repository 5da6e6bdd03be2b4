"""The annual report seed: text extracted from a two-column PDF, repaired into sections."""

import re

from helpers.paths import REPORT_ID


def texts(sections):
    return [s.text for s in sections]


def test_no_print_slug_or_page_number_survives(report):
    for s in report:
        assert ".indd" not in s.text
        assert not re.search(r"\d{2}-\d{2}-\d{4}\s+\d{2}:\d{2}", s.text), s.text
        assert not re.fullmatch(r"\d{1,3}(\s+\d{1,3})?", s.text.strip()), s.text
        assert "5Jaarverslag Eenheid Rotterdam 2020" not in s.text


def test_hyphenation_repaired_and_real_hyphens_kept(report):
    body = " ".join(texts(report))
    assert "verdachtendossiers" in body
    assert "verdachten-dossiers" not in body and "verdachten- dossiers" not in body
    assert "publiek-private samenwerking" in body
    assert "mensenhandel en –smokkel" in body
    assert "(ex)partner-stalking" in body
    assert "e-learning" in body
    assert "CTER-team" in body
    assert "coronamaatregelen" in body and "corona-maatregelen konden" not in body
    # no word was left broken at a former line end
    assert not re.search(r"[a-z]- [a-z]{3,}", body.replace("- en ", "").replace("- of ", ""))


def test_paragraph_broken_by_running_header_is_one_section(report):
    # "... 23.493 verdachten aan-" | running header "Regionaal Veiligheidsbeeld" | "gehouden (4 % ..."
    hit = [s for s in report if "23.493 verdachten aangehouden (4 % minder dan in 2019)" in s.text]
    assert len(hit) == 1 and hit[0].kind == "bullet"
    # the voorwoord's running title is not glued into its paragraph
    assert any("40.000 kilo aan drugs in beslag" in t for t in texts(report))
    assert not any("Terugblik op een bijzonder jaar" in t for t in texts(report))
    # a chapter title printed again at the top of a page is stripped from the paragraph
    assert any("leidde in Rotterdam tot bedreiging van een leraar." in t for t in texts(report))


def test_bullets_rejoined_over_blank_lines(report):
    bullets = [s for s in report if s.kind == "bullet"]
    assert any(s.text == "Organiseren van interne tegenspraak en dialoog in externe coalities." for s in bullets)
    footnote_broken = [s for s in bullets if s.text.startswith("Extra aandacht voor kwetsbare groepen")]
    assert len(footnote_broken) == 1
    assert "Door de coronamaatregelen konden niet alle medewerkers" in footnote_broken[0].text


def test_footnote_is_its_own_section_and_marker_removed(report):
    notes = [s for s in report if s.kind == "footnote"]
    assert len(notes) == 1 and notes[0].text.startswith("Spoofing is het vervalsen")
    assert any("strategie tegen spoofing." in t for t in texts(report))


def test_headings_and_activity_lists(report):
    headings = {s.text for s in report if s.kind == "heading"}
    for h in ("Regionaal Veiligheidsbeeld", "Strategische thema’s: korte terugblik op 2020", "Politie voor iedereen",
              "Contraterrorisme en extremisme (CTER)", "Beheersing openbare orde risico’s", "Inzetbaarheid",
              "Activiteiten in 2020", "Ontwikkelagenda Gebiedsgebonden politie (GGP)", "C. Capaciteitsmanagement"):
        assert h in headings, h
    activity = [s for s in report if s.heading_path[-1:] == ["Activiteiten in 2020"] and s.kind == "bullet"]
    assert len(activity) > 20
    verzuim = next(s for s in report if s.text.startswith("Aanpak verzuim."))
    assert verzuim.heading_path == ["Strategische thema’s: korte terugblik op 2020", "Inzetbaarheid",
                                    "Activiteiten in 2020", "B. Vergroten vitaliteit en weerbaarheid"]


def test_results_table_rows_are_records(report):
    rows = {s.cells[0]: s for s in report if s.kind == "table_row"}
    spoed = rows["Reactietijd spoed: % < 15 min ter plaatse"]
    assert spoed.cells == ["Reactietijd spoed: % < 15 min ter plaatse", "82,33%", "83,31%", "1,6%", "82%"]
    assert spoed.columns == ["label", "2019", "2020", "% t.o.v. doel", "doel"]
    assert spoed.heading_path[-1] == "Burger centraal en slachtoffer voorop"
    assert spoed.themes == ["burger-centraal"]
    assert rows["Totaal aantal misdrijven"].cells[1:] == ["96.162", "97.015", "0,9%", "≤ 2019"]
    assert len(rows) == 12  # 4 crime rows, CSV, mensenhandel, fraude, 2 cyber, 2 reactietijd, DNA-V


def test_every_report_theme_has_sections(report):
    themed = {t for s in report for t in s.themes if s.theme_source == "heading"}
    for slug in ("politie-voor-iedereen", "contraterrorisme", "ondermijning", "cybercrime", "burger-centraal",
                 "openbare-orde", "inzetbaarheid", "ontwikkelagenda"):
        assert slug in themed, slug


def test_sections_outside_themes_get_cue_themes(report):
    intro = next(s for s in report if s.text.startswith("Op de ondermijning hadden de coronamaatregelen"))
    assert intro.theme_source == "cue" and "ondermijning" in intro.themes


def test_pages_known_from_print_slugs_only(report):
    first = next(s for s in report if s.text.startswith("In april startte ik als politiechef"))
    assert (first.page, first.page_end) == (4, 5)
    chapter = next(s for s in report if s.text == "Regionaal Veiligheidsbeeld" and s.kind == "heading")
    assert chapter.page == 6
    # after the last slug the page is unknown, and we do not pretend otherwise
    later = next(s for s in report if s.text.startswith("Aanpak verzuim."))
    assert later.page is None


def test_years_done_and_planned(report):
    s = next(s for s in report if s.text.startswith("Aanpak discriminatie."))
    senses = {(m.year, m.sense) for m in s.year_mentions}
    assert (2021, "planned") in senses
    assert 2020 in s.years and 2021 in s.years
    w = next(s for s in report if s.text.startswith("Waarneming en duiding."))
    assert {(m.year, m.sense) for m in w.year_mentions} >= {(2019, "done"), (2020, "done")}


def test_section_ids_unique_and_readable(report):
    ids = [s.id for s in report]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(REPORT_ID + "/") for i in ids)
    verzuim = next(s for s in report if s.text.startswith("Aanpak verzuim."))
    assert "/inzetbaarheid/activiteiten-in-2020/" in verzuim.id
