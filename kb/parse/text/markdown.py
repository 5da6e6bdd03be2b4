"""Markdown syntax that is no text, taken out before the structure is read: what a converter
such as `pandoc -f docx -t markdown` writes around the words.

* **backslash escapes** (`\\.`, `\\-`, `\\@`, `\\[`): the character itself. An escape at the start
  of a line keeps that line from being read as a list item or heading, so it stays until the
  line's text is known (`unescape` on the units' text), with one exception: a number escaped
  at the start of a paragraph ("1\\. Waarneming en duiding") is a number the author typed by
  hand in the word processor, a list item like any other ("1. Waarneming en duiding");
* **attributes**: `{#slug}` after a heading, empty anchor spans `[]{#_Toc123 .anchor}`, spans
  `[tekst]{.underline}`; fenced div markers (`::: {custom-style="Title"}`, `:::`);
* **links and images**: `[tekst](url)` is its text, `<https://...>` its address;
* **footnotes**: a reference `[^1]` goes, a definition `[^1]: tekst` (with its indented
  lines) becomes a footnote line "¹ tekst", as clean text writes footnotes;
* **smart punctuation**: `--` between words or figures is an en dash, `---` an em dash;
* a backslash at a line end (a hard line break) goes.
"""

from __future__ import annotations

import re

from kb.parse.cleanup import digits_to_superscript

ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
_LEAD_ESCAPE = re.compile(r"^(\s*(?:\d{1,3})?\\[!-/:-@\[-`{-~])")  # "\- ...", "12\. ..." at a line start
_HAND_NUMBER = re.compile(r"^(\s*)(\d{1,2})\\([.)])(\s+\S.*)$")  # "1\. Waarneming"
_ATTRS = re.compile(r"\s*\{[#.][^{}\n]*\}\s*$")  # "## Kop {#kop .unnumbered}"
_EMPTY_SPAN = re.compile(r"\[\]\{[^{}\n]*\}")  # "[]{#_Toc529351743 .anchor}"
_SPAN = re.compile(r"\[([^\[\]\n]+)\]\{[^{}\n]*\}")  # "[tekst]{.underline}"
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
_LINK = re.compile(r"(?<!\\)\[([^\[\]\n^]+)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_NOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_NOTE_DEF = re.compile(r"^\[\^(\d{1,2})\]:\s*(.*)$")
_FENCE_DIV = re.compile(r"^\s*:{3,}(\s*\{[^{}]*\}|\s*[\w-]+)?\s*$")
_RULE_LINE = re.compile(r"^[\s|:=*_+-]*$")  # table rules, thematic breaks, setext underlines


def unescape(text: str) -> str:
    """Markdown's backslash escapes undone ("FIT\\@NP" -> "FIT@NP")."""
    return ESCAPED.sub(r"\1", text) if "\\" in text else text


def _inline(line: str) -> str:
    """One line's inline markup undone, but an escape that starts the line kept."""
    line = _EMPTY_SPAN.sub("", line)
    line = _SPAN.sub(r"\1", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _NOTE_REF.sub("", line)
    if line.endswith("\\") and not line.endswith("\\\\"):
        line = line[:-1].rstrip()  # a hard line break
    line = re.sub(r"(?<=[\w\s])---(?=[\w\s])", "—", line)
    line = re.sub(r"(?<=[\w\s])--(?=[\w\s])", "–", line)
    if "\\" in line:
        m = _LEAD_ESCAPE.match(line)
        lead = m.group(1) if m else ""
        line = lead + ESCAPED.sub(lambda e: e.group(0) if e.group(1) == "|" else e.group(1), line[len(lead):])
    return line


def markdown_lines(lines: list[str]) -> list[str]:
    """The lines of a Markdown file with the syntax above taken out (as many lines: line
    numbers stay)."""
    out: list[str] = []
    note: int | None = None  # the line of the footnote definition being read
    for i, line in enumerate(lines):
        blank_before = i == 0 or not lines[i - 1].strip()
        if note is not None:
            if line.strip() and (line[:1] in " \t" or not blank_before):
                out[note] = f"{out[note]} {_inline(line.strip())}".strip()
                out.append("")
                continue
            note = None
        if _FENCE_DIV.match(line):
            out.append("")
            continue
        if _RULE_LINE.match(line):
            out.append(line)
            continue
        if m := _NOTE_DEF.match(line):
            note = len(out)
            out.append(f"{digits_to_superscript(m.group(1))} {_inline(m.group(2))}".rstrip())
            continue
        if line.lstrip().startswith("#"):
            line = _ATTRS.sub("", line)
        line = _inline(line)
        if blank_before and (m := _HAND_NUMBER.match(line)):
            line = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}"  # a number typed by hand
        out.append(line)
    return out
