"""The bundled plan rendered as a printed PDF with fpdf2, from the structure the text parser
finds in it (`parse_bytes(text, ".txt")`): a cover, a table of contents with dot leaders and
page numbers, bold headings in 16/13/11 pt (and bold body size for the fourth level) over
10 pt body text, numbered and lettered items with their number in a cell of its own and a
hanging indent, bullets, footnotes in 8 pt, ruled tables, the monitor set as a table, a
running header with the title and the page number in the footer; one or two columns.

    data, placed = render_plan(columns=1)

`placed` says what went where (kind, text, page): for assertions on headers and TOC lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

from kb.model import Block
from kb.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "documents" / "rotterdam-strategische-themas-2019-2022.txt"
MONITOR = "eenheidsmonitorset"

SIZES = {1: 16.0, 2: 13.0, 3: 11.0}  # heading level -> size; deeper levels: bold body size
BODY = 10.0
LEADING = 13.0
PAGE_W, PAGE_H, MARGIN, GUTTER = 595.0, 842.0, 56.0, 24.0
LABEL_W = 18.0  # the cell of an item's number


def _latin(text: str) -> str:
    """What Helvetica (cp1252) can print."""
    table = str.maketrans({"⁴": "4", "‐": "-", "‑": "-"})
    return text.translate(table).encode("cp1252", "replace").decode("cp1252")


@dataclass
class Placed:
    kind: str  # heading, paragraph, item, table, header, footer, toc
    text: str
    page: int


class _Doc(FPDF):
    def __init__(self, title: str):
        super().__init__(unit="pt", format=(PAGE_W, PAGE_H))
        self.running = title
        self.core_fonts_encoding = "cp1252"  # the quotes, dashes and bullet of Dutch text
        self.placed: list[Placed] = []

    def header(self):
        if self.page_no() > 1:
            self.set_font("Helvetica", "", 8)
            self.text(MARGIN, 32, _latin(self.running))
            self.placed.append(Placed("header", self.running, self.page_no()))

    def footer(self):
        if self.page_no() > 1:
            self.set_font("Helvetica", "", 8)
            number = str(self.page_no())
            self.text(PAGE_W / 2 - self.get_string_width(number) / 2, PAGE_H - 28, number)
            self.placed.append(Placed("footer", number, self.page_no()))


@dataclass
class _Writer:
    title: str
    columns: int = 1
    toc: list[tuple[int, str, int]] = field(default_factory=list)  # level, text, page

    def __post_init__(self):
        self.pdf = _Doc(self.title)
        self.pdf.set_auto_page_break(False)
        self.col = 0
        self.top = MARGIN + 8
        self.y = self.top
        self.pdf.add_page()

    # -- geometry
    @property
    def col_w(self) -> float:
        return (PAGE_W - 2 * MARGIN - (self.columns - 1) * GUTTER) / self.columns

    def col_x(self) -> float:
        return MARGIN + self.col * (self.col_w + GUTTER)

    def new_page(self) -> None:
        self.pdf.add_page()
        self.col = 0
        self.top = MARGIN + 8
        self.y = self.top

    def room(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN:
            if self.col + 1 < self.columns:
                self.col += 1
                self.y = self.top
            else:
                self.new_page()

    def fresh_band(self) -> None:
        """Start full-width material: on a page of its own when columns were written."""
        if self.columns > 1 and (self.y > self.top or self.col > 0):
            self.new_page()

    # -- text
    def wrap(self, text: str, width: float) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and self.pdf.get_string_width(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        return lines + ([line] if line else [])

    def lines(self, text: str, size: float, style: str = "", indent: float = 0.0, label: str | None = None,
              label_indent: float = 0.0, leading: float = LEADING) -> None:
        self.pdf.set_font("Helvetica", style, size)
        wrapped = self.wrap(_latin(text), self.col_w - indent)
        for i, line in enumerate(wrapped):
            self.room(leading)
            self.pdf.set_font("Helvetica", style, size)
            base = self.y + size
            if i == 0 and label:
                self.pdf.text(self.col_x() + label_indent, base, _latin(label))
            self.pdf.text(self.col_x() + indent, base, line)
            self.y += leading

    def heading(self, b: Block) -> None:
        level = b.level or 1
        if level == 1:
            if self.pdf.page_no() > 1 or self.y > self.top:
                self.new_page()
            self.toc.append((1, b.text, self.pdf.page_no()))
        elif level == 2:
            self.toc.append((2, b.text, self.pdf.page_no()))
        size = SIZES.get(level, BODY)
        self.y += 10 if level <= 2 else 6
        self.room(size * 3)  # no heading alone at the foot of a column
        columns = self.columns
        if level == 1:
            self.columns = 1  # a chapter title spans the columns
        self.lines(b.text, size, "B", leading=size * 1.3)
        self.columns = columns
        self.y += 4
        if level == 1:
            self.top = self.y
        self.pdf.placed.append(Placed("heading", b.text, self.pdf.page_no()))

    def paragraph(self, b: Block) -> None:
        self.lines(b.text, BODY)
        self.y += 7
        self.pdf.placed.append(Placed("paragraph", b.text, self.pdf.page_no()))

    def item(self, b: Block, nested: bool) -> None:
        label = b.label or "•"
        shown = "•" if label == "•" else f"{label}."
        base = LABEL_W if nested else 0.0
        self.lines(b.text, BODY, indent=base + LABEL_W, label=shown, label_indent=base)
        self.y += 4
        self.pdf.placed.append(Placed("item", b.text, self.pdf.page_no()))

    def footnote(self, b: Block) -> None:
        self.lines(b.text, 8, indent=10, label=b.label or "", leading=10)
        self.y += 5
        self.pdf.placed.append(Placed("footnote", b.text, self.pdf.page_no()))

    def table(self, header: list[str] | None, rows: list[list[str]]) -> None:
        self.fresh_band()
        width = min(8, max(len(r) for r in rows + ([header] if header else [])))
        # a row of more cells than fit goes on over several rows
        rows = [r[k:k + width] for r in rows for k in range(0, max(len(r), 1), width)]
        header = header[:width] if header else header
        if self.y > PAGE_H - MARGIN - 80:
            self.new_page()
        self.pdf.set_font("Helvetica", "", 8)
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        self.pdf.set_y(self.y + 4)
        self.pdf.set_left_margin(MARGIN)
        self.pdf.set_right_margin(MARGIN)
        with self.pdf.table(text_align="LEFT", line_height=10, first_row_as_headings=bool(header),
                            repeat_headings=1 if header else 0) as table:
            for data in ([header] if header else []) + rows:
                row = table.row()
                for cell in data + [""] * (width - len(data)):
                    row.cell(_latin(cell))
        self.pdf.set_auto_page_break(False)
        self.y = self.pdf.get_y() + 10
        self.top = self.y if self.columns > 1 else MARGIN + 8
        self.col = 0
        self.pdf.placed.append(Placed("table", " ".join(" ".join(r) for r in rows), self.pdf.page_no()))


def plan_blocks() -> list[Block]:
    return parse_bytes(PLAN.read_bytes(), ".txt").blocks


def _write(blocks: list[Block], columns: int, toc: list[tuple[int, str, int]] | None,
           monitor_table: bool) -> _Writer:
    title = blocks[0].text
    w = _Writer(title=title, columns=columns)
    # the cover: title, unit, adoption, lower on the page
    w.y = 260
    i = 0
    while i < len(blocks) and not (i > 0 and blocks[i].kind == "heading" and blocks[i].level == 1):
        b = blocks[i]
        if b.kind == "heading":
            w.lines(b.text, SIZES.get(b.level or 1, BODY) + 6, "B", leading=30)
        else:
            w.lines(b.text, 12, leading=16)
        w.y += 10
        i += 1
    # the table of contents: chapter entries with dot leaders, sections without
    w.new_page()
    w.lines("Inhoud", SIZES[1], "B", leading=22)
    w.y += 10
    for level, text, page in toc or []:
        w.pdf.set_font("Helvetica", "B" if level == 1 else "", BODY)
        indent = 0 if level == 1 else 18
        number = str(page)
        room = w.col_w - indent - w.pdf.get_string_width(number) - 12
        shown = _latin(text)
        while w.pdf.get_string_width(shown) > room:
            shown = shown[:-2]
        if level == 1:
            dots = "." * int((room - w.pdf.get_string_width(shown)) / w.pdf.get_string_width("."))
            shown = f"{shown} {dots}"
        w.room(LEADING + 2)
        w.pdf.text(MARGIN + indent, w.y + BODY, shown)
        w.pdf.text(PAGE_W - MARGIN - w.pdf.get_string_width(number), w.y + BODY, number)
        w.pdf.placed.append(Placed("toc", text, w.pdf.page_no()))
        w.y += LEADING + 2
    # the body
    last_number = False
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "table_row":
            j = i
            while j < len(blocks) and blocks[j].kind == "table_row" and blocks[j].columns == b.columns:
                j += 1
            w.table(b.columns, [r.cells or [r.text] for r in blocks[i:j]])
            i = j
            continue
        if monitor_table and b.kind == "heading" and MONITOR in b.text.lower():
            w.heading(b)
            i += 1
            rows: list[list[str]] = []
            tail: list[Block] = []
            theme = ""
            while i < len(blocks) and not (blocks[i].kind == "heading" and (blocks[i].level or 1) <= (b.level or 1)):
                c = blocks[i]
                if c.kind == "heading":
                    theme = c.text
                elif c.kind == "bullet":
                    rows.append([theme, c.text])
                    theme = ""
                elif rows:
                    tail.append(c)
                else:
                    w.paragraph(c)
                i += 1
            w.table(["Thema", "Indicator en norm"], rows)
            for c in tail:
                w.paragraph(c)
            continue
        if b.kind == "heading":
            w.heading(b)
        elif b.kind == "bullet":
            label = b.label or "•"
            nested = label.isalpha() and len(label) == 1 and last_number
            w.item(b, nested)
            last_number = label.isdigit() or (nested and last_number)
            i += 1
            continue
        elif b.kind == "footnote":
            w.footnote(b)
        elif b.kind == "table_row":
            pass
        else:
            w.paragraph(b)
        last_number = False
        i += 1
    return w


def render_plan(columns: int = 1, monitor_table: bool = True) -> tuple[bytes, list[Placed]]:
    """The plan as a printed PDF; rendered twice so the contents has the right pages."""
    blocks = plan_blocks()
    first = _write(blocks, columns, None, monitor_table)
    w = _write(blocks, columns, first.toc, monitor_table)
    assert [p for _, _, p in w.toc] == [p for _, _, p in first.toc], "the contents moved the pages"
    return bytes(w.pdf.output()), w.pdf.placed
