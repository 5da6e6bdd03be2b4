"""kb.lang.titles: a short phrase that names a subject, not a sentence that states something;
the one test behind a report paragraph's run-in head and the title an ambition opens with."""

from __future__ import annotations

import pytest

from kb.lang.titles import looks_like_title


@pytest.mark.parametrize("text", [
    "Bezetting op peil houden", "Fit & vitaal", "Betekenisvol interveniëren", "Meer verbinding met de samenleving",
    "Proactief controleren", "Slachtofferzorg", "Opzetten van netwerk divers Vakmanschap",
    "Het op sterkte krijgen van de eenheid", "Kennis, bevoegdheden en grondrechten",
])
def test_titles(text):
    assert looks_like_title(text)


@pytest.mark.parametrize("text", [
    "We werken samen met de gemeente",       # a subject
    "De politie werkt samen met de gemeente",  # a present form the lemma table lacks
    "De teams startten een pilot",           # an inflected verb
    "Samen werken aan veiligheid",           # a verb before the last word
    "Project vertraagd",                     # a participle
    "In 2025 zijn alle agenten getraind",    # an auxiliary, a year
    "Een hele lange zin van meer dan zeven woorden zonder werkwoord",
])
def test_sentences(text):
    assert not looks_like_title(text)
