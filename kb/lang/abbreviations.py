"""Abbreviations and their long forms: curated (kb/data/abbreviations.toml) and learned.

Policy texts introduce an abbreviation once, after its long form: "Regionaal Informatie-
en Expertise-centrum (RIEC)". `find_pairs` finds those with the Schwartz & Hearst (2003)
algorithm: walk the abbreviation's letters right to left and match each to a letter of
the words before the bracket, the first letter at the start of a word.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Iterable

from pydantic import Field

from kb.datafiles import DataModel, Text, load, says
from kb.lang.words import DATA, data_file_error

CURATED_FILE = DATA / "abbreviations.toml"
_BRACKETED = re.compile(r"\(([A-Z][A-Za-z0-9&@\-]{1,9})\)")
_LEADING_ARTICLE = re.compile(r"^(?:de|het|een|the)\s+", re.I)


def is_abbreviation(token: str) -> bool:
    """RIEC, RI&E, FIT@NP, DDoS: two or more capitals and nothing but letters, digits, & @ -."""
    return (2 <= len(token) <= 10 and sum(c.isupper() for c in token) >= 2
            and re.fullmatch(r"[A-Za-z0-9&@\-]+", token) is not None)


def _long_form(abbr: str, candidate: str) -> str | None:
    short = [c.lower() for c in abbr if c.isalnum()]
    s, i = len(short) - 1, len(candidate) - 1
    while s >= 0:
        c = short[s]
        while i >= 0 and (candidate[i].lower() != c or (s == 0 and i > 0 and candidate[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = candidate.rfind(" ", 0, i + 1) + 1
    return candidate[start:].strip()


def find_pairs(text: str) -> list[tuple[str, str]]:
    """(abbreviation, long form) pairs introduced in `text`."""
    pairs = []
    for m in _BRACKETED.finditer(text):
        abbr = m.group(1)
        if not is_abbreviation(abbr):
            continue
        letters = sum(c.isalnum() for c in abbr)
        words = text[: m.start()].split()[-min(letters + 5, letters * 2):]
        if not words:
            continue
        long = _long_form(abbr, " ".join(words))
        if not long:
            continue
        long = _LEADING_ARTICLE.sub("", long).strip(" ,;:-")
        if len(long) > len(abbr) + 2 and long.upper() != abbr.upper():
            pairs.append((abbr, long))
    return pairs


def learn(texts: Iterable[str]) -> dict[str, list[str]]:
    """Every abbreviation the texts introduce, with its long forms in order of first use."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for abbr, long in find_pairs(text):
            forms = found.setdefault(abbr, [])
            if long.lower() not in (f.lower() for f in forms):
                forms.append(long)
    return found


LongForms = Annotated[Text | list[Text], says("moet een tekst of een lijst teksten zijn")]


class CuratedFile(DataModel):
    """abbreviations.toml: `[afkortingen]` with a long form, or a list of them, per abbreviation."""

    afkortingen: dict[str, LongForms] = Field(default_factory=dict)


def load_curated(path: Path = CURATED_FILE) -> dict[str, list[str]]:
    data = load(path, CuratedFile, lambda message: data_file_error(path, message))
    return {abbr: [forms] if isinstance(forms, str) else forms for abbr, forms in data.afkortingen.items()}


def merge(curated: dict[str, list[str]], learned: dict[str, list[str]]) -> dict[str, list[str]]:
    """Curated forms first; learned forms of the same abbreviation added after them."""
    merged = {k: list(v) for k, v in curated.items()}
    for abbr, forms in learned.items():
        target = merged.setdefault(abbr, [])
        for f in forms:
            if f.lower() not in (t.lower() for t in target):
                target.append(f)
    return merged
