"""Document metadata: read from `<name>.meta.toml` beside the file, or guessed with a warning.

Fields: title, kind (plan | jaarverslag | jaarplan | leerdossier | overig), unit,
year (reporting year), period ([2019, 2022] or "2019-2022"), date (adoption or
publication, YYYY-MM-DD) and source.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from pathlib import Path

from kb.errors import ParseError
from kb.model import DOCUMENT_KINDS, Document

META_SUFFIX = ".meta.toml"
KNOWN_FIELDS = {"title", "kind", "unit", "year", "period", "date", "source"}


def meta_path(doc_path: Path) -> Path:
    return doc_path.with_name(doc_path.stem + META_SUFFIX)


def _fail(path: Path, message: str) -> None:
    raise ParseError("metadata", f"metadata {path.name}: {message}")


def read_metadata(path: Path) -> dict:
    """The validated fields of a metadata file (only those it sets)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _fail(path, "geen geldige UTF-8")
    except tomllib.TOMLDecodeError as exc:
        _fail(path, f"geen geldige TOML ({exc})")
    out: dict = {}
    unknown = set(raw) - KNOWN_FIELDS
    if unknown:
        _fail(path, f"onbekend veld {', '.join(sorted(unknown))} (toegestaan: {', '.join(sorted(KNOWN_FIELDS))})")
    for key in ("title", "unit", "source"):
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key].strip():
                _fail(path, f"'{key}' moet een niet-lege tekst zijn (kreeg {raw[key]!r})")
            out[key] = raw[key].strip()
    if "kind" in raw:
        if raw["kind"] not in DOCUMENT_KINDS:
            _fail(path, f"'kind' moet een van {', '.join(DOCUMENT_KINDS)} zijn (kreeg {raw['kind']!r})")
        out["kind"] = raw["kind"]
    if "year" in raw:
        if not isinstance(raw["year"], int) or isinstance(raw["year"], bool) or not 1900 <= raw["year"] <= 2100:
            _fail(path, f"'year' moet een jaartal zijn, zoals 2020 (kreeg {raw['year']!r})")
        out["year"] = raw["year"]
    if "period" in raw:
        period = raw["period"]
        if isinstance(period, str) and (m := re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", period)):
            period = [int(m.group(1)), int(m.group(2))]
        if (
            not isinstance(period, list) or len(period) != 2
            or not all(isinstance(p, int) and not isinstance(p, bool) for p in period) or period[0] > period[1]
        ):
            _fail(path, f"'period' moet twee jaartallen zijn, zoals [2019, 2022] of \"2019-2022\" (kreeg {raw['period']!r})")
        out["period"] = (period[0], period[1])
    if "date" in raw:
        value = raw["date"]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                _fail(path, f"'date' moet een datum zijn als 2018-11-12 (kreeg {raw['date']!r})")
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            _fail(path, f"'date' moet een datum zijn als 2018-11-12 (kreeg {raw['date']!r})")
        out["date"] = value
    return out


YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


def guess_metadata(stem: str, title: str | None, text: str) -> dict:
    """Sensible guesses for a file without metadata: title from its first heading, kind from
    words in its title or name, the year or period from the title or else the text."""
    title = (title or stem.replace("-", " ").replace("_", " ")).strip()
    haystack = f"{title} {stem}".lower()
    if "jaarverslag" in haystack:
        kind = "jaarverslag"
    elif "jaarplan" in haystack:
        kind = "jaarplan"
    elif "leerdossier" in haystack:
        kind = "leerdossier"
    elif re.search(r"plan|strategisch|beleidsplan|veiligheidsplan", haystack):
        kind = "plan"
    else:
        kind = "overig"
    out: dict = {"title": title, "kind": kind}
    if (m := PERIOD.search(title)) and int(m.group(1)) < int(m.group(2)):
        out["period"] = (int(m.group(1)), int(m.group(2)))
    elif (m := YEAR.search(title)) or (m := YEAR.search(stem)):
        out["year"] = int(m.group(1))
    elif kind in ("jaarverslag", "jaarplan"):
        counts = Counter(int(y) for y in YEAR.findall(text))
        if counts:
            out["year"] = counts.most_common(1)[0][0]
    return out


def make_document(doc_id: str, rel_path: str, fields: dict, content_hash: str, pages: int | None, guessed: bool) -> Document:
    return Document(
        id=doc_id,
        path=rel_path,
        title=fields.get("title") or doc_id,
        kind=fields.get("kind", "overig"),
        unit=fields.get("unit"),
        year=fields.get("year"),
        period=fields.get("period"),
        date=fields.get("date"),
        source=fields.get("source"),
        content_hash=content_hash,
        pages=pages,
        metadata_guessed=guessed,
    )
