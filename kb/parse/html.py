"""HTML to blocks with beautifulsoup4: h1-h6 give the outline, p/li/td give the text.

Scripts, styles, navigation, forms and comments are dropped; only text is kept, never markup.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kb.model import Block, ParsedDocument
from kb.text import normalize_space
from kb.errors import ParseError
from kb.parse.outline import build_outline
from kb.parse.text import decode

DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
        "iframe", "object", "embed", "svg", "canvas", "button", "select", "input", "textarea", "head")
HEADINGS = {f"h{i}": i for i in range(1, 7)}
BLOCKS = {"p", "li", "blockquote", "pre", "dd", "dt", "figcaption", "caption", "address"}


def _text(node: Tag) -> str:
    return normalize_space(node.get_text(" "))


MAX_DEPTH = 250  # elements within elements; real pages stay far below, the reader recurses


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


def parse_html(data: bytes) -> ParsedDocument:
    text = decode(data)
    try:
        return _parse(text)
    except RecursionError:  # deep in a library, past the check below
        raise _too_deep() from None


def _parse(text: str) -> ParsedDocument:
    soup = BeautifulSoup(text, "html.parser")
    if _depth_over(soup, MAX_DEPTH):
        raise _too_deep()
    title_tag = soup.find("title")
    page_title = normalize_space(title_tag.get_text()) if title_tag else ""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP):
        tag.decompose()
    body = soup.body or soup
    blocks: list[Block] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                t = normalize_space(str(child))
                if t and node is body:
                    blocks.append(Block(kind="paragraph", text=t))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in HEADINGS:
                t = _text(child)
                if t:
                    blocks.append(Block(kind="heading", text=t, level=HEADINGS[name]))
            elif name == "tr":
                cells = [_text(c) for c in child.find_all(["td", "th"], recursive=False)]
                cells = [c for c in cells if c]
                if cells:
                    is_header = all(c.name == "th" for c in child.find_all(["td", "th"], recursive=False))
                    if is_header and walk_columns:
                        walk_columns[-1] = cells
                    else:
                        blocks.append(Block(kind="table_row", text=" | ".join(cells), cells=cells,
                                            columns=(walk_columns[-1] or None) if walk_columns else None))
            elif name == "table":
                walk_columns.append([])
                walk(child)
                walk_columns.pop()
            elif name == "li":
                nested = child.find(["ul", "ol"])
                if nested is not None:
                    nested.extract()
                t = _text(child)
                if t:
                    parent = child.parent
                    label = "•"
                    if parent is not None and parent.name == "ol":
                        items = [c for c in parent.find_all("li", recursive=False)]
                        label = str(items.index(child) + 1) if child in items else "•"
                    blocks.append(Block(kind="bullet", text=t, label=label))
                if nested is not None:
                    walk(nested)
            elif name in BLOCKS:
                t = _text(child)
                if t:
                    blocks.append(Block(kind="paragraph", text=t))
            else:
                walk(child)

    walk_columns: list[list[str]] = []
    walk(body)
    blocks = build_outline(blocks)
    if not any(b.text for b in blocks):
        raise ParseError("no_text", "geen leesbare tekst in dit HTML-bestand")
    title = page_title or next((b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, title=title)
