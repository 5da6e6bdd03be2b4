"""Document metadata: read from `<name>.meta.toml` beside the file, or guessed with a warning.

Fields: title, kind (plan | jaarverslag | jaarplan | leerdossier | overig), unit,
year (reporting year), period ([2019, 2022] or "2019-2022"), date (adoption or
publication, YYYY-MM-DD) and source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from kb.datafiles import DataModel, Text, load, rule, says
from kb.errors import ParseError
from kb.model import DOCUMENT_KINDS, Document
from kb.text import FIRST_YEAR, LAST_YEAR, YEAR, YEAR_WORD
from kb.text import MAX_SPAN as MAX_PERIOD_YEARS

META_SUFFIX = ".meta.toml"
_PERIOD_TEXT = re.compile(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*")


def meta_path(doc_path: Path) -> Path:
    return doc_path.with_name(doc_path.stem + META_SUFFIX)


def _period_text(value: object) -> object:
    """"2019-2022" is the same period as [2019, 2022]."""
    if isinstance(value, str) and (m := _PERIOD_TEXT.fullmatch(value)):
        return [int(m.group(1)), int(m.group(2))]
    return value


def _plausible(period: tuple[int, int]) -> tuple[int, int]:
    start, end = period
    if not (FIRST_YEAR <= start <= LAST_YEAR and FIRST_YEAR <= end <= LAST_YEAR):
        raise rule(f"moet twee jaartallen tussen {FIRST_YEAR} en {LAST_YEAR} zijn, zoals [2019, 2022]")
    if start > end:
        raise rule("moet met het vroegste jaar beginnen, zoals [2019, 2022]")
    if end - start >= MAX_PERIOD_YEARS:
        raise rule(f"mag hooguit {MAX_PERIOD_YEARS} jaar beslaan, zoals [2019, 2022]")
    return period


def _date_text(value: object) -> object:
    """A TOML date, a TOML date-time (its day) or the text "2018-11-12"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _plausible_date(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise rule(f"moet een datum tussen {FIRST_YEAR} en {LAST_YEAR} zijn, zoals 2018-11-12")
    return value


_Whole = Annotated[int, Field(strict=True)]
ReportingYear = Annotated[_Whole, Field(ge=FIRST_YEAR, le=LAST_YEAR), says("moet een jaartal zijn, zoals 2020")]
PlanPeriod = Annotated[tuple[_Whole, _Whole], BeforeValidator(_period_text), AfterValidator(_plausible),
                 says('moet twee jaartallen zijn, zoals [2019, 2022] of "2019-2022"')]
DocumentDate = Annotated[dt.date, Field(strict=True), BeforeValidator(_date_text), AfterValidator(_plausible_date),
                         says("moet een datum zijn als 2018-11-12")]
DocumentKind = Annotated[Literal[DOCUMENT_KINDS], says(f"moet een van {', '.join(DOCUMENT_KINDS)} zijn")]


class Metadata(DataModel):
    """A `<doc>.meta.toml`: every field optional, what is missing is guessed from the text."""

    title: Text | None = None
    unit: Text | None = None
    source: Text | None = None
    kind: DocumentKind | None = None
    year: ReportingYear | None = None
    period: PlanPeriod | None = None
    date: DocumentDate | None = None



def read_metadata(path: Path) -> dict:
    """The validated fields of a metadata file (only those it sets)."""

    def fail(message: str) -> ParseError:
        return ParseError("metadata", f"metadata {path.name}: {message}")

    return load(path, Metadata, fail).model_dump(exclude_unset=True)


PERIOD = re.compile(rf"\b({YEAR})\s*[-–]\s*({YEAR})\b")


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
    elif (m := YEAR_WORD.search(title)) or (m := YEAR_WORD.search(stem)):
        out["year"] = int(m.group(1))
    elif kind in ("jaarverslag", "jaarplan"):
        counts = Counter(int(y) for y in YEAR_WORD.findall(text))
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
