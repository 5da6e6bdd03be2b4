"""Synonyms of the trade (kb/data/synonyms.toml), applied when a query is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.lang.words import DATA, data_file_error, read_toml

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


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[SynonymGroup]:
    data = read_toml(path)
    groups = []
    for n, entry in enumerate(data.get("groep", []), 1):
        terms = entry.get("termen")
        if not isinstance(terms, list) or len(terms) < 2 or not all(isinstance(t, str) and t.strip() for t in terms):
            raise data_file_error(path, f"groep {n} heeft geen lijst van minstens twee termen")
        direction = entry.get("richting", "beide")
        if direction not in ("beide", "eenzijdig"):
            raise data_file_error(path, f"groep {n}: richting moet 'beide' of 'eenzijdig' zijn, niet {direction!r}")
        groups.append(SynonymGroup(tuple(t.strip() for t in terms), direction == "eenzijdig"))
    return groups
