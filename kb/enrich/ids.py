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


PLAN_SEPARATOR = ":"  # never in a document id (a slug) nor in a key; URL-safe in a path segment


def ambition_id(plan: str, key: str) -> str:
    """The globally unique id of the ambition `key` of plan `plan`:
    "rotterdam-strategische-themas-2019-2022:ondermijning-4d"."""
    return f"{plan}{PLAN_SEPARATOR}{key}"


def split_ambition_id(aid: str) -> tuple[str | None, str]:
    """(plan, key) of a global id; (None, key) for a bare key (an id of before ids were per
    plan, or a key typed by hand)."""
    plan, sep, key = aid.partition(PLAN_SEPARATOR)  # a document id is a slug: the first colon ends it
    return (plan, key) if sep else (None, aid)


def scope_to_plan(plan: str, ambitions: list, norms: list) -> None:
    """Turn the plan-local ids extraction gives (`ondermijning-4d`) into global ones: `key`
    keeps the local id, `id` and `parent_id` become "<plan>:<key>" (norms share their
    ambition's id). In place."""
    for a in ambitions:
        a.key = a.key or a.id
        a.id = ambition_id(plan, a.key)
        if a.parent_id and PLAN_SEPARATOR not in a.parent_id:
            a.parent_id = ambition_id(plan, a.parent_id)
    for n in norms:
        n.key = n.key or n.id
        n.id = ambition_id(plan, n.key)


def fingerprint(text: str) -> str:
    """A hash of the text with its spacing and case normalised."""
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]
