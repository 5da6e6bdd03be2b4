"""Document metadata: read from `<name>.meta.toml` beside the file, or guessed with a warning.

Fields: title, kind (one of kb.model.DOCUMENT_KINDS: plan, jaarverslag, jaarplan,
voortgangsrapportage, evaluatie, veiligheidsbeeld, leerdossier, overig), unit,
year (reporting year), period ([2019, 2022] or "2019-2022"), date (adoption or
publication, YYYY-MM-DD) and source. A leerdossier adds fenomenen (names from
kb/data/fenomenen.toml), thema (theme slugs or names), eigenaar (the team), status (concept or
afgerond), ambities (the plan keys it serves, "ondermijning-4e") and voorbeeld (true: written
as an example, never evidence in a trace). A Markdown file may carry the same fields as YAML
front matter; its `.meta.toml` wins where both set a field. The language of a document is recognised from its
text (kb.lang.language), not given here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from kb.datafiles import DataModel, Regex, Text, check, edition, load, rule, says
from kb.errors import ParseError
from kb.lang.words import data_file_error
from kb.model import DOCUMENT_KINDS, LEERDOSSIER_STATUSES, REPORT_KINDS, Document
from kb.text import FIRST_YEAR, LAST_YEAR, SLUG, YEAR, fold
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


def _one_or_list(value: object) -> object:
    """"hennepteelt" is the list ["hennepteelt"]; "a, b" in one text is two names."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()] or [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    return value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _plausible_key(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise rule("moet sleutels van ambities bevatten zoals ondermijning-4e (kleine letters, cijfers, streepjes)")
    return value


AmbitionKey = Annotated[str, BeforeValidator(_lower), Field(strict=True, min_length=1), AfterValidator(_plausible_key),
                        says("moet sleutels van ambities bevatten zoals ondermijning-4e")]
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
    supersedes: Text | None = None  # a plan: the document id (file name without extension) of the version it replaces
    reports_on: list[Text] | None = None  # a report: the plans (document ids) it reports on, beside its own unit's
    scope_units: list[Text] | None = None  # a plan: other units whose reports report on it too
    # a leerdossier's fields (kb.enrich.learning checks the names against the data files)
    fenomenen: Annotated[list[Text], BeforeValidator(_one_or_list)] | None = None
    thema: Annotated[list[Text], BeforeValidator(_one_or_list)] | None = None
    eigenaar: Text | None = None
    status: Annotated[Literal[LEERDOSSIER_STATUSES], BeforeValidator(_lower),
                      says("moet concept of afgerond zijn")] | None = None
    ambities: Annotated[list[AmbitionKey], BeforeValidator(_one_or_list)] | None = None
    voorbeeld: Annotated[bool, Field(strict=True), says("moet true of false zijn")] | None = None


def read_metadata(path: Path) -> dict:
    """The validated fields of a metadata file (only those it sets)."""

    def fail(message: str) -> ParseError:
        return ParseError("metadata", f"metadata {path.name}: {message}")

    return load(path, Metadata, fail).model_dump(exclude_unset=True)


def check_front_matter(fields: dict) -> dict:
    """The validated fields of a Markdown file's front matter (kb.parse.frontmatter): the same
    fields as a `.meta.toml`. YAML writes a date as a date and "2019-2022" as text; both pass."""

    def fail(message: str) -> ParseError:
        return ParseError("metadata", f"front matter: {message}")

    fields = {str(k): _as_text(k, v) for k, v in fields.items()}
    return check(Metadata, fields, fail).model_dump(exclude_unset=True)


_TEXT_KEYS = ("title", "unit", "source", "eigenaar", "supersedes")


def _as_text(key: object, value: object) -> object:
    """YAML reads `title: 2024` as a number; in a text field it is the text "2024"."""
    if key in _TEXT_KEYS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


# ---------------------------------------------------------------------------------------
# Guessing: title, kind and year from the file itself (rules in kb/data/metadata-guess.toml)

GUESS_FILE = Path(__file__).resolve().parent.parent / "data" / "metadata-guess.toml"
YEAR_KINDS = REPORT_KINDS + ("jaarplan",)  # kinds whose year is guessed from the text when the name has none
_YEAR_IN = re.compile(rf"(?<!\d)({YEAR})(?!\d)")  # also in "jaarverslag_2020" and "jaarverslag2020"
PERIOD = re.compile(rf"(?<!\d)({YEAR})\s*(?:[-–—/]|t/m|t\.m\.|tot en met|tot)\s*({YEAR})(?!\d)", re.IGNORECASE)
_LETTER = r"[^\W\d_]"
_YEAR_GLUED = re.compile(rf"(?<=[^\W\d_]{{3}})(?={YEAR}(?!\d))|(?<=(?<!\d){YEAR})(?=[^\W\d_]{{3}})")
_MAX_TITLE = 200  # characters: longer is a paragraph, not a title





class _TitleRules(DataModel):
    geen_titel: list[Text] = []
    loze_woorden: list[Text] = []
    programmas: list[Text] = []
    patronen: list[Regex] = []


class _FileNameRules(DataModel):
    extensies: list[Text] = []
    ruis: list[Regex] = []


class _KindRule(DataModel):
    soort: DocumentKind
    namen: list[Text]


class GuessFile(DataModel):
    titel: _TitleRules = _TitleRules()
    bestandsnaam: _FileNameRules = _FileNameRules()
    soort: list[_KindRule] = []


@dataclass(frozen=True)
class GuessRules:
    """kb/data/metadata-guess.toml, compiled."""

    not_titles: frozenset[str]
    empty_words: frozenset[str]
    producers: tuple[str, ...]
    junk: re.Pattern
    extension: re.Pattern
    noise: re.Pattern
    kinds: tuple[tuple[str, re.Pattern], ...]

    def is_junk(self, candidate: str) -> bool:
        """Site furniture, a page number, a date alone, a placeholder: never a title."""
        key = _key(candidate)
        if not re.search(_LETTER, key):
            return True  # no letter at all: "1", "2020", "- 3 -"
        if key in self.not_titles or self.junk.fullmatch(key):
            return True
        words = [w.strip(".,;:()[]{}\"'") for w in key.split()]
        words = [w for w in words if w and w not in "-–—|/_:"]
        return not words or all(w in self.empty_words for w in words)

    def kind(self, text: str) -> str | None:
        low = fold(text)
        return next((kind for kind, pattern in self.kinds if pattern.search(low)), None)


def _key(text: str) -> str:
    return " ".join(fold(text).split()).strip(" .,;:-–—|*•·")


def _name_pattern(name: str) -> str:
    """A kind's name: also at the end of a compound and with a plural or inflected ending,
    never running on into a longer word ("monitoring" is no "monitor")."""
    words = [re.escape(w) for w in fold(name).split()]
    return r"\s+".join(words) + rf"(?:en|e|s|n)?(?!{_LETTER})"


def load_guess_rules(path: Path | None = None) -> GuessRules:
    """The rules for guessing metadata; read again when the file changes."""
    path = path or GUESS_FILE
    return _load_guess_rules(path, edition(path))


@lru_cache(maxsize=4)
def _load_guess_rules(path: Path, _mtime: int) -> GuessRules:
    data = load(path, GuessFile, lambda message: data_file_error(path, message), {"soort": "soort"})
    t, f = data.titel, data.bestandsnaam

    def alternatives(patterns: list[str]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else r"(?!x)x", re.IGNORECASE)

    return GuessRules(
        not_titles=frozenset(_key(x) for x in t.geen_titel),
        empty_words=frozenset(fold(x) for x in t.loze_woorden),
        producers=tuple(sorted(t.programmas, key=len, reverse=True)),
        junk=alternatives(t.patronen),
        extension=re.compile(r"\.(?:" + "|".join(re.escape(e.lstrip(".")) for e in f.extensies) + r")$", re.IGNORECASE)
        if f.extensies else re.compile(r"(?!x)x"),
        noise=alternatives(f.ruis),
        kinds=tuple((r.soort, re.compile("|".join(_name_pattern(n) for n in r.namen))) for r in data.soort if r.namen),
    )


def clean_file_name(name: str, rules: GuessRules | None = None) -> str:
    """A file name as a title: extension, separators and version stamps gone, letters and
    digits apart, a capital first: "jaarverslag_2020_def.pdf" -> "Jaarverslag 2020"."""
    rules = rules or load_guess_rules()
    name = rules.extension.sub("", name.strip())
    if " " not in name:  # "veiligheidsplan-rivierstad-v2": hyphens for spaces, not in "2019-2022", "10-maands"
        name = re.sub(r"(?<!\d)-|-(?!\d)", lambda m: "-" if _short_number_before(name, m.start()) else " ", name)
    name = re.sub(r"[_+]+", " ", name)  # jaarverslag_2020
    name = _YEAR_GLUED.sub(" ", name)  # jaarverslag2020
    words = name.split()
    while len(words) > 1 and rules.noise.fullmatch(fold(words[-1])):
        words.pop()
    words = [w for i, w in enumerate(words) if i == 0 or not rules.noise.fullmatch(fold(w)) or w[:1].isupper()]
    out = " ".join(words).strip(" -_.")
    if out and out == out.lower():
        out = out[0].upper() + out[1:]
    return out


def _short_number_before(name: str, at: int) -> bool:
    """"10-maandsrapportage": a number that is not a year, joined to the word after it."""
    m = re.search(r"(?:^|[^\w])(\d{1,3})$", name[:at])
    return m is not None and at + 1 < len(name) and name[at + 1].isalpha()


def _file_name_like(candidate: str, rules: GuessRules) -> bool:
    """"jaarverslag_2020_def", "IVP-2019-2022-v3.docx", "Document1": a name, not a title."""
    text = candidate.strip()
    if rules.extension.search(text):
        return True
    if " " in text:
        return False
    return "_" in text or bool(re.search(r"[^\W\d_]\d|\d[^\W\d_]|[^\W\d_]-\d|\d-[^\W\d_]", text))


def _producer_name(candidate: str, rules: GuessRules) -> str | None:
    """"Microsoft Word - jaarverslag2020.docx" -> "jaarverslag2020.docx"."""
    low = candidate.strip().lower()
    for prefix in rules.producers:
        if low.startswith(prefix.lower()):
            return candidate.strip()[len(prefix):].strip() or None
    return None


def guess_title(stem: str, title: str | None, headings: list[str] | None = None,
                rules: GuessRules | None = None) -> str:
    """The document's own title if it is a real one, else its first real heading, else the
    cleaned name a producer put in the title, else the cleaned file name."""
    rules = rules or load_guess_rules()
    produced = None
    for candidate in [title, *(headings or [])]:
        candidate = " ".join((candidate or "").split())
        if not candidate or len(candidate) > _MAX_TITLE:
            continue
        if (name := _producer_name(candidate, rules)) is not None:
            produced = produced or name
            continue
        if rules.is_junk(candidate) or _file_name_like(candidate, rules):
            continue
        return candidate
    for name in (produced, stem):
        cleaned = clean_file_name(name, rules) if name else ""
        if cleaned and not rules.is_junk(cleaned):
            return cleaned
    return clean_file_name(stem, rules) or stem


def _year_in(text: str) -> int | None:
    """A year the text names on its own (not as one end of a period)."""
    rest = PERIOD.sub(" ", text)
    m = _YEAR_IN.search(rest)
    return int(m.group(1)) if m else None


def _period_in(text: str) -> tuple[int, int] | None:
    for m in PERIOD.finditer(text):
        start, end = int(m.group(1)), int(m.group(2))
        if start < end and end - start < MAX_PERIOD_YEARS:
            return start, end
    return None


def guess_metadata(stem: str, title: str | None, text: str, headings: list[str] | None = None) -> dict:
    """Sensible guesses for a file without metadata (rules in kb/data/metadata-guess.toml):
    the title (see guess_title), the kind from names in the title, the file name or else the
    start of the text, and a report's year or a plan's period from the title, the file name
    or else the text. `text` is the start of the document, `headings` its first headings."""
    rules = load_guess_rules()
    title = guess_title(stem, title, headings, rules)
    name = stem.replace("_", " ")
    kind = rules.kind(title) or rules.kind(name) or rules.kind(text[:3000]) or "overig"
    out: dict = {"title": title, "kind": kind}
    if kind in YEAR_KINDS:
        year = _year_in(title) or _year_in(name)
        if year is None and (period := _period_in(title) or _period_in(name)):
            out["period"] = period
        elif year is None:
            counts = Counter(int(y) for y in _YEAR_IN.findall(text))
            if counts:
                out["year"] = counts.most_common(1)[0][0]
        else:
            out["year"] = year
    elif period := _period_in(title) or _period_in(name):
        out["period"] = period
    elif (year := _year_in(title) or _year_in(name)) is not None:
        out["year"] = year
    elif kind == "plan" and (period := _period_in(text[:3000])):
        out["period"] = period
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
        language=fields.get("language"),
        supersedes=fields.get("supersedes"),
        reports_on=list(fields.get("reports_on") or []),
        scope_units=list(fields.get("scope_units") or []),
        phenomena=list(fields.get("fenomenen") or []),
        themes=list(fields.get("thema") or []),
        owner=fields.get("eigenaar"),
        status=fields.get("status"),
        serves=list(fields.get("ambities") or []),
        example=bool(fields.get("voorbeeld")),
    )


def _warm() -> None:
    """Read the guessing rules on import, not first in the middle of an ingest: a job process
    near its memory limit (kb.limits) after a refused file is no place to read data files."""
    try:
        load_guess_rules()
    except Exception:  # said again, in Dutch, where the rules are used
        pass


_warm()
