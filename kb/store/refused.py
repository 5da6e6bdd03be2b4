"""Files the ingest refused, set aside: a file of the documents folder that cannot be read
(a zip renamed to .pdf, a damaged or encrypted PDF, binary content in a .txt) would
otherwise stay there for ever and be refused again by every later ingest.

It moves to `<documents>/.geweigerd/<name>` (its metadata beside it) with
`<name>.reden.json`: why, when and where it came from. Discovery skips the folder (its
name starts with a dot, kb.ingest.discover). The beheer page lists the files; it removes
them or puts one back for another try (`restore`).

Only files inside the library's documents folder are moved, never a path given from
elsewhere, and only for a refusal that says the file itself is bad (MOVE_REASONS): not a
duplicate document id, an error in the metadata file, a file that could not be read at
all (permissions), a file type discovery does not take, nor an unexpected error (a bug in
this program is no reason to hide a good file). A file over a size limit (too_big: a PDF
drawing millions of glyphs, a text of tens of MB) is set aside too, or every ingest would
spend its time refusing it again; after a setting was raised, "opnieuw proberen" puts it
back.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from kb.enrich.metadata import META_SUFFIX, meta_path
from kb.errors import KbError
from kb.files import atomic_write
from kb.parse import SUPPORTED

if TYPE_CHECKING:
    from kb.ingest import FileOutcome

FOLDER = ".geweigerd"
REASON_SUFFIX = ".reden.json"
# refusals (kb.errors.ParseError.reason) that say the file itself is bad
MOVE_REASONS = frozenset({"empty", "encrypted", "damaged", "no_text", "unsupported", "encoding", "binary",
                          "too_deep", "too_big"})


@dataclass
class RefusedFile:
    name: str  # the file's name in the folder of refused files
    original: str  # where it was, relative to the documents folder
    reason: str  # the ingest's short code (kb.errors.ParseError.reason)
    message: str  # what the ingest said, in Dutch
    at: str  # when it was set aside (ISO 8601, UTC)
    size: int

    def to_dict(self) -> dict:
        return {"name": self.name, "original": self.original, "reason": self.reason, "message": self.message,
                "at": self.at, "size": self.size}


def refused_dir(documents_dir: Path) -> Path:
    return Path(documents_dir) / FOLDER


def set_aside_refused(documents_dir: Path, outcomes: list[FileOutcome]) -> list[Path]:
    """After an ingest: move its refused files of the documents folder (each with its
    metadata) into the folder of refused files, and say so in each outcome's error. The
    new paths."""
    documents_dir = Path(documents_dir).resolve()
    candidates = [o for o in outcomes if _inside(documents_dir, Path(o.path)) is not None
                  and Path(o.path).suffix.lower() in SUPPORTED]
    bad = [o for o in candidates if o.error and o.reason in MOVE_REASONS]
    return [dest for o in bad if (dest := _set_aside(documents_dir, o)) is not None]


def _inside(documents_dir: Path, path: Path) -> Path | None:
    """`path` relative to the documents folder, or None when it is outside it or hidden
    (already set aside, say)."""
    try:
        rel = path.resolve().relative_to(documents_dir)
    except (ValueError, OSError):
        return None
    return None if any(part.startswith(".") for part in rel.parts) else rel


def _set_aside(documents_dir: Path, outcome: FileOutcome) -> Path | None:
    path = Path(outcome.path)
    rel = _inside(documents_dir, path)
    if rel is None or not path.is_file():
        return None
    folder = refused_dir(documents_dir)
    try:
        folder.mkdir(exist_ok=True)
        dest = _free_name(folder, path.name)
        os.replace(path, dest)
        _move_metadata(path, dest)
        record = {"original": rel.as_posix(), "reason": outcome.reason or "", "message": outcome.error,
                  "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        atomic_write(folder / f"{dest.name}{REASON_SUFFIX}",
                     json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as exc:  # a read-only folder: the file stays and is refused again next time
        outcome.error += f" (niet apart gezet: {exc.strerror or exc})"
        return None
    outcome.error += f"; verplaatst naar {documents_dir.name}/{FOLDER}/{dest.name}"
    return dest


def _free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, or `stem-2.ext`, `stem-3.ext`... when an earlier refusal has it."""
    dest = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while dest.exists() or meta_path(dest).exists():
        dest = folder / f"{stem}-{n}{suffix}"
        n += 1
    return dest


def _move_metadata(source: Path, dest: Path) -> None:
    """The metadata goes with the file; copied instead when another document of the same
    stem (rapport.txt beside rapport.pdf) still uses it."""
    meta = meta_path(source)
    if not meta.exists():
        return
    shared = any(p != source and p.suffix.lower() in SUPPORTED for p in source.parent.glob(f"{source.stem}.*"))
    if shared:
        shutil.copy2(meta, meta_path(dest))
    else:
        os.replace(meta, meta_path(dest))


def list_refused(documents_dir: Path) -> list[RefusedFile]:
    """The files set aside, newest first."""
    folder = refused_dir(documents_dir)
    if not folder.is_dir():
        return []
    found = []
    for f in folder.iterdir():
        if not f.is_file() or f.name.startswith(".") or f.name.endswith((REASON_SUFFIX, META_SUFFIX)):
            continue
        record = _record(f)
        found.append(RefusedFile(name=f.name, original=str(record.get("original") or f.name),
                                 reason=str(record.get("reason") or ""),
                                 message=str(record.get("message") or "reden onbekend"),
                                 at=str(record.get("at") or ""), size=f.stat().st_size))
    return sorted(found, key=lambda r: (r.at, r.name), reverse=True)


def _record(file: Path) -> dict:
    try:
        record = json.loads((file.parent / f"{file.name}{REASON_SUFFIX}").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _find(documents_dir: Path, name: str) -> Path:
    """A refused file by its name, as the beheer page gives it: only a plain name of a file
    in the folder of refused files (no path, no metadata or reason file)."""
    folder = refused_dir(documents_dir)
    if (not name or name != Path(name).name or name.startswith(".") or name.endswith((REASON_SUFFIX, META_SUFFIX))
            or not (folder / name).is_file()):
        raise KbError(f"geen geweigerd bestand '{name}'", status=404)
    return folder / name


def remove(documents_dir: Path, name: str) -> None:
    """Delete a refused file with its metadata and reason."""
    file = _find(documents_dir, name)
    file.unlink()
    meta_path(file).unlink(missing_ok=True)
    (file.parent / f"{file.name}{REASON_SUFFIX}").unlink(missing_ok=True)


def restore(documents_dir: Path, name: str) -> Path:
    """Put a refused file (and its metadata) back where it was, for another try (after a fix
    in the program, say); refused when a file of that name is there again."""
    file = _find(documents_dir, name)
    documents_dir = Path(documents_dir).resolve()
    original = Path(str(_record(file).get("original") or name))
    if original.is_absolute() or any(part in ("", ".", "..") or part.startswith(".") for part in original.parts):
        original = Path(name)
    dest = documents_dir / original
    if dest.exists() or (meta_path(dest).exists() and meta_path(file).exists()):
        raise KbError(f"er staat al een bestand '{original.as_posix()}' in de documentenmap; verwijder dit "
                      "geweigerde bestand of hernoem het andere", status=409)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if meta_path(file).exists():
        os.replace(meta_path(file), meta_path(dest))
    os.replace(file, dest)
    (file.parent / f"{file.name}{REASON_SUFFIX}").unlink(missing_ok=True)
    return dest
