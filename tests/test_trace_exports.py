"""The trace exports an auditor opens in Excel carry every decision: the status set (who,
when, why) beside the proposal, confirmed and proposed links in columns of their own, the
rejected ones, every decision with its note, the notes; an autofilter, a fill per status and
the ambition page's absolute address per row in XLSX; `;`, a decimal comma and a BOM in CSV,
whose Content-Type names the charset once. Read back with openpyxl and csv, from the web
download and from `kb export`, on a real ingest of the bundled corpus (a private copy)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from helpers.paths import REPORT_ID, aid
from openpyxl import load_workbook

from kb.cli import main
from kb.trace.export import STATUS_FILLS
from web import create_app

AMBITION = aid("ondermijning-4d")
LEERDOSSIER = f"{REPORT_ID}/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"


@pytest.fixture
def decided(library):
    """A data folder where an auditor confirmed a link with a note, rejected another, wrote a
    note and set the status of the cell."""
    row = library.snapshot().trace.detail(AMBITION)
    other = next(p.section["id"] for p in row.cells[2020].progress if p.section["id"] != LEERDOSSIER)
    library.record_decision(AMBITION, LEERDOSSIER, "bevestigd", "leerdossier telt als kennisomgeving", author="anna")
    library.record_decision(AMBITION, other, "afgewezen", "gaat over iets anders", author="anna")
    library.record_decision(AMBITION, None, "notitie", "navragen bij de eenheid", author="bert")
    library.record_status_decision(AMBITION, 2020, "status vastgesteld", "deels gerealiseerd", "AGORA nog niet af",
                                   author="bert")
    return library, other


def by_column(rows: list[list]) -> list[dict]:
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


def check_table(table: list[dict], library) -> None:
    """Every row's link columns as the trace has its cell: confirmed ones apart from proposals."""
    trace = library.snapshot().trace
    for row in table:
        cell = trace.detail(row["ambitie"]).cells[int(row["jaar"])]
        proposed = [p for p in cell.progress if p.decision is None]
        confirmed = [p for p in cell.progress if p.decision is not None]
        assert bool(row["voorgestelde koppelingen"]) == bool(proposed), row["ambitie"]
        assert bool(row["bevestigde koppelingen"]) == bool(confirmed), row["ambitie"]
    assert sum(bool(r["voorgestelde koppelingen"]) for r in table) > 10


def check_row(row: dict, other: str) -> None:
    assert row["status"] == "deels gerealiseerd" and row["bron"] == "vastgesteld"
    assert row["status vastgesteld door"] == "bert" and row["reden status"] == "AGORA nog niet af"
    assert row["voorstel trace"] and row["voorstel trace"] != "" and row["status vastgesteld op"]
    assert "Jaarverslag 2020" in row["bevestigde koppelingen"] and row["bevestigde koppelingen"].count(" | ") == 0
    assert row["voorgestelde koppelingen"] != row["bevestigde koppelingen"]
    assert row["afgewezen koppelingen"]
    assert "bevestigd door anna" in row["beslissingen"] and "(leerdossier telt als kennisomgeving)" in row["beslissingen"]
    assert "afgewezen door anna" in row["beslissingen"] and other in row["beslissingen"]
    assert "navragen bij de eenheid (bert" in row["notities"]
    assert row["nummer"] == "Ondermijning 4d"


@pytest.fixture
def client(decided):
    library, _ = decided
    return create_app({"DATA_DIR": str(library.data_dir), "SECRET_KEY": "t", "TESTING": True}).test_client()


def test_xlsx_download_has_every_decision_a_filter_colours_and_links(decided, client):
    library, other = decided
    for url in ("/ambities/export.xlsx", "/api/export/trace.xlsx"):
        r = client.get(url)
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.data)).active
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        header = rows[0]
        assert ws.auto_filter.ref == ws.dimensions and ws.auto_filter.ref.startswith("A1:")
        table = by_column(rows)
        check_table(table, library)
        row = next(r for r in table if r["ambitie"] == AMBITION)
        check_row(row, other)
        n = 2 + table.index(row)
        status_cell = ws.cell(row=n, column=header.index("status") + 1)
        assert status_cell.fill.fgColor.rgb.endswith(STATUS_FILLS["deels gerealiseerd"])
        proposal_cell = ws.cell(row=n, column=header.index("voorstel trace") + 1)
        assert proposal_cell.fill.fgColor.rgb.endswith(STATUS_FILLS[proposal_cell.value])
        link = ws.cell(row=n, column=header.index("adres") + 1)
        assert link.value == f"http://localhost/ambities/{AMBITION}" and link.hyperlink.target == link.value
        assert all(r["adres"].startswith("http://localhost/ambities/") for r in table)
        assert isinstance(row["beste score"], float) and isinstance(row["jaar"], int)  # numbers stay numbers


def test_csv_download_is_for_dutch_excel(decided, client):
    library, other = decided
    for url in ("/ambities/export.csv", "/api/export/trace.csv"):
        r = client.get(url)
        assert r.headers.getlist("Content-Type") == ["text/csv; charset=utf-8"]
        assert r.data.startswith("\ufeff".encode()) and r.data.decode("utf-8-sig").split("\r\n")[0].count(";") >= 20
        rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
        table = by_column(rows)
        check_table(table, library)
        row = next(r for r in table if r["ambitie"] == AMBITION)
        check_row(row, other)
        assert re.fullmatch(r"\d,\d+", row["beste score"])  # a decimal comma
        assert all("." not in r["beste score"] for r in table)
        assert row["adres"] == f"http://localhost/ambities/{AMBITION}"
    r = client.get("/zoeken.csv", query_string={"q": "agora"})
    assert r.headers.getlist("Content-Type") == ["text/csv; charset=utf-8"]  # the search's CSV too
    r = client.get("/api/export/kpis.csv")
    assert r.headers["Content-Type"].count("charset") == 1
    kpis = by_column(list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";")))
    prio1 = next(k for k in kpis if k["norm"] == aid("kpi-aanrijdtijden-prio-1") and k["jaar"] == "2020")
    assert prio1["gerealiseerd"] == "83,3"


def test_cli_export_carries_the_same_with_a_base_url(decided, tmp_path):
    library, other = decided
    out = tmp_path / "trace.xlsx"
    r = CliRunner().invoke(main, ["export", "trace", "-o", str(out), "--basis-url", "https://kb.example.nl/",
                                  "--data-dir", str(library.data_dir)])
    assert r.exit_code == 0, r.output
    ws = load_workbook(out).active
    table = by_column([[c.value for c in row] for row in ws.iter_rows()])
    row = next(r for r in table if r["ambitie"] == AMBITION)
    check_row(row, other)
    assert row["adres"] == f"https://kb.example.nl/ambities/{AMBITION}"
    out = tmp_path / "trace.csv"
    r = CliRunner().invoke(main, ["export", "trace", "-o", str(out), "--basis-url", "", "--data-dir", str(library.data_dir)])
    rows = by_column(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")))
    assert all(r["adres"] == "" for r in rows)  # no address asked: none made up
    r = CliRunner().invoke(main, ["export", "trace", "-o", str(out), "--data-dir", str(library.data_dir)],
                           env={"KB_BASE_URL": ""})
    assert "geen links naar de ambitiepagina's" in r.output  # not localhost, which nobody else can open
    rows = by_column(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")))
    assert all(r["adres"] == "" for r in rows)
    r = CliRunner().invoke(main, ["export", "trace", "-o", str(out), "--data-dir", str(library.data_dir)],
                           env={"KB_BASE_URL": "https://beleidsbank.example.nl"})
    rows = by_column(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")))
    assert rows[0]["adres"].startswith("https://beleidsbank.example.nl/ambities/")


def test_a_negative_number_in_csv_stays_a_number():
    from kb.trace.export import SpreadsheetTable

    csv = SpreadsheetTable("t", ["a", "b"], [[-5.5, "-1 =x"], [0.333333, None]]).csv().decode("utf-8-sig")
    assert csv.splitlines()[1] == "-5,5;'-1 =x" and csv.splitlines()[2] == "0,3333;"
