"""The parser for wrapped text: text extracted from a (two-column) PDF elsewhere (the report
seed).

Such text keeps the layout's damage: lines broken at the column width, words hyphenated
across lines, print slugs and page numbers, footnotes where the page printed them, running
headers dropped into the middle of paragraphs, and tables flattened into lines of figures.
Pages come from the print slugs and footers; the rest is repaired here before headings are
classified.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kb.parse import cleanup
from kb.parse.cleanup import (
    ends_sentence,
    ends_with_hyphen,
    indent_of,
    join_lines,
    starts_lowercase,
)
from kb.parse.lists import BULLET, LETTERED, NUMBERED, UPPER_LETTERED
from kb.parse.text.rules import APPENDIX, block_heading, heading_like, table_cells
from kb.parse.text.site import toc_entry
from kb.parse.text.units import (
    HeadingClass,
    Unit,
    UnitKind,
    demote_empty_plain_headings,
    join_continuations,
    table_runs,
)
from kb.text import YEAR_WORD, normalize_space

FOOTNOTE_DIGIT = re.compile(r"^\s*(\d{1,2})\s+([A-Z].*)$")



def is_wrapped(lines: list[str]) -> bool:
    """True for text broken at a column width: nine in ten lines are short."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 20:
        return False
    return lengths[int(len(lengths) * 0.9)] < 90


@dataclass
class _Line:
    text: str
    page: int | None
    page_end: int | None


def wrapped_units(lines: list[str]) -> list[Unit]:
    seq, footnotes = _wrapped_lines(lines)

    lengths = [len(x.text.rstrip()) for x in seq if isinstance(x, _Line)]
    width = statistics.median(lengths) if lengths else 40
    units: list[Unit] = []
    current: list[_Line] = []
    for item in seq + [None]:
        if isinstance(item, _Line):
            # A line indented by a space after a finished sentence opens a new text frame.
            if (
                current
                and item.text[:1] == " "
                and item.text.strip()[:1].isupper()
                and ends_sentence(current[-1].text)
            ):
                units.extend(_split_group(current, width))
                current = []
            current.append(item)
            continue
        if current:
            units.extend(_split_group(current, width))
            current = []
        if isinstance(item, Unit):
            units.append(item)  # a footnote, where it was printed
    _strip_footnote_markers(units, footnotes)
    _strip_running_titles(units)
    units = _drop_running_headers(units)
    units = join_continuations(units)
    _mark_tables(units)
    _classify(units)
    return units


# ---------------------------------------------------------------- pages and footnotes


def _page_markers(lines: list[str]) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """Where print slugs and page footers sit, and the pages they close."""
    markers: dict[int, tuple[int, int]] = {}
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if cleanup.is_print_slug(line):
            drop.add(i)
            pages = cleanup.slug_pages(line)
            if pages:
                markers[i] = pages
    for i, line in enumerate(lines):
        m = cleanup.PAGE_FOOTER.match(line.strip())
        if not m or i in drop:
            continue
        nxt = next((j for j in range(i + 1, min(i + 4, len(lines))) if lines[j].strip()), None)
        same = sum(1 for other in lines if other.strip().endswith(m.group(3).strip()))
        if (nxt is not None and nxt in markers) or same >= 2:
            drop.add(i)
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            if last >= first and not any(j in markers for j in range(i, i + 4)):
                markers[i] = (first, last)
    return markers, drop


def _wrapped_lines(lines: list[str]) -> tuple[list[_Line | Unit | None], list[Unit]]:
    """Lines with their pages, slugs and footers removed; footnotes as units in their place.

    None stands for a blank line (a paragraph break).
    """
    markers, drop = _page_markers(lines)
    ordered = sorted(markers)
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    width = statistics.median(lengths) if lengths else 40

    def pages_at(i: int) -> tuple[int | None, int | None]:
        for m in ordered:
            if m >= i:
                return markers[m]
        return None, None

    out: list[_Line | Unit | None] = []
    footnotes: list[Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if i in drop or not line.strip():
            out.append(None)
            i += 1
            continue
        m = FOOTNOTE_DIGIT.match(line)
        if m and len(line) > 1.7 * width:
            text = m.group(2)
            j = i + 1
            while j < len(lines) and len(lines[j].rstrip()) > 1.3 * width and not BULLET.match(lines[j]):
                text = join_lines(text, lines[j])
                j += 1
            page, page_end = pages_at(i)
            note = Unit(UnitKind.FOOTNOTE, text, page=page, page_end=page_end, label=m.group(1))
            footnotes.append(note)
            out.extend([None, note, None])
            i = j
            continue
        page, page_end = pages_at(i)
        out.append(_Line(line, page, page_end))
        i += 1
    return out, footnotes


# ---------------------------------------------------------------- groups of lines


def _heading_prefix(group: list[_Line], start: int, width: float) -> int:
    """How many lines from `start` form a heading over the text below it (0 when none)."""
    first = group[start].text.strip()
    if BULLET.match(first) or table_cells(first):
        return 0
    if UPPER_LETTERED.match(first):
        end = start
        while end < len(group) and not ends_sentence(group[end].text) and end + 1 < len(group) and (
            starts_lowercase(group[end + 1].text)
        ):
            end += 1
        text = " ".join(normalize_space(g.text) for g in group[start : end + 1])
        return end - start + 1 if len(text.split()) <= 12 else 0
    end = start
    text = first
    while end + 1 < len(group) and end - start < 3:
        nxt = group[end + 1].text
        if starts_lowercase(nxt) or ends_with_hyphen(group[end].text):
            text = join_lines(text, nxt)
            end += 1
            continue
        break
    after = group[end + 1].text if end + 1 < len(group) else None
    if after is None:
        return 0
    if not heading_like(text, clean=False) or ends_sentence(text):
        return 0
    if any(ends_sentence(g.text) and not g.text.rstrip().endswith(":") for g in group[start:end]):
        return 0
    after_s = after.strip()
    if table_cells(after_s):
        return end - start + 1  # a table's group label
    if len(group[end].text.strip()) > 0.8 * width:
        return 0  # a full line: body text that happens to stop at a name
    if starts_lowercase(after_s) or end + 2 >= len(group):
        return 0  # a signature ("Fred Westerbeke" / "Politiechef ...") is no heading
    return end - start + 1


def _whole_group_heading(group: list[_Line]) -> bool:
    if len(group) > 5:
        return False
    if any(BULLET.match(g.text) or table_cells(g.text) for g in group):
        return False
    text = group[0].text
    for g in group[1:]:
        text = join_lines(text, g.text)
    return heading_like(text, clean=False) and not ends_sentence(text)


def _split_group(group: list[_Line], width: float) -> list[Unit]:
    """A run of lines between blank lines as headings, table rows, items and paragraphs."""

    def new(kind: UnitKind, line: _Line, text: str, **kw) -> Unit:
        return Unit(kind, text, page=line.page, page_end=line.page_end, **kw)

    if _whole_group_heading(group):
        text = group[0].text
        for g in group[1:]:
            text = join_lines(text, g.text)
        unit = new(UnitKind.HEADING, group[0], normalize_space(text), nlines=len(group), starts_group=True)
        unit.lines = [g.text for g in group]
        return [unit]

    units: list[Unit] = []
    current: Unit | None = None
    i = 0
    at_start = True
    while i < len(group):
        line = group[i]
        raw = line.text
        if at_start:
            n = _heading_prefix(group, i, width)
            if n:
                text = group[i].text
                for g in group[i + 1 : i + n]:
                    text = join_lines(text, g.text)
                units.append(new(UnitKind.HEADING, line, normalize_space(text), nlines=n, starts_group=(i == 0)))
                i += n
                at_start = False
                current = None
                continue
        at_start = False
        if (cells := table_cells(raw)) is not None and (
            len(cells[1]) >= 3 or (units and units[-1].kind == UnitKind.TABLE_ROW)
        ):
            label, values = cells
            units.append(new(UnitKind.TABLE_ROW, line, f"{label} | " + " | ".join(values), cells=[label, *values]))
            current = None
            at_start = True
            i += 1
            continue
        if m := BULLET.match(raw):
            body = m.group(1)
            if not starts_lowercase(body) or current is None:
                current = new(UnitKind.BULLET, line, body, label="•", starts_group=(i == 0))
                units.append(current)
                i += 1
                continue
        if current is None:
            current = new(UnitKind.PARAGRAPH, line, raw.strip(), starts_group=(i == 0))
            units.append(current)
        else:
            current.text = join_lines(current.text, raw)
            current.nlines += 1
            if line.page_end is not None:
                current.page_end = line.page_end
        i += 1
    return units


# ---------------------------------------------------------------- repairs across units


def _strip_footnote_markers(units: list[Unit], footnotes: list[Unit]) -> None:
    numbers = {f.label for f in footnotes if f.label}
    for u in units:
        if u.kind == UnitKind.FOOTNOTE:
            continue
        for n in numbers:
            u.text = re.sub(rf"(?<=[a-zà-ÿ]){n}(?=[\s.,;:)]|$)", "", u.text)


def _strip_running_titles(units: list[Unit]) -> None:
    """Remove a heading's text printed again at the start of a paragraph that continues one
    broken by a page ("<chapter title> een leraar. De bedreigingen ...")."""
    titles = sorted(
        {normalize_space(u.text) for u in units if u.kind == UnitKind.HEADING and len(u.text.split()) >= 3},
        key=len,
        reverse=True,
    )
    for u in units:
        if u.kind not in (UnitKind.PARAGRAPH, UnitKind.BULLET):
            continue
        text = normalize_space(u.text)
        for title in titles:
            if text.startswith(title + " ") and starts_lowercase(text[len(title) + 1 :]):
                u.text = text[len(title) + 1 :]
                break


def _drop_running_headers(units: list[Unit]) -> list[Unit]:
    """A title printed in the middle of a paragraph that goes on after it is a running header."""
    out: list[Unit] = []
    for k, u in enumerate(units):
        if u.kind == UnitKind.HEADING and u.starts_group and u.nlines <= 3:
            prev = next((p for p in reversed(out) if p.kind != UnitKind.FOOTNOTE), None)
            nxt = next((n for n in units[k + 1 :] if n.kind != UnitKind.FOOTNOTE), None)
            if (
                prev is not None
                and prev.kind in (UnitKind.PARAGRAPH, UnitKind.BULLET)
                and not ends_sentence(prev.text)
                and nxt is not None
                and nxt.kind in (UnitKind.PARAGRAPH, UnitKind.BULLET)
                and starts_lowercase(nxt.text)
            ):
                continue
        out.append(u)
    return out


# ---------------------------------------------------------------- tables and headings


def _columns_from_header(header: str, width: int) -> list[str]:
    """Column names of a flattened table, from the header text above its first row."""
    tab_line = header.split("\n")[-1]
    years = list(dict.fromkeys(YEAR_WORD.findall(tab_line))) or list(dict.fromkeys(YEAR_WORD.findall(header)))
    cols = years[: max(0, width)]
    rest = width - len(cols)
    tail: list[str] = []
    lowered = header.lower()
    if rest >= 1 and "doel" in lowered:
        tail.append("doel")
        rest -= 1
    if rest >= 1 and ("t.o.v." in lowered or "%" in header):
        tail.insert(0, "% t.o.v. doel")
        rest -= 1
    middle = [f"kolom {len(cols) + i + 1}" for i in range(rest)]
    return ["label", *cols, *middle, *tail]


def _mark_tables(units: list[Unit]) -> None:
    """Find each flattened table's header and its group labels ("Ondermijning")."""
    for start, end in list(table_runs(units, allow_labels=True)):
        # a group label or two may sit between the header and the first row
        h = start - 1
        while (
            h >= 0
            and units[h].kind == UnitKind.HEADING
            and units[h].nlines <= 2
            and len(units[h].text.split()) <= 6
        ):
            h -= 1
        rows = [u for u in units[start:end] if u.kind == UnitKind.TABLE_ROW]
        width = max(len(r.cells) - 1 for r in rows)
        header = (
            units[h]
            if h >= 0
            and units[h].kind in (UnitKind.PARAGRAPH, UnitKind.HEADING)
            and len(YEAR_WORD.findall(units[h].text)) >= 2
            else None
        )
        columns = _columns_from_header(("\n".join(header.lines) or header.text) if header else "", width)
        if header is not None:
            first_line = header.lines[0] if header.lines else header.text
            caption = re.split(r"\s{2,}|\s%\s", first_line.strip())[0]
            header.text = normalize_space(caption)
            header.kind, header.hclass, header.caption = UnitKind.HEADING, HeadingClass.PLAIN, True
        for u in units[h + 1 : end]:
            if u.kind == UnitKind.TABLE_ROW:
                u.columns = columns
            elif u.kind == UnitKind.HEADING:
                u.hclass = HeadingClass.TABLE_GROUP


def _classify(units: list[Unit]) -> None:
    """The class of each heading the groups gave; bare page numbers dropped."""
    for k, u in enumerate(units):
        if u.kind != UnitKind.HEADING or u.hclass is not None:
            continue
        text = u.text
        prev = units[k - 1] if k else None
        nxt = units[k + 1] if k + 1 < len(units) else None
        if UPPER_LETTERED.match(text):
            u.hclass, u.label = HeadingClass.LETTERED, text[0]
        elif block_heading(text):
            u.hclass = HeadingClass.BLOCK
        elif APPENDIX.match(text) or u.nlines >= 3:
            u.hclass = HeadingClass.CHAPTER
        else:
            u.hclass = HeadingClass.PLAIN
        for near in (prev, nxt):
            if near is not None and near.kind == UnitKind.PARAGRAPH and cleanup.BARE_NUMBER.match(near.text):
                u.hclass = HeadingClass.CHAPTER
                near.kind = UnitKind.DROP
    for u in units:
        if u.kind == UnitKind.PARAGRAPH and cleanup.BARE_NUMBER.match(u.text):
            u.kind = UnitKind.DROP  # a page number that escaped the footer rules
    demote_empty_plain_headings(units)


# ---------------------------------------------------------------- text copied from a PDF viewer
#
# A PDF viewer's "select all, copy" gives the page as printed: lines broken at the page width
# (~60-100 columns), words hyphenated at line ends, list items with their continuation lines
# indented under the item's text, a running header and a page number on every page, and a form
# feed between pages. Such text is re-flowed here into clean text (a paragraph or item a line,
# headings on lines of their own), which the clean parser reads.

VIEWER_MIN_WIDTH = 60  # a narrower column is the two-column report kind (`wrapped_units`)
SLACK = 0.08  # proportional fonts: a line may end this share of the width early and still be full
DECIMAL_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")  # "3.2  Ondermijning"
CHAPTER_LINE = re.compile(r"^(\d{1,2})\s+([^\W\d_].*)$")  # "3   Zes veiligheidsthema's"
FOOTNOTE_START = re.compile(rf"^([{cleanup.SUPERSCRIPT_DIGITS}]+)\s*\S")  # "¹ Deze veranderingen ..."
_COLUMN_GAP = re.compile(r"\S\s{2,}\S")
TEXT_BULLET = re.compile(r"^\s*[*+]\s+(\S.*)$")  # "* item", "+ item": a text browser's bullets


def _pages(lines: list[str]) -> list[list[str]]:
    """The lines per page, split at form feeds (a form feed may start or end a line)."""
    pages: list[list[str]] = [[]]
    for line in lines:
        parts = line.split("\f")
        pages[-1].append(parts[0])
        for part in parts[1:]:
            pages.append([part])
    return pages


def _pages_at_numbers(lines: list[str]) -> list[list[str]]:
    """The lines per page where no form feeds separate them: a bare number on a line of its own
    (a blank line before or after it) closes a page. (Chapter numbers in such text stand before
    their title on the same line: "3   Zes thema's".)"""
    pages: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        pages[-1].append(line)
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if cleanup.BARE_NUMBER.match(line) and (not before.strip() or not after.strip()):
            pages.append([])
    return [p for p in pages if p]


def _edge_key(line: str) -> str:
    """A running header or footer with its page number made general ("Pagina 3" ~ "Pagina 4")."""
    return re.sub(r"\d+", "#", normalize_space(line)).lower()


def _drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Running headers and footers (found by repetition at the top or bottom of the pages) and
    bare page numbers, blanked; each page trimmed of blank lines at its edges."""
    edges: list[list[int]] = []
    for page in pages:
        nonblank = [i for i, line in enumerate(page) if line.strip()]
        edges.append(sorted(set(nonblank[:2] + nonblank[-2:])))
    counts: dict[str, int] = {}
    for page, idx in zip(pages, edges):
        for key in {_edge_key(page[i]) for i in idx}:
            counts[key] = counts.get(key, 0) + 1
    enough = max(3, (len(pages) + 1) // 2)
    out: list[list[str]] = []
    for page, idx in zip(pages, edges):
        page = list(page)
        for i in idx:
            if cleanup.BARE_NUMBER.match(page[i]) or (
                counts.get(_edge_key(page[i]), 0) >= enough and len(page[i].strip()) <= 120
            ):
                page[i] = ""
        while page and not page[0].strip():
            page.pop(0)
        while page and not page[-1].strip():
            page.pop()
        out.append(page)
    return [p for p in out if p]


def _wrap_width(lines: list[str]) -> int:
    """The width the text was broken at: the longest of the ordinary lines."""
    lengths = sorted(
        len(line.rstrip()) for line in lines if line.strip() and not _COLUMN_GAP.search(_unmarked(line.strip()))
    )
    if not lengths:
        return 0
    median = lengths[len(lengths) // 2]
    ordinary = [n for n in lengths if n <= 2 * median]  # no table rows
    return ordinary[int(len(ordinary) * 0.95)] if ordinary else 0


def is_viewer_text(lines: list[str], wrapped: bool | None = None) -> bool:
    """Text copied from a PDF viewer: wrapped at 60 columns or more, or pages between form feeds.
    `wrapped`: is_wrapped(lines), when the caller knows it already."""
    if not (is_wrapped(lines) if wrapped is None else wrapped):
        return False
    return len(_pages(lines)) >= 3 or _wrap_width(lines) >= VIEWER_MIN_WIDTH


def _first_word(line: str) -> str:
    words = line.split()
    return words[0] if words else ""


def _full(prev: str, line: str, width: int) -> bool:
    """Was `prev` broken because the next word did not fit?"""
    return len(prev.rstrip()) + 1 + len(_first_word(line)) > width * (1 - SLACK)


def _marker(line: str) -> tuple[str, str] | None:
    """(label as written in clean text, item text) of a list item or footnote line."""
    if m := LETTERED.match(line):
        return f"{m.group(1)}.", m.group(2)
    if m := NUMBERED.match(line):
        return f"{m.group(1)}.", m.group(2)
    if m := BULLET.match(line) or TEXT_BULLET.match(line):
        return "•", m.group(1)
    if m := FOOTNOTE_START.match(line.strip()):
        return m.group(1), line.strip()[len(m.group(1)):].strip()
    return None


def _heading_line(text: str) -> list[str] | None:
    """A numbered heading on a line of its own: "3.2 Ondermijning", or "3" + "Zes thema's"
    (a chapter number on its own line, as clean text writes it)."""
    if (m := DECIMAL_HEADING.match(text)) and heading_like(m.group(2), clean=False) and not ends_sentence(text):
        return [f"{m.group(1)} {normalize_space(m.group(2))}"]
    if (m := CHAPTER_LINE.match(text)) and m.group(2)[:1].isupper() and heading_like(m.group(2), clean=False) and (
        not ends_sentence(text)
    ):
        return [m.group(1), normalize_space(m.group(2))]
    return None


def reflow_viewer_text(lines: list[str]) -> list[str]:
    """Text copied from a PDF viewer as clean text: page furniture dropped, pages glued, hard
    line breaks inside paragraphs and items undone, hyphenated words joined (`join_wrapped_word`).

    A line break is a paragraph end when the next line's first word would have fitted on the
    line (and no hyphen broke a word there); a list item goes on over the lines indented under
    it; a numbered heading ("3.2 Ondermijning") stays a line of its own.
    """
    pages = _pages(lines)
    if len(pages) < 3:  # no form feeds: a page number alone on a line ends a page
        pages = _pages_at_numbers(lines)
    pages = _drop_page_furniture(pages)
    width = _wrap_width([line for page in pages for line in page]) or 80
    flat: list[str] = []
    for page in pages:
        if flat and not _glues(flat[-1], page[0], width):
            flat.append("")
        flat.extend(line.rstrip() for line in page)

    from kb.parse.text.clean import _Nesting

    nesting = _Nesting()  # the open levels of a nested list, by the indentation of the markers
    out: list[str] = []
    current: list[str] | None = None  # [label or "", text, last line, indent of the text]
    cur_indent = 0

    def flush() -> None:
        nonlocal current
        if current is not None:
            label, text = current[0], current[1]
            out.extend([f"{label} {text}" if label else text, ""])
            current = None

    for k, line in enumerate(flat):
        stripped = line.strip()
        nxt = flat[k + 1] if k + 1 < len(flat) else ""
        if not stripped:
            flush()
            continue
        indent = indent_of(line)
        standalone = (
            (entry := toc_entry(line)) is not None and entry[2]
        ) or len(stripped) > 1.5 * width or bool(_COLUMN_GAP.search(_unmarked(stripped)))
        if standalone:
            flush()
            out.append(line)
            continue
        if out and out[-1] and current is None:
            out.append("")  # after a table or contents line
        if current is None or current[0] == "" or not _continues_item(current, line, indent, cur_indent, width):
            alone = (current is None or not _continues(current[2], line, width)) and (
                not nxt.strip() or not _continues(line, nxt, width)
            )  # a heading is a unit of its own line
            heading = _heading_line(stripped) if alone else None
            if heading is not None:
                flush()
                for h in heading:
                    out.extend([h, ""])
                continue
            if (mark := _marker(line)) is not None:
                flush()
                current = [_nested_mark(mark[0], nesting, indent), mark[1], line, ""]
                cur_indent = indent + (len(line.lstrip()) - len(mark[1])) if mark[1] else indent + 2
                continue
            if current is not None and current[0] == "" and _continues(current[2], line, width):
                current[1] = _join(current[1], stripped)
                current[2] = line
                continue
            flush()
            if indent < 2:
                nesting.clear()  # a paragraph: a list after it starts afresh
            current = ["", stripped, line, ""]
            cur_indent = indent
            continue
        current[1] = _join(current[1], stripped)
        current[2] = line
    flush()
    return out


def _nested_mark(label: str, nesting, indent: int) -> str:
    """The label an item is written with in clean text: an item indented under the item above
    (a nested list) is lettered, by its number ("1." under "1." is "a.") or, unnumbered, by
    its place, as the clean parser letters the items of a nested list."""
    from kb.parse.text.clean import _nested_label

    if not (label.endswith(".") or label == "•"):
        return label  # a footnote
    depth, place = nesting.place(indent)
    bare = label.rstrip(".")
    nested = _nested_label(depth, place, bare, int(bare) if bare.isdigit() else None)
    return label if nested == bare else f"{nested}."


def _unmarked(text: str) -> str:
    """A line without its list marker or heading number (their spacing is no column gap)."""
    for pattern in (DECIMAL_HEADING, CHAPTER_LINE):
        if m := pattern.match(text):
            return m.group(2)
    mark = _marker(text)
    return mark[1] if mark else text


def _continues_item(current: list[str], line: str, indent: int, text_indent: int, width: int) -> bool:
    """Does `line` go on with the open list item: indented under its text, or a sentence that
    runs on (lazy continuation)?"""
    if _marker(line) is not None:
        return False
    if indent >= max(2, text_indent - 1):
        return True
    return _continues(current[2], line, width) and starts_lowercase(line)


def _continues(prev: str, line: str, width: int) -> bool:
    """Is the break between `prev` and `line` a hard line break inside a paragraph?"""
    if _marker(line) is not None:
        return False
    if ends_with_hyphen(prev) and line.lstrip()[:1].isalpha():
        return True  # a word broken at its hyphen or anywhere ("Goeree-" / "Overflakkee")
    if not ends_sentence(prev) and starts_lowercase(line):
        return True
    return _full(prev, line, width)


def _glues(prev: str, nxt: str, width: int) -> bool:
    """Does the first line of a page go on with the last line of the page before?"""
    if _marker(nxt) is not None:
        return False
    if indent_of(nxt) >= 2 and indent_of(prev) >= 2:
        return True  # an item's continuation lines
    return (ends_with_hyphen(prev) or not ends_sentence(prev)) and starts_lowercase(nxt)


def _join(text: str, line: str) -> str:
    if ends_with_hyphen(text) and line[:1].isalpha():  # "Goeree-" + "Overflakkee" keeps its hyphen
        return cleanup.join_wrapped_word(text, line)
    return join_lines(text, line)
