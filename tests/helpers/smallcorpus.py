"""A small corpus of made-up Dutch policy texts, written by the tests, with the
constructions the search must handle: compounds, abbreviations, inflections, accents,
jargon synonyms, markup-like characters."""

from __future__ import annotations

from pathlib import Path

DOCS = {
    "jaarverslag-testeenheid-2021": ("Jaarverslag 2021 Testeenheid", "jaarverslag", 2021, """\
# Jaarverslag 2021

## Veiligheid in de wijk

Het aantal woninginbraken daalde in 2021 met twaalf procent ten opzichte van 2020.

Het messenbezit onder jongeren baart zorgen; in 2021 zijn 40 wapens in beslag genomen.

In Zuid zijn drie verdachten van straatroof aangehouden na een actie van het basisteam.

De reactietijd bij spoedmeldingen was 83 % binnen 15 minuten.

## Ondermijning

Samen met het Regionaal Informatie- en Expertisecentrum (RIEC) pakten we drie drugslabs aan.

De aanpak van ondermijning kreeg in 2021 extra capaciteit.

Er is fors geïnvesteerd in financieel rechercheurs.

## Cybercrime

Het team Eenheid Cybercrime Beeld analyseert meldingen van online fraude.

Meldingen over phishing namen toe; R&D-afdelingen van bedrijven kregen voorlichting over <script>-aanvallen.

Het programma FIT@NP liep door.
"""),
    "plan-testeenheid-2021-2024": ("Beleidsplan Testeenheid 2021-2024", "plan", None, """\
# Beleidsplan 2021-2024

## Ambities

Wij willen dat het aantal inbraken in woningen verder daalt.

De politie wil de aanrijdtijden voor prio 1 meldingen verbeteren: tenminste 82% binnen 15 minuten.

Het RIEC blijft de spil van de integrale aanpak.

Wij investeren in de aanpak van high impact crime, zoals overvallen en straatroof.

## Medewerkers

Het ziekteverzuim moet dalen naar 6 procent.

Wij houden verdachten sneller aan door betere informatie.
"""),
    "leerdossier-verwarde-personen": ("Leerdossier verward gedrag", "leerdossier", 2022, """\
# Leerdossier verward gedrag

## Lessen

Bij meldingen over personen met verward gedrag werkt de politie samen met de GGD.

De HIC-cijfers zijn niet in dit dossier opgenomen.
"""),
}


def write_corpus(folder: Path, docs: dict = DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (title, kind, year, text) in docs.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        meta = f'title = "{title}"\nkind = "{kind}"\nunit = "Testeenheid"\n'
        if year:
            meta += f"year = {year}\n"
        if kind == "plan":
            meta += "period = [2021, 2024]\n"
        (folder / f"{doc_id}.meta.toml").write_text(meta, encoding="utf-8")
    return folder
