"""`kb ambitions [PLAN]` and the plan pages (/plannen, /plannen/<id>, /api/plans): what
extraction made of a plan, with where each ambition came from; the curation sidecar end to
end (written beside the plan, `kb ingest`, then the listing, the trace and the pages show
it); a broken sidecar refuses its plan only; a plan in another convention."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.other_plans import IVP_EXPECTED, plan_file
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, aid

from kb.cli import main
from kb.library import Library
from web import create_app

IVP_ID = "lindewaard-ivp-2023-2026"
SIDECAR = f"{PLAN_ID}.ambitions.toml"
DROPPED = "contraterrorisme-p4"
RENAMED, NEW_NAME = "cybercrime-6", "cybercrime-advies"
ADDED = "ondermijning-agora-extra"
UNKNOWN = "bestaat-niet-9z"
SIDECAR_TEXT = f"""\
drop = ["{DROPPED}", "{UNKNOWN}"]

[[rename]]
key = "{RENAMED}"
new_key = "{NEW_NAME}"

[[add]]
key = "{ADDED}"
text = "De leeromgeving AGORA wordt landelijk uitgerold."
kind = "item"
theme = "ondermijning"
find = "AGORA biedt een digitale"
"""


def kb(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def listing(data: Path, *args: str) -> dict:
    result = kb("ambitions", *args, "--json", "--data-dir", data)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def write_ivp(docs: Path) -> None:
    name, data = plan_file("ivp")
    (docs / name).write_bytes(data)
    (docs / name).with_name(Path(name).stem + ".meta.toml").write_text(
        'title = "Integraal Veiligheidsplan Lindewaard"\nkind = "plan"\nunit = "Gemeente Lindewaard"\n'
        "period = [2023, 2026]\n", encoding="utf-8")


def client(data: Path, docs: Path):
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "TESTING": True}).test_client()


# ---- the bundled plan, as ingested once per session (conftest `corpus`)


def test_lists_the_bundled_plan_with_counts(corpus):
    result = kb("ambitions", "--data-dir", corpus.data_dir)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"{PLAN_ID}: Strategische thema's veiligheid")
    assert "Eenheid Rotterdam, 2019–2022; huidige versie" in out
    assert "136 ambities; per soort: item 92, pijler 16, kpi 13, doel 9, opdracht 6" in out
    assert "per herkomst:" in out and "doelblok 'Waar willen we in 2022 staan?'" in out
    # one line per ambition, under the heading it stands in
    lines = out.splitlines()
    line = next(ln for ln in lines if ln.startswith("ondermijning-4d "))
    assert " item " in line and " ondermijning " in line and "AGORA biedt een digitale" in line
    assert any(ln.startswith("── ") and "Ondermijning" in ln for ln in lines)
    assert sum(1 for ln in lines if ln.split(" ", 1)[0] in {a.key for a in corpus.ambitions}) == 136


def test_json_fields(corpus):
    found = listing(corpus.data_dir)
    assert set(found) == {"plan", "versions", "counts", "filter", "warnings", "ambitions"}
    assert found["plan"]["id"] == PLAN_ID and found["plan"]["unit"] == "Eenheid Rotterdam"
    assert found["plan"]["period"] == [2019, 2022] and found["plan"]["current"] is True
    assert found["versions"] == [{"id": PLAN_ID, "title": found["plan"]["title"], "date": "2018-11-12", "current": True,
                                  "superseded_by": None, "supersedes": None, "status": "huidige versie"}]
    assert found["counts"]["total"] == 136 == len(found["ambitions"])
    assert found["counts"]["kind"] == {"item": 92, "pijler": 16, "kpi": 13, "doel": 9, "opdracht": 6}
    assert sum(found["counts"]["origin"].values()) == 136
    assert found["warnings"] == []
    a = next(a for a in found["ambitions"] if a["key"] == "ondermijning-4d")
    assert a["id"] == aid("ondermijning-4d") and a["kind"] == "item" and a["theme"] == "ondermijning"
    assert a["text"].startswith("AGORA biedt een digitale leer/kennisomgeving")
    assert "actieblok" in a["origin"] and a["heading_path"][-1] == "Hoe gaan we dit bereiken?"
    assert a["section_ids"] and "page" in a and a["parent_id"] is not None
    # in document order, as the plan has them
    assert [a["key"] for a in found["ambitions"]][:2] == ["ontwikkelopdracht-1", "ontwikkelopdracht-2"]


def test_kind_filter_and_plan_by_id_or_prefix(corpus):
    found = listing(corpus.data_dir, "rotterdam-strat", "--kind", "doel")
    assert found["plan"]["id"] == PLAN_ID and found["filter"] == {"kind": "doel"}
    assert len(found["ambitions"]) == 9 and {a["kind"] for a in found["ambitions"]} == {"doel"}
    assert found["counts"]["total"] == 136  # the counts stay those of the whole plan
    assert listing(corpus.data_dir, PLAN_ID)["counts"]["total"] == 136
    text = kb("ambitions", "--kind", "pijler", "--data-dir", corpus.data_dir).output
    assert "alleen soort pijler: 16 ambities" in text and "ondermijning-4d " not in text


def test_unknown_plan_and_a_report_are_refused_clearly(corpus):
    for wanted in ("geen-plan", REPORT_ID):
        result = kb("ambitions", wanted, "--data-dir", corpus.data_dir)
        assert result.exit_code == 1
        assert f"onbekend plan '{wanted}' (plannen: {PLAN_ID})" in result.output
    result = kb("ambitions", "--kind", "wens", "--data-dir", corpus.data_dir)
    assert result.exit_code == 2 and "wens" in result.output


def test_no_catalog_and_no_plans(tmp_path):
    result = kb("ambitions", "--data-dir", tmp_path / "leeg")
    assert result.exit_code == 1 and "kb ingest" in result.output
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in DOCUMENTS.glob(f"{REPORT_ID}.*"):
        shutil.copy(f, docs)
    assert kb("ingest", docs, "--data-dir", tmp_path / "data").exit_code == 0
    result = kb("ambitions", "--data-dir", tmp_path / "data")
    assert result.exit_code == 1 and "nog geen plannen in de catalogus" in result.output


def test_web_pages_of_the_bundled_plan(corpus, tmp_path):
    c = client(corpus.data_dir, tmp_path)
    page = c.get("/plannen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Strategische thema" in html and "Eenheid Rotterdam" in html and "2019–2022" in html
    assert f'href="/ambities?plan={PLAN_ID}"' in html and f'href="/documenten/{PLAN_ID}"' in html
    assert "item 92" in html and "huidige versie" in html
    assert 'href="/plannen"' in html  # the nav link
    overview = c.get("/api/plans").get_json()
    assert overview == c.get("/plannen.json").get_json()
    assert [p["id"] for p in overview["plans"]] == [PLAN_ID]
    assert overview["plans"][0]["kinds"] == {"item": 92, "pijler": 16, "kpi": 13, "doel": 9, "opdracht": 6}

    detail = c.get(f"/plannen/{PLAN_ID}")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert f'href="/ambities/{aid("ondermijning-4d")}"' in html and "AGORA biedt een digitale" in html
    assert "136 ambities" in html
    api = c.get(f"/api/plans/{PLAN_ID}").get_json()
    assert api == c.get(f"/plannen/{PLAN_ID}.json").get_json()
    cli = listing(corpus.data_dir, PLAN_ID)
    assert api["counts"] == cli["counts"] and [a["id"] for a in api["ambitions"]] == [a["id"] for a in cli["ambitions"]]
    first = api["ambitions"][0]
    assert first["url"] == f"/ambities/{first['id']}" and c.get(first["url"]).status_code == 200


def test_web_unknown_plan_is_404(corpus, tmp_path):
    c = client(corpus.data_dir, tmp_path)
    assert c.get("/plannen/geen-plan").status_code == 404
    assert "bestaat niet" in c.get("/plannen/geen-plan").get_data(as_text=True)
    for url in ("/plannen/geen-plan.json", "/api/plans/geen-plan", f"/api/plans/{REPORT_ID}"):
        answer = c.get(url)
        assert answer.status_code == 404 and "bestaat niet" in answer.get_json()["error"], url


# ---- a sidecar, end to end; beside it a plan in another convention


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """The bundled documents plus the Lindewaard plan, with a sidecar beside the bundled plan
    that drops one ambition (and one it lacks), renames one and adds one; ingested by `kb ingest`."""
    root = tmp_path_factory.mktemp("curated")
    docs, data = root / "documents", root / "data"
    shutil.copytree(DOCUMENTS, docs)
    write_ivp(docs)
    (docs / SIDECAR).write_text(SIDECAR_TEXT, encoding="utf-8")
    ingest = kb("ingest", docs, "--data-dir", data)
    assert ingest.exit_code == 0, ingest.output
    return docs, data, ingest


def test_sidecar_changes_show_in_the_listing(curated):
    _, data, _ = curated
    found = listing(data, PLAN_ID)
    by_key = {a["key"]: a for a in found["ambitions"]}
    assert DROPPED not in by_key and RENAMED not in by_key
    assert NEW_NAME in by_key and by_key[NEW_NAME]["origin"] == "zijbestand"
    assert by_key[NEW_NAME]["text"].startswith("Gevraagd en ongevraagd geven van advies")
    added = by_key[ADDED]
    assert added["origin"] == "zijbestand" and added["kind"] == "item" and added["theme"] == "ondermijning"
    assert added["text"] == "De leeromgeving AGORA wordt landelijk uitgerold."
    assert added["section_ids"] and added["heading_path"]  # found by its text in the plan
    assert found["counts"]["total"] == 136  # one dropped, one added
    assert found["counts"]["origin"]["zijbestand"] == 2
    # the unknown key: a warning kept with the plan and shown with its ambitions
    assert any(SIDECAR in w and UNKNOWN in w for w in found["warnings"]), found["warnings"]
    text = kb("ambitions", "rotterdam", "--data-dir", data).output
    assert "waarschuwing:" in text and UNKNOWN in text
    line = next(ln for ln in text.splitlines() if ln.startswith(f"{ADDED} "))
    assert "zijbestand" in line and "De leeromgeving AGORA" in line


def test_unknown_key_is_a_warning_in_the_ingest_output(curated):
    _, _, ingest = curated
    warned = [ln for ln in ingest.output.splitlines() if UNKNOWN in ln]
    assert warned and warned[0].startswith("waarschuwing ") and SIDECAR in warned[0] and "bestaat niet" in warned[0]


def test_the_trace_follows_the_sidecar(curated):
    _, data, _ = curated
    trace = Library(data).snapshot().trace
    assert trace.has(aid(ADDED)) and trace.has(aid(NEW_NAME))
    assert not trace.has(aid(DROPPED)) and not trace.has(aid(RENAMED))
    assert trace.has(aid("ondermijning-4d"))


def test_two_plans_need_a_name(curated):
    _, data, _ = curated
    result = kb("ambitions", "--data-dir", data)
    assert result.exit_code == 1
    assert "er zijn 2 plannen" in result.output and IVP_ID in result.output and PLAN_ID in result.output


def test_a_plan_in_another_convention(curated):
    _, data, _ = curated
    found = listing(data, "lindewaard")
    assert found["plan"]["id"] == IVP_ID and found["plan"]["unit"] == "Gemeente Lindewaard"
    assert found["plan"]["period"] == [2023, 2026]
    texts = {a["key"]: a["text"] for a in found["ambitions"]}
    assert set(IVP_EXPECTED) <= set(texts)
    assert all(texts[k] == v for k, v in IVP_EXPECTED.items())
    goal = next(a for a in found["ambitions"] if a["key"] == "jeugd-veiligheid-doel-1")
    assert "Wat willen we bereiken?" in goal["origin"] and goal["heading_path"][-1] == "Wat willen we bereiken?"
    kinds = {}
    for a in found["ambitions"]:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    assert found["counts"]["kind"] == kinds and found["counts"]["total"] == len(found["ambitions"])
    assert kinds["doel"] == sum(1 for k in IVP_EXPECTED if "-doel" in k) and kinds["item"] >= 5
    assert found["warnings"] == []


def test_web_pages_of_several_plans_and_a_sidecar(curated):
    docs, data, _ = curated
    c = client(data, docs)
    plans = c.get("/api/plans").get_json()["plans"]
    assert {p["id"] for p in plans} == {PLAN_ID, IVP_ID}
    ivp = next(p for p in plans if p["id"] == IVP_ID)
    assert ivp["unit"] == "Gemeente Lindewaard" and ivp["matrix_url"] == f"/ambities?plan={IVP_ID}"
    html = c.get("/plannen").get_data(as_text=True)
    assert "Gemeente Lindewaard" in html and f'href="/plannen/{IVP_ID}"' in html
    page = c.get(f"/plannen/{PLAN_ID}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "zijbestand" in html and f'href="/ambities/{aid(ADDED)}"' in html and UNKNOWN in html
    assert c.get(f"/ambities/{aid(ADDED)}").status_code == 200
    matrix = c.get(f"/ambities.json?plan={IVP_ID}")
    assert matrix.status_code == 200


def test_a_broken_sidecar_refuses_its_plan_only(tmp_path):
    docs, data = tmp_path / "documents", tmp_path / "data"
    shutil.copytree(DOCUMENTS, docs)
    write_ivp(docs)
    (docs / SIDECAR).write_text('drop = ["a"\n', encoding="utf-8")
    result = kb("ingest", docs, "--data-dir", data)
    refused = [ln for ln in result.output.splitlines() if ln.startswith("niet ingelezen")]
    assert len(refused) == 1, result.output
    assert PLAN_ID in refused[0] and f"ambitiebestand {SIDECAR}: geen geldige TOML" in refused[0]
    snapshot = Library(data).snapshot()
    assert {d for d in snapshot.catalog.document_by_id if not d.startswith("leerdossier-")} == {REPORT_ID, IVP_ID}
    assert listing(data)["plan"]["id"] == IVP_ID  # the only plan that went in


def test_versions_of_a_plan(tmp_path):
    """A re-issued plan (`supersedes` the bundled one): each version says which it is, and a
    start of an id that fits both is refused with both."""
    docs, data = tmp_path / "documents", tmp_path / "data"
    docs.mkdir()
    revised = "rotterdam-plan-herzien-2021"
    for f in DOCUMENTS.glob(f"{PLAN_ID}.*"):
        shutil.copy(f, docs)
    shutil.copy(DOCUMENTS / f"{PLAN_ID}.txt", docs / f"{revised}.txt")
    (docs / f"{revised}.meta.toml").write_text(
        'title = "Herziene versie"\nkind = "plan"\nunit = "Eenheid Rotterdam"\nperiod = [2019, 2022]\n'
        f'date = 2021-03-01\nsupersedes = "{PLAN_ID}"\n', encoding="utf-8")
    assert kb("ingest", docs, "--data-dir", data).exit_code == 0
    old = listing(data, PLAN_ID)
    assert old["plan"]["current"] is False and old["plan"]["status"] == f"oudere versie van {revised}"
    assert [(v["id"], v["status"]) for v in old["versions"]] == [
        (revised, "huidige versie"), (PLAN_ID, f"oudere versie van {revised}")]
    assert listing(data, revised)["versions"] == old["versions"]
    text = kb("ambitions", PLAN_ID, "--data-dir", data).output
    assert f"versies: {revised} (huidige versie); {PLAN_ID} (oudere versie van {revised})" in text
    ambiguous = kb("ambitions", "rotterdam", "--data-dir", data)
    assert ambiguous.exit_code == 1 and "past bij meer dan één plan" in ambiguous.output and revised in ambiguous.output
    html = client(data, docs).get("/plannen").get_data(as_text=True)
    assert f"oudere versie van {revised}" in html and "2 versies" in html
