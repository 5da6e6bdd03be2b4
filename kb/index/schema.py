"""The Whoosh schema over sections. SCHEMA_VERSION changes whenever a field changes;
an index of another version is rebuilt (kb.index.store)."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kb.index.analysis import dutch_analyzer, exact_analyzer
from kb.lang.analysis import DutchAnalysis
from kb.lang.language import DUTCH

SCHEMA_VERSION = 4  # 3: plain segment files; 4: every generation has its posting store (kb.index.fast.postings)

HEADING_BOOST = 2.0  # a query word in a section's heading path counts double


def make_schema(analysis: DutchAnalysis) -> Schema:
    dutch = dutch_analyzer(analysis)
    return Schema(
        id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        document_title=STORED(),
        kind=ID(stored=True),  # the document's kind: plan, jaarverslag, leerdossier...
        unit=ID(stored=True),
        section_kind=STORED(),
        order=STORED(),
        page=STORED(),
        heading_path=STORED(),
        themes=KEYWORD(stored=True, commas=True, scorable=False),
        years=KEYWORD(stored=True, commas=True, scorable=False),
        text=TEXT(analyzer=dutch, stored=True),
        heading=TEXT(analyzer=dutch, field_boost=HEADING_BOOST),
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
        "years": ",".join(str(y) for y in section.get("years") or []),
        "text": section["text"] if dutch else "",
        "_stored_text": section["text"],
        "heading": heading if dutch else "",
        "exact": f"{heading}\n{section['text']}",
    }


def is_dutch(document: dict) -> bool:
    """Dutch, or not known (a catalog of before languages were recognised): Dutch analysis."""
    return document.get("language") in (None, DUTCH)
