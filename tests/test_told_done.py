"""What a report tells in its own words, without a cue word: "Op 12 juni is het convenant
ondertekend", "Het crisisteam oefende in maart" (kb.lang.tense). An ambition that is a deed,
done once or every year, is then done; work that goes on is under way; what was not done
this year but is planned for a later one is late (kb.trace.build.proposed_status,
kb.trace.status)."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.lang.tense import DONE, NOT_DONE, part_of_whole, tells, tells_done
from kb.library import Library
from kb.trace.status import StatusClassifier
from web import create_app


@pytest.mark.parametrize("sentence", [
    "Het crisisteam oefende in maart met een scenario van langdurige stroomuitval.",  # a past tense
    "Van half november tot januari surveilleerden boa's en politie extra.",
    "Op 12 juni is het convenant ondertekend door de gemeente.",  # a participle beside "is"
    "In maart en in oktober hebben politie en jongerenwerk de groepen in kaart gebracht.",
    "Het meldpunt is in september als proef van start gegaan.",  # a participle the lemma table lacks
    "Het steunpunt is in maart geopend.",
    "We begonnen in mei met de spreekuren.",  # a strong past the lemma table lacks
    "Sinds februari komt het casusoverleg iedere maand bijeen.",  # a state reached this year
    "Alle elf basisscholen geven het programma nu in groep 8.",
    "In november en december hielden we weer het Donkere Dagen Offensief.",  # "houden": an event held
    "In oktober hebben we met de bibliotheek vier digicafés gehouden.",
])
def test_a_sentence_that_tells_of_something_done(sentence):
    assert tells_done(sentence)


@pytest.mark.parametrize("sentence", [
    "De politie werkt samen met de gemeente.",  # the present
    "Het programma wordt uitgevoerd.",  # a present passive: going on
    "De voorgenomen campagne is er niet gekomen.",  # negated: for the cues
    "Het aantal meldingen was 311.",  # a copula tells nothing done
    "Dit blijft een aandachtspunt.",
    "De geplande campagne start in 2025.",  # a participle before a noun
    "Tot nu toe is de belangstelling groot bij alle scholen.",  # "tot nu toe" is no state reached
    # nouns shaped like participles, and a participle with no auxiliary before it
    "Verward gedrag blijft een aandachtspunt.", "Het gevoel van veiligheid is belangrijk.",
    "Er was een gesprek met de wijkagent.", "In veel gevallen is de politie als eerste ter plaatse.",
    "De gebouwen zijn oud.",
    # the future, what should be, a question, a condition
    "Het plan zal in 2025 zijn vastgesteld.", "Het plan moet in 2025 zijn vastgesteld.",
    "We verwachten dat het plan in 2025 is vastgesteld.", "Is het convenant al ondertekend?",
    "Als het convenant is ondertekend, gaan we van start.",
    # an inflected participle before its noun; "nu" and "inmiddels" without a past
    "De opgestelde aanpak werkt goed.", "Nu alle scholen meedoen, willen we verder.",
    "Inmiddels is het plan in voorbereiding.",
    "Sinds mei 2017 komt het overleg bijeen.",  # a standing state, not one of the report's year
    # an intention, also in the past: what was meant, not what was done
    "Wij hadden het voornemen om te starten met Preventie met Gezag.",
    "Wijkagenten hoorden ten minste 80 procent van hun tijd in en voor hun wijk te werken.",
])
def test_a_sentence_that_does_not(sentence):
    assert not tells_done(sentence, 2024, frozenset({"zal", "gaan", "verwachten"}))


def test_a_state_since_a_time_of_the_reports_year():
    assert tells_done("Sinds mei 2024 komt het overleg bijeen.", 2024)
    assert not tells_done("Sinds mei 2024 komt het overleg bijeen.", 2025)


@pytest.mark.parametrize("ambition, deed", [
    ("We sluiten een convenant over gegevensdeling met de zorgpartners.", True),
    ("We richten met de gemeente een team op dat maandelijks bijeenkomt.", True),  # a separable verb
    ("We breiden het jongerenwerk uit naar Smalhout en Langeloo.", True),
    ("We oefenen twee keer per jaar met het crisisteam.", True),  # a frequency
    ("In 2023 stellen we nieuw evenementenbeleid vast met één loket voor organisatoren.", True),
    ("We leiden twee digitale wijkagenten op die collega's ondersteunen (Gereed in: 2024)", True),  # no "inleiden"
    ("We zetten in op voorlichting over babbeltrucs.", False),  # "in op" is no opzetten
    ("We sluiten aan bij het landelijke programma.", False),  # aansluiten: another verb
    ("Wij stellen ons op als betrouwbare partner.", False),  # reflexive
    ("We bouwen aan vertrouwen in de wijk.", False),
    ("De politie is in verbinding met de jeugd.", False),
    # an action line named by its deed, and a label before it
    ("Evaluatie cameratoezicht stationsgebied en besluit over voortzetting (Wanneer: 2023)", True),
    ("3. Uitbreiding jongerenwerk in de avond met 2 fte", True),
    ("Hercertificering Keurmerk Veilig Ondernemen winkelgebied centrum", True),
    # the verb of a deed noun is a deed too: "Actualisatie van het convenant", "We actualiseren het convenant"
    ("Samen met de horeca actualiseren we het convenant Veilig Uitgaan.", True),
    ("We herzien het evenementenbeleid.", True),
    ("De gemeente actualiseerde het convenant.", True),  # a verb in the past, before its object
    # a participle before its noun is no deed: ongoing work with what was done before
    ("Wij werken volgens het herziene evenementenbeleid.", False),
    ("Inzet van gecertificeerde medewerkers bij evenementen.", False),
    ("Medewerkers werken met de opgeleverde systemen.", False),
    ("Ontwikkeling van een gezamenlijke visie op jeugd", False),  # often work that goes on
    ("De evaluatie van het cameratoezicht laat zien dat het werkt.", False),  # not the line's first word
])
def test_a_deed_is_done_once_or_every_year(ambition, deed):
    assert StatusClassifier().is_deed(ambition) is deed


def test_a_negated_sentence_tells_of_something_not_done():
    assert tells("Voor Langeloo is nog geen geschikte ruimte gevonden.") == NOT_DONE
    assert tells("De voorgenomen campagne is er niet gekomen.") == NOT_DONE
    assert tells("Op 12 juni is het convenant ondertekend.") == DONE
    assert tells("De politie werkt niet samen met de gemeente.") is None  # no past: nothing told


@pytest.mark.parametrize("sentence", [
    'Twee scholen hebben in alle tweede klassen het lesprogramma "Ik ben geen pion" gegeven.',
    "De wijkagenten hielden de campagne ‘Niet met mij’ in alle wijken.",
    "Het jongerenwerk organiseerde de avond 'Nooit meer alleen' in de bibliotheek.",
])
def test_a_negation_in_a_quoted_title_tells_nothing_not_done(sentence):
    assert tells(sentence) == DONE


@pytest.mark.parametrize("sentence", [
    "In Krimpershoek is de functie nog vacant.",
    "Toepassing bij de verkoop van gemeentelijk vastgoed is nog in voorbereiding.",
    "Voor de groep in Heemsterwijk wordt de aanpak nog uitgewerkt.",
    "Voor de overige locaties wacht de gemeente nog op toestemming van de provincie.",
])
def test_what_is_still_to_come_tells_of_something_not_done(sentence):
    assert tells(sentence) == NOT_DONE


def test_nog_alone_tells_nothing_still_to_come():
    assert tells("Er is nog steeds veel overlast in het centrum.") is None
    assert tells("In het najaar hielden we nog meer controles.") == DONE
    assert tells("De aanpak moet nog worden uitgewerkt.") is None  # what should be, not a state


def test_a_negation_outside_the_quotes_still_counts():
    assert tells('De campagne "Kijk uit" is in 2024 niet gehouden.') == NOT_DONE
    assert tells("De collega's hebben de training 'Veilig thuis' niet gevolgd.") == NOT_DONE


# TESTDATA: a made-up municipality's plan and report, the report in a plain register
PLAN = """\
# Veiligheidsplan Beekdal 2023-2026 (TESTDATA)

## Zorg en veiligheid

### Wat gaan we doen?

- We sluiten een convenant over gegevensdeling met de zorgpartners van Beekdal.
- We oefenen twee keer per jaar met het crisisteam van de gemeente Beekdal.
- We zetten in op voorlichting over babbeltrucs aan de ouderen van Beekdal.
- We laten jaarlijks een nalevingsonderzoek naar alcohol in de sportkantines van Beekdal uitvoeren.
- We controleren ieder jaar alle vakantieparken van Beekdal op brandveiligheid.
- We breiden het jongerenwerk van Beekdal uit naar de dorpen Smalhout en Langeloo.
- We stellen in de dorpen Hoeve, Dalem en Ouwerkerk van Beekdal een vaste jeugdagent aan.
"""

REPORT = """\
# Veiligheidsrapportage 2024 Beekdal (TESTDATA)

## Zorg

Op 12 juni is het convenant over gegevensdeling met de zorgpartners van Beekdal ondertekend.

Het crisisteam van de gemeente Beekdal oefende in maart met stroomuitval en in oktober met een natuurbrand.

Met de ouderenbonden gaven we voorlichting over babbeltrucs aan ruim 200 ouderen van Beekdal.

Het nalevingsonderzoek naar alcohol in de sportkantines van Beekdal is in 2024 niet uitgevoerd. Het staat nu gepland voor het voorjaar van 2025.

Van de negen vakantieparken van Beekdal zijn er zeven op brandveiligheid gecontroleerd. De controles bij de twee overige parken schuiven door naar het voorjaar van 2025.

Het jongerenwerk van Beekdal is sinds april ook actief in het dorp Smalhout. Voor het jongerenwerk in Langeloo is nog geen geschikte ruimte gevonden.

Hoeve en Dalem hebben sinds dit jaar elk een vaste jeugdagent van Beekdal. In Ouwerkerk is de functie van jeugdagent nog vacant.
"""


@pytest.fixture(scope="module")
def beekdal(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("beekdal"), "beekdal", "Gemeente Beekdal", PLAN, (2023, 2026),
                        REPORT, 2024)


def _cell(lib: Library, key: str):
    return lib.snapshot().trace.detail(f"beekdal-plan:{key}").cells[2024]


def test_a_deed_the_report_tells_was_done_is_done(beekdal):
    covenant, drill = _cell(beekdal, "zorg-veiligheid-a"), _cell(beekdal, "zorg-veiligheid-b")
    assert covenant.status == "gerealiseerd", covenant
    assert covenant.progress[0].finding.status == "onbekend"  # no cue word: the words of the report did it
    assert covenant.progress[0].finding.told_done.startswith("Op 12 juni is het convenant")
    assert drill.status == "gerealiseerd"  # twice a year, and it was done twice


def test_a_deed_done_in_part_and_the_rest_still_to_come_is_partly_done(beekdal):
    agents = _cell(beekdal, "zorg-veiligheid-g")
    assert agents.status == "deels gerealiseerd", agents
    assert agents.rule.endswith('"In Ouwerkerk is de functie van jeugdagent nog vacant.": deels gerealiseerd')


def test_the_cell_and_the_ambition_page_say_which_sentence_made_it_done(beekdal):
    covenant = _cell(beekdal, "zorg-veiligheid-a")
    assert covenant.rule.startswith("een daad (eenmalig of elk jaar), en de alinea vertelt dat ze gebeurd is: "
                                    '"Op 12 juni is het convenant')
    assert _cell(beekdal, "zorg-veiligheid-f").rule.endswith('"Voor het jongerenwerk in Langeloo is nog geen '
                                                            'geschikte ruimte gevonden.": deels gerealiseerd')
    client = create_app({"DATA_DIR": str(beekdal.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = client.get("/ambities/beekdal-plan:zorg-veiligheid-a")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "vertelt dat het gebeurd is: <q>Op 12 juni is het convenant" in html
    assert "de regel: lopend" not in html  # the sentence for a strong paragraph without a cue, which it is not
    cell = client.get("/api/ambitions/beekdal-plan:zorg-veiligheid-a").get_json()["years"]["2024"]
    assert cell["rule"] == covenant.rule and cell["basis"]["told_done"].startswith("Op 12 juni is het convenant")


def test_work_that_goes_on_is_under_way_whatever_the_tense(beekdal):
    assert _cell(beekdal, "zorg-veiligheid-c").status == "lopend"  # "we zetten in op": no deed


@pytest.mark.parametrize("sentence, part", [
    ("Van de ongeveer 90 medewerkers hebben er 58 de e-learning afgerond.", True),
    ("Van de negen parken zijn er in 2024 zeven gecontroleerd.", True),  # a year between is no count
    ("In 2020 gingen 10 van de 18 teams op deze werkwijze over.", True),
    ("Van de negen parken zijn er negen gecontroleerd.", False),  # the whole
    ("Van de 1.290 meldingen kwam het merendeel uit Eikenrode.", False),  # no part counted
    ("Van de twee scholen deed er een mee.", False),  # "een" may be the article
    ("850 van de 1.200 medewerkers volgden de training.", True),  # thousands
    ("Het Veiligheidshuis is een van de drie speerpunten.", False),  # "one of the three"
    ("De aanpak van de 10 jongeren is gestart met 4 partners.", False),  # "van de" inside the sentence
])
def test_a_count_of_a_part_of_the_whole(sentence, part):
    assert part_of_whole(sentence) is part


def test_a_part_done_and_the_rest_late_is_partly_done(beekdal):
    cell = _cell(beekdal, "zorg-veiligheid-e")
    assert cell.status == "deels gerealiseerd" and cell.progress[0].finding.partial.startswith("Van de negen")


def test_a_deed_told_done_in_part_and_not_in_another_part_is_partly_done(beekdal):
    cell = _cell(beekdal, "zorg-veiligheid-f")
    assert cell.status == "deels gerealiseerd"
    finding = cell.progress[0].finding
    assert finding.told_done.startswith("Het jongerenwerk van Beekdal is sinds april")
    assert finding.told_not_done.startswith("Voor het jongerenwerk in Langeloo is nog geen")


def test_not_done_but_planned_for_a_later_year_is_late(beekdal):
    cell = _cell(beekdal, "zorg-veiligheid-d")
    assert cell.status == "vertraagd" and cell.progress[0].finding.postponed
