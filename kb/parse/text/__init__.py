"""Plain text to blocks, for two kinds of text.

* **clean** text, written as such (`clean`): one paragraph a line, headings as plain lines,
  chapter numbers on their own line, tab-separated tables (the plan seed); markdown too;
* **wrapped** text, extracted from a (two-column) PDF elsewhere (`wrapped`): lines broken at
  the column width, words hyphenated across lines, print slugs and page numbers, running
  headers dropped into the middle of paragraphs, tables flattened into lines of figures
  (the report seed).

Both produce `units.Unit`s classified by the rules in `rules`, and end in the same heading
levels (`levels`) and the shared outline builder.
"""

from __future__ import annotations

from kb.errors import ParseError
from kb.model import ParsedDocument
from kb.parse.frontmatter import split_front_matter
from kb.parse.outline import build_outline
from kb.parse.text.clean import clean_units
from kb.parse.text.decoding import decode
from kb.parse.text.dump import strip_link_furniture
from kb.parse.text.levels import assign_levels
from kb.parse.text.markdown import markdown_lines
from kb.parse.text.site import drop_site_furniture
from kb.parse.text.wrapped import is_viewer_text, is_wrapped, reflow_viewer_text, wrapped_units

__all__ = ["decode", "parse_text"]


def parse_text(data: bytes, markdown: bool = False) -> ParsedDocument:
    """Parse UTF-8 text (clean or wrapped) into blocks with heading paths.

    With `markdown`, "#"-headings give the outline directly, and a YAML front matter is read
    as the document's metadata (`front_matter`).
    """
    text = decode(data)
    front = None
    if markdown:
        front, text = split_front_matter(text)
    lines = text.split("\n")
    if markdown:  # escapes, attributes, links, footnotes: Markdown syntax, no text
        lines = markdown_lines(lines)
    else:  # a text browser's dump of a web page: link markers and the list of links
        lines = strip_link_furniture(lines)
    lines = drop_site_furniture(lines)  # text copied from a document-sharing site
    wrapped = not markdown and is_wrapped(lines)
    if wrapped and is_viewer_text(lines, wrapped):  # copied from a PDF viewer: re-flowed to clean text
        units = clean_units(reflow_viewer_text(lines))
    elif wrapped:
        units = wrapped_units(lines)
    else:
        units = clean_units(lines, markdown=markdown)
    blocks = build_outline(assign_levels(units))
    if not any(b.text for b in blocks):
        raise ParseError("no_text", "geen leesbare tekst gevonden")
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    pages = max((b.page_end or b.page or 0 for b in blocks), default=0) or None
    return ParsedDocument(blocks=blocks, title=title, pages=pages, warnings=[], front_matter=front)
