"""A term's postings read straight from Whoosh's posting blocks, as numpy arrays: the
source the posting store (postings.py) is written from, and the fallback of the term table
(scoring.py) for a generation without a store. The only code here that knows how Whoosh
lays out a block."""

from __future__ import annotations

import numpy as np


def read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnums, weights) of a term, deleted documents included (the caller masks
    them). Whoosh's own matcher yields one posting per Python call; this reads a
    segment's posting blocks whole when the segment is in Whoosh's default W3 format,
    and falls back to the matcher otherwise."""
    id_parts, weight_parts = [], []
    for leaf, base in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        ids, weights = _leaf_blocks(leaf, field, text)
        if ids is None:
            ids, weights = _leaf_slow(leaf, field, text)
        id_parts.append(ids + base)
        weight_parts.append(weights)
    if not id_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def _leaf_blocks(leaf, field: str, text: str):
    from whoosh.codec.whoosh3 import W3LeafMatcher

    terms = getattr(leaf, "_terms", None)
    if terms is None:
        return None, None
    fieldobj = leaf.schema[field]
    m = terms.matcher(field, fieldobj.to_bytes(text), fieldobj.format)
    if type(m) is not W3LeafMatcher:
        return None, None
    ids, weights = [], []
    while m.is_active():
        # the block as stored: (delta-coded ids, weights or None/one float, values); decoded
        # with numpy instead of Whoosh's per-posting Python loop
        m._read_data()
        raw_ids, raw_weights = m._data[0], m._data[1]
        n = m._blocklength
        block = np.asarray(raw_ids, dtype=np.int64)
        ids.append(block if m._byteids else np.cumsum(block))
        if raw_weights is None:
            weights.append(np.ones(n))
        elif isinstance(raw_weights, float):
            weights.append(np.full(n, raw_weights))
        else:
            weights.append(np.asarray(raw_weights, dtype=np.float64))
        m._next_block()
    return np.concatenate(ids), np.concatenate(weights)


def _leaf_slow(leaf, field: str, text: str):
    m = leaf.postings(field, text)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)

