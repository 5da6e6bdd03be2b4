"""Text copied from a document-sharing site (Scribd, Issuu, ...): the site's own lines, page
markers, tables of contents and blocks cut at a page break.

* **site furniture**: a line that is wholly one of the patterns in kb/data/site-furniture.toml
  ("Bezig met laden…", "Copied!", a cookie banner, "Delen", "Downloaden"), or a short line the
  site repeats at every page: one that occurs three times or more, mostly next to furniture
  or a page marker (three in four of its occurrences; never a sentence or a question);
* **page markers** on their own line ("(12)", "- 12 -", "Pagina 3 van 40");
* **table-of-contents lines** ("Voorwoord 5", "2 Opdrachten voor de eenheid 15",
  "Inleiding ........ 3"): a title with a page number, in a run of three or more with page
  numbers that do not go down, after a contents heading, or with dot leaders;
* **cut blocks**: a paragraph that a page break cut off, possibly mid-word ("samenwe" +
  "rkingsverbanden"), is joined without a space only when the joined word is a known Dutch word
  or a compound of known words (`join_cut`).

The patterns are data an analyst extends; the rules here are generic.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.datafiles import DataModel, edition, load
from kb.lang.words import DATA, data_file_error, zipf
from kb.parse.cleanup import first_letters, last_letters
from kb.text import fold

FURNITURE_FILE = DATA / "site-furniture.toml"
NEAR = 2  # non-blank lines either side in which a repeated line must meet furniture or a page marker
MAX_REPEATED = 80  # longer lines are text, never a repeated site header


class FurnitureFile(DataModel):
    furniture: list[str] = []
    page_markers: list[str] = []


def _compile(patterns: list[str], what: str) -> re.Pattern:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise data_file_error(FURNITURE_FILE, f"'{what}': patroon {p!r} is geen geldige reguliere expressie ({exc})")
    body = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    return re.compile(rf"^\s*(?:{body})\s*$", re.IGNORECASE)


@lru_cache(maxsize=2)
def _patterns(_mtime: int) -> tuple[re.Pattern, re.Pattern]:
    data = load(FURNITURE_FILE, FurnitureFile, lambda m: data_file_error(FURNITURE_FILE, m))
    return _compile(data.furniture, "furniture"), _compile(data.page_markers, "page_markers")


def patterns() -> tuple[re.Pattern, re.Pattern]:
    """(furniture, page marker) patterns; read again when the file changes."""
    return _patterns(edition(FURNITURE_FILE))


_PIECES = re.compile(r"\s*[|·•]\s*|\s{2,}|\t")


def is_page_marker(line: str) -> bool:
    return bool(line.strip()) and patterns()[1].match(line) is not None


def is_furniture(line: str) -> bool:
    """A line that is wholly site furniture, or a row of it ("Delen · Downloaden · Opslaan")."""
    return bool(line.strip()) and _is_furniture(line, patterns()[0])


def _is_furniture(line: str, furniture: re.Pattern) -> bool:
    if furniture.match(line):
        return True
    pieces = [p for p in _PIECES.split(line.strip()) if p.strip()]
    return len(pieces) > 1 and all(furniture.match(p) for p in pieces)


def drop_site_furniture(lines: list[str]) -> list[str]:
    """The lines with site furniture and page markers blanked (so that line numbers stay)."""
    furniture, marker = patterns()  # once per document, not a stat() per line
    marked = [bool(line.strip()) and (marker.match(line) is not None or _is_furniture(line, furniture))
              for line in lines]
    if not any(marked):
        return lines
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    position = {i: k for k, i in enumerate(nonblank)}

    def near_marked(i: int) -> bool:
        k = position[i]
        window = nonblank[max(0, k - NEAR) : k] + nonblank[k + 1 : k + 1 + NEAR]
        return any(marked[j] for j in window)

    for _ in range(2):  # a repeated header may sit next to another repeated header
        occurrences: dict[str, list[int]] = {}
        for i in nonblank:
            text = " ".join(lines[i].split())
            if not marked[i] and len(text) <= MAX_REPEATED and text[-1] not in ".?!:;":
                occurrences.setdefault(text.lower(), []).append(i)
        changed = False
        for found in occurrences.values():
            if len(found) >= 3 and 4 * sum(near_marked(i) for i in found) >= 3 * len(found):
                for i in found:
                    marked[i] = changed = True
        if not changed:
            break
    return ["" if m else line for line, m in zip(lines, marked)]


# ---------------------------------------------------------------- tables of contents

_LEADER = r"(?:\s*(?:\.{3,}|…+|(?:\.\s){2,}\.?|_{3,}|·{3,})\s*)"
TOC_LINE = re.compile(rf"^\s*(?P<title>[^\t]*?[^\W\d_][^\t]*?)(?P<leader>{_LEADER}|\s+)(?P<page>\d{{1,3}})\s*$")
TOC_MAX_LINE = 400  # a title of at most 120 characters, dot leaders and a page number
_TOC_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.?)\s+")


def toc_entry(line: str) -> tuple[str, int, bool] | None:
    """(title, page, has dot leaders) of a line that could be a table-of-contents entry."""
    stripped = line.rstrip()
    if len(stripped) > TOC_MAX_LINE or not stripped[-1:].isdigit():
        return None  # checked first: TOC_LINE's two lazy runs would try every split of a long line
    m = TOC_LINE.match(line)
    if not m:
        return None
    title = m.group("title").strip()
    leader = bool(m.group("leader").strip())
    if len(title.split()) > 14 or len(title) > 120:
        return None
    if not leader and (re.search(r"\s{2,}\S.*\s{2,}", line.strip()) or title[-1] in ".,;:!?"):
        return None  # a table row, or a sentence that ends in a number
    return title, int(m.group("page")), leader


def toc_title(title: str) -> str:
    """The chapter title without its number ("2 Opdrachten" -> "Opdrachten")."""
    return _TOC_NUMBER.sub("", title).strip()


def toc_lines(lines: list[str], after_heading: set[int] = frozenset()) -> dict[int, str]:
    """Line number -> title of every table-of-contents line: a run of three or more entries
    (blank lines between them allowed) whose page numbers do not go down, the entries right
    after a contents heading (`after_heading`: their line numbers), and any entry with dot
    leaders."""
    found: dict[int, str] = {}
    run: list[tuple[int, str, int]] = []

    def close() -> None:
        if len(run) >= 3 and all(a[2] <= b[2] for a, b in zip(run, run[1:])):
            found.update((i, t) for i, t, _ in run)
        run.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            continue
        entry = toc_entry(line)
        if entry is None:
            close()
            continue
        title, page, leader = entry
        if leader or i in after_heading:
            found[i] = title
        run.append((i, title, page))
    close()
    return found


# ---------------------------------------------------------------- blocks cut at a page break

KNOWN = 3.0  # Zipf frequency from which a fragment is a word of its own


def join_cut(left: str, right: str) -> str | None:
    """`left` + `right` joined without a space when a break cut one word in two ("samenwe" +
    "rkingsverbanden"), None when they are two words.

    Joined only when the joined word is a known word or a compound of known words, and not
    when both fragments are words of their own (common, or compounds of known words) that
    are more common than the joined word ("voor" + "al" stays "voor al", "de" +
    "ketenpartners" stays two words, "samen" + "werking" becomes "samenwerking").
    """
    left, right = left.rstrip(), right.lstrip()
    a, b = last_letters(left), first_letters(right)  # the end of `left` found from its end: linear
    if not a or not b:
        return None
    if not b[0].islower() or (a[-1].isupper() and len(a) > 1 and a.isupper()):
        return None
    word = fold(a + b)
    if not _known(word):
        return None
    fa, fb = fold(a), fold(b)
    za, zb = zipf(fa), zipf(fb)
    if _word(fa, za) and _word(fb, zb) and zipf(word) <= min(za, zb):
        return None
    return left + right


def _word(fragment: str, frequency: float) -> bool:
    """Is a fragment a word of its own (a common one, or a compound of known words)?"""
    # a long dictionary word, however rare ("participeert"), is a word of its own too: the
    # splitter takes inflected forms as compound parts, so "eenheid" + "participeert" would
    # otherwise pass for one cut word
    return frequency >= KNOWN or (len(fragment) >= 7 and (frequency > 0 or bool(_splitter()._split(fragment, 4))))


def _known(word: str) -> bool:
    """A word in wordfreq's Dutch list (however rare), or a compound of known words."""
    return zipf(word) > 0 or bool(_splitter()._split(word, 4))


@lru_cache(maxsize=1)
def _splitter():
    from kb.lang.compounds import make_splitter

    return make_splitter()
