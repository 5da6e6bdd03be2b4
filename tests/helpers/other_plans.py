"""Three made-up plans of other units, each in a convention the bundled plan does not use,
to see what ambition extraction makes of plans nobody tuned it on:

- `IVP_MARKDOWN`: a municipal integral safety plan in Markdown, per theme "Wat willen we
  bereiken?" (a paragraph and numbered goals) and "Wat gaan we daarvoor doen?" (bullets,
  one with a nested list under it);
- `priorities_html()`: a regional police plan as a web page, "Prioriteit 1: …" blocks with a
  "Doelstelling" paragraph, a goal table (doel | indicator | streefwaarde) and numbered
  actions under "Wat gaan we doen?";
- `SPEARHEADS_TEXT`: a base team's plan as plain text, "Speerpunten" with per spearhead an
  "Ambitie" and a "Beoogd resultaat" of lettered items, and an "Aanpak" of numbered items
  with lettered sub-items indented under one of them.

`plan_file(name)` gives (file name, bytes) for the parser.
"""

from __future__ import annotations

IVP_MARKDOWN = """\
# Integraal Veiligheidsplan Gemeente Lindewaard 2023-2026

## 1. Inleiding

Dit integraal veiligheidsplan beschrijft hoe de gemeente Lindewaard samen met politie, Openbaar Ministerie en maatschappelijke partners de komende vier jaar werkt aan een veilige gemeente. Het plan is gebaseerd op de veiligheidsanalyse van 2022 en de gesprekken met inwoners in de kernen.

## 2. Jeugd en veiligheid

Het aantal meldingen van jeugdoverlast steeg in 2022 met 14 procent. Vooral rond de winkelcentra in Lindewaard-Noord en bij de haven ervaren bewoners overlast van groepen jongeren.

### Wat willen we bereiken?

Jongeren in Lindewaard groeien veilig op en de overlast van jeugdgroepen neemt merkbaar af.

1. In 2026 is het aantal meldingen van jeugdoverlast met 20 procent gedaald ten opzichte van 2022.
2. Elke problematische jeugdgroep heeft een groepsaanpak met een vaste regisseur.

### Wat gaan we daarvoor doen?

- We zetten in de avonduren straatcoaches in op de plekken met de meeste meldingen.
- We voeren de groepsaanpak uit volgens de methode van het Veiligheidshuis, met een gezamenlijk beeld van de groep en afspraken met de ouders.
- We starten het project Veilig Thuis Online over sexting en online pesten op alle middelbare scholen.

## 3. Woninginbraak

In de wijken Oosterhout en Vlietzoom ligt het aantal woninginbraken boven het regionale gemiddelde.

### Wat willen we bereiken?

Minder woninginbraken en inwoners die weten hoe zij hun woning beveiligen.

1. Het aantal woninginbraken daalt tot onder de 90 per jaar.

### Wat gaan we daarvoor doen?

- We organiseren voorlichtingsavonden over het Politiekeurmerk Veilig Wonen.
- We breiden de WhatsApp-buurtpreventie uit naar alle wijken:
  - eerst in Oosterhout en Vlietzoom, waar de meeste inbraken zijn;
  - daarna in de kernen buiten de stad.
"""

IVP_EXPECTED = {
    "jeugd-veiligheid-doel": "Jongeren in Lindewaard groeien veilig op en de overlast van jeugdgroepen neemt merkbaar af.",
    "jeugd-veiligheid-doel-1": "In 2026 is het aantal meldingen van jeugdoverlast met 20 procent gedaald ten opzichte van 2022.",
    "jeugd-veiligheid-doel-2": "Elke problematische jeugdgroep heeft een groepsaanpak met een vaste regisseur.",
    "jeugd-veiligheid-a": "We zetten in de avonduren straatcoaches in op de plekken met de meeste meldingen.",
    "jeugd-veiligheid-b": "We voeren de groepsaanpak uit volgens de methode van het Veiligheidshuis, met een "
                          "gezamenlijk beeld van de groep en afspraken met de ouders.",
    "jeugd-veiligheid-c": "We starten het project Veilig Thuis Online over sexting en online pesten op alle middelbare scholen.",
    "woninginbraak-doel": "Minder woninginbraken en inwoners die weten hoe zij hun woning beveiligen.",
    "woninginbraak-doel-1": "Het aantal woninginbraken daalt tot onder de 90 per jaar.",
    "woninginbraak-a": "We organiseren voorlichtingsavonden over het Politiekeurmerk Veilig Wonen.",
    "woninginbraak-b": "We breiden de WhatsApp-buurtpreventie uit naar alle wijken:",
    # a nested list under an unnumbered item: its items lettered by their place, keyed under it
    "woninginbraak-b-a": "eerst in Oosterhout en Vlietzoom, waar de meeste inbraken zijn;",
    "woninginbraak-b-b": "daarna in de kernen buiten de stad.",
}

PRIORITIES = [
    {
        "title": "Prioriteit 1: Zorg en veiligheid",
        "intro": "Steeds vaker heeft de politie te maken met personen met verward gedrag. Van de "
                 "meldingen in 2022 ging het bij een op de acht om een E33-melding.",
        "goal": "Personen met verward gedrag krijgen sneller passende zorg, zodat de politie minder "
                "vaak als eerste hulpverlener optreedt.",
        "table": [
            ("Snellere overdracht aan de zorg", "gemiddelde wachttijd bij overdracht", "minder dan 45 minuten"),
            ("Minder herhaalde meldingen", "aantal personen met drie of meer E33-meldingen", "-15% in 2026"),
        ],
        "actions": [
            "We richten met de GGZ een gezamenlijke meldkamertafel in.",
            "We trainen alle basisteams in de herkenning van verward gedrag.",
            "We evalueren jaarlijks de afspraken uit het convenant zorg en veiligheid.",
        ],
    },
    {
        "title": "Prioriteit 2: Digitale criminaliteit",
        "intro": "Online fraude is in drie jaar verdubbeld en treft vooral ouderen en kleine ondernemers.",
        "goal": "Inwoners en ondernemers zijn weerbaarder tegen online oplichting en slachtoffers "
                "worden sneller geholpen.",
        "table": [
            ("Meer aangiften online fraude in behandeling", "percentage aangiften met opsporingsindicatie", "80%"),
        ],
        "actions": [
            "We zetten in elk district een digitaal rechercheur in.",
            "We geven voorlichting aan ouderen samen met de bibliotheken.",
        ],
    },
]

PRIORITIES_EXPECTED = {
    "prioriteit-1-doel": PRIORITIES[0]["goal"],
    "prioriteit-1-tabel-1": "Snellere overdracht aan de zorg (Indicator: gemiddelde wachttijd bij overdracht; "
                            "Streefwaarde: minder dan 45 minuten)",
    "prioriteit-1-tabel-2": "Minder herhaalde meldingen (Indicator: aantal personen met drie of meer E33-meldingen; "
                            "Streefwaarde: -15% in 2026)",
    "prioriteit-1-1": PRIORITIES[0]["actions"][0],
    "prioriteit-1-2": PRIORITIES[0]["actions"][1],
    "prioriteit-1-3": PRIORITIES[0]["actions"][2],
    "prioriteit-2-doel": PRIORITIES[1]["goal"],
    "prioriteit-2-tabel-1": "Meer aangiften online fraude in behandeling (Indicator: percentage aangiften met "
                            "opsporingsindicatie; Streefwaarde: 80%)",
    "prioriteit-2-1": PRIORITIES[1]["actions"][0],
    "prioriteit-2-2": PRIORITIES[1]["actions"][1],
}


def priorities_html() -> str:
    """The regional plan as a CMS would publish it: header, navigation and footer around
    <main>, each priority an <h2>, its blocks <h3>, the goal table with a <thead>."""
    parts = [
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>",
        "<title>Regionaal Beleidsplan Politie Eenheid Zuidrand 2023-2026</title></head><body>",
        "<header><nav><a href='/'>Home</a> <a href='/contact'>Contact</a></nav></header>",
        "<main><h1>Regionaal Beleidsplan Politie Eenheid Zuidrand 2023-2026</h1>",
        "<h2>Inleiding</h2><p>In dit beleidsplan leggen burgemeesters, Openbaar Ministerie en politie "
        "vast welke prioriteiten de eenheid Zuidrand de komende vier jaar heeft.</p>",
    ]
    for p in PRIORITIES:
        rows = "".join(f"<tr><td>{d}</td><td>{i}</td><td>{s}</td></tr>" for d, i, s in p["table"])
        actions = "".join(f"<li>{a}</li>" for a in p["actions"])
        parts += [
            f"<h2>{p['title']}</h2><p>{p['intro']}</p>",
            f"<h3>Doelstelling</h3><p>{p['goal']}</p>",
            "<table><thead><tr><th>Doel</th><th>Indicator</th><th>Streefwaarde</th></tr></thead>",
            f"<tbody>{rows}</tbody></table>",
            f"<h3>Wat gaan we doen?</h3><ol>{actions}</ol>",
        ]
    parts.append("</main><footer><p>Politie Eenheid Zuidrand</p><a href='/privacy'>Privacy</a></footer></body></html>")
    return "\n".join(parts)


SPEARHEADS_TEXT = """\
Teamplan Basisteam Waterland 2024-2027

1 Inleiding

Het basisteam Waterland werkt in vijf gemeenten aan de veiligheid van ruim 120.000 inwoners. Dit
teamplan vertaalt het regionale beleidsplan naar wat het team de komende jaren anders gaat doen.

2 Speerpunten

Speerpunt 1 Huiselijk geweld

Ambitie

Slachtoffers van huiselijk geweld worden sneller beschermd en plegers worden eerder aangepakt.

Beoogd resultaat

a. Bij elke melding van huiselijk geweld is binnen 24 uur een risicotaxatie gemaakt.
b. Het aantal herhaalde meldingen op hetzelfde adres daalt met een kwart.
c. Elke wijkagent heeft de training meldcode afgerond.

Aanpak

1. We maken met Veilig Thuis afspraken over
   a. de overdracht van meldingen binnen een werkdag;
   b. een gezamenlijk casusoverleg per week.
2. We leggen vaker een tijdelijk huisverbod op.

Speerpunt 2 Verkeersveiligheid

Ambitie

Minder verkeersslachtoffers op de provinciale wegen door het team.

Beoogd resultaat

a. Op de N247 wordt wekelijks gecontroleerd op snelheid en afleiding.
b. Het aantal ongevallen met letsel daalt tot onder de 60 per jaar.

3 Organisatie

Het team telt 84 fte en werkt vanuit twee bureaus.
"""

SPEARHEADS_EXPECTED = {
    "speerpunt-1-ambitie": "Slachtoffers van huiselijk geweld worden sneller beschermd en plegers worden eerder aangepakt.",
    "speerpunt-1-resultaat-a": "Bij elke melding van huiselijk geweld is binnen 24 uur een risicotaxatie gemaakt.",
    "speerpunt-1-resultaat-b": "Het aantal herhaalde meldingen op hetzelfde adres daalt met een kwart.",
    "speerpunt-1-resultaat-c": "Elke wijkagent heeft de training meldcode afgerond.",
    "speerpunt-1-1": "We maken met Veilig Thuis afspraken over",
    "speerpunt-1-1a": "de overdracht van meldingen binnen een werkdag;",
    "speerpunt-1-1b": "een gezamenlijk casusoverleg per week.",
    "speerpunt-1-2": "We leggen vaker een tijdelijk huisverbod op.",
    "speerpunt-2-ambitie": "Minder verkeersslachtoffers op de provinciale wegen door het team.",
    "speerpunt-2-resultaat-a": "Op de N247 wordt wekelijks gecontroleerd op snelheid en afleiding.",
    "speerpunt-2-resultaat-b": "Het aantal ongevallen met letsel daalt tot onder de 60 per jaar.",
}


def plan_file(name: str) -> tuple[str, bytes]:
    """(file name, bytes) of one of the plans: "ivp", "prioriteiten" or "speerpunten"."""
    if name == "ivp":
        return "lindewaard-ivp-2023-2026.md", IVP_MARKDOWN.encode("utf-8")
    if name == "prioriteiten":
        return "zuidrand-beleidsplan-2023-2026.html", priorities_html().encode("utf-8")
    if name == "speerpunten":
        return "waterland-teamplan-2024-2027.txt", SPEARHEADS_TEXT.encode("utf-8")
    raise KeyError(name)
