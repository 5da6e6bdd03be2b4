"""Matching and ranking in one pass, with numpy arrays over cached postings.

Whoosh ranks by walking its matcher tree one posting at a time in Python. Our queries
are wide (each word is an Or over the stemmed, heading and exact fields, plus compound
parts and synonyms), so for a broad word in 100k sections that walk costs several times
what the same word costs in a bare index. Here the query's Boolean skeleton (Term, Or,
And, AndNot, Every) is evaluated on whole arrays instead: a term's postings become a
score vector, Or adds vectors, And adds them where all match, Require keeps its first
part's scores where its second matches too. The score of a term is
Whoosh's own BM25F (same B, K1, idf, average and byte-encoded field lengths), so the
ranking is Whoosh's ranking; tests/test_scoring.py holds the two side by side. A fuzzy
term is the Or of the index's terms within its reach (kb.index.fast.vocabulary), scored as
Whoosh scores it. Any other query (a phrase) is scored by Whoosh itself and joins the
arrays; its matches are kept as a term's are.

A term's postings come from the generation's numpy posting store (kb/index/fast/postings.py)
when it has one, else from Whoosh's posting blocks. Everything here is derived from one
index generation, which never changes once live, so it is computed once per generation
and kept (kb.index.generation.Generation).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from cachetools import LRUCache
from whoosh import query as Q
from whoosh.scoring import BM25F

from kb.index.fast.blocks import read_postings
from kb.index.fast.postings import FIELDS as POSTING_FIELDS
from kb.index.fast.vocabulary import Vocabulary

TERM_BUDGET = 4_000_000  # postings kept as scores per generation (16 bytes each; the posting store has the rest)


@dataclass
class Scored:
    """Which documents match (mask) and their score (zero where they do not)."""

    mask: np.ndarray
    score: np.ndarray

    def docnums(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    def top(self, n: int, first: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The n best (docnum, score), best first; equal scores in index order, as Whoosh.
        `first`: a rank per document (a whole number: 0, 1, 2...) that goes before the score:
        every document of a higher rank comes before those of a lower one."""
        docs = self.docnums()
        if not len(docs) or n <= 0:
            return []
        scores = self.score[docs]
        key = scores if first is None else scores + first[docs] * (float(scores.max()) - float(scores.min()) + 1.0)
        if len(docs) > n:
            cut = np.argpartition(-key, n - 1)[:n]
            threshold = key[cut].min()
            keep = key >= threshold  # keep every tie at the cut, then order exactly
            docs, scores, key = docs[keep], scores[keep], key[keep]
        order = np.lexsort((docs, -key))[:n]
        return [(int(docs[i]), float(scores[i])) for i in order]


class TermTable:
    """Per generation: live documents, field lengths, and a bounded cache of term scores."""

    def __init__(self, searcher, vocabulary: Callable[[str], Vocabulary], postings=None, budget: int = TERM_BUDGET):
        reader = searcher.reader()
        self.vocabulary = vocabulary  # field -> its terms, sorted (the generation keeps them)
        self.postings = postings  # kb.index.fast.postings.Postings of this generation, or None
        self.n = reader.doc_count_all()
        self.live = np.zeros(self.n, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.schema = reader.schema
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError("TermTable scores with BM25F, the searcher uses %r" % weighting)
        self.B, self.K1 = weighting.B, weighting.K1
        self.field_B = dict(weighting._field_B)
        self.lengths: dict[str, np.ndarray] = {}
        self.avg: dict[str, float] = {}
        for name, fieldobj in self.schema.items():
            if fieldobj.scorable:
                self.lengths[name] = np.fromiter(
                    (reader.doc_field_length(d, name, 1) for d in range(self.n)), dtype=np.float64, count=self.n)
                self.avg[name] = searcher.avg_field_length(name) or 1
        # (field, term) -> (docnums, scores), least recently used out first, by postings held
        self.terms: LRUCache = LRUCache(maxsize=budget, getsizeof=lambda found: max(1, len(found[0])))
        self.lock = threading.Lock()

    # -- one term ---------------------------------------------------------------

    def term(self, searcher, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, BM25F scores) of one term, deleted documents left out."""
        key = (field, text)
        with self.lock:
            found = self.terms.get(key)
        if found is None:
            found = self._read(searcher, field, text)
            with self.lock:
                try:
                    self.terms[key] = found
                except ValueError:  # one term with more postings than the whole budget: not kept
                    pass
        return found

    def _read(self, searcher, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        stored = self.postings.get(field, text) if self.postings is not None and field in POSTING_FIELDS else False
        if stored is None:  # the store has every term of these fields: absent means no postings
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if stored:
            ids, weights = stored
        else:
            reader = searcher.reader()
            if field not in self.schema or (field, text) not in reader:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            ids, weights = read_postings(reader, field, text)
        keep = self.live[ids]
        if not keep.all():
            ids, weights = ids[keep], weights[keep]
        if not self.schema[field].scorable:
            return ids, weights
        idf = searcher.idf(field, text)
        B = self.field_B.get(field, self.B)
        fl = self.lengths[field][ids]
        K1 = self.K1
        scores = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / self.avg[field])))
        return ids, scores

    # -- a query ----------------------------------------------------------------

    def evaluate(self, searcher, q: Q.Query) -> Scored:
        if isinstance(q, Q.Term):
            ids, scores = self.term(searcher, q.fieldname, q.text)
            out = self._empty()
            out.mask[ids] = True
            out.score[ids] = scores * q.boost if q.boost != 1.0 else scores
            return out
        if type(q) in (Q.Or, Q.And):
            both = type(q) is Q.And
            out = None
            for sub in q.subqueries:  # one child at a time: at most two arrays alive per level
                part = self.evaluate(searcher, sub)
                if out is None:
                    out = part
                    continue
                if both:
                    out.mask &= part.mask
                else:
                    out.mask |= part.mask
                out.score += part.score
            if out is None:
                return self._empty()
            if both:
                out.score *= out.mask
            if q.boost != 1.0:
                out.score *= q.boost
            return out
        if isinstance(q, Q.AndNot):  # also kb.index.query.Excluding
            out = self.evaluate(searcher, q.a)
            out.mask &= ~self.evaluate(searcher, q.b).mask
            out.score *= out.mask
            return out
        if type(q) is Q.Require:  # a's matches that b matches too, scored by a alone (as Whoosh)
            out = self.evaluate(searcher, q.a)
            out.mask &= self.evaluate(searcher, q.b).mask
            out.score *= out.mask
            return out
        if type(q) is Q.Every and q.fieldname is None:  # every live document, scored 1 as Whoosh does
            return Scored(self.live.copy(), self.live.astype(np.float64) * q.boost)
        if q is Q.NullQuery:
            return self._empty()
        if type(q) is Q.FuzzyTerm:
            return self._fuzzy(searcher, q)
        if type(q) is Q.Phrase:
            return self._phrase(searcher, q)
        return by_whoosh(searcher, q, self.n)  # anything else: matched and scored by Whoosh

    def _phrase(self, searcher, q: Q.Phrase) -> Scored:
        """A phrase as Whoosh matches and scores it, kept like a term: a synonym of several
        words (kb.index.query) asks for the same phrases in search after search."""
        key = (q.fieldname, "\x00".join(["phrase", str(q.slop), repr(q.boost), *q.words]))
        with self.lock:
            found = self.terms.get(key)
        if found is None:
            whole = by_whoosh(searcher, q, self.n)
            ids = np.flatnonzero(whole.mask)
            found = (ids, whole.score[ids])
            with self.lock:
                try:
                    self.terms[key] = found
                except ValueError:
                    pass
        out = self._empty()
        out.mask[found[0]] = True
        out.score[found[0]] = found[1]
        return out

    def _fuzzy(self, searcher, q: Q.FuzzyTerm) -> Scored:
        """Whoosh's FuzzyTerm as Whoosh scores it: in each segment the BM25F sum of the
        terms within reach, times the boost only where that segment holds two or more of
        them (with one, Whoosh's MultiTerm matcher drops the boost)."""
        reader = searcher.reader()
        texts = [t for t in self.vocabulary(q.fieldname).within(q.text, q.maxdist, q.prefixlength) if t]
        out = self._empty()
        for text in texts:
            ids, scores = self.term(searcher, q.fieldname, text)
            out.mask[ids] = True
            out.score[ids] += scores
        if q.boost != 1.0 and len(texts) > 1:
            for leaf, base in reader.leaf_readers():
                if sum((q.fieldname, t) in leaf for t in texts) > 1:
                    out.score[base:base + leaf.doc_count_all()] *= q.boost
        return out

    def _empty(self) -> Scored:
        return Scored(np.zeros(self.n, dtype=bool), np.zeros(self.n))


def by_whoosh(searcher, q: Q.Query, n: int) -> Scored:
    """A query matched and scored by Whoosh's own searcher, as arrays over `n` documents."""
    out = Scored(np.zeros(n, dtype=bool), np.zeros(n))
    for docnum, score in searcher.search(q, limit=None).items():
        out.mask[docnum] = True
        out.score[docnum] = score
    return out
