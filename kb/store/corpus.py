"""Adding a document to the corpus folder: the file and its metadata, checked before
anything is written and written whole (temporary file, then rename), so a bad upload
leaves the corpus as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tomli_w

from kb.enrich.curation import SIDECAR_SUFFIX
from kb.enrich.metadata import META_SUFFIX, meta_path, read_metadata
from kb.errors import KbError, ParseError
from kb.files import atomic_write
from kb.parse import SUPPORTED
from kb.text import slugify


SKIPPED_NAMES = ("readme.md", "readme.txt", "readme")  # a folder's own explanation, not a document


def skipped_by_discovery(name: str) -> bool:
    """A file name that the ingest passes over (hidden, metadata, a plan's curation sidecar, a
    README): an upload must never get one, or its document would silently never appear."""
    return (name.startswith(".") or name.endswith(META_SUFFIX) or name.endswith(SIDECAR_SUFFIX)
            or name.lower() in SKIPPED_NAMES)


def _toml(fields: dict) -> str:
    """The metadata file of the fields that are set; the period as "2019-2022", which
    read_metadata takes as text."""
    chosen = {k: fields.get(k) for k in ("title", "kind", "unit", "year", "period", "date", "source", "supersedes")}
    return tomli_w.dumps({k: int(v) if k == "year" else str(v) for k, v in chosen.items() if v not in (None, "", [])})


def _check_content(suffix: str, data: bytes) -> None:
    """The type by content, not by name: a PDF starts with %PDF-, the text formats are
    UTF-8 without NUL bytes (an executable renamed to .txt or .pdf is refused)."""
    if SUPPORTED[suffix] == "pdf":
        if b"%PDF-" not in data[:1024]:
            raise KbError("dit bestand heet .pdf maar is geen PDF")
        return
    if b"\x00" in data:
        raise KbError(f"dit bestand heet {suffix} maar is geen tekst (binaire inhoud)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise KbError(f"dit bestand heet {suffix} maar is geen geldige UTF-8-tekst") from None


def add_document(documents_dir: Path, filename: str, data: bytes, fields: dict, replace: bool = False) -> Path:
    """Write `data` as a document named after its title (or file name) with a metadata
    file beside it. `fields`: title, kind, unit, year, period ("2019-2022"), date, source,
    supersedes (the document id of the plan version it replaces)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUPPORTED:
        raise KbError(f"bestandstype '{suffix or '?'}' wordt niet ondersteund (wel: {', '.join(sorted(SUPPORTED))})")
    if not data:
        raise KbError("het bestand is leeg")
    _check_content(suffix, data)
    stem = slugify(fields.get("title") or Path(filename).stem, max_words=10)
    if not stem:
        raise KbError("geef een titel of een bestandsnaam met letters")
    if skipped_by_discovery(f"{stem}{suffix}"):
        raise KbError(f"het bestand zou '{stem}{suffix}' heten, en zo'n bestand slaat het inlezen over "
                      "(het is de uitleg bij de map); kies een andere titel")
    documents_dir.mkdir(parents=True, exist_ok=True)
    path = documents_dir / f"{stem}{suffix}"
    meta = meta_path(path)
    others = [p for p in documents_dir.glob(f"{stem}.*") if p.suffix.lower() in SUPPORTED]
    if others and not replace:
        raise KbError(f"er is al een document '{others[0].name}'; kies 'vervangen' of een andere titel")
    clean = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    try:
        clean["year"] = int(clean["year"]) if clean.get("year") not in (None, "") else None
    except (TypeError, ValueError):
        raise KbError(f"jaar '{clean.get('year')}' is geen jaartal") from None
    text = _toml(clean)
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / f"probe{META_SUFFIX}"
        probe.write_text(text, encoding="utf-8")
        try:
            read_metadata(probe)
        except ParseError as exc:
            raise KbError(exc.message.replace(f"metadata {probe.name}: ", "").replace(str(probe), "metadata")
                          .replace(probe.name, "metadata")) from None
    for old in others:
        if old != path:
            old.unlink()
    atomic_write(meta, text.encode("utf-8"))
    atomic_write(path, data)
    return path
