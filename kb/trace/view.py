"""The trace as pages and exports read it: per ambition a row, per report year a cell with
its status and the progress paragraphs behind it (built by kb.trace.build)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kb.enrich.themes import WITHOUT_THEME
from kb.lang.words import link_function_words, stopwords
from kb.model import LEERDOSSIER
from kb.once import once
from kb.store.decisions import ADD, CONFIRM, REJECT, Decision
from kb.store.status_decisions import StatusDecision
from kb.trace.linking import LINK_THRESHOLD, Link
from kb.trace.plans import Plans, key_of
from kb.trace.scorecard import MET, NOT_MET, ON_THE_WAY, ScoreLine, lines_by_norm
from kb.trace.status import STATUSES, Finding
from kb.text import fold

NO_INFORMATION = "geen informatie"
PARAGRAPH = "alinea"  # the kinds of link (Progress.kind)
CELL_STATUSES = STATUSES + (NO_INFORMATION,)
OVERRIDDEN = "vastgesteld"  # a cell's source when an auditor set its status
# a link's strength in words, relative to the link threshold (kb.trace.linking): "sterk" from
# twice it (0,30: the gold set's confirmed links mostly score there), "mogelijk" from the
# threshold (0,15: a proposal that sets a cell's status, kb.trace.build.proposed_status), "zwak"
# below it (a candidate on the ambition page, "onder de drempel": shown, not trusted)
STRONG_SCORE, POSSIBLE_SCORE = 2 * LINK_THRESHOLD, LINK_THRESHOLD


NO_THEME_NAME = "Zonder thema"  # the group of the ambitions no theme of the taxonomy holds


def theme_group(ambition: dict, known) -> str:
    """The theme an ambition is grouped and counted under: its own when the taxonomy (`known`)
    has it, else "" (NO_THEME_NAME, chosen as WITHOUT_THEME): the matrix, its filter, the export
    and the overview group alike."""
    slug = ambition.get("theme") or ""
    return slug if slug in known else ""


def strength(score: float | None) -> str | None:
    """"sterk", "mogelijk" or "zwak" for a ranked link's score; None for one an auditor added."""
    if score is None:
        return None
    return "sterk" if score >= STRONG_SCORE - 1e-9 else "mogelijk" if score >= POSSIBLE_SCORE - 1e-9 else "zwak"


@dataclass
class Progress:
    """One paragraph in a cell: a proposed, confirmed, added or rejected link."""

    section: dict
    document: dict
    year: int | None
    score: float | None  # None: added by an auditor, not found by the ranking
    shared_terms: list[str]
    # what the paragraph says of the ambition: its Finding and the sentences that concern it
    # (the link's evidence), read when first asked (`finding`, `sentences`): most ranked
    # paragraphs lie under the threshold and are read only when a page (an ambition's, a
    # report's), the API or an export asks for them
    read: Callable[[], tuple[Finding, list[str]]] = field(repr=False, compare=False)
    decision: Decision | None = None
    suspect: bool = False  # confirmed on a text that has changed since
    above_threshold: bool = False
    in_scope: bool = True  # from a report on the plan (kb.trace.scope); else "elders gevonden": context only
    rejected_text: bool = False  # no decision of its own, but its text was rejected for this ambition elsewhere
    kind: str = PARAGRAPH  # PARAGRAPH: a paragraph of a report; LEERDOSSIER: a leerdossier that names the ambition
    leerdossier: dict | None = None  # for a LEERDOSSIER link: kb.trace.evidence.summary
    held: str = ""  # why the ranking kept it a candidate though its words scored more (kb.trace.linking.Link.held)

    @once
    def reading(self) -> tuple[Finding, list[str]]:
        """`read`'s answer, read once (threads that ask meanwhile wait for it)."""
        return self.read()

    @property
    def finding(self) -> Finding:
        """The status the paragraph gives the ambition, with its cue words (kb.trace.status)."""
        return self.reading[0]

    @property
    def sentences(self) -> list[str]:
        """The sentences that concern the ambition: the link's evidence."""
        return self.reading[1]

    @property
    def linked(self) -> bool:
        """An auditor confirmed or added this link."""
        return self.decision is not None and self.decision.action in (CONFIRM, ADD)

    @property
    def rejected(self) -> bool:
        """Rejected for this ambition: on this text, or the same text elsewhere. A rejection of
        a text the paragraph no longer has is not (it is "verdacht", as if undecided)."""
        return self.rejected_text or (self.decision is not None and self.decision.action == REJECT and not self.suspect)

    @property
    def counts(self) -> bool:
        """Whether it belongs in the cell (rejected ones are shown apart, weak ones not, and
        paragraphs of reports outside the plan's scope never)."""
        if not self.in_scope or self.rejected:
            return False
        return self.linked or (self.decision is None or self.decision.action == REJECT) and self.above_threshold

    def to_dict(self) -> dict:
        d = self.decision
        return {
            "section_id": self.section["id"], "document_id": self.section["document_id"],
            "document_title": self.document.get("title"), "year": self.year, "page": self.section.get("page"),
            "heading_path": self.section.get("heading_path"), "text": self.section["text"],
            "score": None if self.score is None else round(self.score, 4), "strength": strength(self.score),
            "above_threshold": self.above_threshold, "held": self.held,
            "in_scope": self.in_scope, "rejected_text": self.rejected_text, "rejected": self.rejected,
            "sentences": self.sentences,
            "status": self.finding.status, "evidence": self.finding.evidence, "reason": self.finding.reason,
            "sentence": self.finding.sentence, "shared_terms": self.shared_terms,
            "kind": self.kind, "leerdossier": self.leerdossier,
            "decision": None if d is None else {
                "action": d.action, "author": d.author, "at": d.at, "note": d.note, "verdacht": self.suspect,
                "carried_from": d.carried_from, "ambition_changed": d.ambition_changed, "moved_from": d.moved_from},
        }


@dataclass
class Cell:
    year: int
    status: str
    source: str  # "bevestigd", "voorstel", "onderdelen" or "hoofdstuk" (kb.trace.structure), "kpi" or "" (geen informatie)
    progress: list[Progress] = field(default_factory=list)
    kpi: ScoreLine | None = None
    proposal: str | None = None  # the status the trace proposes (the same as `status` unless overridden)
    override: StatusDecision | None = None  # the status an auditor set, standing instead of the proposal
    rule: str = ""  # why the plan's structure changed the proposal (kb.trace.structure), "" when it did not
    by_norm: bool = False  # the ambition's own norm against the report's figure set the status (kb.trace.own_norm)
    # the best paragraph, a possible one without a cue word, stands far above the others of its
    # year and counts as strong (kb.trace.build.stands_out)
    stands_out: bool = False

    @property
    def suspect(self) -> bool:
        """A decision behind the cell rests on a text or a figure that has changed since: a
        link's paragraph, a confirmed KPI figure, or the ambition a status was set on (in an
        older version of the plan)."""
        return any(p.suspect for p in self.progress) or (self.kpi is not None and self.kpi.suspect) \
            or (self.override is not None and self.override.ambition_changed)

    @property
    def basis(self) -> Progress | None:
        """The ranked paragraph a proposal rests on (the best one), None when auditors,
        leerdossiers or nothing decided it."""
        best = self.progress[0] if self.source == "voorstel" and self.progress else None
        return best if best is not None and best.kind == PARAGRAPH and best.decision is None else None

    @property
    def decided_by(self) -> dict | None:
        """The auditor's decision that set the status, as every view says it: a status set
        instead of the proposal (kind "status"), or a KPI figure an auditor confirmed or
        replaced when the figure decided the cell (kind "kpi": a replaced figure looks like a
        found one otherwise). None for the rest, confirmed links included: they are marked
        on their own (✓)."""
        o = self.override
        if o is not None:
            return {"kind": "status", "what": "status vastgesteld", "author": o.author, "at": o.at, "note": o.note}
        line = self.kpi
        d = line.decision if line is not None and line.verdict in (MET, NOT_MET, ON_THE_WAY) else None
        if d is None:
            return None
        return {"kind": "kpi", "what": line.said(), "author": d.author, "at": d.at, "note": d.note}

    def to_dict(self) -> dict:
        o = self.override
        return {"year": self.year, "status": self.status, "source": self.source, "links": len(self.progress),
                "decided_by": self.decided_by,
                "basis": None if (b := self.basis) is None else {
                    "section_id": b.section["id"], "score": round(b.score, 4), "strength": strength(b.score),
                    "status": b.finding.status, "evidence": b.finding.evidence, "told_done": b.finding.told_done,
                    "told_not_done": b.finding.told_not_done, "partial": b.finding.partial,
                    "postponed": b.finding.postponed, "stands_out": self.stands_out},
                "verdacht": self.suspect, "kpi": self.kpi.to_dict() if self.kpi else None,
                "leerdossiers": [p.leerdossier for p in self.progress if p.kind == LEERDOSSIER],
                "proposal": self.proposal if self.proposal is not None else self.status, "rule": self.rule,
                "override": None if o is None else {
                    "status": o.status, "reason": o.note, "author": o.author, "at": o.at,
                    # set on an older version of the plan: from which, and whether the ambition changed since
                    **({"carried_from": o.carried_from, "ambition_changed": o.ambition_changed} if o.carried_from else {})}}


@dataclass
class Row:
    ambition: dict
    cells: dict[int, Cell]
    ranked: list[Link]  # every proposed link, all years, best first
    progress: list[Progress]  # proposed above MIN_SCORE, confirmed, added and rejected
    notes: list[Decision]

    def shown_with(self, status: str | None = None, gaps: bool = False) -> bool:
        """Whether the matrix's status filter (a cell with `status`) and "toon gaten" (a cell
        with geen informatie) keep this row; the export keeps the same rows."""
        cells = self.cells.values()
        return (not gaps or any(c.status == NO_INFORMATION for c in cells)) and \
            (not status or any(c.status == status for c in cells))

    def to_dict(self, detail: bool = False) -> dict:
        a = self.ambition
        out = {
            "id": a["id"], "plan": a["document_id"], "key": key_of(a), "kind": a["kind"], "theme": a.get("theme"),
            "heading_path": a["heading_path"], "text": a["text"], "parent_id": a.get("parent_id"),
            "document_id": a["document_id"], "origin": a.get("origin") or "",
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
    plan_years: dict[str, list[int]] = field(default_factory=dict)  # plan -> the years of its reports (its columns)
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

    def columns_of(self, plan: str | None) -> list[int]:
        """The report years a plan's matrix has columns for (None: every plan's): the years
        of the reports on it, not those of another unit's plan."""
        return self.years if plan is None else self.plan_years.get(plan, [])

    def scorecard_of(self, plan: str | None) -> list[ScoreLine]:
        """The scorecard lines of one plan's monitor set (None: every plan's)."""
        return [ln for ln in self.scorecard if plan is None or ln.norm["document_id"] == plan]

    def filtered(self, theme: str | None, plan: str | None = None, known: Iterable[str] = ()) -> list[Row]:
        """The rows of one theme and one plan (None: all); WITHOUT_THEME: the rows whose theme
        is none of the `known` ones (the taxonomy's), as the matrix groups them."""
        return [r for r in self.rows
                if (theme is None or r.ambition.get("theme") == theme
                    or theme == WITHOUT_THEME and theme_group(r.ambition, known) == "")
                and (plan is None or r.ambition["document_id"] == plan)]

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


def ambitions_json(trace: Trace, labels: dict[str, str], theme: str | None = None, status: str | None = None,
                   gaps: bool = False, plan: str | None = None, plans: Plans | None = None) -> dict:
    """The ambitions as every JSON answer gives them (`/api/ambitions`, `/ambities.json`,
    `kb trace --json`): grouped by theme in the taxonomy's order, filtered by theme, by a
    status that one of their cells has, or to those with a gap; with the status counts."""
    groups: dict[str, dict] = {}
    counts = {s: 0 for s in CELL_STATUSES}
    for row in trace.filtered(theme, plan, labels):
        for c in row.cells.values():
            counts[c.status] += 1
        if not row.shown_with(status, gaps):
            continue
        slug = theme_group(row.ambition, labels)
        group = groups.setdefault(slug, {"theme": slug, "name": labels.get(slug, NO_THEME_NAME), "ambitions": []})
        group["ambitions"].append(row.to_dict())
    order = list(labels) + [""]
    return {"years": trace.columns_of(plan), "filters": {"thema": theme, "status": status, "gaten": gaps, "plan": plan},
            "plans": plans_json(plans) if plans is not None else [], "plan_labels": plan_labels(plans, plan),
            "statuses": list(CELL_STATUSES), "counts": counts,
            "groups": sorted(groups.values(), key=lambda g: order.index(g["theme"]) if g["theme"] in order else len(order))}


def kpis_json(trace: Trace, plan: str | None = None, plans: Plans | None = None) -> dict:
    """The scorecard as every JSON answer gives it (`/api/kpis`, `/kpi.json`, `kb kpi
    --json`): per norm of one plan's monitor set (None: every plan's), its line per report
    year of that plan, with the plan choice as the matrix has it."""
    return {**lines_by_norm(trace.scorecard_of(plan), trace.columns_of(plan)), "filters": {"plan": plan},
            "plans": plans_json(plans) if plans is not None else [], "plan_labels": plan_labels(plans, plan)}


def plan_labels(plans: Plans | None, chosen: str | None) -> dict[str, str]:
    """Plan id -> how a row or card says whose it is ("Eenheid Rotterdam 2019–2022"), while
    several plans are shown together; empty for one plan (nothing to tell apart)."""
    if plans is None or chosen is not None or len(plans.current) < 2:
        return {}
    out = {}
    for d in plans.current:
        period = "–".join(str(y) for y in d.get("period") or [])
        out[d["id"]] = f"{d['unit']} {period}".strip() if d.get("unit") else d.get("title") or d["id"]
    return out


def plans_json(plans: Plans) -> list[dict]:
    """The current plans with their versions (newest first), for the matrix's plan choice."""
    return [{"id": d["id"], "title": d.get("title"), "unit": d.get("unit"), "period": d.get("period"),
             "versions": [v["id"] for v in plans.versions(d["id"])]} for d in plans.current]


def ambition_json(trace: Trace, ambition_id: str, history: list[Decision],
                  status_history: list[StatusDecision] | None = None) -> dict:
    """One ambition with its progress, best first, and every decision on it, oldest first:
    on its links and notes (`history`), on its cells' statuses (`status_history`)
    (`/api/ambitions/<id>`, `/ambities/<id>.json`, `kb trace ID --json`)."""
    row = trace.detail(ambition_id)
    return {"report_years": trace.columns_of(row.ambition["document_id"]), **row.to_dict(detail=True),
            "history": [d.to_dict() for d in history],
            "status_history": [d.to_dict() for d in status_history or []]}


MAX_KEY_TERMS = 12
_WORD = re.compile(r"[^\W\d_][\w@&'’-]*[^\W_]|[^\W\d_]{2,}")


def key_terms(text: str) -> list[str]:
    """An ambition's content words, in its own order, once each: no function words (the
    search's stopwords, kb/data/stopwords-nl.txt, and the trace's, link-function-words.txt),
    no word of two letters unless written in capitals (OM, RIEC), at most MAX_KEY_TERMS (the
    longest kept). What "Zoek voortgang" searches for, as an any-words query."""
    skip = stopwords() | link_function_words()
    seen: dict[str, str] = {}
    for word in _WORD.findall(text):
        word = word.strip("'’-")
        folded = fold(word)
        if folded in skip or folded in seen or (len(word) < 3 and not word.isupper()):
            continue
        seen[folded] = word
    words = list(seen.values())
    if len(words) > MAX_KEY_TERMS:
        longest = set(sorted(words, key=len, reverse=True)[:MAX_KEY_TERMS])
        words = [w for w in words if w in longest][:MAX_KEY_TERMS]
    return words


def numbering(ambition: dict, labels: dict[str, str]) -> str:
    """The plan's own numbering as a reader of the plan knows it: "Ondermijning 4e" for the
    key ondermijning-4e (the theme's label and the rest of the key); the key itself when it
    does not start with its theme."""
    key = key_of(ambition)
    theme = ambition.get("theme") or ""
    if theme and key.startswith(theme + "-") and labels.get(theme):
        return f"{labels[theme]} {key[len(theme) + 1:].replace('-', ' ')}"
    return key
