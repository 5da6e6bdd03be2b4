"""HTML to blocks with beautifulsoup4: h1-h6 give the outline, p/li/td give the text.

A web page is more than its document. What is read, in this order:

* **site furniture** is dropped: <nav>, <aside>, the page's own <header> and <footer>, search
  forms, hidden elements, and whatever kb/data/html-furniture.toml names by role, class, id
  or aria-label (cookie banners, skip links, "Bezig met laden…"), and blocks whose whole text
  is such a line; then the page's <main> (or its one <article>) is read when it has one;
* **headings** h1-h6 give the levels; a short bold-only paragraph followed by text is a
  heading one level below the heading above it;
* **lists** give items the way the text parser does: a bullet block with the marker as its
  label ("4" for the fourth item of <ol start="4">, "d" for <ol type="a">, "•" for <ul>),
  nested lists after their item; a <p> in an <li> is part of the item;
* **tables** give one table_row per row that keeps the row's label, its column headers and
  its figures together ("Aangepakte samenwerkingsverbanden | 2019: 1.420 | 2020: 1.529");
  a layout table (one cell a row, nested tables, headings in cells) is read as the blocks
  in its cells;
* **tables of contents** are left out: lists of links to anchors on the page, and runs of
  lines with page numbers (dot leaders, or titles that are the page's headings);
* `<br>` breaks lines (a blank line between them is a new paragraph), soft hyphens and
  zero-width characters go, non-breaking spaces become spaces.

Word and LibreOffice "save as web page" exports write no <ol>/<ul> and often no <h1>-<h6>;
what is read of them, by rules that hold for any such export:

* **list paragraphs** (class MsoListParagraph*, or a style with `mso-list:`) are items: the
  typed marker in the `mso-list:Ignore` span is the label ("1.", "a)", a Symbol/Wingdings
  bullet is "•"), the level is the `mso-list: l0 level2` level, else the margin-left in steps
  of 36 pt; a list paragraph without a marker span is an item when its text starts with one;
* **headings by style** on a page without h1-h6: bold-only short paragraphs, paragraphs of
  class MsoTitle/MsoSubtitle/MsoHeading*, and short paragraphs in a clearly larger font than
  the body are headings; their levels follow the font size (style font-size, else the size
  the page's stylesheet gives their class), larger first, and among styles of one size the
  order in which they first appear (bold italic before bold underlined when it comes first);
  a bold-only paragraph followed by a deeper heading heads it;
* **spacer spans** (whitespace only: Word's `font:7.0pt` spans after a list number, tab
  runs) are one space;
* **footnotes**: `[n]` references (a link to a note anchor, class MsoFootnoteReference) go
  from the text; the `mso-element:footnote-list` block at the end gives footnotes labelled n.

Any page styled by class (Google Docs' "Downloaden > Webpagina" most of all: <p class="c7"><span
class="c14">, flat lists, the numbers only in CSS counters) is read by the same rules:

* **styles by class**: the page's <style> rules of a tag, a class or a tag with a class give
  each element the font size, weight, style, decoration, list-style-type and left margin and
  padding they declare, under its own style attribute;
* **headings by style** on a page with no (or one) h1-h6 whose text has sizes or bold weights:
  as for a word processor's export above; a one-line paragraph in bold and larger than the
  body text (the size most letters have) is a heading even when numbered ("1. Ondermijning");
* **flat lists**: a list's level is the `<level>` + 1 of its class `lst-kix_<list>-<level>`,
  else, among lists next to each other, the rank of its indentation (margin-left and
  padding-left of the list and its first item); its marker type is the one its class draws
  (`.cls>li:before{content: counter(..., lower-latin)}`, a glyph is "•"), else its
  list-style-type, else its type; `start` gives the first number, without it a Google Docs
  list counts on from its last item at that level (not after class "start"), and an item
  resets the levels below it; so lettered items get their letters and their item as parent;
* **footnotes**: a paragraph that opens with "[n]" linking to the reference that links back
  to it (or right after such a footnote) is footnote n; **reviewers' comments** ("[a]" both
  ways) go with their mark in the text.

Scripts, styles, forms' controls and comments are dropped; only text is kept, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Doctype, ProcessingInstruction, Declaration
from pydantic import Field

from kb.datafiles import DataModel, Text, edition, load
from kb.errors import ParseError
from kb.lang.words import data_file_error
from kb.model import Block, ParsedDocument
from kb.parse.lists import BULLET, LETTERED, NUMBERED, decimal_label
from kb.parse.outline import build_outline, heading_key
from kb.parse.rows import row_text
from kb.parse.text import decode
from kb.parse.text.rules import heading_shape
from kb.text import fold, normalize_space

FURNITURE_FILE = Path(__file__).resolve().parent.parent / "data" / "html-furniture.toml"

# Never text of the document, wherever they are.
DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "button", "select", "input", "textarea", "head", "link", "meta", "map", "audio", "video",
        "picture", "img", "dialog", "math")
HEADINGS = {f"h{i}": i for i in range(1, 7)}
LISTS = ("ul", "ol", "menu", "dir")
INLINE = {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
          "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span",
          "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "output", "meter"}
BOLD = {"b", "strong"}
LEAF = {"p", "pre", "figcaption", "caption", "address", "dt", "dd", "summary", "legend", "li", "td", "th",
        "blockquote", "center"}
STRUCTURE = set(HEADINGS) | {"p", "ul", "ol", "table", "li", "dl", "blockquote", "pre"}
LANDMARK_PARENTS = ("article", "aside", "main", "nav", "section")  # a header/footer inside is not the page's
PSEUDO = "\x00pseudo"  # the label of a bold-only paragraph until `_settle_pseudo`
MAX_DEPTH = 250  # elements within elements; real pages stay far below, the reader recurses

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"[.!?:;][)\"'”’]*$")
_FIGURE = re.compile(r"^[-+−]?[€$]?\s?\d[\d.,]*\s?(%|‰)?$|^[-–—]$")
# A line of a table of contents: a title, dot leaders or spaces, a page number.
_LEADERS = re.compile(r"^(?P<title>.*?[^\d\s.…·_])\s*(?:\.{3,}|…+|·{3,}|_{3,}|(?:\. ){3,})\s*(?P<page>\d{1,3})$")
_TOC_LINE = re.compile(r"^(?P<title>.*?[^\W\d].*?\S)\s+(?P<page>\d{1,3})$")
_LEADER_MARKS = ("...", "…", "···", "___", ". . .")  # one of these, or _LEADERS cannot match
# Word / LibreOffice exports
_MSO_LIST = re.compile(r"mso-list\s*:\s*l\d+\s+level(\d+)", re.IGNORECASE)
_MSO_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_LIST_CLASS = re.compile(r"^Mso(?:ListParagraph|ListBullet|ListNumber)", re.IGNORECASE)
_HEADING_CLASS = re.compile(r"^Mso(?:Title|Subtitle|Heading\d)", re.IGNORECASE)
_NOTE_REF_CLASS = re.compile(r"^Mso(?:Foot|End)noteReference$", re.IGNORECASE)
_NOTE_LIST_STYLE = re.compile(r"mso-element\s*:\s*(?:foot|end)note-list", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\[\d{1,3}\]$|^\[?[*†‡]\]?$")
_MARGIN_LEFT = re.compile(r"margin-left\s*:\s*(-?[\d.]+)\s*(pt|px|cm|mm|in)\b", re.IGNORECASE)
_FONT_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)\s*(pt|px)\b|(?<![\w-])font\s*:[^;]*?([\d.]+)\s*(pt|px)\b",
                        re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_UNDERLINE_STYLE = re.compile(r"text-decoration(?:-line)?\s*:[^;]*underline", re.IGNORECASE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ITEM_MARKER = re.compile(r"^\(?(\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)]$|^\(?(\d{1,3})\)?$")
_PT = {"pt": 1.0, "px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}
BODY_SIZE = 12.0  # pt, when neither the page nor its stylesheet says
_CHAPTER_NO = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-H]\.|bijlage\s+\d+:?)\s+", re.IGNORECASE)
_HEADING_NO = re.compile(r"^(\d{1,2})[.)]?\s")  # "3. Aanpak": the heading's label
_ORIGIN = re.compile(r"^[a-z]+://[^/]+")  # "https://example.nl" of a link, leaving its path
_NOTE_TEXT = re.compile(r"\[?\d{1,3}\]?|\[?[*†‡]\]?")  # what a footnote reference reads
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CLASS_SELECTOR = re.compile(r"(?:p|li|div)?\.([\w-]+)")
_OFFICE_GENERATOR = re.compile(r"microsoft word|libreoffice|openoffice|staroffice", re.IGNORECASE)
_MSO_CLASS = re.compile(r"^Mso")
_NOTE_NUMBER = re.compile(r"^\[?(\d{1,3})\]?[.)]?\s+(.*)$")  # "[1] Zie ...", "1. Zie ..."
_NOTE_LEAD = re.compile(r"^\[(\d{1,3})\]")
_BACKLINK = re.compile(r"\s*[↩↑⤴︎^]+\s*$")  # a footnote's link back to its reference
_TRAILING_NUMBER = re.compile(r"(\d+)$")
# Any export that styles by class (Google Docs: <p class="c7"><span class="c14">, flat lists)
_SIMPLE_SELECTOR = re.compile(r"([a-z][a-z0-9]*)?(?:\.([\w-]+))?")  # "p", ".c14", "p.MsoNormal"
_MARKER_SELECTOR = re.compile(r"(?:[a-z]+)?\.([\w-]+)\s*>\s*li:{1,2}before")  # ".lst-kix_x-1>li:before"
_COUNTER = re.compile(r"counters?\(\s*[\w-]+\s*,\s*(?:\"[^\"]*\"\s*,\s*)?([a-z-]+)\s*\)", re.IGNORECASE)
_CONTENT_GLYPH = re.compile(r"content\s*:\s*\"(?:\\[0-9a-f]{2,6}|[^\"\s])", re.IGNORECASE)
_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.IGNORECASE)
# what a class gives the text and the lists of an element (the reader asks no more)
_STYLE_PROPS = ("font-size", "font-weight", "font-style", "text-decoration", "text-decoration-line",
                "list-style-type", "list-style", "margin-left", "padding-left")
_LIST_ID_LEVEL = re.compile(r"^lst-kix_([\w]+)-(\d)$")  # Google Docs: list "x", level 0-8
_INDENT = re.compile(r"(?:margin|padding)-left\s*:\s*(-?[\d.]+)\s*(pt|px|cm|mm|in)\b", re.IGNORECASE)
_NOTE_BACK = re.compile(r"^\[?(\d{1,3})\]?$")
_COMMENT_MARK = re.compile(r"^\[[a-z]{1,2}\]$")  # Google Docs: "[a]" marks a reviewer's comment


# ---------------------------------------------------------------- the data file


class FurnitureFile(DataModel):
    """html-furniture.toml: what of a web page is site, not document."""

    rollen: list[Text] = Field(default_factory=list)
    namen: list[Text] = Field(default_factory=list)
    aria: list[Text] = Field(default_factory=list)
    teksten: list[Text] = Field(default_factory=list)
    inhoudsopgave: list[Text] = Field(default_factory=list)
    voetnoten: list[Text] = Field(default_factory=list)


class Furniture:
    """The data file in the form the parser asks it questions."""

    def __init__(self, data: FurnitureFile):
        self.roles = {fold(r) for r in data.rollen}
        self.names = [_words(n) for n in data.namen]
        self.aria = [_words(n) for n in data.aria]
        self.texts = {_phrase(t) for t in data.teksten}
        self.toc_headings = {_phrase(t) for t in data.inhoudsopgave}
        self.footnotes = [_words(n) for n in data.voetnoten]

    def is_text(self, text: str) -> bool:
        return _phrase(text) in self.texts

    def is_toc_heading(self, text: str) -> bool:
        return _phrase(text) in self.toc_headings


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(fold(text)))


def _phrase(text: str) -> str:
    return " ".join(_words(text))


def _names_match(value: str, names: Iterable[tuple[str, ...]]) -> bool:
    """Is one of `names` a run of whole words of `value` ("cookie" in "c-cookie__inner")?"""
    words = _words(value)
    if not words:
        return False
    padded = " " + " ".join(words) + " "
    return any(name and (" " + " ".join(name) + " ") in padded for name in names)


@lru_cache(maxsize=4)
def _furniture(path: Path, _mtime: int) -> Furniture:
    return Furniture(load(path, FurnitureFile, lambda m: data_file_error(path, m)))


def furniture(path: Path = FURNITURE_FILE) -> Furniture:
    """The furniture file, read again when it changed."""
    return _furniture(path, edition(path))


# ---------------------------------------------------------------- entry point


def _depth_over(root: Tag, limit: int) -> bool:
    """Are elements nested more than `limit` deep? (Without recursion, stopping early.)"""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in node.contents if isinstance(c, Tag))
    return False


def _too_deep() -> ParseError:
    return ParseError("too_deep", f"de HTML is te diep genest (meer dan {MAX_DEPTH} niveaus elementen in elkaar); "
                      "dit lijkt geen gewoon document")


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
                     re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first 2 kB (`<meta charset>`, the http-equiv
    Content-Type, an XML prolog): Word's "webpagina, gefilterd" is windows-1252."""
    m = CHARSET.search(data[:2048])
    return (m.group(1) or m.group(2)).decode("ascii", "replace") if m else None


def parse_html(data: bytes) -> ParsedDocument:
    text = decode(data, declared_charset(data))
    try:
        return _parse(text)
    except RecursionError:  # deep in a library, past the check below
        raise _too_deep() from None


def clean_text(text: str) -> str:
    """Soft hyphens and zero-width characters out, every kind of space one space."""
    return normalize_space(_INVISIBLE.sub("", text))


def _parse(text: str) -> ParsedDocument:
    soup = BeautifulSoup(text, "html.parser")
    if _depth_over(soup, MAX_DEPTH):
        raise _too_deep()
    title_tag = soup.find("title")
    page_title = clean_text(title_tag.get_text()) if title_tag else ""
    page_path = _page_path(soup)
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype, ProcessingInstruction, Declaration))):
        node.extract()
    office = _is_office_export(soup)
    class_sizes = _class_font_sizes(soup) if office else {}
    sheet = _stylesheet(soup)
    f = furniture()
    _drop_furniture(soup, f)
    for tag in soup.find_all(DROP):
        if not tag.decomposed:
            tag.decompose()
    root = _content_root(soup)
    _apply_sheet(root, sheet)
    _drop_comments(root)
    _mark_list_paragraphs(root)
    _normalise_spacers(root)
    walker = _Walker(f, page_path)
    walker.list_levels = _flat_list_levels(root)
    walker.anchors = _anchors(root)
    if office:
        walker.office = True
        walker.class_sizes = class_sizes
        walker.body_size = class_sizes.get("msonormal") or class_sizes.get("") or BODY_SIZE
    elif _styled_by_class(root):
        # no (or one) h1-h6, but sizes and weights by class or style: Google Docs and the like
        walker.office = walker.styled = True
        walker.body_size = _body_size(root)
    walker.walk(root)
    by_style = walker.office and (not walker.real_headings or walker.styled)
    if by_style:
        _levels_by_style(walker.blocks, walker.styles)
    blocks = _drop_toc(walker.blocks, f, deeper=by_style)
    blocks = build_outline(blocks)
    if not any(b.text for b in blocks):
        raise ParseError("no_text", "geen leesbare tekst in dit HTML-bestand")
    title = page_title or next((b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, title=title)


# ---------------------------------------------------------------- furniture and the content root


def _attr(tag: Tag, name: str) -> str:
    """An attribute compared as a keyword (role="Main", aria-hidden="true ")."""
    return (tag.get(name) or "").strip().lower()


def _classes(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    return classes if isinstance(classes, list) else [classes]


def _path(href: str) -> str:
    """A link without its scheme and host: "https://x.nl/plan" is "/plan"."""
    return _ORIGIN.sub("", href)


def _heading_label(text: str) -> str | None:
    m = _HEADING_NO.match(text)
    return m.group(1) if m else None


def _text_len(node: Tag) -> int:
    return len(clean_text(node.get_text(" ")))


def _is_main(tag: Tag) -> bool:
    return tag.name in ("main", "article") or _attr(tag, "role") == "main"


def _is_footnotes(tag: Tag, f: Furniture) -> bool:
    if _NOTE_LIST_STYLE.search(tag.get("style") or ""):  # Word: <div style='mso-element:footnote-list'>
        return True
    for attr in ("class", "id", "role"):
        value = tag.get(attr)
        if value and _names_match(" ".join(value) if isinstance(value, list) else value, f.footnotes):
            return True
    return False


def _furniture_kind(tag: Tag, f: Furniture) -> bool:
    """Is this element site furniture by what it is or what it is called?"""
    name = tag.name
    if name in ("html", "body") or _is_main(tag):
        return False
    if tag.has_attr("hidden") or _attr(tag, "aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(tag.get("style") or ""):
        return True
    if _is_footnotes(tag, f):
        return False
    if name in ("nav", "aside"):
        return True
    if name in ("header", "footer") and tag.find_parent(LANDMARK_PARENTS) is None:
        return True
    if name == "form":
        if tag.find("input", attrs={"type": "search"}) is not None:
            return True
        if not tag.find(STRUCTURE):  # controls and labels, no document in it
            return True
    role = _attr(tag, "role")
    if role and fold(role) in f.roles:
        return True
    names = " ".join([*_classes(tag), tag.get("id") or ""])
    if _names_match(names, f.names):
        return True
    label = tag.get("aria-label") or ""
    return bool(label) and _names_match(label, f.aria)


def _drop_furniture(soup: BeautifulSoup, f: Furniture) -> None:
    body = soup.body or soup
    total = _text_len(body) or 1
    for tag in list(soup.find_all(True)):
        if tag.decomposed or not _furniture_kind(tag, f):
            continue
        # never the document itself: the main content, or most of the page's text
        if tag.find(_is_main) is not None or _text_len(tag) > total / 2:
            continue
        tag.decompose()


def _content_root(soup: BeautifulSoup) -> Tag:
    """The page's <main> (or role="main"), else its one <article>, when that holds a fair part
    of the text; else the body."""
    body = soup.body or soup
    total = _text_len(body)
    mains = [t for t in body.find_all(_is_main) if t.name != "article"]
    articles = [t for t in body.find_all("article") if t.find_parent("article") is None]
    for candidates in (mains, articles):
        if len(candidates) == 1 and _text_len(candidates[0]) >= total / 4:
            return candidates[0]
    return body


def _page_path(soup: BeautifulSoup) -> str | None:
    """The page's own path (from its canonical link), so "/plan#inleiding" counts as the page."""
    link = soup.find("link", rel="canonical")
    href = link.get("href") if link else None
    return _path(href).split("#")[0] if isinstance(href, str) else None


# ---------------------------------------------------------------- lines of inline text


class _Line:
    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []

    @property
    def text(self) -> str:
        return clean_text("".join(t for t, _ in self.parts))

    @property
    def bold(self) -> bool:
        """All its letters are bold (and it has some)."""
        letters = [(t, b) for t, b in self.parts if clean_text(t)]
        return bool(letters) and all(b for _, b in letters)


def _is_bold(tag: Tag) -> bool:
    return tag.name in BOLD or bool(_BOLD_STYLE.search(tag.get("style") or ""))


def _is_note_ref(tag: Tag) -> bool:
    """A footnote reference: <sup><a href="#fn1">1</a></sup>, a link with role doc-noteref, or
    Word's "[1]": a link to an anchor on the page reading [n], or a MsoFootnoteReference span."""
    if tag.name == "a" and (tag.get("role") or "") == "doc-noteref":
        return True
    if tag.name in ("a", "span"):
        own = any(_NOTE_REF_CLASS.match(c) for c in _classes(tag))
        linked = tag.name == "a" and (tag.get("href") or "").strip().startswith("#")
        if own or linked:
            text = clean_text(tag.get_text())
            if own or tag.find(class_=_NOTE_REF_CLASS) is not None or _NOTE_MARK.match(text):
                return bool(_NOTE_TEXT.fullmatch(text))
    if tag.name != "sup":
        return False
    links = tag.find_all("a", href=True)
    return bool(links) and all(a["href"].startswith("#") for a in links)


def _lines(nodes: Iterable, bold: bool = False) -> list[_Line | None]:
    """Inline content as lines; None marks a blank line (two <br> in a row)."""
    lines: list[_Line | None] = [_Line()]

    def add(node, bold: bool) -> None:
        if isinstance(node, NavigableString):
            lines[-1].parts.append((str(node), bold))
            return
        if not isinstance(node, Tag):
            return
        if node.name == "br":
            if lines[-1] is not None and not lines[-1].text and len(lines) > 1:
                lines[-1] = None  # an empty line: a paragraph break
            lines.append(_Line())
            return
        if _is_note_ref(node):
            return
        if node.name not in INLINE:  # a block inside an item or a cell: a word break
            lines[-1].parts.append((" ", bold))
        b = bold or _is_bold(node)
        for child in node.children:
            add(child, b)
        if node.name not in INLINE:
            lines[-1].parts.append((" ", bold))

    for n in nodes:
        add(n, bold)
    return lines


def _one_line(nodes: Iterable) -> str:
    return clean_text(" ".join(line.text for line in _lines(nodes) if line is not None))


def _has_block(tag: Tag) -> bool:
    return any(isinstance(d, Tag) and d.name not in INLINE for d in tag.descendants)


def _marker_label(kind: str, n: int) -> str:
    """An <ol>'s marker for item `n` as the text parser writes it ("4", "d", "iv")."""
    if kind in ("a", "A"):
        if 1 <= n <= 26:
            letter = chr(ord("a") + n - 1)
            return letter.upper() if kind == "A" else letter
        return str(n)
    if kind in ("i", "I"):
        roman = _roman(n)
        return roman.upper() if kind == "I" else roman
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


_STYLE_TYPES = {"lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A", "upper-latin": "A",
                "lower-roman": "i", "upper-roman": "I", "decimal": "1", "decimal-leading-zero": "1",
                "disc": "•", "circle": "•", "square": "•"}


def _list_type(tag: Tag) -> str | None:
    """The marker a list's items show: "1", "a", "A", "i", "I", or "•"; None when nothing says.
    The marker its class draws (a CSS counter) first, then list-style-type, then type."""
    marker = (tag.get("data-kb-marker") or "").lower()
    if marker in _STYLE_TYPES:
        return _STYLE_TYPES[marker]
    m = _LIST_STYLE.search(tag.get("style") or "")
    if m and m.group(1).lower() in _STYLE_TYPES:
        return _STYLE_TYPES[m.group(1).lower()]
    t = (tag.get("type") or "").strip()
    if t in ("1", "a", "A", "i", "I"):
        return t
    return "•" if t.lower() in ("disc", "circle", "square") else None


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _item(text: str) -> tuple[str, str] | None:
    """(label, text) of a line written as an item: "4. ...", "d) ...", "• ..."."""
    for pattern in (NUMBERED, LETTERED):
        m = pattern.match(text)
        if m:
            return m.group(1), m.group(2)
    m = BULLET.match(text)
    if m and m.group(1).strip():
        return "•", m.group(1)
    return None


def _heading_like(text: str) -> bool:
    """The text parser's heading shape (a page's text is clean: no markup, no wrapped
    lines), opening quote “ allowed; a figure alone is a table cell, not a heading."""
    return heading_shape(text, opening="(‘'\"“") and not _FIGURE.match(text)


# ---------------------------------------------------------------- Word and LibreOffice exports


def _is_office_export(soup: BeautifulSoup) -> bool:
    """A word processor's "save as web page": its generator says so, or Word's Mso classes."""
    for meta in soup.find_all("meta"):
        if _attr(meta, "name") == "generator" and _OFFICE_GENERATOR.search(meta.get("content") or ""):
            return True
    return soup.find(class_=_MSO_CLASS) is not None


def _pt(value: str, unit: str) -> float | None:
    try:
        return float(value) * _PT[unit.lower()]
    except (ValueError, KeyError):
        return None


def _font_pt(style: str) -> float | None:
    """The font size a style declares (font-size, or the size in a `font:` shorthand), in pt."""
    m = _FONT_SIZE.search(style)
    return _pt(m.group(1) or m.group(3), m.group(2) or m.group(4)) if m else None


def _class_font_sizes(soup: BeautifulSoup) -> dict[str, float]:
    """Font size per class from the page's stylesheet ("p.MsoNormal {font-size:11.0pt}"),
    lower-cased; "" for a rule on plain p or body."""
    sizes: dict[str, float] = {}
    for style in soup.find_all("style"):
        css = _CSS_COMMENT.sub("", style.get_text())
        for selectors, decls in _CSS_RULE.findall(css[:200_000]):
            size = _font_pt(decls)
            if not size:
                continue
            for sel in selectors.replace("<!--", "").replace("-->", "").split(","):
                sel = sel.strip().lower()
                cm = _CLASS_SELECTOR.fullmatch(sel)
                if cm:
                    sizes.setdefault(cm.group(1), size)
                elif sel in ("p", "body"):
                    sizes.setdefault("", size)
    return sizes


def _typed_label(marker: str) -> str:
    """The label of a typed list marker: "1." -> "1", "a)" -> "a", a bullet glyph -> "•"."""
    m = _ITEM_MARKER.match(marker)
    return (m.group(1) or m.group(2)) if m else "•"


def _margin_level(style: str) -> int:
    """A list paragraph's level from its left margin: 36 pt (Word's step) a level."""
    m = _MARGIN_LEFT.search(style)
    pt = _pt(m.group(1), m.group(2)) if m else None
    return max(1, min(9, round(pt / 36))) if pt else 1


def _mark_list_paragraphs(root: Tag) -> None:
    """Word's list paragraphs (class MsoListParagraph*, style mso-list) carry their label and
    level as data-kb-item / data-kb-level; the typed marker (the mso-list:Ignore span) goes."""
    for p in root.find_all("p"):
        style = p.get("style") or ""
        level = _MSO_LIST.search(style)
        if level is None and not any(_LIST_CLASS.match(c) for c in _classes(p)):
            continue
        ignore = p.find(lambda t: t.name == "span" and bool(_MSO_IGNORE.search(t.get("style") or "")))
        label = ""
        if ignore is not None:
            marker = clean_text(ignore.get_text())
            ignore.decompose()
            label = _typed_label(marker) if marker else ""
        p["data-kb-item"] = label
        p["data-kb-level"] = str(int(level.group(1)) if level else _margin_level(style))


def _normalise_spacers(root: Tag) -> None:
    """A span of nothing but spaces (Word's `font:7.0pt` spacer after a number, a tab run of
    &nbsp;) is one space."""
    for span in root.find_all("span"):
        text = span.get_text()
        if text and not text.strip() and all(isinstance(c, NavigableString) or c.name == "span" for c in span.descendants):
            span.replace_with(NavigableString(" "))


def _text_style(tag: Tag, class_sizes: dict[str, float], body: float) -> tuple[float, bool, bool]:
    """(font size in pt, all italic, all underlined) of the text of a paragraph: the size most
    of its letters have (an inline style, else its class in the stylesheet, else the body's)."""
    own = next((class_sizes[c.lower()] for c in _classes(tag) if c.lower() in class_sizes), body)
    counts: dict[float, int] = {}
    italic = underline = True
    for s in tag.find_all(string=True):
        letters = len(clean_text(str(s)).replace(" ", ""))
        if not letters:
            continue
        size, it, un = None, False, False
        node = s.parent
        while isinstance(node, Tag):
            st = node.get("style") or ""
            if size is None:
                size = _font_pt(st)
            it = it or node.name in ("i", "em") or bool(_ITALIC_STYLE.search(st))
            un = un or node.name == "u" or bool(_UNDERLINE_STYLE.search(st))
            if node is tag:
                break
            node = node.parent
        size = round((size or own) * 2) / 2
        counts[size] = counts.get(size, 0) + letters
        italic, underline = italic and it, underline and un
    if not counts:
        return own, False, False
    return max(counts, key=counts.get), italic, underline


def _levels_by_style(blocks: list[Block], styles: dict[int, tuple]) -> None:
    """Headings by style on a page without h1-h6: levels by font size, larger first; among
    styles of one size, the one that appears first is the higher."""
    seen: list[tuple] = []
    for b in blocks:
        key = styles.get(id(b))
        if key is not None and key not in seen:
            seen.append(key)
    order = sorted(seen, key=lambda k: (-k[0], seen.index(k)))
    rank = {k: min(i + 1, 6) for i, k in enumerate(order)}
    for b in blocks:
        if id(b) in styles:
            b.level = rank[styles[id(b)]]


# ---------------------------------------------------------------- styles by class (Google Docs and the like)


class _Sheet:
    """What a page's <style> blocks say, of the properties the reader uses (_STYLE_PROPS), per
    tag ("p") and per class (".c14", "p.MsoNormal"), and the marker each list class draws
    (".lst-kix_x-1>li:before{content: counter(lst-ctn-kix_x-1, lower-latin) '. '}")."""

    def __init__(self) -> None:
        self.tags: dict[str, dict[str, str]] = {}
        self.classes: dict[tuple[str, str], dict[str, str]] = {}  # (tag or "", class) -> declarations
        self.markers: dict[str, str] = {}  # class -> the list-style-type its items' markers show


def _declarations(css: str) -> dict[str, str]:
    """The declarations of the properties the reader uses, the last of each."""
    out: dict[str, str] = {}
    for prop, value in _DECLARATION.findall(css):
        prop = prop.lower()
        if prop in _STYLE_PROPS:
            out[prop] = value.strip().replace("!important", "").strip()
    return out


def _stylesheet(soup: BeautifulSoup) -> _Sheet:
    """The rules of simple selectors (a tag, a class, a tag with a class) and list markers."""
    sheet = _Sheet()
    for style in soup.find_all("style"):
        css = _CSS_COMMENT.sub("", style.get_text()).replace("<!--", "").replace("-->", "")
        css = re.sub(r"@(?:import|charset|namespace)[^;{}]*;", "", css[:500_000])
        for selectors, body in _CSS_RULE.findall(css):
            decls = None
            for sel in selectors.split(","):
                sel = sel.strip().lower()
                marker = _MARKER_SELECTOR.fullmatch(sel)
                if marker:
                    counter = _COUNTER.search(body)
                    if counter:
                        sheet.markers[marker.group(1)] = counter.group(1).lower()
                    elif _CONTENT_GLYPH.search(body):
                        sheet.markers[marker.group(1)] = "disc"
                    continue
                m = _SIMPLE_SELECTOR.fullmatch(sel)
                if not m or not (m.group(1) or m.group(2)):
                    continue
                if decls is None:
                    decls = _declarations(body)
                if not decls:
                    break
                if m.group(2):
                    sheet.classes.setdefault((m.group(1) or "", m.group(2)), {}).update(decls)
                else:
                    sheet.tags.setdefault(m.group(1), {}).update(decls)
    return sheet


def _apply_sheet(root: Tag, sheet: _Sheet) -> None:
    """Each element's style as its tag and classes give it, its own style attribute over them
    (written first, so the rest of the reader, reading the first declaration, sees its own
    value); a list whose class draws counters gets data-kb-marker."""
    if not (sheet.tags or sheet.classes or sheet.markers):
        return
    for tag in root.find_all(True):
        decls = dict(sheet.tags.get(tag.name, {}))
        for c in _classes(tag):
            c = c.lower()
            decls.update(sheet.classes.get(("", c), {}))
            decls.update(sheet.classes.get((tag.name, c), {}))
            if c in sheet.markers and tag.name in LISTS:
                tag["data-kb-marker"] = sheet.markers[c]
        if not decls:
            continue
        own = tag.get("style") or ""
        mine = {p.lower() for p, _ in _DECLARATION.findall(own)}
        if "font" in mine:
            mine.add("font-size")
        if "list-style" in mine:
            mine.add("list-style-type")
        rest = [f"{k}:{v}" for k, v in decls.items() if k not in mine]
        if rest:
            tag["style"] = (own.rstrip().rstrip(";") + ";" if own.strip() else "") + ";".join(rest)
    return


def _styled_by_class(root: Tag) -> bool:
    """A page without (or with one) h1-h6 whose text has sizes or weights from styles: its
    headings are styled paragraphs."""
    if len(root.find_all(list(HEADINGS), limit=2)) > 1:
        return False
    sizes: set[float] = set()
    for tag in root.find_all(style=True):
        style = tag.get("style") or ""
        size = _font_pt(style)
        if size:
            sizes.add(size)
        if (_BOLD_STYLE.search(style) or len(sizes) > 1) and _text_len(tag):
            return True
    return False


def _body_size(root: Tag) -> float:
    """The font size most letters of the page have."""
    counts: dict[float, int] = {}
    for s in root.find_all(string=True):
        letters = len(clean_text(str(s)).replace(" ", ""))
        if not letters:
            continue
        size = None
        node = s.parent
        while isinstance(node, Tag) and size is None:
            size = _font_pt(node.get("style") or "")
            node = node.parent
        size = round((size or BODY_SIZE) * 2) / 2
        counts[size] = counts.get(size, 0) + letters
    return max(counts, key=counts.get) if counts else BODY_SIZE


def _list_id_level(tag: Tag) -> tuple[str, int] | None:
    """(list, level from 1) of a Google Docs list by its class "lst-kix_<list>-<level from 0>"."""
    for c in _classes(tag):
        m = _LIST_ID_LEVEL.match(c)
        if m:
            return m.group(1), int(m.group(2)) + 1
    return None


def _indent(tag: Tag) -> float:
    """The left margin and padding of a list and its first item, in pt."""
    total = 0.0
    for t in (tag, tag.find("li")):
        seen: set[str] = set()
        style = (t.get("style") or "") if t is not None else ""
        for m in _INDENT.finditer(style):
            prop = m.group(0).split(":")[0].strip().lower()
            if prop not in seen:
                seen.add(prop)
                total += _pt(m.group(1), m.group(2)) or 0.0
    return round(total)


def _flat_list_levels(root: Tag) -> dict[int, int]:
    """The level of each list that is not in another list, where its form says it is deeper:
    a Google Docs list by its class, lists next to each other by their indentation (the least
    indented is level 1). id(list) -> level; the others are level 1."""
    levels: dict[int, int] = {}
    runs: list[list[Tag]] = []
    for lst in root.find_all(LISTS):
        if lst.find_parent(LISTS) is not None:
            continue
        kix = _list_id_level(lst)
        if kix is not None:
            levels[id(lst)] = kix[1]
            continue
        if runs and lst.find_previous_sibling() is runs[-1][-1]:
            runs[-1].append(lst)
        else:
            runs.append([lst])
    for run in runs:
        indents = [_indent(lst) for lst in run]
        steps = sorted(set(indents))
        if len(steps) > 1:
            for lst, ind in zip(run, indents):
                levels[id(lst)] = min(steps.index(ind) + 1, 9)
    return levels


def _anchors(root: Tag) -> dict[str, Tag]:
    """Links by their id or name: a footnote and its reference link to each other."""
    out: dict[str, Tag] = {}
    for a in root.find_all("a"):
        for attr in ("id", "name"):
            value = a.get(attr)
            if isinstance(value, str) and value:
                out.setdefault(value, a)
    return out


def _first_text(tag: Tag) -> Tag | NavigableString | None:
    """The first link or non-blank text in an element."""
    return next((d for d in tag.descendants
                 if (isinstance(d, Tag) and d.name == "a") or (isinstance(d, NavigableString) and clean_text(str(d)))),
                None)


def _drop_comments(root: Tag) -> None:
    """Reviewers' comments (Google Docs): "[a]" in the text links to the comment at the end,
    which opens with "[a]" linking back. Both are the reviewer's, not the document's."""
    anchors = _anchors(root)
    marks = []
    for a in root.find_all("a", href=True):
        if not _COMMENT_MARK.match(clean_text(a.get_text())):
            continue
        href, own = a["href"].strip(), a.get("id") or a.get("name")
        back = anchors.get(href[1:]) if href.startswith("#") else None
        if back is not None and isinstance(own, str) and (back.get("href") or "").strip() == "#" + own:
            marks.append(a)
    for a in marks:
        if a.decomposed:
            continue
        block = a.find_parent(lambda t: t.name not in INLINE)
        if block is not None and block is not root and _first_text(block) is a:  # the comment
            holder = block.parent
            if isinstance(holder, Tag) and holder.name == "div" and holder is not root and _first_text(holder) is a:
                block = holder  # with its replies
            block.decompose()
        else:  # the mark in the text
            a.decompose()


# ---------------------------------------------------------------- the walk


class _Walker:
    def __init__(self, f: Furniture, page_path: str | None):
        self.f = f
        self.page_path = page_path
        self.blocks: list[Block] = []
        self.level = 0  # the level of the last real heading
        # a word processor's export: headings by style (see _levels_by_style)
        self.office = False
        self.class_sizes: dict[str, float] = {}
        self.body_size = BODY_SIZE
        self.real_headings = 0  # h1-h6 seen
        self.styles: dict[int, tuple] = {}  # id(pseudo-heading block) -> its style
        self._style: tuple | None = None  # the style of the paragraph being read
        self.styled = False  # headings by style on a page styled by class (not a word processor's)
        self.list_levels: dict[int, int] = {}  # id(list) -> level (see _flat_list_levels)
        self.counters: dict[tuple[str, int], int] = {}  # (Google Docs list, level) -> last number
        self.anchors: dict[str, Tag] = {}  # links by id and name

    # -- helpers

    def _same_page(self, href: str) -> bool:
        if href.startswith("#"):
            return len(href) > 1
        path, _, fragment = href.partition("#")
        if not fragment or self.page_path is None:
            return False
        return _path(path) == self.page_path

    def _links_only(self, links: list[Tag], nodes: list[Tag]) -> bool:
        """Are `links` all to places on this page, and most of the text of `nodes`?"""
        if not links or not all(self._same_page((a.get("href") or "").strip()) for a in links):
            return False
        linked = sum(len(clean_text(a.get_text(" "))) for a in links)
        return linked >= 0.8 * len(clean_text(" ".join(n.get_text(" ") for n in nodes)))

    def _anchor_only(self, tag: Tag) -> bool:
        """Is this element (a list, a paragraph) nothing but links to places on this page?"""
        return self._links_only(tag.find_all("a", href=True), [tag])

    def _toc(self) -> None:
        self.blocks.append(Block(kind="toc", text=""))

    def add(self, kind: str, text: str, **kw) -> None:
        text = clean_text(text)
        if not text or (kind != "table_row" and self.f.is_text(text)):
            return
        self.blocks.append(Block(kind=kind, text=text, **kw))

    # -- containers

    def walk(self, node: Tag) -> None:
        inline: list = []
        for child in node.children:
            if isinstance(child, NavigableString) or (
                isinstance(child, Tag) and child.name in INLINE and not _has_block(child)
            ):
                inline.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            self.flow(inline)
            inline = []
            self.element(child)
        self.flow(inline)

    def element(self, tag: Tag) -> None:
        name = tag.name
        if tag.has_attr("data-kb-item"):
            self.list_paragraph(tag)
        elif name in HEADINGS:
            text = _one_line(tag.children)
            if text and not self.f.is_text(text):
                self.real_headings += 1
                self.level = HEADINGS[name]
                self.blocks.append(Block(kind="heading", text=text, level=self.level, label=_heading_label(text)))
                if self.styled:  # the page's one h1-h6 ranks above the styled paragraphs
                    self.styles[id(self.blocks[-1])] = (1000.0 - self.level, True, False, False, name)
        elif _is_footnotes(tag, self.f):
            self.footnotes(tag)
        elif name in LISTS:
            self.list(tag, self.list_levels.get(id(tag), 1))
        elif name == "table":
            self.table(tag)
        elif name == "hr":
            return
        elif name in LEAF and not _has_block(tag):
            if self._note(tag):
                return
            if self._anchor_only(tag):
                self._toc()
            elif self.office and name in ("p", "div", "center"):
                self.office_paragraph(tag)
            else:
                self.flow(list(tag.children), bold=_is_bold(tag))
        else:
            if name not in ("body", "main", "article") and self._anchor_only(tag):
                self._toc()
                return
            self.walk(tag)

    # -- paragraphs from inline content

    def flow(self, nodes: list, bold: bool = False) -> None:
        """Inline content (of a <p>, or loose in a <div>) as paragraphs, items and headings."""
        tags = [n for n in nodes if isinstance(n, Tag)]
        if not tags and not any(clean_text(str(n)) for n in nodes):
            return
        if tags and not any(clean_text(str(n)) for n in nodes if isinstance(n, NavigableString)):
            links = [a for n in tags for a in ([n] if n.name == "a" else n.find_all("a"))]
            if self._links_only(links, tags):
                self._toc()  # a skip link, "naar boven", anchors in a row
                return
        groups: list[list[_Line]] = [[]]
        for line in _lines(nodes, bold):
            if line is None:
                groups.append([])
            elif line.text:
                groups[-1].append(line)
        for group in groups:
            self.group(group)

    def group(self, lines: list[_Line]) -> None:
        """Lines between blank lines: items where a line starts with a marker, a bold first
        line heading the rest, other lines joined unless a sentence ends at the break."""
        para: list[str] = []

        def flush() -> None:
            if para:
                self.add("paragraph", " ".join(para))
                para.clear()

        for i, line in enumerate(lines):
            text = line.text
            item = _item(text)
            if item is not None:
                flush()
                self.add("bullet", item[1], label=item[0], level=1)
                continue
            if i == 0 and line.bold and _heading_like(text):
                # bold only: a heading when text follows (decided in `_settle_pseudo`)
                self.add("heading", text, level=min(self.level + 1, 6), label=PSEUDO)
                if self._style is not None and self.blocks and self.blocks[-1].label == PSEUDO:
                    self.styles[id(self.blocks[-1])] = self._style
                continue
            # a <br> joins a wrapped line to the one before, but not after a sentence, nor
            # lines of a table of contents ("Voorwoord 3")
            if para and (_SENTENCE_END.search(para[-1]) or _toc_shaped(para[-1]) or _toc_shaped(text)):
                flush()
            para.append(text)
        flush()

    # -- word processors' exports

    def list_paragraph(self, tag: Tag) -> None:
        """A list paragraph of Word: an item with its typed label, or (no marker) an item when
        its text starts with one, else a paragraph that continues the list."""
        text = _one_line(tag.children)
        label = tag["data-kb-item"]
        if not label:
            item = _item(text)
            if item is None:
                self.flow(list(tag.children))
                return
            label, text = item
        self.add("bullet", text, label=label, level=_int(tag.get("data-kb-level"), 1))

    def office_paragraph(self, tag: Tag) -> None:
        """A paragraph of a word processor's export: a heading by its class (MsoTitle,
        MsoHeading*) or its clearly larger font when short and on one line, else as any <p>."""
        size, italic, underline = _text_style(tag, self.class_sizes, self.body_size)
        bold = _is_bold(tag)
        styled = next((c for c in _classes(tag) if _HEADING_CLASS.match(c)), None)
        lines = [line for line in _lines(tag.children, bold) if line is not None and line.text]
        one = lines[0] if len(lines) == 1 else None
        if one is not None and _heading_like(one.text) and (
                # bold in a larger font than the body: a heading even when numbered ("1. Aanpak")
                (one.bold and size >= self.body_size + 0.5)
                or (not one.bold and _item(one.text) is None and (styled or size >= max(14.0, 1.3 * self.body_size)))):
            self.add("heading", one.text, level=min(self.level + 1, 6), label=PSEUDO)
            if self.blocks and self.blocks[-1].label == PSEUDO:
                self.styles[id(self.blocks[-1])] = (size, one.bold, italic, underline, (styled or "").lower())
            return
        self._style = (size, True, italic, underline, (styled or "").lower())
        try:
            self.flow(list(tag.children), bold=bold)
        finally:
            self._style = None

    # -- lists

    def list(self, tag: Tag, depth: int) -> None:
        if self._anchor_only(tag):
            self._toc()
            return
        kind = _list_type(tag)
        ordered = kind != "•" if kind else tag.name == "ol"
        kind = kind or "1"
        items = [c for c in tag.children if isinstance(c, Tag)]
        n = _int(tag.get("start"), 1) if ordered else 1
        # a Google Docs list continues its numbers across the flat <ol>s it is cut into
        kix = _list_id_level(tag)
        if kix is not None and ordered and not tag.has_attr("start") and "start" not in _classes(tag):
            n = self.counters.get(kix, 0) + 1
        step = -1 if ordered and tag.has_attr("reversed") else 1
        for li in items:
            if li.name != "li":
                if li.name in ("ul", "ol"):
                    self.list(li, depth + 1)
                else:
                    self.element(li)
                continue
            if li.find(list(HEADINGS)) is not None or li.find("table") is not None:
                self.walk(li)  # a card or a layout block in a list, not an item
                n += step
                continue
            if li.has_attr("value"):
                n = _int(li["value"], n)
            nested = [d for d in li.find_all(["ul", "ol", "menu", "dir"]) if d.find_parent(["ul", "ol", "menu", "dir"]) is tag]
            for d in nested:
                d.extract()
            own = list(li.children)
            text = _one_line(own)
            label = _marker_label(kind, n) if ordered else "•"
            written = _item(text)
            if written is not None and (not ordered or written[0].lower() == label.lower()):
                label, text = (written[0] if not ordered or written[0] != "•" else label), written[1]
            elif (decimal := decimal_label(text)) is not None:  # "1.3 Uiterlijk eind 2025 ...": the plan's own number
                label, text = decimal
            if text:
                self.add("bullet", text, label=label, level=depth)
            if kix is not None:  # an item resets the numbers of the levels below it
                self.counters = {k: v for k, v in self.counters.items() if k[0] != kix[0] or k[1] <= kix[1]}
                self.counters[kix] = n
            for d in nested:
                self.list(d, depth + 1)
            n += step

    # -- footnotes

    def footnotes(self, tag: Tag) -> None:
        notes = tag.find_all("li") or tag.find_all("p") or [tag]
        for i, note in enumerate(notes, 1):
            text = _one_line(note.children)
            text = _BACKLINK.sub("", text)
            m = _NOTE_NUMBER.match(text)
            lead = _NOTE_LEAD.match(clean_text(note.get_text(" ")))  # Word: its [n] link went
            label = str(i)
            if m:
                label, text = m.group(1), m.group(2)
            elif lead:
                label = lead.group(1)
            else:
                ident = _TRAILING_NUMBER.search(note.get("id") or "")
                label = ident.group(1) if ident else label
            self.add("footnote", text, label=label)

    def _note(self, tag: Tag) -> bool:
        """A paragraph that opens with a link back to its reference ("[1]" linking to the
        "[1]" in the text, which links here: Google Docs, LibreOffice) is that footnote; so is
        one opening with such a link right after a footnote (its reference went missing)."""
        first = _first_text(tag)
        if not isinstance(first, Tag):
            return False
        m = _NOTE_BACK.match(clean_text(first.get_text()))
        href = (first.get("href") or "").strip()
        own = first.get("id") or first.get("name")
        if not m or not href.startswith("#") or not isinstance(own, str):
            return False
        ref = self.anchors.get(href[1:])
        mutual = ref is not None and ref is not first and (ref.get("href") or "").strip() == "#" + own
        # a note whose reference went missing, in the run of notes: one of them too
        if not mutual and not (self.blocks and self.blocks[-1].kind == "footnote"):
            return False
        first.extract()
        text = _BACKLINK.sub("", _one_line(tag.children))
        self.add("footnote", text, label=m.group(1))
        return True

    # -- tables

    def table(self, tag: Tag) -> None:
        rows = [r for r in tag.find_all("tr") if r.find_parent("table") is tag]
        cells_of = [r.find_all(["td", "th"], recursive=False) for r in rows]
        texts_of = [[_one_line(c.children) for c in cs] for cs in cells_of]  # read once, used thrice
        nonempty = [[t for t in ts if t] for ts in texts_of]
        layout = (
            _attr(tag, "role") in ("presentation", "none")
            or tag.find("table") is not None
            or tag.find(list(HEADINGS)) is not None
            or max((len(ts) for ts in nonempty), default=0) <= 1
            or (len(rows) == 1 and any(len(t) > 200 for t in nonempty[0]))
        )
        caption = tag.find("caption")
        if caption is not None and caption.find_parent("table") is tag:
            self.flow(list(caption.children))
        if layout:
            for cs in cells_of:
                for c in cs:
                    self.walk(c) if _has_block(c) else self.flow(list(c.children), bold=c.name == "th")
            return
        grid = _grid(cells_of, texts_of)
        header_rows = _header_rows(rows, grid)
        columns = _columns(grid[:header_rows]) if header_rows else None
        for r in range(header_rows, len(grid)):
            cells = grid[r]
            texts = [t for t, _ in cells]
            filled = [t for t in texts if t]
            if not filled:
                continue
            if len(filled) >= 2 and all(th for t, th in cells if t) and r > 0 and all(not _FIGURE.match(t) for t in filled):
                columns = _columns([cells])  # a header row in the middle of the table
                continue
            self.row(texts, columns)

    def row(self, texts: list[str], columns: list[str] | None) -> None:
        if columns and len(columns) == len(texts):
            text, cells = row_text(texts, columns), texts
        else:
            cells = [t for t in texts if t]
            text = row_text(cells, None)
        self.add("table_row", text, cells=cells, columns=columns)


def _grid(cells_of: list[list[Tag]], texts_of: list[list[str]]) -> list[list[tuple[str, bool]]]:
    """Rows of (text, is-header) with colspan and rowspan spread out: a spanned header repeats
    its text, a spanned body cell repeats down the rows (a group label stays with each row)
    and is empty across the columns."""
    grid: list[list[tuple[str, bool] | None]] = []
    carry: dict[int, tuple[int, tuple[str, bool]]] = {}  # column -> (rows left, cell)
    for cells, texts in zip(cells_of, texts_of):
        row: list[tuple[str, bool] | None] = []
        col = 0

        def fill_carry() -> None:
            nonlocal col
            while col in carry:
                left, cell = carry[col]
                row.append(cell)
                if left <= 1:
                    del carry[col]
                else:
                    carry[col] = (left - 1, cell)
                col += 1

        for c, text in zip(cells, texts):
            fill_carry()
            is_th = c.name == "th" or _all_bold(c)
            span = max(1, min(_int(c.get("colspan"), 1), 100))
            down = max(1, min(_int(c.get("rowspan"), 1), 1000))
            for k in range(span):
                cell = (text if k == 0 or is_th else "", is_th)
                row.append(cell)
                if down > 1:
                    carry[col] = (down - 1, cell)
                col += 1
        fill_carry()
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [[c or ("", False) for c in r] + [("", False)] * (width - len(r)) for r in grid]


def _all_bold(cell: Tag) -> bool:
    lines = [line for line in _lines(cell.children) if line is not None and line.text]
    return bool(lines) and all(line.bold for line in lines)


def _header_rows(rows: list[Tag], grid: list[list[tuple[str, bool]]]) -> int:
    """How many rows at the top name the columns: those in <thead>, else the leading rows of
    header cells (th, or all bold), else a first row of words over rows with figures."""
    n = 0
    while n < len(rows) and rows[n].find_parent("thead") is not None:
        n += 1
    if n:
        return n
    while n < len(grid) - 1 and all(th for t, th in grid[n] if t) and sum(1 for t, _ in grid[n] if t) >= 2:
        n += 1
    if n:
        return n
    if len(grid) >= 2:
        first = [t for t, _ in grid[0][1:] if t]
        body_figures = any(_FIGURE.match(t) for r in grid[1:] for t, _ in r[1:] if t)
        if first and not any(_FIGURE.match(t) for t in first) and body_figures:
            return 1
    return 0


def _columns(header: list[list[tuple[str, bool]]]) -> list[str]:
    """Per column, the header texts from top to bottom ("District A")."""
    width = max(len(r) for r in header)
    out = []
    for col in range(width):
        names: list[str] = []
        for r in header:
            t = r[col][0] if col < len(r) else ""
            if t and t not in names:
                names.append(t)
        out.append(" ".join(names))
    return out


# ---------------------------------------------------------------- after the walk


_CHAPTER_CELL = re.compile(r"\d{1,2}\.?")  # a chapter number beside the title, not a title
_PAGE_CELL = re.compile(r"\d{1,3}")


def _toc_shaped(line: str) -> bool:
    """A line of the shape "Voorwoord 3" (its last character checked before the pattern)."""
    return line[-1:].isdigit() and _TOC_LINE.match(line) is not None


def _toc_line(b: Block) -> tuple[str, int, bool] | None:
    """(title, page, has leaders) when a block reads like a line of a table of contents."""
    if b.kind == "table_row" and b.cells:
        filled = [c for c in b.cells if c]
        titles = [c for c in filled[:-1] if not _CHAPTER_CELL.fullmatch(c)]
        if titles and _PAGE_CELL.fullmatch(filled[-1]) and not any(_FIGURE.match(c) for c in titles):
            return " ".join(filled[:-1]), int(filled[-1]), False
        return None
    if b.kind not in ("paragraph", "bullet") or not b.text[-1:].isdigit():
        return None  # no page number at its end: checked first, the patterns' lazy runs are slow on long text
    if any(leader in b.text for leader in _LEADER_MARKS):
        m = _LEADERS.match(b.text)
        if m:
            return m.group("title"), int(m.group("page")), True
    if len(b.text.split()) > 15:
        return None  # a title of at most 14 words and its page number
    m = _TOC_LINE.match(b.text)
    if m and not _SENTENCE_END.search(m.group("title")) and len(m.group("title").split()) <= 14:
        return m.group("title"), int(m.group("page")), False
    return None


def _title_key(title: str) -> str:
    """A heading or a contents line as compared: "2.1 Aanpak" and "Aanpak" are one title."""
    return heading_key(_CHAPTER_NO.sub("", title))


def _drop_toc(blocks: list[Block], f: Furniture, deeper: bool = False) -> list[Block]:
    """Tables of contents out: the marks the walk left for dropped link lists, runs of lines
    with page numbers (with dot leaders, or ascending pages beside the page's own headings),
    and the heading over either. Then pseudo-headings settle."""
    headings = {_title_key(b.text) for b in blocks if b.kind == "heading"}
    marked: list[Block] = []
    i = 0
    while i < len(blocks):
        if _toc_line(blocks[i]) is None:
            marked.append(blocks[i])
            i += 1
            continue
        j, pages, leaders, known = i, [], 0, 0
        while j < len(blocks) and (line := _toc_line(blocks[j])) is not None:
            title, page, has_leaders = line
            pages.append(page)
            leaders += has_leaders
            known += _title_key(title) in headings
            j += 1
        ascending = all(a <= b for a, b in zip(pages, pages[1:]))
        if leaders or (j - i >= 3 and ascending and known * 2 >= j - i):
            marked.append(Block(kind="toc", text=""))
        else:
            marked.extend(blocks[i:j])
        i = j
    out: list[Block] = []
    for k, b in enumerate(marked):
        if b.kind == "toc":
            while out and out[-1].kind == "heading" and f.is_toc_heading(out[-1].text):
                out.pop()
            continue
        if b.kind == "heading" and f.is_toc_heading(b.text):
            nxt = marked[k + 1] if k + 1 < len(marked) else None
            if nxt is None or nxt.kind in ("toc", "heading"):
                continue
        out.append(b)
    return _settle_pseudo(out, deeper)


def _settle_pseudo(blocks: list[Block], deeper: bool = False) -> list[Block]:
    """A bold-only paragraph heads what follows it only when text follows (not a heading, not
    the end); otherwise it is the paragraph it was. With `deeper` (levels by style), a deeper
    heading after it is what it heads too."""
    out: list[Block] = []
    for k, b in enumerate(blocks):
        if b.kind == "heading" and b.label == PSEUDO:
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if nxt is None or (nxt.kind == "heading" and not (deeper and (nxt.level or 1) > (b.level or 1))):
                b = Block(kind="paragraph", text=b.text)
            else:
                b = Block(kind="heading", text=b.text, level=b.level, label=_heading_label(b.text))
        out.append(b)
    return out
