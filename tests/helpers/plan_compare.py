"""How well a rendering of the bundled plan (a printed PDF, HTML, Markdown, text copied from
a document-sharing site, ...) comes through the ingest: its ambitions against those of the
bundled text, by key and by text. Issue 15 asks for at least 95 % with the same key and the
same text in every rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kb.text import fold

SAME_TEXT = 0.95  # a rendering may differ in a hyphen, a quote or a space, not in words


def norm(text: str) -> str:
    """Text as compared: folded, without markup, list markers and spacing differences."""
    text = re.sub(r"[*_`#>|]", " ", text)
    text = re.sub(r"[‐‑‒–—-]", "-", text)
    return " ".join(fold(text).split())


def same_text(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_TEXT


@dataclass
class Comparison:
    expected: int
    same: list[str] = field(default_factory=list)  # keys with the same text
    changed: list[str] = field(default_factory=list)  # keys found with another text
    missing: list[str] = field(default_factory=list)  # keys not found
    extra: list[str] = field(default_factory=list)  # keys the bundled text does not have

    @property
    def share(self) -> float:
        return len(self.same) / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (f"{len(self.same)}/{self.expected} ambities gelijk ({self.share:.0%}); "
                f"anders: {self.changed[:8]}; ontbrekend: {self.missing[:8]}; extra: {self.extra[:8]}")


def compare(found: dict[str, str], expected: dict[str, str]) -> Comparison:
    """`found`, `expected`: ambition key -> text (e.g. {a.key: a.text for a in result.ambitions
    if a.document_id == ...})."""
    c = Comparison(expected=len(expected))
    for key, text in expected.items():
        if key not in found:
            c.missing.append(key)
        elif same_text(found[key], text):
            c.same.append(key)
        else:
            c.changed.append(key)
    c.extra = sorted(set(found) - set(expected))
    return c


def ambitions_of(result, document_id: str) -> dict[str, str]:
    """Key -> text of one document's ambitions in an IngestResult."""
    return {a.key: a.text for a in result.ambitions if a.document_id == document_id}
