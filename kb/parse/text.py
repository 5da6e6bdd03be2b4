"""Plain text to blocks, for two kinds of text.

* **clean** text, written as such: one paragraph a line, headings as plain lines, chapter
  numbers on their own line, tab-separated tables (the plan seed);
* **wrapped** text, extracted from a (two-column) PDF elsewhere: lines broken at the column
  width, words hyphenated across lines, print slugs and page numbers, running headers
  dropped into the middle of paragraphs, tables flattened into lines of figures (the
  report seed).

Both end in the same heading rules (`_assign_levels`) and the shared outline builder.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from kb.model import Block, ParsedDocument
from kb.parse import cleanup
from kb.parse.cleanup import (
    ends_sentence,
    ends_with_hyphen,
    join_lines,
    starts_lowercase,
    strip_markup,
)
from kb.text import normalize_space
from kb.errors import ParseError
from kb.parse.outline import build_outline, heading_key

BULLET = re.compile(r"^\s*(?:[•●▪◦·■□‣⁃]|[-–—](?=\s))\s*(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")
LETTERED = re.compile(r"^\s*(?:[-–•]\s*)?([a-z])[.)]\s+(\S.*)$")
UPPER_LETTERED = re.compile(r"^\s*([A-H])\.\s+(\S.*)$")
FOOTNOTE_SUPERSCRIPT = re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")
FOOTNOTE_DIGIT = re.compile(r"^\s*(\d{1,2})\s+([A-Z].*)$")
APPENDIX = re.compile(r"^(bijlage|appendix)\s+\d+\b", re.IGNORECASE)
TOC_HEADING = re.compile(r"^(inhoud|inhoudsopgave|inhoudstafel)$", re.IGNORECASE)
INITIALS = re.compile(r"^[A-Z][a-z]{0,3}\.\s|\b[A-Z]\.\s?[A-Z]\.")
# Block headings: the questions a plan answers per theme, and a report's activity lists.
QUESTION_HEADING = re.compile(r"^(waar willen w(e|ij)\b.*|hoe gaan w(e|ij)\b.*)\?$", re.IGNORECASE)
ACTIVITY_HEADING = re.compile(r"^activiteiten( in \d{4})?$", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-9]\d)\b")
NUM_TOKEN = re.compile(r"\s+((?:[≤≥<>]\s?)?[-+−]?\d[\d.,]*\s?%?|[-–])\s*$")

FUNCTION_WORDS = {
    "de", "het", "een", "van", "en", "of", "in", "op", "met", "voor", "te", "aan", "om",
    "bij", "die", "dat", "door", "tot", "naar", "als", "is", "zijn", "wordt", "worden",
    "we", "wij", "er", "ook", "nog", "niet", "zich", "hun", "haar", "deze", "dit",
}


@dataclass
class _Unit:
    kind: str  # heading, paragraph, bullet, table_row, footnote, chapter_no, continuation
    text: str
    page: int | None = None
    page_end: int | None = None
    label: str | None = None
    hclass: str | None = None  # C chapter, Q block, N numbered, L lettered, P plain, T table group
    number: int | None = None
    nlines: int = 1
    cells: list[str] | None = None
    columns: list[str] | None = None
    caption: bool = False
    starts_group: bool = True
    lines: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- decoding


def decode(data: bytes) -> str:
    """Bytes to text, refusing what is not UTF-8 text with a message that says why."""
    if not data or not data.strip():
        raise ParseError("empty", "leeg bestand: er staat geen tekst in")
    if data.startswith(b"%PDF"):
        raise ParseError("unsupported", "dit is een PDF-bestand met een tekst-extensie")
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ParseError("binary", "dit is geen tekstbestand (binaire inhoud)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ParseError(
            "encoding",
            f"geen geldige UTF-8: byte 0x{bad} op positie {exc.start}; sla het bestand op als UTF-8",
        ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def is_wrapped(lines: list[str]) -> bool:
    """True for text broken at a column width: nine in ten lines are short."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 20:
        return False
    return lengths[int(len(lengths) * 0.9)] < 90


# ---------------------------------------------------------------- line tests


def heading_like(text: str, *, clean: bool) -> bool:
    """Could this (joined) text be a heading? Short, no sentence punctuation at the end."""
    t = normalize_space(strip_markup(text))
    if not t or len(t) > 100:
        return False
    words = t.split()
    if len(words) > 12:
        return False
    first = t.lstrip("(‘'\"")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if t[-1] in ",;:-–":
        return False
    if t.endswith("."):
        if len(words) > 6 or ". " in t[:-1]:
            return False
    if INITIALS.search(t):
        return False
    if not clean and words[-1].lower() in FUNCTION_WORDS:
        return False
    if NUMBERED.match(t) is None and re.fullmatch(r"[\d\s.,%€-]+", t):
        return False
    return True


def table_cells(line: str) -> tuple[str, list[str]] | None:
    """Split a flattened table row into its label and the figures at its end."""
    rest = line.rstrip()
    values: list[str] = []
    while True:
        m = NUM_TOKEN.search(rest)
        if not m:
            break
        values.insert(0, normalize_space(m.group(1)))
        rest = rest[: m.start()]
    label = normalize_space(rest)
    if len(values) < 2 or not re.search(r"[A-Za-z]", label) or label.endswith((".", ",")):
        return None
    return label, values


# ---------------------------------------------------------------- clean text


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
    return titles, skip


def _groups(lines: list[str], skip: set[int] = frozenset()) -> list[list[int]]:
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


def _list_unit(line: str) -> _Unit | None:
    """A list line: numbered item, lettered item, bullet, or the continuation of an item."""
    if m := LETTERED.match(line):
        return _Unit("bullet", m.group(2), label=m.group(1))
    if m := NUMBERED.match(line):
        return _Unit("bullet", m.group(2), label=m.group(1), number=int(m.group(1)))
    if m := BULLET.match(line):
        body = m.group(1)
        if starts_lowercase(body):
            return _Unit("continuation", body)
        return _Unit("bullet", body, label="•")
    return None


MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _flush_plain(plain: list[str], units: list[_Unit]) -> None:
    """Short lines in a row are one wrapped block (a cover, a name with its town); long lines
    are a paragraph each."""
    if not plain:
        return
    if len(plain) > 1 and all(len(p.strip()) < 70 for p in plain):
        text = plain[0]
        for p in plain[1:]:
            text = join_lines(text, p)
        units.append(_Unit("paragraph", text, nlines=len(plain)))
    else:
        units.extend(_Unit("paragraph", p) for p in plain)
    plain.clear()


def _clean_units(lines: list[str], markdown: bool = False) -> list[_Unit]:
    toc, skip = _toc_titles(lines)
    units: list[_Unit] = []
    for group in _groups(lines, skip):
        plain: list[str] = []
        for i in group:
            line = lines[i].rstrip(" \n")
            if "\t" in line:
                _flush_plain(plain, units)
                cells = [normalize_space(strip_markup(c)) for c in line.split("\t")]
                cells = [c for c in cells if c]
                if cells:
                    units.append(_Unit("table_row", " | ".join(cells), cells=cells))
                continue
            if markdown and (m := MD_HEADING.match(line)):
                _flush_plain(plain, units)
                units.append(_Unit("heading", m.group(2), hclass="M", number=len(m.group(1))))
                continue
            if m := FOOTNOTE_SUPERSCRIPT.match(line):
                _flush_plain(plain, units)
                number = cleanup.superscript_to_digits(m.group(1))
                units.append(_Unit("footnote", m.group(2), label=number))
                continue
            if m := cleanup.BARE_NUMBER.match(line):
                _flush_plain(plain, units)
                units.append(_Unit("chapter_no", line.strip(), number=int(m.group(1))))
                continue
            if (unit := _list_unit(line)) is not None:
                _flush_plain(plain, units)
                units.append(unit)
                continue
            plain.append(line.strip())
        _flush_plain(plain, units)
    units = _join_continuations(units)
    _mark_tables_clean(units)
    if markdown:  # "#" headings are the outline; plain lines are text
        for u in units:
            if u.kind == "chapter_no":
                u.kind = "paragraph"
    else:
        _classify_clean(units, toc)
    return units


def _table_runs(units: list[_Unit], *, allow_labels: bool = False):
    """(start, end) of each run of table rows; with `allow_labels`, a heading directly
    followed by a row (a group label like "Ondermijning") does not end the run."""
    k = 0
    while k < len(units):
        if units[k].kind != "table_row":
            k += 1
            continue
        end = k
        while end < len(units) and (
            units[end].kind == "table_row"
            or (allow_labels and units[end].kind == "heading" and end + 1 < len(units) and units[end + 1].kind == "table_row")
        ):
            end += 1
        yield k, end
        k = end


def _mark_tables_clean(units: list[_Unit]) -> None:
    """A run of tab rows whose first row holds no figures: that row names the columns."""
    for i, j in _table_runs(units):
        first = units[i]
        if j - i > 1 and not any(re.search(r"\d", c) for c in first.cells[1:] or [""]) and len(first.cells) > 1:
            first.kind = "table_header"
            for u in units[i + 1 : j]:
                u.columns = first.cells


def _classify_clean(units: list[_Unit], toc: set[str]) -> None:
    first = next((u for u in units if u.kind == "paragraph"), None)
    if first is not None and heading_like(first.text, clean=True):
        first.kind, first.hclass = "heading", "C"  # the document's title
    used_toc: set[str] = set()  # a chapter title seen again later is a plain heading
    last_chapter = ""
    for k, u in enumerate(units):
        if u.kind == "chapter_no":
            nxt = next((v for v in units[k + 1 :] if v.kind != "chapter_no"), None)
            if nxt is not None and nxt.kind == "paragraph" and heading_like(nxt.text, clean=True):
                nxt.kind, nxt.hclass = "heading", "C"
            u.kind = "drop"
            continue
        if u.kind != "paragraph":
            continue
        text = normalize_space(strip_markup(u.text))
        if APPENDIX.match(text) and re.fullmatch(r"(?i)(bijlage|appendix)\s+\d+\s*:?", text):
            nxt = units[k + 1] if k + 1 < len(units) else None
            if nxt is not None and nxt.kind == "paragraph" and heading_like(nxt.text, clean=True):
                nxt.text = f"{text.rstrip(':')}: {nxt.text}"
                nxt.kind, nxt.hclass = "heading", "C"
                u.kind = "drop"
                continue
        key = heading_key(text)
        toc_chapter = key in toc and (key not in used_toc or key == last_chapter)
        if toc_chapter or (APPENDIX.match(text) and heading_like(text, clean=True)):
            u.kind, u.hclass = "heading", "C"
            used_toc.add(key)
            last_chapter = key
        elif QUESTION_HEADING.match(text) or ACTIVITY_HEADING.match(text):
            u.kind, u.hclass = "heading", "Q"
        elif heading_like(text, clean=True):
            nxt = next((v for v in units[k + 1 :] if v.kind not in ("drop", "footnote")), None)
            if nxt is None:
                continue
            if text.endswith(".") and not (nxt.kind == "paragraph" and len(nxt.text.split()) > 12):
                continue
            u.kind, u.hclass = "heading", "P"
    _numbered_headings(units, clean=True)
    _demote_empty_plain_headings(units)


def _numbered_headings(units: list[_Unit], *, clean: bool) -> None:
    """A short numbered line without a full stop heads a section, unless it sits in a list.

    It is a list item when sub-items or the next number follow it straight away, when it
    opens a list announced by a colon, or when it follows item n-1 of a list. Otherwise "n."
    is a heading when "n-1." was one in the same chapter ("4. Cybercrime" after the items of
    "3. Ondermijning").
    """
    heading_numbers: set[int] = set()
    last_number: tuple[int, str] | None = None  # (n, "heading" | "item")
    prev_content: _Unit | None = None
    for k, u in enumerate(units):
        if u.kind == "heading" and u.hclass == "C":
            heading_numbers, last_number, prev_content = set(), None, None
            continue
        if u.kind == "bullet" and u.number is not None:
            n = u.number
            nxt = next((v for v in units[k + 1 :] if v.kind not in ("drop", "footnote")), None)
            candidate = (
                heading_like(u.text, clean=clean)
                and not u.text.rstrip().endswith(".")
                and nxt is not None
                and not (nxt.kind == "bullet" and (nxt.number == n + 1 or (nxt.label or "").isalpha() and nxt.label != "•"))
            )
            if n == 1:
                is_heading = candidate and not (prev_content is not None and prev_content.text.rstrip().endswith(":"))
            else:
                is_heading = candidate and (n - 1) in heading_numbers and last_number != (n - 1, "item")
            last_number = (n, "heading" if is_heading else "item")
            if is_heading:
                heading_numbers.add(n)
                u.kind, u.hclass = "heading", "N"
                u.text = f"{n}. {u.text}"
                prev_content = None
                continue
        if u.kind in ("paragraph", "bullet", "table_row"):
            prev_content = u


def _demote_empty_plain_headings(units: list[_Unit]) -> None:
    """A plain heading followed by another heading (no text of its own) is just a line."""
    following: _Unit | None = None
    for u in reversed(units):
        if u.kind in ("drop", "footnote", "chapter_no", "table_header"):
            continue
        if u.kind == "heading" and u.hclass == "P" and (
            following is None or (following.kind == "heading" and following.hclass in ("P", "C"))
        ):
            u.kind, u.hclass = "paragraph", None
        following = u


def _join_continuations(units: list[_Unit]) -> list[_Unit]:
    """Glue back paragraphs and items that a page, column or footnote broke in two."""
    vocabulary: set[str] | None = None
    out: list[_Unit] = []
    for u in units:
        if u.kind in ("paragraph", "continuation"):
            target = None
            for prev in reversed(out):
                if prev.kind == "footnote":
                    continue
                target = prev
                break
            if (
                target is not None
                and target.kind in ("paragraph", "bullet")
                and not ends_sentence(target.text)
                and (
                    u.kind == "continuation"
                    or starts_lowercase(u.text)
                    or ends_with_hyphen(target.text)
                    or target.text.rstrip().endswith(",")
                )
            ):
                target.text = join_lines(target.text, u.text, vocabulary)
                target.nlines += u.nlines
                if u.page_end is not None:
                    target.page_end = max(target.page_end or u.page_end, u.page_end)
                continue
            if u.kind == "continuation":
                u.kind = "bullet"
                u.label = "•"
        out.append(u)
    return out


# ---------------------------------------------------------------- wrapped text


@dataclass
class _Line:
    text: str
    page: int | None
    page_end: int | None
    index: int


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


def _wrapped_lines(lines: list[str]) -> tuple[list, list[_Unit]]:
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

    out: list = []
    footnotes: list[_Unit] = []
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
            note = _Unit("footnote", text, page=page, page_end=page_end, label=m.group(1))
            footnotes.append(note)
            out.extend([None, note, None])
            i = j
            continue
        page, page_end = pages_at(i)
        out.append(_Line(line, page, page_end, i))
        i += 1
    return out, footnotes


def _wrapped_units(lines: list[str]) -> list[_Unit]:
    seq, footnotes = _wrapped_lines(lines)

    lengths = [len(x.text.rstrip()) for x in seq if isinstance(x, _Line)]
    width = statistics.median(lengths) if lengths else 40
    units: list[_Unit] = []
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
        if isinstance(item, _Unit):
            units.append(item)  # a footnote, where it was printed
    _strip_footnote_markers(units, footnotes)
    _strip_running_titles(units)
    units = _drop_running_headers(units)
    units = _join_continuations(units)
    _mark_tables_wrapped(units)
    _classify_wrapped(units)
    return units


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


def _split_group(group: list[_Line], width: float) -> list[_Unit]:
    def new(kind: str, line: _Line, text: str, **kw) -> _Unit:
        return _Unit(kind, text, page=line.page, page_end=line.page_end, **kw)

    if _whole_group_heading(group):
        text = group[0].text
        for g in group[1:]:
            text = join_lines(text, g.text)
        unit = new("heading", group[0], normalize_space(text), nlines=len(group), starts_group=True)
        unit.lines = [g.text for g in group]
        return [unit]

    units: list[_Unit] = []
    current: _Unit | None = None
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
                units.append(new("heading", line, normalize_space(text), nlines=n, starts_group=(i == 0)))
                i += n
                at_start = False
                current = None
                continue
        at_start = False
        if (cells := table_cells(raw)) is not None and (
            len(cells[1]) >= 3 or (units and units[-1].kind == "table_row")
        ):
            label, values = cells
            units.append(new("table_row", line, f"{label} | " + " | ".join(values), cells=[label, *values]))
            current = None
            at_start = True
            i += 1
            continue
        if m := BULLET.match(raw):
            body = m.group(1)
            if not starts_lowercase(body) or current is None:
                current = new("bullet", line, body, label="•", starts_group=(i == 0))
                units.append(current)
                i += 1
                continue
        if current is None:
            current = new("paragraph", line, raw.strip(), starts_group=(i == 0))
            units.append(current)
        else:
            current.text = join_lines(current.text, raw)
            current.nlines += 1
            if line.page_end is not None:
                current.page_end = line.page_end
        i += 1
    return units


def _strip_footnote_markers(units: list[_Unit], footnotes: list[_Unit]) -> None:
    numbers = {f.label for f in footnotes if f.label}
    for u in units:
        if u.kind == "footnote":
            continue
        for n in numbers:
            u.text = re.sub(rf"(?<=[a-zà-ÿ]){n}(?=[\s.,;:)]|$)", "", u.text)


def _strip_running_titles(units: list[_Unit]) -> None:
    """Remove a heading's text printed again at the start of a paragraph that continues one
    broken by a page ("<chapter title> een leraar. De bedreigingen ...")."""
    titles = sorted(
        {normalize_space(u.text) for u in units if u.kind == "heading" and len(u.text.split()) >= 3},
        key=len,
        reverse=True,
    )
    for u in units:
        if u.kind not in ("paragraph", "bullet"):
            continue
        text = normalize_space(u.text)
        for title in titles:
            if text.startswith(title + " ") and starts_lowercase(text[len(title) + 1 :]):
                u.text = text[len(title) + 1 :]
                break


def _drop_running_headers(units: list[_Unit]) -> list[_Unit]:
    """A title printed in the middle of a paragraph that goes on after it is a running header."""
    out: list[_Unit] = []
    for k, u in enumerate(units):
        if u.kind == "heading" and u.starts_group and u.nlines <= 3:
            prev = next((p for p in reversed(out) if p.kind != "footnote"), None)
            nxt = next((n for n in units[k + 1 :] if n.kind != "footnote"), None)
            if (
                prev is not None
                and prev.kind in ("paragraph", "bullet")
                and not ends_sentence(prev.text)
                and nxt is not None
                and nxt.kind in ("paragraph", "bullet")
                and starts_lowercase(nxt.text)
            ):
                continue
        out.append(u)
    return out


def _columns_from_header(header: str, width: int) -> list[str]:
    """Column names of a flattened table, from the header text above its first row."""
    tab_line = header.split("\n")[-1]
    years = list(dict.fromkeys(YEAR.findall(tab_line))) or list(dict.fromkeys(YEAR.findall(header)))
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


def _mark_tables_wrapped(units: list[_Unit]) -> None:
    """Find each flattened table's header and its group labels ("Ondermijning")."""
    for start, end in list(_table_runs(units, allow_labels=True)):
        # a group label or two may sit between the header and the first row
        h = start - 1
        while h >= 0 and units[h].kind == "heading" and units[h].nlines <= 2 and len(units[h].text.split()) <= 6:
            h -= 1
        rows = [u for u in units[start:end] if u.kind == "table_row"]
        width = max(len(r.cells) - 1 for r in rows)
        header = units[h] if h >= 0 and units[h].kind in ("paragraph", "heading") and len(YEAR.findall(units[h].text)) >= 2 else None
        columns = _columns_from_header(("\n".join(header.lines) or header.text) if header else "", width)
        if header is not None:
            first_line = header.lines[0] if header.lines else header.text
            caption = re.split(r"\s{2,}|\s%\s", first_line.strip())[0]
            header.text = normalize_space(caption)
            header.kind, header.hclass, header.caption = "heading", "P", True
        for u in units[h + 1 : end]:
            if u.kind == "table_row":
                u.columns = columns
            elif u.kind == "heading":
                u.hclass = "T"


def _classify_wrapped(units: list[_Unit]) -> None:
    for k, u in enumerate(units):
        if u.kind != "heading" or u.hclass is not None:
            continue
        text = u.text
        prev = units[k - 1] if k else None
        nxt = units[k + 1] if k + 1 < len(units) else None
        if UPPER_LETTERED.match(text):
            u.hclass, u.label = "L", text[0]
        elif QUESTION_HEADING.match(text) or ACTIVITY_HEADING.match(text):
            u.hclass = "Q"
        elif APPENDIX.match(text) or u.nlines >= 3:
            u.hclass = "C"
        else:
            u.hclass = "P"
        for near in (prev, nxt):
            if near is not None and near.kind == "paragraph" and cleanup.BARE_NUMBER.match(near.text):
                u.hclass = "C"
                near.kind = "drop"
    for u in units:
        if u.kind == "paragraph" and cleanup.BARE_NUMBER.match(u.text):
            u.kind = "drop"  # a page number that escaped the footer rules
    _demote_empty_plain_headings(units)


# ---------------------------------------------------------------- levels


def _assign_levels(units: list[_Unit]) -> list[Block]:
    """Heading levels from heading classes and the headings around them.

    Chapters are level 1; a plain heading sits under the nearest chapter, or under a plan's
    question heading ("Hoe gaan we dit bereiken?") as one of its pillars; block headings sit
    under the nearest topic; numbered and lettered headings continue their list or open one.
    """
    stack: list[dict] = []
    blocks: list[Block] = []
    for u in units:
        if u.kind in ("drop", "chapter_no", "table_header"):
            continue
        if u.kind != "heading":
            text = normalize_space(strip_markup(cleanup.strip_superscripts(u.text)))
            if not text:
                continue
            kind = "bullet" if u.kind == "continuation" else u.kind
            blocks.append(
                Block(kind=kind, text=text, page=u.page, page_end=u.page_end, label=u.label,
                      cells=u.cells, columns=u.columns)
            )
            continue
        cls = u.hclass or "P"
        under_q = False
        if cls == "M":
            level = u.number or 1
        elif cls == "C":
            level = 1
        elif cls == "Q":
            topic = next((e for e in reversed(stack) if e["cls"] in ("C", "N", "P") and not e["under_q"]), None)
            level = topic["level"] + 1 if topic else 1
        elif cls in ("N", "L"):
            key = u.number if cls == "N" else u.label
            prev_key = (key - 1) if cls == "N" else (chr(ord(key) - 1) if key else None)
            sibling = next((e for e in reversed(stack) if e["cls"] == cls and e["key"] == prev_key), None)
            if sibling is not None:
                level, under_q = sibling["level"], sibling["under_q"]
            else:
                level = stack[-1]["level"] + 1 if stack else 1
                under_q = any(e["under_q"] or (e["cls"] == "Q" and e["nests"]) for e in stack)
        elif cls == "T":
            caption = next((e for e in reversed(stack) if e["caption"]), None)
            group = next((e for e in reversed(stack) if e["cls"] == "T"), None)
            if caption is not None:
                level = caption["level"] + 1
            elif group is not None:
                level = group["level"]
            else:
                level = stack[-1]["level"] + 1 if stack else 1
        else:
            question = next((e for e in reversed(stack) if e["cls"] == "Q" and e["nests"]), None)
            if question is not None:
                level, under_q = question["level"] + 1, True
            else:
                chapter = next((e for e in reversed(stack) if e["cls"] == "C"), None)
                level = chapter["level"] + 1 if chapter else 1
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        text = normalize_space(strip_markup(cleanup.strip_superscripts(u.text)))
        stack.append({
            "level": level, "cls": cls, "key": u.number if cls == "N" else u.label,
            "under_q": under_q, "caption": u.caption,
            "nests": cls == "Q" and text.endswith("?"),
        })
        blocks.append(Block(kind="heading", text=text, page=u.page, page_end=u.page_end,
                            level=level, label=u.label if cls == "L" else (str(u.number) if cls == "N" else None)))
    return blocks


# ---------------------------------------------------------------- entry point


def parse_text(data: bytes, markdown: bool = False) -> ParsedDocument:
    """Parse UTF-8 text (clean or wrapped) into blocks with heading paths.

    With `markdown`, "#"-headings give the outline directly.
    """
    text = decode(data)
    lines = text.split("\n")
    wrapped = not markdown and is_wrapped(lines)
    units = _wrapped_units(lines) if wrapped else _clean_units(lines, markdown=markdown)
    blocks = build_outline(_assign_levels(units))
    if not any(b.text for b in blocks):
        raise ParseError("no_text", "geen leesbare tekst gevonden")
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    pages = max((b.page_end or b.page or 0 for b in blocks), default=0) or None
    warnings: list[str] = []
    return ParsedDocument(blocks=blocks, title=title, pages=pages, warnings=warnings)
