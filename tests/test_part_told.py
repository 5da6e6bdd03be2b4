"""A part of what an ambition asked, told in a report's own words: fewer than a bare number
("houden vier controles" against "hielden twee controles"), or something done and then,
negated, the rest not ("... op werkdagen bereikbaar. Voor de nacht is nog geen oplossing
gevonden"): "deels gerealiseerd", and the cell says which words made it so."""

from __future__ import annotations

import pytest
from helpers.unit_pair import unit_library

from kb.library import Library

# TESTDATA: a made-up basisteam's plan and report
PLAN = """\
# Teamplan Dijkwaard 2024-2027 (TESTDATA)

## Veilig op straat

### Wat gaan we daarvoor doen?

- We houden samen met de RDW vier controles op opgevoerde scooters in Dijkwaard.
- We trainen 150 leerkrachten van de basisscholen in Dijkwaard in het werken met de meldcode.
- Een zorgcoördinator van de GGZ is dag en nacht bereikbaar voor de wijkagenten in Dijkwaard.
- We zetten de persoonsgerichte aanpak voor overlastgevers in Dijkwaard voort.
"""

REPORT = """\
# Jaarverslag 2025 Basisteam Dijkwaard (TESTDATA)

## Straat

In 2025 hielden we samen met de RDW twee controles op opgevoerde scooters in Dijkwaard.

In 2025 zijn 48 leerkrachten van de basisscholen in Dijkwaard getraind in de meldcode. De trainingen voor de scholen in Dijkwaard-Zuid zijn naar 2026 geschoven omdat de trainer langdurig uitviel.

Sinds februari is een zorgcoördinator van de GGZ op werkdagen bereikbaar voor de wijkagenten in Dijkwaard. Voor de nacht en het weekend is nog geen oplossing gevonden.

Voor vijf overlastgevers in Dijkwaard is de persoonsgerichte aanpak afgesloten omdat er geen nieuwe incidenten waren. Er zijn vier nieuwe overlastgevers in de persoonsgerichte aanpak gekomen.
"""


@pytest.fixture(scope="module")
def dijkwaard(tmp_path_factory) -> Library:
    return unit_library(tmp_path_factory.mktemp("dijkwaard"), "dijkwaard", "Basisteam Dijkwaard", PLAN,
                        (2024, 2027), REPORT, 2025)


def _cell(lib: Library, letter: str):
    return lib.snapshot().trace.detail(f"dijkwaard-plan:veilig-straat-{letter}").cells[2025]


def test_fewer_than_a_bare_number_is_a_part(dijkwaard):
    cell = _cell(dijkwaard, "a")
    assert cell.status == "deels gerealiseerd" and cell.by_norm
    assert cell.rule.startswith('het verslag noemt "twee controles"; de ambitie vraagt "vier controles"')


def test_fewer_than_a_bare_number_and_the_report_says_why_keeps_its_words(dijkwaard):
    cell = _cell(dijkwaard, "b")
    # 48 trained, then the rest "naar 2026 geschoven": the words say a part done and the rest late
    assert cell.progress[0].finding.status == "deels gerealiseerd"
    assert cell.status == "deels gerealiseerd" and not cell.by_norm and "48" not in cell.rule


def test_something_done_and_then_the_rest_not_is_partly_done(dijkwaard):
    cell = _cell(dijkwaard, "c")
    finding = cell.progress[0].finding
    assert finding.status == "onbekend"  # no cue word: the sentences do it
    assert cell.status == "deels gerealiseerd"
    assert cell.rule == ('de alinea vertelt dat iets gebeurd is: "Sinds februari is een zorgcoördinator van de GGZ op '
                         'werkdagen bereikbaar voor de wijkagenten in Dijkwaard.", en daarna, ontkend, dat de rest niet '
                         'gebeurd is: "Voor de nacht en het weekend is nog geen oplossing gevonden.": deels gerealiseerd')


def test_a_negation_before_what_was_done_is_no_rest_of_it(dijkwaard):
    cell = _cell(dijkwaard, "d")
    finding = cell.progress[0].finding
    assert finding.told_done and finding.told_not_done  # both told, the negation first ...
    assert cell.status == "lopend"  # ... work that goes on
