"""Partly done, as reports say it without the word "deels" (and moved on or dropped, in words
the cue file learnt from other units' reports): a share below all that did it
("88% heeft de basisopleiding afgerond"), the rest not done or still to come ("bij de overige
groepen lukte dat nog niet", "De tweede controle ging niet door"), less than planned ("twee
keer in plaats van elk kwartaal"), a part of the whole in a strong paragraph ("Drie van de vier
scholen"); and after the year the ambition names for itself, partly done with a new term is
late (kb.lang.tense, kb.trace.status, kb.trace.structure.past_horizon)."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.lang.tense import names_rest, part_of_whole
from kb.library import Library
from kb.trace.status import StatusClassifier
from kb.trace.structure import horizon


@pytest.mark.parametrize("sentence, part", [
    ("Van de functionarissen in de crisisorganisatie heeft 88% de basisopleiding afgerond.", True),
    ("87% van de operationele collega's rondde de training volledig af, tegen 79% in 2023.", True),
    ("Ongeveer 80 % is nu opgeleid, de rest volgt in 2021.", True),
    ("Stand van zaken: gestart in maart, 3 van 4 plaatsen bezet", True),  # "van" without "de"
    ("De bezetting steeg naar 93% van de formatie.", False),  # a level reached, not a share that did it
    ("Bij de jaarlijkse phishingtest klikte 14% van de medewerkers op de link.", False),  # after its verb
    ("We stelden een risicotaxatie op (in 68 % van de stalkingszaken is een risicoschatting gemaakt).", False),
    ("In 2020 haalde 94,4 % van de medewerkers de toets (norm is 90 %).", False),  # against a norm it names
    ("Wijkagenten hoorden ten minste 80 procent van hun tijd in hun wijk te werken.", False),  # a bound
    ("Van de functionarissen heeft 100% de basisopleiding afgerond.", False),  # all of them
])
def test_a_share_below_all_that_did_it_is_a_part(sentence, part):
    assert part_of_whole(sentence) is part


@pytest.mark.parametrize("sentence, rest", [
    ("Van die groepen zijn er 38 gekoppeld; bij de overige groepen lukte dat nog niet.", True),
    ("De resterende controles halen we in de eerste helft van 2025 in.", True),
    ("Die bestaat nu uit drie rechercheurs; de vierde plaats is nog niet ingevuld.", True),
    ("De tweede controle, in het najaar, ging niet door.", True),
    ("Door werkdruk is de rest van de doelgroep nog niet aan de beurt geweest.", True),
    ("In de tweede helft van 2020 is een nieuwe monitor uitgevoerd (de laatste was in 2017).", False),
    ("In de laatste zes weken van het jaar werden er 19 woninginbraken gepleegd.", False),
    ("Dat is lager dan in de rest van de eenheid.", False),
    ("In totaal bereikte het programma 900 leerlingen in de tweede en derde klas.", False),
    ("De aanvraag is niet toegekend, omdat de gemeente niet voldoet aan de criteria voor de tweede tranche.", False),
])
def test_a_sentence_that_speaks_of_the_rest(sentence, rest):
    assert names_rest(sentence) is rest


@pytest.fixture(scope="module")
def classifier() -> StatusClassifier:
    return StatusClassifier()


@pytest.mark.parametrize("text, status", [
    # the rest not done, late or still to come: the first part was done
    ("Het aantal groepen groeide van 41 naar 52. Van die groepen zijn er 38 gekoppeld aan Burgernet; bij de "
     "overige groepen lukte dat nog niet.", "deels gerealiseerd"),
    ("In april hielden we een integrale controle in het Havenkwartier. De tweede controle ging niet door "
     "omdat de capaciteit nodig was voor de explosies.", "deels gerealiseerd"),
    ("De training is gestart. De overige collega's volgen de training in het eerste kwartaal van 2025.",
     "deels gerealiseerd"),
    # the rest of something else, or a time: no part
    ("In de tweede helft van 2024 liep de werving vertraging op.", "vertraagd"),
    ("De rest van hun tijd werden zij ingezet in de noodhulp.", "onbekend"),
    # less than planned
    ("Het wijkbericht verscheen in 2024 twee keer, in plaats van elk kwartaal.", "deels gerealiseerd"),
    ("Door personeelstekort konden we de balie nog maar één dagdeel per week openen in plaats van twee.",
     "deels gerealiseerd"),
    ("In 2024 werden 61 personen met de zorgambulance vervoerd in plaats van in een politieauto.", "onbekend"),
    # a year given for comparison leaves the sentence in the report's year
    ("Van de functionarissen heeft 88% de basisopleiding afgerond (2023: 81%).", "deels gerealiseerd"),
    # "voortgezet onderwijs" is no work that goes on
    ("Drie scholen voor voortgezet onderwijs doen mee aan het programma.", "onbekend"),
    ("Het programma is in 2024 voortgezet.", "lopend"),
    # the status words of a progress report's table of actions
    ("B2 | Actie: Buurtpreventie | Status: gereed | Toelichting: 52 groepen", "gerealiseerd"),
    ("A1 | Actie: Vast HIC-team | Gereed in: 2024", "onbekend"),  # the plan's column, no status
    ("Het programma ligt op schema.", "lopend"),
    ("De verbouwing van het bureau ligt niet op schema.", "vertraagd"),
    ("C4 | Actie: Zorgauto | Status: gestopt | Toelichting: geen budget", "niet gerealiseerd"),
    ("De oude groep is van de lijst gehaald omdat de overlast daar is gestopt.", "onbekend"),
    # moved to later
    ("De trainingen voor welzijnsorganisaties zijn naar 2025 geschoven.", "vertraagd"),
    ("De eerste informatieavond is verschoven naar februari 2025.", "vertraagd"),
    ("De oefening, gepland voor november, is verplaatst naar 2025.", "vertraagd"),
    ("De oefening met het crisisteam is verplaatst naar maart 2025.", "vertraagd"),
    # it took longer than meant
    ("De aanpassing van de beleidsregels heeft meer voorbereidingstijd gevraagd dan voorzien.", "vertraagd"),
    ("De aanbesteding van de camera's duurde langer dan verwacht.", "vertraagd"),
    ("Wij willen meer tijd en aandacht voor de jeugd.", "onbekend"),
    ("Criminaliteit verplaatst zich naar internet.", "onbekend"),
    # not held, or decided against
    ("De opfrisbijeenkomst over de meldcode is in 2025 niet gehouden.", "niet gerealiseerd"),
    ("De burgemeester heeft daarom besloten geen vaste camera's te plaatsen.", "niet gerealiseerd"),
    ("Besloten is de cyberscan niet voort te zetten.", "niet gerealiseerd"),
    ("Van de voorgenomen proef met straatcoaches in het centrum is afgezien.", "niet gerealiseerd"),
    ("De gemeente heeft uiteindelijk afgezien van vaste camera's.", "niet gerealiseerd"),
    ("Afgezien van enkele incidenten is de jaarwisseling rustig verlopen.", "onbekend"),
    ("De gemeente ziet af van een eigen verbod in de APV.", "niet gerealiseerd"),  # every form of the verb
    ("Wij zagen in 2024 af van een tweede ronde.", "niet gerealiseerd"),
    # fell short, in any tense ("Het aantal bezoeken bleef achter door de beperkte beschikbaarheid")
    ("Het aantal bezoeken bleef achter door de beperkte beschikbaarheid van de wijkagenten.", "vertraagd"),
    ("De instroom blijft achter bij de planning.", "vertraagd"),
    ("Het voornemen om gratis cyberscans aan te bieden, is in 2024 stopgezet.", "niet gerealiseerd"),
    # one part told done in its own words, then another late
    ("In april is de groepsscan samen met het jongerenwerk bijgewerkt. De actualisatie die voor het najaar gepland "
     "stond, schuift door naar januari 2025.", "deels gerealiseerd"),
    ("De actualisatie die voor het najaar gepland stond, schuift door naar januari 2025.", "vertraagd"),
    # a share after a colon is the subject of its clause
    ("Het behalen van de IBT-uren bleef lastig: 86% van de collega's haalde de vereiste training.",
     "deels gerealiseerd"),
    # dropped, as a plan or in a table of actions
    ("Het plan om samen met de GGZ een zorgauto te laten rijden, gaat niet door.", "niet gerealiseerd"),
    ("Het convenant met de zorgpartners is vervallen.", "niet gerealiseerd"),
    ("C4 | Actie: Zorg- en veiligheidsauto | Stand van zaken: vervallen", "niet gerealiseerd"),
    ("In de haven staan drie vervallen panden leeg.", "onbekend"),
    # a verdict drawn from the sentence before: that sentence is its cause, not a second status
    ("Door ziekte konden we niet het hele jaar controleren. De norm van 70% is daarom niet gerealiseerd.",
     "niet gerealiseerd"),
    ("Door ziekte liep de werving vertraging op. Hierdoor is het doel van 400 huisbezoeken niet gehaald.",
     "niet gerealiseerd"),
    ("De training is afgerond. Door ziekte en de daardoor krappe bezetting is de oefening niet doorgegaan.",  # its own
     "deels gerealiseerd"),
    ("De training is afgerond. Daardoor is de oefening uitgesteld naar 2025.", "deels gerealiseerd"),  # a done cause
    ("Door ziekte konden we niet het hele jaar controleren. De norm van 70% is niet gerealiseerd.",  # two statuses
     "deels gerealiseerd"),
    ("Het draaiboek is in maart afgerond. De oefening ging niet door, waardoor de evaluatie ontbreekt.",  # one sentence
     "deels gerealiseerd"),
])
def test_what_a_paragraph_says_of_a_part(classifier, text, status):
    assert classifier.classify(text, year=2024).status == status


def test_a_verdicts_cause_gives_its_reason_and_no_second_finding(classifier):
    found = classifier.classify("Door ziekte konden we niet het hele jaar controleren. De norm van 70% is daarom "
                                "niet gerealiseerd.", year=2024)
    assert found.status == "niet gerealiseerd" and found.reason == "ziekte"
    assert found.sentence.startswith("De norm") and found.told_not_done is None and found.partial is None


@pytest.mark.parametrize("text, year", [
    ("In 2020 en 2021 trainen we alle wijkagenten.", 2021),  # through 2021, not 2020
    ("We richten een vast HIC-team in (Gereed in: 2023)", 2023),
    ("We richten een vast HIC-team in (Gereed in: doorlopend)", None),
])
def test_the_year_an_item_names_for_itself(text, year):
    found = horizon({"text": text, "kind": "item"}, {"period": [2020, 2026]})
    assert (found.year if found else None) == year


# TESTDATA: a made-up unit's plan and its report on 2024
PLAN = """\
# Teamplan Kreekdal 2023-2026 (TESTDATA)

## Crisisbeheersing

### Wat gaan we doen?

- Alle functionarissen van de crisisorganisatie van Kreekdal volgen de basisopleiding crisisbeheersing (Gereed in: 2023)
- Alle leden van het beleidsteam van Kreekdal volgen de training crisiscommunicatie (Gereed in: 2023)
- Alle WhatsApp-buurtpreventiegroepen van Kreekdal sluiten we aan op Burgernet (Gereed in: 2024)
- Elk kwartaal verschijnt een wijkbericht voor de inwoners van Kreekdal (Gereed in: doorlopend)
- Alle vier middelbare scholen van Kreekdal doen mee aan het preventieprogramma Sterk.
- Jaarlijks voeren we minimaal vier integrale controles uit op de bedrijventerreinen van Kreekdal.
- Wijkagenten van Kreekdal besteden ten minste 80 procent van hun tijd aan hun eigen wijk.
- Met de gemeente openen we een politiesteunpunt in de nieuwbouwwijk De Schorren van Kreekdal.
- We actualiseren het evacuatieplan hoogwater van Kreekdal (Gereed in: 2024)
- We maken een draaiboek hittegolf voor de ouderen van Kreekdal (Gereed in: 2025)
- We stellen met de provincie de klimaatagenda van Kreekdal op (Gereed in: 2024)
"""

REPORT = """\
# Jaarverslag 2024 Kreekdal (TESTDATA)

## Crisisbeheersing

Van de functionarissen in de crisisorganisatie van Kreekdal heeft 88% de basisopleiding crisisbeheersing afgerond (2023: 81%). Dat had eind 2023 klaar moeten zijn. De laatste groep is doorgeschoven naar het voorjaar van 2025.

Van de leden van het beleidsteam van Kreekdal heeft 90% de training crisiscommunicatie afgerond.

In 2024 is met het waterschap gewerkt aan het nieuwe evacuatieplan hoogwater van Kreekdal. Het plan wordt in het voorjaar van 2025 ter vaststelling aangeboden.

In 2024 is met de GGD gewerkt aan het draaiboek hittegolf voor de ouderen van Kreekdal. Het draaiboek wordt in het voorjaar van 2025 vastgesteld.

In 2024 is met de provincie gewerkt aan de klimaatagenda van Kreekdal, met de 2030-doelen als kader.

## Wijk

Van de WhatsApp-buurtpreventiegroepen van Kreekdal zijn er 38 aangesloten op Burgernet; bij de overige groepen lukte dat nog niet.

Het wijkbericht voor de inwoners van Kreekdal verscheen in 2024 twee keer, in plaats van elk kwartaal.

Drie van de vier middelbare scholen van Kreekdal, alle voor voortgezet onderwijs, werken met het preventieprogramma Sterk.

Op de bedrijventerreinen van Kreekdal hielden we in 2024 drie integrale controles, samen met de Belastingdienst.

De wijkagenten van Kreekdal besteedden gemiddeld 64 procent van hun tijd aan hun eigen wijk.

Het steunpunt in De Schorren is er nog niet: de verbouwing van het pand is vertraagd.

## Vooruitblik 2025

Met de gemeente openen we in 2025 het politiesteunpunt in de nieuwbouwwijk De Schorren van Kreekdal.
"""


@pytest.fixture(scope="module")
def kreekdal(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("kreekdal"), "kreekdal", "Basisteam Kreekdal", PLAN, (2023, 2026),
                        REPORT, 2024)


def _cell(lib: Library, words: str):
    rows = [r for r in lib.snapshot().trace.rows if words in r.ambition["text"]]
    assert len(rows) == 1, [r.ambition["text"] for r in lib.snapshot().trace.rows]
    return rows[0].cells[2024]


def test_partly_done_after_its_year_with_a_new_term_is_late(kreekdal):
    cell = _cell(kreekdal, "basisopleiding crisisbeheersing")
    assert cell.status == "vertraagd", cell
    assert cell.rule == ("ambitie voor 2023: in 2024 nog maar deels gerealiseerd, de rest met een nieuwe termijn: "
                         "later dan gepland (vertraagd)")
    assert cell.progress[0].finding.partial.startswith("Van de functionarissen in de crisisorganisatie")


def test_partly_done_after_its_year_without_a_new_term_stays_partly_done(kreekdal):
    cell = _cell(kreekdal, "training crisiscommunicatie")
    assert cell.status == "deels gerealiseerd" and not cell.rule, cell


def test_under_way_in_its_year_and_a_later_year_to_finish_is_late(kreekdal):
    cell = _cell(kreekdal, "evacuatieplan")
    assert cell.status == "vertraagd", cell
    assert cell.rule == ("ambitie voor 2024: in 2024 nog onderweg, en het verslag noemt een later jaar om het af te "
                         "ronden: later dan gepland (vertraagd)")
    ahead = _cell(kreekdal, "draaiboek hittegolf")  # its year is still to come: the way there
    assert ahead.status == "lopend" and not ahead.rule, ahead
    # a year's number inside a compound ("de 2030-doelen") is no later year to finish
    framed = _cell(kreekdal, "klimaatagenda")
    assert framed.status == "lopend" and not framed.rule, framed


@pytest.mark.parametrize("words", ["Burgernet", "wijkbericht", "preventieprogramma Sterk"])
def test_a_part_done_reads_as_partly_done(kreekdal, words):
    cell = _cell(kreekdal, words)
    assert cell.status == "deels gerealiseerd", cell
    assert "voortgezet" not in cell.progress[0].finding.evidence


def test_the_cell_says_which_sentence_counts_a_part(kreekdal):
    cell = _cell(kreekdal, "preventieprogramma Sterk")
    assert cell.progress[0].finding.status == "onbekend"  # no cue word: the count of a part did it
    assert cell.rule.startswith('de alinea telt een deel van het geheel: "Drie van de vier middelbare scholen')


def test_a_count_done_fewer_times_than_asked_is_partly_done_a_share_short_is_not_done(kreekdal):
    controls = _cell(kreekdal, "integrale controles")
    assert controls.status == "deels gerealiseerd" and controls.by_norm, controls
    assert controls.rule.endswith("; wel drie integrale controles gedaan, een deel: deels gerealiseerd")
    time = _cell(kreekdal, "80 procent")
    assert time.status == "niet gerealiseerd" and time.rule.endswith("De norm is niet gehaald: niet gerealiseerd")


def test_the_outlook_is_shown_but_the_years_own_paragraph_decides(kreekdal):
    cell = _cell(kreekdal, "politiesteunpunt")
    outlook = next(p for p in cell.progress if "Vooruitblik" in " ".join(p.section["heading_path"]))
    own = next(p for p in cell.progress if p is not outlook)
    assert outlook.score > own.score  # it shares more words ...
    assert cell.status == "vertraagd" and cell.progress.index(own) < cell.progress.index(outlook)  # ... but comes after
