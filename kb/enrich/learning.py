"""A leerdossier's metadata made usable: its phenomena (kb/data/fenomenen.toml) and themes
(themes.toml) as slugs, and the phenomena of every section, so a search and a knowledge page
can ask for "everything on hennepteelt".

A leerdossier's sections take its phenomena and themes from its metadata; a section of any
document also gets the phenomena its own words name (the facet "Fenomeen"). A name in the
metadata that the data files do not know is a ParseError naming the choices: a typo must not
quietly drop a leerdossier out of its knowledge page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.datafiles import DataModel, Text, edition, load
from kb.errors import KbError, ParseError
from kb.lang.words import data_file_error
from kb.model import LEERDOSSIER, Document, Section
from kb.text import SLUG, find_named, fold
from kb.enrich.themes import Taxonomy, find_theme

PHENOMENA_FILE = Path(__file__).resolve().parent.parent / "data" / "fenomenen.toml"


class PhenomenonEntry(DataModel):
    """A `[[fenomeen]]` of fenomenen.toml."""

    slug: Text
    naam: Text
    thema: Text | None = None
    woorden: tuple[Text, ...] = ()
    samen_met: tuple[Text, ...] = ()


class PhenomenonFile(DataModel):
    fenomeen: tuple[PhenomenonEntry, ...] = ()


@dataclass(frozen=True)
class Phenomenon:
    slug: str
    label: str
    theme: str | None
    patterns: tuple[re.Pattern, ...]
    context: tuple[re.Pattern, ...] = ()  # `samen_met`: one of these must be in the same text too

    def named_in(self, folded: str) -> bool:
        """Whether a text (folded by _words) names this phenomenon."""
        return (any(p.search(folded) for p in self.patterns)
                and (not self.context or any(p.search(folded) for p in self.context)))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).replace("’", "").replace("'", "")))


def _pattern(cue: str) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in _words(cue.rstrip("*")).split())
    tail = r"[a-z0-9]*" if cue.endswith("*") else ""
    return re.compile(rf"(?<![a-z0-9]){body}{tail}(?![a-z0-9])")


@dataclass
class Phenomena:
    """One edition of the data file."""

    items: list[Phenomenon]

    def labels(self) -> dict[str, str]:
        return {p.slug: p.label for p in self.items}

    def get(self, slug: str) -> Phenomenon | None:
        return next((p for p in self.items if p.slug == slug), None)

    def find(self, name: str, start: bool = True) -> str | None:
        """The phenomenon a user means: its slug, its name, or (with `start`, in a search) the
        one whose slug or name starts so ("henn"). Metadata names it whole."""
        return find_named(name, [(p.slug, p.label) for p in self.items], start)

    def named_in(self, text: str) -> list[str]:
        """The phenomena whose words occur in the text, in the file's order."""
        folded = _words(text)
        return [p.slug for p in self.items if p.named_in(folded)]


def load_phenomena(path: Path | None = None) -> Phenomena:
    """The phenomena file, read again when it changes; a mistake is a KbError naming the file."""
    path = path or PHENOMENA_FILE
    return _load(path, edition(path))


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Phenomena:
    def fail(message: str) -> KbError:
        return data_file_error(path, message)

    data = load(path, PhenomenonFile, fail, {"fenomeen": "fenomeen"})
    items: list[Phenomenon] = []
    for n, entry in enumerate(data.fenomeen, 1):
        if not SLUG.fullmatch(entry.slug):
            raise fail(f"fenomeen {n}, 'slug' {entry.slug!r} mag alleen kleine letters, cijfers en streepjes hebben")
        if entry.slug in {p.slug for p in items}:
            raise fail(f"fenomeen {n}, 'slug' {entry.slug!r} staat er al eerder in")
        patterns = tuple(_pattern(w) for w in entry.woorden if _words(w))
        context = tuple(_pattern(w) for w in entry.samen_met if _words(w))
        items.append(Phenomenon(entry.slug, entry.naam, entry.thema, patterns, context))
    if not items:
        raise fail("bevat geen fenomenen ([[fenomeen]])")
    return Phenomena(items)


def resolve_metadata(doc: Document, taxonomy: Taxonomy, phenomena: Phenomena | None = None) -> None:
    """Turn the names in a document's `phenomena` and `themes` into slugs (in place), or raise
    a ParseError naming what is known."""
    doc.phenomena, doc.themes = resolve_names(doc.phenomena, doc.themes, taxonomy, phenomena)


def resolve_names(phenomena_named: list[str], themes_named: list[str], taxonomy: Taxonomy,
                  phenomena: Phenomena | None = None) -> tuple[list[str], list[str]]:
    """(phenomena, themes) as slugs, each once and whole (no prefix: metadata names them), or
    a ParseError naming what is known."""
    phenomena = phenomena or load_phenomena()
    return (_slugs(phenomena_named, lambda name: phenomena.find(name, start=False),
                   "fenomeen '{}' staat niet in fenomenen.toml", [p.label.lower() for p in phenomena.items]),
            _slugs(themes_named, lambda name: find_theme(name, taxonomy), "thema '{}' staat niet in de themalijst",
                   [t.slug for t in taxonomy.themes]))


def _slugs(names: list[str], find, unknown: str, choices: list[str]) -> list[str]:
    """Each name as the slug `find` gives it, once, in order; a ParseError for one it does not know."""
    slugs: list[str] = []
    for name in names:
        slug = find(name)
        if slug is None:
            raise ParseError("metadata", f"{unknown.format(name)} (kies uit: {', '.join(choices)})")
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def assign_phenomena(doc: Document, sections: list[Section], phenomena: Phenomena | None = None) -> None:
    """Set `phenomena` on every section (in place); a leerdossier's sections also take its
    themes."""
    phenomena = phenomena or load_phenomena()
    whole = doc.kind == LEERDOSSIER and bool(doc.phenomena)
    for s in sections:
        own = phenomena.named_in(" ".join([*s.heading_path[-1:], s.text]))
        s.phenomena = list(dict.fromkeys([*(doc.phenomena if whole else []), *own]))
        if doc.kind == LEERDOSSIER and doc.themes:
            s.themes = list(dict.fromkeys([*s.themes, *doc.themes]))
