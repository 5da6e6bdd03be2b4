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
    join_lines,
    starts_lowercase,
)
from kb.parse.lists import BULLET, UPPER_LETTERED
from kb.parse.text.rules import APPENDIX, block_heading, heading_like, table_cells
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
