"""Synonyms of the trade (kb/data/synonyms.toml), applied when a query is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from kb.datafiles import DataModel, Text, load, says
from kb.lang.words import DATA, data_file_error

SYNONYMS_FILE = DATA / "synonyms.toml"


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    oneway: bool = False  # only the first term brings in the others

    def expansions(self) -> list[tuple[str, tuple[str, ...]]]:
        """(term, what it brings in) for each term that brings something in."""
        if self.oneway:
            return [(self.terms[0], self.terms[1:])]
        return [(t, tuple(o for o in self.terms if o != t)) for t in self.terms]


class Group(DataModel):
    """A `[[groep]]` of synonyms.toml."""

    termen: Annotated[list[Text], Field(min_length=2), says("moet een lijst van minstens twee termen zijn")]
    richting: Annotated[Literal["beide", "eenzijdig"], says("moet 'beide' of 'eenzijdig' zijn")] = "beide"


class SynonymFile(DataModel):
    groep: tuple[Group, ...] = ()


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[SynonymGroup]:
    data = load(path, SynonymFile, lambda message: data_file_error(path, message), {"groep": "groep"})
    return [SynonymGroup(tuple(g.termen), g.richting == "eenzijdig") for g in data.groep]
