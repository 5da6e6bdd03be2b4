"""Ambitions from plans in other conventions than the bundled plan's, through the real parser,
sections and taxonomy: "Wat willen we bereiken? / Wat gaan we daarvoor doen?" (Markdown),
"Prioriteit 1:" blocks with a goal table (HTML), "Speerpunten / Ambitie / Beoogd resultaat"
with lettered items (plain text); a structure profile, and the curation sidecar."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.browser import CHROMIUM, FLAGS
from helpers.other_plans import (IVP_EXPECTED, PRIORITIES_EXPECTED, SPEARHEADS_EXPECTED, SPEARHEADS_TEXT,
                                 plan_file)

from kb.enrich.ambitions import extract_ambitions
from kb.enrich.curation import curate, sidecar_path
from kb.enrich.kpi import extract_norms
from kb.enrich.metadata import make_document
from kb.enrich.profiles import STRUCTURE_FILE, structure_for
from kb.enrich.sections import build_sections
from kb.enrich.themes import load_taxonomy
from kb.errors import KbError, ParseError
from kb.model import Ambition
from kb.parse import parse_bytes


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _read(name: str, data: bytes, suffix: str, taxonomy, title: str = "Plan"):
    parsed = parse_bytes(data, suffix)
    doc = make_document(Path(name).stem, name, {"title": title, "kind": "plan"}, "", parsed.pages, False)
    return doc, build_sections(doc, parsed.blocks, taxonomy)


def _markdown_plan(name: str, md: str, taxonomy) -> dict[str, Ambition]:
    """The ambitions of a Markdown plan the test writes, by key."""
    doc, sections = _read(name, md.encode(), ".md", taxonomy)
    return {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}


def _plan(which: str, taxonomy):
    name, data = plan_file(which)
    return _read(name, data, Path(name).suffix, taxonomy)


@pytest.mark.parametrize("which, expected", [
    ("ivp", IVP_EXPECTED), ("prioriteiten", PRIORITIES_EXPECTED), ("speerpunten", SPEARHEADS_EXPECTED)])
def test_each_plan_gives_its_ambitions(which, expected, taxonomy):
    doc, sections = _plan(which, taxonomy)
    found = extract_ambitions(doc, sections, taxonomy)
    assert [a.id for a in found] == list(expected)
    assert {a.id: a.text for a in found} == expected
    assert all(a.origin and a.section_ids and a.document_id == doc.id for a in found)


def test_kinds_and_origins(taxonomy):
    doc, sections = _plan("prioriteiten", taxonomy)
    found = {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}
    assert found["prioriteit-1-doel"].kind == "doel" and "Doelstelling" in found["prioriteit-1-doel"].origin
    assert found["prioriteit-1-tabel-2"].kind == "doel" and found["prioriteit-1-tabel-2"].origin.startswith("doeltabel")
    assert found["prioriteit-2-1"].kind == "item" and "Wat gaan we doen?" in found["prioriteit-2-1"].origin
    doc, sections = _plan("ivp", taxonomy)
    ivp = {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}
    assert [ivp[k].kind for k in ("jeugd-veiligheid-doel-1", "jeugd-veiligheid-a")] == ["doel", "item"]


def test_keys_do_not_depend_on_the_format(taxonomy):
    """The speerpunten plan as Markdown (real headings) gives the keys the text file gives."""
    md = SPEARHEADS_TEXT.replace("Teamplan Basisteam", "# Teamplan Basisteam").replace("\n2 Speerpunten", "\n## 2 Speerpunten")
    md = md.replace("\n1 Inleiding", "\n## 1 Inleiding").replace("\n3 Organisatie", "\n## 3 Organisatie")
    md = md.replace("\nSpeerpunt ", "\n### Speerpunt ").replace("\nAmbitie\n", "\n#### Ambitie\n")
    md = md.replace("\nBeoogd resultaat\n", "\n#### Beoogd resultaat\n")
    doc, sections = _read("waterland-teamplan-2024-2027.md", md.encode(), ".md", taxonomy)
    found = extract_ambitions(doc, sections, taxonomy)
    assert {a.id: a.text for a in found} == SPEARHEADS_EXPECTED


RESULTS_HTML = """<html><head><style>body { font-family: sans-serif; font-size: 11pt }
ol.res { list-style: none; padding-left: 0 } ol.res li { padding-left: 1cm; text-indent: -1cm }</style></head><body>
<h1>Teamplan Basisteam Beekdal 2024-2026 (TESTDATA)</h1>
<h1>2 Opgave 1: Ondermijning in het buitengebied</h1>
<h2>Ambitie</h2><p>Het buitengebied is geen vrijplaats voor criminelen. Wij willen dat agrariërs signalen herkennen en melden.</p>
<h2>Resultaten die we willen boeken</h2><ol class="res">
<li>1.1 Elk signaal van ondermijning wordt binnen tien werkdagen besproken in het Lokaal Ondermijningsoverleg.</li>
<li>1.2 Wij voeren samen met de gemeenten en het RIEC jaarlijks ten minste vier integrale controles uit op bedrijventerreinen.</li>
<li>1.3 In 2024 starten wij samen met LTO met de voorlichtingsaanpak "Waakzaam op het Erf"; in 2026 hebben ten minste 300 agrarische ondernemers deze voorlichting gehad.</li>
</ol>
<h1>3 Opgave 2: Veilig wonen</h1>
<h2>Resultaten die we willen boeken</h2><ol class="res">
<li>2.1 Het aantal woninginbraken daalt van 236 in 2023 naar maximaal 180 in 2026.</li>
<li>2.2 Na iedere woninginbraak voeren wij binnen 48 uur een buurtonderzoek uit.</li>
</ol></body></html>"""


def test_results_numbered_under_their_chapter_are_goals_of_their_own(taxonomy, tmp_path):
    """A Word-like plan numbers its results per chapter ("1.1", "2.3"), typed into the item: each
    is a goal with the plan's own number in its key, the same as a web page and as the PDF
    printed from it (the results were one goal of the whole list in the PDF)."""
    page, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    page.write_text(RESULTS_HTML, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", *FLAGS, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                   check=True, capture_output=True, timeout=60)
    keys = {}
    for suffix, data in ((".html", RESULTS_HTML.encode()), (".pdf", pdf.read_bytes())):
        doc, sections = _read(f"beekdal-teamplan{suffix}", data, suffix, taxonomy)
        keys[suffix] = {a.id: (a.kind, a.text) for a in extract_ambitions(doc, sections, taxonomy)}
    assert keys[".pdf"] == keys[".html"]
    found = keys[".pdf"]
    assert [k for k in found if "resultaat" in k] == [
        "ondermijning-resultaat-1.1", "ondermijning-resultaat-1.2", "ondermijning-resultaat-1.3",
        "opgave-2-resultaat-2.1", "opgave-2-resultaat-2.2"]
    assert found["ondermijning-resultaat-1.3"] == ("doel", 'In 2024 starten wij samen met LTO met de voorlichtingsaanpak '
                                                   '"Waakzaam op het Erf"; in 2026 hebben ten minste 300 agrarische '
                                                   'ondernemers deze voorlichting gehad.')


@pytest.mark.parametrize("heading", ["Ontwikkelopdracht", "Ontwikkelopdrachten", "3. Ontwikkelopdrachten"])
def test_development_assignments_in_singular_or_plural(heading, taxonomy):
    # "Ontwikkelopdrachten" opened no block: the pattern ended in a word boundary after the singular
    md = (f"# Teamplan 2024-2027\n\n## {heading}\n\n"
          "1. We richten een meldpunt voor ondermijning in.\n"
          "2. We trainen alle wijkagenten in het herkennen van signalen.\n")
    doc, sections = _read("kustteam-plan-2024-2027.md", md.encode(), ".md", taxonomy)
    found = extract_ambitions(doc, sections, taxonomy)
    assert [(a.id, a.kind) for a in found] == [("ontwikkelopdracht-1", "opdracht"), ("ontwikkelopdracht-2", "opdracht")]
    assert found[1].text == "We trainen alle wijkagenten in het herkennen van signalen."


@pytest.mark.parametrize("heading, kind", [("Onze ambitie", "doel"), ("Onze ambities", "doel"),
                                           ("Speerpunten", "item"), ("Speerpunt", "item"), ("Maatregel:", "item"),
                                           ("Wat is ons doel?", "doel"), ("Wat zijn onze doelen?", "doel"),
                                           ("Activiteiten:", "item"), ("Wat doen we?", "item"),
                                           ("Meetbaar resultaat:", "doel"), ("Meetbare resultaten", "doel")])
def test_block_headings_in_singular_and_plural(heading, kind, taxonomy):
    md = (f"# Teamplan 2024-2027\n\n## Verkeersveiligheid\n\n### {heading}\n\n"
          "1. We houden elk jaar tien snelheidscontroles bij scholen.\n"
          "2. We geven voorlichting op alle basisscholen.\n")
    doc, sections = _read("kustteam-plan-2024-2027.md", md.encode(), ".md", taxonomy)
    found = extract_ambitions(doc, sections, taxonomy)
    assert [a.kind for a in found] == [kind, kind], [(a.id, a.kind, a.origin) for a in found]


def test_not_a_plan_has_no_ambitions(taxonomy):
    doc, sections = _plan("ivp", taxonomy)
    doc.kind = "jaarverslag"
    assert extract_ambitions(doc, sections, taxonomy) == []


# ---- profiles


PLAN_WITHOUT_CONVENTION = """\
# Veiligheidsagenda Noorderhaven 2024-2027

## Havenveiligheid

### Onze opgave

De haven is geen doorvoerplaats voor drugs.

1. Elke container met een verhoogd risico wordt gecontroleerd.
2. Havenmedewerkers melden verdachte situaties via een vast meldpunt.

### Wat is onze inzet?

- Een gezamenlijk controleteam van douane en politie.
"""


def _with_profile(tmp_path: Path, profile: str) -> Path:
    path = tmp_path / "plan-structure.toml"
    shutil.copy(STRUCTURE_FILE, path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + profile)
    return path


def test_a_profile_changes_what_a_plan_yields(tmp_path, taxonomy):
    doc, sections = _read("noorderhaven-agenda.md", PLAN_WITHOUT_CONVENTION.encode(), ".md", taxonomy)
    assert extract_ambitions(doc, sections, taxonomy) == []  # the defaults know neither heading
    path = _with_profile(tmp_path, (
        '[profile."noorderhaven-agenda"]\n'
        "goal_headings = ['^onze opgave$']\n"
        "action_headings = ['^wat is onze inzet']\n"))
    found = extract_ambitions(doc, sections, taxonomy, structure_for(doc, path))
    assert {a.id: a.text for a in found} == {
        "havenveiligheid-doel": "De haven is geen doorvoerplaats voor drugs.",
        "havenveiligheid-doel-1": "Elke container met een verhoogd risico wordt gecontroleerd.",
        "havenveiligheid-doel-2": "Havenmedewerkers melden verdachte situaties via een vast meldpunt.",
        "havenveiligheid-a": "Een gezamenlijk controleteam van douane en politie.",
    }
    assert all(a.origin.startswith("profiel noorderhaven-agenda") for a in found)
    # a profile by title pattern, counting only numbered items
    path = _with_profile(tmp_path, (
        '[profile.havens]\ntitle = "veiligheidsagenda"\n'
        "goal_headings = ['^onze opgave$']\naction_headings = ['^wat is onze inzet']\nnumbering = [\"1\"]\n"))
    doc.title = "Veiligheidsagenda Noorderhaven"
    found = extract_ambitions(doc, sections, taxonomy, structure_for(doc, path))
    assert [a.id for a in found] == ["havenveiligheid-doel", "havenveiligheid-doel-1", "havenveiligheid-doel-2"]


def test_a_broken_structure_file_names_file_and_entry(tmp_path, taxonomy):
    doc, _ = _plan("ivp", taxonomy)
    path = _with_profile(tmp_path, "[profile.x]\ngoal_headings = ['(onze opgave']\n")
    with pytest.raises(KbError, match=r"plan-structure\.toml.*goal_headings.*reguliere expressie"):
        structure_for(doc, path)
    path.write_text("[[block]]\nheading = 'x'\nkind = 'doel'\nname = 'x'\nsoort = 'doel'\n", encoding="utf-8")
    with pytest.raises(KbError, match=r"plan-structure\.toml: blok 1: onbekend veld soort"):
        structure_for(doc, path)
    path.write_text('stopwords = []\nnumbering = ["1",, "a"]\n', encoding="utf-8")
    with pytest.raises(KbError, match=r"plan-structure\.toml: geen geldige TOML.*line 2"):
        structure_for(doc, path)


# ---- the curation sidecar


def test_sidecar_path_is_beside_the_plan():
    assert sidecar_path(Path("/corpus/plan.pdf")) == Path("/corpus/plan.ambitions.toml")
    assert sidecar_path(Path("ivp-2023.v2.md")) == Path("ivp-2023.v2.ambitions.toml")


def _curated(tmp_path: Path, toml: str, taxonomy) -> tuple[dict[str, Ambition], list[str]]:
    doc, sections = _plan("ivp", taxonomy)
    side = tmp_path / "lindewaard-ivp-2023-2026.ambitions.toml"
    side.write_text(toml, encoding="utf-8")
    found, warnings = curate(extract_ambitions(doc, sections, taxonomy), side, doc, sections)
    return {a.id: a for a in found}, warnings


def test_sidecar_adds_drops_merges_and_renames(tmp_path, taxonomy):
    found, warnings = _curated(tmp_path, """
drop = ["woninginbraak-b", "bestaat-niet"]

[[merge]]
keys = ["jeugd-veiligheid-doel-1", "jeugd-veiligheid-doel-2"]

[[rename]]
key = "woninginbraak-doel"
new_key = "inbraak-doel"
text = "Minder woninginbraken."

[[add]]
key = "inbraak-keurmerk"
text = "Alle nieuwbouw krijgt het Politiekeurmerk Veilig Wonen."
kind = "item"
find = "POLITIEKEURMERK veilig wonen"
""", taxonomy)
    assert "woninginbraak-b" not in found and "jeugd-veiligheid-doel-2" not in found
    merged = found["jeugd-veiligheid-doel-1"]
    assert merged.text == IVP_EXPECTED["jeugd-veiligheid-doel-1"] + " " + IVP_EXPECTED["jeugd-veiligheid-doel-2"]
    assert len(merged.section_ids) == 2 and merged.origin == "zijbestand"
    assert "woninginbraak-doel" not in found
    assert (found["inbraak-doel"].text, found["inbraak-doel"].origin) == ("Minder woninginbraken.", "zijbestand")
    added = found["inbraak-keurmerk"]
    assert added.kind == "item" and added.origin == "zijbestand"
    assert added.heading_path[-1] == "Wat gaan we daarvoor doen?" and len(added.section_ids) == 1
    assert found["jeugd-veiligheid-a"].origin != "zijbestand"  # untouched
    assert len(found) == len(IVP_EXPECTED) - 2 + 1  # one dropped, one merged away, one added
    assert len(warnings) == 1 and "bestaat-niet" in warnings[0]


def test_sidecar_warns_about_what_the_plan_lacks(tmp_path, taxonomy):
    found, warnings = _curated(tmp_path, """
[[rename]]
key = "woninginbraak-a"
new_key = "woninginbraak-b"

[[add]]
key = "jeugd-veiligheid-a"
text = "Dubbel."

[[add]]
key = "nieuw-1"
text = "Iets nieuws."
find = "staat nergens in dit plan"
""", taxonomy)
    assert "in gebruik" in warnings[0] and "bestaat al" in warnings[1] and "staat in geen sectie" in warnings[2]
    assert found["nieuw-1"].section_ids == [] and found["jeugd-veiligheid-a"].text != "Dubbel."


def test_without_a_sidecar_nothing_changes(tmp_path, taxonomy):
    doc, sections = _plan("ivp", taxonomy)
    ambitions = extract_ambitions(doc, sections, taxonomy)
    assert curate(ambitions, tmp_path / "geen.ambitions.toml", doc, sections) == (ambitions, [])


@pytest.mark.parametrize("toml, message", [
    ("drop = [\"a\"\n", r"plan\.ambitions\.toml: geen geldige TOML"),
    ("[[add]]\nkey = \"x\"\n", r"plan\.ambitions\.toml: toevoeging 1 mist text"),
    ("[[merge]]\nkeys = [\"x\"]\n", r"plan\.ambitions\.toml: samenvoeging 1, 'keys' moet een lijst van minstens twee"),
    ("[[add]]\nkey = \"x\"\ntext = \"y\"\nkind = \"wens\"\n", r"toevoeging 1, 'kind' moet doel, pijler, item of opdracht zijn"),
    ("schrap = [\"x\"]\n", r"onbekend veld schrap"),
])
def test_a_broken_sidecar_gives_a_clear_message(tmp_path, taxonomy, toml, message):
    doc, sections = _plan("ivp", taxonomy)
    side = tmp_path / "plan.ambitions.toml"
    side.write_text(toml, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as caught:
        curate(extract_ambitions(doc, sections, taxonomy), side, doc, sections)
    assert caught.value.reason == "metadata"


# ---- goals stated directly under a numbered theme, without a goal block


def test_a_goal_paragraph_directly_under_a_priority_heading_is_the_themes_goal(taxonomy):
    """Many plans open a priority with its analysis and then say in a paragraph what they want
    to reach, without a "Doelstelling" sub-heading. The paragraphs that state a goal (the cues
    in plan-structure.toml: "Ons doel is ...", "We willen ...", "In 2026 is ...") become
    `<theme>-doel`; the analysis does not; a priority with a goal block of its own keeps it."""
    from helpers.other_plans import PRIORITIES, priorities_html

    html = priorities_html().replace("<h3>Doelstelling</h3>", "", 1)  # only priority 1 loses its block
    html = html.replace(f"<p>{PRIORITIES[0]['goal']}</p>",
                        f"<p>Ons doel is dat {PRIORITIES[0]['goal'][0].lower()}{PRIORITIES[0]['goal'][1:]}</p>"
                        "<p>In 2026 is de wachttijd bij overdracht gehalveerd.</p>")
    doc, sections = _read("zuidrand.html", html.encode(), ".html", taxonomy)
    found = {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}
    goal = found["prioriteit-1-doel"]
    assert goal.text == ("Ons doel is dat personen met verward gedrag krijgen sneller passende zorg, zodat de politie "
                         "minder vaak als eerste hulpverlener optreedt. In 2026 is de wachttijd bij overdracht gehalveerd.")
    assert PRIORITIES[0]["intro"] not in goal.text and "Prioriteit 1: Zorg en veiligheid" in goal.origin
    assert found["prioriteit-2-doel"].text == PRIORITIES[1]["goal"]  # from its Doelstelling block
    assert "Doelstelling" in found["prioriteit-2-doel"].origin
    assert set(found) == set(PRIORITIES_EXPECTED)


def test_a_priority_with_only_analysis_gives_no_goal_and_a_goal_block_wins(taxonomy):
    text = "\n".join([
        "# Plan", "", "## Prioriteit 1: Ondermijning", "",
        "Het aantal drugslabs steeg in 2022 tot 14.", "",
        "## Prioriteit 2: Weerbare ondernemers", "", "We willen dat ondernemers weerbaarder zijn.", "",
        "### Doelstelling", "", "Minder slachtoffers van online fraude.", "",
    ])
    doc, sections = _read("plan.md", text.encode(), ".md", taxonomy)
    found = {a.id: a.text for a in extract_ambitions(doc, sections, taxonomy)}
    assert found == {"prioriteit-2-doel": "Minder slachtoffers van online fraude."}


# ---- nested lists and pillars printed as paragraphs


def test_nested_lists_give_keys_under_their_item(taxonomy):
    text = "\n".join([
        "# Plan", "", "## Jeugd", "", "### Wat willen we bereiken?", "",
        "1. Minder overlast.", "   a. In de wijken.", "   b. Bij de scholen.", "2. Minder criminaliteit.", "",
        "### Wat gaan we daarvoor doen?", "",
        "- Straatcoaches in de avond:", "  a. in Noord;", "  b. in Zuid.", "- Groepsaanpak.", "",
    ])
    doc, sections = _read("plan.md", text.encode(), ".md", taxonomy)
    assert [a.id for a in extract_ambitions(doc, sections, taxonomy)] == [
        "jeugd-doel-1", "jeugd-doel-1a", "jeugd-doel-1b", "jeugd-doel-2", "jeugd-a", "jeugd-a-a", "jeugd-a-b", "jeugd-b"]


def test_a_short_line_over_a_numbered_list_and_a_numbered_bold_line_in_an_actions_block(taxonomy):
    """A pillar printed as a plain or italic line ("Ten aanzien van kindermishandeling" over
    items 1, 2) is a pillar as a heading is; a bold "1. Title" line is item 1 with its
    explanation, as in the bundled plan's text."""
    text = "\n".join([
        "# Plan", "", "## Burger centraal", "", "### Hoe gaan we dit bereiken?", "",
        "**Maatwerk**", "", "Wij meten de tevredenheid.", "",
        "Ten aanzien van *kindermishandeling*", "", "1. Elk kind wordt gezien.", "2. Er is afstemming.", "",
        "**3. Het op sterkte krijgen van de eenheid**", "", "Formatie en bezetting zijn in evenwicht.", "",
        "Dit realiseren wij door:", "", "* Een opleidingseenheid te zijn.", "* Talent te ontwikkelen.", "",
    ])
    doc, sections = _read("plan.md", text.encode(), ".md", taxonomy)
    found = {a.id: a.text for a in extract_ambitions(doc, sections, taxonomy)}
    assert found == {
        "burger-centraal-p1": "Maatwerk Wij meten de tevredenheid.",
        "burger-centraal-p2": "Ten aanzien van kindermishandeling",
        "burger-centraal-p2-1": "Elk kind wordt gezien.",
        "burger-centraal-p2-2": "Er is afstemming.",
        "burger-centraal-p2-3": "Het op sterkte krijgen van de eenheid Formatie en bezetting zijn in evenwicht.",
        "burger-centraal-p2-3a": "Een opleidingseenheid te zijn.",
        "burger-centraal-p2-3b": "Talent te ontwikkelen.",
    }


def test_a_labelled_goal_under_any_theme_heading(taxonomy):
    """"**Doel:** In 2025 ..." under a numbered chapter ("3.2 Veilige wijken en buurten", no
    "Prioriteit 1:") that opens a block of actions is that theme's goal, a second one a goal of
    its own; its action list keeps its keys. A labelled paragraph of the introduction or an
    appendix, and a paragraph of analysis, are none."""
    md = ("# Veiligheidsplan Heuvelrand 2022-2025\n\n## 1. Inleiding\n\n"
          "**Doel:** Dit plan geeft richting aan de samenwerking tussen politie en gemeente.\n\n"
          "## 3. Prioriteiten\n\n### 3.2 Veilige wijken en buurten\n\n"
          "Inwoners willen zich veilig voelen in hun eigen straat.\n\n"
          "**Doel:** In 2025 is het aantal woninginbraken met 20 procent gedaald.\n\n"
          "**Doel:** In 2025 doet 60 procent van de slachtoffers aangifte.\n\n"
          "Wat gaan we doen?\n\n"
          "1. We houden elk voorjaar een inbraakpreventieweek.\n"
          "2. Elke wijk krijgt een vaste wijkagent.\n\n"
          "## Bijlage 2: Begrippen\n\n**Doel:** het doel van een persoonsgerichte aanpak is maatwerk.\n")
    found = _markdown_plan("heuvelrand-plan-2022-2025.md", md, taxonomy)
    goals = [k for k, a in found.items() if a.kind == "doel"]
    assert len(goals) == 2 and all(k.startswith("veilige-wijken-buurten-doel") for k in goals), list(found)
    assert [found[k].text for k in goals] == ["Doel: In 2025 is het aantal woninginbraken met 20 procent gedaald.",
                                              "Doel: In 2025 doet 60 procent van de slachtoffers aangifte."]
    assert "3.2 Veilige wijken" in found[goals[0]].origin
    assert [k for k, a in found.items() if a.kind == "item"] == ["veilige-wijken-buurten-1", "veilige-wijken-buurten-2"]


def test_a_list_under_a_labelled_goal_or_of_commitments_is_the_themes_actions(taxonomy):
    """No "Wat gaan we doen?" over it: a list after a labelled goal under the same heading is
    that theme's actions, whatever its items' wording, and so is a list whose items are mostly
    commitments ("We openen ..."); each list keys its items afresh. A list of facts in the
    introduction is none, nor one of what we see ("We zien een stijging ...")."""
    md = ("# Teamplan Havenstad 2024-2027\n\n## 1. Inleiding\n\n"
          "Havenstad in cijfers:\n\n- 68.000 inwoners\n- een haven met 3.000 banen\n- vijf wijken\n\n"
          "## 2. Analyse\n\n- We zien een stijging van de jeugdoverlast.\n- We merken dat inwoners zich zorgen maken.\n"
          "- Wij constateren meer online oplichting.\n\n"
          "## 3. Jeugd en veiligheid\n\nDe meeste jongeren doen het goed.\n\n"
          "Doel: het aantal minderjarige verdachten daalt tot onder de 120 per jaar in 2027.\n\n"
          "6. De jeugdagent bezoekt elk schooljaar alle groepen 8.\n"
          "7. Samen met Jeugdwerk starten we het programma Niet Meer Lopen.\n\n"
          "## 4. Onze organisatie\n\nEen gezond team is de basis.\n\n"
          "- We nemen elk jaar acht aspiranten op in het team.\n"
          "- Het ziekteverzuim daalt naar ten hoogste 5,5 procent.\n"
          "- We breiden het aantal politievrijwilligers uit van 6 naar 12.\n")
    found = _markdown_plan("havenstad-teamplan-2024-2027.md", md, taxonomy)
    assert [(k, a.kind) for k, a in found.items()] == [
        ("jeugd-veiligheid-doel", "doel"), ("jeugd-veiligheid-6", "item"), ("jeugd-veiligheid-7", "item"),
        ("onze-organisatie-a", "item"), ("onze-organisatie-b", "item"), ("onze-organisatie-c", "item")], list(found)
    assert found["jeugd-veiligheid-6"].origin == "lijst van acties onder '3. Jeugd en veiligheid': item"
    assert not any(a.parent_id for a in found.values())  # the second list's items are no sub-items of the first's


def test_a_priority_with_its_goal_a_promise_and_an_indicator_table_anywhere(taxonomy):
    """"Prioriteit 1:" sections whose goal opens with "Ons doel:" or "In 2026 vallen ..."
    and whose numbered list follows it are goal and actions; a list after "Daarom zetten we in
    op:" is actions; a table with an indicator and a norm column is the monitor set, under any
    heading."""
    md = ("# Beleidsplan Meerdal 2023-2026\n\n## Prioriteit 1: Zichtbaar in de wijk\n\n"
          "In 2022 waren maar negen van de elf posten bezet.\n\n"
          "Ons doel: in 2026 voelt ten minste 80% van de inwoners zich veilig in de eigen buurt.\n\n"
          "1. Elke wijk krijgt een eigen wijkagent.\n2. Wijkagenten besteden 70% van hun tijd in hun wijk.\n\n"
          "## Prioriteit 2: Veilig op het water\n\n"
          "In 2026 vallen er op het meer geen dodelijke slachtoffers meer.\n\n"
          "1. Samen met het waterschap handhaven we elk weekend op het water.\n"
          "2. De oude surveillanceboot wordt vervangen.\n\n"
          "## Bedrijfsvoering\n\nDaarom zetten we in op:\n\n"
          "- Elke medewerker voert jaarlijks een ontwikkelgesprek.\n- Iedere collega rondt de IBT af.\n\n"
          "| Indicator | Nulmeting 2022 | Norm |\n|---|---|---|\n| Ziekteverzuim | 6,8% | max. 6,0% |\n"
          "| Tevredenheid aangevers | 68% | 75% |\n")
    found = _markdown_plan("meerdal-beleidsplan-2023-2026.md", md, taxonomy)
    assert [(k, a.kind) for k, a in found.items() if a.kind != "kpi"] == [
        ("prioriteit-1-doel", "doel"), ("prioriteit-1-1", "item"), ("prioriteit-1-2", "item"),
        ("prioriteit-2-doel", "doel"), ("prioriteit-2-1", "item"), ("prioriteit-2-2", "item"),
        ("bedrijfsvoering-a", "item"), ("bedrijfsvoering-b", "item")], list(found)
    assert found["prioriteit-1-doel"].text.startswith("Ons doel:")  # the analysis before it is none
    doc, sections = _read("meerdal-beleidsplan-2023-2026.md", md.encode(), ".md", taxonomy)
    norms, _ = extract_norms(doc, sections)
    assert [n.id for n in norms] == ["kpi-ziekteverzuim", "kpi-tevredenheid-aangevers"]


TEAMPLAN_TEXT = """\
TEAMPLAN BASISTEAM LINDEHOEK 2023-2026

INLEIDING

Dit teamplan geeft richting aan ons werk in de jaren 2023 tot en met 2026. Per prioriteit beschrijven we wat we willen bereiken en welke acties we daarvoor ondernemen.


PRIORITEIT A - ONDERMIJNING

Wat we willen bereiken
We willen dat ondermijning eerder wordt gezien en gemeld, en dat politie en gemeenten haar samen aanpakken.

| Nr | Actie | Trekker | Gereed in |
|----|-------|---------|-----------|
| A1 | Alle wijkagenten volgen de training 'Herkennen en melden van ondermijning' | Teamleiding | 2023 |
| A2 | Samen met de gemeenten starten we een maandelijkse ondermijningstafel | Teamchef | Q2 2023 |


PRIORITEIT B - JEUGD

Wat we willen bereiken
We willen minder overlast van jeugdgroepen in de kernen, en jongeren die het risico lopen af te glijden zien we eerder.

| Nr | Actie | Trekker | Gereed in |
|----|-------|---------|-----------|
| B1 | Ieder jaar brengen we alle jeugdgroepen in beeld met de shortlist | Jeugdagent | jaarlijks |
"""


def test_chapters_in_capitals_over_goal_blocks_with_an_actions_table(taxonomy):
    """A plain-text teamplan (a blind helper's, in the style of real ones): chapters set in
    capitals ("PRIORITEIT A - ONDERMIJNING") over a goal block "Wat we willen bereiken" and a
    table of actions "Nr | Actie | Trekker | Gereed in". The capitals were read as lines of the
    section before, and the table rows gave no ambitions at all."""
    doc, sections = _read("lindehoek-teamplan-2023-2026.txt", TEAMPLAN_TEXT.encode(), ".txt", taxonomy)
    found = {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}
    assert list(found) == ["ondermijning-doel", "ondermijning-a1", "ondermijning-a2", "prioriteit-b-doel",
                           "prioriteit-b-b1"]
    a1 = found["ondermijning-a1"]
    # the action with when it is due; who carries it is no part of what is to be done
    assert a1.text == "Alle wijkagenten volgen de training 'Herkennen en melden van ondermijning' (Gereed in: 2023)"
    assert a1.kind == "item" and a1.origin == "actietabel onder 'Wat we willen bereiken'"
    assert a1.heading_path == ["PRIORITEIT A - ONDERMIJNING", "Wat we willen bereiken"]
    assert found["prioriteit-b-doel"].kind == "doel" and found["prioriteit-b-doel"].text.startswith("We willen minder")


def test_a_paragraph_after_an_actions_list_that_says_what_we_do_is_an_action(taxonomy):
    """The programme style ("Wat gaan we daarvoor doen?") goes on after its list in paragraphs:
    each that says what we will do, in any word order, is an action next in the list's order;
    one that only tells what is, is none."""
    found = _markdown_plan("lindehoek-ivp-2023-2026.md", """\
# Integraal Veiligheidsplan Lindehoek 2023-2026

## Jeugd

### Wat gaan we daarvoor doen?

- We passen voor iedere groep op de shortlist de groepsaanpak toe.
- Alle vier middelbare scholen doen mee aan het preventieprogramma.

Daarnaast starten we in 2023 met het programma Preventie met Gezag voor jongeren van 10 tot 18 jaar.

Het jongerenwerk is in alle kernen actief.

Woonoverlast pakken we eerder en steviger aan.
""", taxonomy)
    items = {k: a.text for k, a in found.items() if a.kind == "item"}
    assert list(items) == ["jeugd-a", "jeugd-b", "jeugd-c", "jeugd-d"]
    assert items["jeugd-c"].startswith("Daarnaast starten we in 2023")
    assert items["jeugd-d"] == "Woonoverlast pakken we eerder en steviger aan."
    assert found["jeugd-c"].origin.endswith("alinea na de lijst")


def test_the_activities_of_an_objective_are_its_items(taxonomy):
    """A jaarplan's "Doelstelling 2.1 - ..." with its result and "**Activiteiten:**" (a bold line,
    read as a heading): the result is the goal, the activities are items, not goals."""
    md = ("# Jaarplan Basisteam Veendorp 2025\n\n## 2. Veilige wijken\n\n### Doelstelling 2.1 — Minder woninginbraken\n\n"
          "**Resultaat 2025:** het aantal woninginbraken daalt naar maximaal 164.\n\n**Activiteiten:**\n\n"
          "- Samen met de gemeenten organiseren we het Donkere Dagen Offensief.\n"
          "- We breiden het aantal buurtpreventiegroepen uit van 41 naar 60.\n")
    found = _markdown_plan("veendorp-jaarplan-2025.md", md, taxonomy)
    assert [(k, a.kind) for k, a in found.items()] == [
        ("veilige-wijken-doel", "doel"), ("veilige-wijken-a", "item"), ("veilige-wijken-b", "item")], \
        [(k, a.kind, a.origin) for k, a in found.items()]


PROGRAMME_TEXT = """Integraal Veiligheidsplan Wolderveen 2023-2026 (TESTDATA)

1 Inleiding

Dit plan beschrijft per onderwerp het beoogde resultaat, de inspanningen en de indicator.

2 Veilige woon- en leefomgeving

Een veilige woon- en leefomgeving begint achter de voordeur.

2.1 Woonoverlast

Beoogd resultaat:
Overlastsituaties in en rond woningen worden eerder gesignaleerd en sneller opgelost, samen met de woningcorporaties en de politie.

Inspanningen
- We sluiten in 2023 met de woningcorporaties en de politie een convenant woonoverlast af.
- We richten een maandelijks casusoverleg woonoverlast in onder regie van de gemeente.

Indicator: aantal aanmeldingen buurtbemiddeling — 60 in 2026

2.2 Woninginbraak

Beoogd resultaat:
Het aantal woninginbraken daalt naar maximaal 80 per jaar in 2026.

Inspanningen
- We breiden het aantal WhatsApp-buurtpreventiegroepen uit van 35 naar 50.

Indicator: percentage woninginbraken dat is opgehelderd — 20% in 2026
"""


def test_a_programme_in_text_with_efforts_and_indicator_lines(taxonomy):
    """"Inspanningen" under "2.1 Woonoverlast" is that topic's list of actions (it was read as a
    sibling of 2.1, the items keyed "inspanningen-a~2"); a goal on the line after its label
    "Beoogd resultaat:" is the goal; "Indicator: ... — 60 in 2026" lines are KPI norms."""
    doc, sections = _read("wolderveen-ivp-2023-2026.txt", PROGRAMME_TEXT.encode(), ".txt", taxonomy)
    found = {a.id: a for a in extract_ambitions(doc, sections, taxonomy)}
    assert [k for k, a in found.items() if a.kind == "item"] == ["woonoverlast-a", "woonoverlast-b", "woninginbraak-a"]
    assert found["woonoverlast-a"].heading_path[-3:] == ["2 Veilige woon- en leefomgeving", "2.1 Woonoverlast", "Inspanningen"]
    goals = [a for a in found.values() if a.kind == "doel"]
    assert [g.text for g in goals] == [
        "Overlastsituaties in en rond woningen worden eerder gesignaleerd en sneller opgelost, samen met de "
        "woningcorporaties en de politie.",
        "Beoogd resultaat: Het aantal woninginbraken daalt naar maximaal 80 per jaar in 2026."]
    norms, twins = extract_norms(doc, sections)
    assert [(n.name, n.comparator, n.value, n.unit, n.condition, n.target_year) for n in norms] == [
        ("aantal aanmeldingen buurtbemiddeling", ">=", 60, None, None, 2026),
        ("percentage woninginbraken dat is opgehelderd", ">=", 20, "%", None, 2026)]
    assert [t.text for t in twins] == ["aantal aanmeldingen buurtbemiddeling: 60 in 2026",
                                       "percentage woninginbraken dat is opgehelderd: 20% in 2026"]


def test_an_indicator_line_with_a_colon_in_brackets(taxonomy):
    """The name ends at a dash, or at a colon outside brackets: "(2022: 400)" is the baseline in
    the name, "(bron: ...)" part of a name with no norm, which is no norm."""
    text = PROGRAMME_TEXT.replace("Indicator: aantal aanmeldingen buurtbemiddeling — 60 in 2026",
                                  "Indicator: aantal meldingen woonoverlast (2022: 400) — maximaal 340 in 2026")
    text = text.replace("Indicator: percentage woninginbraken dat is opgehelderd — 20% in 2026",
                        "Indicator: percentage inwoners dat zich veilig voelt (bron: Veiligheidsmonitor)")
    doc, sections = _read("wolderveen-ivp-2023-2026.txt", text.encode(), ".txt", taxonomy)
    norms, twins = extract_norms(doc, sections)
    assert [(n.name, n.comparator, n.value, n.condition, n.target_year, n.baseline, n.baseline_year) for n in norms] == [
        ("aantal meldingen woonoverlast", "<=", 340, None, 2026, 400, 2022)]
    assert [t.text for t in twins] == ["aantal meldingen woonoverlast (2022: 400): maximaal 340 in 2026"]


def test_an_unnumbered_heading_under_a_numbered_one_is_its_part_but_the_back_matter_is_not():
    text = """Plan Testdorp 2024-2027 (TESTDATA)

8 Sturing

8.1 Financien

Het plan kost geld, en dat staat in de begroting van de gemeente.

Inspanningen

- We stellen elk jaar een uitvoeringsprogramma op met de partners.

8.2 Monitoring

De raad krijgt elk jaar een brief over de voortgang van het plan.

Bijlagen

Een lijst van de afkortingen die in het plan voorkomen staat hieronder.
"""
    blocks = parse_bytes(text.encode(), ".txt").blocks
    path = {b.text: b.heading_path for b in blocks if b.kind != "heading"}
    assert path["We stellen elk jaar een uitvoeringsprogramma op met de partners."][-2:] == ["8.1 Financien", "Inspanningen"]
    assert path["Een lijst van de afkortingen die in het plan voorkomen staat hieronder."][-1] == "Bijlagen"
    assert "8.2 Monitoring" not in path["Een lijst van de afkortingen die in het plan voorkomen staat hieronder."]


def test_a_list_of_the_plans_own_themes_is_no_list_of_actions(taxonomy):
    """A lead-in that promises ("De komende vier jaar richten wij ons op vijf thema's:") over
    the names of the plan's chapters is its outline, not its actions; a list of actions under
    a chapter still is one, even when an item happens to name another chapter."""
    md = ("# Teamplan Kustzoom 2025-2028\n\n## Onze koers\n\n"
          "Onze capaciteit is beperkt. Daarom maken wij keuzes. De komende vier jaar richten wij ons op drie thema's:\n\n"
          "1. Veilig aan zee: strand, boulevard en uitgaan\n2. Ondermijning in de haven (haven en parken);\n"
          "3. Zorg en veiligheid.\n\n"
          "## Thema 1. Veilig aan zee: strand, boulevard en uitgaan\n\nDaarom zetten we in op:\n\n"
          "- We surveilleren in het hoogseizoen elke avond op de boulevard.\n"
          "- Zorg en veiligheid\n- We openen een zomerpost op het strand.\n\n"
          "## Thema 2. Ondermijning in de haven\n\nWe zien meer drugssmokkel.\n\n"
          "## Thema 3. Zorg en veiligheid\n\nDe wijkagent kent de kwetsbare inwoners.\n")
    found = _markdown_plan("kustzoom-teamplan-2025-2028.md", md, taxonomy)
    assert not any(k.startswith("onze-koers") for k in found), list(found)
    assert [a.text for a in found.values() if a.kind == "item"] == [
        "We surveilleren in het hoogseizoen elke avond op de boulevard.", "Zorg en veiligheid",
        "We openen een zomerpost op het strand."], list(found)


WORD_TEAMPLAN_TEXT = """\
Teamplan Basisteam Kreekrak 2024-2027

Inhoudsopgave
Voorwoord\t2
1. Inleiding\t3
2. Prioriteit: Verkeer\t4

Voorwoord

Voor u ligt het teamplan van Basisteam Kreekrak voor de jaren 2024 tot en met 2027, opgesteld met de gemeenten.

Jan de Vries
Teamchef Basisteam Kreekrak

1. Inleiding

Dit teamplan beschrijft wat het team de komende vier jaar wil bereiken en hoe we dat doen.

2. Prioriteit: Verkeer

Analyse
In 2023 vonden in ons gebied 78 verkeersongevallen met letsel plaats, de meeste op de provinciale wegen.

Doel 2.1: Minder ernstige verkeersongevallen op de provinciale wegen in het buitengebied
Wat doen we:
- We houden minimaal 12 alcohol- en drugscontroles per jaar.
- We voeren snelheidscontroles uit op de vijf locaties met de meeste klachten.

Doel 2.2: Minder afleiding in het verkeer
Wat doen we:
- We houden minimaal vier controleacties per jaar op telefoongebruik.

Meetbaar resultaat:
- Het aantal verkeersongevallen met letsel daalt naar maximaal 60 in 2027.
"""


def test_a_text_plan_saved_from_word_keeps_its_chapters_goals_and_blocks(taxonomy):
    """A teamplan saved from Word as text: chapters the contents list numbers ("1. Inleiding")
    are chapters, not list items under the chief's signature; "Doel 2.2: ..." and the "Wat doen
    we:" under it are two lines, not one paragraph; the goals number the keys, and the items
    under "Meetbaar resultaat:" are goals."""
    doc, sections = _read("kreekrak-teamplan-2024-2027.txt", WORD_TEAMPLAN_TEXT.encode(), ".txt", taxonomy)
    headings = [(s.text, len(s.heading_path) + 1) for s in sections if s.kind == "heading"]
    assert headings == [("Voorwoord", 1), ("1. Inleiding", 1),
                        ("2. Prioriteit: Verkeer", 1), ("Analyse", 2),
                        ("Doel 2.1: Minder ernstige verkeersongevallen op de provinciale wegen in het buitengebied", 2),
                        ("Doel 2.2: Minder afleiding in het verkeer", 2)], headings
    found = extract_ambitions(doc, sections, taxonomy)
    assert [(a.id, a.kind) for a in found] == [("doel-2.1-a", "item"), ("doel-2.1-b", "item"), ("doel-2.2-a", "item"),
                                                ("doel-2.2-resultaat-a", "doel")], [(a.id, a.kind) for a in found]
