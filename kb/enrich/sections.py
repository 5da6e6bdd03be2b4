"""From a parser's blocks to sections: stable ids, themes, years and a text fingerprint.

A section id is the document id, the slugs of its heading path and its position under that
heading: `rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/cybercrime/3`. It
stays the same when the file is ingested again, and when the paragraph's own wording is
edited (the fingerprint changes instead), so decisions about it can notice the edit.
"""

from __future__ import annotations

from kb.enrich.ids import fingerprint, heading_slug, unique_id
from kb.model import Block, Document, Section
from kb.text import normalize_space
from kb.enrich.themes import Taxonomy, assign_themes
from kb.enrich.years import section_years, year_mentions


def build_sections(doc: Document, blocks: list[Block], taxonomy: Taxonomy) -> list[Section]:
    sections: list[Section] = []
    counters: dict[str, int] = {}
    path_ids: dict[tuple[str, ...], str] = {}
    used_paths: set[str] = set()

    def path_id(path: list[str]) -> str:
        key = tuple(path)
        if key not in path_ids:
            candidate = unique_id("/".join([doc.id, *(heading_slug(h) for h in path)]), used_paths)
            used_paths.add(candidate)
            path_ids[key] = candidate
        return path_ids[key]

    for order, block in enumerate(blocks):
        text = normalize_space(block.text)
        if not text:
            continue
        if block.kind == "heading":
            key = tuple(block.heading_path + [block.text])
            # the same heading again under the same parent is a new place: forget the old one
            for old in [k for k in path_ids if k[: len(key)] == key]:
                del path_ids[old]
            sid = f"{path_id(list(key))}/0"
            own_heading = block.text
        else:
            base = path_id(block.heading_path)
            counters[base] = counters.get(base, 0) + 1
            sid = f"{base}/{counters[base]}"
            own_heading = None
        themes, source = assign_themes(block.heading_path, own_heading, text, taxonomy)
        mentions = year_mentions(text, doc)
        sections.append(
            Section(
                id=sid,
                document_id=doc.id,
                order=order,
                kind=block.kind,
                text=text,
                heading_path=list(block.heading_path),
                page=block.page,
                page_end=block.page_end,
                label=block.label,
                themes=themes,
                theme_source=source,
                years=section_years(mentions, doc),
                year_mentions=mentions,
                cells=block.cells,
                columns=block.columns,
                fingerprint=fingerprint(text),
            )
        )
    return sections
