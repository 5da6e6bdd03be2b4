"""The parser for clean text, written as text: one paragraph a line, headings as plain
lines, chapter numbers on their own line, tab-separated tables (the plan seed); and for
markdown, where "#" headings give the outline.

Headings are told from paragraphs by the table of contents, by their wording and by what
follows them, since nothing in the text marks them.
"""

from __future__ import annotations

import re

from kb.parse import cleanup
from kb.parse.cleanup import ends_sentence, indent_of, join_lines, starts_lowercase, strip_markup
from kb.parse.lists import BULLET, LETTERED, MD_BULLET, MD_NUMBERED, NUMBERED
from kb.parse.rows import row_text
from kb.parse.outline import heading_key
from kb.parse.text.markdown import unescape
from kb.parse.text.rules import APPENDIX, block_heading, heading_like
from kb.parse.text.site import toc_entry, toc_lines, toc_title
from kb.parse.text.units import (
    HeadingClass,
    Unit,
    UnitKind,
    demote_empty_plain_headings,
    join_continuations,
    table_runs,
)
from kb.text import normalize_space

TOC_HEADING = re.compile(r"^(inhoud|inhoudsopgave|inhoudstafel)$", re.IGNORECASE)
MD_HEADING = re.compile(r"^(#{1,6})(\s*)[^\s#]")  # "## Kop", also "##Kop"; the text: _md_heading
PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # "| a | b |"
# "|---|:--:|"; no two whitespace runs side by side, which would backtrack over a long one
PIPE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
SPACED = re.compile(r"\s{2,}|\t")  # columns of a plain-text table
YEAR_CELL = re.compile(r"(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?")  # a column named by its year
NAMED_YEAR = re.compile(r"[^\W\d_][^\d]*\s(19|20)\d\d")  # "Nulmeting 2022", "Streefwaarde 2026": a column's name
FOOTNOTE_SUPERSCRIPT = re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")


DECIMAL_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+\(?[^\W\d_a-zà-ÿ]")  # "3.2 Ondermijning", not "2.5 miljoen"
SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")  # the line under a Setext heading ("Kop\n===")
# "**Meer verbinding.**", also with emphasis inside ("**Ten aanzien van *kindermishandeling***")
MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?=[^\s*_]|\*[^\s*])(.+?)\1\s*$")
THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")  # "---", "* * *", "___"


def _md_heading(line: str) -> tuple[int, str, str] | None:
    """(level, the space after the hashes, the text) of an ATX heading, its closing hashes
    ("## Kop ##") and trailing space cut off with string methods: a lazy text before an
    optional "\\s+#+\\s*$" tries every split of a long run of spaces."""
    m = MD_HEADING.match(line)
    if m is None:
        return None
    text = line[m.end(2):].rstrip()
    bare = text.rstrip("#")
    if bare != text and bare[-1:].isspace():
        text = bare.rstrip()
    return None if "\n" in text else (len(m.group(1)), m.group(2), text)


def setext_to_atx(lines: list[str]) -> list[str]:
    """Markdown's other heading form, a line underlined with === (level 1) or --- (level 2),
    as "# Kop" / "## Kop": a wiki or CMS export writes its headings so. A --- under a blank
    line is a horizontal rule (dropped: it holds no text), and one under a list item or
    table row stays what it is."""
    out = list(lines)
    for i in range(1, len(out)):
        m = SETEXT_RULE.match(out[i])
        above = out[i - 1].strip()
        # underlined to its own length, a numbered line is a numbered heading ("3. Ondermijning")
        fitted = m is not None and 0.6 * len(above) <= len(m.group(1)) <= 1.5 * len(above)
        if (m and len(m.group(1)) >= 3 and above and not above.startswith(("#", "|", ">"))
                and (fitted or not (MD_BULLET.match(out[i - 1]) or MD_NUMBERED.match(out[i - 1])))):
            out[i - 1] = ("# " if m.group(1)[0] == "=" else "## ") + above
            out[i] = ""
        elif THEMATIC_BREAK.match(out[i]) and not above:
            out[i] = ""  # a horizontal rule: no text
    return out


WRAP_NEAR = 15  # characters: a wrapped line ends this close to the width it was wrapped at
WRAP_SHARE = 0.25  # of the lines: so many end near one width in text wrapped at it
WRAP_MAX = 160  # characters: a longer "width" is lines of one paragraph each


def wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at (an e-mail, a text saved with line breaks at 100
    characters), or None for text of one paragraph a line: a quarter of the lines end within
    WRAP_NEAR characters of the longest. Text wrapped narrower, broken at a PDF's column
    width, is read as wrapped text (kb.parse.text.wrapped)."""
    lengths = [len(line.rstrip()) for line in lines if line.strip() and "\t" not in line]  # a tab row is no text
    if len(lengths) < 10 or max(lengths) > WRAP_MAX:
        return None
    width = max(lengths)
    return width if sum(n >= width - WRAP_NEAR for n in lengths) >= WRAP_SHARE * len(lengths) else None


_GOES_ON = (UnitKind.BULLET, UnitKind.CONTINUATION, UnitKind.FOOTNOTE)  # units whose next lines may go on under them
WRAP_LONG = 0.6  # of the width: a line this long that ends no sentence goes on in the next


def _wrapped_here(line: str, following: str, width: int | None, strict: bool = False) -> bool:
    """The line was broken because the next word did not fit (the first word of the line
    after it would have made it longer than the width), or it is a long line that ends no
    sentence (text wrapped by hand breaks earlier: "... Het plan sluit aan op het" /
    "Beleidsplan 2023-2026 ..."). A short line that ends no sentence is a heading ("2.1
    Aanleiding") or the end of a paragraph. `strict`: only the first (a list item that ends no
    sentence is often a short title: "3. Multidisciplinaire samenwerking in de operatie")."""
    words = following.split()
    if width is None or not words:
        return False
    length = len(line.rstrip().expandtabs(4))
    return length + 1 + len(words[0]) > width or (
        not strict and length >= WRAP_LONG * width and not ends_sentence(line))


def clean_units(lines: list[str], markdown: bool = False) -> list[Unit]:
    if markdown:
        lines = setext_to_atx(lines)
    width = None if markdown else wrap_width(lines)
    toc, skip = _toc_titles(lines)
    spaced = _spaced_tables(lines, skip)
    units: list[Unit] = []
    indents = _Nesting()  # the open levels of a nested list, markdown or plain text
    level = 0  # the level of the last markdown heading
    for group in _groups(lines, skip):
        plain: list[str] = []
        item_open = False  # markdown: the last unit of this group is a list item
        item_line, item_column = None, 0  # plain text: the last line of the list item open in this group, its text's column
        for i in group:
            line = lines[i].rstrip(" \n")
            if PIPE_ROW.match(line) or (PIPE_RULE.match(line) and "|" in line and units
                                        and units[-1].kind == UnitKind.TABLE_ROW and not plain):
                _flush_plain(plain, units, markdown, width)
                _pipe_row(line, units)
                continue
            if i in spaced:
                _flush_plain(plain, units, markdown, width)
                cells, header = spaced[i]
                units.append(Unit(UnitKind.TABLE_HEADER if header else UnitKind.TABLE_ROW, " | ".join(cells),
                                  cells=cells, named=True))
                continue
            if "\t" in line:
                _flush_plain(plain, units, markdown, width)
                cells = [normalize_space(strip_markup(c)) for c in line.split("\t")]
                cells = [c for c in cells if c]
                if cells:
                    units.append(Unit(UnitKind.TABLE_ROW, " | ".join(cells), cells=cells))
                continue
            if markdown and (h := _md_heading(line)) and (h[1] or heading_like(h[2], clean=True)):
                _flush_plain(plain, units, markdown, width)
                indents.clear()
                level = h[0]
                units.append(Unit(UnitKind.HEADING, h[2], hclass=HeadingClass.MARKDOWN, number=level))
                continue
            if (markdown and len(group) == 1 and (m := MD_BOLD_LINE.match(line)) and "**" not in m.group(2)
                    and "__" not in m.group(2) and len(m.group(2).split()) <= 12 and level < 6):
                # a paragraph that is one bold line: a heading one level below the one above
                _flush_plain(plain, units, markdown, width)
                indents.clear()
                units.append(Unit(UnitKind.HEADING, strip_markup(m.group(2)).strip(), hclass=HeadingClass.MARKDOWN,
                                  number=level + 1))
                continue
            if markdown and (unit := _markdown_item(line, indents)) is not None:
                _flush_plain(plain, units, markdown, width)
                units.append(unit)
                item_open = unit.kind == UnitKind.BULLET
                continue
            if (markdown and (item_open or (indents and line[:2] == "  ")) and plain == [] and units
                    and units[-1].kind == UnitKind.BULLET):
                # an item's next line, indented or not ("lazy"), or a line indented under it
                units[-1].text = join_lines(units[-1].text, line.strip())
                continue
            item_open = False
            if markdown and line[:1] not in (" ", ""):
                indents.clear()
            if m := FOOTNOTE_SUPERSCRIPT.match(line):
                _flush_plain(plain, units, markdown, width)
                number = cleanup.superscript_to_digits(m.group(1))
                units.append(Unit(UnitKind.FOOTNOTE, m.group(2), label=number))
                item_line, item_column = line, line.find(m.group(2))
                continue
            if (not markdown and not plain and item_line is not None and line.strip() and units
                    and units[-1].kind in _GOES_ON and _list_unit(line) is None
                    and (indent_of(line) >= item_column or _wrapped_here(item_line, line, width, strict=True))):
                # the next line of a list item or a footnote: under its text (a hanging indent),
                # or after a line its words filled to the width the text was wrapped at
                units[-1].text = join_lines(units[-1].text, line.strip())
                item_line = line
                continue
            after_item, item_line = item_line is not None, None
            if m := cleanup.BARE_NUMBER.match(line):
                _flush_plain(plain, units, markdown, width)
                units.append(Unit(UnitKind.CHAPTER_NO, line.strip(), number=int(m.group(1))))
                continue
            if (unit := _list_unit(line, None if markdown else indents)) is not None:
                _flush_plain(plain, units, markdown, width)
                if unit.kind == UnitKind.CONTINUATION and width is not None and after_item:
                    # text wrapped at a width breaks no item at a dash: "- overvallen en
                    # straatroven: 9" right under "- woninginbraken: 112" is an item of its own
                    # (after a blank line it may be the rest of the item, cut at a page)
                    unit.kind, unit.label = UnitKind.BULLET, "•"
                units.append(unit)
                if not markdown:
                    item_line, item_column = line, max(indent_of(line) + 2, line.find(unit.text[:12]))
                continue
            if not markdown and line[:1] not in (" ", "\t"):
                indents.clear()  # a line of text: a list that follows starts afresh
            plain.append(line)
        _flush_plain(plain, units, markdown, width)
    units = join_continuations(units)
    _mark_tables(units)
    _name_cells(units)
    if markdown:  # "#" headings are the outline; plain lines are text
        for u in units:
            if u.kind == UnitKind.CHAPTER_NO:
                u.kind = UnitKind.PARAGRAPH
            # the escapes that kept a line from being a list item or heading ("\- ", "12\. ")
            u.text = unescape(u.text)
            if u.cells:
                u.cells = [unescape(c) for c in u.cells]
    else:
        _classify(units, toc)
    return units


def _toc_titles(lines: list[str]) -> tuple[set[str], set[int]]:
    """The chapter titles a table of contents lists, and the line numbers it occupies."""
    titles: set[str] = set()
    skip: set[int] = set()
    for i, line in enumerate(lines):
        if not TOC_HEADING.match(line.strip()):
            continue
        skip.add(i)
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or "\t" in lines[j]):
            cells = [c.strip() for c in lines[j].split("\t") if c.strip()]
            if cells and re.fullmatch(r"\d{1,3}", cells[-1]):
                title = [c for c in cells[:-1] if not re.fullmatch(r"\d{1,2}", c)]
                if title:
                    titles.add(heading_key(title[-1]))
                skip.add(j)
            elif lines[j].strip():
                break
            j += 1
        break
    # entries written with spaces or dot leaders: "Voorwoord 5", "2 Opdrachten 15", "Inleiding .... 3"
    heading_at = next((i for i in sorted(skip) if TOC_HEADING.match(lines[i].strip())), None)
    after: set[int] = set()
    if heading_at is not None:
        j = heading_at + 1
        while j < len(lines) and (not lines[j].strip() or j in skip or toc_entry(lines[j])):
            after.add(j)
            j += 1
    for i, title in toc_lines(lines, after).items():
        if i not in skip:
            skip.add(i)
            titles.add(heading_key(toc_title(title)))
    if heading_at is not None and len(skip) == 1:
        _toc_without_pages(lines, heading_at, titles, skip)
    return titles, skip


TOC_ENTRY_MAX = 100  # characters: a chapter title, not a sentence


def _toc_without_pages(lines: list[str], heading_at: int, titles: set[str], skip: set[int]) -> None:
    """A contents list without page numbers ("Inhoud", then "Voorwoord", "1 Inleiding", "2 Ons
    werkgebied" ...): the block right after the contents heading, when every line of it comes
    back later in the text as a line of its own (its chapter number off). Otherwise the block is
    one paragraph of all chapter titles, that a search finds for any of them."""
    j = heading_at + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    block = []
    while j < len(lines) and lines[j].strip():
        block.append(j)
        j += 1
    if len(block) < 3 or any(len(lines[i].strip()) > TOC_ENTRY_MAX for i in block):
        return
    later = {heading_key(title) for line in lines[j:] if 0 < len(line.strip()) <= TOC_ENTRY_MAX
             for title in (line.strip(), toc_title(line.strip()))}  # "5. PRIORITEIT 1: ONDERMIJNING" too
    keys = [heading_key(toc_title(lines[i].strip())) for i in block]
    if all(k and k in later for k in keys):
        skip.update(block)
        titles.update(keys)


def _groups(lines: list[str], skip: set[int] = frozenset()) -> list[list[int]]:
    """Line numbers in runs separated by blank (or skipped) lines."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        current.append(i)
    if current:
        groups.append(current)
    return groups


class _Nesting:
    """The open levels of a nested list, by the indentation of their markers.

    An item indented two or more columns deeper than the item above opens a level (one column
    is no nesting: "3." and " 4." are siblings); a shallower one closes levels. Each level
    counts its items, so that an unlabeled item of a nested list is lettered by its place.
    """

    def __init__(self) -> None:
        self.levels: list[list[int]] = []  # [indent, items so far]

    def __bool__(self) -> bool:
        return bool(self.levels)

    def clear(self) -> None:
        self.levels.clear()

    def depth(self, indent: int) -> int:
        """The level (1 = top) an item at `indent` would take, without placing it."""
        n = len(self.levels)
        while n and indent < self.levels[n - 1][0]:
            n -= 1
        return n if n and indent <= self.levels[n - 1][0] + 1 else n + 1

    def place(self, indent: int) -> tuple[int, int]:
        """(level, place within the level) of an item at `indent`."""
        while self.levels and indent < self.levels[-1][0]:
            self.levels.pop()
        if not self.levels or indent > self.levels[-1][0] + 1:
            self.levels.append([indent, 0])
        self.levels[-1][1] += 1
        return len(self.levels), self.levels[-1][1]


def _nested_label(depth: int, place: int, label: str, number: int | None) -> str:
    """The label of an item of a nested list (level 2): its own letter, its number as a letter
    (policy texts letter sub-items: "1." with "a.", "b." under it), else its place as a letter;
    other levels keep their label."""
    if depth != 2:
        return label
    if number is not None and number <= 26:
        return chr(ord("a") + number - 1)
    if label == "•" and place <= 26:
        return chr(ord("a") + place - 1)
    return label


def _list_unit(line: str, nesting: _Nesting | None = None) -> Unit | None:
    """A list line: numbered item, lettered item, bullet, or the continuation of an item.

    With `nesting` (plain text), an item indented under the item above is an item of a nested
    list ("  - sub-item", "   1. sub-item" under "1."), labeled by `_nested_label`; a dashed
    line in lower case at the list's own indentation is the rest of the item above."""
    indent = indent_of(line)
    if m := LETTERED.match(line):
        unit = Unit(UnitKind.BULLET, m.group(2), label=m.group(1))
    elif m := NUMBERED.match(line):
        unit = Unit(UnitKind.BULLET, m.group(2), label=m.group(1), number=int(m.group(1)))
    elif m := BULLET.match(line):
        body = m.group(1)
        if starts_lowercase(body) and (nesting is None or nesting.depth(indent) < 2):
            return Unit(UnitKind.CONTINUATION, body)
        unit = Unit(UnitKind.BULLET, body, label="•")
    else:
        return None
    if nesting is not None:
        depth, place = nesting.place(indent)
        label = _nested_label(depth, place, unit.label or "•", unit.number)
        if label != unit.label:
            unit.label, unit.number = label, None
    return unit


def _flush_plain(plain: list[str], units: list[Unit], markdown: bool = False, width: int | None = None) -> None:
    """Short lines in a row are one wrapped block (a cover, a name with its town); long lines
    are a paragraph each. In markdown, lines without a blank line between them are always one
    paragraph (a hard-wrapped paragraph), whatever they look like. In text hard-wrapped at
    `width`, a line the next word did not fit on goes on in the next (_wrapped_here)."""
    one = len(plain) > 1 and (markdown or all(len(p.strip()) < 70 for p in plain))
    start = 0
    for i in range(1, len(plain) + 1):
        # in text, a short line ending in a colon opens what follows ("Wat doen we:" under
        # "Doel 3.2: Meer zicht op ondermijning"): it is no line of the block above it
        label = not markdown and i < len(plain) and plain[i].rstrip().endswith(":")
        if i == len(plain) or label or not (one or _wrapped_here(plain[i - 1], plain[i], width)):
            text = plain[start].strip()
            for p in plain[start + 1:i]:
                text = join_lines(text, p)
            units.append(Unit(UnitKind.PARAGRAPH, text, nlines=i - start))
            start = i
    plain.clear()


def _mark_tables(units: list[Unit]) -> None:
    """A run of tab rows whose first row holds no figures but years: that row names the
    columns ("Indicator | 2024 | 2025 | Norm"). A row with as many cells as the header keeps
    their names in its text ("Woninginbraken | 2024: 182 | 2025: 151 | Norm: max. 164"), as
    the rows of other tables do; a row with fewer (an empty cell dropped) keeps its plain
    text, as which column a figure is in is not sure."""
    for i, j in table_runs(units):
        first = units[i]
        if first.named:
            continue  # a markdown or plain-text table: its header row is known
        if j - i > 1 and len(first.cells) > 1 and all(
                YEAR_CELL.fullmatch(c) or not re.search(r"\d", c) for c in first.cells[1:]):
            first.kind = UnitKind.TABLE_HEADER
            for u in units[i + 1 : j]:
                u.columns = first.cells
                if len(u.cells) == len(first.cells):
                    u.text = row_text(u.cells, first.cells)


def _markdown_item(line: str, indents: _Nesting) -> Unit | None:
    """A markdown list item ("* a", "+ a", "1. a", "a. a", nested by indentation), or None.

    An item of a nested list (level 2) is lettered (`_nested_label`), as policy texts letter
    their sub-items; "*" and "+" items are always items, also in lower case; a "-" item in
    lower case is the rest of the item above unless it is indented under it.
    """
    if m := LETTERED.match(line):
        indent = indent_of(line)
        indents.place(indent)
        return Unit(UnitKind.BULLET, m.group(2), label=m.group(1))
    m = MD_NUMBERED.match(line) or MD_BULLET.match(line)
    if m is None:
        return None
    indent = len(m.group(1).expandtabs(4))
    if m.re is MD_BULLET and m.group(2) == "-" and starts_lowercase(m.group(3)) and indents.depth(indent) < 2:
        return Unit(UnitKind.CONTINUATION, m.group(3))
    depth, place = indents.place(indent)
    if m.re is MD_NUMBERED:
        n = int(m.group(2))
        label = _nested_label(depth, place, str(n), n)
        return Unit(UnitKind.BULLET, m.group(3), label=label, number=n if label.isdigit() else None)
    return Unit(UnitKind.BULLET, m.group(3), label=_nested_label(depth, place, "•", None))


def _split_pipes(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [normalize_space(strip_markup(c.replace("\\|", "|"))) for c in re.split(r"(?<!\\)\|", body)]


def _pipe_row(line: str, units: list[Unit]) -> None:
    """A markdown table line: a row, or the rule under the header row."""
    if PIPE_RULE.match(line):
        if units and units[-1].kind == UnitKind.TABLE_ROW:
            units[-1].kind = UnitKind.TABLE_HEADER
        return
    cells = _split_pipes(line)
    units.append(Unit(UnitKind.TABLE_ROW, " | ".join(c for c in cells if c), cells=cells, named=True))


def _spaced_tables(lines: list[str], skip: set[int]) -> dict[int, tuple[list[str], bool]]:
    """Plain-text tables with columns separated by two or more spaces: line -> (cells, is the
    header). A table is two or more rows in a row, each a label and short cells with at least
    one figure, under at most one header line with no figures."""

    def cells_of(line: str) -> list[str] | None:
        if "\t" in line or PIPE_ROW.match(line):
            return None
        # "Indicator | 2023 | 2024": pipes between the cells only, not around the row
        # (an empty cell between pipes keeps its column: "Inbraken | | 44")
        piped = "|" in line
        columns = re.split(r"\s*\|\s*", line.strip()) if piped else SPACED.split(line.strip())
        cells = [normalize_space(strip_markup(c)) for c in columns if c or piped]
        if len(cells) < 2 or not cells[0] or len(cells[0]) > 80 or cells[0][-1] in ".:;!?":
            return None
        if any(len(c) > 30 or len(c.split()) > 5 or (c[-1:] in (".", ":", ";", "!", "?") and not re.search(r"\d\.?$", c))
               for c in cells[1:]):
            return None  # a value is short and no sentence
        return cells

    def header_like(cells: list[str]) -> bool:  # names or years ("2024", "Nulmeting 2022"), no figures
        return all(YEAR_CELL.fullmatch(c) or not re.search(r"\d", c) or NAMED_YEAR.fullmatch(c) for c in cells[1:])

    found: dict[int, tuple[list[str], bool]] = {}
    i = 0
    while i < len(lines):
        rows: list[tuple[int, list[str]]] = []
        j = i
        while j < len(lines) and j not in skip and (cells := cells_of(lines[j])) is not None and (
            not rows or any(re.search(r"\d", c) for c in cells[1:])
        ):
            rows.append((j, cells))
            j += 1
        header = None
        if rows and header_like(rows[0][1]):
            header = rows.pop(0)
        if len(rows) >= 2 and all(any(re.search(r"\d", c) for c in r[1:]) for _, r in rows):
            width = max(len(c) for _, c in rows)
            if header is not None and len(header[1]) in (width - 1, width):
                found[header[0]] = (([""] if len(header[1]) == width - 1 else []) + header[1], True)
            for k, cells in rows:
                found[k] = (cells, False)
            i = j
        else:
            i += 1
    return found


def _name_cells(units: list[Unit]) -> None:
    """Rows of a markdown or plain-text table keep their column names in their text
    ("Flexteam | 2019: 21,3 | 2020: 37,0"); the header row itself is no block. (A tab table's
    rows are named in `_mark_tables`.)"""
    header: Unit | None = None
    for u in units:
        if not u.named:
            header = None
            continue
        if u.kind == UnitKind.TABLE_HEADER:
            header = u
            continue
        if header is None:
            continue
        u.columns = header.cells
        u.text = row_text(u.cells, header.cells)


def _capitals(text: str) -> bool:
    """A line in capitals: no lower-case letter, and more than an abbreviation ("RIEC")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and not any(c.islower() for c in letters) and len(max(text.split(), key=len)) >= 5


def _classify(units: list[Unit], toc: set[str]) -> None:
    """Which paragraphs are headings, and of which class."""
    first = next((u for u in units if u.kind == UnitKind.PARAGRAPH), None)
    if first is not None and heading_like(first.text, clean=True):
        first.kind, first.hclass = UnitKind.HEADING, HeadingClass.CHAPTER  # the document's title
    used_toc: set[str] = set()  # a chapter title seen again later is a plain heading
    last_chapter = ""
    for k, u in enumerate(units):
        if u.kind == UnitKind.CHAPTER_NO:
            nxt = next((v for v in units[k + 1 :] if v.kind != UnitKind.CHAPTER_NO), None)
            if nxt is not None and nxt.kind == UnitKind.PARAGRAPH and heading_like(nxt.text, clean=True):
                nxt.kind, nxt.hclass = UnitKind.HEADING, HeadingClass.CHAPTER
                if (key := heading_key(normalize_space(strip_markup(nxt.text)))) in toc:
                    used_toc.add(key)  # the chapter's title seen again later is a plain heading
                    last_chapter = key
            u.kind = UnitKind.DROP
            continue
        if u.kind != UnitKind.PARAGRAPH:
            continue
        text = normalize_space(strip_markup(u.text))
        if APPENDIX.match(text) and re.fullmatch(r"(?i)(bijlage|appendix)\s+\d+\s*:?", text):
            nxt = units[k + 1] if k + 1 < len(units) else None
            if nxt is not None and nxt.kind == UnitKind.PARAGRAPH and heading_like(nxt.text, clean=True):
                nxt.text = f"{text.rstrip(':')}: {nxt.text}"
                nxt.kind, nxt.hclass = UnitKind.HEADING, HeadingClass.CHAPTER
                u.kind = UnitKind.DROP
                continue
        key = heading_key(text)
        toc_chapter = key in toc and (key not in used_toc or key == last_chapter)
        if toc_chapter or (APPENDIX.match(text) and heading_like(text, clean=True)):
            u.kind, u.hclass = UnitKind.HEADING, HeadingClass.CHAPTER
            used_toc.add(key)
            last_chapter = key
        elif block_heading(text):
            u.kind, u.hclass = UnitKind.HEADING, HeadingClass.BLOCK
        elif (m := DECIMAL_HEADING.match(text)) and heading_like(text, clean=True) and not text.endswith("."):
            # "3.2 Ondermijning": a section numbered within its chapter
            u.kind, u.hclass, u.label = UnitKind.HEADING, HeadingClass.DECIMAL, m.group(1)
            u.number = m.group(1).count(".") + 1
        elif _capitals(text) and heading_like(text, clean=True):
            # "PRIORITEIT A - ONDERMIJNING", "INLEIDING": a plain text sets its chapters in capitals
            u.kind, u.hclass = UnitKind.HEADING, HeadingClass.CHAPTER
        elif heading_like(text, clean=True):
            nxt = next((v for v in units[k + 1 :] if v.kind not in (UnitKind.DROP, UnitKind.FOOTNOTE)), None)
            if nxt is None:
                continue
            if text.endswith(".") and not (nxt.kind == UnitKind.PARAGRAPH and len(nxt.text.split()) > 12):
                continue
            u.kind, u.hclass = UnitKind.HEADING, HeadingClass.PLAIN
    for u in units:
        if u.kind == UnitKind.BULLET and u.number is not None and heading_key(f"{u.number} {u.text}") in toc \
                and heading_like(u.text, clean=True):
            # "1. Inleiding", a chapter the table of contents lists with its number, in a
            # text whose other chapters ("Voorwoord") have none: a chapter, not a list's item
            u.kind, u.hclass, u.text = UnitKind.HEADING, HeadingClass.CHAPTER, f"{u.number}. {u.text}"
    _numbered_headings(units)
    demote_empty_plain_headings(units)


def _numbered_headings(units: list[Unit]) -> None:
    """A short numbered line without a full stop heads a section, unless it sits in a list.

    It is a list item when sub-items or the next number follow it straight away, when it
    opens a list announced by a colon, or when it follows item n-1 of a list. Otherwise "n."
    is a heading when "n-1." was one in the same chapter ("4. Cybercrime" after the items of
    "3. Ondermijning").
    """
    heading_numbers: set[int] = set()
    last_number: tuple[int, str] | None = None  # (n, "heading" | "item")
    prev_content: Unit | None = None
    for k, u in enumerate(units):
        if u.kind == UnitKind.HEADING and u.hclass == HeadingClass.CHAPTER:
            heading_numbers, last_number, prev_content = set(), None, None
            continue
        if u.kind == UnitKind.BULLET and u.number is not None:
            n = u.number
            nxt = next((v for v in units[k + 1 :] if v.kind not in (UnitKind.DROP, UnitKind.FOOTNOTE)), None)
            candidate = (
                heading_like(u.text, clean=True)
                and not u.text.rstrip().endswith(".")
                and nxt is not None
                and not (
                    nxt.kind == UnitKind.BULLET
                    and (nxt.number == n + 1 or (nxt.label or "").isalpha() and nxt.label != "•")
                )
            )
            if n == 1:
                is_heading = candidate and not (prev_content is not None and prev_content.text.rstrip().endswith(":"))
            else:
                is_heading = candidate and (n - 1) in heading_numbers and last_number != (n - 1, "item")
            last_number = (n, "heading" if is_heading else "item")
            if is_heading:
                heading_numbers.add(n)
                # "5. PRIORITEIT 1: ONDERMIJNING": a numbered chapter set in capitals, as "INLEIDING" is
                u.kind, u.hclass = UnitKind.HEADING, HeadingClass.CHAPTER if _capitals(u.text) else HeadingClass.NUMBERED
                u.text = f"{n}. {u.text}"
                prev_content = None
                continue
        if u.kind in (UnitKind.PARAGRAPH, UnitKind.BULLET, UnitKind.TABLE_ROW):
            prev_content = u
