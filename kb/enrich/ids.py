"""Ids that are readable and stable: a document's from its file name, a section's from the
document, its heading path and its position (kb.enrich.sections), an ambition's from its
plan's numbering and theme (kb.enrich.ambitions); and the fingerprint of a text, which a
decision remembers so that an edited paragraph is noticed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from pathlib import Path

from kb.text import slugify


def document_id(path: Path) -> str:
    return slugify(path.stem, max_len=80)


def heading_slug(text: str) -> str:
    """A heading's part of a section id: its first words, without a chapter number."""
    return slugify(re.sub(r"^\s*\d+[.)]\s*", "", text), max_words=4, max_len=40)


def unique_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base~2`, `base~3`... when it is taken: the same heading, ambition number or
    KPI name twice in one document."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}~{n}"
        n += 1
    return candidate


def fingerprint(text: str) -> str:
    """A hash of the text with its spacing and case normalised."""
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]
