"""The derived state on disk: generations, atomic swaps and incremental updates.

`<data>/index/current` is a symlink to one generation folder (`g<time>`). A generation
holds the catalog (`catalog.sqlite`, kb.store.catalog) and the search index built from
that very catalog, so the two are swapped as one: a build writes a new generation beside
the live one and then swaps the link with one rename, and a reader sees the old pair or
the new pair, never a new catalog with an old index (a search hit the reader has no page
for) or half of either. A build that fails or is killed leaves the old generation serving
and its half-made folder is removed by the next build. A generation never changes after
the swap, which is what lets a process keep facts about it as long as it is open
(kb.index.generation); its meta file holds the size and CRC of every file, so a damaged
generation is recognised (`verify`) and built anew instead of served.

Each generation also holds its postings as numpy arrays (kb.index.fast.postings), written
from the finished Whoosh index before the swap, and the words its analysis was built with
(`lexicon.json`: the corpus words of the compound splitter and the learned abbreviations).
An update that is not a full rebuild clones the live generation with hard links (Whoosh
never rewrites a segment file; the posting store is written anew), deletes the sections of
documents that changed or went, adds the new ones and commits; it keeps the corpus words,
so the documents it did not touch keep their terms. A new catalog whose sections are the
same links every index file. A full rebuild happens when asked, when there is no index
yet, when the live one is damaged, or when the schema, the analyzer or the word knowledge
changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import whoosh.index

from kb.errors import KbError, NotReady
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
CATALOG_FILE = "catalog.sqlite"
STAGED = ".staged-catalog"  # a new catalog written by an ingest, before its generation is built
KEEP_GENERATIONS = 2  # the live one and the one before (a reader may still hold it)


def index_version() -> dict:
    return {"schema": SCHEMA_VERSION, "analyzer": ANALYZER_VERSION, "knowledge": knowledge_version()}


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


def file_sums(generation: Path, names: list[str] | None = None) -> dict[str, list[int]]:
    """Size and CRC-32 of every file of a generation but its meta file (which holds them),
    or of the named ones (those that exist)."""
    sums = {}
    files = sorted(generation.iterdir()) if names is None else [generation / n for n in names]
    for f in files:
        if f.is_file() and f.name != META_FILE and not f.name.endswith("LOCK"):
            crc = 0
            with open(f, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    crc = zlib.crc32(chunk, crc)
            sums[f.name] = [f.stat().st_size, crc]
    return sums


def damage(generation: Path, only: str | None = None) -> tuple[str, str] | None:
    """Which file of a generation is damaged and how (missing, cut short or changed since it
    was built; unreadable meta), or None when every file is as it was written. `only`: check
    that one file (and the meta that holds its sums), not all of them."""
    try:
        meta = read_meta(generation)
    except (OSError, ValueError) as exc:
        return META_FILE, f"onleesbaar ({type(exc).__name__})"
    expected = meta.get("files") if isinstance(meta, dict) else None
    if not isinstance(expected, dict):
        return META_FILE, "zonder controlegetallen"
    if only is not None:
        expected = {only: expected[only]} if only in expected else {}
    try:
        found = file_sums(generation, list(expected))
    except OSError as exc:
        return META_FILE, f"map niet te lezen ({exc.strerror or exc})"
    for name, sums in expected.items():
        if name not in found:
            return name, "ontbreekt"
        if found[name] != sums:
            return name, "is veranderd sinds de bouw (grootte of controlegetal klopt niet)"
    return None


def read_lexicon(generation: Path) -> Lexicon:
    """The Dutch analysis a generation was built with (the same words, so the same terms)."""
    data = json.loads((generation / LEXICON_FILE).read_text(encoding="utf-8"))
    return Lexicon.build(data["corpus_words"], data["abbreviations"])


def damaged(generation: Path, what: str) -> KbError:
    """The error for a generation found damaged on disk: 503, with the command that mends it."""
    return KbError(f"de zoekindex {generation} is beschadigd ({what}); `kb ingest` bouwt een nieuwe "
                   "(en `kb ingest --rebuild` leest ook alle documenten opnieuw)", status=503)


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
    """The generations under `<data>/index/`. `legacy_catalog`: where data folders of
    before the pairing kept their catalog (read once to build the first generation)."""

    def __init__(self, root: Path, legacy_catalog: Path | None = None):
        self.root = root
        self.legacy_catalog = legacy_catalog

    def current(self) -> Path | None:
        """The live generation's folder, or None when there is no usable index."""
        try:
            target = os.readlink(self.root / CURRENT)
        except OSError:
            return None
        path = self.root / target
        return path if (path / META_FILE).exists() else None

    @property
    def catalog_path(self) -> Path:
        """The live generation's catalog, through the link (each open finds the live one)."""
        return self.root / CURRENT / CATALOG_FILE

    @property
    def staging_path(self) -> Path:
        """Where an ingest writes a new catalog for `sync(staged=...)` to take in."""
        return self.root / STAGED

    def clear_debris(self) -> None:
        """What a killed or damaged build left where generations go (a staged catalog, a
        temporary file, a file where the folder should be), before a new build starts.
        The caller holds the ingest lock."""
        if self.root.is_symlink() or (self.root.exists() and not self.root.is_dir()):
            self.root.unlink()
        self.root.mkdir(parents=True, exist_ok=True)
        self.staging_path.unlink(missing_ok=True)
        for stray in self.root.glob(".*.tmp"):
            stray.unlink(missing_ok=True)

    def is_stale(self) -> bool:
        """Whether the live generation must be built again: none, one without its catalog
        (of before the pairing), unreadable meta, or built by other analysis code."""
        path = self.current()
        if path is None or not (path / CATALOG_FILE).exists():
            return True
        try:
            meta = read_meta(path)
        except (OSError, ValueError):  # damaged: as good as none
            return True
        return not isinstance(meta, dict) or meta.get("version") != index_version()

    def sync(self, staged: Path | None = None, rebuild: bool = False,
             progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Make a generation of a catalog and its index live. `staged`: a new catalog file
        (kb.store.catalog.Catalog.write at `staging_path`), moved into the new generation;
        None: the live generation's own catalog (for an index that is stale, damaged or
        asked to be rebuilt), or, in a folder of before the pairing, `legacy_catalog`.
        Nothing is written when the live generation is sound and already holds that
        catalog and its index. The caller holds the data folder's ingest lock; errors
        propagate and leave the live generation untouched."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stray_generations()
        live = self.current()
        own = live / CATALOG_FILE if live is not None and (live / CATALOG_FILE).exists() else None
        source = staged or own or (self.legacy_catalog if self.legacy_catalog and self.legacy_catalog.exists() else None)
        if source is None:
            raise NotReady(f"er is nog geen catalogus in {self.root.parent}; draai eerst `kb ingest`")
        with Catalog(source).read() as catalog:  # rows and id of one and the same file
            docs = {d["id"]: d for d in catalog.documents()}
            by_doc: dict[str, list[dict]] = {}
            for s in catalog.sections():
                by_doc.setdefault(s["document_id"], []).append(s)
            catalog_id = catalog.catalog_id()
        keys = _document_keys(docs, by_doc)

        meta, corpus, broken = None, None, None
        if live is not None and not rebuild and own is not None:
            found = damage(live)
            if found is not None:
                broken = " ".join(found)
                if found[0] == CATALOG_FILE and source == own:
                    raise KbError(f"de catalogus in {live} is beschadigd ({found[1]}); `kb ingest` leest de "
                                  "documenten opnieuw en schrijft een nieuwe", status=503)
            else:
                try:
                    meta = read_meta(live)
                    corpus = json.loads((live / LEXICON_FILE).read_text(encoding="utf-8"))["corpus_words"]
                except (OSError, ValueError, KeyError, TypeError) as exc:  # damaged: built anew, as if there were none
                    meta, broken = None, f"onleesbaar ({type(exc).__name__})"
        report = SyncReport()

        if rebuild or meta is None or meta.get("version") != index_version():
            report.rebuilt = True
            report.reason = ("gevraagd" if rebuild else f"de vorige index was beschadigd: {broken}" if broken
                             else "nog geen index" if live is None
                             else "de vorige index had geen eigen catalogus (een eerdere versie)" if own is None
                             else "schema of taalkennis gewijzigd")
            report.added = sorted(keys)
            todo, drop = sorted(keys), []
        else:
            old = meta["documents"]
            report.added = sorted(d for d in keys if d not in old)
            report.updated = sorted(d for d in keys if d in old and old[d] != keys[d])
            report.removed = sorted(d for d in old if d not in keys)
            report.unchanged = sorted(d for d in keys if old.get(d) == keys[d])
            todo, drop = report.added + report.updated, report.updated + report.removed
            if not todo and not drop and source == own:
                return report  # the live pair is sound and current: nothing to write

        new = self.root / f"g{time.time_ns()}"
        done = 0
        try:
            new.mkdir()
            _place_catalog(source, new / CATALOG_FILE, move=source == staged)
            if not report.rebuilt and not todo and not drop:  # the same sections: every index file linked
                _clone(live, new, everything=True)
            else:
                self._build(new, live, report, docs, by_doc, corpus, todo, drop, progress)
                done = sum(len(by_doc.get(d, [])) for d in todo)
            _write_json(new / META_FILE, {
                "version": index_version(), "catalog_id": catalog_id, "documents": keys,
                "sections": sum(len(v) for v in by_doc.values()), "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "files": file_sums(new),
            })
            self._swap(new)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        report.sections = done
        self._remove_old_generations()
        if self.legacy_catalog is not None:
            self.legacy_catalog.unlink(missing_ok=True)  # the pair holds the catalog now
        return report

    def _build(self, new: Path, live: Path | None, report: SyncReport, docs: dict, by_doc: dict,
               corpus: list[str] | None, todo: list[str], drop: list[str],
               progress: Callable[[int, int], None] | None) -> None:
        """The Whoosh index, its posting store and its lexicon in the new generation: from
        scratch, or the live one cloned with the changed documents replaced."""
        texts = [s["text"] for ss in by_doc.values() for s in ss]
        if report.rebuilt:
            corpus = corpus_words(texts)
        abbreviations = learn(texts)
        lexicon = Lexicon.build(corpus, abbreviations)
        schema = make_schema(lexicon.analysis)
        if report.rebuilt:
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


def _clone(src: Path, dst: Path, everything: bool = False) -> None:
    """Copy a generation's index files into `dst` by hard links (segment files are never
    rewritten): the Whoosh files, or with `everything` also the posting store and lexicon
    (the same sections: nothing to build). Never its catalog or meta."""
    skip = {META_FILE, CATALOG_FILE} | (set() if everything else {LEXICON_FILE, *postings.FILES})
    for f in src.iterdir():
        if f.name.endswith("LOCK") or f.name in skip or not f.is_file():
            continue
        _link(f, dst / f.name)


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _place_catalog(source: Path, dest: Path, move: bool) -> None:
    """The generation's catalog: a staged one moved in, the live one linked (a catalog file
    is never written after it is made), a folder's old one copied."""
    if move:
        os.replace(source, dest)
    else:
        _link(source, dest)
