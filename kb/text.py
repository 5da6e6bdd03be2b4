"""Text utilities every step uses: folding for comparison, slugs for ids, whitespace."""

from __future__ import annotations

import math
import re
import unicodedata

# A year a policy text speaks of, 1950-2099: the one pattern every step uses (in a larger
# pattern, with its own boundaries) or `YEAR_WORD` / `is_year` / `named_years`; and the longest span of years
# one thing can cover (a plan period, a jaar: filter).
FIRST_YEAR, LAST_YEAR, MAX_SPAN = 1950, 2099, 50
YEAR = r"(?:19[5-9]\d|20\d\d)"
YEAR_WORD = re.compile(rf"\b({YEAR})\b")
# a number shaped like a year that is part of a compound, a name's number: "in Natura 2000-gebied",
# "de 2030-doelen" (not a range: "2019-2022")
_YEAR_IN_COMPOUND = re.compile(rf"\b{YEAR}-(?=[^\W\d_])")
# the months as Dutch writes them: "sinds februari" (kb.lang.tense), "oktober-maart" (kb.parse.cleanup)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
# the decimal number of a part of a plan, "1.3" or "2.1.4": as a list label (kb.parse.lists), in
# an ambition's key (kb.enrich.ambitions) and as a report cites it (kb.trace.linking)
DECIMAL = r"\d{1,2}(?:\.\d{1,2})+"
_DECIMAL = re.compile(DECIMAL)


def is_decimal(text: str) -> bool:
    """Whether the text is a decimal number of a part of a plan ("1.3"), a list label's or a key's."""
    return _DECIMAL.fullmatch(text) is not None


def is_year(text: str) -> bool:
    return re.fullmatch(YEAR, text.strip()) is not None


def named_years(text: str) -> list[int]:
    """The years a text names, not a year's number inside a compound ("Natura 2000-gebied",
    "de 2030-doelen")."""
    return [int(y) for y in YEAR_WORD.findall(_YEAR_IN_COMPOUND.sub(" ", text))]


MAX_PLACES = 4  # decimals a figure keeps when no number of places is asked for


def dutch_number(value: float, places: int | None = None) -> str:
    """A figure as Dutch writes it, with a decimal comma: "62,18", "94" (not "94,0"),
    "1234567,5" (no exponent), a tiny figure to four significant digits ("0,00004"), "0,15"
    with `places`; "" for no figure (NaN, infinite). The one format of the pages, the command
    line, the exports' texts and their cells."""
    if not math.isfinite(value):
        return ""
    if places is not None:
        text = f"{value:.{places}f}"
    else:
        tiny = value != 0 and abs(value) < 10 ** -MAX_PLACES
        digits = MAX_PLACES - 1 - math.floor(math.log10(abs(value))) if tiny else MAX_PLACES
        text = f"{value:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")  # no trailing zeros
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0"
    return text.replace(".", ",")


def shown_score(score: float) -> str:
    """A link's score as the pages and the command line show it: two decimals, cut off rather
    than rounded, so a candidate just under the threshold (0.1485) never reads as the
    threshold itself ("0,14", not "0,15"); 0.29, which floating point holds as
    28.999... hundredths, still reads "0,29"."""
    return dutch_number(math.floor(score * 100 + 1e-9) / 100, 2)


def first_words(text: str, n: int = 12) -> str:
    """A text's first `n` words, with "…" when there were more: a paragraph named in a line."""
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (tabs, no-break spaces) into single spaces."""
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Geïnvesteerd" -> "geinvesteerd"."""
    if text.isascii():  # most words: nothing to strip (the language data folds 200,000 at start)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what slugify makes: a key in a data file, an ambition key


def find_named(name: str, entries: list[tuple[str, str]], start: bool = True) -> str | None:
    """The key of the entry (key, label) a user means: its key or its label, slugged; with
    `start`, also the one entry whose key or label starts so ("henn" -> "hennepteelt")."""
    slug = slugify(name)
    if not slug or slug == "x":
        return None
    for key, label in entries:
        if slug in (key, slugify(label)):
            return key
    if not start:
        return None
    starts = [key for key, label in entries if key.startswith(slug) or slugify(label).startswith(slug)]
    return starts[0] if len(starts) == 1 else None


def slugify(text: str, max_words: int | None = None, max_len: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text).replace("’", "").replace("'", ""))
    if max_words:
        words = words[:max_words]
    slug = "-".join(words)
    return slug[:max_len].strip("-") or "x"
