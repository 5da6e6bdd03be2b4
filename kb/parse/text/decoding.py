"""Bytes to text for the text and HTML parsers.

Whatever is not UTF-8 text is refused with a message, in Dutch, that tells the user what is
wrong with the file and how to fix it, instead of being read as garbage.
"""

from __future__ import annotations

import codecs
import re

from kb.errors import ParseError
from kb.limits import setting_int

# control characters that are not layout (tab, line breaks, form feed): a stray one (a NUL
# deep inside an otherwise good file) is removed, so none reaches sections, pages or exports
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text, refusing what is not UTF-8 text with a message that says why.
    `declared`: the encoding the file names for itself (an HTML page's charset), used
    instead of UTF-8 when it is one Python knows (as browsers do, ISO-8859-1 is read as
    windows-1252, its superset)."""
    cap = setting_int("MAX_TEXT_MB")
    if cap > 0 and len(data) > cap * 1024 * 1024:
        raise ParseError("too_big", f"het bestand is {len(data) / (1024 * 1024):.0f} MB tekst, meer dan de {cap} MB die "
                         "wordt ingelezen (KB_MAX_TEXT_MB); dit lijkt geen gewoon document")
    if not data or not data.strip():
        raise ParseError("empty", "leeg bestand: er staat geen tekst in")
    if data.startswith(b"%PDF"):
        raise ParseError("unsupported", "dit is een PDF-bestand met een tekst-extensie")
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    everywhere = len(data) - len(data.translate(None, _CONTROL_BYTES))  # the whole file, not its start
    if b"\x00" in sample or controls > len(sample) * 0.05 or everywhere > len(data) * 0.05:
        raise ParseError("binary", "dit is geen tekstbestand (binaire inhoud)")
    encoding = _known(declared) or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise ParseError("encoding", f"het bestand zegt {declared} te zijn, maar byte "
                             f"0x{data[exc.start:exc.start + 1].hex()} op positie {exc.start} past daar niet in") from None
        bad = data[exc.start : exc.start + 1].hex()
        raise ParseError(
            "encoding",
            f"geen geldige UTF-8: byte 0x{bad} op positie {exc.start}; sla het bestand op als UTF-8",
        ) from None
    return _CONTROLS.sub("", text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


def _known(declared: str | None) -> str | None:
    """The Python codec of a declared encoding, or None (unknown, or UTF-8 anyway)."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().lower()).name
    except LookupError:
        return None
    return {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}.get(name, name) if name != "utf-8" else None
