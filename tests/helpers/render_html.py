"""The bundled plan as a realistic web page, to see what the HTML parser makes of it.

`render_plan()` parses documents/rotterdam-strategische-themas-2019-2022.txt with the text
parser and writes its blocks the way a site's CMS would: a site header with navigation and a
search form, a cookie banner, a "Ga naar de inhoud" skip link, a loading message, a share bar,
a table of contents of anchor links and the printed table of contents with page numbers, the
content in <main> with h1-h4 (the deepest headings, the plan's pillars, as bold-only
paragraphs), numbered items as <ol start="..."> interrupted by paragraphs, lettered items as
<ol type="a"> nested in their item, the tables with <thead> and row headers, footnotes at the
end with references in the text, and a footer with links. Text gets soft hyphens and
non-breaking spaces, as CMS output does.

`write_plan_page(folder)` writes it named like the plan, with the plan's .meta.toml beside it.
"""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

from helpers.paths import DOCUMENTS, PLAN_ID

from kb.model import Block
from kb.parse import parse_bytes
from kb.text import slugify

PLAN_TXT = DOCUMENTS / f"{PLAN_ID}.txt"
PLAN_META = DOCUMENTS / f"{PLAN_ID}.meta.toml"

# What the page shows besides the plan: none of it may become a section.
FURNITURE = [
    "Ga naar de inhoud", "Wij gebruiken cookies om de site goed te laten werken", "Cookie-instellingen",
    "Accepteren", "Bezig met laden", "Copied!", "Deel deze pagina", "Zoeken op politie.nl", "Home",
    "Contact", "Veelgestelde vragen", "Toegankelijkheid", "Privacyverklaring", "Naar boven",
    "Inhoud", "Op deze pagina", "Volg ons", "Meld misdaad anoniem",
]


def plan_blocks() -> list[Block]:
    return parse_bytes(PLAN_TXT.read_bytes(), ".txt").blocks


def printed_toc() -> list[tuple[str, str, str]]:
    """(chapter number, title, page) of the plan's own table of contents."""
    lines = PLAN_TXT.read_text(encoding="utf-8").split("\n")
    start = lines.index("Inhoud") + 1
    end = lines.index("Voorwoord", start)
    return [(m.group(1), m.group(2), m.group(3)) for line in lines[start:end]
            if (m := re.fullmatch(r"(\d*)\t(.+)\t(\d+)", line))]


def _soft(text: str) -> str:
    """Escaped text as a CMS writes it: soft hyphens in long words, a no-break space before
    a number or a percent sign."""
    out = escape(text, quote=False)
    out = re.sub(r"\b(\w{6})(\w{6,})\b", r"\1&shy;\2", out)
    return re.sub(r" (?=\d+ ?%)| (?=%)", "&nbsp;", out)


def _id(text: str) -> str:
    return slugify(text, max_words=6)


class _Page:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.notes: list[Block] = []
        self.open_lists: list[str] = []  # closing tags of the lists (and items) open now

    def close_lists(self) -> None:
        while self.open_lists:
            self.out.append(self.open_lists.pop())

    def heading(self, b: Block) -> None:
        self.close_lists()
        level = b.level or 1
        text = _soft(b.text)
        if level >= 4:  # the pillars: bold-only paragraphs, as many CMS pages write them
            self.out.append(f"<p><strong>{text}</strong></p>")
        else:
            self.out.append(f'<h{level + 1} id="{_id(b.text)}">{text}</h{level + 1}>')

    def paragraph(self, b: Block) -> None:
        self.close_lists()
        ref = ""
        if self.notes_pending:
            n = self.notes_pending.pop(0)
            ref = f'<sup><a href="#fn{n}" id="fnref{n}">{n}</a></sup>'
        self.out.append(f"<p>{_soft(b.text)}{ref}</p>")

    notes_pending: list[str]

    def _open(self, kind: str, label: str) -> str:
        """The opening tag of a list of `kind` whose first item is `label`."""
        if kind == "•":
            return "<ul>"
        if kind == "a":
            n = ord(label) - ord("a") + 1
            return '<ol type="a"' + (f' start="{n}"' if n != 1 else "") + ">"
        return "<ol" + (f' start="{label}"' if label != "1" else "") + ">"

    def item(self, b: Block, previous: Block | None) -> None:
        """Numbered items in an <ol start>, letters and bullets right after a numbered item
        nested in it, other runs of letters or bullets a list of their own."""
        label = b.label or "•"
        kind = "1" if label.isdigit() else ("a" if len(label) == 1 and label.isalpha() else "•")
        text = _soft(b.text)
        in_list = previous is not None and previous.kind == "bullet" and bool(self.open_lists)
        if in_list and kind == self._top_kind:
            while len(self.open_lists) > 2:  # a nested list and its tag
                self.out.append(self.open_lists.pop())
            self.out.append(self.open_lists.pop())  # the previous item
        elif in_list and self._top_kind == "1":
            if len(self.open_lists) > 2 and self._inner_kind != kind:
                self.out.append(self.open_lists.pop())
            if len(self.open_lists) == 2:
                self.out.append(self._open(kind, label))
                self.open_lists.append("</ul>" if kind == "•" else "</ol>")
                self._inner_kind = kind
            self.out.append(f"<li>{text}</li>")
            return
        else:
            self.close_lists()
            self.out.append(self._open(kind, label))
            self.open_lists.append("</ul>" if kind == "•" else "</ol>")
            self._top_kind = kind
        self.out.append(f"<li>{text}")
        self.open_lists.append("</li>")

    _top_kind = ""
    _inner_kind = ""

    def table(self, rows: list[Block], caption: str | None) -> None:
        self.close_lists()
        columns = rows[0].columns or []
        self.out.append('<div class="table-wrapper"><table class="data">')
        if caption:
            self.out.append(f"<caption>{_soft(caption)}</caption>")
        if columns:
            self.out.append("<thead><tr>" + "".join(f'<th scope="col">{_soft(c)}</th>' for c in columns) + "</tr></thead>")
        self.out.append("<tbody>")
        for r in rows:
            cells = r.cells or [r.text]
            if cells == columns:
                continue
            self.out.append("<tr>" + f'<th scope="row">{_soft(cells[0])}</th>'
                            + "".join(f"<td>{_soft(c)}</td>" for c in cells[1:]) + "</tr>")
        self.out.append("</tbody></table></div>")


def render_plan() -> str:
    blocks = plan_blocks()
    title = blocks[0].text
    page = _Page()
    page.notes_pending = []
    chapters = [b for b in blocks if b.kind == "heading" and b.level == 1][1:]
    toc = "".join(f'<li><a href="#{_id(b.text)}">{_soft(b.text)}</a></li>' for b in chapters)
    printed = "<br>\n".join(f"{no + ' ' if no else ''}{escape(t)} {p}" for no, t, p in printed_toc())
    page.out.append(f'<h1 id="{_id(title)}">{_soft(title)}</h1>')
    page.out.append('<div class="meta-share"><p class="publicatiedatum">Gepubliceerd op 12 november 2018</p>'
                    '<div class="share"><a href="https://www.linkedin.com/share">Deel deze pagina</a>'
                    '<button class="copy-button">Kopieer link</button></div>'
                    '<div class="clip-msg" aria-live="polite">Copied!</div></div>')
    page.out.append(f'<div class="toc-block"><h2>Op deze pagina</h2><ol class="toc">{toc}</ol></div>')
    i = 1
    previous: Block | None = None
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading" and b.text == "Voorwoord" and printed:
            page.out.append(f"<h2>Inhoud</h2><p>{printed}</p>")
            printed = ""
        if b.kind == "heading":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and nxt.kind == "table_row" and b.text.lower().startswith("tabel"):
                j = i + 1
                while j < len(blocks) and blocks[j].kind == "table_row":
                    j += 1
                page.table(blocks[i + 1:j], b.text)
                i, previous = j, blocks[j - 1]
                continue
            page.heading(b)
        elif b.kind == "table_row":
            j = i
            while j < len(blocks) and blocks[j].kind == "table_row" and blocks[j].columns == b.columns:
                j += 1
            page.table(blocks[i:j], None)
            i, previous = j, blocks[j - 1]
            continue
        elif b.kind == "bullet":
            page.item(b, previous)
        elif b.kind == "footnote":
            page.notes.append(b)
            page.notes_pending.append(b.label or str(len(page.notes)))
        else:
            page.paragraph(b)
        previous = b
        i += 1
    page.close_lists()
    notes = "".join(f'<li id="fn{n.label}">{_soft(n.text)} <a href="#fnref{n.label}" class="footnote-back">↩</a></li>'
                    for n in page.notes)
    body = "\n".join(page.out)
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{escape(title)} | Politie eenheid Rotterdam</title>
<link rel="canonical" href="https://www.politie.example/rotterdam/strategische-themas-2019-2022">
<script>window.dataLayer = [];</script>
<style>.sr-only {{ position: absolute; }}</style>
</head>
<body class="page has-sidebar">
<a class="skip-link" href="#inhoud">Ga naar de inhoud</a>
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookiemelding">
  <h2>Cookies</h2>
  <p>Wij gebruiken cookies om de site goed te laten werken en om het gebruik te meten.</p>
  <button>Accepteren</button> <a href="/cookies">Cookie-instellingen</a>
</div>
<header class="site-header">
  <a href="/" class="logo">Politie</a>
  <nav aria-label="Hoofdmenu"><ul><li><a href="/">Home</a></li><li><a href="/nieuws">Nieuws</a></li>
  <li><a href="/contact">Contact</a></li><li><a href="/vragen">Veelgestelde vragen</a></li></ul></nav>
  <form action="/zoeken" role="search"><label for="q">Zoeken op politie.nl</label>
  <input type="search" id="q" name="q"><button type="submit">Zoeken</button></form>
</header>
<div class="laadscherm">Bezig met laden…</div>
<main id="inhoud">
<nav class="breadcrumb" aria-label="Kruimelpad"><a href="/">Home</a> › <a href="/rotterdam">Rotterdam</a></nav>
<article>
{body}
<section class="footnotes" role="doc-endnotes"><h2 class="sr-only">Voetnoten</h2><ol>{notes}</ol></section>
<p><a href="#inhoud">Naar boven</a></p>
</article>
</main>
<aside class="sidebar"><h2>Meld misdaad anoniem</h2><p>Bel 0800-7000.</p></aside>
<footer class="site-footer">
  <ul><li><a href="/contact">Contact</a></li><li><a href="/toegankelijkheid">Toegankelijkheid</a></li>
  <li><a href="/privacy">Privacyverklaring</a></li></ul>
  <p>Volg ons op <a href="https://x.example/politie">X</a></p>
</footer>
</body>
</html>
"""


def write_plan_page(folder: Path) -> Path:
    """The rendered page in `folder`, named like the plan, its metadata beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{PLAN_ID}.html"
    path.write_text(render_plan(), encoding="utf-8")
    shutil.copy(PLAN_META, folder / PLAN_META.name)
    return path
