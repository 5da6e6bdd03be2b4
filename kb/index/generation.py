"""One index generation, opened: its Whoosh index, the Dutch analysis it was built with, and
everything a search derives from it. A generation never changes once live, so these facts
are computed on first use and kept exactly as long as the generation is open; a Snapshot
(kb.library) holds it, and a snapshot of the same generation hands it on to the next.
"""

from __future__ import annotations

import threading
from pathlib import Path

import whoosh.index

from kb.errors import KbError
from kb.index.facets import FacetTable
from kb.index.fast.postings import FIELDS as POSTING_FIELDS
from kb.index.fast.postings import Postings
from kb.index.fast.scoring import TermTable
from kb.index.fast.vocabulary import Vocabulary
from kb.index.schema import make_schema
from kb.index.snippets import Tokenizer
from kb.index.spelling import Spelling
from kb.index.store import read_lexicon
from kb.lang.lexicon import Lexicon
from kb.once import memo, once

STORED_CACHE = 5_000  # sections' stored fields kept (the hits that come back)


class Generation:
    def __init__(self, path: Path, lexicon: Lexicon | None = None):
        """`lexicon`: the analysis the index was built with, when it is not the one the
        generation's lexicon.json describes (benchmarks/eval_search.py's variants)."""
        self.path = path
        self.name = path.name
        try:
            self.lexicon: Lexicon = lexicon or read_lexicon(path)
            self.ix = whoosh.index.open_dir(str(path), schema=make_schema(self.lexicon.analysis))
        except Exception as exc:  # Whoosh's own errors, broken JSON, a missing file
            raise KbError(f"de zoekindex {path} is beschadigd of onleesbaar ({type(exc).__name__}: {exc}); "
                          "`kb ingest --rebuild` bouwt een nieuwe", status=503) from None
        self._local = threading.local()
        self._stored = memo(STORED_CACHE, lambda docnum, searcher: searcher.stored_fields(docnum))

    def searcher(self):
        """This thread's Whoosh searcher on this generation, opened on first use and kept as
        long as the generation: it cannot go stale, and opening one (table of contents,
        segment, term and column readers) was a third of a small search's time. Never
        shared between threads: Whoosh's readers seek in their files."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self.ix.searcher()
        return s

    @once
    def postings(self) -> Postings | None:
        """The numpy posting store beside the Whoosh files (None for a generation without)."""
        return Postings.open(self.path)

    @once
    def vocabulary(self) -> Vocabularies:
        """`vocabulary(field)`: the field's terms, sorted once."""
        return Vocabularies(self.ix, self.postings)

    @once
    def terms(self) -> TermTable:
        """Term scores as arrays (the fast path's table)."""
        return TermTable(self.searcher(), self.vocabulary, postings=self.postings)

    @once
    def facets(self) -> FacetTable:
        return FacetTable(self.searcher().reader())

    @once
    def spelling(self) -> Spelling:
        return Spelling(self.lexicon, self.vocabulary("exact"))

    @once
    def tokenizer(self) -> Tokenizer:
        """Texts split into words and terms for marking, under this generation's analysis."""
        return Tokenizer(self.lexicon.analysis)

    def stored_fields(self, docnum: int) -> dict:
        return self._stored(docnum, self.searcher())


class Vocabularies:
    """The terms of each field of one generation, sorted on first use: from the posting
    store's term list when it has the field, else from Whoosh's term index. Kept apart from
    the Generation (which holds it) so that nothing it holds points back at the generation:
    a generation no snapshot holds any more is freed at once, and its files closed."""

    def __init__(self, ix, postings: Postings | None):
        self.ix, self.postings = ix, postings
        self.found: dict[str, Vocabulary] = {}
        self.lock = threading.Lock()

    def __call__(self, field: str) -> Vocabulary:
        with self.lock:
            found = self.found.get(field)
            if found is None:
                if self.postings is not None and field in POSTING_FIELDS:
                    found = Vocabulary(t for f, t in self.postings.offsets if f == field)
                else:
                    with self.ix.reader() as reader:
                        fieldobj = reader.schema[field]
                        found = Vocabulary(fieldobj.from_bytes(b) for b in reader.lexicon(field))
                self.found[field] = found
            return found
