"""What extraction (and the curation sidecar) made of one plan, as plain data: per ambition
its key, kind, theme, page, where it came from (the rule: `origin`, and the heading path)
and its text; counts per kind and per origin; the plan's versions; the ingest's warnings
about its ambitions. `kb ambitions` prints it, /plannen/<id> and /api/plans/<id> answer it,
so every form gives the same fields.
"""

from __future__ import annotations

from collections import Counter

from kb.enrich.curation import SIDECAR_SUFFIX
from kb.errors import KbError


KINDS = ("doel", "pijler", "item", "opdracht", "kpi")
NO_ORIGIN = "(onbekend)"  # rows of before `origin` was stored, and KPI norms from a plan's table


def choose_plan(plans: dict[str, dict], wanted: str | None) -> str:
    """The id of the plan `wanted` names: its document id, or a unique start of it; none
    when the catalog has exactly one plan. A KbError (404) with the plans otherwise."""
    known = sorted(plans)
    listing = ", ".join(known) or "geen"
    if not known:
        raise KbError("er zijn nog geen plannen in de catalogus; lees eerst een plan in met `kb ingest` "
                      "(een document met kind = \"plan\" in zijn metadata)", status=404)
    if not wanted:
        if len(known) == 1:
            return known[0]
        raise KbError(f"er zijn {len(known)} plannen; noem er één (of het begin van de id): {listing}", status=400)
    wanted = wanted.strip()
    if wanted in plans:
        return wanted
    found = [p for p in known if p.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise KbError(f"'{wanted}' past bij meer dan één plan: {', '.join(found)}", status=400)
    raise KbError(f"onbekend plan '{wanted}' (plannen: {listing})", status=404)


def version_row(doc: dict) -> dict:
    newer = doc.get("superseded_by")
    return {
        "id": doc["id"],
        "title": doc.get("title"),
        "date": doc.get("date"),
        "current": not newer,
        "superseded_by": newer,
        "supersedes": doc.get("supersedes"),
        "status": "huidige versie" if not newer else f"oudere versie van {newer}",
    }


def ambition_warnings(doc: dict) -> list[str]:
    """The ingest's warnings on this document that concern its ambitions: the sidecar's."""
    return [w for w in doc.get("warnings") or [] if SIDECAR_SUFFIX in w or "ambiti" in w.lower()]


def plan_summary(snapshot, plan_id: str) -> dict:
    """One plan as the overview lists it: its document fields, versions and counts per kind."""
    plans = snapshot.plans
    doc = plans.plans[plan_id]
    rows = [a for a in snapshot.catalog.ambitions if a["document_id"] == plan_id]
    return {
        "id": plan_id,
        "title": doc.get("title"),
        "unit": doc.get("unit"),
        "period": doc.get("period"),
        "date": doc.get("date"),
        "path": doc.get("path"),
        "current": not doc.get("superseded_by"),
        "status": version_row(doc)["status"],
        "versions": [version_row(v) for v in plans.versions(plan_id)],
        "total": len(rows),
        "kinds": dict(Counter(a["kind"] for a in rows).most_common()),
    }


def plan_listing(snapshot, plan_id: str, kind: str | None = None) -> dict:
    """What `kb ambitions PLAN --json` prints: the plan, its versions, the counts per kind and
    per origin (of all its ambitions), its ambitions (of `kind` only when given) and the
    ingest's warnings about them. `plan_id` must be a plan (see `choose_plan`)."""
    doc = snapshot.catalog.document_by_id[plan_id]
    sections = snapshot.catalog.section_by_id
    summary = plan_summary(snapshot, plan_id)
    rows = [a for a in snapshot.catalog.ambitions if a["document_id"] == plan_id]
    ambitions = []
    for a in rows:
        if kind and a["kind"] != kind:
            continue
        first = sections.get(a["section_ids"][0]) if a.get("section_ids") else None
        ambitions.append({
            "id": a["id"],
            "key": a.get("key") or a["id"].split(":", 1)[-1],
            "kind": a["kind"],
            "theme": a.get("theme"),
            "page": first.get("page") if first else None,
            "origin": a.get("origin") or "",
            "heading_path": a.get("heading_path") or [],
            "text": a["text"],
            "section_ids": a.get("section_ids") or [],
            "parent_id": a.get("parent_id"),
        })
    return {
        "plan": {k: summary[k] for k in ("id", "title", "unit", "period", "date", "path", "current", "status")},
        "versions": summary["versions"],
        "counts": {
            "total": len(rows),
            "kind": summary["kinds"],
            "origin": dict(Counter(a.get("origin") or NO_ORIGIN for a in rows).most_common()),
        },
        "filter": {"kind": kind},
        "warnings": ambition_warnings(doc),
        "ambitions": ambitions,
    }
