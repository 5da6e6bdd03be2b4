"""The role of a leerdossier's sections (kb/data/leerdossier-roles.toml): aanleiding,
signalen, interventies, lessen... so a search can ask for "the signals" of every learning file.

A section takes the role of the deepest heading above it (or its own) that names one; under
no such heading, the role its text's cue words clearly point to; else none. Only documents
of kind "leerdossier" get roles: a plan's "Resultaten" is no learning file's.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from kb.datafiles import DataModel, Text, edition, load
from kb.errors import KbError
from kb.lang.words import data_file_error
from kb.model import LEERDOSSIER, Document, Section
from kb.text import SLUG, find_named, fold

ROLES_FILE = Path(__file__).resolve().parent.parent / "data" / "leerdossier-roles.toml"


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+\*?", fold(text).replace("’", "").replace("'", ""))


class RoleEntry(DataModel):
    """A `[[rol]]` of leerdossier-roles.toml."""

    sleutel: Text
    label: Text
    koppen: tuple[Text, ...] = ()
    signaalwoorden: tuple[Text, ...] = ()


class RoleFile(DataModel):
    drempel: int = Field(default=2, ge=1, strict=True)
    rol: tuple[RoleEntry, ...] = ()


Phrase = tuple[str, ...]  # folded words; a last letter "*" makes the word a word start


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    headings: tuple[Phrase, ...]
    cues: tuple[Phrase, ...]


@dataclass
class Roles:
    """The roles of one edition of the file, with what they found in headings already seen
    (the same headings come back in every learning file)."""

    roles: list[Role]
    threshold: int = 2
    _heading_cache: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _starts: tuple | None = field(default=None, repr=False, compare=False)  # _heading_starts, made on first use

    def labels(self) -> dict[str, str]:
        return {r.key: r.label for r in self.roles}

    def heading_role(self, heading: str) -> str | None:
        """The role a heading names: the phrase found first in it, the longest at one place."""
        with self._lock:
            if heading in self._heading_cache:
                return self._heading_cache[heading]
        words = [w.rstrip("*") for w in _tokens(heading)]
        best: tuple[int, int, int] | None = None  # (start, -length, role index)
        for n, role in enumerate(self.roles):
            for phrase in role.headings:
                start = _find(phrase, words)
                if start is not None and (best is None or (start, -len(phrase), n) < best):
                    best = (start, -len(phrase), n)
        found = self.roles[best[2]].key if best else None
        with self._lock:
            if len(self._heading_cache) < 20_000:
                self._heading_cache[heading] = found
        return found

    def cue_role(self, text: str) -> str | None:
        """The role with the most distinct cue words in the text, when at least `threshold`
        and no other role has as many: a guess only when it is clear."""
        words = [w.rstrip("*") for w in _tokens(text)]
        counts = sorted(((sum(_find(c, words) is not None for c in r.cues), r.key) for r in self.roles), reverse=True)
        if not counts or counts[0][0] < self.threshold or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        return counts[0][1]

    def asked_in(self, query: str) -> set[str]:
        """The roles a search names with a heading word of theirs ("welke signalen wijzen op
        een drugslab", "indicatoren", "geleerde lessen"): the search then ranks those sections
        of a leerdossier higher (kb.index.search.ROLE_BOOST)."""
        words = [w.rstrip("*") for w in _tokens(query)]
        by_first, starred = self._heading_starts()
        candidates = [c for w in set(words) for c in by_first.get(w, ())] + starred  # only phrases that can start here
        return {key for phrase, key in candidates if _find(phrase, words) is not None}

    def _heading_starts(self) -> tuple[dict[str, list[tuple[Phrase, str]]], list[tuple[Phrase, str]]]:
        """The heading phrases by their first word (a search checks only those its words
        start), and those whose first word is a word start ("signa*"); made once."""
        if self._starts is None:
            by_first: dict[str, list[tuple[Phrase, str]]] = {}
            starred: list[tuple[Phrase, str]] = []
            for r in self.roles:
                for phrase in r.headings:
                    if phrase[0].endswith("*"):
                        starred.append((phrase, r.key))
                    else:
                        by_first.setdefault(phrase[0], []).append((phrase, r.key))
            self._starts = (by_first, starred)
        return self._starts

    def find(self, name: str) -> str | None:
        """The role a user means: its key ("signalen"), the start of it ("signa"), or its label."""
        return find_named(name, [(r.key, r.label) for r in self.roles]) or self.heading_role(name.replace("-", " "))


def _find(phrase: Phrase, words: list[str]) -> int | None:
    """Where the phrase starts in the words, or None."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(w.startswith(p[:-1]) if p.endswith("*") else w == p for p, w in zip(phrase, words[i:i + n])):
            return i
    return None


def load_roles(path: Path | None = None) -> Roles:
    """The roles file, read again when it changes; a mistake is a KbError naming the file."""
    path = path or ROLES_FILE
    return _load(path, edition(path))


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Roles:
    def fail(message: str) -> KbError:
        return data_file_error(path, message)

    data = load(path, RoleFile, fail, {"rol": "rol"})
    roles: list[Role] = []
    for n, entry in enumerate(data.rol, 1):
        if not SLUG.fullmatch(entry.sleutel):
            raise fail(f"rol {n}, 'sleutel' {entry.sleutel!r} mag alleen kleine letters, cijfers en streepjes hebben")
        if entry.sleutel in {r.key for r in roles}:
            raise fail(f"rol {n}, 'sleutel' {entry.sleutel!r} staat er al eerder in")
        phrases = [tuple(_tokens(p)) for p in entry.koppen], [tuple(_tokens(p)) for p in entry.signaalwoorden]
        roles.append(Role(entry.sleutel, entry.label, tuple(p for p in phrases[0] if p), tuple(p for p in phrases[1] if p)))
    if not roles:
        raise fail("bevat geen rollen ([[rol]])")
    return Roles(roles, data.drempel)


def section_role(heading_path: list[str], own_heading: str | None, text: str, roles: Roles,
                 title: str = "") -> str | None:
    """A section's role: its deepest heading that names one (not the document's title), else
    its cue words when clear, else None."""
    title_words = _tokens(title)
    chain = [h for h in [*heading_path, *([own_heading] if own_heading else [])] if _tokens(h) != title_words]
    for heading in reversed(chain):
        found = roles.heading_role(heading)
        if found:
            return found
    return roles.cue_role(text)


def assign_roles(doc: Document, sections: list[Section], roles: Roles | None = None) -> None:
    """Set `role` on the sections of a leerdossier (in place); other kinds get none."""
    if doc.kind != LEERDOSSIER:
        for s in sections:
            s.role = None
        return
    roles = roles or load_roles()
    for s in sections:
        own = s.text if s.kind == "heading" else None
        s.role = section_role(s.heading_path, own, "" if own else s.text, roles, doc.title)

