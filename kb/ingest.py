"""Ingest a corpus folder: every supported file with its metadata, into the catalog.

One file that cannot be read is reported and skipped; the others are still ingested. Only
one ingest runs at a time per data folder (a lock file); a second is refused.

A file whose bytes, metadata, taxonomy and parsing code are unchanged since the last run
is not parsed again: its rows are taken from the previous catalog (the `ingest_key`).
After the catalog, the search index is brought in line (kb.index.store.sync_index), which
re-indexes only the documents whose rows changed.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import sqlite3
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kb.enrich.ambitions import extract_ambitions
from kb.store.catalog import CatalogMissing, read_ambitions, read_documents, read_norms, read_sections, read_values, write_catalog
from kb.enrich.kpi import extract_norms, extract_values
from kb.enrich.metadata import META_SUFFIX, MetadataError, guess_metadata, make_document, meta_path, read_metadata
from kb.model import Ambition, Document, KpiNorm, KpiValue, Section
from kb.parse import SUPPORTED, parse_bytes
from kb.text import slugify
from kb.parse.errors import ParseError
from kb.enrich.sections import build_sections
from kb.enrich.themes import Taxonomy, load_taxonomy


class IngestBusy(Exception):
    """Another ingest holds the lock on this data folder."""


class IngestError(Exception):
    """The ingest as a whole cannot run (no such folder, unreadable taxonomy...)."""


class IndexBuildError(IngestError):
    """The catalog was written but the search index could not be brought up to date; the
    previous index keeps serving."""


# The code whose output the catalog holds: a change to any of it means parse again.
PIPELINE_FILES = ("parse", "enrich", "text.py", "model.py", "ingest.py")


def pipeline_fingerprint(taxonomy_path: Path | None) -> str:
    from kb.enrich.themes import DEFAULT_TAXONOMY

    h = hashlib.sha256()
    base = Path(__file__).parent
    for name in PIPELINE_FILES:
        p = base / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            h.update(f.read_bytes())
    h.update((taxonomy_path or DEFAULT_TAXONOMY).read_bytes())
    return h.hexdigest()


@dataclass
class FileOutcome:
    path: str
    document_id: str | None = None
    error: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    sections: int = 0


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    ambitions: list[Ambition] = field(default_factory=list)
    norms: list[KpiNorm] = field(default_factory=list)
    values: list[KpiValue] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # document ids taken over unchanged
    index: object | None = None  # kb.index.store.SyncReport

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error]

    def sections_per_theme(self) -> Counter:
        counts: Counter = Counter()
        for s in self.sections:
            for t in s.themes or ["(geen thema)"]:
                counts[t] += 1
        return counts


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "ingest.lock"
    fh = open(path, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            raise IngestBusy(
                "er loopt al een ingest op deze datamap" + (f" (proces {holder})" if holder else "")
                + "; wacht tot die klaar is"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


def discover(paths: list[Path]) -> tuple[list[Path], list[FileOutcome], Path]:
    """Files to ingest under the given paths, refusals for those that cannot be, and the
    root that relative paths are taken from."""
    files: list[Path] = []
    refused: list[FileOutcome] = []
    roots = []
    for p in paths:
        if not p.exists():
            raise IngestError(f"{p} bestaat niet")
        if p.is_dir():
            roots.append(p)
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.name.endswith(META_SUFFIX) or f.name.lower() in ("readme.md", "readme.txt", "readme"):
                    continue
                if f.suffix.lower() in SUPPORTED:
                    files.append(f)
                else:
                    refused.append(FileOutcome(
                        path=str(f), reason="unsupported",
                        error=f"bestandstype '{f.suffix or '(geen extensie)'}' wordt niet ondersteund "
                              f"(wel: {', '.join(sorted(SUPPORTED))})"))
        else:
            roots.append(p.parent)
            files.append(p)
    root = Path(os.path.commonpath([str(r.resolve()) for r in roots])) if roots else Path.cwd()
    return files, refused, root


def document_id(path: Path) -> str:
    return slugify(path.stem, max_len=80)


def read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError("unreadable", f"bestand niet leesbaar: {exc.strerror or exc}") from None


def ingest_key(data: bytes, path: Path, pipeline: str) -> str:
    h = hashlib.sha256(data)
    mpath = meta_path(path)
    h.update(mpath.read_bytes() if mpath.exists() else b"(no metadata)")
    h.update(pipeline.encode())
    return h.hexdigest()


Rows = tuple[Document, list[Section], list[Ambition], list[KpiNorm], list[KpiValue]]


def process_file(path: Path, root: Path, taxonomy: Taxonomy, data: bytes) -> Rows:
    """Parse one file's bytes and enrich them; what the ingest noticed is in the document's
    `warnings`. Raises ParseError or MetadataError."""
    parsed = parse_bytes(data, path.suffix)
    warnings = list(parsed.warnings)
    mpath = meta_path(path)
    if mpath.exists():
        fields = read_metadata(mpath)
        guessed = False
        missing = {"title", "kind"} - set(fields)
        if missing:
            guesses = guess_metadata(path.stem, parsed.title, "")
            for key in missing:
                fields[key] = guesses[key]
            warnings.append(f"metadata mist {', '.join(sorted(missing))}; geraden uit de tekst")
    else:
        text = " ".join(b.text for b in parsed.blocks[:400])
        fields = guess_metadata(path.stem, parsed.title, text)
        guessed = True
        warnings.append(
            f"geen metadata ({mpath.name}); geraden: titel '{fields['title']}', soort {fields['kind']}"
            + (f", jaar {fields['year']}" if fields.get("year") else "")
            + (f", periode {fields['period'][0]}-{fields['period'][1]}" if fields.get("period") else "")
        )
    try:
        rel = str(path.resolve().relative_to(root))
    except ValueError:
        rel = str(path)
    doc = make_document(document_id(path), rel, fields, hashlib.sha256(data).hexdigest(), parsed.pages, guessed)
    doc.warnings = warnings
    sections = build_sections(doc, parsed.blocks, taxonomy)
    norms, kpi_ambitions = extract_norms(doc, sections)
    ambitions = extract_ambitions(doc, sections, taxonomy) + kpi_ambitions
    values = extract_values(doc, sections)
    return doc, sections, ambitions, norms, values


class _Previous:
    """The previous catalog's rows, for files that did not change."""

    def __init__(self, data_dir: Path):
        self.exists = True
        try:
            self.documents = {d["id"]: d for d in read_documents(data_dir)}
        except CatalogMissing:
            self.documents, self.exists = {}, False
        self.data_dir = data_dir
        self._by_doc: dict[str, dict[str, list[dict]]] | None = None

    def key(self, doc_id: str) -> str | None:
        return self.documents.get(doc_id, {}).get("ingest_key")

    def rows(self, doc_id: str) -> Rows:
        if self._by_doc is None:  # read once, on the first unchanged file
            self._by_doc = {}
            for name, reader in (("ambitions", read_ambitions), ("norms", read_norms), ("values", read_values)):
                for r in reader(self.data_dir):
                    self._by_doc.setdefault(r["document_id"], {}).setdefault(name, []).append(r)
        mine = self._by_doc.get(doc_id, {})
        return (Document.from_dict(self.documents[doc_id]),
                [Section.from_dict(r) for r in read_sections(self.data_dir, doc_id)],
                [Ambition.from_dict(r) for r in mine.get("ambitions", [])],
                [KpiNorm.from_dict(r) for r in mine.get("norms", [])],
                [KpiValue.from_dict(r) for r in mine.get("values", [])])


def ingest(
    paths: list[Path],
    data_dir: Path,
    taxonomy_path: Path | None = None,
    progress: Callable[[Path], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    rebuild: bool = False,
    on_index: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Ingest the files under `paths`, write the catalog and update the search index.
    File errors are collected in the result, not raised; the catalog and the index are
    each replaced only once they are completely built. `rebuild` parses every file again
    and rebuilds the index from scratch."""
    from kb.index.store import sync_index

    try:
        taxonomy = load_taxonomy(taxonomy_path)
        pipeline = pipeline_fingerprint(taxonomy_path)
    except Exception as exc:
        raise IngestError(str(exc)) from None
    with ingest_lock(data_dir):
        files, refused, root = discover(paths)
        previous = _Previous(data_dir)
        if on_start:
            on_start(len(files))
        result = IngestResult(outcomes=list(refused))
        ids: dict[str, str] = {}
        for path in files:
            outcome = FileOutcome(path=str(path))
            try:
                data = read_source(path)
                key = ingest_key(data, path, pipeline)
                doc_id = document_id(path)
                if not rebuild and previous.key(doc_id) == key:
                    doc, sections, ambitions, norms, values = previous.rows(doc_id)
                    result.reused.append(doc_id)
                else:
                    doc, sections, ambitions, norms, values = process_file(path, root, taxonomy, data)
                    doc.ingest_key = key
                if doc.id in ids:
                    raise ParseError("duplicate", f"zelfde document-id '{doc.id}' als {ids[doc.id]}; hernoem een van beide")
                ids[doc.id] = str(path)
                result.documents.append(doc)
                result.sections.extend(sections)
                result.ambitions.extend(ambitions)
                result.norms.extend(norms)
                result.values.extend(values)
                outcome.document_id, outcome.sections, outcome.warnings = doc.id, len(sections), list(doc.warnings)
            except ParseError as exc:
                outcome.error, outcome.reason = exc.message, exc.reason
            except MetadataError as exc:
                outcome.error, outcome.reason = str(exc), "metadata"
            except Exception as exc:  # a parser bug must not stop the other files
                outcome.error, outcome.reason = f"onverwachte fout bij lezen ({type(exc).__name__}: {exc})", "internal"
            result.outcomes.append(outcome)
            if progress:
                progress(path)
        unchanged = (not rebuild and previous.exists and len(result.reused) == len(result.documents)
                     and {d.id for d in result.documents} == set(previous.documents))
        try:
            if not unchanged:  # else the catalog stays as it is: its id too, so caches of it stay valid
                write_catalog(data_dir, result.documents, result.sections, result.ambitions, result.norms, result.values)
        except (OSError, sqlite3.Error) as exc:
            raise IngestError(f"catalogus schrijven mislukt ({_why(exc)}); de vorige catalogus en index blijven in gebruik") from None
        try:
            result.index = sync_index(data_dir, rebuild=rebuild, progress=on_index)
        except (OSError, sqlite3.Error) as exc:
            raise IndexBuildError(f"zoekindex bijwerken mislukt ({_why(exc)}); de vorige index blijft in gebruik") from None
    return result


def _why(exc: Exception) -> str:
    """A full disk or a file-size limit, said plainly; else what the system said."""
    errno_ = getattr(exc, "errno", None)
    text = str(getattr(exc, "strerror", None) or exc)
    if errno_ in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "is full" in text:
        return f"schijf vol of bestand te groot: {text}"
    if isinstance(exc, sqlite3.Error):
        return f"schrijffout, is de schijf vol? ({text})"
    return text


def update_index(data_dir: Path, rebuild: bool = False, wait: bool = False):
    """Bring the index in line with the catalog outside an ingest (for `kb search` and
    `kb serve`). Returns None when another ingest holds the lock and `wait` is false."""
    from kb.index.store import sync_index

    try:
        with ingest_lock(data_dir):
            return sync_index(data_dir, rebuild=rebuild)
    except IngestBusy:
        if wait:
            raise
        return None
