"""PDF to blocks with pdfplumber, in reading order.

`extract_text()` reads across columns; instead the words of each page are grouped into
rows, the page's column gutters are found from the gaps in word positions, and each band of
rows is read column by column. Headings come from font size and weight, running headers and
footers from their repetition across pages, ruled tables from `find_tables()`. Lines are
joined with the same dehyphenation as text extracted elsewhere (kb.parse.cleanup).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import statistics
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from kb.model import Block, ParsedDocument
from kb.parse.cleanup import BARE_NUMBER, continues, ends_sentence, join_cell_lines, join_lines, superscript_to_digits
from kb.parse.lists import PDF_BULLET, decimal_label
from kb.text import YEAR, normalize_space
from kb.errors import ParseError
from kb.limits import die_with_parent, setting_int, thousands
from kb.parse.layout import FOOTNOTE, HEADING_NUMBER, LABEL, Levels, join_labels, label_of, toc_lines
from kb.parse.outline import build_outline, heading_key
from kb.parse.rows import row_text

BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
MARGIN = 0.09  # share of the page height where running headers and footers live
PAGE_NUMBER = re.compile(r"(pagina|page|blz\.?)?\s*\d+(\s*(van|of|/)\s*\d+)?", re.IGNORECASE)
_SUBSET = re.compile(r"^[A-Z]{6}\+")  # the subset prefix of an embedded font's name


@dataclass
class _Line:
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    column: int = 0
    table: list[list[str]] | None = None
    x1: float = 0.0
    text_x0: float | None = None  # where an item's text starts after its label (its hanging indent)
    font: str = ""  # the font most of the line is set in, without a subset prefix ("ABCDEF+")
    cut: bool = False  # a table whose last row the page end cut off: the next page's table goes on with it


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data:
        raise ParseError("empty", "leeg bestand (0 bytes)")
    if b"%PDF" not in data[:1024]:  # readers accept junk before the header
        raise ParseError("damaged", "geen PDF: de kop '%PDF' ontbreekt")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the document structure to be read
        return pdf
    except Exception as exc:  # pdfminer wraps its errors in several ways
        inner = getattr(exc, "args", [None])[0] if exc.args else None
        chain = [exc, inner, exc.__cause__, exc.__context__]
        if any(isinstance(e, PDFPasswordIncorrect) or "password" in type(e).__name__.lower() for e in chain if e is not None):
            raise ParseError("encrypted", "PDF is versleuteld met een wachtwoord; sla een onbeveiligde versie op") from None
        if any(isinstance(e, PDFSyntaxError) for e in chain if e is not None):
            raise ParseError("damaged", f"PDF is beschadigd: {exc}") from None
        raise ParseError("damaged", f"PDF is beschadigd of onleesbaar ({type(exc).__name__}: {exc})") from None


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by their vertical position."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= max(2.0, 0.3 * w.get("size", 10)):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _gutters(rows: list[list[dict]], x_min: float, x_max: float) -> list[float]:
    """x positions of column gutters: vertical strips that almost no word crosses while many
    rows have a gap there."""
    width = int(x_max - x_min) + 1
    if width < 50 or len(rows) < 4:
        return []
    covered = [0] * width
    gapped = [0] * width
    for row in rows:
        for w in row:
            for x in range(max(0, int(w["x0"] - x_min)), min(width, int(w["x1"] - x_min) + 1)):
                covered[x] += 1
        for a, b in zip(row, row[1:]):
            if b["x0"] - a["x1"] >= 8:
                for x in range(int(a["x1"] - x_min) + 1, min(width, int(b["x0"] - x_min))):
                    gapped[x] += 1
    # columns whose lines do not share baselines (a heading in one of them) have few rows
    # with a gap at the gutter: count rows with text to its left and to its right instead
    left = [0] * (width + 1)
    right = [0] * (width + 1)
    for row in rows:
        left[min(width, max(0, int(row[0]["x0"] - x_min) + 1))] += 1
        right[min(width, max(0, int(max(w["x1"] for w in row) - x_min)))] += 1
    for x in range(1, width + 1):
        left[x] += left[x - 1]
    for x in range(width - 1, -1, -1):
        right[x] += right[x + 1]
    text_rows = len(rows)
    enough = max(3, 0.25 * text_rows)
    candidates = [x for x in range(width) if covered[x] <= max(1, ACROSS_GUTTER * text_rows)
                  and (gapped[x] >= max(2, 0.25 * text_rows) or (left[x] >= enough and right[x] >= enough))]
    gutters: list[float] = []
    run: list[int] = []
    for x in candidates + [None]:
        if x is not None and (not run or x == run[-1] + 1):
            run.append(x)
            continue
        if run and len(run) >= 4:
            mid = (run[0] + run[-1]) / 2 + x_min
            # a gutter needs text on both sides: ignore strips near the edges
            if x_min + 0.15 * width < mid < x_max - 0.15 * width:
                gutters.append(mid)
        run = [x] if x is not None else []
    return gutters


# a gutter may be crossed by this share of a page's rows: the page's title, the running header, a
# chapter heading or a quote across both columns (a magazine-style annual report's page has
# five of 65; at 3 % its columns were read as one, line by line; a one-column page has most of
# its rows across any x in its text)
ACROSS_GUTTER = 0.12
BODY_ROWS = 12  # rows in the body text's size a page needs for its columns to be looked for among them alone
WORD = re.compile(r"[^\W\d_]{3}")  # three letters in a row


def _joined(words: list[dict]) -> str:
    """The words of a row as text. pdfplumber cuts a word where the font changes (an italic
    word and the full stop after it, a bold term and its colon); pieces that touch are one word
    again, whatever the word spacing of justified text puts between the others. A change of
    size is no such cut: a superscript note number stays apart from the word after it."""
    out = words[0]["text"]
    for a, b in zip(words, words[1:]):
        size_a, size_b = a.get("size", 10), b.get("size", 10)
        touch = b["x0"] - a["x1"] < 0.08 * min(size_a, size_b) and abs(size_a - size_b) < 0.5 \
            and a.get("fontname") != b.get("fontname")
        out += ("" if touch else " ") + b["text"]
    return out


def _make_line(words: list[dict], page_no: int, column: int) -> _Line:
    fonts: Counter = Counter()  # characters per font
    bold_chars = 0
    for w in words:
        font, n = w.get("fontname", ""), len(w["text"])
        fonts[_SUBSET.sub("", font)] += n
        if BOLD.search(font):
            bold_chars += n
    text_x0 = words[1]["x0"] if len(words) > 1 and LABEL.match(words[0]["text"]) else None
    return _Line(
        text_x0=text_x0, font=fonts.most_common(1)[0][0] if fonts else "",
        text=_joined(words),
        x0=min(w["x0"] for w in words), x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
        size=round(statistics.median(w.get("size", 10) for w in words), 1),
        bold=bold_chars > 0.6 * sum(fonts.values()), page=page_no, column=column,
    )


_MARK = (1.5, 7.0)  # points: the size of a drawn bullet, a disc or a square


def _drawn_bullets(page, words: list[dict]) -> list[dict]:
    """The bullets a browser or layout program draws instead of typing them (a web page
    printed to PDF draws each disc as a small curve): a word "•" for each small disc or
    square just left of a line's first word, so that the line reads as a list item."""
    marks = []
    for obj in (*page.curves, *page.rects):
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if not (_MARK[0] <= w <= _MARK[1] and _MARK[0] <= h <= _MARK[1] and 0.5 <= w / h <= 2):
            continue
        mid = (obj["top"] + obj["bottom"]) / 2
        level = [x for x in words if x["top"] <= mid <= x["bottom"]]
        right = [x for x in level if 0 <= x["x0"] - obj["x1"] <= 15]
        if not right or any(x["x1"] <= obj["x0"] and obj["x0"] - x["x1"] < 15 for x in level):
            continue  # nothing follows it, or it stands inside a line of text
        first = min(right, key=lambda x: x["x0"])
        marks.append({"text": "•", "x0": obj["x0"], "x1": obj["x1"], "top": first["top"], "bottom": first["bottom"],
                      "size": first.get("size", 10), "fontname": first.get("fontname", ""), "upright": True})
    return marks


ROW_RULE_GAP = 60  # points: the tallest row of a table ruled per row (a cell of four lines)


def _web_table(page, table):
    """A web page's table as Chromium prints it: a filled header row (the only ruled box
    pdfplumber finds) over rows parted by a rule under each cell (CSS `td { border-bottom }`),
    no lines between the columns. The rows are the header's columns between those rules; a
    rule drawn in one piece (a heading's underline) or far below ends the table."""
    x0, top, x1, bottom = table.bbox
    if len(table.rows) != 1:
        return table
    cells = [c for c in table.rows[0].cells if c]
    edges = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    if len(edges) < 3:
        return table
    rules: dict[float, int] = {}
    for r in page.rects:
        if r["bottom"] - r["top"] < 2.5 and r["top"] >= bottom - 1 and x0 - 1 <= r["x0"] and r["x1"] <= x1 + 1:
            rules[round(r["top"], 1)] = rules.get(round(r["top"], 1), 0) + 1
    below, last = [], bottom
    for y in sorted(y for y, n in rules.items() if n >= 2):  # split at the columns: no heading's underline
        if y - last > ROW_RULE_GAP:
            break
        below.append(y)
        last = y
    if not below:
        return table
    found = page.crop((x0 - 1, top - 1, x1 + 1, below[-1] + 2.5)).find_tables(
        {"vertical_strategy": "explicit", "explicit_vertical_lines": edges,
         "horizontal_strategy": "explicit", "explicit_horizontal_lines": [top, bottom, *below]})
    return found[0] if found else table


def _outermost(tables: list) -> list:
    """The tables not inside another one, in their order: a web table with striped rows is
    found once per filled stripe, and each grows down to the table's end (_web_table)."""
    def inside(a, b) -> bool:
        return b[0] - 1 <= a[0] and b[1] - 1 <= a[1] and a[2] <= b[2] + 1 and a[3] <= b[3] + 1
    return [t for i, t in enumerate(tables)
            if not any(j != i and inside(t.bbox, o.bbox) and (not inside(o.bbox, t.bbox) or j < i)
                       for j, o in enumerate(tables))]


CUT_ROW_GAP = 12  # points: at most this between a table's box and the first line of a row the page end cut off


def _cut_row(page, table, words: list[dict]) -> tuple[list[str], set[int]] | None:
    """The last row of a table that the page end cut off, as a browser prints a row over two
    pages: it stands just below the table's box (which ends at the last row ruled all round),
    within its width, with nothing but the page's margin below it, and its words fall in the
    table's columns. Its cells (by the columns of the table's last row) and the ids of the
    words taken; None when there is no such row."""
    x0, _, x1, bottom = table.bbox
    foot = (1 - MARGIN) * page.height
    below: list[dict] = []  # the row's words: lines close below the box, within its width
    last = bottom
    for line in _rows(sorted((w for w in words if w["top"] >= bottom - 1), key=lambda w: (w["top"], w["x0"]))):
        top = min(w["top"] for w in line)
        if top - last <= CUT_ROW_GAP and all(x0 - 1 <= w["x0"] and w["x1"] <= x1 + 1 for w in line):
            below += line
            last = max(w["bottom"] for w in line)
        elif top < foot:
            return None  # the page goes on below the table: no row cut off by its end
        else:
            break  # the page's footer
    if not below:
        return None
    edges = [c for c in (table.rows[-1].cells if table.rows else []) if c]
    if len(edges) < 2:
        return None
    cells: list[list[dict]] = [[] for _ in edges]
    for w in below:
        at = next((i for i, c in enumerate(edges) if c[0] - 1 <= w["x0"] and w["x1"] <= c[2] + 1), None)
        if at is None:
            return None  # a word over a column's edge: a line of text under the table, no row of it
        cells[at].append(w)
    if sum(bool(c) for c in cells) < 2:
        return None
    texts = [join_cell_lines("\n".join(" ".join(w["text"] for w in line) for line in _rows(ws))) for ws in cells]
    return texts, {id(w) for w in below}


def _page_lines(page, page_no: int) -> list[_Line]:
    """The lines of one page in reading order, ruled tables as single pseudo-lines."""
    try:
        tables = _outermost([_web_table(page, t) for t in page.find_tables()])
    except Exception:  # a broken table structure is not worth failing the page for
        tables = []
    boxes = [t.bbox for t in tables]

    def in_table(w: dict) -> bool:
        return any(b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] and w["bottom"] <= b[3] + 1 for b in boxes)

    words = [w for w in page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
             if w.get("upright", True) and not in_table(w)]
    words += [w for w in _drawn_bullets(page, words) if not in_table(w)]
    cut_rows = {}  # index of a table -> the cells of its last row, below its box, that the page end cut off
    for n, t in enumerate(tables):
        tail = _cut_row(page, t, words)
        if tail is not None:
            cut_rows[n], taken = tail
            words = [w for w in words if id(w) not in taken]
    rows = _rows(words)
    lines: list[_Line] = []
    if rows:
        x_min = min(w["x0"] for w in words)
        x_max = max(w["x1"] for w in words)
        gutters = _gutters(rows, x_min, x_max)
        sizes: Counter = Counter()
        for w in words:
            sizes[round(w.get("size", 10), 1)] += len(w["text"])
        body = sizes.most_common(1)[0][0]
        if not gutters:
            # a page that opens with a cover or a chapter title and ends with a quote, all across
            # the columns: among the rows in the body text's size alone the gutter shows
            text_rows = [row for row in rows if abs(statistics.median(w.get("size", 10) for w in row) - body) <= 0.5]
            if len(text_rows) >= BODY_ROWS:
                gutters = _gutters(text_rows, x_min, x_max)
        bounds = [x_min - 1, *gutters, x_max + 1]
        band: list[list[dict]] = []

        def flush_band() -> None:
            for c in range(len(bounds) - 1):
                for row in band:
                    part = [w for w in row if bounds[c] <= (w["x0"] + w["x1"]) / 2 < bounds[c + 1]]
                    if part:
                        lines.append(_make_line(part, page_no, c))
            band.clear()

        for r, row in enumerate(rows):
            spanning = any(_across(row, g) for g in gutters) or _title_alone(r, rows, body, gutters)
            if spanning:
                flush_band()
                lines.append(_make_line(row, page_no, -1))
            else:
                band.append(row)
        flush_band()
    lines = join_labels(lines)
    for n, t in enumerate(tables):
        try:
            data = t.extract()
        except Exception:
            continue
        cells = [[join_cell_lines(c or "") for c in row] for row in data or []]
        if n in cut_rows:
            cells.append(cut_rows[n])
        cells = [r for r in cells if any(r)]
        if cells:
            x0, top, _, bottom = t.bbox
            line = _Line(text="", x0=x0, top=top, bottom=bottom, size=0, bold=False, page=page_no, column=-1, table=cells,
                         cut=n in cut_rows)
            # place the table before the first line that starts below it
            at = next((i for i, ln in enumerate(lines) if ln.column in (-1, 0) and ln.top > top), len(lines))
            lines.insert(at, line)
    return lines


WORD_SPACE = 0.6  # of the letters' size: wider than a word space, narrower than a gutter


def _across(row: list[dict], gutter: float) -> bool:
    """Whether the row runs across the gutter: a word over it, or two words on either side of
    it no further apart than a word space (a quote in large letters under both columns whose
    space between "op de" and "heide" happens to fall on the gutter)."""
    if any(w["x0"] < gutter < w["x1"] for w in row):
        return True
    return any(a["x1"] <= gutter <= b["x0"] and b["x0"] - a["x1"] < WORD_SPACE * min(a.get("size", 10), b.get("size", 10))
               for a, b in zip(row, row[1:]))


TITLE_SIZE = 1.5  # a chapter title's letters are at least this many times the body text's (a column's own heading is 1.3)


def _title_alone(r: int, rows: list[list[dict]], body: float, gutters: list[float]) -> bool:
    """Whether row `r` is a title above the columns that follow, though too short to cross the
    gutter ("Zorg en veiligheid" over two columns of text): larger than the body text, with no
    row of another column beside it. A column's own heading has the other column's lines beside
    it; without this the title joined the left column, and the right column's text above it
    came after it."""
    row = rows[r]
    if not gutters or statistics.median(w.get("size", 10) for w in row) < TITLE_SIZE * body \
            or any(min(w["x0"] for w in row) < g < max(w["x1"] for w in row) for g in gutters):
        return False  # one column's line, or the lines of two columns at one height
    top, bottom = min(w["top"] for w in row), max(w["bottom"] for w in row)
    return not any(min(w["top"] for w in other) < bottom and max(w["bottom"] for w in other) > top
                   for o, other in enumerate(rows) if o != r)


def _repeating(lines_by_page: dict[int, list[_Line]], heights: dict[int, float]) -> set[tuple[int, int]]:
    """(page, index) of running headers and footers: margin lines that recur on other pages,
    and page numbers."""
    margin: list[tuple[int, int, str, str, str]] = []  # (page, index, text, its key, its row's key)
    counts: Counter = Counter()  # pages each such text (or row of them) is in the margin of

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower()).strip()  # the digits as "#"

    for page, lines in lines_by_page.items():
        h = heights[page]
        here = [(i, ln) for i, ln in enumerate(lines)
                if ln.table is None and (ln.top < MARGIN * h or ln.bottom > (1 - MARGIN) * h)]
        # the lines at one height as one row: a page with columns cuts the running footer
        # "file:///.../verslag.html 2/6" in two where a page without them does not
        rows = {i: " ".join(key(o.text) for _, o in sorted(((j, o) for j, o in here if abs(o.top - ln.top) < 3),
                                                             key=lambda x: x[1].x0)) for i, ln in here}
        margin += [(page, i, ln.text, key(ln.text), rows[i]) for i, ln in here]
        counts.update({k for i, ln in here for k in (key(ln.text), "row:" + rows[i])})
    pages = len(lines_by_page)
    least = max(2, 0.3 * pages)
    return {(page, i) for page, i, text, line_key, row_key in margin
            if BARE_NUMBER.match(text) or PAGE_NUMBER.fullmatch(text.strip())
            or (pages >= 2 and (counts[line_key] >= least or counts["row:" + row_key] >= least))}


def _has_duplicate_chars(chars: list[dict]) -> bool:
    """pdfplumber's dedupe_chars is slow; only pay for it when glyphs are doubled."""
    if not chars:
        return False
    keys = Counter((c.get("text"), round(c.get("x0", 0)), round(c.get("top", 0))) for c in chars)
    doubled = sum(n - 1 for n in keys.values() if n > 1)
    return doubled > 0.05 * len(chars)


PARALLEL_MIN_PAGES = 24  # below this, starting processes costs more than it saves


@dataclass(frozen=True)
class Limits:
    """What one PDF may hold before it is refused as no ordinary document (a few kB can
    draw millions of glyphs, each costing pdfplumber some 2 kB): glyphs, and separately
    lines and shapes, per page; glyphs in all; the page's unpacked content streams."""

    page_chars: int = 200_000
    chars: int = 10_000_000
    page_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_settings(cls) -> Limits:
        """KB_PDF_MAX_PAGE_CHARS, KB_PDF_MAX_CHARS, KB_PDF_MAX_PAGE_MB (0 = no limit)."""
        big = 1 << 62
        page_chars, chars, page_mb = (setting_int(n) for n in ("PDF_MAX_PAGE_CHARS", "PDF_MAX_CHARS", "PDF_MAX_PAGE_MB"))
        return cls(page_chars if page_chars > 0 else big, chars if chars > 0 else big,
                   page_mb * 1024 * 1024 if page_mb > 0 else big)


def _too_big(message: str) -> ParseError:
    return ParseError("too_big", f"{message}; dit lijkt geen gewoon document")


class _Crowded(Exception):
    """A page drew more glyphs (or lines and shapes) than the limit."""

    def __init__(self, what: str):
        self.what = what


_DEVICE = None


def _guarded_device():
    """pdfplumber's own layout device, counting what it makes and stopping at the limit
    before the objects of a glyph bomb fill the memory."""
    global _DEVICE
    if _DEVICE is None:
        from pdfplumber.page import PDFPageAggregatorWithMarkedContent

        class Guarded(PDFPageAggregatorWithMarkedContent):
            limit = 0
            chars = 0
            shapes = 0

            def render_char(self, *args, **kwargs):
                self.chars += 1
                if self.chars > self.limit:
                    raise _Crowded("tekens")
                return super().render_char(*args, **kwargs)

            def paint_path(self, *args, **kwargs):
                self.shapes += 1
                if self.shapes > self.limit:
                    raise _Crowded("lijnen en vlakken")
                return super().paint_path(*args, **kwargs)

        _DEVICE = Guarded
    return _DEVICE


def _content_bytes(page_obj, cap: int) -> int:
    """The unpacked size of a page's content streams, counted up to just past `cap`
    without holding them (Flate streams are inflated piece by piece); streams of other
    filters count with their stored size."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    total = 0
    for ref in page_obj.contents or []:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            continue
        if stream.data is not None:
            total += len(stream.data)
            continue
        raw = stream.rawdata or b""
        filters = stream.get_filters()
        if stream.decipher or len(filters) != 1 or filters[0][0] not in LITERALS_FLATE_DECODE:
            total += len(raw)
            continue
        inflate = zlib.decompressobj()
        try:
            while raw and total <= cap:
                total += len(inflate.decompress(raw, 1 << 20))
                raw = inflate.unconsumed_tail
        except zlib.error:
            pass  # pdfminer has its own way with a damaged stream
        if total > cap:
            break
    return total


def _layout(page, page_no: int, limits: Limits) -> None:
    """Build the page's layout (what page.chars and friends are made of) with the limits
    checked: first the size of its content streams, then the glyphs and shapes one by one."""
    if _content_bytes(page.page_obj, limits.page_bytes) > limits.page_bytes:
        raise _too_big(f"pagina {page_no} heeft meer dan {thousands(limits.page_bytes // (1024 * 1024))} MB "
                       "aan opmaakinstructies")
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _guarded_device()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    device.limit = limits.page_chars
    try:
        PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except _Crowded as crowded:
        raise _too_big(f"pagina {page_no} heeft meer dan {thousands(limits.page_chars)} {crowded.what}") from None
    page._layout = device.get_result()  # pdfplumber's cache of Page.layout


def _extract(data: bytes, first: int, last: int | None, limits: Limits | None = None) -> tuple[dict, dict, int, list[str], int]:
    """In a worker process: open the PDF and extract pages first..last."""
    pdf = _open(data)
    try:
        return _extract_from(pdf, first, last, limits)
    finally:
        pdf.close()


def _extract_from(pdf, first: int, last: int | None, limits: Limits | None = None) -> tuple[dict, dict, int, list[str], int]:
    """Lines per page for pages first..last (1-based, inclusive; None = to the end)."""
    limits = limits or Limits()
    warnings: list[str] = []
    lines_by_page: dict[int, list[_Line]] = {}
    heights: dict[int, float] = {}
    chars = 0
    page_count = len(pdf.pages)
    for i in range(first, (last or page_count) + 1):
        original = page = pdf.pages[i - 1]
        out_of_memory = False
        try:
            try:
                _layout(page, i, limits)
            except (ParseError, MemoryError):
                raise
            except Exception:
                pass  # as before: pdfplumber tries again and the page is skipped if it fails
            if _has_duplicate_chars(page.chars):
                page = page.dedupe_chars()  # fake bold: every glyph printed twice
            chars += len(page.chars)
            if chars > limits.chars:
                raise _too_big(f"de PDF heeft meer dan {thousands(limits.chars)} tekens")
            heights[i] = float(page.height)
            lines_by_page[i] = _page_lines(page, i)
        except ParseError:
            raise
        except MemoryError:  # past the process's limit (kb.limits): said below, once the
            out_of_memory = True  # error's traceback no longer holds the page's objects
        except Exception as exc:
            warnings.append(f"pagina {i} overgeslagen: {type(exc).__name__}")
            lines_by_page[i] = []
            heights[i] = 842.0
        finally:
            original.close()  # frees pdfplumber's per-page caches: a 200-page PDF stays small
        if out_of_memory:
            page = original = None
            raise _too_big(f"pagina {i} vraagt te veel geheugen om te lezen")
    return lines_by_page, heights, chars, warnings, page_count


def _workers(page_count: int, workers: int | None) -> int:
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    return max(1, min(workers, page_count // (PARALLEL_MIN_PAGES // 2) or 1)) if page_count >= PARALLEL_MIN_PAGES else 1


def _worker_start(main: int) -> None:
    """A parse worker dies with its parent, the forkserver; one forked just as `main` (the
    process that wants the pages) died does not start."""
    die_with_parent()
    try:
        os.kill(main, 0)
    except ProcessLookupError:
        os._exit(1)
    except PermissionError:
        pass


def _extract_parallel(data: bytes, page_count: int, n: int, limits: Limits) -> tuple[dict, dict, int, list[str]]:
    size = -(-page_count // n)
    ranges = [(start, min(page_count, start + size - 1)) for start in range(1, page_count + 1, size)]
    lines_by_page: dict[int, list[_Line]] = {}
    heights: dict[int, float] = {}
    chars, warnings = 0, []
    # forkserver, not fork: the caller may run threads (a progress bar, a web server) and a
    # fork copies their locks; the server process is forked once, clean
    context = multiprocessing.get_context("forkserver")
    # the forkserver dies with this process (kb.forkserver_guard), the workers with the
    # forkserver: a killed `kb ingest` leaves nobody parsing on; all inherit its rlimits
    context.set_forkserver_preload(["kb.forkserver_guard", "kb.parse.pdf"])
    with ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        for part in pool.map(_extract, [data] * len(ranges), *zip(*ranges), [limits] * len(ranges)):
            lines_by_page.update(part[0])
            heights.update(part[1])
            chars += part[2]
            warnings += part[3]
            if chars > limits.chars:
                raise _too_big(f"de PDF heeft meer dan {thousands(limits.chars)} tekens")
    return lines_by_page, heights, chars, warnings


def parse_pdf(data: bytes, workers: int | None = None, limits: Limits | None = None) -> ParsedDocument:
    """`workers`: processes for the page-by-page extraction of a long PDF (default: the
    machine's cores, at most 4). The result is the same as with one. `limits`: default
    from the settings (Limits.from_settings); past them a ParseError ("too_big")."""
    limits = limits or Limits.from_settings()
    pdf = _open(data)
    try:
        bookmarks = _bookmarks(pdf)
        page_count = len(pdf.pages)
        n = _workers(page_count, workers)
        if n == 1:
            lines_by_page, heights, _, warnings, page_count = _extract_from(pdf, 1, None, limits)
    finally:
        pdf.close()
    if n > 1:
        try:
            lines_by_page, heights, _, warnings = _extract_parallel(data, page_count, n, limits)
        except (BrokenProcessPool, OSError):  # no processes to be had here: do it in this one
            lines_by_page, heights, _, warnings, page_count = _extract(data, 1, None, limits)
    if page_count == 0:
        raise ParseError("damaged", "PDF heeft geen pagina's")
    scanned = [p for p in range(1, page_count + 1) if not lines_by_page.get(p)]
    if scanned:  # pages without a text layer: OCR'd (kb.parse.ocr); None: nothing on them, go on
        from kb.parse.ocr import parse_with_ocr

        if (read := parse_with_ocr(data, scanned, lines_by_page, heights, page_count, warnings)) is not None:
            return read

    blocks = blocks_from_lines(lines_by_page, heights, page_count)
    _levels_from_numbers(blocks)
    _levels_from_bookmarks(blocks, bookmarks)
    blocks = build_outline(blocks)
    if not blocks:
        raise ParseError("no_text", "geen leesbare tekst gevonden")
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, title=title, pages=page_count, warnings=warnings)


def blocks_from_lines(lines_by_page: dict[int, list[_Line]], heights: dict[int, float], page_count: int) -> list[Block]:
    """The lines of all pages (`_extract_from`'s) as blocks, in page order: running headers,
    footers and page numbers and the table of contents left out. [] when nothing is left.
    parse_pdf and, for the text pages of a partly scanned PDF, kb.parse.ocr both read
    their pages with this."""
    drop = _repeating(lines_by_page, heights)
    drop |= toc_lines(lines_by_page, drop, page_count)
    lines = [ln for p, ls in lines_by_page.items() for i, ln in enumerate(ls) if (p, i) not in drop]
    text_lines = [ln for ln in lines if ln.table is None and ln.text.strip()]
    if not text_lines and not any(ln.table for ln in lines):
        return []
    blocks = _blocks(lines, text_lines)
    for b in blocks:
        if b.kind == "heading" and _lead(b.text):
            b.kind, b.level, b.label = "paragraph", None, None
    return blocks


LEAD_WORDS = 25  # more words than this is no heading
_SENTENCE_END = re.compile(r"[^\W_]\.\s+[A-Z]")  # "... naar 204. Dat is ...", not "3.1 Doel"


def _lead(text: str) -> bool:
    """Whether a "heading" is a lead paragraph: a magazine-style report sets a chapter's first
    paragraph in larger bold letters ("Het aantal woninginbraken daalde in 2024 naar 204. Dat
    is minder dan in 2023, ..."). Long, of two sentences, or a long one ending in a full stop."""
    words = len(text.split())
    return words > LEAD_WORDS or (words > 12 and (bool(_SENTENCE_END.search(text)) or text.rstrip().endswith(".")))


def _blocks(lines: list[_Line], text_lines: list[_Line]) -> list[Block]:
    levels = Levels(text_lines)
    body = levels.body
    gaps = [
        b.top - a.bottom
        for a, b in zip(text_lines, text_lines[1:])
        if a.page == b.page and a.column == b.column and 0 <= b.top - a.bottom < 3 * body
    ]
    gap = statistics.median(gaps) if gaps else body * 0.3
    para_gap = max(1.6 * gap, gap + 2.5)  # wider than this between two lines: a new paragraph

    def near(a: _Line | None, b: _Line | None) -> bool:
        return a is not None and b is not None and a.page == b.page and a.column == b.column \
            and 0 <= b.top - a.bottom < para_gap

    def bold_body(ln: _Line | None) -> bool:
        return ln is not None and ln.table is None and ln.bold and abs(ln.size - body) <= body * 0.06

    def bold_heading(i: int, ln: _Line) -> bool:
        """A bold line at body size in a short run of such lines (one or two, not a bold
        paragraph), not a list item: a run-in heading. A full stop at its end is allowed when
        the run holds one short sentence."""
        t = ln.text.strip()
        if not bold_body(ln) or PDF_BULLET.match(t) or LABEL.match(t.split(" ", 1)[0]):
            return False
        # the run around it, looked at no further than decides it: more than three lines is no heading
        start = i
        while start > max(0, i - 3) and bold_body(lines[start - 1]) and near(lines[start - 1], lines[start]) \
                and not ends_sentence(lines[start - 1].text):
            start -= 1
        end = i
        while end + 1 < min(len(lines), i + 4) and bold_body(lines[end + 1]) and near(lines[end], lines[end + 1]) \
                and not ends_sentence(lines[end].text):
            end += 1
        if end - start > 2:
            return False
        run = " ".join(lines[k].text.strip() for k in range(start, end + 1))
        words = run.split()
        if len(words) > 14 or re.search(r"[,;]$", run):
            return False
        # a short question alone in bold ("Waar willen we staan?") heads what answers it
        return not ends_sentence(run) or (run.endswith(".") and len(words) <= 8 and not re.search(r"\w\.\s+\S", run[:-1])) \
            or (run.endswith("?") and len(words) <= 10 and not re.search(r"[.?!]\s+\S", run[:-1]))

    def heading_level(i: int, ln: _Line) -> int | None:
        if not WORD.search(ln.text):
            return None  # "w.g.", "1.", "a)": a heading names something in a word of its own
        level = levels.level(ln)
        if level is not None:
            return level
        return levels.bold_level if bold_heading(i, ln) else None

    # the left edge of each column: where most of its lines start, over the whole document
    starts: dict[int, Counter] = {}
    for ln in text_lines:
        starts.setdefault(max(ln.column, 0), Counter())[round(ln.x0)] += 1
    left = {c: float(n.most_common(1)[0][0]) for c, n in starts.items()}

    def indent(ln: _Line, x: float) -> float:
        return x - left.get(max(ln.column, 0), ln.x0)

    blocks: list[Block] = []
    current: Block | None = None
    prev: _Line | None = None
    hang: float | None = None  # the hanging indent of the current item, from its column's left edge
    item_left: float | None = None  # where the current item's first line (its label) starts, from that edge
    bold_styles: dict[int, str] = {}  # id of a run-in heading (bold at body size) -> its font
    cut: tuple[Block, list[str], list[str] | None] | None = None  # a table row the page end cut off, its cells, columns
    for i, ln in enumerate(lines):
        if ln.table is not None:
            rows = ln.table
            columns = rows[0] if len(rows) > 1 and not any(_figure(c) for c in rows[0]) else None
            for k, row in enumerate(rows[1:] if columns else rows):
                if k == 0 and cut is not None and cut[0].page + 1 == ln.page and len(row) == len(cut[1]) \
                        and not row[0] and any(row):
                    # the rest of the row the page end cut off: "klantcontactcentrum" below
                    # "Training meldcode ... van het"
                    whole = [join_lines(a, b) for a, b in zip(cut[1], row)]
                    block, named = cut[0], cut[2]
                    block.cells, block.page_end = [c for c in whole if c], ln.page
                    block.text = row_text(whole if named else block.cells, named)
                    continue
                cells = [c for c in row if c]
                if cells:
                    named = columns if columns and len(columns) == len(row) else None
                    blocks.append(Block(kind="table_row", text=row_text(row if named else cells, named), cells=cells,
                                        columns=columns, page=ln.page, page_end=ln.page))
                    cut = (blocks[-1], row, named) if ln.cut else None
            current, prev, hang = None, None, None
            continue
        text = ln.text.strip()
        if not text:
            continue
        cut = None  # text between: the next table is another one
        if current is not None and current.kind == "heading" and prev is not None and prev.size == ln.size \
                and prev.bold == ln.bold and prev.page == ln.page and prev.column == ln.column \
                and 0 <= ln.top - prev.bottom < max(1.5 * gap, 0.6 * ln.size) and not ends_sentence(current.text) \
                and len(current.text) + len(text) <= 160 and levels.size_heading(prev):
            level = current.level  # a heading over two or three lines, at its own line spacing
        else:
            level = heading_level(i, ln)
        if level is not None:
            if current is not None and current.kind == "heading" and prev is not None and prev.size == ln.size \
                    and prev.page == ln.page and ln.top - prev.bottom < max(1.5 * max(gap, 1), 0.6 * ln.size) \
                    and not ends_sentence(current.text):
                current.text = join_lines(current.text, text)  # a heading over two lines
            else:
                numbered = label_of(text)
                number = HEADING_NUMBER.match(text)
                current = Block(kind="heading", text=text, level=level, page=ln.page, page_end=ln.page,
                                label=numbered[0] if numbered else number.group(1) if number else None)
                blocks.append(current)
                if level == levels.bold_level and levels.level(ln) is None:
                    bold_styles[id(current)] = ln.font
            prev, hang = ln, None
            continue
        if levels.is_small(ln):
            m_note = FOOTNOTE.match(text)
            if m_note:
                current = Block(kind="footnote", text=m_note.group(2), label=superscript_to_digits(m_note.group(1)),
                                page=ln.page, page_end=ln.page)
                blocks.append(current)
                prev, hang = ln, None
                continue
            if current is not None and current.kind == "footnote" and prev is not None and prev.page == ln.page \
                    and levels.is_small(prev) and prev.column == ln.column:
                step = ln.top - prev.bottom
                if near(prev, ln) or 0 <= step < ln.size:  # small print at the body's line spacing
                    current.text = join_lines(current.text, text)
                    prev = ln
                    continue
                if 0 <= step < 3 * body and abs(ln.x0 - prev.x0) < 3 and indent(ln, ln.x0) > 3:
                    # at the notes' hanging indent: a note whose number the font could not print
                    current = Block(kind="footnote", text=text, page=ln.page, page_end=ln.page)
                    blocks.append(current)
                    prev = ln
                    continue
        m_bullet = PDF_BULLET.match(text)
        m_num = label_of(text)
        if m_num is None and (m_num := decimal_label(text)) is not None and current is not None \
                and current.kind in ("paragraph", "bullet") and near(prev, ln) and not ends_sentence(current.text) \
                and not current.text.rstrip().endswith((":", ";")):
            m_num = None  # "... zoals in hoofdstuk" / "2.3 Een ...": a reference carried to the next line
        if m_bullet and text[:1] in "-–—" and current is not None and current.kind == "paragraph" \
                and near(prev, ln) and abs(ln.x0 - prev.x0) < 3 and not ends_sentence(current.text) \
                and not current.text.rstrip().endswith(":") and not m_bullet.group(1)[:1].isupper():
            # a dash carried to the start of a line ("2019" / "– 2022"), no list item; a dash
            # under a list item, or before a capital, opens the next item of a list whose
            # items end without a full stop ("- PM van Veen - bestuurslid")
            m_bullet = None
        # a line at the item's hanging indent goes on with the item, also past a page or column end
        hanging = hang is not None and current is not None and current.kind == "bullet" and abs(indent(ln, ln.x0) - hang) < 3 \
            and not m_num and (near(prev, ln) or prev.page != ln.page or prev.column != ln.column)
        # or deeper than its label line, right under it: a hanging indent wider than the label
        # ("1.4 In 2024 starten wij ...;" / "in 2026 hebben ..." at 1 cm, the text after "1.4 " at 0.6)
        hanging = hanging or (item_left is not None and current is not None and current.kind == "bullet"
                              and not m_num and not m_bullet and near(prev, ln) and indent(ln, ln.x0) > item_left + 8)
        new_para = not hanging and (
            current is None
            or current.kind in ("heading", "footnote")
            or m_bullet is not None
            or m_num is not None
            or prev is None
            or prev.page != ln.page
            or prev.column != ln.column
            or ln.top - prev.bottom > para_gap
            or (ends_sentence(current.text) and ln.x0 > prev.x0 + 8)
            or (current.kind == "bullet" and hang is not None and indent(ln, ln.x0) < hang - 3
                and ends_sentence(current.text))
        )
        if new_para and current is not None and current.kind in ("paragraph", "bullet") and prev is not None \
                and (prev.page != ln.page or prev.column != ln.column) \
                and continues(current.text, text) and not m_bullet and not m_num:
            new_para = False  # a paragraph that runs on in the next column or page
        if new_para:
            if m_bullet:
                current = Block(kind="bullet", text=m_bullet.group(1), label="•", page=ln.page, page_end=ln.page)
            elif m_num:
                current = Block(kind="bullet", text=m_num[1], label=m_num[0], page=ln.page, page_end=ln.page)
            else:
                current = Block(kind="paragraph", text=text, page=ln.page, page_end=ln.page)
            hang = indent(ln, ln.text_x0) if (m_bullet or m_num) and ln.text_x0 is not None else None
            item_left = indent(ln, ln.x0) if (m_bullet or m_num) else None
            blocks.append(current)
        else:
            current.text = join_lines(current.text, text)
            current.page_end = ln.page
        prev = ln
    for b in blocks:
        b.text = normalize_space(b.text)
    _rank_bold_styles(blocks, bold_styles, levels.bold_level)
    return [b for b in blocks if b.text]


def _figure(cell: str) -> bool:
    """A number, not a column's name: a year heading a column ("2020") and a name with a
    year in it ("Realisatie 2020") are names; "82 %", "maximaal 6,8 %" are figures."""
    return bool(re.search(r"\d", re.sub(rf"(?<!\d){YEAR}(?!\d)", "", cell)))


def _rank_bold_styles(blocks: list[Block], styles: dict[int, str], base: int) -> None:
    """Run-in headings (bold at body size) set in two or more fonts (a bold-italic sans
    question over bold serif pillars) are as many levels. The higher is the style that comes
    first under a larger heading: a sub-heading follows its parent, not the other way round."""
    fonts = set(styles.values())
    if len(fonts) < 2:
        return
    votes: Counter = Counter()
    first: dict[str, int] = {}
    before: Block | None = None
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        font = styles.get(id(b))
        if font is not None:
            first.setdefault(font, i)
            if before is not None and id(before) not in styles:
                votes[font] += 1
        before = b
    ranked = sorted(fonts, key=lambda f: (-votes[f], first.get(f, 0)))
    for b in blocks:
        if id(b) in styles:
            b.level = base + ranked.index(styles[id(b)])


def _depth(b: Block) -> int | None:
    if b.kind != "heading" or not b.label or not re.fullmatch(r"\d{1,2}(\.\d{1,2}){0,3}", b.label) \
            or not HEADING_NUMBER.match(b.text):
        return None
    return b.label.count(".") + 1


def _levels_from_numbers(blocks: list[Block]) -> None:
    """Numbered headings ("3", "3.2", "3.2.1") that size and weight put on one level take
    their levels from the depth of their numbers; the headings below move down with them."""
    level = 1
    while level <= max((b.level or 0 for b in blocks if b.kind == "heading"), default=0):
        depths = {d for b in blocks if b.kind == "heading" and b.level == level and (d := _depth(b)) is not None}
        if len(depths) >= 2:
            low, high = min(depths), max(depths)
            for b in blocks:
                if b.kind != "heading" or b.level is None:
                    continue
                if b.level > level:
                    b.level += high - low
                elif b.level == level and (d := _depth(b)) is not None:
                    b.level = level + d - low
        level += 1


MAX_BOOKMARKS = 5000


def _bookmarks(pdf) -> list[tuple[int, str]]:
    """The document outline (PDF bookmarks) as (level, title), levels from 1; [] when
    there is none or it cannot be read."""
    out: list[tuple[int, str]] = []
    try:
        for entry in pdf.doc.get_outlines():
            level, title = entry[0], entry[1]
            if isinstance(title, bytes):
                title = title.decode("utf-16" if title[:2] in (b"\xfe\xff", b"\xff\xfe") else "latin-1", "replace")
            if isinstance(level, int) and isinstance(title, str) and title.strip():
                out.append((level, normalize_space(title)))
            if len(out) >= MAX_BOOKMARKS:
                break
    except Exception:  # no outline (PDFNoOutlines) or a broken one: the layout alone decides
        return []
    if out:
        top = min(level for level, _ in out)
        out = [(level - top + 1, title) for level, title in out]
    return out


def _levels_from_bookmarks(blocks: list[Block], bookmarks: list[tuple[int, str]]) -> None:
    """The author's outline, where the PDF has one, confirms headings and their levels: a
    heading with a bookmark takes the bookmark's level, a short paragraph that is exactly a
    bookmark's title becomes a heading, and headings without one keep their place among them
    (the levels they had, moved as the levels around them moved)."""
    if len(bookmarks) < 2:
        return
    wanted: dict[str, int] = {}
    for level, title in bookmarks:
        wanted.setdefault(heading_key(title), level)
    wanted.pop("", None)
    if not wanted:
        return
    votes: dict[int, Counter] = {}
    matched: dict[int, int] = {}
    for b in blocks:
        if b.kind == "heading" and (level := wanted.get(heading_key(b.text))) is not None:
            matched[id(b)] = level
            votes.setdefault(b.level or 1, Counter())[level] += 1
    if not matched:
        return  # bookmarks that name no heading on the pages (page labels, files): no outline
    mapping = {old: c.most_common(1)[0][0] for old, c in votes.items()}
    seen = {heading_key(b.text) for b in blocks if id(b) in matched}
    for b in blocks:
        if id(b) in matched:
            b.level = matched[id(b)]
        elif b.kind == "heading":
            old = b.level or 1
            below = [o for o in mapping if o < old]
            if old in mapping:
                b.level = mapping[old]
            elif below:
                b.level = old + mapping[max(below)] - max(below)
        elif b.kind == "paragraph" and len(b.text) <= 150 and not ends_sentence(b.text) \
                and (key := heading_key(b.text)) in wanted and key not in seen:
            b.kind, b.level = "heading", wanted[key]
            number = HEADING_NUMBER.match(b.text)
            b.label = number.group(1) if number else None
            seen.add(key)
