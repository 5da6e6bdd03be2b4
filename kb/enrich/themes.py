"""The theme taxonomy (kb/data/themes.toml) and how sections get their themes.

A section inherits the theme of the nearest heading above it that names a theme (with a
small typo margin, so "Ondernijning" lands on ondermijning); a section under no themed
heading gets the themes whose cue words it contains, possibly several.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cachetools import LRUCache

from kb.datafiles import DataModel, Text, load
from kb.errors import KbError
from kb.text import fold, slugify

DEFAULT_TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "themes.toml"


@dataclass(frozen=True)
class Theme:
    slug: str
    short: str
    label: str
    kind: str = "thema"
    headings: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@dataclass
class Taxonomy:
    themes: list[Theme] = field(default_factory=list)
    # heading -> the theme it names: the same headings come back in every document (and a
    # user's words in a thema: filter), kept as long as the taxonomy, bounded
    _heading_cache: LRUCache = field(default_factory=lambda: LRUCache(maxsize=20_000), repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def get(self, slug: str) -> Theme | None:
        return next((t for t in self.themes if t.slug == slug), None)

    def labels(self) -> dict[str, str]:
        return {t.slug: t.label for t in self.themes}


class ThemeEntry(DataModel):
    """A `[[theme]]` of themes.toml."""

    slug: Text
    label: Text
    short: Text | None = None
    kind: Text = "thema"
    headings: tuple[Text, ...] = ()
    cues: tuple[Text, ...] = ()

    def theme(self) -> Theme:
        return Theme(self.slug, self.short or self.slug, self.label, self.kind, self.headings, self.cues)


class ThemeFile(DataModel):
    theme: tuple[ThemeEntry, ...] = ()


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or DEFAULT_TAXONOMY

    def fail(message: str) -> KbError:
        return KbError(f"themabestand {path}: {message}", status=500)

    themes = [entry.theme() for entry in load(path, ThemeFile, fail, {"theme": "thema"}).theme]
    if not themes:
        raise KbError(f"themabestand {path} bevat geen thema's", status=500)
    return Taxonomy(themes)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9@]+", fold(text).replace("’", "'").replace("'", ""))


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart for words of six letters or more (typos in headings)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _phrase_in(phrase: list[str], words: list[str]) -> bool:
    n = len(phrase)
    return any(all(_close(p, w) for p, w in zip(phrase, words[i : i + n])) for i in range(len(words) - n + 1))


def heading_theme(heading: str, taxonomy: Taxonomy) -> str | None:
    """The theme a heading names, if any ("3. Ondernijning" -> "ondermijning")."""
    with taxonomy._lock:
        found = taxonomy._heading_cache.get(heading, _UNKNOWN)
    if found is not _UNKNOWN:
        return found
    words = _tokens(re.sub(r"^\s*\d+[.)]\s*", "", heading))
    best: tuple[int, str] | None = None
    for theme in taxonomy.themes:
        for h in theme.headings:
            phrase = _tokens(h)
            if phrase and _phrase_in(phrase, words) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), theme.slug)
    found = best[1] if best else None
    with taxonomy._lock:
        taxonomy._heading_cache[heading] = found
    return found


_UNKNOWN = object()


def _cue_pattern(cue: str) -> re.Pattern:
    words = _tokens(cue.rstrip("*"))
    body = r"\s+".join(re.escape(w) for w in words)
    tail = r"[a-z0-9]*" if cue.endswith("*") else ""
    return re.compile(rf"(?<![a-z0-9]){body}{tail}(?![a-z0-9])")


@lru_cache(maxsize=64)
def _cue_patterns(cues: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(_cue_pattern(c) for c in cues if _tokens(c))


def cue_themes(text: str, taxonomy: Taxonomy) -> list[str]:
    """Themes whose cue words occur in the text, the most cued first."""
    folded = " ".join(_tokens(text))
    scores = []
    for theme in taxonomy.themes:
        hits = sum(1 for p in _cue_patterns(theme.cues) if p.search(folded))
        if hits:
            scores.append((-hits, taxonomy.themes.index(theme), theme.slug))
    return [slug for _, _, slug in sorted(scores)]


def assign_themes(heading_path: list[str], own_heading: str | None, text: str, taxonomy: Taxonomy) -> tuple[list[str], str]:
    """Themes of a section and where they came from: ("heading" | "cue" | "")."""
    chain = list(heading_path) + ([own_heading] if own_heading else [])
    for heading in reversed(chain):
        slug = heading_theme(heading, taxonomy)
        if slug:
            return [slug], "heading"
    themes = cue_themes(text, taxonomy)
    return (themes, "cue") if themes else ([], "")


def find_theme(name: str, taxonomy: Taxonomy) -> str | None:
    """The theme a user means: its slug ("burger-centraal"), the start of it ("cyber"), or
    words of its name, with the heading typo margin ("ondermijnig")."""
    slug = slugify(name)
    if not slug or slug == "x":
        return None
    for theme in taxonomy.themes:
        if slug in (theme.slug, slugify(theme.short)):
            return theme.slug
    starts = [t.slug for t in taxonomy.themes if t.slug.startswith(slug) or slugify(t.label).startswith(slug)]
    if len(starts) == 1:
        return starts[0]
    return heading_theme(name.replace("-", " "), taxonomy)


WITHOUT_THEME = "zonder-thema"  # the choice of the ambitions no theme of the taxonomy holds


def chosen_theme(name: str | None, taxonomy: Taxonomy) -> str | None:
    """The theme a user chose (a `--thema` or `thema=`): None when none, else its slug,
    WITHOUT_THEME for "zonder thema" (the matrix's last group), or a KbError when no theme
    answers to that name."""
    if not name or not name.strip():
        return None
    if slugify(name) == WITHOUT_THEME:
        return WITHOUT_THEME
    slug = find_theme(name.strip(), taxonomy)
    if not slug:
        raise KbError(f"onbekend thema '{name.strip()}'")
    return slug
