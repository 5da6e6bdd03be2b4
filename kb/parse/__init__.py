"""Parsers: one module per format, each a pure function from bytes to a ParsedDocument.

`parse_bytes` picks the parser by file extension and checks the content agrees with it.
"""

from __future__ import annotations

from kb.model import ParsedDocument
from kb.errors import ParseError

SUPPORTED = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}


def parse_bytes(data: bytes, suffix: str) -> ParsedDocument:
    fmt = SUPPORTED.get(suffix.lower())
    if fmt is None:
        raise ParseError("unsupported", f"bestandstype '{suffix or '(geen extensie)'}' wordt niet ondersteund "
                         f"(wel: {', '.join(sorted(SUPPORTED))})")
    if not data:
        raise ParseError("empty", "leeg bestand (0 bytes)")
    if fmt == "pdf":
        from kb.parse.pdf import parse_pdf

        return parse_pdf(data)
    if data.lstrip()[:5] == b"%PDF-":
        raise ParseError("unsupported", f"dit is een PDF-bestand met extensie '{suffix}'; hernoem het naar .pdf")
    if fmt == "html":
        from kb.parse.html import parse_html

        return parse_html(data)
    from kb.parse.text import parse_text

    return parse_text(data, markdown=suffix.lower() == ".md")
