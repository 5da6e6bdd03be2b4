"""Roles of a leerdossier's sections (kb/enrich/roles.py, kb/data/leerdossier-roles.toml):
three small learning files as Markdown, HTML and PDF, plus a report, ingested for real; the
roles they get, and search by role through the query, the API and the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from helpers.pdfgen import ColumnWriter, Layout

from kb.cli import main
from kb.enrich.roles import ROLES_FILE, assign_roles, load_roles
from kb.errors import KbError
from kb.library import Library
from kb.model import Document, Section
from web import create_app

MARKDOWN = """\
# Leerdossier hennepteelt in bedrijfspanden

Dit leerdossier beschrijft een casus uit de eenheid Testland.

## Aanleiding

In 2021 kwam een bedrijfspand aan de Havenweg in beeld na een melding van de netbeheerder over
een ongewoon hoog stroomverbruik.

## Modus operandi

Criminelen huurden het pand via een katvanger en gebruikten een schoonmaakbedrijf als dekmantel.

## Signalen en indicatoren

- Dichtgeplakte ramen en een sterke geur rond het pand.
- Een stroomverbruik dat niet past bij het soort bedrijf.

## Bestuurlijke aanpak

De burgemeester sloot het pand voor zes maanden en trok de vergunning van het bedrijf in.

## Wettelijk kader

Artikel 13b Opiumwet geeft de burgemeester de bevoegdheid een pand te sluiten.

## Resultaten

Er werden 1.200 hennepplanten in beslag genomen en twee verdachten aangehouden.

## Geleerde lessen

Achteraf hadden de gegevens van de netbeheerder eerder gedeeld kunnen worden.

## Aanbevelingen

Wij raden gemeenten aan vaste afspraken te maken met de netbeheerder.

## Het pand aan de Kade

Opvallend was dat de ramen waren afgeplakt; let op een verdacht hoog stroomverbruik.
"""

HTML = """\
<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Werkwijze mensenhandel in de horeca</title></head>
<body><main><article>
<h1>Werkwijze mensenhandel in de horeca</h1>
<h2>Achtergrond</h2>
<p>Sinds 2020 ziet het RIEC meer meldingen van uitbuiting in restaurants en nagelsalons.</p>
<h2>Werkwijze van criminelen</h2>
<p>Uitbuiters werven medewerkers in het buitenland met valse beloften over loon en huisvesting.</p>
<h2>Waar let je op?</h2>
<p>Medewerkers die op de zaak slapen, geen eigen paspoort hebben of nooit vrij zijn.</p>
<h2>Samenwerkingspartners</h2>
<p>De gemeente, de Arbeidsinspectie, de Belastingdienst en de politie deelden hun informatie.</p>
<h2>Wat werkte?</h2>
<p>Gezamenlijke controles met tolken maakten dat slachtoffers durfden te praten.</p>
<h2>Tips voor de praktijk</h2>
<p>Neem altijd een tolk mee en spreek medewerkers apart van de eigenaar.</p>
</article></main></body></html>
"""

PDF_CHAPTERS = [
    ("Inleiding", "Dit leerdossier gaat over het witwassen van crimineel geld via de aankoop van "
                  "woningen en bedrijfspanden door stromannen in de regio."),
    ("Indicatoren", "Contante aanbetalingen, snelle doorverkoop met grote winst en kopers zonder "
                    "aantoonbaar inkomen wijzen op witwassen via vastgoed."),
    ("Fiscale aanpak", "De Belastingdienst legde naheffingsaanslagen op en beslag op de panden "
                       "van de hoofdverdachte."),
    ("Lessons learned", "Een vroeg gedeeld beeld van de kadastergegevens versnelde het onderzoek "
                        "aanzienlijk; dat doen we voortaan bij de start."),
    ("Juridisch kader", "De Wet Bibob en de Wet ter voorkoming van witwassen geven de grondslag "
                        "voor het delen van gegevens."),
]

REPORT = """\
# Jaarverslag Testland 2021

## Signalen

Wij ontvingen in 2021 meer signalen van burgers over overlast dan in 2020.

## Resultaten

Het aantal woninginbraken daalde met tien procent.
"""


def _pdf() -> bytes:
    w = ColumnWriter(Layout(columns=1, header=None, footer=None))
    w.heading("Leerdossier witwassen via vastgoed")
    for heading, text in PDF_CHAPTERS:
        w.heading(heading)
        w.paragraph(text)
    return w.output()


def _meta(title: str, kind: str = "leerdossier", year: int = 2022) -> str:
    return f'title = "{title}"\nkind = "{kind}"\nunit = "Testland"\nyear = {year}\n'


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    docs = root / "docs"
    docs.mkdir()
    (docs / "hennep-bedrijfspanden.md").write_text(MARKDOWN, encoding="utf-8")
    (docs / "hennep-bedrijfspanden.meta.toml").write_text(_meta("Leerdossier hennepteelt in bedrijfspanden"), encoding="utf-8")
    (docs / "mensenhandel-horeca.html").write_text(HTML, encoding="utf-8")
    (docs / "mensenhandel-horeca.meta.toml").write_text(_meta("Werkwijze mensenhandel in de horeca"), encoding="utf-8")
    (docs / "witwassen-vastgoed.pdf").write_bytes(_pdf())
    (docs / "witwassen-vastgoed.meta.toml").write_text(_meta("Leerdossier witwassen via vastgoed"), encoding="utf-8")
    (docs / "jaarverslag-testland-2021.md").write_text(REPORT, encoding="utf-8")
    (docs / "jaarverslag-testland-2021.meta.toml").write_text(_meta("Jaarverslag Testland 2021", "jaarverslag", 2021),
                                                              encoding="utf-8")
    lib = Library(root / "data", documents_dir=docs)
    result = lib.ingest([docs])
    assert not result.failures, result.failures
    return root / "data"


def _roles(data, doc_id: str) -> dict[str, str | None]:
    """Text (or heading) of each section -> its role."""
    lib = Library(data)
    with lib.catalog.read() as f:
        return {s["text"][:40]: s.get("role") for s in f.sections(doc_id)}


def _role_of(roles: dict[str, str | None], start: str) -> str | None:
    found = [role for text, role in roles.items() if text.startswith(start)]
    assert found, (start, roles)
    return found[0]


def test_markdown_roles_from_headings_and_cues(data):
    roles = _roles(data, "hennep-bedrijfspanden")
    assert _role_of(roles, "In 2021 kwam een bedrijfspand") == "aanleiding"
    assert _role_of(roles, "Criminelen huurden") == "fenomeen"
    assert _role_of(roles, "Dichtgeplakte ramen") == "signalen"
    assert _role_of(roles, "Een stroomverbruik dat") == "signalen"
    assert _role_of(roles, "Signalen en indicatoren") == "signalen"  # the heading itself
    assert _role_of(roles, "De burgemeester sloot") == "interventies"
    assert _role_of(roles, "Artikel 13b Opiumwet") == "juridisch-kader"
    assert _role_of(roles, "Er werden 1.200") == "resultaten"
    assert _role_of(roles, "Achteraf hadden") == "lessen"
    assert _role_of(roles, "Wij raden gemeenten") == "aanbevelingen"
    # under a heading that names no role: the cue words, when they clearly point one way
    assert _role_of(roles, "Opvallend was dat") == "signalen"
    # under the document's title only, no clear cue: no role
    assert _role_of(roles, "Dit leerdossier beschrijft") is None


def test_html_roles_with_unusual_headings(data):
    roles = _roles(data, "mensenhandel-horeca")
    assert _role_of(roles, "Sinds 2020 ziet") == "aanleiding"
    assert _role_of(roles, "Uitbuiters werven") == "fenomeen"
    assert _role_of(roles, "Medewerkers die op de zaak") == "signalen"  # "Waar let je op?"
    assert _role_of(roles, "De gemeente, de Arbeidsinspectie") == "partners"
    assert _role_of(roles, "Gezamenlijke controles") == "lessen"  # "Wat werkte?"
    assert _role_of(roles, "Neem altijd een tolk") == "aanbevelingen"  # "Tips voor de praktijk"


def test_pdf_roles(data):
    roles = _roles(data, "witwassen-vastgoed")
    assert _role_of(roles, "Dit leerdossier gaat over") == "aanleiding"
    assert _role_of(roles, "Contante aanbetalingen") == "signalen"
    assert _role_of(roles, "De Belastingdienst legde") == "interventies"
    assert _role_of(roles, "Een vroeg gedeeld beeld") == "lessen"
    assert _role_of(roles, "De Wet Bibob") == "juridisch-kader"


def test_a_report_gets_no_roles(data):
    roles = _roles(data, "jaarverslag-testland-2021")
    assert _role_of(roles, "Wij ontvingen in 2021") is None  # under "Signalen", but a report
    assert _role_of(roles, "Het aantal woninginbraken") is None
    assert set(roles.values()) == {None}


def test_query_rol_filter_returns_only_signal_sections(data):
    snap = Library(data).snapshot()
    result = snap.search("rol:signalen", per_page=50)
    assert result.filters == {"rol": ["signalen"]}
    texts = [h.text for h in result.hits]
    assert result.total == len(result.hits) >= 4
    assert all(h.role == "signalen" and h.kind == "leerdossier" for h in result.hits)
    assert any(t.startswith("Medewerkers die op de zaak") for t in texts)
    assert any(t.startswith("Contante aanbetalingen") for t in texts)
    assert not any(t.startswith("Wij ontvingen") for t in texts)  # the report's "Signalen"
    assert result.facets["role"] == {"signalen": result.total}
    # words and the filter together; an unknown role is a note, not an error
    assert {h.document_id for h in snap.search("stroomverbruik rol:signalen").hits} == {"hennep-bedrijfspanden"}
    unknown = snap.search("pand rol:onzin")
    assert any("onbekende rol 'onzin'" in n for n in unknown.notes)


def test_api_rol_filter_and_role_on_every_hit(data):
    client = create_app({"DATA_DIR": str(data), "SECRET_KEY": "t", "TESTING": True}).test_client()
    body = client.get("/api/search?q=pand&rol=signalen").get_json()
    assert body["filters"] == {"rol": ["signalen"]} and body["total"] >= 1
    assert all(h["role"] == "signalen" for h in body["hits"])
    everything = client.get("/api/search?q=&soort=leerdossier&soort=jaarverslag&per_page=100").get_json()
    assert all("role" in h for h in everything["hits"])
    assert {h["role"] for h in everything["hits"] if h["kind"] == "jaarverslag"} == {None}
    assert {"signalen", "lessen", "interventies"} <= set(everything["facets"]["rol"])
    page = client.get("/zoeken?q=&rol=signalen").get_data(as_text=True)
    # the facet "Rol" and the active filter with the data file's label, a badge on each hit
    assert ">Rol<" in page and "Rol: Signalen en indicatoren" in page and 'class="badge role"' in page


def test_cli_rol_option(data):
    out = CliRunner().invoke(main, ["--data-dir", str(data), "search", "pand", "--rol", "interventies", "--json"])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output[out.output.index("{"):])
    assert body["total"] >= 1 and all(h["role"] == "interventies" for h in body["hits"])


def _doc(kind: str = "leerdossier") -> Document:
    return Document(id="d", path="d.md", title="Leerdossier", kind=kind)


def _section(text: str, path: list[str], kind: str = "paragraph") -> Section:
    return Section(id="d/x", document_id="d", order=0, kind=kind, text=text, heading_path=path)


def test_deepest_heading_wins_and_analyst_words_in_a_copy(tmp_path):
    roles = load_roles()
    s = _section("Tekst zonder signaalwoorden.", ["Leerdossier", "Bestuurlijke aanpak", "Wat werkte niet?"])
    assert roles.heading_role("3. Waar let je op?") == "signalen"
    assert roles.heading_role("Resultaten van de bestuurlijke aanpak") == "resultaten"  # the first named wins
    assign_roles(_doc(), [s], roles)
    assert s.role == "lessen"
    # an analyst adds a heading word to a copy of the data file: it counts there
    copy = tmp_path / "rollen.toml"
    text = ROLES_FILE.read_text(encoding="utf-8").replace('koppen = ["signalen",', 'koppen = ["oplettendheid", "signalen",')
    copy.write_text(text, encoding="utf-8")
    other = _section("Tekst.", ["Oplettendheid"])
    assign_roles(_doc(), [other], roles)
    assert other.role is None
    assign_roles(_doc(), [other], load_roles(copy))
    assert other.role == "signalen"
    # other kinds get no role, whatever their headings
    plan = _section("Tekst.", ["Signalen"])
    assign_roles(_doc("plan"), [plan], load_roles(copy))
    assert plan.role is None


def test_a_mistake_in_the_data_file_names_it(tmp_path):
    bad = tmp_path / "leerdossier-roles.toml"
    shutil.copy(ROLES_FILE, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace('sleutel = "lessen"', 'sleutel = "Geleerde Lessen"'),
                   encoding="utf-8")
    with pytest.raises(KbError) as err:
        load_roles(bad)
    assert "leerdossier-roles.toml" in err.value.message and "sleutel" in err.value.message
    bad.write_text('[[rol]]\nsleutel = "x"\nlabel = "X"\nkopen = ["a"]\n', encoding="utf-8")
    with pytest.raises(KbError) as err:
        load_roles(bad)
    assert "leerdossier-roles.toml" in err.value.message and "kopen" in err.value.message
