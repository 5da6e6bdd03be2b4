"""A web page dumped as text by a text browser (`lynx -dump`, `w3m -dump`, `links -dump`):
link furniture taken out before the structure is read.

Such a dump numbers every link in the text ("criminaliteit[7]3", "[1]Politie  [2]Mijn
buurt") and lists the addresses at the end, under "References" (lynx) or "Links:"; none of
it is the page's text:

* the **References list** (its heading and the numbered addresses under it) goes;
* a **link marker** `[n]` goes; when link n points into the page itself (`#fn3`) and its text
  is a bare number, that number is a footnote reference and is written as a superscript
  ("criminaliteit³"), as clean text writes it;
* a line made only of links ("[1]Politie  [2]Mijn buurt  [3]Informatie") is the site's
  navigation and goes;
* a paragraph at the end that starts with the number of such a footnote reference
  ("   3 Tops en Van der Torre ...") is that footnote, written "³ Tops en ...".

Nothing changes in a text without a References list: "[1]" in ordinary text stays.
"""

from __future__ import annotations

import re

from kb.parse.cleanup import digits_to_superscript

REFERENCES = re.compile(r"^\s*(references|links|visible links|hidden links)\s*:?\s*$", re.IGNORECASE)
REFERENCE = re.compile(r"^\s*(\d{1,4})\.\s+(\S+:\S*|\S*/\S*)\s*$")  # "  12. https://www.politie.nl/"
MARKER = re.compile(r"\[(\d{1,4})\]")
_NOTE_MARKER = re.compile(r"\[(\d{1,4})\](\d{1,2})(?!\d)")  # "[7]3": a link whose text is a number
_LINK_PIECE = re.compile(r"^\[\d{1,4}\]\S")  # a piece of a navigation line: "[2]Mijn buurt"
_NOTE_TEXT = re.compile(r"^(\s*)(\d{1,2})\s+(\S.*)$")


def _references(lines: list[str]) -> tuple[int, dict[int, str]] | None:
    """(line of the heading, number -> address) of the list of links at the end, or None."""
    for i in range(len(lines) - 1, -1, -1):
        if not REFERENCES.match(lines[i]):
            continue
        refs: dict[int, str] = {}
        for line in lines[i + 1:]:
            if not line.strip():
                continue
            m = REFERENCE.match(line)
            if m is None:
                return None  # text after the list: no list of links
            refs[int(m.group(1))] = m.group(2)
        return (i, refs) if refs else None
    return None


def strip_link_furniture(lines: list[str]) -> list[str]:
    """The lines of a text-browser dump without its link furniture (see above); other text
    as it is. Lines are blanked, not removed."""
    found = _references(lines)
    if found is None:
        return lines
    at, refs = found
    out = list(lines[:at]) + [""] * (len(lines) - at)
    notes: set[str] = set()
    last_ref = -1
    for i, line in enumerate(out):
        if "[" not in line:
            continue
        pieces = [p for p in re.split(r"\s{2,}", line.strip()) if p]
        if len(pieces) >= 2 and all(_LINK_PIECE.match(p) and int(MARKER.match(p).group(1)) in refs for p in pieces):
            out[i] = ""  # the site's navigation
            continue

        def note(m: re.Match) -> str:
            nonlocal last_ref
            if "#" in refs.get(int(m.group(1)), ""):
                notes.add(m.group(2))
                last_ref = i
                return digits_to_superscript(m.group(2))
            return m.group(0)

        line = _NOTE_MARKER.sub(note, line)
        out[i] = MARKER.sub(lambda m: "" if int(m.group(1)) in refs else m.group(0), line)
    # the footnotes' own text, after the last reference to one
    for i in range(last_ref + 1, at):
        before = out[i - 1] if i else ""
        if (m := _NOTE_TEXT.match(out[i])) and m.group(2) in notes and not before.strip():
            out[i] = f"{m.group(1)}{digits_to_superscript(m.group(2))} {m.group(3)}"
    return out
