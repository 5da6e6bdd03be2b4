"""The Whoosh schema over sections. SCHEMA_VERSION changes whenever a field changes;
an index of another version is rebuilt (kb.index.store)."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kb.enrich.learning import load_phenomena
from kb.index.analysis import dutch_analyzer, exact_analyzer
from kb.lang.analysis import DutchAnalysis
from kb.lang.language import DUTCH
from kb.model import LEERDOSSIER

SCHEMA_VERSION = 8  # 3: plain segment files; 4: every generation has its posting store (kb.index.fast.postings);
# 5: doc_years (the document's year or plan period) apart from mentions (years the section names),
#    section_kind searchable (bare headings rank below text), a table row's cells and columns stored;
# 6: role (a leerdossier section's role, kb.enrich.roles): facet and filter "rol";
# 7: phenomena (kb.enrich.learning) and doc_status (a leerdossier's concept/afgerond), example, and
#    topic (what a leerdossier as a whole is about, searched with each section); 8: example a keyword

HEADING_BOOST = 2.0  # a query word in a section's heading path counts double


def make_schema(analysis: DutchAnalysis) -> Schema:
    dutch = dutch_analyzer(analysis)
    return Schema(
        id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        document_title=STORED(),
        kind=ID(stored=True),  # the document's kind: plan, jaarverslag, leerdossier...
        unit=ID(stored=True),
        section_kind=ID(stored=True),
        order=STORED(),
        page=STORED(),
        heading_path=STORED(),
        cells=STORED(),  # a table row: its cells, and the names of its table's columns
        columns=STORED(),
        themes=KEYWORD(stored=True, commas=True, scorable=False),
        role=KEYWORD(stored=True, commas=True, scorable=False),  # facet and filter "rol"; "" for none
        phenomena=KEYWORD(stored=True, commas=True, scorable=False),  # facet and filter "fenomeen"
        doc_status=KEYWORD(stored=True, commas=True, scorable=False),  # a leerdossier's: facet and filter "status"
        example=KEYWORD(stored=True, scorable=False),  # "voorbeeld" for a document written as an example, else ""
        years=KEYWORD(stored=True, commas=True, scorable=False),  # the document's and the mentioned years
        doc_years=KEYWORD(stored=True, commas=True, scorable=False),  # facet and filter "jaar"
        mentions=KEYWORD(stored=True, commas=True, scorable=False),  # facet and filter "noemt"
        text=TEXT(analyzer=dutch, stored=True),
        heading=TEXT(analyzer=dutch, field_boost=HEADING_BOOST),
        topic=TEXT(analyzer=dutch),  # a leerdossier's title and phenomena, with each of its sections
        exact=TEXT(analyzer=exact_analyzer()),
    )


def section_fields(section: dict, document: dict) -> dict:
    """The index record of one section (catalog rows in, Whoosh fields out).

    A document in another language than Dutch (its `language`, kb.lang.language) is indexed
    plainly: the Dutch fields ("text", "heading": stemmer, stopwords, compound parts) get
    nothing of it, while "exact" (lower-cased, folded, nothing removed) has its words as
    always, which every query word also searches (kb.index.query); the stored text is the
    section's own."""
    heading = " / ".join(section["heading_path"])
    dutch = is_dutch(document)
    topic = learning_topic(section, document)
    return {
        "id": section["id"],
        "document_id": section["document_id"],
        "document_title": document["title"],
        "kind": document["kind"],
        "unit": document.get("unit") or "",
        "section_kind": section["kind"],
        "order": section["order"],
        "page": section.get("page"),
        "heading_path": list(section["heading_path"]),
        "themes": ",".join(section.get("themes") or []),
        "role": section.get("role") or "",
        "phenomena": ",".join(section.get("phenomena") or []),
        "doc_status": document.get("status") or "",
        "example": "voorbeeld" if document.get("example") else "",
        "cells": list(section.get("cells") or []),
        "columns": list(section.get("columns") or []),
        "years": ",".join(str(y) for y in section.get("years") or []),
        "doc_years": ",".join(str(y) for y in document_years(document)),
        "mentions": ",".join(str(y) for y in sorted({m["year"] for m in section.get("year_mentions") or []})),
        "text": section["text"] if dutch else "",
        "_stored_text": section["text"],
        "heading": heading if dutch else "",
        "topic": topic if dutch else "",
        "exact": f"{heading}\n{section['text']}",
    }


def learning_topic(section: dict, document: dict) -> str:
    """What a leerdossier as a whole is about, searched with each of its sections: its title
    (when the heading path does not start with it, as in a PDF with a title page) and the
    names of its phenomena. "witwassen vastgoed" then finds the lessons of the leerdossier on
    witwassen via vastgoed, whose own words never say so again."""
    if document.get("kind") != LEERDOSSIER:
        return ""
    names = load_phenomena().labels()
    path = section.get("heading_path") or []
    parts = [] if path and path[0] == document.get("title") else [document.get("title") or ""]
    parts += [names.get(p, p) for p in section.get("phenomena") or []]
    return " / ".join(p for p in parts if p)


def document_years(document: dict) -> list[int]:
    """The years a document is about: a report's year, a plan's period (kb.model.Document.years)."""
    if document.get("years"):
        return list(document["years"])
    period = document.get("period")
    if period:
        return list(range(period[0], period[1] + 1))
    return [document["year"]] if document.get("year") else []


def is_dutch(document: dict) -> bool:
    """Dutch, or not known (a catalog of before languages were recognised): Dutch analysis."""
    return document.get("language") in (None, DUTCH)
