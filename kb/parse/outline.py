"""Turn a flat run of blocks with heading levels into blocks with heading paths.

Every parser decides heading levels its own way (font size, h1-h6, text rules); the
outline they produce is built here, once.
"""

from __future__ import annotations

import re

from kb.model import Block
from kb.text import fold


def heading_key(text: str) -> str:
    """A heading reduced to letters and digits, with a line-break hyphen ("veiligheids- thema's")
    undone: chapter covers and tables of contents repeat titles in slightly other forms."""
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"(\w)- (\w)", r"\1\2", text)))


def _same_heading(a: str, b: str) -> bool:
    return heading_key(a) == heading_key(b)


def build_outline(blocks: list[Block]) -> list[Block]:
    """Fill in `heading_path` for every block and drop headings that carry nothing.

    A heading repeated right after itself (a chapter cover followed by the chapter) is kept
    once; a heading followed directly by a heading of the same or a higher level (a cover
    page, an empty divider) is dropped.
    """
    cleaned: list[Block] = []
    for b in blocks:
        if (
            b.kind == "heading"
            and cleaned
            and cleaned[-1].kind == "heading"
            and _same_heading(cleaned[-1].text, b.text)
        ):
            # keep the later copy's text: a cover often carries a line-break hyphen
            cleaned[-1].level = min(cleaned[-1].level or 1, b.level or 1)
            cleaned[-1].text = b.text
            continue
        cleaned.append(b)

    kept: list[Block] = []
    for i, b in enumerate(cleaned):
        if b.kind == "heading":
            nxt = next((c for c in cleaned[i + 1 :]), None)
            if nxt is None or (nxt.kind == "heading" and (nxt.level or 1) <= (b.level or 1)):
                later = any(c.kind == "heading" and _same_heading(c.text, b.text) for c in cleaned[i + 1 :])
                if later:
                    continue  # a cover page: the heading comes again with its text
                b = Block(kind="paragraph", text=b.text, page=b.page, page_end=b.page_end)
        kept.append(b)

    stack: list[tuple[int, str]] = []
    for b in kept:
        if b.kind == "heading":
            level = b.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            b.heading_path = [t for _, t in stack]
            stack.append((level, b.text))
        else:
            b.heading_path = [t for _, t in stack]
    return kept
