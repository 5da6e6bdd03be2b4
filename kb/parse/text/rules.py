"""Line rules both text parsers apply: could a line be a heading, is it a flattened table
row, is it a chapter-level or block heading by its wording.

They are the judgement calls of the parser; keeping them together keeps the clean and the
wrapped parser from drifting apart on what a heading looks like.
"""

from __future__ import annotations

import re

from kb.parse.cleanup import strip_markup
from kb.parse.lists import NUMBERED
from kb.text import YEAR, normalize_space

APPENDIX = re.compile(r"^(bijlage|appendix)\s+\d+\b", re.IGNORECASE)
# the back of a document: no part of the chapter before it, numbered or not
BACK_MATTER = re.compile(r"^(bijlagen?|appendix|colofon|literatuur(lijst)?|bronnen(lijst)?|begrippen(lijst)?|"
                         r"afkortingen(lijst)?|verklarende woordenlijst)\b", re.IGNORECASE)
# Block headings: the questions a plan answers per theme, and a report's activity lists.
QUESTION_HEADING = re.compile(r"^(waar willen w(e|ij)\b.*|hoe gaan w(e|ij)\b.*)\?$", re.IGNORECASE)
ACTIVITY_HEADING = re.compile(rf"^activiteiten( in {YEAR})?$", re.IGNORECASE)
INITIALS = re.compile(r"^[A-Z][a-z]{0,3}\.\s|\b[A-Z]\.\s?[A-Z]\.")  # "Mr. ...", "J.A. Jansen": a name
NUM_TOKEN = re.compile(r"\s+((?:[≤≥<>]\s?)?[-+−]?\d[\d.,]*\s?%?|[-–])\s*$")  # a figure at a line end

# A wrapped line ending in one of these words runs on: it is no heading.
FUNCTION_WORDS = {
    "de", "het", "een", "van", "en", "of", "in", "op", "met", "voor", "te", "aan", "om",
    "bij", "die", "dat", "door", "tot", "naar", "als", "is", "zijn", "wordt", "worden",
    "we", "wij", "er", "ook", "nog", "niet", "zich", "hun", "haar", "deze", "dit",
}


def block_heading(text: str) -> bool:
    """A plan's question ("Hoe gaan we dit bereiken?") or a report's "Activiteiten in 2020"."""
    return bool(QUESTION_HEADING.match(text) or ACTIVITY_HEADING.match(text))


def heading_shape(t: str, *, opening: str = "(‘'\"") -> bool:
    """The shape of a heading in any format: short, a capital or digit first (after an
    `opening` bracket or quote), no clause or sentence ending it. `heading_like` and the HTML
    parser add their own checks."""
    words = t.split()
    if not t or len(t) > 100 or len(words) > 12:
        return False
    first = t.lstrip(opening)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if t[-1] in ",;:-–":
        return False
    return not (t.endswith(".") and (len(words) > 6 or ". " in t[:-1]))


def heading_like(text: str, *, clean: bool) -> bool:
    """Could this (joined) text be a heading? Short, no sentence punctuation at the end."""
    t = normalize_space(strip_markup(text))
    if not heading_shape(t):
        return False
    words = t.split()
    if INITIALS.search(t):
        return False
    if not clean and words[-1].lower() in FUNCTION_WORDS:
        return False
    # figures alone are a table row or a page number, a numbered item is not
    return NUMBERED.match(t) is not None or not re.fullmatch(r"[\d\s.,%€-]+", t)


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
