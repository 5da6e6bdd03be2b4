"""List-item patterns ("•", "-", "1.", "a)", "A."), kept in one place for the text and the
PDF parser.

Each pattern captures the item's text in its last group (and the number or letter, when it
has one, in the first). The two parsers do not accept exactly the same markers, and the
difference is deliberate; see `PDF_BULLET` and `PDF_NUMBERED`.
"""

from __future__ import annotations

import re

from kb.text import DECIMAL

GLYPHS = "•●▪◦·■□‣⁃"


def _bullet(glyphs: str) -> re.Pattern:
    """A bullet glyph, or a dash followed by white space ("- item"; "-5" or "–smokkel" is no item)."""
    return re.compile(rf"^\s*(?:[{glyphs}]|[-–—](?=\s))\s*(.*)$")


BULLET = _bullet(GLYPHS)
# The PDF parser also takes U+F0B7: the bullet of the Symbol font, which pdfplumber returns
# as that private-use code point. The text parser does not: a line of text starting with it
# stays a paragraph there, and accepting it would turn such lines into bullets.
PDF_BULLET = _bullet(GLYPHS + "\uf0b7")

NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")  # "7. item", "12) item"
LETTERED = re.compile(r"^\s*(?:[-–•]\s*)?([a-z])[.)]\s+(\S.*)$")  # "a. item", "- b) item"
UPPER_LETTERED = re.compile(r"^\s*([A-H])\.\s+(\S.*)$")  # "A. Heading" (a lettered section)
# The PDF parser reads a number or a lower-case letter as one kind of item; unlike LETTERED
# it takes no dash before the letter ("-a. item" is no item there).
PDF_NUMBERED = re.compile(r"^\s*(\d{1,2}|[a-z])[.)]\s+(\S.*)$")

# A decimal number without a full stop before a capital: a plan's numbered result under its
# chapter, as a list ("1.1 Elk signaal ...", the number typed into the item); "18.00 uur" is a time.
DECIMAL_LABELLED = re.compile(rf"^\s*({DECIMAL})\s+([A-ZÀ-Ý].*)$")


def decimal_label(text: str) -> tuple[str, str] | None:
    """("1.1", "Elk signaal ...") for "1.1 Elk signaal ..."; None otherwise. A label with its own
    full stop or bracket ("1.", "1.2.", "a)") is read by the patterns above."""
    m = DECIMAL_LABELLED.match(text)
    return (m.group(1), m.group(2)) if m else None


# Markdown list items, with their indentation (the nesting level) in the first group:
# "  * item", "+ item", "- item" (marker in the second group, text in the third) and
# "   2. item" (number in the second group).
MD_BULLET = re.compile(r"^(\s*)([*+-])\s+(\S.*)$")
MD_NUMBERED = re.compile(r"^(\s*)(\d{1,2})[.)]\s+(\S.*)$")
