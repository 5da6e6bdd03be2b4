"""The plain records everything else passes around.

Parsers produce `ParsedDocument`s made of `Block`s; enrichment turns blocks into
`Section`s (with id, themes and years) and pulls `Ambition`s, `KpiNorm`s and
`KpiValue`s out of them. Nothing here imports anything of ours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date

DOCUMENT_KINDS = ("plan", "jaarverslag", "jaarplan", "voortgangsrapportage", "evaluatie", "veiligheidsbeeld",
                  "leerdossier", "overig")
LEERDOSSIER = "leerdossier"  # the kind of a learning file: roles, phenomena, evidence for the ambitions it names
LEERDOSSIER_STATUSES = ("concept", "afgerond")  # a leerdossier's status (its metadata `status`)
# Kinds that report on a year (their `year`): the trace reads their paragraphs as progress.
REPORT_KINDS = ("jaarverslag", "voortgangsrapportage", "evaluatie", "veiligheidsbeeld")
SECTION_KINDS = ("heading", "paragraph", "bullet", "table_row", "footnote")


@dataclass
class Block:
    """One unit of text as a parser found it, before themes and years are known."""

    kind: str  # one of SECTION_KINDS
    text: str
    heading_path: list[str] = field(default_factory=list)
    page: int | None = None
    page_end: int | None = None
    level: int | None = None  # heading level (1 = chapter) for kind "heading"
    label: str | None = None  # list marker without punctuation: "7", "a", "•"
    cells: list[str] | None = None  # table rows: label first, then the values
    columns: list[str] | None = None  # table rows: the column names, when known
    ocr_confidence: float | None = None  # read by OCR: Tesseract's mean word confidence (0-100)


@dataclass
class ParsedDocument:
    """What a parser returns: the blocks in reading order plus what it could see."""

    blocks: list[Block]
    title: str | None = None  # the first heading, used when metadata lacks a title
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    front_matter: dict | None = None  # a Markdown file's YAML front matter (kb.parse.frontmatter), unchecked


@dataclass
class Document:
    id: str
    path: str  # relative to the corpus folder
    title: str
    kind: str
    unit: str | None = None
    year: int | None = None  # reporting year (jaarverslag, jaarplan)
    period: tuple[int, int] | None = None  # plan period
    date: date | None = None  # adoption or publication date
    source: str | None = None
    content_hash: str = ""  # sha256 of the file's bytes
    pages: int | None = None
    metadata_guessed: bool = False
    ingest_key: str = ""  # file + metadata + pipeline version: unchanged key, nothing to re-parse
    warnings: list[str] = field(default_factory=list)  # what the ingest noticed (kept for re-runs)
    language: str | None = None  # "nl", "en"... (kb.lang.language); None: not known, treated as Dutch
    supersedes: str | None = None  # a plan: the document id of the version it replaces (metadata)
    superseded_by: str | None = None  # a plan: the current version when this one is older (kb.enrich.versions)
    reports_on: list[str] = field(default_factory=list)  # a report: plans it reports on besides its unit's (kb.trace.scope)
    scope_units: list[str] = field(default_factory=list)  # a plan: other units whose reports count for it
    # a leerdossier's metadata (kb.enrich.learning): phenomena and themes as slugs, the team that
    # owns it, "concept" or "afgerond", the ambition keys it serves, and whether it is an example
    phenomena: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    owner: str | None = None
    status: str | None = None
    serves: list[str] = field(default_factory=list)
    example: bool = False

    @property
    def years(self) -> list[int]:
        """The years the document is about: its reporting year or its plan period."""
        if self.period:
            return list(range(self.period[0], self.period[1] + 1))
        return [self.year] if self.year else []

    def to_dict(self) -> dict:
        d = asdict(self)
        d["period"] = list(self.period) if self.period else None
        d["date"] = self.date.isoformat() if self.date else None
        d["years"] = self.years
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        d = _known(cls, d)
        d["period"] = tuple(d["period"]) if d.get("period") else None
        d["date"] = date.fromisoformat(d["date"]) if d.get("date") else None
        return cls(**d)


@dataclass
class YearMention:
    year: int
    sense: str  # "done", "planned" or "mentioned"


@dataclass
class Section:
    id: str
    document_id: str
    order: int
    kind: str
    text: str
    heading_path: list[str]
    page: int | None = None
    page_end: int | None = None
    label: str | None = None
    themes: list[str] = field(default_factory=list)
    theme_source: str = ""  # "heading", "cue" or "" (none)
    years: list[int] = field(default_factory=list)  # document years plus mentioned years
    year_mentions: list[YearMention] = field(default_factory=list)
    cells: list[str] | None = None
    columns: list[str] | None = None
    fingerprint: str = ""  # hash of the normalised text: decisions remember what they saw
    ocr_confidence: float | None = None  # read by OCR: Tesseract's mean word confidence (0-100)
    role: str | None = None  # a leerdossier's section: "signalen", "lessen"... (kb.enrich.roles)
    phenomena: list[str] = field(default_factory=list)  # kb.enrich.learning: its leerdossier's, or named in it

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Section":
        d = _known(cls, d)
        d["year_mentions"] = [YearMention(**m) for m in d.get("year_mentions") or []]
        return cls(**d)


@dataclass
class Ambition:
    """One thing the plan says the unit will achieve: a goal, pillar, item or KPI norm."""

    id: str  # globally unique "<plan>:<key>" (kb.enrich.ids.ambition_id); the plan-local key until scoped
    document_id: str  # the plan
    kind: str  # "doel", "pijler", "item", "opdracht" or "kpi"
    theme: str | None
    heading_path: list[str]
    text: str
    section_ids: list[str]
    parent_id: str | None = None
    key: str = ""  # plan-local and readable, from the plan's numbering and theme: "ondermijning-4d"
    origin: str = ""  # what found it: the rule or profile of the extraction, or the curation sidecar

    @property
    def plan(self) -> str:
        return self.document_id

    def to_dict(self) -> dict:
        d = asdict(self)
        d["plan"] = self.document_id
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Ambition":
        return cls(**_known(cls, d))


@dataclass
class KpiNorm:
    """A norm from the plan's monitor set, e.g. prio 1: at least 82 % within 15 minutes."""

    id: str  # same id as the Ambition of kind "kpi" that carries it
    document_id: str  # the plan
    name: str
    theme: str | None
    comparator: str  # ">=", "<=", "=", "verbetering", "monitoring", "veiligheidsagenda"
    value: float | None
    unit: str | None
    condition: str | None
    text: str
    section_id: str
    key: str = ""  # plan-local, as the Ambition's
    target_year: int | None = None  # the year the norm is for ("Norm 2026: ..."); None: every year
    baseline: float | None = None  # the figure it starts from ("Nulmeting 2022: 212")
    baseline_year: int | None = None
    # the norm per year when the plan sets norms on the way to the last ("Streefwaarde 2025 |
    # Streefwaarde 2027", kb.enrich.kpi), each {"year", "comparator", "value", "unit", "text"},
    # the last the one above; a report year is judged by the first that is not behind it
    # (kb.trace.scorecard.norm_for). Empty for a norm with one year or none
    steps: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "KpiNorm":
        return cls(**_known(cls, d))


@dataclass
class KpiValue:
    """A realised figure a report states, with the report's own norm when it gives one."""

    document_id: str
    section_id: str
    name: str
    year: int | None
    value: float
    unit: str | None
    norm_comparator: str | None = None
    norm_value: float | None = None
    source: str = "sentence"  # "table" or "sentence"
    text: str = ""
    previous_value: float | None = None  # the table's figure for the year before

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "KpiValue":
        return cls(**_known(cls, d))


def _known(cls, d: dict) -> dict:
    """The entries of a stored row that are fields of `cls` (derived keys like "years" dropped)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in d.items() if k in names}
