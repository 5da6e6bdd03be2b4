"""Ingest a corpus folder: every supported file with its metadata, into the catalog.

One file that cannot be read is reported and skipped; the others are still ingested. Only
one ingest runs at a time per data folder (a lock file); a second is refused.

A file whose bytes, metadata, taxonomy and parsing code are unchanged since the last run
is not parsed again: its rows are taken from the previous catalog (the `ingest_key`).
After the catalog, the search index is brought in line (kb.index.store.IndexStore.sync),
which re-indexes only the documents whose rows changed. Called as `Library.ingest`.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import resource
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kb.enrich.ambitions import extract_ambitions
from kb.enrich.curation import curate, sidecar_path
from kb.enrich.ids import document_id, scope_to_plan
from kb.enrich.kpi import extract_norms, extract_values
from kb.enrich.learning import assign_phenomena, load_phenomena, resolve_metadata
from kb.enrich.metadata import check_front_matter, guess_metadata, make_document, meta_path, read_metadata
from kb.enrich.roles import load_roles
from kb.enrich.sections import build_sections
from kb.enrich.themes import DEFAULT_TAXONOMY, Taxonomy, load_taxonomy
from kb.enrich.versions import link_versions
from kb.errors import Busy, KbError, ParseError
from kb.files import NO_ROOM
from kb.index.store import CATALOG_FILE, damage
from kb.lang.language import detect_language, language_warning
from kb.lang.words import knowledge_version
from kb.model import Ambition, Document, KpiNorm, KpiValue, Section
from kb.parse import SUPPORTED, parse_bytes
from kb.store.catalog import Catalog, CatalogFile
from kb.store.corpus import skipped_by_discovery
from kb.store.refused import set_aside_refused

if TYPE_CHECKING:
    from kb.index.store import SyncReport
    from kb.library import Library


# The code whose output the catalog holds: a change to any of it means parse again.
PIPELINE_FILES = ("parse", "enrich", "datafiles.py", "text.py", "model.py", "ingest.py", "lang/language.py",
                  # the data the parsers and the guesses read: an analyst's edit reads every file again
                  "data/site-furniture.toml", "data/html-furniture.toml", "data/metadata-guess.toml",
                  "data/plan-structure.toml", "data/leerdossier-roles.toml", "data/fenomenen.toml",
                  "lang/language-words.toml")


def pipeline_fingerprint(taxonomy_path: Path | None) -> str:
    h = hashlib.sha256()
    base = Path(__file__).parent
    for name in PIPELINE_FILES:
        p = base / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            h.update(f.read_bytes())
    h.update((taxonomy_path or DEFAULT_TAXONOMY).read_bytes())
    h.update(knowledge_version().encode())  # the word list a cut word is joined by
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
    index: SyncReport | None = None
    notices: list[str] = field(default_factory=list)  # about the whole: which plans are versions of one (kb.enrich.versions)
    previous: dict[str, dict] = field(default_factory=dict)  # the catalog's documents before, by id: what is new, changed or removed

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error]

    def add(self, rows: Rows) -> None:
        """One file's rows; a second document with the same id is refused (ParseError): the
        file, not the whole ingest. Ambition ids are per plan ("<plan>:<key>"), so two
        versions or formats of one plan sit side by side (kb.enrich.versions)."""
        doc, sections, ambitions, norms, values = rows
        first = next((o.path for o in self.outcomes if o.document_id == doc.id), None)
        if first is not None:
            raise ParseError("duplicate", f"zelfde document-id '{doc.id}' als {first}; hernoem een van beide")
        self.documents.append(doc)
        self.sections.extend(sections)
        self.ambitions.extend(ambitions)
        self.norms.extend(norms)
        self.values.extend(values)

    def sections_per_theme(self) -> Counter:
        counts: Counter = Counter()
        for s in self.sections:
            for t in s.themes or ["(geen thema)"]:
                counts[t] += 1
        return counts


@contextmanager
def ingest_lock(path: Path) -> Iterator[None]:
    """The data folder's ingest lock (its file is Library.paths.lock); Busy when another
    process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            raise Busy(
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


def discover(paths: list[Path]) -> tuple[list[Path], list[FileOutcome], list[Path]]:
    """Files to ingest under the given paths, refusals for those that cannot be, and the
    folders that relative paths are taken from (the folders given; a file given on its
    own is known by its name)."""
    files: list[Path] = []
    refused: list[FileOutcome] = []
    roots = []
    for p in paths:
        if not p.exists():
            raise KbError(f"{p} bestaat niet")
        if p.is_dir():
            roots.append(p)
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if skipped_by_discovery(f.name):
                    continue
                if f.suffix.lower() in SUPPORTED:
                    files.append(f)
                else:
                    refused.append(FileOutcome(
                        path=str(f), reason="unsupported",
                        error=f"bestandstype '{f.suffix or '(geen extensie)'}' wordt niet ondersteund "
                              f"(wel: {', '.join(sorted(SUPPORTED))})"))
        else:
            files.append(p)
    return files, refused, roots


def corpus_path(path: Path, roots: list[Path]) -> str:
    """Where a file is in its corpus folder, for every export and page: relative to the
    first of `roots` (the documents folder, then the folders given) that holds it, else its
    name; never the folder it was read from on this machine."""
    for root in roots:
        for here, there in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
            try:
                return here.relative_to(there).as_posix()
            except ValueError:
                continue
    return path.name


def read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError("unreadable", f"bestand niet leesbaar: {exc.strerror or exc}") from None


def ingest_key(data: bytes, path: Path, pipeline: str) -> str:
    h = hashlib.sha256(data)
    for extra, absent in ((meta_path(path), b"(no metadata)"), (sidecar_path(path), b"(no sidecar)")):
        h.update(extra.read_bytes() if extra.exists() else absent)
    h.update(pipeline.encode())
    return h.hexdigest()


Rows = tuple[Document, list[Section], list[Ambition], list[KpiNorm], list[KpiValue]]


def process_file(path: Path, roots: list[Path], taxonomy: Taxonomy, data: bytes) -> Rows:
    """Parse one file's bytes and enrich them; what the ingest noticed is in the document's
    `warnings`. Raises ParseError (a metadata file's problems too). `roots`: the corpus
    folders the document's path is relative to (kb.ingest.corpus_path)."""
    parsed = parse_bytes(data, path.suffix)
    warnings = list(parsed.warnings)
    mpath = meta_path(path)
    text = " ".join(b.text for b in parsed.blocks[:400])
    headings = [b.text for b in parsed.blocks[:40] if b.kind == "heading"]
    front = check_front_matter(parsed.front_matter) if parsed.front_matter is not None else None
    if mpath.exists() or front:
        fields = {**(front or {}), **(read_metadata(mpath) if mpath.exists() else {})}  # the .meta.toml wins
        guessed = False
        missing = {"title", "kind"} - set(fields)
        if missing:
            guesses = guess_metadata(path.stem, parsed.title, text, headings)
            for key in missing:
                fields[key] = guesses[key]
            warnings.append(f"metadata mist {', '.join(sorted(missing))}; geraden uit de tekst")
    else:
        fields = guess_metadata(path.stem, parsed.title, text, headings)
        guessed = True
        warnings.append(
            f"geen metadata ({mpath.name}); geraden: titel '{fields['title']}', soort {fields['kind']}"
            + (f", jaar {fields['year']}" if fields.get("year") else "")
            + (f", periode {fields['period'][0]}-{fields['period'][1]}" if fields.get("period") else "")
        )
    if "language" not in fields:
        fields["language"] = detect_language(" ".join(b.text for b in parsed.blocks[:4000]))
    if notice := language_warning(fields["language"]):
        warnings.append(notice)
    rel = corpus_path(path, roots)
    doc = make_document(document_id(path), rel, fields, hashlib.sha256(data).hexdigest(), parsed.pages, guessed)
    doc.warnings = warnings
    resolve_metadata(doc, taxonomy)
    sections = build_sections(doc, parsed.blocks, taxonomy)
    assign_phenomena(doc, sections)
    norms, kpi_ambitions = extract_norms(doc, sections)
    for a in kpi_ambitions:
        a.origin = a.origin or f"monitorset '{a.heading_path[-1] if a.heading_path else 'KPI'}'"
    ambitions = extract_ambitions(doc, sections, taxonomy) + kpi_ambitions
    if doc.kind == "plan":
        ambitions, notes = curate(ambitions, sidecar_path(path), doc, sections)  # an analyst's corrections
        doc.warnings.extend(notes)
        norms = _norms_after_curation(norms, ambitions, doc)
    scope_to_plan(doc.id, ambitions, norms)
    values = extract_values(doc, sections)
    return doc, sections, ambitions, norms, values


def _norms_after_curation(norms: list[KpiNorm], ambitions: list[Ambition], doc: Document) -> list[KpiNorm]:
    """The KPI norms as the sidecar left their ambitions: a renamed or merged one follows its
    ambition (found by the norm's section), a dropped one goes with it (said in a warning)."""
    kept = {a.id for a in ambitions}
    out = []
    for n in norms:
        if n.id not in kept:
            now = next((a for a in ambitions if a.kind == "kpi" and n.section_id in a.section_ids), None)
            if now is None:
                doc.warnings.append(f"KPI-norm '{n.id}' valt weg met zijn ambitie (ambitiebestand)")
                continue
            n.id = now.id
        if any(o.id == n.id for o in out):  # merged into an ambition that has its norm already
            doc.warnings.append(f"KPI-norm '{n.name}' samengevoegd in '{n.id}': de norm van die ambitie telt")
            continue
        out.append(n)
    return out


class _Previous:
    """The previous catalog's rows, for files that did not change (none when there is no
    catalog, one of another schema version or a damaged one: then everything is read
    again; in a folder of before the pairing of catalog and index, its old catalog). Held
    open for the ingest, closed by `with`."""

    def __init__(self, library: Library):
        self.file: CatalogFile | None = None
        self.documents: dict[str, dict] = {}
        live = library.index.current()
        found = damage(live, only=CATALOG_FILE) if live is not None and (live / CATALOG_FILE).exists() else None
        if found is None or found[0] != CATALOG_FILE:  # a damaged catalog is read no further
            for catalog in (library.catalog, Catalog(library.paths.legacy_catalog)):
                try:
                    self.file = catalog.read()
                    self.documents = {d["id"]: d for d in self.file.documents()}
                    break
                except KbError:  # none, another version, damaged
                    self.file = None
                except Exception:  # damaged rows (garbage JSON in a readable file), a file where a folder was
                    if self.file is not None:
                        self.file.close()
                    self.file, self.documents = None, {}
        self.exists = self.file is not None
        self._by_doc: dict[str, dict[str, list[dict]]] | None = None

    def __enter__(self) -> _Previous:
        return self

    def __exit__(self, *exc) -> None:
        if self.file is not None:
            self.file.close()

    def key(self, doc_id: str) -> str | None:
        return self.documents.get(doc_id, {}).get("ingest_key")

    def rows(self, doc_id: str) -> Rows:
        if self._by_doc is None:  # read once, on the first unchanged file
            self._by_doc = {}
            for name, reader in (("ambitions", self.file.ambitions), ("norms", self.file.norms),
                                 ("values", self.file.values)):
                for r in reader():
                    self._by_doc.setdefault(r["document_id"], {}).setdefault(name, []).append(r)
        mine = self._by_doc.get(doc_id, {})
        return (Document.from_dict(self.documents[doc_id]),
                [Section.from_dict(r) for r in self.file.sections(doc_id)],
                [Ambition.from_dict(r) for r in mine.get("ambitions", [])],
                [KpiNorm.from_dict(r) for r in mine.get("norms", [])],
                [KpiValue.from_dict(r) for r in mine.get("values", [])])


def _rows_of(path: Path, roots: list[Path], taxonomy: Taxonomy, pipeline: str, previous: _Previous | None) -> tuple[Rows, bool]:
    """A file's rows, and whether they were taken over unchanged from the previous catalog
    (its bytes, metadata and the pipeline are the same) rather than parsed."""
    data = read_source(path)
    key = ingest_key(data, path, pipeline)
    doc_id = document_id(path)
    if previous is not None and previous.key(doc_id) == key:
        return previous.rows(doc_id), True
    rows = process_file(path, roots, taxonomy, data)
    rows[0].ingest_key = key
    return rows, False


def ingest(
    library: Library,
    paths: list[Path],
    progress: Callable[[Path], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    rebuild: bool = False,
    on_index: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Ingest the files under `paths`, write the catalog and update the search index.
    File errors are collected in the result, not raised; the catalog and the index are
    each replaced only once they are completely built. `rebuild` parses every file again
    and rebuilds the index from scratch."""
    taxonomy = load_taxonomy(library.taxonomy_path)
    load_roles()  # a mistake in the roles file stops the ingest here, naming the file, not per leerdossier
    load_phenomena()  # the same for the phenomena file
    try:
        pipeline = pipeline_fingerprint(library.taxonomy_path)
    except OSError as exc:
        raise KbError(f"de code of het themabestand is niet te lezen: {exc}", status=500) from None
    with ingest_lock(library.paths.lock):
        _remove_stray_temporaries(library)
        files, refused, roots = discover(paths)
        roots = [library.documents_dir, *roots]
        if on_start:
            on_start(len(files))
        result = IngestResult(outcomes=list(refused))
        with _Previous(library) as previous:
            result.previous = dict(previous.documents)
            for path in files:
                outcome = FileOutcome(path=str(path))
                try:
                    rows, reused = _rows_of(path, roots, taxonomy, pipeline, None if rebuild else previous)
                    result.add(rows)
                    if reused:
                        result.reused.append(rows[0].id)
                    outcome.document_id, outcome.sections, outcome.warnings = rows[0].id, len(rows[1]), list(rows[0].warnings)
                except ParseError as exc:
                    outcome.error, outcome.reason = exc.message, exc.reason
                except MemoryError:  # past the memory limit of the process (kb.limits)
                    outcome.error, outcome.reason = ("het lezen van dit bestand vroeg te veel geheugen en is gestopt; "
                                                     "dit lijkt geen gewoon document"), "too_big"
                except RecursionError:
                    outcome.error, outcome.reason = ("dit bestand is te diep genest om te lezen (onderdelen honderden "
                                                     "niveaus in elkaar); dit lijkt geen gewoon document"), "too_deep"
                except Exception as exc:  # a parser bug must not stop the other files
                    outcome.error, outcome.reason = f"onverwachte fout bij lezen ({type(exc).__name__}: {exc})", "internal"
                result.outcomes.append(outcome)
                if progress:
                    progress(path)
            set_aside_refused(library.documents_dir, result.outcomes)  # bad files of documents/ to .geweigerd/
        keys: dict[str, set[str]] = {}
        for a in result.ambitions:
            keys.setdefault(a.document_id, set()).add(a.key)
        result.notices = link_versions(result.documents, keys)
        unchanged = (not rebuild and previous.exists and len(result.reused) == len(result.documents)
                     and {d.id for d in result.documents} == set(previous.documents))
        staged = None  # unchanged: the live catalog stays, its id too, so caches of it stay valid
        try:
            if not unchanged:
                staged = Catalog(library.index.staging_path).write(
                    result.documents, result.sections, result.ambitions, result.norms, result.values)
        except (OSError, sqlite3.Error) as exc:
            library.index.staging_path.unlink(missing_ok=True)
            raise KbError(f"catalogus schrijven mislukt ({_why(exc, library.data_dir)}); de vorige catalogus en index blijven in gebruik",
                          status=500) from None
        try:
            # the new catalog goes live together with its index, in one generation
            result.index = library.index.sync(staged, rebuild=rebuild, progress=on_index)
        except KbError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise KbError(f"zoekindex bijwerken mislukt ({_why(exc, library.data_dir)}); de vorige index blijft in gebruik",
                          status=500) from None
        except Exception as exc:  # a damaged live generation (Whoosh's own errors, broken JSON)
            raise KbError(f"zoekindex bijwerken mislukt ({type(exc).__name__}: {exc}); de vorige index blijft in "
                          "gebruik; `kb ingest --rebuild` bouwt een nieuwe zonder de oude te lezen", status=500) from None
        finally:
            library.index.staging_path.unlink(missing_ok=True)  # taken into the generation, or not wanted
    return result


def _remove_stray_temporaries(library: Library) -> None:
    """Files a killed write left (kb.files.atomic_write's `.tmp`, a staged catalog)."""
    for stray in library.data_dir.glob(".*.tmp"):
        stray.unlink(missing_ok=True)
    library.index.clear_debris()


def _why(exc: Exception, where: Path) -> str:
    """What the system said, and, for a write that failed, what this machine shows of the
    cause: a limit on file sizes, or a disk with next to no room left."""
    code = getattr(exc, "errno", None)
    text = str(getattr(exc, "strerror", None) or exc)
    if isinstance(exc, sqlite3.Error):
        text = f"SQLite: {text}"
        write_failed = getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_IOERR"))
    else:
        write_failed = code in NO_ROOM
    if not write_failed:
        return text
    causes = []
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY:
        causes.append(f"dit proces mag geen bestanden groter dan {limit} bytes schrijven (ulimit -f)")
    try:
        st = os.statvfs(where)
        free = st.f_bavail * st.f_frsize
        if free < 64 * 1024 * 1024:
            causes.append(f"de schijf is vol: nog {free // 1024} kB vrij")
    except OSError:
        pass
    return "; ".join([text, *causes])
