"""Kennis: a page per theme and per phenomenon (/kennis/<slug>, JSON twin /kennis/<slug>.json)
with its leerdossiers and their lessons, the plan's ambitions on it and their latest status,
the latest progress paragraphs, its KPI figures and the best search hits; /kennis lists them
all. The context comes whole from kb.knowledge; this module only adds links."""

from __future__ import annotations

from flask import Blueprint, url_for

from kb.knowledge import knowledge_index, knowledge_page
from web.library import get_snapshot
from web.pages import page
from web.search import anchor, role_labels

bp = Blueprint("knowledge", __name__)


@page(bp, "/kennis", "knowledge_index.html")
def index():
    return knowledge_index(get_snapshot())


@page(bp, "/kennis/<slug>", "knowledge.html")
def subject(slug: str):
    return knowledge_page(get_snapshot(), slug)


@bp.context_processor
def links():
    """Addresses the knowledge pages link to (the JSON twin holds ids, the page links)."""

    def section_url(document_id: str, section_id: str) -> str:
        return url_for("documents.reader", doc_id=document_id, _anchor=anchor(section_id))

    def hits_url(kind: str, slug: str, query: str) -> str:
        """The same search on the search page, where it can be refined."""
        return url_for("search.results", q=query or None, **{kind: slug})

    return {"section_url": section_url, "hits_url": hits_url, "role_names": role_labels()}


@bp.app_template_global("knowledge_url")
def knowledge_url(slug: str) -> str:
    """The knowledge page of a theme or phenomenon, for links from other pages."""
    return url_for("knowledge.subject", slug=slug)
