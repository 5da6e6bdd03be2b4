"""Suggestions for the search box as you type: headings of the corpus that contain the
typed words, then words of the index that start with the last one, most frequent first."""

from __future__ import annotations

import threading
from itertools import islice
from pathlib import Path

from flask import current_app

from kb.store.catalog import read_catalog_id, read_sections
from kb.text import fold

MAX_SCAN = 3000  # index words looked at per prefix
_headings: dict[str, list[str]] = {}
_lock = threading.Lock()


def _all_headings() -> list[str]:
    data = Path(current_app.config["DATA_DIR"])
    key = read_catalog_id(data) or ""
    with _lock:
        found = _headings.get(key)
    if found is None:
        seen: dict[str, str] = {}
        for s in read_sections(data):
            if s["kind"] == "heading":
                seen.setdefault(fold(s["text"]), s["text"])
        found = sorted(seen.values(), key=len)
        with _lock:
            _headings.clear()
            _headings[key] = found
    return found


def suggestions(handle, searcher, text: str, limit: int = 8) -> list[str]:
    words = fold(text).split()
    if not words or len(words[-1]) < 2:
        return []
    out: list[str] = []
    for heading in _all_headings():
        folded = fold(heading)
        if all(w in folded for w in words):
            out.append(heading)
            if len(out) >= limit // 2:
                break
    reader = searcher.reader()
    last = words[-1]
    head = " ".join(text.split()[:-1])
    terms = [t.decode() if isinstance(t, bytes) else t for t in islice(reader.expand_prefix("exact", last), MAX_SCAN)]
    terms = [t for t in terms if t.isalpha() and t != last]
    terms.sort(key=lambda t: -reader.doc_frequency("exact", t))
    for t in terms:
        if len(out) >= limit:
            break
        out.append(f"{head} {t}".strip())
    unique = {fold(x): x for x in reversed(out)}  # one spelling each; headings (first) win
    return [x for x in out if unique[fold(x)] is x][:limit]
