"""A report with a results table of label | norm | realisatie rows (issue 15): an annual report
of 2021 made here as a web page (a real <table> with <th> headers) and as a printed PDF (a
ruled table), ingested for real beside the bundled plan. Each row is one findable table_row
that keeps its label, column headers and figures; the realised value of 2021 comes with the
report's norm and the figure of 2020 (kb.enrich.kpi reads "Realisatie 2021" as the year's
column and "Norm" as the report's norm); the plan's "kpi-ziekteverzuim" norm is scored in
2021 against it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fpdf import FPDF
from helpers.paths import DOCUMENTS, PLAN_ID, aid

from kb.enrich.kpi import extract_values
from kb.library import Library
from kb.model import Document, Section

REPORT = "rotterdam-jaarverslag-2021"
HEADERS = ["Indicator", "Norm", "Realisatie 2020", "Realisatie 2021"]
ROWS = [
    ["Aanrijdtijden prio 1 (binnen 15 minuten)", "82%", "80,3%", "81,2%"],
    ["Ziekteverzuim", "maximaal 6,8%", "6,9%", "6,1%"],
    ["Aangepakte criminele samenwerkingsverbanden", "95", "94", "101"],
]
# label -> (value 2021, unit, report's norm comparator and value, value 2020)
EXPECTED = {
    "Aanrijdtijden prio 1 (binnen 15 minuten)": (81.2, "%", ">=", 82.0, 80.3),
    "Ziekteverzuim": (6.1, "%", "<=", 6.8, 6.9),
    "Aangepakte criminele samenwerkingsverbanden": (101.0, None, ">=", 95.0, 94.0),
}
INTRO = ("In 2021 werkte de eenheid Rotterdam verder aan de strategische thema's. De tabel hieronder geeft "
         "per indicator de norm en de realisatie van 2020 en 2021.")
CLOSING = "Het ziekteverzuim daalde dankzij de aandacht voor werkdruk en vitaliteit van de medewerkers."


def report_html() -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    body = "".join(f'<tr><th scope="row">{r[0]}</th>' + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>"
                   for r in ROWS)
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Jaarverslag 2021 eenheid Rotterdam</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/contact">Contact</a></nav></header>
<main>
<h1>Jaarverslag 2021 eenheid Rotterdam</h1>
<h2>Resultaten</h2>
<p>{INTRO}</p>
<table><caption>Resultaten 2021</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>Bedrijfsvoering</h2>
<p>{CLOSING}</p>
</main>
<footer><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def report_pdf() -> bytes:
    """A printed report: bold headings over 10 pt body text, a ruled table with a bold
    header row (fpdf2's table, as tests/helpers/render_pdf.py makes them)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(56, 80, "Jaarverslag 2021 eenheid Rotterdam")
    pdf.set_font("Helvetica", "B", 13)
    pdf.text(56, 120, "Resultaten")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(56, 135)
    pdf.multi_cell(480, 13, INTRO)
    pdf.set_y(pdf.get_y() + 12)
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(text_align="LEFT", line_height=12, first_row_as_headings=True) as table:
        for data in [HEADERS, *ROWS]:
            row = table.row()
            for cell in data:
                row.cell(cell)
    y = pdf.get_y() + 24
    pdf.set_font("Helvetica", "B", 13)
    pdf.text(56, y, "Bedrijfsvoering")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(56, y + 12)
    pdf.multi_cell(480, 13, CLOSING)
    return bytes(pdf.output())


def _meta(path: Path, **fields) -> None:
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    path.with_name(path.stem + ".meta.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module", params=["html", "pdf"])
def ingested(request, tmp_path_factory):
    """The bundled plan and the report of 2021 in one format, ingested."""
    root = tmp_path_factory.mktemp(f"report-table-{request.param}")
    docs = root / "documents"
    docs.mkdir()
    for name in (f"{PLAN_ID}.txt", f"{PLAN_ID}.meta.toml"):
        shutil.copy(DOCUMENTS / name, docs / name)
    path = docs / f"{REPORT}.{request.param}"
    if request.param == "html":
        path.write_text(report_html(), encoding="utf-8")
    else:
        path.write_bytes(report_pdf())
    _meta(path, title="Jaarverslag 2021 eenheid Rotterdam", kind="jaarverslag", unit="Eenheid Rotterdam", year=2021)
    lib = Library(root / "data", documents_dir=docs)
    result = lib.ingest()
    assert not result.failures, [f.error for f in result.failures]
    return request.param, lib, result


def _rows(result) -> dict[str, Section]:
    """The report's table rows by their label (the header row, if it came through as a row,
    left out)."""
    rows = [s for s in result.sections if s.document_id == REPORT and s.kind == "table_row"]
    return {s.cells[0]: s for s in rows if s.cells and s.cells[0] in EXPECTED}


def test_each_row_is_one_table_row_with_its_label_and_figures(ingested):
    _, _, result = ingested
    rows = _rows(result)
    assert set(rows) == set(EXPECTED)
    for source in ROWS:
        s = rows[source[0]]
        assert s.cells == source, s
        for cell in source:
            assert cell in s.text, (cell, s.text)
    sections = [s for s in result.sections if s.document_id == REPORT]
    # no figure or row label became a section of its own
    assert not [s for s in sections if s.kind != "table_row" and any(s.text == c for r in ROWS for c in r)]
    assert [s.text for s in sections if s.kind == "heading"][:2] == ["Jaarverslag 2021 eenheid Rotterdam", "Resultaten"]


def test_a_row_names_its_columns(ingested):
    fmt, _, result = ingested
    s = _rows(result)["Ziekteverzuim"]
    assert s.columns == HEADERS
    assert s.text == "Ziekteverzuim | Norm: maximaal 6,8% | Realisatie 2020: 6,9% | Realisatie 2021: 6,1%"


def test_a_pdf_row_names_its_columns():
    """A header with a year in it ("Realisatie 2020") names a column; it is no row of figures."""
    from kb.parse import parse_bytes

    blocks = parse_bytes(report_pdf(), ".pdf").blocks
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [b.cells for b in rows] == ROWS
    assert all(b.columns == HEADERS for b in rows)


def test_the_row_is_found_by_search(ingested):
    fmt, lib, result = ingested
    wanted = _rows(result)["Ziekteverzuim"].id
    hits = lib.snapshot().search("ziekteverzuim realisatie").hits
    ids = [h.section_id for h in hits[:10]]
    assert wanted in ids, (fmt, ids)


def test_realised_values_carry_the_years_value_the_norm_and_the_year_before(ingested):
    _, _, result = ingested
    rows = _rows(result)
    values = {v.section_id: v for v in result.values if v.document_id == REPORT and v.source == "table"}
    for label, (value, unit, comparator, norm, previous) in EXPECTED.items():
        v = values.get(rows[label].id)
        assert v is not None, (label, sorted(values))
        assert (v.name, v.year, v.value, v.unit) == (label, 2021, value, unit), v
        assert (v.norm_comparator, v.norm_value, v.previous_value) == (comparator, norm, previous), v


def test_the_scorecard_scores_the_plans_sick_leave_norm_in_2021(ingested):
    fmt, lib, result = ingested
    snapshot = lib.snapshot()
    lines = [line for line in snapshot.trace.scorecard if line.norm["id"] == aid("kpi-ziekteverzuim") and line.year == 2021]
    assert len(lines) == 1, [(line.norm["id"], line.year) for line in snapshot.trace.scorecard]
    line = lines[0]
    assert line.value is not None, (fmt, line)
    assert line.value["section_id"] == _rows(result)["Ziekteverzuim"].id
    assert line.value["value"] == 6.1
    # the plan's "Ziekteverzuim; doel 6,8 %" is a ceiling: 6,1 % meets it
    assert (line.verdict, line.against) == ("gehaald", "plan")


# ---------------------------------------------------------------- the rule, on its own


def _report(year: int = 2021) -> Document:
    return Document(id="verslag", path="verslag.html", title="Jaarverslag", kind="jaarverslag", year=year)


def _row(cells: list[str], columns: list[str] | None, n: int = 0) -> Section:
    return Section(id=f"verslag/{n}", document_id="verslag", order=n, kind="table_row", text=" | ".join(cells),
                   heading_path=["Resultaten"], cells=cells, columns=columns)


@pytest.mark.parametrize("columns, year_at, norm_at", [
    (["Indicator", "Norm", "Realisatie 2020", "Realisatie 2021"], 3, 1),
    (["Indicator", "Doel", "2020", "2021"], 3, 1),
    (["Indicator", "Streefwaarde 2021", "Resultaat 2020", "Resultaat 2021"], 3, 1),
    (["Indicator", "Streefwaarde 2020", "Streefwaarde 2021", "2020 (realisatie)", "2021 (realisatie)"], 4, 2),
])
def test_column_headers_with_a_year_realisatie_and_a_norm_word(columns, year_at, norm_at):
    cells = ["Ziekteverzuim"] + [""] * (len(columns) - 1)
    cells[year_at] = "6,1%"
    cells[norm_at] = "maximaal 6,8%"
    if year_at - 1 > 0 and year_at - 1 != norm_at:
        cells[year_at - 1] = "6,9%"
    for i, c in enumerate(cells):
        if not c:
            cells[i] = "7,0%"  # another year's norm
    [v] = extract_values(_report(), [_row(cells, columns)])
    assert (v.value, v.unit, v.norm_comparator, v.norm_value) == (6.1, "%", "<=", 6.8)


def test_columns_that_are_no_realisation_or_norm_are_not_taken():
    columns = ["Indicator", "Begroting 2021", "% t.o.v. doel", "Prognose 2022"]
    assert extract_values(_report(), [_row(["Ziekteverzuim", "6,5%", "3%", "6,0%"], columns)]) == []


def test_a_bare_norm_is_a_ceiling_for_what_should_go_down_and_a_floor_otherwise():
    columns = ["Indicator", "Norm", "2020", "2021"]
    sick, cases = extract_values(_report(), [_row(["Ziekteverzuim", "6,8%", "6,9%", "6,1%"], columns, 0),
                                             _row(["Aangepakte csv's", "95", "94", "101"], columns, 1)])
    assert (sick.norm_comparator, sick.norm_value) == ("<=", 6.8)
    assert (cases.norm_comparator, cases.norm_value, cases.previous_value) == (">=", 95.0, 94.0)


def test_a_header_given_as_a_row_names_the_columns_of_the_rows_below_it():
    header = _row(HEADERS, None, 0)
    rows = [_row(r, None, k + 1) for k, r in enumerate(ROWS)]
    values = extract_values(_report(), [header, *rows])
    assert [(v.name, v.value, v.norm_value, v.previous_value) for v in values] == [
        (label, value, norm, previous) for label, (value, _, _, norm, previous) in EXPECTED.items()]
    # a paragraph between ends the table: its header does not name a later table's rows
    para = Section(id="verslag/9", document_id="verslag", order=9, kind="paragraph", text="Toelichting.",
                   heading_path=["Resultaten"])
    assert extract_values(_report(), [header, para, _row(ROWS[1], None, 10)]) == []
