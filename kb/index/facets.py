"""Facet counts of a search: theme, the document's year, the years a section mentions, kind,
document, (a leerdossier's) section role, phenomenon and a leerdossier's status of the matching
sections."""

from __future__ import annotations

import numpy as np

FACETS = ("themes", "doc_years", "mentions", "kind", "document_id", "role", "phenomena", "doc_status",
          "example")  # the last only to rank the examples last (kb.index.search), shown nowhere


class FacetTable:
    """Facet values of every document in one generation, read once from the postings,
    as parallel arrays (docnum, value code) so a count is one numpy bincount."""

    def __init__(self, reader):
        self.columns: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._having: dict[tuple[str, frozenset[str]], np.ndarray] = {}
        for name in FACETS:
            labels: list[str] = []
            docs: list[np.ndarray] = []
            codes: list[np.ndarray] = []
            for term in reader.field_terms(name):
                ids = np.fromiter(reader.postings(name, term).all_ids(), dtype=np.int64)
                docs.append(ids)
                codes.append(np.full(len(ids), len(labels), dtype=np.int64))
                labels.append(term)
            empty = np.zeros(0, dtype=np.int64)
            self.columns[name] = (labels, np.concatenate(docs) if docs else empty, np.concatenate(codes) if codes else empty)

    def having(self, name: str, values: set[str]) -> np.ndarray:
        """The documents with any of these values of one facet; kept with the table (a search
        asks for the examples every time, and a role's sections often)."""
        key = (name, frozenset(values))
        found = self._having.get(key)
        if found is None:
            labels, docs, codes = self.columns[name]
            wanted = [i for i, label in enumerate(labels) if label in values]
            found = np.unique(docs[np.isin(codes, wanted)]) if wanted else np.zeros(0, dtype=np.int64)
            if len(self._having) < 256:  # facet values of roles and examples: a handful
                self._having[key] = found
        return found

    def count(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """Per facet, value -> number of matching documents, most frequent first."""
        out = {}
        for name, (labels, docs, codes) in self.columns.items():
            counts = np.bincount(codes[mask[docs]], minlength=len(labels))
            found = sorted((-int(c), labels[i]) for i, c in enumerate(counts) if c)
            out[name] = {label: -c for c, label in found}
        return out
