"""Writing a new leerdossier: the template (kb/data/leerdossier-sjabloon.md) filled with an
author's metadata as YAML front matter, to download and write on in an editor, or to add to
the documents folder at once (then the ingest reads it like any other Markdown file).

The values are checked here by the same rules the ingest applies (kb.enrich.metadata for the
fields, kb.enrich.learning for fenomenen and thema), so what beheer writes the ingest accepts:
a mistake is a Dutch KbError before anything is written. An ambition key that no current plan
has is allowed (the plan may come later) but said as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from kb.enrich.learning import resolve_names
from kb.enrich.metadata import META_SUFFIX, check_front_matter
from kb.enrich.themes import Taxonomy, load_taxonomy
from kb.errors import KbError, ParseError
from kb.files import atomic_write
from kb.model import LEERDOSSIER
from kb.parse import SUPPORTED
from kb.parse.frontmatter import split_front_matter
from kb.text import fold, slugify

TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "leerdossier-sjabloon.md"
TEMPLATE_NAME = "leerdossier-sjabloon.md"
# the front matter's keys, in the order the template has them
KEYS = ("title", "kind", "unit", "date", "fenomenen", "thema", "eigenaar", "status", "ambities", "voorbeeld", "source")
LISTS = ("fenomenen", "thema", "ambities")
MAX_TITLE = 300
# what the form calls the fields whose front matter key is English
LABELS = {"title": "titel", "unit": "eenheid", "date": "datum", "source": "bron"}
_TRUE = ("1", "ja", "true", "on", "waar")


def template_text() -> str:
    """The template as it is on disk (the "leeg sjabloon")."""
    return TEMPLATE.read_text(encoding="utf-8")


@dataclass
class Draft:
    """A filled template: its text, the file name it gets, the checked fields, and what
    the author should know (an ambition no current plan has)."""

    text: str
    file_name: str
    fields: dict
    warnings: list[str] = field(default_factory=list)


def form_list(value: object) -> list[str]:
    """A list field as a form or a command gives it: a list, or text with commas or lines."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,\n]", str(value or ""))
    return [str(x).strip() for x in items if str(x).strip()]


def _clean(fields: dict) -> dict:
    """Form text or CLI options to front matter values: text stripped (empty is not set),
    lists from a list or from text with commas, voorbeeld a bool, kind always leerdossier."""
    out: dict = {}
    for key in KEYS:
        value = fields.get(key)
        if key in LISTS:
            out[key] = form_list(value)
        elif key == "voorbeeld":
            out[key] = value if isinstance(value, bool) else str(value or "").strip().lower() in _TRUE
        elif isinstance(value, str):
            out[key] = " ".join(value.split()) or None
        else:
            out[key] = value
    out["kind"] = LEERDOSSIER
    out["status"] = (out.get("status") or "concept")
    if isinstance(out["status"], str):
        out["status"] = out["status"].lower()
    return out


def check_names(fields: dict, taxonomy: Taxonomy | None = None) -> dict:
    """fenomenen and thema as the slugs of the data files (in place, and returned), or a KbError
    naming the choices, as the ingest says it (kb.enrich.learning.resolve_metadata).
    `taxonomy`: the library's themes (Library.taxonomy); else the bundled file's."""
    try:
        phenomena, themes = resolve_names(list(fields.get("fenomenen") or []), list(fields.get("thema") or []),
                                          taxonomy or load_taxonomy())
    except ParseError as exc:
        raise KbError(exc.message) from None
    if fields.get("fenomenen"):
        fields["fenomenen"] = phenomena
    if fields.get("thema"):
        fields["thema"] = themes
    return fields


def check_fields(fields: dict, known_ambitions: Iterable[str] | None = None,
                 taxonomy: Taxonomy | None = None) -> tuple[dict, list[str]]:
    """The fields checked and cleaned (all KEYS, empty ones None or []), and the warnings.
    `known_ambitions`: the keys of the current plans' ambitions; None when not known (no
    catalog yet): then no ambition is warned about."""
    clean = _clean(fields)
    if not clean.get("title"):
        raise KbError("geef het leerdossier een titel")
    if len(clean["title"]) > MAX_TITLE:
        raise KbError(f"de titel is langer dan {MAX_TITLE} tekens")
    if not re.search(r"[^\W_]", clean["title"]):
        raise KbError("de titel moet letters of cijfers bevatten")
    given = {k: v for k, v in clean.items() if v not in (None, [])}
    try:
        checked = check_front_matter(given)
    except ParseError as exc:
        message = exc.message.replace("front matter: ", "")
        for key, label in LABELS.items():
            message = message.replace(f"'{key}'", f"'{label}'")
        raise KbError(message) from None
    clean.update(checked)
    for key in LISTS:
        clean[key] = list(clean.get(key) or [])
    check_names(clean, taxonomy)
    warnings = []
    if known_ambitions is not None:
        known = set(known_ambitions)
        unknown = [k for k in clean["ambities"] if k not in known]
        if unknown:
            warnings.append(f"ambitie {', '.join(unknown)} staat in geen huidig plan; controleer de sleutel "
                            "(het leerdossier is wel gemaakt)" if len(unknown) == 1 else
                            f"ambities {', '.join(unknown)} staan in geen huidig plan; controleer de sleutels "
                            "(het leerdossier is wel gemaakt)")
    return clean, warnings


def _front_matter(fields: dict) -> str:
    """The YAML of the fields (yaml.safe_dump, in the template's order, a list on one line);
    an empty value stays as an empty key, so the author sees every field there is."""
    values = {key: list(fields[key]) if isinstance(fields.get(key), tuple) else fields.get(key) for key in KEYS}
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)
    return re.sub(r"^(\w+): null$", r"\1:", dumped, flags=re.MULTILINE)


def fill(fields: dict) -> str:
    """The template with `fields` (checked) as its front matter and the title as its first
    heading. The template's comments stay at the top of the front matter."""
    text = template_text()
    _, body = split_front_matter(text)
    block = text.split("\n---", 1)[0]
    comments = "".join(f"{line}\n" for line in block.splitlines()[1:] if line.startswith("#"))
    body = body.lstrip("\n")
    body = re.sub(r"\A# .*$", lambda _: f"# {fields['title']}", body, count=1, flags=re.MULTILINE)
    return f"---\n{comments}{_front_matter(fields)}---\n{body}"


def new_leerdossier(fields: dict, known_ambitions: Iterable[str] | None = None, taxonomy: Taxonomy | None = None) -> str:
    """The Markdown text of a new leerdossier: the template filled with `fields` (keys as in
    the front matter: title, unit, date, fenomenen, thema, eigenaar, status, ambities,
    voorbeeld, source). A KbError in Dutch for a value the ingest would refuse."""
    return draft(fields, known_ambitions, taxonomy).text


def file_name(title: str) -> str:
    """The file name of a leerdossier with this title: its words, as a document id is made."""
    stem = slugify(title, max_words=10)
    if not re.search(r"[^\W_]", title):
        raise KbError("de titel moet letters of cijfers bevatten")
    return f"{stem}.md"


def draft(fields: dict, known_ambitions: Iterable[str] | None = None, taxonomy: Taxonomy | None = None) -> Draft:
    clean, warnings = check_fields(fields, known_ambitions, taxonomy)
    return Draft(fill(clean), file_name(clean["title"]), clean, warnings)


def taken(documents_dir: Path, name: str, title: str, documents: Iterable[dict] = ()) -> str | None:
    """Why a new document `name` with `title` may not be written, or None: a file of that
    name (any supported type, or its metadata) in the documents folder, or a document in the
    catalog with that id or that title."""
    stem = Path(name).stem
    folder = Path(documents_dir)
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.lower() == f"{stem}{META_SUFFIX}" or (p.stem.lower() == stem and p.suffix.lower() in SUPPORTED):
                return f"er is al een document '{p.name}' in de documentenmap; kies een andere titel"
    wanted = fold(" ".join(title.split()))
    for doc in documents:
        if doc.get("id") == stem:
            return f"er is al een document '{stem}'; kies een andere titel"
        if fold(" ".join(str(doc.get("title") or "").split())) == wanted:
            return f"er is al een document met de titel '{doc.get('title')}'; kies een andere titel"
    return None


def add_leerdossier(documents_dir: Path, fields: dict, known_ambitions: Iterable[str] | None = None,
                    documents: Iterable[dict] = (), taxonomy: Taxonomy | None = None) -> tuple[Path, Draft]:
    """Write a new leerdossier into the documents folder (never over an existing file: a
    KbError in Dutch, status 409). The front matter is its metadata; no .meta.toml is
    written, so the author's later edits of the Markdown count."""
    made = draft(fields, known_ambitions, taxonomy)
    why = taken(documents_dir, made.file_name, made.fields["title"], documents)
    if why:
        raise KbError(why, status=409)
    path = Path(documents_dir) / made.file_name
    try:
        atomic_write(path, made.text.encode("utf-8"), exclusive=True)  # whole, never over one that appeared meanwhile
    except FileExistsError:
        raise KbError(f"er is al een document '{path.name}' in de documentenmap; kies een andere titel",
                      status=409) from None
    return path, made


def check_markdown(data: bytes, taxonomy: Taxonomy | None = None) -> dict | None:
    """An uploaded Markdown file's front matter, checked as the ingest will (fields, fenomenen,
    thema): its fields, or None when it has none; a KbError in Dutch when the ingest would
    refuse it, so a bad upload is refused before anything is written."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # said by the upload's own check of the content
    try:
        front, _ = split_front_matter(text)
        if front is None:
            return None
        checked = check_front_matter(front)
    except ParseError as exc:
        raise KbError(exc.message) from None
    check_names(dict(checked), taxonomy)
    return checked

