"""A Markdown file's front matter: the YAML block between two `---` lines at its very start,
where a leerdossier's author writes its metadata (title, kind, fenomenen, status...).

The parser only splits it off and reads it as YAML (`yaml.safe_load`: no tags, no code); what
the fields must be is checked where all metadata is (kb.enrich.metadata). A block that is
not YAML, or not a table of fields, is a ParseError that says so in Dutch.
"""

from __future__ import annotations

import re

import yaml

from kb.errors import ParseError

class _Loader(yaml.SafeLoader):
    """YAML's safe loader that leaves a date as the text it is ("2020-13-01"): the metadata
    check says in Dutch what is wrong with it, where PyYAML would raise a bare ValueError."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_FIELD = re.compile(r"[\w-]+[ \t]*:|- ")  # how front matter's first line starts: a field, or YAML's list item
MAX_FRONT_MATTER = 20_000  # characters: metadata, not a document


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """(the front matter's fields or None, the text after it). The lines it took are kept as
    empty lines, so line-based readers see the rest where it was."""
    opening = _OPEN.match(text)
    close = _CLOSE.search(text, opening.end()) if opening else None
    if close is None:
        return None, text
    block = text[opening.end():close.start()]
    first = next((line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if first and not _FIELD.match(first):
        return None, text  # a thematic break that opens the text ("---", then prose or a heading), not front matter
    if len(block) > MAX_FRONT_MATTER:
        limit = f"{MAX_FRONT_MATTER:,}".replace(",", ".")
        raise ParseError("metadata", f"de front matter (tussen de twee regels '---' bovenaan) is langer dan "
                         f"{limit} tekens; metadata hoort kort te zijn")
    try:
        fields = yaml.load(block, Loader=_Loader) if block.strip() else {}  # noqa: S506 (a safe loader)
    except RecursionError:
        raise ParseError("metadata", "de front matter (tussen de twee regels '---' bovenaan) is te diep genest; "
                         "metadata is een lijst van velden") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 2})" if mark is not None else ""
        raise ParseError("metadata", f"de front matter (tussen de twee regels '---' bovenaan) is geen geldige YAML{where}: "
                         f"{getattr(exc, 'problem', None) or 'onleesbaar'}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise ParseError("metadata", "de front matter (tussen de twee regels '---' bovenaan) moet velden bevatten, "
                         "zoals 'title: Leerdossier hennepteelt'")
    end = close.end()
    newline = text.find("\n", end)
    rest_at = len(text) if newline == -1 else newline + 1
    return fields, "\n" * text.count("\n", 0, rest_at) + text[rest_at:]
