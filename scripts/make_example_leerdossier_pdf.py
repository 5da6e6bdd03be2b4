"""Make documents/leerdossier-witwassen-via-vastgoed.pdf, a bundled example leerdossier.

The PDF should look like a report exported from Word: a title block, numbered headings in
bold and larger type, body text, bullet lists and page numbers in the footer. Its text lives
here as Python data (not as a .txt/.md beside it), because `kb ingest` reads every .pdf,
.html, .htm, .txt and .md under documents/ and would take such a file for a document.

Run from the checkout:  .venv/bin/python scripts/make_example_leerdossier_pdf.py
The core font Helvetica is used so the result does not depend on the fonts of the machine;
it is latin-1, so the text avoids curly quotes and the euro sign ("euro" is written out).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "documents" / "leerdossier-witwassen-via-vastgoed.pdf"
TITLE = "Leerdossier Witwassen via vastgoed"
SUBTITLE = "Katvangers, ABC-transacties en hypotheken uit het buitenland"
COLOPHON = [
    "Eenheid Rotterdam - Team Financiële Recherche",
    "Status: afgerond - 30 september 2021",
    "Voorbeelddossier: de casus is verzonnen maar gebaseerd op openbare kennis over de aanpak van "
    "witwassen via vastgoed. Namen van personen en bedrijven zijn weggelaten of vervangen door letters.",
]

# The body: ("h1" | "h2", heading) or ("p", text) or ("ul", [items]).
BODY: list[tuple[str, object]] = [
    ("h1", "1 Aanleiding"),
    ("p", "In 2019 viel een notariskantoor in de regio op door een reeks transacties in één straat in "
          "Rotterdam-West: binnen anderhalf jaar werden daar negen woningen gekocht door drie "
          "verschillende bv's, steeds met een groot deel van de koopsom in contanten of via een lening "
          "van een bedrijf in Dubai. Twee woningen werden binnen een maand doorverkocht voor een "
          "prijs die ruim zestig procent hoger lag. De notaris deed een melding van een ongebruikelijke "
          "transactie bij de Financial Intelligence Unit Nederland (FIU-Nederland), die de melding "
          "verdacht verklaarde en doorzette naar de politie."),
    ("p", "Tegelijk meldde de woningcorporatie dat zij in dezelfde straat twee huurwoningen had "
          "teruggekregen van huurders die zeiden naar een koopwoning te zijn verhuisd, terwijl zij "
          "volgens de corporatie een inkomen rond het minimum hadden. De informatie kwam samen in het "
          "RIEC Rotterdam, dat besloot tot een integrale casus. Dit leerdossier beschrijft de casus en "
          "wat zij ons leerde over het herkennen en aanpakken van witwassen via vastgoed."),

    ("h1", "2 Modus operandi"),
    ("p", "Vastgoed is aantrekkelijk om crimineel geld wit te wassen: het behoudt zijn waarde, het "
          "levert huur op die als legaal inkomen kan worden verantwoord, en de prijs is moeilijk te "
          "controleren. In deze casus zagen we vier werkwijzen die elkaar versterkten."),
    ("h2", "2.1 Katvangers als koper"),
    ("p", "De woningen werden gekocht door bv's met als bestuurder een familielid of een kennis van de "
          "hoofdverdachte (hierna: B). Een van hen was een student zonder inkomen; een ander stond ook "
          "als bestuurder ingeschreven bij twee failliete bedrijven. B zelf kwam in geen enkele akte "
          "voor, maar betaalde wel de notariskosten en beheerde de huurinkomsten."),
    ("h2", "2.2 Contante aankopen en ABC-transacties"),
    ("p", "Een deel van de koopsom werd contant voldaan of via een derdengeldrekening van een "
          "tussenpersoon gestort. Bij een ABC-transactie kocht bv A een woning, verkocht die dezelfde "
          "dag of kort daarna door aan bv B en die weer aan een derde koper, steeds tegen een hogere "
          "prijs. Het verschil tussen de prijzen is op papier winst, maar in werkelijkheid is het "
          "crimineel geld dat zo een legale herkomst krijgt. Omgekeerd werd een woning ook onder de "
          "waarde verkocht, waarbij het verschil contant onder tafel werd betaald."),
    ("h2", "2.3 Hypotheken en leningen uit het buitenland"),
    ("p", "Vijf van de negen aankopen werden gefinancierd met een lening van een bedrijf in Dubai of "
          "op Curaçao. De leningen hadden geen zekerheden, een lage rente en geen aflossingsschema. "
          "Dit is een bekende loan-back-constructie: de verdachte leent in feite zijn eigen geld, "
          "dat eerder naar het buitenland is gebracht, aan zichzelf terug. De rente die hij betaalt, "
          "verlaagt bovendien zijn belastbaar inkomen."),
    ("h2", "2.4 Verhuur en beheer"),
    ("p", "De woningen werden verhuurd aan arbeidsmigranten en aan personen uit het netwerk, deels "
          "contant. Een beheerbedrijf, opgericht door een neef van B, boekte hogere huurinkomsten "
          "dan er werkelijk binnenkwamen. Zo werd ook de maandelijkse stroom van crimineel geld "
          "als huur verantwoord."),

    ("h1", "3 Indicatoren"),
    ("p", "De volgende rode vlaggen kwamen in deze casus naar voren. Ze zijn bruikbaar voor notarissen, "
          "makelaars, banken, woningcorporaties, gemeenten en de politie. Een enkele indicator is "
          "geen bewijs; meerdere indicatoren samen zijn reden om te melden of de informatie in te "
          "brengen bij het RIEC."),
    ("h2", "3.1 Bij de koper en de financiering"),
    ("ul", [
        "Aankoop (deels) met contant geld, of storting van contant geld kort voor de aankoop.",
        "Financiering via een lening van een buitenlands bedrijf zonder zekerheden of aflossingsschema.",
        "Een koper (of bestuurder van de kopende bv) zonder aantoonbaar inkomen of vermogen.",
        "Een bv die kort voor de aankoop is opgericht, zonder personeel en zonder andere activiteiten.",
        "Een derde die de kosten betaalt of bij de overdracht het woord voert, terwijl hij niet in de akte staat.",
        "Haast: de koper wil snel passeren en stelt geen vragen over de prijs of de staat van de woning.",
    ]),
    ("h2", "3.2 Bij de transactie"),
    ("ul", [
        "Snelle doorverkoop binnen enkele maanden, met een grote winst of juist een groot verlies.",
        "Een koopprijs die sterk afwijkt van de WOZ-waarde of van vergelijkbare woningen in de straat.",
        "Meerdere aankopen in dezelfde straat of hetzelfde complex door verbonden personen of bv's.",
        "Wijzigingen in de koopovereenkomst vlak voor het passeren, zoals een andere koper.",
        "Een volmacht waarmee een onbekende derde namens de koper tekent.",
    ]),
    ("h2", "3.3 Bij het gebruik van de woning"),
    ("ul", [
        "Overbewoning of verhuur aan arbeidsmigranten zonder huurcontract, met contante huur.",
        "Leegstand van een pas gekochte woning zonder verbouwing.",
        "Een opvallend hoog of juist laag stroomverbruik (netbeheerder).",
        "Bewoners die volgens de Basisregistratie Personen (BRP) niet op het adres staan ingeschreven.",
        "Vorige huurders van een sociale huurwoning die ineens eigenaar zijn van een koopwoning.",
    ]),

    ("h1", "4 Interventies"),
    ("p", "In het RIEC-casusoverleg is per schakel in het verdienmodel bepaald welke partner welk "
          "instrument inzet. Het uitgangspunt was: het geld afpakken en de vastgoedportefeuille "
          "onbruikbaar maken voor het netwerk."),
    ("h2", "4.1 Bestuurlijke interventies"),
    ("p", "De gemeente toetste op grond van de Wet Bibob een aanvraag van het beheerbedrijf voor een "
          "omzettingsvergunning (kamerverhuur). Het Landelijk Bureau Bibob adviseerde dat er een "
          "ernstig gevaar was dat de vergunning zou worden gebruikt om crimineel geld wit te wassen; "
          "de vergunning werd geweigerd. Daarnaast controleerde de gemeente alle woningen op "
          "overbewoning en de inschrijving in de BRP, en legde zij in drie panden een last onder "
          "dwangsom op."),
    ("h2", "4.2 Strafrechtelijke interventies"),
    ("p", "Het OM startte een onderzoek naar witwassen tegen B en vier katvangers. Op de woningen "
          "werd conservatoir beslag gelegd, zodat ze niet konden worden verkocht of bezwaard. "
          "Rechtshulpverzoeken aan de Verenigde Arabische Emiraten en Curaçao moesten duidelijk maken "
          "wie achter de lenende bedrijven zat. Tegelijk werd een strafrechtelijk financieel "
          "onderzoek gestart met het oog op ontneming."),
    ("h2", "4.3 Fiscale interventies"),
    ("p", "De Belastingdienst corrigeerde de aangiften van de bv's: de rente op de leningen uit het "
          "buitenland werd niet langer als aftrekpost geaccepteerd en de verzwegen huurinkomsten "
          "werden belast. De FIOD ondersteunde het onderzoek naar de geldstromen."),
    ("h2", "4.4 Preventie bij de poortwachters"),
    ("p", "Met de notarissen en makelaars in de regio is een bijeenkomst gehouden over de indicatoren "
          "uit hoofdstuk 3 en over hun meldplicht op grond van de Wwft."),

    ("h1", "5 Ketenpartners"),
    ("p", "De casus is uitgevoerd onder regie van het RIEC Rotterdam. De partners en hun inbreng:"),
    ("ul", [
        "Politie (financiële recherche en wijkteam): onderzoek, waarnemingen en analyse van geldstromen.",
        "Openbaar Ministerie: leiding van het strafrechtelijk onderzoek, beslag en ontneming.",
        "Gemeente: Bibob-toets, handhaving op overbewoning en controle van de BRP.",
        "Belastingdienst en FIOD: fiscale correcties en onderzoek naar geldstromen.",
        "FIU-Nederland: ongebruikelijke transacties van notarissen en banken.",
        "Kadaster: eigendomsgegevens en de historie van de transacties.",
        "Kamer van Koophandel: gegevens over bestuurders en oprichting van de bv's.",
        "Woningcorporatie: signalen over huurders en opgezegde huurwoningen.",
        "Netbeheerder Stedin: gegevens over het stroomverbruik van de panden.",
    ]),

    ("h1", "6 Juridisch kader"),
    ("ul", [
        "Wetboek van Strafrecht, artikelen 420bis tot en met 420quater: witwassen, ook eenvoudig en schuldwitwassen.",
        "Artikel 36e Wetboek van Strafrecht: ontneming van wederrechtelijk verkregen voordeel.",
        "Artikel 94a Wetboek van Strafvordering: conservatoir beslag tot bewaring van het recht tot verhaal.",
        "Wet Bibob: integriteitstoets bij vergunningen, subsidies en vastgoedtransacties van de gemeente.",
        "Wet ter voorkoming van witwassen en financieren van terrorisme (Wwft): meldplicht voor notarissen, makelaars en banken.",
        "Wet BRP: inschrijving van bewoners en adresonderzoek.",
        "RIEC-convenant en Algemene verordening gegevensbescherming (AVG): gegevensdeling tussen partners.",
    ]),

    ("h1", "7 Resultaten"),
    ("ul", [
        "Conservatoir beslag op negen woningen en een bedrijfspand, samen ruim 3,1 miljoen euro waard.",
        "Een omzettingsvergunning geweigerd na een Bibob-advies.",
        "Vijf verdachten aangehouden; B is in 2021 in eerste aanleg veroordeeld voor gewoontewitwassen.",
        "Een ontnemingsvordering van 1,4 miljoen euro ingediend.",
        "Fiscale correcties van samen ongeveer 450.000 euro.",
        "Veertig notarissen en makelaars getraind op de indicatoren.",
    ]),

    ("h1", "8 Lessons learned"),
    ("p", "Het Kadaster was de sleutel. Pas toen alle transacties van verbonden personen in één "
          "overzicht stonden, met prijzen, data en financiers, werd het patroon van ABC-transacties "
          "zichtbaar. Dat overzicht hadden we aan het begin moeten maken, niet na vier maanden."),
    ("p", "De melding van de notaris was van grote waarde, maar kwam laat: pas bij de negende "
          "aankoop. Uit gesprekken bleek dat notarissen en makelaars de indicatoren wel kennen, maar "
          "niet weten wat er met een melding gebeurt. Terugkoppeling, voor zover dat mag, helpt."),
    ("p", "Rechtshulpverzoeken aan landen buiten de Europese Unie kosten veel tijd. Het werkte goed om "
          "daar niet op te wachten, maar eerst bestuurlijk en fiscaal in te grijpen met wat er in "
          "Nederland al bekend was."),

    ("h1", "9 Aanbevelingen"),
    ("ul", [
        "Maak bij elk vermoeden van witwassen via vastgoed direct een Kadasteroverzicht van alle verbonden personen en bv's.",
        "Breng signalen van notarissen, makelaars en woningcorporaties samen in het RIEC.",
        "Zet de Wet Bibob ook in bij vergunningen voor verhuur, beheer en omzetting van woningen.",
        "Leg vroeg conservatoir beslag, zodat panden niet kunnen worden doorverkocht.",
        "Investeer in de relatie met de poortwachters (Wwft-meldplichtigen) en geef terugkoppeling.",
        "Wacht niet op buitenlandse rechtshulp als bestuurlijke en fiscale interventies al mogelijk zijn.",
    ]),
]


class Report(FPDF):
    """A4 report with the page number in the footer, as Word prints it."""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Pagina {self.page_no()} van {{nb}}", align="C")


def build() -> bytes:
    pdf = Report(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("Eenheid Rotterdam")
    pdf.set_creator("Microsoft Word")
    pdf.set_creation_date(datetime(2021, 9, 30, tzinfo=timezone.utc))  # the same bytes on every run
    pdf.core_fonts_encoding = "windows-1252"  # WinAnsi: latin-1 plus the bullet "•"
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(0, 11, TITLE)
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 13)
    pdf.multi_cell(0, 7, SUBTITLE)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    for line in COLOPHON:
        pdf.multi_cell(0, 5.5, line)
        pdf.ln(4)
    pdf.ln(6)
    for kind, content in BODY:
        if kind == "h1":
            if pdf.get_y() > pdf.h - 60:
                pdf.add_page()
            pdf.ln(4)
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 8, str(content))
            pdf.ln(2)
        elif kind == "h2":
            if pdf.get_y() > pdf.h - 50:
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 6.5, str(content))
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("Helvetica", size=10.5)
            pdf.multi_cell(0, 5.5, str(content))
            pdf.ln(4)  # space after a paragraph, as Word's "6 pt na" (wider than between lines)
        elif kind == "ul":
            pdf.set_font("Helvetica", size=10.5)
            for item in content:  # type: ignore[union-attr]
                x = pdf.l_margin
                pdf.set_x(x + 4)
                pdf.cell(6, 5.5, "\u2022")
                pdf.multi_cell(0, 5.5, item)
                pdf.ln(0)
            pdf.ln(4)
        else:
            raise ValueError(f"onbekend soort blok: {kind!r}")
    return bytes(pdf.output())


def main() -> int:
    OUT.write_bytes(build())
    print(f"geschreven: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
