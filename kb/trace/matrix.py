"""The trace: every ambition of a plan against every later report year.

Each cell (ambition × year) holds the progress paragraphs that say what became of the
ambition that year and a status:
- from the links an auditor confirmed or added, when there are any;
- else from the best proposed link above the threshold;
- for a KPI norm with a figure that year, from the scorecard (gehaald → gerealiseerd);
- "geen informatie" when nothing qualifies: that gap is an answer too.

A new annual report in documents/ is a new year column after the next ingest: the years
come from the catalog, not from code. Built from the catalog and the decision store; it
takes about a second, so it is simply rebuilt when either changes (cached per process on
catalog id + decision version).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kb.store.catalog import read_ambitions, read_catalog_id, read_documents, read_norms, read_sections, read_values
from kb.lang.lexicon import Lexicon
from kb.lang.abbreviations import learn
from kb.lang.compounds import corpus_words
from kb.store.decisions import ADD, CONFIRM, REJECT, Decision, DecisionStore, decisions_path
from kb.trace.linking import LINK_THRESHOLD, Link, Linker
from kb.trace.scorecard import MET, NOT_MET, Scorecard, ScoreLine
from kb.trace.status import Finding, classifier, combine

NO_INFORMATION = "geen informatie"
SHOWN_PER_CELL = 5


@dataclass
class TraceInputs:
    documents: list[dict]
    sections: dict[str, dict]
    ambitions: list[dict]
    norms: list[dict]
    values: list[dict]
    lexicon: Lexicon
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    notes: dict[str, list[Decision]] = field(default_factory=dict)
    key: tuple = ()


_lexicons: dict[str, Lexicon] = {}
_lock = threading.Lock()


def catalog_lexicon(catalog_id: str | None, texts: list[str]) -> Lexicon:
    """The search's Dutch analysis built from the catalog's own words (as the index
    builds it); kept per catalog so a second trace does not pay for it again."""
    with _lock:
        lex = _lexicons.get(catalog_id) if catalog_id else None
    if lex is None:
        lex = Lexicon.build(corpus_words(texts), learn(texts))
        if catalog_id:
            with _lock:
                _lexicons.clear()
                _lexicons[catalog_id] = lex
    return lex


def load_inputs(data_dir: Path) -> TraceInputs:
    sections = read_sections(data_dir)
    catalog_id = read_catalog_id(data_dir)
    store = DecisionStore(decisions_path(data_dir))
    history = store.history()
    return TraceInputs(
        documents=read_documents(data_dir),
        sections={s["id"]: s for s in sections},
        ambitions=read_ambitions(data_dir),
        norms=read_norms(data_dir),
        values=read_values(data_dir),
        lexicon=catalog_lexicon(catalog_id, [s["text"] for s in sections]),
        decisions=store.current(history),
        notes=store.notes(history),
        key=(catalog_id, store.version()),
    )


@dataclass
class Progress:
    """One paragraph in a cell: a proposed, confirmed, added or rejected link."""

    section: dict
    document: dict
    year: int | None
    score: float | None  # None: added by an auditor, not found by the ranking
    finding: Finding
    shared_terms: list[str]
    decision: Decision | None = None
    suspect: bool = False  # confirmed on a text that has changed since
    above_threshold: bool = False

    @property
    def counts(self) -> bool:
        """Whether it belongs in the cell (rejected ones are shown apart, weak ones not)."""
        if self.decision is not None:
            return self.decision.action in (CONFIRM, ADD)
        return self.above_threshold

    def to_dict(self) -> dict:
        d = self.decision
        return {
            "section_id": self.section["id"], "document_id": self.section["document_id"],
            "document_title": self.document.get("title"), "year": self.year, "page": self.section.get("page"),
            "heading_path": self.section.get("heading_path"), "text": self.section["text"],
            "score": None if self.score is None else round(self.score, 4), "above_threshold": self.above_threshold,
            "status": self.finding.status, "evidence": self.finding.evidence, "reason": self.finding.reason,
            "sentence": self.finding.sentence, "shared_terms": self.shared_terms,
            "decision": None if d is None else {
                "action": d.action, "author": d.author, "at": d.at, "note": d.note, "verdacht": self.suspect},
        }


@dataclass
class Cell:
    year: int
    status: str
    source: str  # "bevestigd", "voorstel", "kpi" or "" (geen informatie)
    progress: list[Progress] = field(default_factory=list)
    kpi: ScoreLine | None = None

    @property
    def suspect(self) -> bool:
        return any(p.suspect for p in self.progress)

    def to_dict(self) -> dict:
        return {"year": self.year, "status": self.status, "source": self.source, "links": len(self.progress),
                "verdacht": self.suspect, "kpi": self.kpi.to_dict() if self.kpi else None}


@dataclass
class Row:
    ambition: dict
    cells: dict[int, Cell]
    ranked: list[Link]  # every proposed link, all years, best first
    progress: list[Progress]  # proposed above MIN_SCORE, confirmed, added and rejected
    notes: list[Decision]

    def to_dict(self, detail: bool = False) -> dict:
        a = self.ambition
        out = {
            "id": a["id"], "kind": a["kind"], "theme": a.get("theme"), "heading_path": a["heading_path"],
            "text": a["text"], "parent_id": a.get("parent_id"), "document_id": a["document_id"],
            "years": {str(y): c.to_dict() for y, c in sorted(self.cells.items())},
            "notes": [{"note": n.note, "author": n.author, "at": n.at} for n in self.notes],
        }
        if detail:
            out["progress"] = [p.to_dict() for p in self.progress]
        return out


@dataclass
class Trace:
    years: list[int]
    rows: list[Row]
    scorecard: list[ScoreLine]
    _by_id: dict[str, Row] = field(default_factory=dict)
    _reports_on: dict | None = None
    _ambitions_in: dict | None = None

    def detail(self, ambition_id: str) -> Row:
        return self._by_id[ambition_id]

    def has(self, ambition_id: str) -> bool:
        return ambition_id in self._by_id

    def paragraph_status(self, ambition_id: str, section_id: str) -> Finding:
        for p in self._by_id[ambition_id].progress:
            if p.section["id"] == section_id:
                return p.finding
        return Finding("onbekend")

    def filtered(self, theme: str | None) -> list[Row]:
        return [r for r in self.rows if theme is None or r.ambition.get("theme") == theme]

    def reports_on(self, section_id: str) -> list[tuple[Row, Progress]]:
        """The ambitions a paragraph reports on (links that count: confirmed, added or
        above the threshold), for the document reader."""
        if self._reports_on is None:
            index: dict[str, list[tuple[Row, Progress]]] = defaultdict(list)
            for row in self.rows:
                for p in row.progress:
                    if p.counts:
                        index[p.section["id"]].append((row, p))
            self._reports_on = dict(index)
        return self._reports_on.get(section_id, [])

    def ambitions_in(self, section_id: str) -> list[Row]:
        """The ambitions a plan section is part of."""
        if self._ambitions_in is None:
            index: dict[str, list[Row]] = defaultdict(list)
            for row in self.rows:
                for sid in row.ambition.get("section_ids") or []:
                    index[sid].append(row)
            self._ambitions_in = dict(index)
        return self._ambitions_in.get(section_id, [])


def _about(reader, ambition_terms: set[str]):
    def about(sentence: str) -> bool:
        return any(t in ambition_terms for t in reader.terms(sentence))
    return about


def build_trace(inputs: TraceInputs) -> Trace:
    docs = {d["id"]: d for d in inputs.documents}
    linker = Linker(inputs.lexicon, inputs.documents, list(inputs.sections.values()))
    reader = linker.reader
    status = classifier()
    card = Scorecard(reader)
    norms = {n["id"]: n for n in inputs.norms}
    values_by_section: dict[str, list[dict]] = defaultdict(list)
    for v in inputs.values:
        values_by_section[v["section_id"]].append(v)
    plan_start = {d["id"]: (d.get("period") or [None])[0] for d in inputs.documents if d.get("kind") == "plan"}
    starts = [y for y in plan_start.values() if y]
    years = linker.years(min(starts) if starts else None)
    decided: dict[str, dict[str, Decision]] = defaultdict(dict)
    for (aid, sid), d in inputs.decisions.items():
        decided[aid][sid] = d

    rows: list[Row] = []
    scorecard: list[ScoreLine] = []
    for amb in inputs.ambitions:
        start = plan_start.get(amb["document_id"])
        ranked_by_year = linker.rank(amb, start)
        ranked = sorted((lk for links in ranked_by_year.values() for lk in links), key=lambda lk: (-lk.score, lk.section_id))
        terms = {t for t, q in reader.terms(amb["text"], expand=True).items() if q.via != "deel"}
        about = _about(reader, terms)
        progress: list[Progress] = []
        seen: set[str] = set()
        mine = decided.get(amb["id"], {})

        def add(section: dict, score: float | None, shared: list[str]) -> None:
            doc = docs.get(section["document_id"], {})
            decision = mine.get(section["id"])
            progress.append(Progress(
                section=section, document=doc, year=doc.get("year"), score=score,
                finding=status.classify(section["text"], about, doc.get("year")), shared_terms=shared, decision=decision,
                suspect=bool(decision and decision.action in (CONFIRM, ADD) and decision.fingerprint
                             and decision.fingerprint != section.get("fingerprint")),
                above_threshold=score is not None and score >= LINK_THRESHOLD,
            ))
            seen.add(section["id"])

        for lk in ranked:
            add(inputs.sections[lk.section_id], lk.score, lk.shared_terms)
        for sid, decision in mine.items():
            if sid not in seen and sid in inputs.sections and decision.action in (CONFIRM, ADD, REJECT):
                add(inputs.sections[sid], None, [])

        cells: dict[int, Cell] = {}
        for year in years:
            if start is not None and year < start:
                continue
            here = [p for p in progress if p.year == year and p.counts]
            confirmed = [p for p in here if p.decision is not None]
            shown = confirmed + [p for p in here if p.decision is None][: max(0, SHOWN_PER_CELL - len(confirmed))]
            if confirmed:
                cell = Cell(year, combine([p.finding.status for p in confirmed]), "bevestigd", shown)
            elif shown:
                cell = Cell(year, shown[0].finding.status, "voorstel", shown)
            else:
                cell = Cell(year, NO_INFORMATION, "", [])
            norm = norms.get(amb["id"])
            if norm is not None:
                links = [(p.section["id"], 1.0 + (p.score or 0.0) if p.decision else p.score or 0.0)
                         for p in progress if p.year == year and (p.decision is None or p.decision.action != REJECT)]
                links.sort(key=lambda x: -x[1])
                line = card.line(norm, year, values_by_section, links)
                scorecard.append(line)
                cell.kpi = line
                if line.verdict in (MET, NOT_MET):
                    cell.status = "gerealiseerd" if line.verdict == MET else "niet gerealiseerd"
                    cell.source = cell.source if cell.source == "bevestigd" else "kpi"
            cells[year] = cell
        progress.sort(key=lambda p: (p.decision is None, -(p.score or 0.0), p.section["id"]))
        rows.append(Row(amb, cells, ranked, progress, inputs.notes.get(amb["id"], [])))
    return Trace(years, rows, scorecard, {r.ambition["id"]: r for r in rows})


_cache: dict[Path, tuple[tuple, Trace]] = {}
_builders: dict[Path, threading.Lock] = {}
_background: set[Path] = set()


def trace_for(data_dir: Path, stale_ok: bool = False) -> Trace:
    """The trace of a data folder, rebuilt when the catalog or the decisions changed
    (both checked first, so a request on an unchanged corpus reads nothing else).

    One thread builds, the others wait for it. With `stale_ok` (the web app), a trace of
    the previous catalog is served while the new one builds in the background: a
    re-ingest never makes pages wait. A new decision is never served stale."""
    catalog_id = read_catalog_id(data_dir)
    key = (catalog_id, DecisionStore(decisions_path(data_dir)).version())
    with _lock:
        hit = _cache.get(data_dir)
        builder = _builders.setdefault(data_dir, threading.Lock())
    if hit and catalog_id is not None and hit[0] == key:
        return hit[1]
    if stale_ok and hit and hit[0][0] != catalog_id and hit[0][1] == key[1] and catalog_id is not None:
        # a new catalog: serve the old trace while the new one builds, but only when it
        # holds every decision (another worker may have recorded one since this one built it)
        with _lock:
            start = data_dir not in _background
            _background.add(data_dir)
        if start:
            threading.Thread(target=_build_in_background, args=(data_dir,), daemon=True).start()
        return hit[1]
    with builder:
        with _lock:
            hit = _cache.get(data_dir)
        if hit and hit[0] == key and catalog_id is not None:
            return hit[1]
        return _build(data_dir)


def _build(data_dir: Path) -> Trace:
    inputs = load_inputs(data_dir)
    trace = build_trace(inputs)
    with _lock:
        _cache[data_dir] = (inputs.key, trace)
    return trace


def _build_in_background(data_dir: Path) -> None:
    try:
        with _builders[data_dir]:
            _build(data_dir)
    except Exception:  # the next request builds again and shows the error
        pass
    finally:
        with _lock:
            _background.discard(data_dir)
