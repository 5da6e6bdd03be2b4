"""Tables as people open them: CSV for Dutch Excel (semicolons, a BOM, a formula never run)
and XLSX (openpyxl). One class for every download: the trace, the scorecard, search results."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from kb.text import dutch_number

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# characters no spreadsheet cell may hold (XML 1.0 forbids them; openpyxl's ILLEGAL_CHARACTERS_RE,
# and DEL): removed from every text cell, before the formula check, so they cannot hide a "="
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a formula's first character, also after leading spaces or line breaks (Excel skips them)
_FORMULA = re.compile(r"^\s*[=+\-@]|^[\t\r]")


@dataclass
class Table:
    name: str  # sheet name and the stem of the download's file name
    columns: list[str]
    rows: list[list]

    def render(self, fmt: str) -> bytes:
        if fmt not in CONTENT_TYPES:
            raise ValueError(f"format {fmt!r}")
        return self.csv() if fmt == "csv" else self.xlsx()

    decimal_comma = False  # numbers in CSV as Dutch Excel reads them (0,33), never as text to quote

    def csv(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow(["" if v is None else safe_text(v) if isinstance(v, str)
                        else decimal_comma(v) if self.decimal_comma and isinstance(v, float) else v for v in r])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = self.name[:31]
        ws.append(self.columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in self.rows:
            ws.append([safe_text(v) if isinstance(v, str) else v for v in r])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, whatever it starts with: never a formula cell
        ws.freeze_panes = "A2"
        for i, name in enumerate(self.columns, 1):
            width = max([len(name)] + [len(str(r[i - 1])) for r in self.rows[:200]])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, max(8, width + 2))
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def decimal_comma(value: float) -> str:
    """A number as Dutch Excel reads it (0,33; -5,5): a number, so never quoted as a formula;
    the same text as the pages write (kb.text.dutch_number)."""
    return dutch_number(value)


def safe_text(value: str) -> str:
    """A text cell as a spreadsheet may safely show it: control characters removed first, then
    text that a spreadsheet would run as a formula ("=HYPERLINK(...)", also " =..." or "\t=...")
    quoted with a leading apostrophe, so it shows as the text it is."""
    value = _ILLEGAL.sub("", value)
    if _FORMULA.match(value):
        return "'" + value
    return value
