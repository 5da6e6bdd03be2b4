"""The postings of the text fields once more, as flat numpy arrays beside the Whoosh index
of a generation, so that a query never decodes a posting block in Python.

Whoosh keeps postings as pickled blocks; reading a common word cold costs tens of ms at
100k sections. Written once when a generation is built (after Whoosh's commit, from
Whoosh's own postings), read with memory mapping: a term is a slice. The Whoosh index
stays the reference; kb.index.fast.scoring falls back to it for a generation without these
files, and tests/test_scoring.py holds both against Whoosh's matcher.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from kb.files import atomic_write
from kb.index.fast.blocks import read_postings

FIELDS = ("text", "heading", "topic", "exact")
IDS, WEIGHTS, TERMS = "postings-ids.npy", "postings-weights.npy", "postings-terms.pkl"
FILES = (IDS, WEIGHTS, TERMS)


def write(generation: Path, reader) -> int:
    """Every (field, term) -> its postings (deleted documents included; the reader masks
    them), into three files written beside and renamed into place. Returns the postings."""
    offsets: dict[tuple[str, str], tuple[int, int]] = {}
    id_parts, weight_parts, at = [], [], 0
    for field in FIELDS:
        if field not in reader.schema:
            continue
        for raw, _info in reader.iter_field(field):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            ids, weights = read_postings(reader, field, term)
            offsets[(field, term)] = (at, at + len(ids))
            at += len(ids)
            id_parts.append(ids.astype(np.int32))
            weight_parts.append(weights.astype(np.float32))
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
    weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, dtype=np.float32)
    atomic_write(generation / IDS, _dumped(lambda fh: np.save(fh, ids)))
    atomic_write(generation / WEIGHTS, _dumped(lambda fh: np.save(fh, weights)))
    atomic_write(generation / TERMS, _dumped(lambda fh: pickle.dump(offsets, fh, protocol=pickle.HIGHEST_PROTOCOL)))
    return at


def _dumped(dump):
    """A writer for atomic_write: opens the temporary file and lets `dump` fill it."""
    def write(path: Path) -> None:
        with open(path, "wb") as fh:
            dump(fh)
    return write


class Postings:
    """The arrays of one generation, memory-mapped; None from `open` when absent."""

    def __init__(self, generation: Path):
        self.ids = np.load(generation / IDS, mmap_mode="r")
        self.weights = np.load(generation / WEIGHTS, mmap_mode="r")
        with open(generation / TERMS, "rb") as fh:
            self.offsets: dict[tuple[str, str], tuple[int, int]] = pickle.load(fh)

    @classmethod
    def open(cls, generation: Path) -> Postings | None:
        if not all((generation / name).exists() for name in FILES):
            return None
        try:
            return cls(generation)
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            return None

    def get(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(docnums, weights) or None when this store does not know the term."""
        span = self.offsets.get((field, term))
        if span is None:
            return None
        a, b = span
        return np.asarray(self.ids[a:b], dtype=np.int64), np.asarray(self.weights[a:b], dtype=np.float64)
