"""`Library(data_dir)`: the one owner of a data folder, as sqlite-utils' `Database(path)` is
of a database file.

It knows where everything lives (`paths`), holds the stores of precious state (decisions,
users), runs what changes the folder (ingest, decisions, uploads, backups) and opens a
`Snapshot` of the derived state: the catalog, the live index generation and the decisions
as they are at one moment, keyed by (catalog id, index generation, decisions version).
Everything derived from that state is computed on first use and kept on the snapshot (or
the generation it holds), so it dies with it: the lexicon, term tables, facets, spelling,
stored fields, the trace. A new key gives a new snapshot on the next call; the parts that
did not change (the generation, the catalog's rows, the trace's linker) are handed on.

The web app keeps one Library per app (`app.extensions`) and takes one snapshot per
request; each CLI command makes one Library.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb import settings
from kb.enrich.themes import Taxonomy, load_taxonomy
from kb.errors import Busy, KbError, NotReady
from kb.index.generation import Generation
from kb.index.search import SearchResult, search
from kb.index.snippets import TextTerms
from kb.index.store import CATALOG_FILE, CURRENT, IndexStore, damage, damaged
from kb.lang.abbreviations import learn
from kb.lang.compounds import corpus_words
from kb.lang.lexicon import Lexicon
from kb.once import memo, once
from kb.render.pages import SourcePages
from kb.store import precious
from kb.store.catalog import Catalog, CatalogFile
from kb.store.decisions import (ADD, CONFIRM, NOTE, WITHDRAW, Decision, DecisionStore, current_links, follow_text,
                                notes_by_ambition, version_of)
from kb.store.kpi_decisions import KpiDecision, KpiDecisionStore
from kb.store.kpi_decisions import current as current_kpi_decisions
from kb.store.status_decisions import WITHDRAW as STATUS_WITHDRAW
from kb.store.status_decisions import StatusDecision, StatusDecisionStore
from kb.store.status_decisions import current as current_statuses
from kb.store.saved_searches import SavedSearchStore
from kb.store.users import UserStore
from kb.trace.build import TraceInputs, build_trace, make_linker
from kb.trace.linking import Linker
from kb.enrich.ids import split_ambition_id
from kb.trace.plans import Plans
from kb.trace.scope import Scope
from kb.trace.scorecard import ScoreLine
from kb.trace.status import StatusClassifier
from kb.text import dutch_number, fold
from kb.trace.view import Trace


@dataclass(frozen=True)
class Paths:
    """Where a data folder keeps each thing."""

    root: Path

    @property
    def catalog(self) -> Path:
        """The live catalog: in the live index generation, swapped with its index as one."""
        return self.index / CURRENT / CATALOG_FILE

    @property
    def legacy_catalog(self) -> Path:
        """Where folders of before the pairing kept the catalog (taken into the first
        generation an ingest or `kb search` builds, then removed)."""
        return self.root / "catalog.sqlite"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def precious(self) -> Path:
        """Decisions and users: never rebuilt, backed up with `kb backup`."""
        return self.root / "decisions.sqlite"

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    @property
    def secret_key(self) -> Path:
        return self.root / "secret_key"

    @property
    def removed(self) -> Path:
        """Documents removed on the beheer page, each in a folder of its own (kb.store.corpus_admin)."""
        return self.root / "removed"

    @property
    def lock(self) -> Path:
        return self.root / "ingest.lock"

    @property
    def pages(self) -> Path:
        """Pages of the source PDFs drawn for the source page (kb.render.pages): derived, by file hash."""
        return self.root / "pages"


@dataclass(frozen=True)
class SnapshotKey:
    catalog: str | None  # the catalog's id (a new one per catalog write)
    generation: str | None  # the live index generation's folder name
    decisions: tuple  # Library.decisions_version(): rows and last id of the decisions on links and on KPI figures


class Library:
    def __init__(self, data_dir: Path | str | None = None, documents_dir: Path | str | None = None,
                 taxonomy_path: Path | None = None, scoring: str | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else settings.data_dir()
        self.documents_dir = Path(documents_dir) if documents_dir is not None else settings.documents_dir()
        self.taxonomy_path = taxonomy_path
        scoring = scoring or settings.from_os("SCORING")
        if scoring not in ("fast", "whoosh"):
            raise KbError(f"KB_SCORING moet 'fast' of 'whoosh' zijn, niet {scoring!r}", status=500)
        self.scoring = scoring
        self.paths = Paths(self.data_dir)
        self.catalog = Catalog(self.paths.catalog)
        self.index = IndexStore(self.paths.index, legacy_catalog=self.paths.legacy_catalog)
        self._catalog_ids: dict[str, str | None] = {}  # of the live generation (a generation never changes)
        self.decisions = DecisionStore(self.paths.precious)
        self.kpi_decisions = KpiDecisionStore(self.paths.precious)
        self.status_decisions = StatusDecisionStore(self.paths.precious)  # statuses auditors set on cells
        self.users = UserStore(self.paths.precious)
        self.saved_searches = SavedSearchStore(self.paths.precious)  # per user, with feed tokens and visits
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Library({str(self.data_dir)!r})"

    # ------------------------------------------------------------------ derived state

    def key(self) -> SnapshotKey:
        """The live generation (its catalog and index, a pair) and the decisions version."""
        generation = self.index.current()
        if generation is None:
            return SnapshotKey(None, None, self.decisions_version())
        found = self._catalog_ids.get(generation.name, "")
        if found == "":
            found = Catalog(generation / CATALOG_FILE).catalog_id()  # None: a generation of before the pairing
            self._catalog_ids = {generation.name: found}
        return SnapshotKey(found, generation.name, self.decisions_version())

    def decisions_version(self) -> tuple:
        """The version of the decisions on links, on KPI figures and on cells' statuses (a snapshot is keyed by it)."""
        return precious.versions(self.paths.precious, "de beslissingen", ("decisions", "kpi_decisions", "status_decisions"))

    def snapshot(self) -> Snapshot:
        """The derived state as it is now. The same object as long as nothing changed; after
        an ingest or a decision, a new one (sharing what did not change)."""
        current = self._snapshot
        if current is not None and current.key == self.key():
            return current
        with self._lock:
            # again under the lock: another thread may have made the new snapshot meanwhile,
            # and a key read before that must not put an older one back
            key = self.key()
            current = self._snapshot
            if current is not None and current.key == key:
                return current
            rows = (current.rows if current is not None and current.key.catalog == key.catalog
                    else self._open_rows(key.generation))
            history, kpi_history = self.decisions.history(), self.kpi_decisions.history()
            status_history = self.status_decisions.history()
            key = SnapshotKey(rows.catalog_id if rows else None, key.generation,
                              (*version_of(history), *version_of(kpi_history), *version_of(status_history)))
            current = self._snapshot = Snapshot(self, key, current, rows, history, kpi_history, status_history)
            return current

    def _open_rows(self, generation: str | None) -> CatalogRows | None:
        """The catalog of this generation, held open (so it is read even after the
        generation is removed from disk), with its id."""
        if generation is None:
            return None
        try:
            file = Catalog(self.index.root / generation / CATALOG_FILE).read()
        except NotReady:  # none (a generation of before the pairing), or of another version
            return None
        found = file.catalog_id()
        if found is None:
            file.close()
            return None
        return CatalogRows(file, found, self.taxonomy_path)

    @once
    def taxonomy(self) -> Taxonomy:
        """The themes as the file has them, for a folder without a catalog yet (a snapshot
        with a catalog reads them with it)."""
        return load_taxonomy(self.taxonomy_path)

    @once
    def source_pages(self) -> SourcePages:
        """The source PDFs' pages as images, drawn once and kept in the data folder."""
        return SourcePages(self.paths.pages)

    @once
    def classifier(self) -> StatusClassifier:
        """The status cues on the shared Dutch pipeline, with the paragraphs it has parsed:
        one per Library, so every snapshot's trace reuses those parses."""
        return StatusClassifier()

    # ------------------------------------------------------------------ changing the folder

    def ingest(self, paths: list[Path] | None = None, **options):
        """Ingest the files under `paths` (default: the documents folder); see kb.ingest."""
        from kb.ingest import ingest

        result = ingest(self, [Path(p) for p in paths] if paths else [self.documents_dir], **options)
        result.notices.extend(self.adopt_legacy_decisions())
        self._prune_source_pages()
        return result

    def _prune_source_pages(self) -> None:
        """The rendered pages of files that are no source any more (a PDF replaced or removed)
        go: `<data>/pages/` holds the current files' pages only (kb.render.pages)."""
        if not self.paths.pages.exists():
            return
        try:
            with self.catalog.read() as catalog:
                keep = {d.get("content_hash") for d in catalog.documents() if d.get("content_hash")}
        except (NotReady, KbError):
            return
        self.source_pages.prune(keep)

    def adopt_legacy_decisions(self) -> list[str]:
        """Give decisions stored with a bare key (before ambition ids were per plan) the global
        id of the ambition they were made on, once, while that key is in one plan only (so a
        later plan with the same numbering cannot take them). What an ingest should say."""
        try:
            if not self.paths.precious.exists():
                return []
            legacy = self.decisions.legacy_ids()
            if not legacy:
                return []
            plans = self.snapshot().plans
            mapping = {k: found for k in legacy if (found := plans.from_key(k))}
            self.decisions.adopt_legacy_ids(mapping)
        except KbError as exc:
            return [f"beslissingen van vóór ambitie-id's per plan niet omgezet: {exc.message}"]
        left = [k for k in legacy if k not in mapping]
        notices = [f"{len(mapping)} ambitie-sleutels van oudere beslissingen hebben nu hun id per plan "
                   f"(bijv. {next(iter(mapping))} → {mapping[next(iter(mapping))]})"] if mapping else []
        if left:
            notices.append(f"beslissingen op {len(left)} sleutels ({', '.join(left[:5])}{', …' if len(left) > 5 else ''}) "
                           "horen bij geen of bij meer dan één plan; ze blijven bewaard maar tellen nergens mee")
        return notices

    def update_index(self, wait: bool = False):
        """Bring the index in line with the catalog outside an ingest (`kb search`, `kb
        serve`). None when another ingest holds the folder and `wait` is false."""
        from kb.ingest import ingest_lock

        try:
            with ingest_lock(self.paths.lock):
                return self.index.sync()
        except Busy:
            if wait:
                raise
            return None

    def ready_index(self):
        """An index built again when the analysis changed (or the folder is of before the
        pairing of catalog and index); an ingest running elsewhere is left to finish. The
        SyncReport, or None."""
        if not self.index.is_stale():
            return None
        if self.index.current() is None and not self.paths.legacy_catalog.exists():
            self.catalog.check()  # says why: none yet
        return self.update_index(wait=self.index.current() is None)

    def record_decision(self, ambition_id: str, section_id: str | None, action: str,
                        note: str | None = None, author: str | None = None, key: str | None = None) -> Decision:
        """Record an auditor's decision after checking both ids against the catalog, with the
        fingerprint of the section's text as it is now (for "verdacht" later). The one way
        the command line, the web form and the JSON API record a decision. `key`: an
        idempotency key; the same key again (a retried request) gives back the decision it
        recorded first (`replayed`) instead of a second one (DecisionStore.record)."""
        precious.check_present(self.paths.precious)  # a store gone or damaged is said first
        ambition_id = self.snapshot().current_ambition(ambition_id)
        with self.catalog.read() as catalog:
            section = catalog.section(section_id) if isinstance(section_id, str) and section_id else None
        fingerprint = None
        if action != NOTE:
            if section is None:
                raise KbError(f"onbekende sectie '{section_id or ''}': die bestaat niet in de catalogus "
                              "(de sectie-id staat bij elke alinea in de lezer en in de zoekresultaten, `kb search`)")
            fingerprint = section.get("fingerprint")
        else:
            section_id = None
        if note is not None and not isinstance(note, str):
            raise KbError("een notitie moet tekst zijn")
        snapshot = self.snapshot()
        standing = action != WITHDRAW or (ambition_id, section_id) in current_links(snapshot.decisions)
        d = self.decisions.record(ambition_id, section_id, action, fingerprint, note, author, key=key,
                                  standing=standing)
        if action in (CONFIRM, ADD):
            d.warning = snapshot.scope_warning(ambition_id, section_id)
        return d

    def record_kpi_decision(self, norm_id: str, year: object, action: str, note: str | None,
                            value: object = None, unit: str | None = None, author: str | None = None) -> KpiDecision:
        """An auditor confirms the figure the scorecard found for a norm and a report year, or
        replaces it, always with a reason (kb.store.kpi_decisions); the one way the command
        line, the web form and the API record one."""
        precious.check_present(self.paths.precious)
        snapshot = self.snapshot()
        norm_id = snapshot.current_ambition(norm_id)
        if not any(n["id"] == norm_id for n in snapshot.catalog.norms):
            raise KbError(f"'{norm_id}' is geen KPI-norm van een plan (zie `kb kpi`)", status=404)
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        line = next((ln for ln in snapshot.trace.scorecard if ln.norm["id"] == norm_id and ln.year == year), None)
        if line is None:
            years = sorted(ln.year for ln in snapshot.trace.scorecard if ln.norm["id"] == norm_id)
            raise KbError(f"geen scorekaartregel voor {norm_id} in {year} (verslagjaren: "
                          f"{', '.join(map(str, years)) or 'geen'})", status=404)
        if isinstance(value, str):
            from kb.enrich.kpi import parse_number

            value = parse_number(value) if value.strip() else None
        found = line.found or {}
        if action == "ingetrokken" and line.decision is None:
            raise KbError(f"er staat geen beslissing over het cijfer van {norm_id} in {year} om in te trekken",
                          status=409)
        if action == "cijfer bevestigd":
            if found.get("value") is None:
                raise KbError(f"er is geen cijfer voor {norm_id} in {year} om te bevestigen; vervang het door het "
                              "juiste cijfer", status=409)
            if value is not None and value != found.get("value"):
                raise KbError(f"bevestigen is van het gevonden cijfer ({dutch_number(found['value'])}), niet van "
                              f"{dutch_number(value)}; vervang het cijfer als het verslag een ander noemt", status=409)
            value = found.get("value")  # what is confirmed: the figure as the auditor saw it
        return self.kpi_decisions.record(
            norm_id, year, action, note or "", value, unit if unit is not None else found.get("unit"),
            found.get("section_id") if action == "cijfer bevestigd" else None, author)

    def record_status_decision(self, ambition_id: str, year: object, action: str, status: str | None,
                               note: str | None, author: str | None = None) -> StatusDecision:
        """An auditor sets the status of a cell (ambition × report year) with a reason, or
        withdraws it (kb.store.status_decisions); the one way the command line, the form and
        the API record one. The ambition and the year are checked against the trace."""
        precious.check_present(self.paths.precious)
        snapshot = self.snapshot()
        ambition_id = snapshot.current_ambition(ambition_id)
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        trace = snapshot.trace
        years = sorted(trace.detail(ambition_id).cells) if trace.has(ambition_id) else []
        if year not in years:
            raise KbError(f"{ambition_id} heeft geen verslagjaar {year} (verslagjaren: "
                          f"{', '.join(map(str, years)) or 'geen'})", status=404)
        if action == STATUS_WITHDRAW and trace.detail(ambition_id).cells[year].override is None:
            raise KbError(f"er staat geen vastgestelde status voor {ambition_id} in {year} om in te trekken", status=409)
        return self.status_decisions.record(ambition_id, year, action, status, note, author)

    def remove_user(self, name: str) -> None:
        """Remove a user and their saved searches (a new user of the same name must not find
        them, nor may their feeds keep working); their decisions stay, signed with the name."""
        self.users.remove(name)  # first: a feed of a user who is no more stops at once (SavedSearchStore.by_token)
        self.saved_searches.remove_owner(name)

    def check_precious(self) -> dict[str, int]:
        """The rows per table of the precious store, read with a cheap query on each (read-only);
        `precious.Unusable` (503, naming the file and `kb restore`) when it is missing while
        it existed, or damaged. A healthy store of before the marker gets its marker here."""
        found = precious.counts(self.paths.precious)
        if not precious.marker(self.paths.precious).exists() and precious.check_present(self.paths.precious):
            try:
                precious.write_marker(self.paths.precious)
            except OSError:
                pass  # a full disk or a read-only folder: the next write makes it
        return found

    def add_document(self, filename: str, data: bytes, fields: dict, replace: bool = False) -> Path:
        """Put an uploaded file and its metadata in the documents folder (kb.store.corpus)."""
        from kb.store.corpus import add_document

        return add_document(self.documents_dir, filename, data, fields, replace)

    def document_source(self, doc_id: str) -> Path:
        """The file in the documents folder that the live catalog's document `doc_id` was read from."""
        from kb.store.corpus_admin import source_file

        doc = self.snapshot().catalog.document_by_id.get(doc_id)
        if doc is None:
            raise KbError(f"Document '{doc_id}' bestaat niet.", status=404)
        return source_file(self.documents_dir, doc)

    def update_metadata(self, doc_id: str, fields: dict) -> Path:
        """Write a document's `<name>.meta.toml` anew from `fields` (kb.store.corpus_admin);
        the next ingest reads the document again. Refused (Busy) while an ingest runs."""
        from kb.ingest import ingest_lock
        from kb.store.corpus_admin import write_metadata

        with ingest_lock(self.paths.lock):
            path = self.document_source(doc_id)
            write_metadata(path, fields, load_taxonomy(self.taxonomy_path))  # the themes the ingest will read
        return path

    def remove_document(self, doc_id: str, by: str = ""):
        """Move a document out of the documents folder into `paths.removed` (nothing is
        deleted; decisions about it stay); the next ingest drops it from catalog and index."""
        from kb.ingest import ingest_lock
        from kb.store.corpus_admin import remove

        with ingest_lock(self.paths.lock):
            doc = self.snapshot().catalog.document_by_id.get(doc_id)
            if doc is None:
                raise KbError(f"Document '{doc_id}' bestaat niet.", status=404)
            return remove(self.documents_dir, self.paths.removed, self.document_source(doc_id), doc, by)

    def restore_document(self, name: str) -> Path:
        """Put a removed document back into the documents folder."""
        from kb.ingest import ingest_lock
        from kb.store.corpus_admin import restore

        with ingest_lock(self.paths.lock):
            return restore(self.documents_dir, self.paths.removed, name)

    def backup(self, dest: Path) -> tuple[Path, dict[str, int]]:
        path = precious.backup(self.paths.precious, dest)
        return path, precious.check(path)

    def restore(self, source: Path) -> tuple[dict[str, int], Path | None]:
        """Put a back-up of the precious file back; every session ends (the back-up holds
        the session versions of its day, which a logout since may have replaced)."""
        restored = precious.restore(self.paths.precious, source)
        self.users.end_all_sessions()
        return restored

    def secret_key(self) -> str:
        """The key for sessions kept in the data folder (made once, readable by us only), so
        sessions survive a restart and every worker of one server shares it. Written whole
        beside it and linked into place, so a worker starting at the same moment reads the
        key the other one made, never an empty file."""
        path = self.paths.secret_key
        try:
            found = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            found = ""
        if found:
            return found
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_hex(32))
        try:
            if path.exists():  # empty: left by a crash
                path.unlink()
            os.link(tmp, path)  # fails if another worker linked its key first: then that one counts
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_text(encoding="utf-8").strip()


class CatalogRows:
    """One catalog's rows, read on first use and kept while a snapshot holds the catalog. It
    holds the catalog file open, so it reads the catalog it was made of even when an ingest
    has renamed a new one over it since."""

    def __init__(self, file: CatalogFile, catalog_id: str, taxonomy_path: Path | None):
        self.catalog = file
        self.catalog_id = catalog_id
        self.taxonomy_path = taxonomy_path

    def __del__(self) -> None:
        self.catalog.close()

    @once
    def taxonomy(self) -> Taxonomy:
        """The themes as the file has them when this catalog is first shown (an edit of the
        file applies to sections at the next ingest, and shows with that catalog)."""
        return load_taxonomy(self.taxonomy_path)

    @once
    def documents(self) -> list[dict]:
        return self.catalog.documents()

    @once
    def document_by_id(self) -> dict[str, dict]:
        return {d["id"]: d for d in self.documents}

    @once
    def titles(self) -> dict[str, str]:
        return {d["id"]: d["title"] for d in self.documents}

    @once
    def sections(self) -> list[dict]:
        return self.catalog.sections()

    @once
    def section_by_id(self) -> dict[str, dict]:
        return {s["id"]: s for s in self.sections}

    @once
    def sections_by_document(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for s in self.sections:
            out[s["document_id"]].append(s)
        return dict(out)

    @once
    def headings(self) -> list[tuple[str, str]]:
        """Every heading once as (folded, as written), shortest first (for completions in
        the search box, which compare folded words)."""
        seen: dict[str, str] = {}
        for s in self.sections:
            if s["kind"] == "heading":
                seen.setdefault(fold(s["text"]), s["text"])
        return sorted(seen.items(), key=lambda kv: len(kv[1]))

    @once
    def ambitions(self) -> list[dict]:
        return self.catalog.ambitions()

    @once
    def norms(self) -> list[dict]:
        return self.catalog.norms()

    @once
    def values(self) -> list[dict]:
        return self.catalog.values()


class Snapshot:
    """The derived state of a data folder at one moment. Never changes: a request or a
    command works on one snapshot from start to end."""

    def __init__(self, library: Library, key: SnapshotKey, previous: Snapshot | None, rows: CatalogRows | None,
                 history: list[Decision], kpi_history: list[KpiDecision] | None = None,
                 status_history: list[StatusDecision] | None = None):
        self.library = library
        self.key = key
        self.rows = rows
        self.history = history  # every decision, oldest first: the ones this snapshot's trace holds
        self.kpi_history = kpi_history or []  # every decision on a KPI figure, oldest first
        self.status_history = status_history or []  # every status an auditor set or withdrew, oldest first
        self._terms_of = memo(64, lambda doc_id, catalog, tokenizer: TextTerms(
            [s["text"] for s in catalog.sections_by_document.get(doc_id, [])], tokenizer))
        same_catalog = previous is not None and previous.key.catalog == key.catalog
        same_generation = previous is not None and previous.key.generation == key.generation
        if same_generation and "generation" in previous.__dict__:
            self.__dict__["generation"] = previous.generation
        if same_catalog and same_generation and "linker" in previous.__dict__:
            self.__dict__["linker"] = previous.linker

    def __repr__(self) -> str:
        return f"Snapshot({self.key})"

    # ------------------------------------------------------------------ parts

    @property
    def catalog(self) -> CatalogRows:
        if self.rows is None:
            self.library.catalog.check()  # says why: none yet, or another version
            raise NotReady(f"er is nog geen catalogus in {self.library.data_dir}; draai eerst `kb ingest`")
        return self.rows

    @once
    def generation(self) -> Generation:
        """The index of this snapshot's generation, opened once its files were checked
        against the sizes and checksums they were built with (a damaged index is a clear
        503, not wrong answers or a 500 halfway through a search)."""
        path = self.library.index.root / self.key.generation if self.key.generation else None
        if path is None:
            raise NotReady(f"er is nog geen zoekindex in {self.library.data_dir}; draai eerst `kb ingest`")
        found = damage(path)
        if found is not None:
            raise damaged(path, " ".join(found))
        return Generation(path)

    @property
    def has_index(self) -> bool:
        return self.key.generation is not None

    @once
    def lexicon(self) -> Lexicon:
        """The Dutch analysis of this snapshot, for search and trace alike: the index
        generation's own (the words it was built with); without an index, one built from
        the catalog's words, as a full index build would."""
        if self.has_index:
            return self.generation.lexicon
        texts = [s["text"] for s in self.catalog.sections]
        return Lexicon.build(corpus_words(texts), learn(texts))

    @property
    def taxonomy(self) -> Taxonomy:
        """The themes read with this snapshot's catalog (or, before there is one, the file's)."""
        return self.rows.taxonomy if self.rows is not None else self.library.taxonomy

    # ------------------------------------------------------------------ search

    def search(self, text: str, filters: dict[str, list[str]] | None = None, page: int = 1,
               per_page: int = 10, budget: float | None = None) -> SearchResult:
        """kb.index.search on this snapshot; `budget`: seconds (default: KB_SEARCH_BUDGET_MS)."""
        generation = self.generation
        try:
            return search(generation, text, self.taxonomy, filters=filters, page=page, per_page=per_page,
                          scoring=self.library.scoring, budget=budget)
        except KbError:
            raise
        except Exception:
            # a file changed under the open index (it was fine when opened): say so; any
            # other failure is a bug and goes on as one
            found = damage(generation.path)
            if found is not None:
                raise damaged(generation.path, " ".join(found)) from None
            raise

    def document_terms(self, doc_id: str) -> TextTerms:
        """Which of a document's sections hold which terms, so a reader page marks a query's
        words only in the sections that have them (kept per document for this snapshot)."""
        return self._terms_of(doc_id, self.catalog, self.generation.tokenizer)

    def complete(self, text: str, limit: int = 8) -> list[str]:
        """Completions for the search box: headings with the typed words, then index words
        that start with the last one (kb.index.autocomplete)."""
        from kb.index.autocomplete import completions

        return completions(self.catalog.headings, self.generation.searcher().reader(), text, limit)

    # ------------------------------------------------------------------ trace

    @once
    def plans(self) -> Plans:
        """The catalog's plans: current versions, ambitions by id or bare key."""
        return Plans(self.catalog.documents, self.catalog.ambitions)

    @once
    def scope(self) -> Scope:
        """Which documents report on which plan (kb.trace.scope)."""
        return Scope(self.catalog.documents)

    def scope_warning(self, ambition_id: str, section_id: str | None) -> str | None:
        """Why a link from the ambition to the section would not count, said when an auditor
        confirms or adds one: its document does not report on the ambition's plan, so the
        link is kept (and shown under "elders gevonden") but never sets a cell. None: it counts."""
        section = self.catalog.section_by_id.get(section_id or "")
        ambition = self.plans.ambition.get(ambition_id)
        if section is None or ambition is None:
            return None
        plan, doc = ambition["document_id"], section["document_id"]
        if self.scope.covers(plan, doc):  # the test the trace's in_scope uses (kb.trace.build)
            return None
        return (f"de koppeling telt niet mee: '{doc}' rapporteert niet over {plan} (een andere eenheid, of een jaar "
                "buiten de planperiode); gaat het wel over dit plan, zet dan reports_on in de metadata van het verslag")

    def current_ambition(self, ambition_id: object) -> str:
        """The id of the ambition `ambition_id` stands for now: itself; for a bare key that
        one plan has (`ondermijning-4d`) or an ambition of an older version of a plan, the
        same key in the current version (kb.trace.plans.Plans.resolve). The one way every
        page, command and decision reads an ambition id; KbError 404 when there is none."""
        plans = self.plans
        found = plans.resolve(ambition_id) if isinstance(ambition_id, str) and ambition_id else None
        if found is None:
            hint = ""
            if isinstance(ambition_id, str) and split_ambition_id(ambition_id)[0] is None and len(plans.current) > 1:
                current = {d["id"] for d in plans.current}
                holders = sorted(a for a in plans.ids_with_key(ambition_id) if plans.ambition[a]["document_id"] in current)
                hint = (f": de sleutel staat in meer plannen ({', '.join(holders)}); gebruik de id plan:sleutel"
                        if len(holders) > 1 else
                        " (een sleutel zonder plan is alleen genoeg als één plan die heeft; gebruik de id plan:sleutel)")
            raise KbError(f"onbekende ambitie '{ambition_id}'{hint}", status=404)
        return found

    @once
    def decisions(self) -> list[Decision]:
        """The history as it counts now: decisions on an older version of a plan carried
        over to the current one (kb.trace.plans), and on the paragraph their text is in now
        when a report was read again with its paragraphs numbered anew (follow_text)."""
        return follow_text(self.plans.carry(self.history), self.catalog.section_by_id)

    def decisions_on(self, ambition_id: str) -> list[Decision]:
        return [d for d in self.decisions if d.ambition_id == ambition_id]

    @once
    def trace_inputs(self) -> TraceInputs:
        """The current version of every plan, with the decisions as they count now."""
        plans = self.plans
        current = {d["id"] for d in plans.current}
        return TraceInputs(
            documents=self.catalog.documents,
            sections=self.catalog.section_by_id,
            ambitions=[a for a in self.catalog.ambitions if a["document_id"] in current],
            norms=[n for n in self.catalog.norms if n["document_id"] in current],
            values=self.catalog.values,
            decisions=current_links(self.decisions),
            notes=notes_by_ambition(self.decisions),
            kpi_decisions=current_kpi_decisions(self.kpi_decisions),
            statuses=current_statuses(self.status_decisions),
        )

    @once
    def kpi_decisions(self) -> list[KpiDecision]:
        """The decisions on KPI figures as they count now: one on a norm of an older plan
        version counts for the same key in the current one (kb.trace.plans)."""
        out = []
        for d in self.kpi_history:
            now = self.plans.resolve(d.norm_id)
            out.append(dataclasses.replace(d, norm_id=now) if now and now != d.norm_id else d)
        return out

    @once
    def status_decisions(self) -> list[StatusDecision]:
        """The statuses auditors set, as they count now: one set on an older version of a
        plan counts for the same key in the current one, "verdacht" when the ambition's text
        changed (kb.trace.plans.Plans.carry, as decisions on links)."""
        return self.plans.carry(self.status_history)

    def status_decisions_on(self, ambition_id: str) -> list[StatusDecision]:
        return [d for d in self.status_decisions if d.ambition_id == ambition_id]

    @once
    def linker(self) -> Linker:
        return make_linker(self.trace_inputs, self.lexicon)

    @once
    def trace(self) -> Trace:
        """Every ambition against every report year, with this snapshot's decisions."""
        return build_trace(self.trace_inputs, self.linker, self.library.classifier)

    def kpis(self) -> list[ScoreLine]:
        return self.trace.scorecard

