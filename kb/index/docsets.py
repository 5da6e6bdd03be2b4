"""Which documents a query matches, as a Python set, fast enough to count every match and
its facets on each request.

Whoosh can list the matches itself (`Searcher.docs_for_query`), but it walks its matcher
tree one document at a time in Python; for a broad word in 100k sections that costs more
than the ranking. Here a query's Boolean skeleton (Term, Or, And, AndNot, Every) is
evaluated with set operations on posting lists, which run in C; anything else (phrases,
fuzzy terms) is left to Whoosh. Posting sets are cached per index generation, which never
changes after it goes live.
"""

from __future__ import annotations

from collections import OrderedDict

from whoosh import query as Q

CACHE_BUDGET = 3_000_000  # document numbers kept in the posting cache per generation


class PostingCache:
    def __init__(self, budget: int = CACHE_BUDGET):
        self.budget = budget
        self.size = 0
        self.sets: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()

    def get(self, searcher, field: str, text: str) -> frozenset[int]:
        key = (field, text)
        found = self.sets.get(key)
        if found is not None:
            self.sets.move_to_end(key)
            return found
        reader = searcher.reader()
        if (field, text) in reader:
            found = frozenset(reader.postings(field, text).all_ids())
        else:
            found = frozenset()
        self.sets[key] = found
        self.size += len(found)
        while self.size > self.budget and len(self.sets) > 1:
            _, dropped = self.sets.popitem(last=False)
            self.size -= len(dropped)
        return found


def matching_docs(searcher, q: Q.Query, cache: PostingCache) -> set[int] | frozenset[int]:
    if isinstance(q, Q.Term):
        return cache.get(searcher, q.fieldname, q.text)
    if isinstance(q, Q.Or):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= matching_docs(searcher, sub, cache)
        return out
    if isinstance(q, Q.And):
        sets = sorted((matching_docs(searcher, sub, cache) for sub in q.subqueries), key=len)
        if not sets:
            return set()
        out = set(sets[0])
        for s in sets[1:]:
            if not out:
                break
            out &= s
        return out
    if isinstance(q, Q.AndNot):
        return set(matching_docs(searcher, q.a, cache)) - matching_docs(searcher, q.b, cache)
    if isinstance(q, Q.Every):
        return set(searcher.reader().all_doc_ids())
    if q is Q.NullQuery:
        return set()
    return set(searcher.docs_for_query(q))
