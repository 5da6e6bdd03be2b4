"""Bytes to text for the text and HTML parsers.

Whatever is not UTF-8 text is refused with a message, in Dutch, that tells the user what is
wrong with the file and how to fix it, instead of being read as garbage.
"""

from __future__ import annotations

from kb.errors import ParseError


def decode(data: bytes) -> str:
    """Bytes to text, refusing what is not UTF-8 text with a message that says why."""
    if not data or not data.strip():
        raise ParseError("empty", "leeg bestand: er staat geen tekst in")
    if data.startswith(b"%PDF"):
        raise ParseError("unsupported", "dit is een PDF-bestand met een tekst-extensie")
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ParseError("binary", "dit is geen tekstbestand (binaire inhoud)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise ParseError(
            "encoding",
            f"geen geldige UTF-8: byte 0x{bad} op positie {exc.start}; sla het bestand op als UTF-8",
        ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
