"""A knowledge page per theme and per phenomenon (/kennis/<slug>): everything the knowledge
base holds on one subject, on one page, so an officer has one address to bookmark.

The page is built from one snapshot only: the leerdossiers on the subject with their lessons
and signals, the current plans' ambitions on it with their latest status (the trace's latest
report year), the latest in-scope progress paragraphs behind them, the KPI norms of its theme
with their latest figure, and the best search hits. No Flask here: the web page, its JSON
twin and any command read the same dict.

A theme's page holds what its theme or its phenomena cover; a phenomenon's page holds what
names the phenomenon (a leerdossier's metadata, an ambition's words via fenomenen.toml) or
what a leerdossier on it serves, with the KPI norms of its theme (those naming it first).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.enrich.learning import LEERDOSSIER, Phenomena, load_phenomena
from kb.errors import KbError
from kb.trace.plans import key_of
from kb.trace.scorecard import MET, NOT_MET
from kb.trace.view import NO_INFORMATION, Row, plan_labels

THEME, PHENOMENON = "thema", "fenomeen"
LESSONS, SIGNALS = "lessen", "signalen"
SHOWN_LESSONS = 5  # per leerdossier; the count says how many more there are
SHOWN_SIGNALS = 3
SHOWN_PROGRESS = 8
SHOWN_HITS = 10


@dataclass(frozen=True)
class Subject:
    """What a slug names: a theme of themes.toml or a phenomenon of fenomenen.toml."""

    kind: str  # THEME | PHENOMENON
    slug: str
    label: str
    theme: str | None  # a phenomenon's theme; a theme's own slug


def subject(snapshot, slug: str, phenomena: Phenomena | None = None) -> Subject:
    """The theme or phenomenon `slug` names (a theme first: the two lists share no slug
    today); KbError 404 in Dutch for neither."""
    labels = snapshot.taxonomy.labels()
    if isinstance(slug, str) and slug in labels:
        return Subject(THEME, slug, labels[slug], slug)
    phenomena = phenomena or load_phenomena()
    found = phenomena.get(slug) if isinstance(slug, str) else None
    if found is None:
        raise KbError(f"Er is geen kennispagina '{slug}': dat is geen thema of fenomeen. Kies er een op de "
                      "pagina Kennis (/kennis).", status=404)
    return Subject(PHENOMENON, found.slug, found.label, found.theme)


def knowledge_index(snapshot) -> dict:
    """Every theme and phenomenon with how many leerdossiers are on it: the page /kennis."""
    phenomena = load_phenomena()
    dossiers = _dossiers(snapshot)
    themes = []
    for slug, label in snapshot.taxonomy.labels().items():
        mine = [p for p in phenomena.items if p.theme == slug]
        themes.append({
            "slug": slug, "label": label,
            "leerdossiers": sum(1 for d in dossiers if _on_theme(d, slug, phenomena)),
            "phenomena": [{"slug": p.slug, "label": p.label,
                           "leerdossiers": sum(1 for d in dossiers if p.slug in (d.get("phenomena") or []))}
                          for p in mine],
        })
    loose = [{"slug": p.slug, "label": p.label, "leerdossiers": sum(1 for d in dossiers if p.slug in (d.get("phenomena") or []))}
             for p in phenomena.items if p.theme not in {t["slug"] for t in themes}]
    return {"themes": themes, "phenomena_without_theme": loose, "leerdossiers": len(dossiers)}


def knowledge_page(snapshot, slug: str) -> dict:
    """The context of one knowledge page (see the module's docstring); KbError 404 for a
    slug that names no theme or phenomenon."""
    phenomena = load_phenomena()
    subj = subject(snapshot, slug, phenomena)
    labels = snapshot.taxonomy.labels()
    dossiers = [d for d in _dossiers(snapshot) if _on(d, subj, phenomena)]
    rows = _ambition_rows(snapshot, subj, dossiers, phenomena)
    trace = snapshot.trace
    return {
        "kind": subj.kind, "slug": subj.slug, "label": subj.label,
        "theme": ({"slug": subj.theme, "label": labels.get(subj.theme, subj.theme)}
                  if subj.kind == PHENOMENON and subj.theme else None),
        "phenomena": ([{"slug": p.slug, "label": p.label} for p in phenomena.items if p.theme == subj.slug]
                      if subj.kind == THEME else []),
        "years": trace.years,
        "plan_labels": plan_labels(snapshot.plans, None),  # with several plans: whose each ambition and norm is
        "leerdossiers": [_dossier_json(snapshot, d, phenomena) for d in dossiers],
        "ambitions": [_ambition_json(row, why) for row, why in rows],
        "progress": _progress(rows),
        "kpis": _kpis(snapshot, subj, phenomena),
        "hits": _hits(snapshot, subj),
    }


# ---------------------------------------------------------------- leerdossiers


def _dossiers(snapshot) -> list[dict]:
    """The leerdossiers of the catalog, the newest first."""
    found = [d for d in snapshot.catalog.documents if d.get("kind") == LEERDOSSIER]
    return sorted(found, key=lambda d: (d.get("date") or "", d["id"]), reverse=True)


def _on_theme(doc: dict, theme: str, phenomena: Phenomena) -> bool:
    if theme in (doc.get("themes") or []):
        return True
    return any((p := phenomena.get(slug)) is not None and p.theme == theme for slug in doc.get("phenomena") or [])


def _on(doc: dict, subj: Subject, phenomena: Phenomena) -> bool:
    if subj.kind == THEME:
        return _on_theme(doc, subj.slug, phenomena)
    return subj.slug in (doc.get("phenomena") or [])


def _dossier_json(snapshot, doc: dict, phenomena: Phenomena) -> dict:
    sections = [s for s in snapshot.catalog.sections_by_document.get(doc["id"], []) if s.get("kind") != "heading"]
    lessons = [s for s in sections if s.get("role") == LESSONS]
    signals = [s for s in sections if s.get("role") == SIGNALS]
    labels = phenomena.labels()
    return {
        "id": doc["id"], "title": doc.get("title"), "owner": doc.get("owner"), "status": doc.get("status"),
        "date": doc.get("date"), "unit": doc.get("unit"), "example": bool(doc.get("example")),
        "phenomena": [{"slug": p, "label": labels.get(p, p)} for p in doc.get("phenomena") or []],
        "themes": list(doc.get("themes") or []), "serves": list(doc.get("serves") or []),
        "lessons_total": len(lessons),
        "lessons": [{"section_id": s["id"], "text": s["text"]} for s in lessons[:SHOWN_LESSONS]],
        "signals_total": len(signals),
        "signals": [{"section_id": s["id"], "text": s["text"]} for s in signals[:SHOWN_SIGNALS]],
    }


# ---------------------------------------------------------------- ambitions and progress


def _ambition_rows(snapshot, subj: Subject, dossiers: list[dict], phenomena: Phenomena) -> list[tuple[Row, str]]:
    """The trace's rows (current plans only, KPI twins apart) on the subject, with why:
    "thema", "noemt het fenomeen" or "leerdossier" (a leerdossier on it serves it)."""
    served = {key for d in dossiers for key in d.get("serves") or []}
    out: list[tuple[Row, str]] = []
    for row in snapshot.trace.rows:
        a = row.ambition
        if a.get("kind") == "kpi":
            continue
        in_theme = subj.theme is not None and a.get("theme") == subj.theme
        if subj.kind == THEME:
            if in_theme:
                out.append((row, "thema"))
            elif key_of(a) in served or a["id"] in served:
                out.append((row, "leerdossier"))
            continue
        if in_theme and subj.slug in phenomena.named_in(a["text"]):
            out.append((row, "noemt het fenomeen"))
        elif key_of(a) in served or a["id"] in served:
            out.append((row, "leerdossier"))
    return out


def _latest(row: Row):
    """The cell of the latest report year that says something (a status other than "geen
    informatie"), else the latest cell; None while there is none."""
    if not row.cells:
        return None
    told = [y for y, c in row.cells.items() if c.status != NO_INFORMATION]
    return row.cells[max(told or row.cells)]


def _ambition_json(row: Row, why: str) -> dict:
    a, cell = row.ambition, _latest(row)
    return {
        "id": a["id"], "key": key_of(a), "plan": a["document_id"], "text": a["text"], "theme": a.get("theme"),
        "kind": a.get("kind"), "parent_id": a.get("parent_id"), "why": why,
        "status": cell.status if cell else NO_INFORMATION, "year": cell.year if cell else None,
        "source": cell.source if cell else "", "links": len(cell.progress) if cell else 0,
    }


def _progress(rows: list[tuple[Row, str]]) -> list[dict]:
    """The paragraphs that count in the ambitions' cells (in scope, confirmed or above the
    threshold: kb.trace.build), the latest report year first, the strongest first within a
    year; a paragraph on several of the ambitions once, naming them all. A leerdossier that
    the trace counts as evidence is left out here: the page lists it with its lessons."""
    found: dict[str, dict] = {}
    for row, _ in rows:
        for year, cell in row.cells.items():
            for p in cell.progress:
                if not p.counts or p.document.get("kind") == LEERDOSSIER:
                    continue
                item = found.get(p.section["id"])
                score = 1.0 + (p.score or 0.0) if p.decision is not None else (p.score or 0.0)
                if item is None:
                    item = found[p.section["id"]] = {
                        "section_id": p.section["id"], "document_id": p.section["document_id"],
                        "document_title": p.document.get("title"), "year": year, "page": p.section.get("page"),
                        "heading_path": p.section.get("heading_path") or [], "text": p.section["text"],
                        "status": p.finding.status, "confirmed": p.decision is not None, "score": score,
                        "ambitions": []}
                item["score"] = max(item["score"], score)
                a = row.ambition
                if a["id"] not in {x["id"] for x in item["ambitions"]}:
                    item["ambitions"].append({"id": a["id"], "key": key_of(a)})
    ordered = sorted(found.values(), key=lambda i: (-(i["year"] or 0), -i["score"], i["section_id"]))
    for item in ordered:
        item["score"] = round(item["score"], 4)
    return ordered[:SHOWN_PROGRESS]


# ---------------------------------------------------------------- KPI figures


def _kpis(snapshot, subj: Subject, phenomena: Phenomena) -> list[dict]:
    """The KPI norms of the subject's theme, each with its latest report year's line; on a
    phenomenon's page those whose name names the phenomenon first (`names_subject`)."""
    sections = snapshot.catalog.section_by_id
    latest: dict[str, object] = {}
    for line in snapshot.trace.scorecard:
        if subj.theme is None or line.norm.get("theme") != subj.theme:
            continue
        now = latest.get(line.norm["id"])
        if now is None or (line.year or 0) >= (now.year or 0):
            latest[line.norm["id"]] = line
    out = []
    for line in latest.values():
        d = line.to_dict()
        names = subj.kind == PHENOMENON and subj.slug in phenomena.named_in(f"{line.norm['name']} {line.norm.get('text') or ''}")
        out.append({
            "id": d["norm_id"], "plan": d["plan"], "name": d["name"], "year": d["year"],
            "plan_norm": d["plan_norm"], "said": d["said"],
            "report_norm": d["report_norm"], "value": d["value"], "unit": d["unit"], "verdict": d["verdict"],
            "met": True if d["verdict"] == MET else False if d["verdict"] == NOT_MET else None,
            "section_id": d["section_id"], "document_id": (sections.get(d["section_id"]) or {}).get("document_id"),
            "confirmed": d["confirmed"], "overridden": d["overridden"],
            "names_subject": names,
        })
    out.sort(key=lambda k: not k["names_subject"])
    return out


# ---------------------------------------------------------------- search hits


HIT_FIELDS = ("section_id", "document_id", "document_title", "kind", "heading_path", "page", "title", "snippet",
              "role", "status", "example", "document_years", "themes", "phenomena")


def _hits(snapshot, subj: Subject) -> dict:
    """The best hits for the subject's name within its filter (thema: or fenomeen:); when
    the name itself finds nothing there, the filter alone."""
    filters = {subj.kind: [subj.slug]}
    result = snapshot.search(subj.label, filters=filters, per_page=SHOWN_HITS)
    query = subj.label
    if not result.total:
        result, query = snapshot.search("", filters=filters, per_page=SHOWN_HITS), ""
    return {"query": query, "filter": subj.kind, "total": result.total,
            "items": [{k: getattr(h, k) for k in HIT_FIELDS} for h in result.hits]}
