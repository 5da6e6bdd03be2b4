"""A possible paragraph that stands far above the others of its year is the report's one place
on the ambition, worded otherwise than the plan: without a cue word it counts as a strong one
(kb.trace.build.stands_out), and the cell says so. A cue word on it still asks for a strong
paragraph; two paragraphs close together, or a paragraph that is a better report on another
ambition, leave the cell open."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.library import Library
from kb.text import shown_score
from kb.trace.build import CLEAR_MARGIN
from kb.trace.view import strength
from web import create_app

PLAN = """\
# Integraal Veiligheidsplan Elzenoord 2023-2026 (TESTDATA)

## Zorg en veiligheid

### Wat gaan we doen?

- We zetten de persoonsgerichte aanpak voort voor bewoners die ernstige hinder veroorzaken en bij wie hulpverlening nodig is.
- We organiseren buurtbemiddeling bij burenruzies en conflicten over erfgrenzen, samen met vrijwillige bemiddelaars.
- We starten een pilot met straatcoaches tijdens drukke avonden, samen met horecaondernemers en portiers.
- We houden samen met de brandweer en de omgevingsdienst toezicht op de vakantieparken en campings in het buitengebied, met aandacht voor brandveiligheid en permanente bewoning.
- We zetten een digitale meldknop voor ondermijning op de website van de gemeente en maken die bekend bij ondernemers.
- We bespreken de meldingen over inwoners met verward gedrag met de zorgpartners.
- We geven wijkagenten een training in het herkennen van verward gedrag bij ouderen en jongeren, samen met de GGZ en het sociaal team.
"""

REPORT = """\
# Veiligheidsrapportage 2024 Elzenoord (TESTDATA)

## Zorg

In 2024 stonden twaalf inwoners in de persoonsgerichte aanpak, onder regie van het Zorg- en Veiligheidshuis.

Het aantal meldingen over inwoners met verward gedrag steeg naar 410. De wijkagenten bespraken de meldingen met de zorgpartners.

## Wonen

Buurtbemiddeling Elzenoord ontving 52 aanmeldingen; in twee derde van de zaken kwamen de buren tot afspraken.

Het aantal woninginbraken daalde naar 96. De politie hield extra surveillance in de wijken rond de jaarwisseling.

## Centrum

In de zomer liepen op vrijdag- en zaterdagavond straatcoaches door het centrum en rond de horeca; de ervaringen worden in 2025 besproken.

Op koopzondagen en uitgaansavonden in het centrum waren ook handhavers van de gemeente op straat, en de horeca deed mee met een campagne tegen glaswerk op straat.

## Buitengebied

Op de vakantieparken woonden eind 2024 ruim 140 mensen permanent; de gemeente wil dat aantal terugbrengen.

Op twee campings in het buitengebied werden in de zomer drugsafval en een hennepkwekerij gevonden.

## Ondermijning

De digitale meldknop is geschrapt: de partners vinden het nummer van Meld Misdaad Anoniem genoeg.
"""


@pytest.fixture(scope="module")
def elzenoord(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("elzenoord"), "elzenoord", "Gemeente Elzenoord", PLAN, (2023, 2026),
                        REPORT, 2024)


def _row(lib: Library, key: str):
    return lib.snapshot().trace.detail(f"elzenoord-plan:{key}")


def _scores(row) -> list[float]:
    return [lk.score for lk in row.ranked if lk.year == 2024]


def _stands_out(row) -> bool:
    scores = _scores(row) + [0.0]
    return strength(scores[0]) == "mogelijk" and scores[0] >= CLEAR_MARGIN * scores[1]


def test_work_that_goes_on_told_in_other_words_is_under_way(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-a")  # "stonden twaalf inwoners in de persoonsgerichte aanpak"
    assert _stands_out(row), _scores(row)
    cell = row.cells[2024]
    assert cell.status == "lopend"
    assert cell.rule.startswith("de alinea is een mogelijke koppeling (") and cell.rule.endswith("telt als sterk: lopend")


def test_the_rule_writes_the_scores_as_the_page_shows_them(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-a")
    scores = _scores(row)
    rule = row.cells[2024].rule
    assert f"mogelijke koppeling ({shown_score(scores[0])})" in rule, rule  # "0,21", not "0.21"
    assert "," in shown_score(scores[0]) and "." not in rule.split(")")[0], rule
    # with a runner-up: "de volgende: 0,10", as the page shows it
    row = _row(elzenoord, "zorg-veiligheid-c")
    scores = _scores(row)
    assert len(scores) > 1 and scores[1] > 0, scores
    assert f"de volgende: {shown_score(scores[1])}, minder dan de helft" in row.cells[2024].rule, row.cells[2024].rule


def test_a_deed_told_done_in_the_paragraph_that_stands_out_is_done(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-c")  # a pilot started: "liepen ... straatcoaches door het centrum"
    assert _stands_out(row), _scores(row)
    cell = row.cells[2024]
    assert cell.status == "gerealiseerd"
    assert "minder dan de helft), en geen andere ambitie van het plan scoort hoger op haar" in cell.rule
    assert "zij is het verslag over deze ambitie en telt als sterk; een daad" in cell.rule


def test_two_paragraphs_close_together_leave_the_cell_open(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-d")  # the parks and the campings: neither says what was done
    scores = _scores(row)
    assert strength(scores[0]) == "mogelijk" and scores[0] < CLEAR_MARGIN * scores[1], scores
    assert row.cells[2024].status == "onbekend" and row.cells[2024].rule == ""


def test_a_cue_word_on_it_still_asks_for_a_strong_paragraph(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-e")  # "is geschrapt": the claim that ends the matter
    assert _stands_out(row), _scores(row)
    cell = row.cells[2024]
    assert cell.progress[0].finding.status == "niet gerealiseerd"
    assert cell.status == "onbekend" and cell.rule.startswith("de beste alinea meldt iets als niet gerealiseerd")


def test_a_paragraph_that_reports_better_on_another_ambition_is_not_this_ones(elzenoord):
    row = _row(elzenoord, "zorg-veiligheid-g")  # the training: the report only counts the meldingen
    assert _stands_out(row), _scores(row)  # far above the rest of the report for it ...
    other = _row(elzenoord, "zorg-veiligheid-f")  # ... but the paragraph is the report on the meldingen
    assert other.ranked[0].section_id == row.ranked[0].section_id and other.ranked[0].score > row.ranked[0].score
    cell = row.cells[2024]
    assert cell.status == "onbekend" and not cell.stands_out and cell.rule == ""


def test_the_page_and_the_api_say_why_it_counted(elzenoord):
    client = create_app({"DATA_DIR": str(elzenoord.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    cell = client.get("/api/ambitions/elzenoord-plan:zorg-veiligheid-a").get_json()["years"]["2024"]
    assert cell["status"] == "lopend" and cell["rule"].startswith("de alinea is een mogelijke koppeling")
    assert cell["basis"]["strength"] == "mogelijk" and cell["basis"]["stands_out"] is True
    page = client.get("/ambities/elzenoord-plan:zorg-veiligheid-a").get_data(as_text=True)
    assert "Regel: de alinea is een mogelijke koppeling" in page and "staat ver boven de andere van 2024" in page
    assert "over een sterke alinea (deze staat ver boven de andere van dat jaar) zonder zo'n signaal" in page
    other = client.get("/api/ambitions/elzenoord-plan:zorg-veiligheid-d").get_json()["years"]["2024"]
    assert other["basis"]["stands_out"] is False
