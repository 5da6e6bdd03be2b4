"""With several plans each has its own matrix, overview, scorecard and exports (issue 16: "each
has its own matrix"): a plan filter (`?plan=` on the pages, the JSON twins and the downloads,
`--plan` on `kb trace`, `kb kpi` and `kb export trace|scorecard`) shows that plan's rows,
norms and report years only, and the same answer everywhere. The library holds two real
plans of two units: the bundled Rotterdam plan with its 2020 report, and a base team's
plan (plain text) with its 2021 report (HTML) from benchmarks/other_units."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS, PLAN_ID
from helpers.websetup import csrf, login

from kb.cli import main
from kb.library import Library
from web import create_app

BASE_TEAM = Path(__file__).resolve().parent.parent / "benchmarks" / "other_units" / "basisteam-rivierenland"
OTHER_PLAN = "meerjarenplan-rivierenland-2020-2023"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("plans")
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    for path in BASE_TEAM.iterdir():
        if path.name != "gold.toml":
            shutil.copy(path, docs / path.name)
    lib = Library(root / "data", documents_dir=docs)
    assert not lib.ingest().failures
    lib.users.add("auditor", "geheim-wachtwoord-1", "auditor")
    app = create_app({"DATA_DIR": str(root / "data"), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True})
    return lib, app.test_client(), root / "data"


def _cells(matrix: dict) -> Counter:
    return Counter((a["plan"], year) for g in matrix["groups"] for a in g["ambitions"] for year in a["years"])


def test_each_plan_has_its_own_matrix_with_its_own_years(site):
    _, client, _ = site
    both = client.get("/ambities.json").get_json()
    assert {p["id"] for p in both["plans"]} == {PLAN_ID, OTHER_PLAN} and both["years"] == [2020, 2021]
    assert set(_cells(both)) == {(PLAN_ID, "2020"), (OTHER_PLAN, "2021")}
    for plan, year in ((PLAN_ID, 2020), (OTHER_PLAN, 2021)):
        one = client.get(f"/ambities.json?plan={plan}").get_json()
        # the columns are the plan's report years: no empty column of the other unit's year
        assert one["years"] == [year] and one["filters"]["plan"] == plan
        assert _cells(one) == Counter({k: n for k, n in _cells(both).items() if k[0] == plan})
        first = next(a for g in one["groups"] for a in g["ambitions"])
        assert client.get(f"/api/ambitions/{first['id']}").get_json()["report_years"] == [year]
    html = client.get(f"/ambities?plan={OTHER_PLAN}").get_data(as_text=True)
    assert '<th scope="col">2021</th>' in html and '<th scope="col">2020</th>' not in html


def test_the_overview_counts_one_plan_or_all(site):
    _, client, _ = site
    both = client.get("/overzicht.json").get_json()

    def counted(overview: dict) -> Counter:  # cells per year
        return sum((Counter({year: c["ambitions"]}) for t in overview["themes"] for year, c in t["years"].items()), Counter())

    seen = Counter()
    for plan in (PLAN_ID, OTHER_PLAN):
        one = client.get(f"/overzicht.json?plan={plan}").get_json()
        matrix = client.get(f"/ambities.json?plan={plan}").get_json()
        assert one["years"] == matrix["years"] and one["filters"]["plan"] == plan
        # every cell of that plan's matrix once, none of the other plan's
        assert counted(one) == Counter({y: n for (_, y), n in _cells(matrix).items()})
        statuses = sum((Counter(c["statuses"]) for t in one["themes"] for c in t["years"].values()), Counter())
        assert +statuses == Counter(a["years"][y]["status"] for g in matrix["groups"] for a in g["ambitions"]
                                    for y in a["years"])
        seen += counted(one)
    assert counted(both) == seen
    html = client.get(f"/overzicht?plan={OTHER_PLAN}").get_data(as_text=True)
    assert f'<option value="{OTHER_PLAN}" selected>' in html  # the plan choice, as on the matrix
    assert f"plan={OTHER_PLAN}" in html  # its cells open that plan's matrix


def test_the_scorecard_and_its_exports_per_plan(site):
    _, client, data = site
    both = client.get("/api/kpis").get_json()
    norms = {n["id"] for n in both["norms"]}
    assert {i.split(":")[0] for i in norms} == {PLAN_ID, OTHER_PLAN}
    for plan in (PLAN_ID, OTHER_PLAN):
        one = client.get(f"/api/kpis?plan={plan}").get_json()
        assert one == client.get(f"/kpi.json?plan={plan}").get_json()
        mine = {n["id"] for n in one["norms"]}
        assert mine == {i for i in norms if i.startswith(f"{plan}:")} and mine
        assert {ln["year"] for n in one["norms"] for ln in n["lines"]} == set(one["years"])
        table = client.get(f"/api/export/kpis.csv?plan={plan}").get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(table), delimiter=";"))
        assert {r[0] for r in rows[1:]} == mine
        cli = CliRunner().invoke(main, ["export", "scorecard", "--plan", plan, "--data-dir", str(data)])
        assert cli.exit_code == 0, cli.output
        assert {r[0] for r in list(csv.reader(io.StringIO(cli.stdout.lstrip("\ufeff")), delimiter=";"))[1:]} == mine
        shown = CliRunner().invoke(main, ["kpi", "--plan", plan, "--json", "--data-dir", str(data)])
        assert shown.exit_code == 0 and json.loads(shown.stdout)["norms"] == one["norms"]
    def header(args):  # the first line of the table's head
        out = CliRunner().invoke(main, ["kpi", *args, "--data-dir", str(data)], env={"COLUMNS": "200"}).output
        return next(line for line in out.splitlines() if "norm" in line and "jaar" in line).split()
    assert header([])[1] == "plan" and "plan" not in header(["--plan", PLAN_ID])  # together: whose norm is it
    html = client.get(f"/kpi?plan={PLAN_ID}").get_data(as_text=True)
    assert f"/api/export/kpis.csv?plan={PLAN_ID}" in html and f'<option value="{PLAN_ID}" selected>' in html


def test_the_trace_export_and_command_per_plan(site):
    _, client, data = site
    for plan, year in ((PLAN_ID, "2020"), (OTHER_PLAN, "2021")):
        table = client.get(f"/ambities/export.csv?plan={plan}").get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
        cli = CliRunner().invoke(main, ["export", "trace", "--plan", plan, "--data-dir", str(data)])
        assert cli.exit_code == 0, cli.output
        cli_rows = list(csv.DictReader(io.StringIO(cli.stdout.lstrip("\ufeff")), delimiter=";"))
        assert rows and {r["plan"] for r in rows} == {plan} and {r["jaar"] for r in rows} == {year}
        assert [(r["ambitie"], r["status"]) for r in cli_rows] == [(r["ambitie"], r["status"]) for r in rows]
    text = CliRunner().invoke(main, ["trace", "--plan", OTHER_PLAN, "--data-dir", str(data)]).output
    header = next(line for line in text.splitlines() if "sleutel" in line and "tekst" in line)
    assert "2021" in header and "2020" not in header


def test_an_unknown_plan_is_refused_clearly_everywhere(site):
    _, client, data = site
    for url in ("/overzicht?plan=geen-plan", "/kpi?plan=geen-plan", "/ambities?plan=geen-plan",
                "/ambities/export.csv?plan=geen-plan"):
        r = client.get(url)
        assert r.status_code == 404 and "Onbekend plan &#39;geen-plan&#39; (plannen: " in r.get_data(as_text=True), url
    for url in ("/api/kpis?plan=geen-plan", "/api/export/kpis.csv?plan=geen-plan", "/api/ambitions?plan=geen-plan"):
        r = client.get(url)
        assert r.status_code == 404 and r.get_json()["error"].startswith("Onbekend plan 'geen-plan' (plannen: "), url
    for args in (["kpi", "--plan", "geen-plan"], ["export", "scorecard", "--plan", "geen-plan"],
                 ["export", "trace", "--plan", "geen-plan"], ["trace", "--plan", "geen-plan"]):
        result = CliRunner().invoke(main, [*args, "--data-dir", str(data)])
        assert result.exit_code == 1 and "onbekend plan 'geen-plan'" in result.output, args
        assert PLAN_ID in result.output and OTHER_PLAN in result.output and "Traceback" not in result.output


def test_a_kpi_decision_returns_to_the_plan_it_was_made_in(site):
    lib, client, _ = site
    login(client, "auditor", "geheim-wachtwoord-1")
    one = client.get(f"/api/kpis?plan={OTHER_PLAN}").get_json()
    line = next(ln for n in one["norms"] for ln in n["lines"] if ln["value"] is not None)
    r = client.post("/kpi/beslissing", data={"csrf_token": csrf(client, f"/kpi?plan={OTHER_PLAN}"),
                                             "norm": line["norm_id"], "jaar": str(line["year"]), "actie": "bevestig",
                                             "notitie": "nagerekend", "plan": OTHER_PLAN})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/kpi?plan={OTHER_PLAN}")
    after = client.get(f"/api/kpis?plan={OTHER_PLAN}").get_json()
    decided = next(ln for n in after["norms"] for ln in n["lines"]
                   if ln["norm_id"] == line["norm_id"] and ln["year"] == line["year"])
    assert decided["confirmed"] and decided["decision"]["note"] == "nagerekend"
    assert lib.kpi_decisions.history()[-1].norm_id == line["norm_id"]


def test_shown_together_each_row_and_card_says_whose_it_is(site):
    _, client, _ = site
    labels = {PLAN_ID: "Eenheid Rotterdam 2019–2022", OTHER_PLAN: "Basisteam Rivierenland 2020–2023"}
    matrix = client.get("/ambities.json").get_json()
    assert matrix["plan_labels"] == labels
    html = client.get("/ambities?thema=ondermijning").get_data(as_text=True)
    rows = re.findall(r'<th scope="row">(.*?)</th>', html, flags=re.S)
    assert rows and all(unescape(re.search(r'class="badge plan-of">([^<]+)<', r).group(1)) in labels.values() for r in rows)
    assert {unescape(re.search(r'class="badge plan-of">([^<]+)<', r).group(1)) for r in rows} == set(labels.values())
    kpi = client.get("/kpi").get_data(as_text=True)
    assert kpi.count('class="badge plan-of"') == len(client.get("/api/kpis").get_json()["norms"])
    overview = client.get("/overzicht").get_data(as_text=True)
    assert 'scope="col">2020<br><span class="badge plan-of">Eenheid Rotterdam 2019–2022</span>' in overview
    # a year only one plan has: its cells open that plan's matrix, not both plans' rows
    assert f'href="/ambities?thema=ondermijning&amp;plan={OTHER_PLAN}"' in overview
    assert f'href="/ambities?thema=ondermijning&amp;plan={PLAN_ID}"' in overview
    # one plan: nothing to tell apart
    for url in (f"/ambities?plan={PLAN_ID}", f"/kpi?plan={PLAN_ID}", f"/overzicht?plan={PLAN_ID}"):
        assert 'class="badge plan-of"' not in client.get(url).get_data(as_text=True), url
    assert client.get(f"/ambities.json?plan={PLAN_ID}").get_json()["plan_labels"] == {}
    # the way back from an ambition is to its own plan's matrix
    first = next(a for g in matrix["groups"] for a in g["ambitions"] if a["plan"] == OTHER_PLAN and a["theme"])
    page = client.get(f"/ambities/{first['id']}").get_data(as_text=True)
    assert f'href="/ambities?thema={first["theme"]}&amp;plan={OTHER_PLAN}"' in page


def test_the_download_keeps_every_filter_of_the_matrix(site):
    _, client, data = site
    for query in (f"plan={PLAN_ID}&thema=ondermijning&status=onbekend", "status=vertraagd", f"plan={OTHER_PLAN}&gaten=1"):
        matrix = client.get(f"/ambities.json?{query}").get_json()
        shown = {a["id"] for g in matrix["groups"] for a in g["ambitions"]}
        assert shown, query
        page = unescape(client.get(f"/ambities?{query}").get_data(as_text=True))
        link = re.search(r'href="(/ambities/export\.csv[^"]*)"', page).group(1)
        table = client.get(link).get_data(as_text=True).lstrip("\ufeff")
        assert {r["ambitie"] for r in csv.DictReader(io.StringIO(table), delimiter=";")} == shown, (query, link)
    matrix = client.get("/ambities.json?status=vertraagd&gaten=1").get_json()
    args = ["export", "trace", "--status", "vertraagd", "--gaten", "--data-dir", str(data)]
    cli = CliRunner().invoke(main, args)
    assert cli.exit_code == 0, cli.output
    assert {r["ambitie"] for r in csv.DictReader(io.StringIO(cli.stdout.lstrip("\ufeff")), delimiter=";")} == \
        {a["id"] for g in matrix["groups"] for a in g["ambitions"]}
    r = client.get("/ambities/export.csv?status=bestaat-niet")
    assert r.status_code == 400 and "Onbekende status" in r.get_data(as_text=True)


def test_a_key_two_plans_have_asks_for_the_plan(site):
    _, client, data = site
    both = sorted(f"{plan}:ondermijning-1" for plan in (PLAN_ID, OTHER_PLAN))
    for url in ("/ambities/ondermijning-1", "/api/ambitions/ondermijning-1"):
        r = client.get(url)
        said = r.get_json()["error"] if r.is_json else unescape(r.get_data(as_text=True))
        assert r.status_code == 404 and f"de sleutel staat in meer plannen ({', '.join(both)})" in said, url
    result = CliRunner().invoke(main, ["trace", "ondermijning-1", "--data-dir", str(data)])
    assert result.exit_code == 1 and "gebruik de id plan:sleutel" in result.output and both[0] in result.output
    # a key only one plan has still finds it
    assert client.get("/ambities/ondermijning-4d").status_code == 302


def test_a_knowledge_page_says_whose_ambitions_and_norms(site):
    _, client, _ = site
    page = client.get("/kennis/ondermijning").get_data(as_text=True)
    ambitions = page[page.index('id="kop-ambities"'):page.index('id="kop-voortgang"') if 'id="kop-voortgang"' in page else None]
    assert "Eenheid Rotterdam 2019–2022" in ambitions and "Basisteam Rivierenland 2020–2023" in ambitions
    kpis = page[page.index('id="kop-kpis"'):]
    assert kpis.count('class="badge plan-of"') == kpis.count("<li><strong>")
    one = client.get("/kennis/ondermijning.json").get_json()
    assert set(one["plan_labels"]) == {PLAN_ID, OTHER_PLAN} and all(k["plan"] in one["plan_labels"] for k in one["kpis"])
