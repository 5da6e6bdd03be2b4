"""Which years a section is about, and whether it reports them as done or plans them."""

from __future__ import annotations

import re

from kb.model import Document, YearMention
from kb.text import YEAR as YEAR_PATTERN

YEAR = re.compile(rf"(?<![\d.,€])({YEAR_PATTERN})(?![\d,]|\.\d)")  # not in "€2020", "2.020" or "2020,5"
RANGE = re.compile(rf"(?<![\d.,])({YEAR_PATTERN})\s*[-–]\s*({YEAR_PATTERN})(?![\d,])")
# Words that put a year in the future of the sentence: "zetten we in 2021 voort".
PLANNED_CUES = re.compile(
    r"\b(zal|zullen|gaat|gaan|gepland|planning|verwacht\w*|voort|voortzetten|streven|streeft|"
    r"moet|moeten|komend\w*|volgend\w*|wil|willen|beoogd\w*|ambitie|doel is|vervolg)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“‘(])")


def _sense(year: int, sentence: str, doc: Document) -> str:
    future_words = bool(PLANNED_CUES.search(sentence))
    if doc.kind in ("jaarverslag",) and doc.year:
        if year > doc.year:
            return "planned"
        return "done"
    if doc.period:
        start = doc.period[0]
        written = doc.date.year if doc.date else start - 1
        if year >= start or year > written:
            return "planned"
        if year < written:
            return "done"
        return "mentioned"
    if doc.year and year > doc.year:
        return "planned"
    return "planned" if future_words else "mentioned"


def year_mentions(text: str, doc: Document) -> list[YearMention]:
    """Every year a text names, once, with the sense of its first mention that plans it
    (a year both done and planned in one paragraph is reported as done and as planned)."""
    seen: dict[tuple[int, str], YearMention] = {}
    for sentence in _SENTENCE.split(text):
        years: list[int] = []
        for m in RANGE.finditer(sentence):
            a, b = int(m.group(1)), int(m.group(2))
            if a < b <= a + 10:
                years.extend(range(a, b + 1))
        years.extend(int(y) for y in YEAR.findall(sentence))
        for y in years:
            sense = _sense(y, sentence, doc)
            seen.setdefault((y, sense), YearMention(y, sense))
    return sorted(seen.values(), key=lambda m: (m.year, m.sense))


def section_years(mentions: list[YearMention], doc: Document) -> list[int]:
    return sorted(set(doc.years) | {m.year for m in mentions})
