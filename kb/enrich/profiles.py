"""The conventions by which a plan states its ambitions, read from kb/data/plan-structure.toml.

The rules live in a data file so that an analyst can read them and, for a plan whose
headings the defaults miss, add a profile (`[profile."<document id>"]`) instead of asking
for code. `structure_for(doc)` gives the rules for one plan: the default blocks, with the
headings and numbering of the profile that matches the plan's id or title on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from kb.datafiles import DataModel, Regex, Text, edition, load, rule, says, valid_regex
from kb.errors import KbError
from kb.model import Document
from kb.text import fold

STRUCTURE_FILE = Path(__file__).resolve().parent.parent / "data" / "plan-structure.toml"
NUMBERING_STYLES = ("1", "a", "i", "•")



def _theme_regex(value: str) -> str:
    groups = re.compile(valid_regex(value)).groupindex
    if "woord" not in groups or "nr" not in groups:
        raise rule("moet de groepen (?P<woord>...) en (?P<nr>...) hebben")
    return value


ThemeRegex = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_theme_regex),
                       says("moet een reguliere expressie met (?P<woord>...) en (?P<nr>...) zijn")]
Style = Annotated[Literal[NUMBERING_STYLES], says(f"moet een van {', '.join(NUMBERING_STYLES)} zijn")]
BlockKind = Annotated[Literal["doel", "actions", "opdracht"], says("moet doel, actions of opdracht zijn")]


class _BlockEntry(DataModel):
    heading: Regex
    kind: BlockKind
    word: Text = "doel"
    name: Text
    numbering: list[Style] | None = None


class _TableEntry(DataModel):
    goal_columns: list[Text] = []
    indicator_columns: list[Text] = []
    target_columns: list[Text] = []
    action_columns: list[Text] = []


class _ProfileEntry(DataModel):
    title: Regex | None = None
    goal_headings: list[Regex] = []
    action_headings: list[Regex] = []
    numbering: list[Style] | None = None
    only: bool = False


class StructureFile(DataModel):
    numbering: list[Style] = list(NUMBERING_STYLES)
    theme_headings: list[ThemeRegex] = []
    goal_cues: list[Regex] = []
    stopwords: list[Text] = []
    block: list[_BlockEntry] = []
    table: _TableEntry = _TableEntry()
    profile: dict[str, _ProfileEntry] = {}


@dataclass(frozen=True)
class BlockRule:
    """One kind of goal block: the heading that opens it and what its items become."""

    pattern: re.Pattern
    kind: str  # "doel", "actions" or "opdracht"
    word: str  # the word in the key: ondermijning-doel-2
    name: str  # for the ambition's origin
    numbering: tuple[str, ...]


@dataclass(frozen=True)
class PlanStructure:
    """The rules for one plan (the defaults, or a profile on top of them)."""

    blocks: tuple[BlockRule, ...]
    theme_headings: tuple[re.Pattern, ...]
    stopwords: frozenset[str]
    goal_columns: frozenset[str]
    indicator_columns: frozenset[str]
    target_columns: frozenset[str]
    profile: str | None = None  # the name of the profile that applied
    goal_cues: tuple[re.Pattern, ...] = ()  # a paragraph that states a goal without a goal block
    action_columns: frozenset[str] = frozenset()

    def states_goal(self, text: str) -> bool:
        """Does a paragraph say what the plan wants to reach ("Ons doel is ...", "In 2026 is ...")?"""
        return any(p.search(text) for p in self.goal_cues)

    def goal_column(self, columns: list[str] | None) -> int | None:
        """The column of a goal table's goal ("Doel", "Ambitie", "Beoogd resultaat"), if any."""
        return next((i for i, c in enumerate(columns or []) if fold(c).strip(" :") in self.goal_columns), None)

    def action_column(self, columns: list[str] | None) -> int | None:
        """The column of an actions table's action ("Actie", "Maatregel"), if any."""
        return next((i for i, c in enumerate(columns or []) if fold(c).strip(" :") in self.action_columns), None)

    def block_for(self, heading: str) -> BlockRule | None:
        """The block a heading opens ("2.4 Wat willen we bereiken?"), if any; a heading that
        names a numbered theme ("Prioriteit 1: Ondermijning") opens none."""
        text = strip_number(heading)
        if self.theme_number(text):
            return None
        return next((b for b in self.blocks if b.pattern.search(text)), None)

    def theme_number(self, heading: str) -> str | None:
        """"prioriteit-1" for "Prioriteit 1: Ondermijning"."""
        text = strip_number(heading)
        for pattern in self.theme_headings:
            if m := pattern.match(text):
                return f"{fold(m.group('woord'))}-{m.group('nr').lower()}"
        return None


@dataclass(frozen=True)
class _Loaded:
    defaults: PlanStructure
    profiles: tuple[tuple[str, _ProfileEntry], ...]
    default_numbering: tuple[str, ...]


def strip_number(heading: str) -> str:
    """A heading without its chapter number: "2.4. Wat willen we bereiken?" -> "Wat willen we bereiken?"."""
    return re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", heading).strip()


def _pattern(regex: str) -> re.Pattern:
    return re.compile(regex, re.IGNORECASE)


def load_structure(path: Path | None = None) -> _Loaded:
    """The structure file, read again when it changes; KbError naming file and entry when wrong."""
    path = path or STRUCTURE_FILE
    return _load(path, edition(path))


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> _Loaded:
    def fail(message: str) -> KbError:
        return KbError(f"plan-structuurbestand {path.name}: {message}", status=500)

    data = load(path, StructureFile, fail, {"block": "blok"})
    numbering = tuple(data.numbering)
    blocks = tuple(BlockRule(_pattern(b.heading), b.kind, b.word, b.name, tuple(b.numbering or numbering))
                   for b in data.block)
    defaults = PlanStructure(
        blocks=blocks,
        theme_headings=tuple(_pattern(p) for p in data.theme_headings),
        stopwords=frozenset(fold(w) for w in data.stopwords),
        goal_columns=frozenset(fold(c) for c in data.table.goal_columns),
        indicator_columns=frozenset(fold(c) for c in data.table.indicator_columns),
        target_columns=frozenset(fold(c) for c in data.table.target_columns),
        goal_cues=tuple(_pattern(p) for p in data.goal_cues),
        action_columns=frozenset(fold(c) for c in data.table.action_columns),
    )
    return _Loaded(defaults, tuple(data.profile.items()), numbering)


def structure_for(doc: Document, path: Path | None = None) -> PlanStructure:
    """The rules for `doc`: its profile (by document id, else by title pattern) on top of
    the defaults, or the defaults alone."""
    loaded = load_structure(path)
    match = next(((name, p) for name, p in loaded.profiles if name == doc.id), None) or next(
        ((name, p) for name, p in loaded.profiles if p.title and re.search(p.title, doc.title or "", re.IGNORECASE)),
        None)
    if match is None:
        return loaded.defaults
    name, profile = match
    numbering = tuple(profile.numbering) if profile.numbering else loaded.default_numbering
    own = tuple(BlockRule(_pattern(h), "doel", "doel", f"profiel {name}: doelblok", numbering)
                for h in profile.goal_headings)
    own += tuple(BlockRule(_pattern(h), "actions", "doel", f"profiel {name}: actieblok", numbering)
                 for h in profile.action_headings)
    base = () if profile.only else tuple(
        BlockRule(b.pattern, b.kind, b.word, b.name, numbering if profile.numbering else b.numbering)
        for b in loaded.defaults.blocks)
    return PlanStructure(own + base, loaded.defaults.theme_headings, loaded.defaults.stopwords,
                         loaded.defaults.goal_columns, loaded.defaults.indicator_columns,
                         loaded.defaults.target_columns, profile=name, goal_cues=loaded.defaults.goal_cues,
                         action_columns=loaded.defaults.action_columns)
