"""Status vaststellen: an auditor sets the status of a cell (ambition × report year) with a
required reason; it stands instead of the trace's proposal in the matrix, the ambition page,
the overview, the JSON API and the CLI, shows who and when, enters the history, is replaced
by a later one and withdrawn back to the proposal, survives `kb ingest --rebuild` and moves
with `kb decision export/import`. Also the ambition page's other auditor fixes: the
confirmation shown where the auditor is, the note beside the link, rejected links at the
bottom, the heading, the strength in words, "Zoek voortgang" and the picker's search.
Everything on a real ingest of the bundled corpus (a private copy), the real app."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from helpers.paths import PLAN_ID, REPORT_ID, aid
from helpers.websetup import PASSWORD, csrf

from kb.cli import main
from kb.errors import KbError
from kb.library import Library
from kb.trace.linking import LINK_THRESHOLD
from kb.trace.view import key_terms, strength
from web import create_app
from web.trace import item_id

AMBITION = aid("ondermijning-4e")
LEERDOSSIER = f"{REPORT_ID}/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"


def cell(data, ambition=AMBITION, year=2020):
    return Library(data).snapshot().trace.detail(ambition).cells[year]


def other_status(status: str) -> str:
    return "vertraagd" if status != "vertraagd" else "lopend"


def test_store_sets_replaces_and_withdraws_a_status(library):
    proposal = cell(library.data_dir).status
    wanted = other_status(proposal)
    d = library.record_status_decision("ondermijning-4e", "2020", "status vastgesteld", wanted,
                                       "p. 12 zegt dat het is uitgesteld", author="anna")
    assert d.ambition_id == AMBITION and d.year == 2020  # a bare key and a year as text, resolved
    c = cell(library.data_dir)
    assert (c.status, c.source, c.proposal) == (wanted, "vastgesteld", proposal)
    assert c.override.author == "anna" and c.override.note == "p. 12 zegt dat het is uitgesteld"
    assert c.to_dict()["override"] == {"status": wanted, "reason": "p. 12 zegt dat het is uitgesteld",
                                       "author": "anna", "at": d.at}

    library.record_status_decision(AMBITION, 2020, "status vastgesteld", "geen informatie", "verslag zwijgt", author="bert")
    c = cell(library.data_dir)
    assert (c.status, c.override.author, c.proposal) == ("geen informatie", "bert", proposal)  # the later one stands

    library.record_status_decision(AMBITION, 2020, "ingetrokken", None, "toch het voorstel", author="anna")
    c = cell(library.data_dir)
    assert (c.status, c.override) == (proposal, None) and c.source != "vastgesteld"
    history = library.status_decisions.history(AMBITION)
    assert [(h.action, h.status, h.author) for h in history] == [
        ("status vastgesteld", wanted, "anna"), ("status vastgesteld", "geen informatie", "bert"),
        ("ingetrokken", None, "anna")]

    for args, message in (((AMBITION, 2020, "status vastgesteld", "lopend", "  "), "reden"),
                          ((AMBITION, 2020, "status vastgesteld", "half af", "x"), "onbekende status"),
                          ((AMBITION, 1999, "status vastgesteld", "lopend", "x"), "geen verslagjaar 1999"),
                          (("bestaat-niet", 2020, "status vastgesteld", "lopend", "x"), "onbekende ambitie"),
                          ((AMBITION, 2020, "goedgekeurd", "lopend", "x"), "onbekende beslissing")):
        with pytest.raises(KbError, match=message):
            library.record_status_decision(*args)
    assert len(library.status_decisions.history()) == 3  # nothing of the refused ones stored


def test_cli_status_survives_a_rebuild_and_moves_with_export(library, tmp_path):
    data, docs = library.data_dir, library.documents_dir
    run = CliRunner().invoke
    proposal = cell(data).status
    wanted = other_status(proposal)
    r = run(main, ["status", "set", AMBITION, "2020", wanted, "--reden", "zie p. 12", "--auteur", "anna",
                   "--data-dir", str(data)])
    assert r.exit_code == 0 and wanted in r.output, r.output
    r = run(main, ["status", "set", AMBITION, "2020", wanted, "--data-dir", str(data)])
    assert r.exit_code != 0 and "--reden" in r.output  # the reason is required
    r = run(main, ["status", "set", AMBITION, "2020", "half af", "--reden", "x", "--data-dir", str(data)])
    assert r.exit_code != 0 and "Traceback" not in r.output

    assert run(main, ["ingest", "--rebuild", "-q", str(docs), "--data-dir", str(data)]).exit_code == 0
    c = cell(data)
    assert (c.status, c.source, c.override.author) == (wanted, "vastgesteld", "anna")  # survives the rebuild

    r = run(main, ["trace", AMBITION, "--json", "--data-dir", str(data)])
    body = json.loads(r.output)
    assert body["years"]["2020"]["status"] == wanted and body["years"]["2020"]["proposal"] == proposal
    assert [h["status"] for h in body["status_history"]] == [wanted]
    r = run(main, ["trace", "--json", "--data-dir", str(data)])
    row = next(a for g in json.loads(r.output)["groups"] for a in g["ambitions"] if a["id"] == AMBITION)
    assert row["years"]["2020"]["override"]["reason"] == "zie p. 12"

    out = tmp_path / "beslissingen.json"
    assert run(main, ["decision", "export", "-o", str(out), "--data-dir", str(data)]).exit_code == 0
    assert [d["status"] for d in json.loads(out.read_text(encoding="utf-8"))["status_decisions"]] == [wanted]
    other = Library(tmp_path / "ander")
    r = run(main, ["decision", "import", str(out), "--data-dir", str(other.data_dir)])
    assert r.exit_code == 0 and "statussen: 1 toegevoegd" in r.output, r.output
    r = run(main, ["decision", "import", str(out), "--data-dir", str(other.data_dir)])
    assert "statussen: 0 toegevoegd, 1 waren er al" in r.output  # twice adds nothing
    assert [(d.ambition_id, d.year, d.status) for d in other.status_decisions.history()] == [(AMBITION, 2020, wanted)]
    broken = json.loads(out.read_text(encoding="utf-8"))
    broken["status_decisions"][0]["note"] = ""
    out.write_text(json.dumps(broken), encoding="utf-8")
    r = run(main, ["decision", "import", str(out), "--data-dir", str(tmp_path / "derde")])
    assert r.exit_code != 0 and "reden" in r.output and "Traceback" not in r.output

    r = run(main, ["status", "withdraw", "ondermijning-4e", "2020", "--reden", "toch niet", "--data-dir", str(data)])
    assert r.exit_code == 0, r.output
    assert cell(data).status == proposal
    r = run(main, ["status", "history", "ondermijning-4e", "--data-dir", str(data)])
    assert r.exit_code == 0 and r.output.count(AMBITION) == 2 and "ingetrokken" in r.output


@pytest.fixture
def site(library):
    for name, role in (("lezer", "lezer"), ("auditor", "auditor")):
        library.users.add(name, PASSWORD, role)
    app = create_app({"DATA_DIR": str(library.data_dir), "DOCUMENTS_DIR": str(library.documents_dir),
                      "SECRET_KEY": "t", "TESTING": True})
    return app, library


def logged_in(app, name):
    c = app.test_client()
    r = c.post("/inloggen", data={"naam": name, "wachtwoord": PASSWORD, "csrf_token": csrf(c)})
    assert r.status_code == 302
    return c


def meta_token(client, path="/") -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def element(html: str, element_id: str) -> str:
    """The HTML from the element with this id up to the next element of its kind (rough, enough for a test)."""
    start = html.index(f'id="{element_id}"')
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)
    end = html.find(f"<{name} ", start)
    return html[tag:end if end > 0 else len(html)]


def test_form_sets_a_status_shown_in_matrix_page_overview_and_api(site):
    app, library = site
    proposal = cell(library.data_dir).status
    wanted = "gerealiseerd" if proposal != "gerealiseerd" else "vertraagd"
    anonymous = app.test_client()
    mix_before = _overview_mix(anonymous)
    page = f"/ambities/{AMBITION}"

    c = logged_in(app, "auditor")
    token = meta_token(c, page)
    r = c.post(f"{page}/status", data={"csrf_token": token, "jaar": "2020", "actie": "stel-vast", "status": wanted,
                                       "reden": ""})
    assert r.status_code == 302 and r.headers["Location"].endswith("#jaar-2020")
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "reden" in element(html, "jaar-2020")  # the error where the form is
    assert cell(library.data_dir).status == proposal

    r = c.post(f"{page}/status", data={"csrf_token": token, "jaar": "2020", "actie": "stel-vast", "status": wanted,
                                       "reden": "gelezen in het verslag, p. 12"})
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).fragment == "jaar-2020"
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    card = element(html, "jaar-2020")
    assert f"Status 2020 vastgesteld: {wanted}." in card and html.count("Status 2020 vastgesteld") == 1  # not at the top
    assert "Vastgesteld door auditor" in card and "gelezen in het verslag, p. 12" in card
    assert f"Voorstel van de trace: {proposal}" in card
    assert "Geschiedenis van de beslissingen (1)" in html and "status vastgesteld: " + wanted in html

    matrix = anonymous.get("/ambities?thema=ondermijning").get_data(as_text=True)
    row = matrix[matrix.index(f'href="/ambities/{AMBITION}"'):]
    row = row[:row.index("</tr>")]
    assert f"status-{wanted.replace(' ', '-')}" in row and "vastgesteld door auditor" in row
    api = anonymous.get(f"/api/ambitions/{AMBITION}").get_json()
    assert api["years"]["2020"]["status"] == wanted and api["years"]["2020"]["source"] == "vastgesteld"
    assert api == anonymous.get(f"/ambities/{AMBITION}.json").get_json()
    listed = anonymous.get("/api/ambitions").get_json()
    assert next(a for g in listed["groups"] for a in g["ambitions"] if a["id"] == AMBITION)["years"]["2020"]["status"] == wanted
    mix = _overview_mix(anonymous)  # the overview too: it counts the matrix as it now stands
    in_matrix = Counter(y["status"] for g in listed["groups"] for a in g["ambitions"] for y in a["years"].values())
    assert mix == {s: in_matrix[s] for s in mix}
    # the cell, and a parent it rolls up into (an auditor's status counts as the part's status)
    assert mix[wanted] >= mix_before[wanted] + 1 and sum(mix.values()) == sum(mix_before.values())

    # the JSON API: same auth and CSRF rules as the decision API
    url = f"/api/ambitions/{AMBITION}/status"
    body = {"year": 2020, "status": "lopend", "reason": "via de API"}
    assert anonymous.post(url, json=body).status_code in (400, 401)
    lezer = logged_in(app, "lezer")
    assert lezer.post(url, json=body, headers={"X-CSRFToken": meta_token(lezer)}).status_code == 403
    assert c.post(url, json=body).status_code == 400  # no CSRF token
    bad = c.post(url, json={"year": 2020, "status": "lopend"}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and "reden" in bad.get_json()["error"]
    r = c.post(url, json=body, headers={"X-CSRFToken": token})
    assert r.status_code == 201 and r.get_json()["author"] == "auditor"
    assert anonymous.get(f"/api/ambitions/{AMBITION}").get_json()["years"]["2020"]["status"] == "lopend"
    r = c.post(url, json={"year": 2020, "action": "ingetrokken", "reason": "terug"}, headers={"X-CSRFToken": token})
    assert r.status_code == 201
    assert anonymous.get(f"/api/ambitions/{AMBITION}").get_json()["years"]["2020"]["status"] == proposal
    assert len(anonymous.get(f"/api/ambitions/{AMBITION}").get_json()["status_history"]) == 3


def _overview_mix(client) -> dict[str, int]:
    """How many cells have each status in /overzicht (all themes, all years)."""
    body = client.get("/overzicht.json").get_json()
    return {s: sum(y["statuses"][s] for t in body["themes"] for y in t["years"].values()) for s in body["statuses"]}


def test_a_decision_is_confirmed_where_the_auditor_is_with_its_note(site):
    app, library = site
    c = logged_in(app, "auditor")
    page = f"/ambities/{aid('ondermijning-4d')}"
    token = meta_token(c, page)
    r = c.post(f"{page}/beslissing", data={"csrf_token": token, "actie": "bevestig", "sectie": LEERDOSSIER,
                                           "notitie": "leerdossier telt als kennisomgeving"})
    target = urlsplit(r.headers["Location"]).fragment
    assert target and target != "voortgang"
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    item = element(html, target)
    assert "Koppeling bevestigd." in item and html.count("Koppeling bevestigd.") == 1  # at the item, not the top
    cell = library.snapshot().trace.detail(aid("ondermijning-4d")).cells[2020]
    assert f"Status 2020 nu: {cell.status}." in item  # what the confirmation made of the cell
    assert "leerdossier telt als kennisomgeving" in item and "Toelichting van auditor" in item  # the note beside the link

    # a rejected link sinks below every other, into a closed list of its own
    detail = c.get(f"{page}.json").get_json()
    proposals = [p for p in detail["progress"] if p["in_scope"] and p["decision"] is None and p["score"]]
    weakest, strongest = proposals[-1], proposals[0]
    r = c.post(f"{page}/beslissing", data={"csrf_token": token, "actie": "wijs-af", "sectie": strongest["section_id"]})
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    rejected_at = html.index('class="rejected-links"')
    assert html.index(f'id="{urlsplit(r.headers["Location"]).fragment}"') > rejected_at  # the rejected one, in there
    assert "<details class=\"rejected-links\" open>" in html  # opened: the auditor is looking at it
    assert html.index(f'id="{item_id(weakest["section_id"])}"') < rejected_at  # a 0.0x proposal above the rejected 0.x
    assert strongest["score"] > weakest["score"]
    html = c.get(page).get_data(as_text=True)
    assert "<details class=\"rejected-links\">" in html  # closed on a plain visit
    active = html[:html.index('class="rejected-links"')]
    assert "Koppeling afgewezen" not in active


def test_ambition_heading_strength_and_progress_search(site):
    app, library = site
    c = app.test_client()
    html = c.get(f"/ambities/{AMBITION}").get_data(as_text=True)
    h1 = re.search(r"<h1.*?</h1>", html, re.S).group(0)
    text = library.snapshot().trace.detail(AMBITION).ambition["text"]
    assert "Ondermijning 4e" in h1 and text in h1  # the plan's numbering and the ambition's own words
    scores = re.findall(r"score (\d,\d\d) <span class=\"strength strength-(\w+)\">", html)
    assert scores and all(strength(float(s.replace(",", "."))) == word for s, word in scores)
    assert "score 0." not in html  # a decimal comma
    assert strength(2 * LINK_THRESHOLD) == "sterk" and strength(1.5 * LINK_THRESHOLD) == "mogelijk"
    assert strength(LINK_THRESHOLD) == "mogelijk" and strength(0.99 * LINK_THRESHOLD) == "zwak"  # the threshold sets a status
    assert strength(None) is None
    legend = re.search(r"sterkte: .*?</p>", html, re.S).group(0)  # the legend states the thresholds the code uses
    assert f"vanaf score {2 * LINK_THRESHOLD:.2f}".replace(".", ",") in legend
    assert f"vanaf {LINK_THRESHOLD:.2f}".replace(".", ",") in legend and "0,10" not in legend

    link = re.search(r'<a href="([^"]+)">Zoek voortgang', html).group(1).replace("&amp;", "&")
    args = parse_qs(urlsplit(link).query)
    assert args["document"] == [REPORT_ID]  # the plan's in-scope reports only
    terms = args["q"][0].split(" OF ")
    assert terms == key_terms(text) and "leerdossiers" in terms
    assert not {"en", "in", "de", "worden", "deze"} & {t.lower() for t in terms}  # function words left out
    body = c.get("/zoeken.json", query_string=args).get_json()
    assert body["total"] > 0 and {h["document_id"] for h in body["hits"]} == {REPORT_ID}


def test_a_link_kept_under_the_threshold_says_why(site):
    """A paragraph whose words scored over the threshold but that the ranking keeps a
    candidate (a row under another norm's KPI name, at most one shared word) says so on the
    ambition page and in the JSON, with the score it had; a link over the threshold never."""
    app, library = site
    c = app.test_client()
    for key, reason in (("kpi-aanrijdtijden-prio-1", "de rij staat onder de KPI-naam van een andere norm"),
                        ("ondermijning-1", "de alinea deelt hooguit één woord met de ambitie")):
        ambition = aid(key)
        held = {p.section["id"]: p.held for p in library.snapshot().trace.detail(ambition).progress if p.held}
        assert any(h.startswith(reason) for h in held.values()), (key, held)
        html = c.get(f"/ambities/{ambition}").get_data(as_text=True)
        assert f"onder de drempel gehouden: {reason}" in html
        body = c.get(f"/ambities/{ambition}.json").get_json()
        assert {p["section_id"]: p["held"] for p in body["progress"] if p["held"]} == held
        assert all("oorspronkelijke score 0," in h for h in held.values()), held
        assert not [p for p in body["progress"] if p["above_threshold"] and p["held"]], key


def test_picker_finds_ambitions_as_one_types(site):
    app, _ = site
    c = app.test_client()
    found = c.get("/api/ambities/zoek", query_string={"q": "ondermijning 4e"}).get_json()
    assert found["ambitions"][0]["id"] == AMBITION and found["ambitions"][0]["label"] == "Ondermijning 4e"
    found = c.get("/api/ambities/zoek", query_string={"q": "leerdossiers", "plan": PLAN_ID}).get_json()
    assert AMBITION in [a["id"] for a in found["ambitions"]] and all(a["plan"] == PLAN_ID for a in found["ambitions"])
    found = c.get("/api/ambities/zoek", query_string={"q": "", "sectie": LEERDOSSIER}).get_json()
    assert found["plans"] == [PLAN_ID] and len(found["ambitions"]) == 10 and found["total"] > 10
    assert c.get("/api/ambities/zoek", query_string={"q": "zzzqqq"}).get_json()["ambitions"] == []
    assert c.get("/api/ambities/zoek", query_string={"plan": "geen-plan"}).status_code == 404


def test_picker_is_only_for_auditors(site):
    app, _ = site
    page = f"/ambities/{AMBITION}"
    assert "Koppel aan ambitie" not in app.test_client().get(page).get_data(as_text=True)
    assert "Koppel aan ambitie" not in logged_in(app, "lezer").get(page).get_data(as_text=True)
    html = logged_in(app, "auditor").get(page).get_data(as_text=True)
    assert "Koppel aan ambitie…" in html and html.count("link-picker.js") == 1
    assert 'data-decide="/api/ambitions/AMBITIE/decisions"' in html


def test_backup_and_restore_carry_the_statuses(library, tmp_path):
    run = CliRunner().invoke
    data = str(library.data_dir)
    library.users.add("anna", PASSWORD, "auditor")  # (a store of statuses alone is no back-up yet: kb.store.precious.check)
    library.record_status_decision(AMBITION, 2020, "status vastgesteld", "lopend", "voor de back-up", author="anna")
    r = run(main, ["backup", str(tmp_path / "kopie.sqlite"), "--data-dir", data])
    assert r.exit_code == 0, r.output
    library.record_status_decision(AMBITION, 2020, "status vastgesteld", "vertraagd", "na de back-up", author="anna")
    assert cell(library.data_dir).status == "vertraagd"
    r = run(main, ["restore", str(tmp_path / "kopie.sqlite"), "--ja", "--data-dir", data])
    assert r.exit_code == 0, r.output
    c = cell(library.data_dir)
    assert (c.status, c.override.note) == ("lopend", "voor de back-up")
    assert [d.note for d in Library(library.data_dir).status_decisions.history()] == ["voor de back-up"]


def test_every_proposal_says_what_it_rests_on(site):
    """A proposal from the best paragraph says which one, how strong, and what in it made the
    status, or that nothing did (a strong paragraph without a cue is "lopend", a possible one
    "onbekend"); none is left at "de best passende alinea" alone."""
    app, library = site
    c = app.test_client()
    seen = Counter()
    for row in library.snapshot().trace.rows:
        cell = row.cells.get(2020)
        if cell is None or cell.source != "voorstel" or cell.basis is None or seen["rule" if cell.rule else "plain"] >= 25:
            continue
        seen["rule" if cell.rule else "plain"] += 1
        b = cell.basis
        card = element(c.get(f"/ambities/{row.ambition['id']}").get_data(as_text=True), "jaar-2020")
        said = re.search(r"voorstel: de best passende <a href=\"#([^\"]+)\">alinea</a> \((\w+), score (\d,\d\d)\) (.*?)</p>",
                         card, re.S)
        assert said, card
        assert said.group(1) == item_id(b.section["id"]) and said.group(2) == strength(b.score)
        if cell.rule:  # a rule changed what the paragraph gave: both are said, the rule last
            assert "Regel: " in said.group(4) and said.group(4).index("Regel: ") > 0
            continue
        if b.finding.evidence:
            assert f"meldt {b.finding.status}: " in said.group(4) and all(e in said.group(4) for e in b.finding.evidence)
            seen["cue"] += 1
        else:
            strong = strength(b.score) == "sterk"
            assert ("sterke alinea zonder" in said.group(4)) == strong
            assert cell.status == ("lopend" if strong else "onbekend")  # what the page says is the rule it was
            seen["no cue"] += 1
    assert seen["cue"] and seen["no cue"] and seen["rule"], seen


def test_a_status_form_without_a_year_says_so(site):
    app, _ = site
    c = logged_in(app, "auditor")
    page = f"/ambities/{AMBITION}"
    r = c.post(f"{page}/status", data={"csrf_token": meta_token(c, page), "actie": "stel-vast", "status": "lopend",
                                       "reden": "x"})
    assert r.status_code == 302 and not urlsplit(r.headers["Location"]).fragment  # the top of the page, where it is said
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    said = re.search(r'class="flash error"[^>]*>([^<]*jaar[^<]*)<', html)
    assert said and html.index(said.group(0)) < html.index('id="jaar-2020"')
