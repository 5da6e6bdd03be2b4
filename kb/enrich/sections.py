"""From a parser's blocks to sections: stable ids, themes, years, a leerdossier's roles and a
text fingerprint.

A section id is the document id, the slugs of its heading path and its position under that
heading: `rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/cybercrime/3`. It
stays the same when the file is ingested again, and when the paragraph's own wording is
edited (the fingerprint changes instead), so decisions about it can notice the edit.

A paragraph longer than MAX_SECTION_CHARS becomes several sections (`split_long`), each
with the next position under its heading; the document's warnings say how many were split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kb.enrich.ids import fingerprint, heading_slug, unique_id
from kb.model import Block, Document, Section
from kb.text import normalize_space
from kb.enrich.roles import assign_roles
from kb.enrich.themes import Taxonomy, assign_themes
from kb.enrich.years import section_years, year_mentions

MAX_SECTION_CHARS = 20_000
"""The longest section an ingest makes. A paragraph beyond it (a text file of one line, a
PDF without paragraph breaks) is split at sentence ends, else between words, else hard: every
search, snippet, highlight and index step on a section then costs a bounded amount, where
one 45 MB section used to keep a web worker busy for good."""

_SENTENCE_END = re.compile(r"[.!?…][)\]\"'”’]*\s")


def split_long(text: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, each cut after the last sentence end
    in its second half, else at the last space there, else at the limit. Linear in the text."""
    pieces: list[str] = []
    pos = 0
    while len(text) - pos > limit:
        lo, hi = pos + limit // 2, pos + limit
        cut = None
        for m in _SENTENCE_END.finditer(text, lo, hi + 1):  # the last sentence end in [lo, hi]
            cut = m.end() - 1
        if cut is None:
            space = text.rfind(" ", lo, hi + 1)
            cut = space if space > pos else hi
        piece = text[pos:cut].strip()
        if piece:
            pieces.append(piece)
        pos = cut
    rest = text[pos:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _bounded(blocks: list[Block], split: list[int]) -> Iterator[tuple[int, Block, str]]:
    """(order, block, its normalised text) with every text at most MAX_SECTION_CHARS long: a
    longer one as several blocks, the second and later ones paragraphs (a heading keeps its
    first piece, and headings above a block are cut to theirs). `split` counts the split ones.
    The order of a block after a split moves up by the pieces added, so it stays unique."""
    extra = 0
    for order, block in enumerate(blocks):
        text = normalize_space(block.text)
        if not text:
            continue
        if any(len(h) > MAX_SECTION_CHARS for h in block.heading_path):
            block = replace(block, heading_path=[_first_piece(h) for h in block.heading_path])
        if len(text) <= MAX_SECTION_CHARS:
            yield order + extra, block, text
            continue
        split[0] += 1
        pieces = split_long(text)
        for n, piece in enumerate(pieces):
            if n == 0:
                yield order + extra, replace(block, text=piece) if block.kind == "heading" else block, piece
            else:
                extra += 1
                path = [*block.heading_path, pieces[0]] if block.kind == "heading" else block.heading_path
                kind = "paragraph" if block.kind == "heading" else block.kind
                yield order + extra, replace(block, kind=kind, text=piece, heading_path=path, level=None, label=None,
                                             cells=None, columns=None), piece


def _first_piece(heading: str) -> str:
    """A heading as `_bounded` keeps it: its first piece when it is too long."""
    if len(heading) <= MAX_SECTION_CHARS:
        return heading
    return split_long(normalize_space(heading[:2 * MAX_SECTION_CHARS]))[0]


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

    split = [0]
    for order, block, text in _bounded(blocks, split):
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
                ocr_confidence=block.ocr_confidence,
            )
        )
    assign_roles(doc, sections)
    if split[0]:
        what = "alinea" if split[0] == 1 else "alinea's"
        doc.warnings.append(f"{split[0]} te lange {what} (meer dan {MAX_SECTION_CHARS} tekens) gesplitst in meerdere secties")
    return sections
