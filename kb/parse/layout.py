"""Structure of a printed page from its layout, for the PDF parser (kb.parse.pdf): list
labels in a cell of their own, tables of contents, heading levels from font size and
weight, footnotes in small print. Rules on positions and sizes, never on wording.

Lines here are kb.parse.pdf's `_Line`s (text, x0, x1, top, bottom, size, bold, page, column).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kb.parse.cleanup import SUPERSCRIPT_DIGITS
from kb.parse.lists import GLYPHS

# a list label standing alone: 1 / 1. / 1.1 / 1) / a. / a) / (a) / (1) / I. / iv) / a bullet glyph
LABEL = re.compile(
    rf"^(?:\(?\d{{1,2}}(?:\.\d{{1,2}})*[.)]?|\(?[a-z][.)]|\([a-z]\)|\(?[IVXivx]{{1,4}}[.)]|\([IVXivx]{{1,4}}\)|[{GLYPHS}\uf0b7\-–])$"
)
# a label at the start of a line of text, with the text after it
LABELLED = re.compile(r"^\s*(\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[IVX]{1,4})[.)]|\((?:\d{1,2}|[a-z]|[ivx]{1,4})\))\s+(\S.*)$")
# a line of a table of contents: a title, then dot leaders or a wide space, then a page number
TOC_LINE = re.compile(r"^(?P<title>.*?[A-Za-zÀ-ÿ].*?)\s*(?:\.{3,}|…+|\s(?:\. ?){3,})\s*(?P<page>\d{1,3})$")
TOC_PLAIN = re.compile(r"^(?P<title>.*?[A-Za-zÀ-ÿ].*?)\s+(?P<page>\d{1,3})$")
# a footnote: its number, in line or as a superscript digit ("¹ Zie ..."), then its text
FOOTNOTE = re.compile(rf"^\s*(\d{{1,2}}|[{SUPERSCRIPT_DIGITS}]{{1,2}})\s*(?<=\s|[{SUPERSCRIPT_DIGITS}])(\S.*)$")
# the number of a numbered heading: "3", "3.2", "3.2.1" (a full stop after it allowed), then a capital
HEADING_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=[A-ZÀ-Ý])")
LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
PAGE = re.compile(r"\d{1,3}")  # a page number alone
LEADERS = re.compile(r"(\.{3,}|…)$")


def label_of(text: str) -> tuple[str, str] | None:
    """("1", "rest") for "1. rest", "(a) rest", "1.2 rest", "IV. rest"; None otherwise."""
    m = LABELLED.match(text)
    if not m:
        return None
    return m.group(1).strip("().") or m.group(1), m.group(2)


def join_labels(lines: list) -> list:
    """A list label printed in a cell or column of its own ("1." far left, the item's text to
    its right on the same baseline) joined to the first line of its item."""
    labels = [i for i, ln in enumerate(lines) if ln.table is None and LABEL.match(ln.text.strip())]
    if not labels:
        return lines
    gone: set[int] = set()
    for i in labels:
        lab = lines[i]
        best, best_dx = None, None
        for j, ln in enumerate(lines):
            if j == i or j in gone or ln.table is not None or ln.page != lab.page:
                continue
            if abs(ln.bottom - lab.bottom) > 2.0 or ln.x0 <= lab.x0:
                continue
            dx = ln.x0 - lab.x1
            if -1 <= dx <= 60 and (best_dx is None or dx < best_dx) and not LABEL.match(ln.text.strip()):
                best, best_dx = j, dx
        if best is None:
            continue
        item = lines[best]
        item.text_x0 = item.x0
        item.text = f"{lab.text.strip()} {item.text}"
        item.x0 = lab.x0
        item.column = min(item.column, lab.column) if item.column >= 0 and lab.column >= 0 else item.column
        gone.add(i)
    return [ln for i, ln in enumerate(lines) if i not in gone]


def toc_lines(lines_by_page: dict[int, list], drop: set[tuple[int, int]], page_count: int) -> set[tuple[int, int]]:
    """(page, index) of the lines of table-of-contents pages: pages where most lines end in
    a page number (after dot leaders, or alone at the right), with the heading over them."""
    out: set[tuple[int, int]] = set()
    last_page = max(page_count, 1) + 2  # a number above this is no page of this document
    for page, lines in lines_by_page.items():
        kept = [(i, ln) for i, ln in enumerate(lines) if (page, i) not in drop and ln.table is None and ln.text.strip()]
        if len(kept) < 3:
            continue
        right = max(ln.x1 for _, ln in kept)
        # page numbers alone at the right edge: a column of their own when the word processor
        # set the entries in a tab stop without leaders
        bare = [ln for _, ln in kept if PAGE.fullmatch(ln.text.strip()) and 0 < int(ln.text.strip()) <= last_page]
        numbers = []
        if len(bare) >= 3:
            edge = max(n.x1 for n in bare) - 3
            numbers = [ln for ln in bare if ln.x1 >= edge]
        in_numbers = {id(n) for n in numbers}

        def entry(ln) -> bool:
            t = ln.text.strip()
            if LEADERS.search(t):
                return True  # dot leaders; the numbers read as a column of their own
            if PAGE.fullmatch(t):
                return (ln.x1 >= right - 3 and 0 < int(t) <= last_page) or id(ln) in in_numbers
            if any(n is not ln and abs(n.bottom - ln.bottom) <= 2 and n.x0 > ln.x1 + 10 for n in numbers) \
                    and LETTER.search(t):
                return True  # a title with its page number on the same baseline, far right
            m = TOC_LINE.match(t)
            if m is None:
                m = TOC_PLAIN.match(t)
                if m is None or ln.x1 < right - 3:  # a plain number must stand at the right edge
                    return False
            return 0 < int(m.group("page")) <= last_page

        if numbers:  # a column of numbers: read the page top to bottom, as the entries go
            kept.sort(key=lambda k: (round(k[1].top), k[1].x0))
        hits = [pos for pos, (_, ln) in enumerate(kept) if entry(ln)]
        if len(hits) < 3 or len(hits) < 0.5 * len(kept):
            continue
        first, last = hits[0], hits[-1]
        out.update((page, i) for i, _ in kept[first:last + 1])
        # the heading right above the entries ("Inhoud", "Contents")
        if first > 0:
            above = kept[first - 1][0]
            if lines[above].size >= max(ln.size for _, ln in kept) * 0.99 or lines[above].bold:
                out.add((page, above))
    return out


def _rounded(size: float) -> float:
    return round(size * 2) / 2


class Levels:
    """Heading levels from size and weight relative to the body text.

    The most common size (by characters) is body text. Larger lines that are short, and bold
    lines a little larger, are headings, one level per distinct size from the largest down;
    sizes used on one page only and larger than every size used on several (a cover's
    title) rank among themselves. A bold line at body size that is short and stands alone is
    the lowest level."""

    def __init__(self, text_lines: list):
        chars: Counter = Counter()
        for ln in text_lines:
            chars[_rounded(ln.size)] += len(ln.text)
        self.body = chars.most_common(1)[0][0] if chars else 10.0
        pages: dict[float, set[int]] = defaultdict(set)
        plain: set[float] = set()  # sizes of larger lines that are not bold
        for ln in text_lines:
            if self.size_heading(ln):
                pages[_rounded(ln.size)].add(ln.page)
                if not ln.bold:
                    plain.add(_rounded(ln.size))
        document = len({ln.page for ln in text_lines})
        recurring = sorted((s for s, p in pages.items() if len(p) >= 2), reverse=True)
        top = recurring[0] if recurring else 0.0
        # a size on one page only is a cover's title in a longer document; in one of one or two
        # pages every size is on one page, and all of them rank together as heading levels
        display = sorted((s for s, p in pages.items() if len(p) < 2 and s > top), reverse=True) \
            if document >= 3 else []
        # a larger size on one page only, not bold, in a longer document: a cover's subtitle,
        # a quote, no heading level of its own
        rest = sorted((s for s, p in pages.items() if s not in display
                       and (len(p) >= 2 or s not in plain or document < 3)), reverse=True)
        self.level_of = {s: i + 1 for i, s in enumerate(display)}
        self.level_of.update({s: i + 1 for i, s in enumerate(rest)})
        # a bold line at body size is below every heading size
        self.bold_level = max(len(rest), len(display)) + 1

    def size_heading(self, ln) -> bool:
        t = ln.text.strip()
        if len(t) > 120 or not LETTER.search(t):
            return False
        size = _rounded(ln.size)
        return size >= self.body * 1.15 or (ln.bold and size >= self.body * 1.05)

    def level(self, ln) -> int | None:
        if self.size_heading(ln):
            return self.level_of.get(_rounded(ln.size))
        return None

    def is_small(self, ln) -> bool:
        return _rounded(ln.size) <= self.body * 0.9
