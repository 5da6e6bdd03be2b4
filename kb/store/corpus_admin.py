"""Beheer of documents already in the corpus folder: their metadata edited, or the document
removed. Both change only `documents/` (the source of truth); the next ingest makes the
catalog and the index follow, and the precious store is never touched, so decisions
about a removed document stay in the history.

A removed document is not deleted: its file, its metadata and its curation sidecar move
to `<data>/removed/<when>-<document id>/` with a `removed.json` saying who removed it,
when and where it was. A mistaken click loses nothing (the beheer page puts it back), the
documents folder keeps only what is live (so `git status` on a bundled corpus and every
ingest see it gone), and nothing there is ever discovered by an ingest.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from kb.enrich.curation import sidecar_path
from kb.enrich.ids import document_id
from kb.enrich.metadata import META_SUFFIX, meta_path, read_metadata
from kb.errors import KbError, ParseError
from kb.enrich.themes import Taxonomy
from kb.store.authoring import check_names, form_list
from kb.files import atomic_write
from kb.model import LEERDOSSIER
from kb.parse import SUPPORTED

# the fields of a <name>.meta.toml (kb.enrich.metadata.Metadata), in the order they are written
FIELDS = ("title", "kind", "unit", "year", "period", "date", "source", "supersedes", "reports_on", "scope_units",
          "fenomenen", "thema", "eigenaar", "status", "ambities", "voorbeeld")
LISTS = ("reports_on", "scope_units", "fenomenen", "thema", "ambities")
# a leerdossier's fields (kb.enrich.metadata): written for a leerdossier; for another kind only when set
LEERDOSSIER_FIELDS = ("fenomenen", "thema", "eigenaar", "status", "ambities", "voorbeeld")
RECORD = "removed.json"


def source_file(documents_dir: Path, doc: dict) -> Path:
    """The file a catalog document was read from, when it is in the documents folder (a
    document read from a folder given on the command line is not ours to change)."""
    root = Path(documents_dir).resolve()
    rel = Path(str(doc.get("path") or ""))
    path = (root / rel).resolve()
    try:
        inside = path.relative_to(root)
    except ValueError:
        inside = None
    if (inside is None or rel.is_absolute() or any(p.startswith(".") for p in inside.parts)
            or path.suffix.lower() not in SUPPORTED or document_id(path) != doc.get("id")):
        raise KbError(f"document '{doc.get('id')}' staat niet in de documentenmap; het is van elders ingelezen "
                      "en kan hier niet worden bewerkt of verwijderd", status=409)
    if not path.is_file():
        raise KbError(f"het bestand van document '{doc.get('id')}' staat niet (meer) in de documentenmap; "
                      "lees opnieuw in", status=404)
    return path


def current_fields(path: Path) -> dict:
    """What the metadata file beside `path` says, as written (no guesses); {} without one,
    or when it cannot be read (then an edit writes it anew)."""
    meta = meta_path(path)
    try:
        return tomllib.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _clean(fields: dict) -> dict:
    """Form text to TOML values: a year as a number, a period as two years, a date as a
    date, lists from text with commas or lines; empty means not set. For a leerdossier,
    voorbeeld is written even when false and its lists (fenomenen, thema, ambities) even when
    empty, so that clearing one in beheer overrides what its front matter says (the
    .meta.toml wins): beheer can stop a leerdossier counting as evidence."""
    out: dict = {}
    for key in FIELDS:
        value = fields.get(key)
        if isinstance(value, str):
            value = value.strip()
        if key == "voorbeeld":
            value = value if isinstance(value, bool) else str(value or "").lower() in ("1", "ja", "true", "on")
            if value or fields.get("kind") == LEERDOSSIER:
                out[key] = value
            continue
        cleared_list = key in LEERDOSSIER_FIELDS and key in LISTS and fields.get("kind") == LEERDOSSIER
        if value in (None, "", []):
            if cleared_list:
                out[key] = []
            continue
        if key in LISTS:
            value = form_list(value)
            if not value:
                if cleared_list:
                    out[key] = []
                continue
        elif key == "year":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise KbError(f"jaar '{value}' is geen jaartal, zoals 2021") from None
        elif key == "period" and isinstance(value, str):
            m = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", value)
            if m is None:
                raise KbError(f"periode '{value}' is geen planperiode, zoals 2019-2022")
            value = [int(m.group(1)), int(m.group(2))]
        elif key == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise KbError(f"datum '{value}' is geen datum, zoals 2018-11-12") from None
        out[key] = value
    return out


def write_metadata(path: Path, fields: dict, taxonomy: Taxonomy | None = None) -> dict:
    """Write the metadata file beside `path` with `fields` (those of FIELDS; an empty one
    is left out), keeping any other key the file had. Checked as the ingest reads it (with
    its `taxonomy`) before it is written, and written whole (kb.files.atomic_write). The
    fields written."""
    kept = {k: v for k, v in current_fields(path).items() if k not in FIELDS}
    chosen = _clean(fields)
    text = tomli_w.dumps({**chosen, **kept})
    with tempfile.TemporaryDirectory(prefix="kb-meta-") as tmp:
        probe = Path(tmp) / f"probe{META_SUFFIX}"
        probe.write_text(text, encoding="utf-8")
        try:
            read_metadata(probe)
        except ParseError as exc:
            raise KbError(exc.message.replace(f"metadata {probe.name}: ", "").replace(probe.name, "metadata")) from None
    check_names({**chosen, **kept}, taxonomy)  # fenomenen and thema as the ingest resolves them (its themes)
    atomic_write(meta_path(path), text.encode("utf-8"))
    return chosen


@dataclass
class RemovedDocument:
    name: str  # its folder under <data>/removed/
    document_id: str
    title: str
    original: str  # where it was, relative to the documents folder
    by: str
    at: str  # ISO 8601, UTC

    def to_dict(self) -> dict:
        return {"name": self.name, "document_id": self.document_id, "title": self.title, "original": self.original,
                "by": self.by, "at": self.at}


def remove(documents_dir: Path, removed_dir: Path, path: Path, doc: dict, by: str) -> RemovedDocument:
    """Move a document's file with its metadata and curation sidecar out of the documents
    folder into a folder of its own under `removed_dir`."""
    at = dt.datetime.now(dt.timezone.utc)
    folder = removed_dir / f"{at.strftime('%Y%m%d-%H%M%S')}-{doc['id']}"
    n = 2
    while folder.exists():
        folder = removed_dir / f"{at.strftime('%Y%m%d-%H%M%S')}-{doc['id']}-{n}"
        n += 1
    folder.mkdir(parents=True)
    rel = path.resolve().relative_to(Path(documents_dir).resolve()).as_posix()
    record = RemovedDocument(folder.name, doc["id"], str(doc.get("title") or doc["id"]), rel, by,
                             at.isoformat(timespec="seconds"))
    moved: list[Path] = []
    try:
        atomic_write(folder / RECORD, json.dumps(record.to_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
        for part in (meta_path(path), sidecar_path(path), path):  # the document itself last
            if part.is_file():
                shutil.move(part, folder / part.name)
                moved.append(part)
    except OSError:  # a full disk (the data folder on another one): the document stays whole where it was
        for part in moved:
            shutil.move(folder / part.name, part)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return record


def list_removed(removed_dir: Path) -> list[RemovedDocument]:
    """The removed documents, newest first."""
    if not removed_dir.is_dir():
        return []
    found = []
    for folder in removed_dir.iterdir():
        try:
            record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
            found.append(RemovedDocument(**{k: str(record.get(k) or "") for k in
                                            ("name", "document_id", "title", "original", "by", "at")}))
        except (OSError, ValueError, TypeError):
            continue
    return sorted(found, key=lambda r: (r.at, r.name), reverse=True)


def restore(documents_dir: Path, removed_dir: Path, name: str) -> Path:
    """Put a removed document back where it was (its metadata and sidecar too); refused when
    a file of that name is there again."""
    folder = removed_dir / name
    if not name or name != Path(name).name or name.startswith(".") or not (folder / RECORD).is_file():
        raise KbError(f"geen verwijderd document '{name}'", status=404)
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        original = Path(str(record.get("original") or ""))
    except (OSError, ValueError, AttributeError) as exc:
        raise KbError(f"verwijderd document '{name}': {RECORD} is onleesbaar ({exc}); zet het bestand met de "
                      "hand terug", status=409) from None
    if original.is_absolute() or not original.parts or any(p in ("..", ".") or p.startswith(".") for p in original.parts):
        raise KbError(f"verwijderd document '{name}' weet niet waar het stond", status=409)
    dest = Path(documents_dir) / original
    source = folder / original.name
    if not source.is_file():
        raise KbError(f"het bestand van verwijderd document '{name}' ontbreekt", status=404)
    if dest.exists() or meta_path(dest).exists() or sidecar_path(dest).exists():
        raise KbError(f"er staat al een bestand '{original.as_posix()}' (of zijn metadata of ambitiebestand) in de "
                      "documentenmap; hernoem dat eerst", status=409)
    dest.parent.mkdir(parents=True, exist_ok=True)
    moves = [(source, dest)] + [(extra, there) for extra, there in (
        (meta_path(source), meta_path(dest)), (sidecar_path(source), sidecar_path(dest))) if extra.is_file()]
    done: list[tuple[Path, Path]] = []
    try:
        for here, there in moves:  # the document first: without it the others are no document
            shutil.move(here, there)
            done.append((here, there))
    except OSError as exc:
        for here, there in reversed(done):  # all back where they were: never half a document
            shutil.move(there, here)
        raise KbError(f"verwijderd document '{name}' kon niet worden teruggezet ({exc.strerror}); er is niets "
                      "veranderd", status=507 if exc.errno == errno.ENOSPC else 500) from None
    shutil.rmtree(folder)
    return dest
