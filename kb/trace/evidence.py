"""A leerdossier as evidence for the ambitions it names (issue 19).

A leerdossier that reports on a plan (kb.trace.scope: its unit, the year of its date,
`reports_on`) and names an ambition of that plan in `ambities` (its key, "ondermijning-4e",
as decisions and curation match ambitions) is offered as a link from that ambition to the
leerdossier in its year. The link is to the leerdossier's first section (its title heading
when it has one): the section the reader opens at, and the one an auditor's decision on the
link refers to. Its status needs no cue words: "gerealiseerd" when the leerdossier is
afgerond and the ambition asks for leerdossiers (its text has a word of [leerdossier] in
kb/data/status-cues.toml), else "lopend" (a concept, or an ambition that asks for something
else the leerdossier only helps along).

The link says what it is ("leerdossier: <title> (afgerond, 2020-11-20)"), not shared terms
and a score; it counts for its cell as a proposed link does and an auditor confirms or
rejects it like any other (kb.trace.build).
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.model import LEERDOSSIER
from kb.trace.scope import Scope

DONE = "afgerond"


def status_of(document: dict, asks: bool) -> str:
    """The status a leerdossier gives the ambition it names."""
    return "gerealiseerd" if document.get("status") == DONE and asks else "lopend"


def date_text(document: dict) -> str:
    date = document.get("date")
    return str(date)[:10] if date else ""


def explain(document: dict) -> str:
    """How the link reads: "leerdossier: <title> (afgerond, 2020-11-20)"."""
    said = ", ".join(x for x in (document.get("status") or "zonder status", date_text(document)) if x)
    return f"leerdossier: {document.get('title') or document.get('id')} ({said})"


def summary(document: dict, year: int | None, section_id: str) -> dict:
    """What the ambition page, the API and the export show of the leerdossier behind a link
    (`section_id`: where the reader opens it)."""
    return {"id": document.get("id"), "section_id": section_id, "title": document.get("title"),
            "status": document.get("status"),
            "date": date_text(document) or None, "owner": document.get("owner"), "year": year,
            "explanation": explain(document)}


def first_sections(sections: Iterable[dict], documents: set[str]) -> dict[str, dict]:
    """Per document of `documents`: its first section (the lowest `order`), the one a link to
    the whole document points at."""
    found: dict[str, dict] = {}
    for s in sections:
        doc = s["document_id"]
        if doc in documents and (doc not in found or s.get("order", 0) < found[doc].get("order", 0)):
            found[doc] = s
    return found


def unknown_keys(scope: Scope, documents: Iterable[dict], keys_of_plan: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(leerdossier, key, plan) for every key a leerdossier names in `ambities` that a plan it
    reports on does not have: said when ingesting (kb.cli.render), never an error."""
    out = []
    for d in documents:
        if d.get("kind") != LEERDOSSIER or not d.get("serves") or scope.year.get(d["id"]) is None:
            continue
        for plan in scope.plans_of(d["id"]):
            for key in d["serves"]:
                if key not in keys_of_plan.get(plan, set()):
                    out.append((d["id"], key, plan))
    return out
