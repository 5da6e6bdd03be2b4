"""The plan seed: clean text with flat headings, numbered ambitions and a monitor set."""

from helpers.paths import PLAN_ID, aid


def test_cybercrime_has_eleven_numbered_ambitions_and_7a_to_7d(ambitions):
    cyber = [a for a in ambitions.values() if a.theme == "cybercrime" and a.kind == "item"]
    numbered = sorted(int(a.key.split("-")[1]) for a in cyber if a.key.split("-")[1].isdigit())
    assert numbered == list(range(1, 12))
    assert {a.key for a in cyber if not a.key.split("-")[1].isdigit()} == {"cybercrime-7a", "cybercrime-7b", "cybercrime-7c", "cybercrime-7d"}
    assert ambitions["cybercrime-7a"].text == "Het jaarlijks uitbrengen van een Eenheid Cybercrime Beeld."
    assert ambitions["cybercrime-7a"].parent_id == aid("cybercrime-7")
    # an item broken over two lines ("verder verhoogd" / "- en actueel gehouden") is one ambition
    assert ambitions["cybercrime-2"].text.startswith("Het basiskennisniveau van de medewerkers binnen basisteams en opsporing wordt verder verhoogd en actueel gehouden.")


def test_ondermijning_4d_agora(ambitions):
    a = ambitions["ondermijning-4d"]
    assert a.text.startswith("AGORA biedt een digitale leer/kennisomgeving voor de aanpak.")
    assert a.theme == "ondermijning" and a.kind == "item"
    assert a.heading_path == ["Zes veiligheidsthema's voor 2022", "3. Ondernijning", "Hoe gaan we dit bereiken?"]


def test_typo_heading_lands_on_ondermijning(plan):
    under = [s for s in plan if "3. Ondernijning" in s.heading_path]
    assert under and all(s.themes == ["ondermijning"] and s.theme_source == "heading" for s in under)


def test_goals_pillars_and_items_per_theme(ambitions):
    for theme in ("politie-voor-iedereen", "contraterrorisme", "ondermijning", "cybercrime", "burger-centraal", "inzetbaarheid"):
        assert f"{theme}-doel" in ambitions, theme
    assert ambitions["openbare-orde-doel-1"].text.startswith("Ook in 2022 samen met partners")
    assert ambitions["politie-voor-iedereen-p1"].kind == "pijler"
    assert ambitions["politie-voor-iedereen-p1"].text.startswith("Meer verbinding met de samenleving.")
    assert ambitions["contraterrorisme-p2-3"].text.startswith("Gedurende de afhandeling van een aanslag")
    assert ambitions["openbare-orde-3a"].text.startswith("Profcheck demonstratierecht beschikbaar stellen")
    assert ambitions["inzetbaarheid-2a"].text.startswith("Het verbeteren van vitaliteit en weerbaarheid")
    assert ambitions["inzetbaarheid-3c"].text.startswith("De werkdruk beter uitgebalanceerd")
    assert [ambitions[f"ontwikkelopdracht-{i}"].theme for i in range(1, 7)] == [
        "politie-voor-iedereen", "contraterrorisme", "ondermijning", "cybercrime", "burger-centraal", "openbare-orde"]
    # the goal paragraph continues after the footnotes that interrupted it
    assert ambitions["ondermijning-doel"].text.endswith("binnen de eenheid Rotterdam creëren.")


def test_one_ambition_is_one_item(ambitions):
    for a in ambitions.values():
        assert len(a.text) < 1600, a.key
        assert a.text.count("\n") == 0


def test_kpi_norms_are_numbers(corpus):
    norms = {n.key: n for n in corpus.norms}
    prio1 = norms["kpi-aanrijdtijden-prio-1"]
    assert (prio1.comparator, prio1.value, prio1.unit, prio1.condition) == (">=", 82.0, "%", "binnen 15 minuten")
    assert (norms["kpi-aanrijdtijden-prio-2"].value, norms["kpi-aanrijdtijden-prio-2"].condition) == (77.0, "binnen 30 minuten")
    verzuim = norms["kpi-ziekteverzuim"]
    assert (verzuim.comparator, verzuim.value, verzuim.unit) == ("<=", 6.8, "%")
    prof = norms["kpi-profcheck"]
    assert (prof.value, prof.unit) == (100.0, "%")
    assert (norms["kpi-bezetting-wijkagenten"].comparator, norms["kpi-bezetting-wijkagenten"].value) == (">=", 97.0)
    assert norms["kpi-ondermijning"].comparator == "veiligheidsagenda" and norms["kpi-ondermijning"].value is None
    assert prio1.theme == "burger-centraal"
    # each norm is also an ambition of kind "kpi", traced like any other
    kinds = {a.id: a.kind for a in corpus.ambitions}
    assert all(kinds[n.id] == "kpi" for n in corpus.norms)


def test_realised_values_from_table_and_sentences(corpus):
    values = corpus.values
    spoed = next(v for v in values if v.source == "table" and v.name.startswith("Reactietijd spoed"))
    assert (spoed.value, spoed.unit, spoed.year, spoed.previous_value, spoed.norm_comparator, spoed.norm_value) == (
        83.31, "%", 2020, 82.33, ">=", 82.0)
    misdrijven = next(v for v in values if v.name == "Totaal aantal misdrijven")
    assert (misdrijven.value, misdrijven.norm_comparator, misdrijven.norm_value) == (97015.0, "<=", 96162.0)
    verzuim = next(v for v in values if v.name == "ziekteverzuim")
    assert (verzuim.value, verzuim.unit, verzuim.norm_comparator, verzuim.norm_value) == (5.9, "%", "<=", 6.7)
    prof = next(v for v in values if v.value == 94.4)
    assert (prof.norm_comparator, prof.norm_value) == (">=", 90.0)


def test_chapter_numbers_toc_and_covers_are_not_sections(plan):
    texts = [s.text for s in plan]
    assert "1" not in texts and "3" not in texts
    assert not any("\tVoorwoord" in t or t == "Inhoud" for t in texts)
    chapters = [s.text for s in plan if s.kind == "heading" and not s.heading_path]
    assert chapters.count("Zes veiligheidsthema's voor 2022") == 1
    assert "Bijlage 2: Eenheidsmonitorset 2019 – 2022" in chapters


def test_footnotes_and_tab_tables(plan):
    notes = [s for s in plan if s.kind == "footnote"]
    assert len(notes) == 4 and notes[1].text == "Jaarverslag AIVD 2017."
    assert not any("³" in s.text for s in plan)
    rows = [s for s in plan if s.kind == "table_row"]
    basisteams = next(r for r in rows if r.cells[:2] == ["Totaal basisteams", "479,4"])
    assert basisteams.cells[-1] == "2923,6"
    assert not any("<i>" in r.text for r in rows)


def test_plan_years_are_planned(plan):
    goal = next(s for s in plan if s.text.startswith("In 2022 is de eenheid Rotterdam binnen de Nederlandse politie"))
    assert {(m.year, m.sense) for m in goal.year_mentions} == {(2022, "planned")}
    assert goal.years == [2019, 2020, 2021, 2022]
    trend = next(s for s in plan if s.text.startswith("Onze trendanalyse in 2017"))
    assert (2017, "done") in {(m.year, m.sense) for m in trend.year_mentions}
    assert all(s.document_id == PLAN_ID for s in plan)
