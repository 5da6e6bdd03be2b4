"""The other units' plans (tests/helpers/other_plans.py) as printed PDFs, in the style of
tests/helpers/render_pdf.py: a cover, a table of contents with page numbers, bold headings in
16/13/11 pt (the fourth level in bold body size) over 10 pt body text, numbered and lettered
items with their label in a cell of its own and a hanging indent (lettered items under a
numbered one indented once more), a running header with the title and page numbers.

    data = render_other_plan("speerpunten")

The PDF is written from the blocks the text parser gives for the plan's own file, so its
structure is the one the text form has; only the way it is printed differs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from helpers.other_plans import plan_file
from helpers.render_pdf import _write

from kb.enrich.profiles import load_structure
from kb.model import Block
from kb.parse import parse_bytes

CHAPTER = re.compile(r"^\d{1,2}\.?\s+\S")  # "2 Speerpunten", "2. Jeugd en veiligheid"


def plan_blocks(which: str) -> list[Block]:
    """The plan's blocks as its own file gives them, with the levels a printed plan gives its
    headings: the title on the cover, numbered chapters 16 pt, a numbered theme ("Speerpunt 1
    Huiselijk geweld", a line of its own in the text file) 13 pt, the blocks under it
    ("Ambitie", "Wat willen we bereiken?") 11 pt."""
    name, data = plan_file(which)
    blocks = parse_bytes(data, Path(name).suffix).blocks
    structure = load_structure().defaults
    out = [replace(blocks[0], level=1)]
    theme = False
    for b in blocks[1:]:
        if b.kind == "paragraph" and structure.theme_number(b.text) and len(b.text) < 90:
            out.append(replace(b, kind="heading", level=2))
            theme = True
        elif b.kind == "heading":
            if CHAPTER.match(b.text) or (b.level or 1) <= 2 and not structure.block_for(b.text):
                theme = False
                level = 1
            else:
                level = 3 if theme else 2
            out.append(replace(b, level=level))
        else:
            out.append(b)
    return out


def render_other_plan(which: str, columns: int = 1) -> bytes:
    """One of the plans ("ivp", "prioriteiten", "speerpunten") as a printed PDF; rendered twice
    so that the contents has the right page numbers."""
    blocks = plan_blocks(which)
    first = _write(blocks, columns, None, monitor_table=False)
    w = _write(blocks, columns, first.toc, monitor_table=False)
    return bytes(w.pdf.output())
