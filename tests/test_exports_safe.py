"""Spreadsheets that cannot be turned against the auditor who opens them: text that starts a
formula ("=HYPERLINK(...)"), also behind a control character or leading spaces, comes out
of every export (web downloads and `kb export`, CSV and XLSX) as visible text, never as a
formula cell; numbers stay numbers. The poison comes in as an auditor's note, a document's
title and a document's line, through a real ingest."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS, aid
from openpyxl import load_workbook

from kb.cli import main
from kb.library import Library
from kb.tables import Table
from web import create_app

EVIL = '=HYPERLINK("http://evil.example/","Klik voor details")'
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STARTS_FORMULA = re.compile(r"^[\s\x00-\x1f\x7f]*[=+\-@]")


def read_xlsx(data: bytes) -> list[list]:
    """The cells' values, after checking that none is a formula and all text is text."""
    ws = load_workbook(io.BytesIO(data)).active
    rows = []
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
        rows.append([c.value for c in row])
    return rows


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def assert_safe(rows: list[list]) -> None:
    for row in rows:
        for v in row:
            if isinstance(v, str):
                assert not CONTROL.search(v), repr(v)
                assert not STARTS_FORMULA.match(v), repr(v)  # a formula start is quoted with '


def cells_with(rows: list[list], text: str) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str) and text in v]


TRICKY = ["\x01" + EVIL, " =1+1", "\t=1+1", "\r\n=1+1", "+31 6 1234", "-5", "@SUM(A1)", "\x00\x1f=2*3", "gewoon"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_table_quotes_formulas_also_behind_control_characters(fmt):
    table = Table("proef", ["tekst", "getal", "komma", "leeg"], [[t, 42, 83.3, None] for t in TRICKY])
    data = table.render(fmt)
    rows = read_xlsx(data) if fmt == "xlsx" else read_csv(data)
    assert rows[0] == ["tekst", "getal", "komma", "leeg"]
    assert_safe(rows[1:])
    texts = [r[0] for r in rows[1:]]
    assert texts[0] == "'" + EVIL  # the text itself, visible, without the control character
    assert texts[-1] == "gewoon"
    assert all(t.startswith("'") for t in texts[:-1]), texts
    assert all(CONTROL.sub("", orig).strip() in t for orig, t in zip(TRICKY, texts)), texts
    if fmt == "xlsx":  # numbers stay numbers
        assert all(r[1] == 42 and r[2] == pytest.approx(83.3) and r[3] is None for r in rows[1:])
    else:
        assert all(r[1] == "42" and r[2] == "83.3" and r[3] == "" for r in rows[1:])


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory, corpus):
    """The bundled corpus plus a 2021 report whose title and first line are formulas behind a
    control character, and an auditor's note that is one; ingested for real."""
    root = tmp_path_factory.mktemp("formules")
    docs = root / "documents"
    shutil.copytree(DOCUMENTS, docs)
    (docs / "testdata-formule.txt").write_text(
        "# Jaarverslag 2021 (TESTDATA)\n\n## Vitaliteit\n\n\x01" + EVIL + " In 2021 daalde het ziekteverzuim tot "
        "5,1 % (ambitie was maximaal 6,7 %). Het leerdossier over AGORA is in 2021 opgeleverd.\n", encoding="utf-8")
    (docs / "testdata-formule.meta.toml").write_text(
        'title = "\\u0001=HYPERLINK(\\"http://evil.example/\\",\\"Titel met formule\\")"\nkind = "jaarverslag"\n'
        'unit = "Eenheid Rotterdam"\nyear = 2021\n', encoding="utf-8")
    data = root / "data"
    shutil.copytree(corpus.data_dir, data, symlinks=True)
    lib = Library(data, documents_dir=docs)
    assert not lib.ingest([docs]).failures
    lib.record_decision(aid("ondermijning-4d"), None, "notitie", note="\x01" + EVIL, author="auditor")
    return docs, data


@pytest.fixture(scope="module")
def client(poisoned):
    docs, data = poisoned
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "t",
                       "TESTING": True}).test_client()


# every download, and what of the poison it shows
WEB_ROUTES = [
    ("/ambities/export.csv", ["Klik voor details", "Titel met formule"]),
    ("/ambities/export.xlsx", ["Klik voor details", "Titel met formule"]),
    ("/api/export/trace.csv", ["Klik voor details", "Titel met formule"]),
    ("/api/export/trace.xlsx", ["Klik voor details", "Titel met formule"]),
    ("/api/export/kpis.csv", ["Klik voor details"]),
    ("/api/export/kpis.xlsx", ["Klik voor details"]),
    ("/zoeken.csv?q=ziekteverzuim+2021+leerdossier+agora", ["Klik voor details", "Titel met formule"]),
]


@pytest.mark.slow  # the module's ingest
@pytest.mark.parametrize("url,shown", WEB_ROUTES)
def test_every_web_download_shows_formulas_as_text(client, url, shown):
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    rows = read_xlsx(r.data) if ".xlsx" in url else read_csv(r.data)
    assert_safe(rows)
    for text in shown:
        found = cells_with(rows, text)
        assert found, (url, text)
        assert any('HYPERLINK("http://evil.example/"' in v for v in found)


@pytest.mark.slow  # the module's ingest
@pytest.mark.parametrize("kind,fmt", [("trace", "csv"), ("trace", "xlsx"), ("scorecard", "csv"), ("scorecard", "xlsx")])
def test_every_cli_export_shows_formulas_as_text(poisoned, tmp_path, kind, fmt):
    _, data = poisoned
    out = tmp_path / f"{kind}.{fmt}"
    r = CliRunner().invoke(main, ["export", kind, "-o", str(out), "--data-dir", str(data)])
    assert r.exit_code == 0, r.output
    rows = read_xlsx(out.read_bytes()) if fmt == "xlsx" else read_csv(out.read_bytes())
    assert_safe(rows)
    assert cells_with(rows, "'" + EVIL) or any(v.startswith("'") and EVIL in v for v in cells_with(rows, EVIL))
    if kind == "scorecard":  # the figures stay numbers in the spreadsheet (with a decimal comma, as Dutch Excel reads them)
        value = next(row for row in rows[1:] if row[0] == aid("kpi-aanrijdtijden-prio-1") and str(row[3]) == "2020")
        assert value[5] == (pytest.approx(83.3) if fmt == "xlsx" else "83,3")
