"""The index on disk: generations, atomic swaps and incremental updates.

`<data>/index/current` is a symlink to one generation folder (`g<time>`). A build writes a
new generation beside it and then swaps the link with one rename, so a reader sees the
old index or the new one, never half of one; a build that fails or is killed leaves the
old generation serving and its half-made folder is removed by the next build. A
generation never changes after the swap, which is what lets a process cache facts about
it (kb.index.search caches its facet table).

Each generation also holds its postings as numpy arrays (kb.index.fast.postings), written from
the finished Whoosh index before the swap. An update that is not a full rebuild clones the
live generation with hard links (Whoosh never rewrites a segment file; the posting store
is written anew), deletes the sections of documents that changed or went,
adds the new ones and commits. A full rebuild happens when asked, when there is no index
yet, or when the schema, the analyzer or the word knowledge changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import whoosh.index

from kb.store.catalog import read_catalog_id, read_documents, read_sections
from kb.lang.analysis import ANALYZER_VERSION
from kb.index.fast import postings
from kb.lang.lexicon import Lexicon
from kb.index.schema import SCHEMA_VERSION, make_schema, section_fields
from kb.lang.abbreviations import learn
from kb.lang.compounds import corpus_words
from kb.lang.words import knowledge_version
from kb.enrich.themes import Taxonomy, load_taxonomy

INDEX_DIR = "index"
CURRENT = "current"
META_FILE = "beleidsbank-index.json"
LEXICON_FILE = "lexicon.json"
KEEP_GENERATIONS = 2  # the live one and the one before (a reader may still hold it)


class IndexMissing(Exception):
    """There is no usable index yet."""


def index_version() -> dict:
    return {"schema": SCHEMA_VERSION, "analyzer": ANALYZER_VERSION, "knowledge": knowledge_version()}


def index_root(data_dir: Path) -> Path:
    return data_dir / INDEX_DIR


def current_generation(data_dir: Path) -> Path | None:
    link = index_root(data_dir) / CURRENT
    try:
        target = os.readlink(link)
    except (FileNotFoundError, OSError):
        return None
    path = index_root(data_dir) / target
    return path if (path / META_FILE).exists() else None


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


@dataclass
class IndexHandle:
    """One open generation: its Whoosh index, its lexicon and its metadata."""

    path: Path
    ix: whoosh.index.Index
    lexicon: Lexicon
    meta: dict
    taxonomy: Taxonomy  # for reading filters (thema:), loaded once, not per query
    cache: dict = field(default_factory=dict)  # facts derived from this (immutable) generation
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    local: threading.local = field(default_factory=threading.local, repr=False)

    def thread_searcher(self):
        """This thread's Whoosh searcher on this generation, opened on first use and kept
        as long as the handle: a generation never changes, so the searcher cannot go stale,
        and opening one (table of contents, segment, term and column readers) was a third
        of a small search's time. Never shared between threads: Whoosh's readers seek in
        their files. Dropped with the handle when another generation goes live."""
        s = getattr(self.local, "searcher", None)
        if s is None:
            s = self.local.searcher = self.ix.searcher()
        return s

    def cached(self, name: str, make: Callable[[], object]):
        """A fact about this generation, computed on first use, once: threads asking at the
        same time wait for the one that computes it."""
        found = self.cache.get(name)
        if found is None:
            with self.lock:
                found = self.cache.get(name)
                if found is None:
                    found = self.cache[name] = make()
        return found


_handles: dict[Path, IndexHandle] = {}
_handles_lock = threading.Lock()


def open_index(data_dir: Path) -> IndexHandle:
    """The live generation, opened once per process and kept while it stays live."""
    path = current_generation(data_dir)
    if path is None:
        raise IndexMissing(f"er is nog geen zoekindex in {data_dir}; draai eerst `kb ingest`")
    with _handles_lock:
        handle = _handles.get(path)
        if handle is None:
            handle = _load(path)
            for old in [p for p in _handles if p.parent == path.parent]:
                del _handles[old]
            _handles[path] = handle
    return handle


def _load(path: Path) -> IndexHandle:
    meta = read_meta(path)
    lexdata = json.loads((path / LEXICON_FILE).read_text(encoding="utf-8"))
    lexicon = Lexicon.build(lexdata["corpus_words"], lexdata["abbreviations"])
    ix = whoosh.index.open_dir(str(path), schema=make_schema(lexicon.analysis))
    return IndexHandle(path, ix, lexicon, meta, load_taxonomy())


@contextmanager
def searcher(data_dir: Path) -> Iterator[tuple[IndexHandle, object]]:
    """A fresh Whoosh searcher on the live generation, closed afterwards. Never refreshed:
    a new query gets a new searcher."""
    handle = open_index(data_dir)
    s = handle.ix.searcher()
    try:
        yield handle, s
    finally:
        s.close()


def is_stale(data_dir: Path) -> bool:
    """Whether the index lags the catalog or was built by other analysis code."""
    path = current_generation(data_dir)
    if path is None:
        return True
    meta = read_meta(path)
    return meta.get("version") != index_version() or meta.get("catalog_id") != read_catalog_id(data_dir)


@dataclass
class SyncReport:
    rebuilt: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    sections: int = 0  # sections written in this sync
    reason: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.rebuilt or self.added or self.updated or self.removed)


def _document_keys(docs: dict[str, dict], sections: dict[str, list[dict]]) -> dict[str, str]:
    keys = {}
    for doc_id, doc in docs.items():
        h = hashlib.sha256(json.dumps(doc, sort_keys=True).encode())
        for s in sections.get(doc_id, []):
            h.update(json.dumps(s, sort_keys=True).encode())
        keys[doc_id] = h.hexdigest()[:20]
    return keys


def sync_index(
    data_dir: Path,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Bring the index in line with the catalog. The caller holds the ingest lock
    (kb.ingest.ingest_lock); errors propagate and leave the live generation untouched."""
    docs = {d["id"]: d for d in read_documents(data_dir)}
    by_doc: dict[str, list[dict]] = {}
    for s in read_sections(data_dir):
        by_doc.setdefault(s["document_id"], []).append(s)
    keys = _document_keys(docs, by_doc)
    catalog_id = read_catalog_id(data_dir)

    root = index_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stray_generations(root)
    live = current_generation(data_dir)
    meta = read_meta(live) if live else None
    report = SyncReport()

    if rebuild or meta is None or meta.get("version") != index_version():
        report.rebuilt = True
        report.reason = ("gevraagd" if rebuild else "nog geen index" if meta is None
                         else "schema of taalkennis gewijzigd")
        report.added = sorted(keys)
        todo, drop = sorted(keys), []
        corpus = corpus_words(s["text"] for ss in by_doc.values() for s in ss)
    else:
        old = meta["documents"]
        report.added = sorted(d for d in keys if d not in old)
        report.updated = sorted(d for d in keys if d in old and old[d] != keys[d])
        report.removed = sorted(d for d in old if d not in keys)
        report.unchanged = sorted(d for d in keys if old.get(d) == keys[d])
        if not (report.added or report.updated or report.removed):
            if meta.get("catalog_id") != catalog_id:
                meta["catalog_id"] = catalog_id
                _write_json(live / META_FILE, meta)
            return report
        todo, drop = report.added + report.updated, report.updated + report.removed
        corpus = json.loads((live / LEXICON_FILE).read_text(encoding="utf-8"))["corpus_words"]

    abbreviations = learn(s["text"] for ss in by_doc.values() for s in ss)
    lexicon = Lexicon.build(corpus, abbreviations)
    schema = make_schema(lexicon.analysis)
    new = root / f"g{time.time_ns()}"
    try:
        if report.rebuilt:
            new.mkdir()
            ix = whoosh.index.create_in(str(new), schema)
        else:
            _clone(live, new)
            ix = whoosh.index.open_dir(str(new), schema=schema)
        total = sum(len(by_doc.get(d, [])) for d in todo)
        done = 0
        # compound=False: Whoosh opens a compound segment by copying each part into a
        # BytesIO on every new searcher (whoosh.filedb.structfile.BufferFile), which at
        # 100k sections costs more than the search; plain files are read in place.
        with ix.writer(limitmb=128, compound=False) as writer:
            for doc_id in drop:
                writer.delete_by_term("document_id", doc_id)
            for doc_id in todo:
                for s in by_doc.get(doc_id, []):
                    writer.add_document(**section_fields(s, docs[doc_id]))
                    done += 1
                    if progress:
                        progress(done, total)
        ix.close()
        reader = whoosh.index.open_dir(str(new), schema=schema).reader()
        try:
            postings.write(new, reader)  # the same postings as numpy arrays (kb/index/postings.py)
        finally:
            reader.close()
        _write_json(new / LEXICON_FILE, {"corpus_words": corpus, "abbreviations": abbreviations})
        _write_json(new / META_FILE, {
            "version": index_version(), "catalog_id": catalog_id, "documents": keys,
            "sections": sum(len(v) for v in by_doc.values()),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        })
        _swap(root, new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    report.sections = done
    _remove_old_generations(root)
    return report


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _clone(src: Path, dst: Path) -> None:
    """Copy a generation by hard links (segment files are never rewritten)."""
    dst.mkdir()
    for f in src.iterdir():
        if f.name.endswith("LOCK") or f.name in (META_FILE, LEXICON_FILE, *postings.FILES) or not f.is_file():
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)


def _swap(root: Path, new: Path) -> None:
    tmp = root / f".{CURRENT}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(new.name, tmp)
    os.replace(tmp, root / CURRENT)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _generations(root: Path) -> list[Path]:
    return sorted((p for p in root.iterdir() if p.is_dir() and p.name.startswith("g")), key=lambda p: p.name)


def _remove_stray_generations(root: Path) -> None:
    """Half-made generations of a build that was killed (never the live one)."""
    live = os.readlink(root / CURRENT) if (root / CURRENT).is_symlink() else None
    for p in _generations(root):
        if p.name != live and not (p / META_FILE).exists():
            shutil.rmtree(p, ignore_errors=True)


def _remove_old_generations(root: Path) -> None:
    live = os.readlink(root / CURRENT)
    gens = [p for p in _generations(root) if (p / META_FILE).exists()]
    keep = {live} | {p.name for p in gens[-KEEP_GENERATIONS:]}
    for p in gens:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
