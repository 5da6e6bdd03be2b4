"""The index on disk: generations, atomic swaps and incremental updates.

`<data>/index/current` is a symlink to one generation folder (`g<time>`). A build writes a
new generation beside it and then swaps the link with one rename, so a reader sees the
old index or the new one, never half of one; a build that fails or is killed leaves the
old generation serving and its half-made folder is removed by the next build. A
generation never changes after the swap, which is what lets a process keep facts about
it as long as it is open (kb.index.generation).

Each generation also holds its postings as numpy arrays (kb.index.fast.postings), written
from the finished Whoosh index before the swap, and the words its analysis was built with
(`lexicon.json`: the corpus words of the compound splitter and the learned abbreviations).
An update that is not a full rebuild clones the live generation with hard links (Whoosh
never rewrites a segment file; the posting store is written anew), deletes the sections of
documents that changed or went, adds the new ones and commits; it keeps the corpus words,
so the documents it did not touch keep their terms. A full rebuild happens when asked,
when there is no index yet, or when the schema, the analyzer or the word knowledge changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import whoosh.index

from kb.files import atomic_write
from kb.index.fast import postings
from kb.index.schema import SCHEMA_VERSION, make_schema, section_fields
from kb.lang.abbreviations import learn
from kb.lang.analysis import ANALYZER_VERSION
from kb.lang.compounds import corpus_words
from kb.lang.lexicon import Lexicon
from kb.lang.words import knowledge_version
from kb.store.catalog import Catalog

CURRENT = "current"
META_FILE = "beleidsbank-index.json"
LEXICON_FILE = "lexicon.json"
KEEP_GENERATIONS = 2  # the live one and the one before (a reader may still hold it)


def index_version() -> dict:
    return {"schema": SCHEMA_VERSION, "analyzer": ANALYZER_VERSION, "knowledge": knowledge_version()}


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


def read_lexicon(generation: Path) -> Lexicon:
    """The Dutch analysis a generation was built with (the same words, so the same terms)."""
    data = json.loads((generation / LEXICON_FILE).read_text(encoding="utf-8"))
    return Lexicon.build(data["corpus_words"], data["abbreviations"])


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


class IndexStore:
    """The generations under `<data>/index/`."""

    def __init__(self, root: Path):
        self.root = root

    def current(self) -> Path | None:
        """The live generation's folder, or None when there is no usable index."""
        try:
            target = os.readlink(self.root / CURRENT)
        except OSError:
            return None
        path = self.root / target
        return path if (path / META_FILE).exists() else None

    def is_stale(self, catalog_id: str | None) -> bool:
        """Whether the index lags the catalog or was built by other analysis code."""
        path = self.current()
        if path is None:
            return True
        try:
            meta = read_meta(path)
        except (OSError, ValueError):  # damaged: as good as none
            return True
        return meta.get("version") != index_version() or meta.get("catalog_id") != catalog_id

    def sync(self, catalog: Catalog, rebuild: bool = False,
             progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Bring the index in line with the catalog. The caller holds the data folder's
        ingest lock; errors propagate and leave the live generation untouched."""
        with catalog.read() as live_catalog:  # rows and id of one and the same file
            docs = {d["id"]: d for d in live_catalog.documents()}
            by_doc: dict[str, list[dict]] = {}
            for s in live_catalog.sections():
                by_doc.setdefault(s["document_id"], []).append(s)
            catalog_id = live_catalog.catalog_id()
        keys = _document_keys(docs, by_doc)

        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stray_generations()
        live = self.current()
        meta, corpus, broken = None, None, False
        if live is not None and not rebuild:
            try:
                meta = read_meta(live)
                corpus = json.loads((live / LEXICON_FILE).read_text(encoding="utf-8"))["corpus_words"]
            except (OSError, ValueError, KeyError):  # damaged: built anew, as if there were none
                meta, broken = None, True
        report = SyncReport()

        if rebuild or meta is None or meta.get("version") != index_version():
            report.rebuilt = True
            report.reason = ("gevraagd" if rebuild else "de vorige index was onleesbaar" if broken
                             else "nog geen index" if meta is None else "schema of taalkennis gewijzigd")
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

        abbreviations = learn(s["text"] for ss in by_doc.values() for s in ss)
        lexicon = Lexicon.build(corpus, abbreviations)
        schema = make_schema(lexicon.analysis)
        new = self.root / f"g{time.time_ns()}"
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
                postings.write(new, reader)  # the same postings as numpy arrays
            finally:
                reader.close()
            _write_json(new / LEXICON_FILE, {"corpus_words": corpus, "abbreviations": abbreviations})
            _write_json(new / META_FILE, {
                "version": index_version(), "catalog_id": catalog_id, "documents": keys,
                "sections": sum(len(v) for v in by_doc.values()),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
            })
            self._swap(new)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        report.sections = done
        self._remove_old_generations()
        return report

    def _swap(self, new: Path) -> None:
        tmp = self.root / f".{CURRENT}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(new.name, tmp)
        os.replace(tmp, self.root / CURRENT)
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _generations(self) -> list[Path]:
        return sorted((p for p in self.root.iterdir() if p.is_dir() and p.name.startswith("g")), key=lambda p: p.name)

    def _remove_stray_generations(self) -> None:
        """Half-made generations of a build that was killed (never the live one)."""
        link = self.root / CURRENT
        live = os.readlink(link) if link.is_symlink() else None
        for p in self._generations():
            if p.name != live and not (p / META_FILE).exists():
                shutil.rmtree(p, ignore_errors=True)

    def _remove_old_generations(self) -> None:
        live = os.readlink(self.root / CURRENT)
        gens = [p for p in self._generations() if (p / META_FILE).exists()]
        keep = {live} | {p.name for p in gens[-KEEP_GENERATIONS:]}
        for p in gens:
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)


def _document_keys(docs: dict[str, dict], sections: dict[str, list[dict]]) -> dict[str, str]:
    keys = {}
    for doc_id, doc in docs.items():
        h = hashlib.sha256(json.dumps(doc, sort_keys=True).encode())
        for s in sections.get(doc_id, []):
            h.update(json.dumps(s, sort_keys=True).encode())
        keys[doc_id] = h.hexdigest()[:20]
    return keys


def _write_json(path: Path, data: dict) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


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
