"""Renderings of the bundled plan as other text sources would give it (issue 15):

* `markdown(blocks)`: Markdown in another dialect than the bundled text: ATX headings, some
  without the space ("####Kop"), `*` and `+` bullets, sub-items as nested lists (indented
  `*`/`+` items or a nested numbered list), and the tables with a header row as pipe tables;
* `hard_wrapped(text)`: the bundled text as an e-mail or a text editor saves it, every line
  broken at 100 characters, a list item's next lines indented under its text (a table,
  tabbed or piped, stays as it is);
* `shared_site(blocks)`: text copied from a document-sharing site: the site's lines at the
  top, the bottom and between pages (some from kb/data/site-furniture.toml, some only
  repeated), a blank line between all blocks, page markers ("(12)", "- 13 -", "Pagina 14 van
  40"), paragraphs cut at a page break (some mid-word), a table of contents with page numbers
  (some with dot leaders) and the figure tables with their columns separated by spaces.

Both start from the blocks the text parser gives for the bundled plan (`plan_blocks`), so the
structure is the one the bundled text has; what changes is only how it is written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers.paths import DOCUMENTS, PLAN_ID

from kb.model import Block
from kb.parse.cleanup import SUPERSCRIPT_DIGITS
from kb.parse.text import parse_text

PLAN_TXT = DOCUMENTS / f"{PLAN_ID}.txt"
PLAN_META = DOCUMENTS / f"{PLAN_ID}.meta.toml"
SITE = "docdeel.nl"

# the site's lines: at the top, between pages, at the bottom (the first ones match
# kb/data/site-furniture.toml; the site name and the title line only repeat)
TOP = [
    "Ga naar de inhoud",
    SITE,
    "Zoeken in document",
    "Strategische thema's veiligheid 2019 – 2022 | " + SITE,
    "Geüpload door veiligheidsregio_archief",
    "1.284 weergaven",
    "Delen · Downloaden · Opslaan",
    "Wij gebruiken cookies om de site te verbeteren en advertenties te tonen. Lees meer in ons cookiebeleid.",
    "Alle cookies accepteren",
    "Cookie-instellingen",
    "Bezig met laden…",
]
BETWEEN = [
    ["Strategische thema's veiligheid 2019 – 2022 | " + SITE, "Delen", "Downloaden"],
    [SITE, "Bezig met laden…", "Copied!"],
    ["Strategische thema's veiligheid 2019 – 2022 | " + SITE, "Downloaden", "No results found"],
]
BOTTOM = ["Gerelateerde documenten", "Is deze inhoud ongepast?", "Rapporteer dit document",
          SITE, "Privacybeleid", "Gebruiksvoorwaarden", "© 2023 " + SITE + ". Alle rechten voorbehouden."]
FURNITURE = set(TOP) | {line for page in BETWEEN for line in page} | set(BOTTOM)


def plan_blocks() -> list[Block]:
    return parse_text(PLAN_TXT.read_bytes()).blocks


def write_rendering(folder: Path, text: str, suffix: str) -> Path:
    """The rendering named like the plan, with the plan's metadata beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{PLAN_ID}{suffix}"
    path.write_text(text, encoding="utf-8")
    shutil.copy(PLAN_META, folder / PLAN_META.name)
    return path


def _footnote(b: Block) -> str:
    digits = "".join(SUPERSCRIPT_DIGITS[int(d)] for d in (b.label or "1"))
    return f"{digits} {b.text}"


def _figures(b: Block) -> bool:
    return any(re.search(r"\d", c) for c in (b.cells or [])[1:])


def _tables(blocks: list[Block]) -> list[tuple[int, int]]:
    """(start, end) of each table: a run of rows, a new table where rows without figures
    (a header) follow rows with figures."""
    runs, k = [], 0
    while k < len(blocks):
        if blocks[k].kind != "table_row":
            k += 1
            continue
        end = k + 1
        while end < len(blocks) and blocks[end].kind == "table_row" and not (
            not _figures(blocks[end]) and _figures(blocks[end - 1]) and len(blocks[end].cells or []) > 2
        ):
            end += 1
        runs.append((k, end))
        k = end
    return runs


def _header(rows: list[Block]) -> tuple[list[str] | None, list[Block]]:
    """The column names of a table, as wide as its rows, and the rows under them: the
    parser's column names, or the table's own rows without figures at its top (one, or two:
    "Formatie Wijkagenten  District  Totaal" over "A B C D E F")."""
    width = max(len(r.cells or []) for r in rows)
    top = []
    while len(top) < 2 and len(top) < len(rows) - 1 and not _figures(rows[len(top)]) and len(rows[len(top)].cells or []) > 2:
        top.append(rows[len(top)].cells or [])
    names = rows[0].columns if rows[0].columns and not top else (top[0] if top else None)
    if names and len(names) == width:
        return names, rows[len(top[:1]):]
    if names and len(top) == 2 and len(top[1]) + 2 == width:
        return [names[0], *top[1], names[-1]], rows[2:]
    if rows[0].columns and top and len(top[0]) + 2 == width:
        return [rows[0].columns[0], *top[0], rows[0].columns[-1]], rows[1:]
    return None, rows


def _tabbed(rows: list[Block]) -> list[str]:
    """Rows as the bundled text has them: cells between tabs, short rows padded."""
    width = max(len(r.cells or []) for r in rows)
    return ["\t".join((r.cells or [r.text]) + [""] * (width - len(r.cells or [r.text]))) for r in rows]


def _has_figures(rows: list[Block]) -> bool:
    return all(len(r.cells or []) >= 2 and any(re.search(r"\d", c) for c in r.cells[1:]) for r in rows)


# ---------------------------------------------------------------- Markdown


def markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    tables = dict(_tables(blocks))
    headings = 0
    lists = 0
    k = 0
    in_list = False
    numbered_open = False
    while k < len(blocks):
        b = blocks[k]
        if b.kind == "table_row":
            end = tables[k]
            rows = blocks[k:end]
            header, body = _header(rows)
            if in_list:
                out.append("")
                in_list = False
            if header is not None:
                width = len(header)
                out.append("| " + " | ".join(header) + " |")
                out.append("|" + "|".join([" --- "] * width) + "|")
                for r in body:
                    cells = (r.cells or []) + [""] * (width - len(r.cells or []))
                    out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            else:
                out.extend(_tabbed(rows))  # the bundled dialect
            out.append("")
            k = end
            continue
        if b.kind == "bullet":
            label = b.label or "•"
            if not in_list:
                lists += 1
            in_list = True
            if label.isdigit():
                out.append(f"{label}. {b.text}")
                numbered_open = True
            elif label.isalpha() and numbered_open:
                style = lists % 3  # the sub-items of a numbered item: a nested list
                if style == 0:
                    out.append(f"   {ord(label) - ord('a') + 1}. {b.text}")
                else:
                    out.append(f"   {'*+'[style - 1]} {b.text}")
            elif label.isalpha():
                out.append(f"{label}. {b.text}")
            else:
                out.append(f"{'*+'[lists % 2]} {b.text}")
            k += 1
            continue
        if in_list:
            out.append("")
            in_list = False
        numbered_open = False
        if b.kind == "heading":
            headings += 1
            space = "" if headings % 3 == 0 else " "  # every third heading "##Kop"
            out.append(f"{'#' * min(b.level or 1, 6)}{space}{b.text}")
        elif b.kind == "footnote":
            out.append(_footnote(b))
        else:
            out.append(b.text)
        out.append("")
        k += 1
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- document-sharing site


def _cut(text: str, mid_word: bool) -> tuple[str, str] | None:
    """Cut a paragraph at about two thirds where the rest starts in lower case: mid-word
    (inside a long word) or between words."""
    start = len(text) * 2 // 3
    for m in re.finditer(r"\b([a-zà-ÿ]{10,})\b" if mid_word else r" (?=[a-zà-ÿ]{3,}\b)", text[start:]):
        if mid_word:
            word = m.group(1)
            at = start + m.start() + len(word) * 3 // 5
            return text[:at], text[at:]
        at = start + m.start()
        return text[:at], text[at + 1 :]
    return None


def _toc(blocks: list[Block]) -> list[str]:
    """The chapters (level-1 headings after the title) with page numbers; the numbered ones
    get their number, every third a dot leader."""
    lines = ["Inhoud", ""]
    chapters = [b.text for b in blocks if b.kind == "heading" and b.level == 1][1:]
    page, number = 3, 0
    for k, title in enumerate(chapters):
        numbered = not title.lower().startswith(("voorwoord", "samenvatting", "leden", "bijlage"))
        if numbered:
            number += 1
        entry = f"{number} {title}" if numbered else title
        lines.append(f"{entry} {'.' * 12} {page}" if k % 3 == 2 else f"{entry} {page}")
        page += 3 + k
    return lines


def shared_site(blocks: list[Block], page_every: int = 11) -> str:
    out: list[str] = [*TOP, ""]
    out += [line for line in _toc(blocks)]
    out.append("")
    markers = ["({n})", "- {n} -", "Pagina {n} van 40"]
    page = 2
    cuts = 0
    tables = dict(_tables(blocks))

    def page_break() -> None:
        nonlocal page
        out.extend(["", markers[page % 3].format(n=page), ""])
        out.extend(line for x in BETWEEN[page % 3] for line in (x, ""))
        page += 1

    since = 0
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if b.kind == "table_row":
            end = tables[k]
            rows = blocks[k:end]
            header, body = _header(rows)
            if _has_figures(body) and header is not None:
                out.append("   ".join(header))
                out.extend("   ".join(c or "-" for c in (r.cells or [])) for r in body)
            else:
                out.extend(_tabbed(rows))  # a copied table keeps its tabs
            out.append("")
            k = end
            since += 1
            continue
        if b.kind == "heading":
            text = b.text
        elif b.kind == "footnote":
            text = _footnote(b)
        elif b.kind == "bullet":
            label = b.label or "•"
            text = f"{label}. {b.text}" if label.isdigit() else (f"- {label}. {b.text}" if label.isalpha() else f"• {b.text}")
        else:
            text = b.text
        since += 1
        if since >= page_every and b.kind in ("paragraph", "bullet") and len(text) > 120:
            piece = _cut(text, mid_word=cuts % 2 == 0)
            if piece is not None:
                cuts += 1
                out.extend([piece[0], ""])
                page_break()
                out.extend([piece[1], ""])
                since = 0
                k += 1
                continue
        out.extend([text, ""])
        if since >= page_every + 6:  # no paragraph to cut: break between blocks
            page_break()
            since = 0
        k += 1
    out.append("")
    out.extend(line for x in BOTTOM for line in (x, ""))
    return "\n".join(out).rstrip() + "\n"


def toc_lines(text: str) -> list[str]:
    """The table-of-contents lines of a `shared_site` rendering (after "Inhoud")."""
    lines = text.split("\n")
    start = lines.index("Inhoud") + 1
    found = []
    for line in lines[start:]:
        if not line.strip():
            continue
        if not re.search(r"\s\d{1,3}$", line):
            break
        found.append(line)
    return found


WRAP_AT = 100
_MARKER = re.compile(r"^(\s*(?:[-•*]|\d{1,2}[.)]|[a-z][.)])\s+)")


def hard_wrapped(text: str) -> str:
    """The text with every line longer than WRAP_AT broken at a space, the next lines of a
    list item indented under its text."""
    import textwrap

    out = []
    for line in text.split("\n"):
        if "\t" in line or line.lstrip().startswith("|") or len(line) <= WRAP_AT:  # a table stays as it is
            out.append(line)
            continue
        marker = _MARKER.match(line)
        out.extend(textwrap.wrap(line, WRAP_AT, subsequent_indent=" " * len(marker.group(1)) if marker else "",
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)
