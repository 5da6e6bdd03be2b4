"""Completions for the search box as you type: headings of the corpus that contain the
typed words, then words of the index that start with the last one, most used first."""

from __future__ import annotations

from itertools import islice

from kb.text import fold

MAX_SCAN = 3000  # index words looked at per prefix


def completions(headings: list[tuple[str, str]], reader, text: str, limit: int = 8) -> list[str]:
    """`headings`: every heading once as (folded, as written), shortest first; `reader`: the
    index's."""
    words = fold(text).split()
    if not words or len(words[-1]) < 2:
        return []
    out: list[str] = []
    for folded, heading in headings:
        if all(w in folded for w in words):
            out.append(heading)
            if len(out) >= limit // 2:
                break
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
