"""The KPI scorecard: each norm of the plan's monitor set against the figure each report
year realised.

The figure is found through the norm's own links (kb.trace.linking ranks the report's
paragraphs and table rows for the norm like for any ambition; confirmed links come
first), then among the figures of those paragraphs (kb.enrich.kpi extracted them at ingest) the
one whose name and norm fit best: "Aanrijdtijden prio 1: tenminste 82 %" picks "Reactietijd
spoed: % < 15 min ter plaatse | 83,31% | norm 82%" and not the prio 2 row beside it.

Verdict: "gehaald" / "niet gehaald" against the plan's norm when the units compare; "op
weg" for a figure short of a norm the plan sets for a later year ("Norm 2026: ten hoogste
180") that moved towards it since the year before (or the plan's baseline): before that
year, short of it is the way there, unless the figure moves away from it;
against the report's own norm for the year when the plan defers to it ("op basis van
Veiligheidsagenda") or states none in the same unit; "geen cijfer" when no figure was
found; "geen norm" for a figure with no norm to judge it by (the plan's in another unit, the
report gives none: an auditor's figure where none was found, too); "monitoring" for
indicators the plan only follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.datafiles import DataModel, Text, edition, load
from kb.enrich.kpi import change_goes_down
from kb.lang.words import DATA, data_file_error
from kb.store.kpi_decisions import CONFIRM as KPI_CONFIRM
from kb.store.kpi_decisions import OVERRIDE as KPI_OVERRIDE
from kb.store.kpi_decisions import KpiDecision
from kb.text import dutch_number, fold
from kb.trace.linking import LINK_THRESHOLD, TermReader

KPI_NAMES_FILE = DATA / "kpi-names.toml"

MET, NOT_MET, NO_FIGURE, NO_NORM, MONITORING = "gehaald", "niet gehaald", "geen cijfer", "geen norm", "monitoring"
ON_THE_WAY = "op weg"  # short of a norm for a later year, and moving towards it


@dataclass
class ScoreLine:
    norm: dict
    year: int | None
    verdict: str
    against: str | None = None  # "plan" or "verslag": whose norm decided
    value: dict | None = None  # the KpiValue
    report_norm: str | None = None  # "≥ 82 %" as the report states it
    plan_norm: str | None = None
    found: dict | None = None  # the figure the scorecard found itself (`value` unless an auditor replaced it)
    decision: KpiDecision | None = None  # an auditor's standing decision on this figure

    @property
    def suspect(self) -> bool:
        """Confirmed on another figure than the one found now (the report changed)."""
        d, found = self.decision, (self.found or {}).get("value")
        return d is not None and d.action == KPI_CONFIRM and d.value is not None and found != d.value

    @property
    def confirmed(self) -> bool:
        return self.decision is not None and self.decision.action == KPI_CONFIRM and not self.suspect

    @property
    def overridden(self) -> bool:
        return self.decision is not None and self.decision.action == KPI_OVERRIDE

    def said(self) -> str:
        """An auditor's decision on the figure in words, the same on every page and in the
        exports: "KPI-cijfer vervangen door 96 % (gevonden: 94 %)", "KPI-cijfer 94 bevestigd",
        or a confirmation the report no longer bears out; "" without a decision."""
        d = self.decision
        if d is None:
            return ""
        unit = (self.value or {}).get("unit") or d.unit

        def figure(x: float | None) -> str:
            return "geen cijfer" if x is None else f"{dutch_number(x)}{' ' + unit if unit else ''}"

        found = (self.found or {}).get("value")
        if self.overridden:
            return f"KPI-cijfer vervangen door {figure(d.value)} (gevonden: {figure(found)})"
        if self.suspect:
            return f"KPI-cijfer {figure(d.value)} bevestigd, maar het verslag noemt nu {figure(found)} (verdacht)"
        return f"KPI-cijfer {figure(d.value)} bevestigd"

    def to_dict(self) -> dict:
        v = self.value or {}
        d = self.decision
        return {
            "norm_id": self.norm["id"], "plan": self.norm["document_id"], "name": self.norm["name"],
            "theme": self.norm.get("theme"),
            "year": self.year, "plan_norm": self.plan_norm, "report_norm": self.report_norm,
            "value": v.get("value"), "unit": v.get("unit"), "verdict": self.verdict, "against": self.against,
            "section_id": v.get("section_id"), "source": v.get("source"), "value_name": v.get("name"),
            "text": v.get("text"), "confirmed": self.confirmed, "overridden": self.overridden, "verdacht": self.suspect,
            "found_value": (self.found or {}).get("value"), "said": self.said(),
            "decision": None if d is None else {"action": d.action, "value": d.value, "unit": d.unit, "note": d.note,
                                                "author": d.author, "at": d.at},
        }


def describe(comparator: str | None, value: float | None, unit: str | None, year: int | None = None) -> str | None:
    """"≤ 170 in 2026": a norm in signs, with the year it is for."""
    if value is None:
        return None
    sign = {">=": "≥", "<=": "≤", "=": "="}.get(comparator or "", "")
    return f"{sign} {dutch_number(value)}{' ' + unit if unit else ''}{f' in {year}' if year else ''}".strip()


def norm_for(norm: dict, year: int | None) -> dict:
    """The norm a report year is judged by: the first of the plan's norms per year
    (kb.model.KpiNorm.steps, "Streefwaarde 2025" before "Streefwaarde 2027") whose year is
    not behind it, else the last one: a 2025 report against the 2025 step, a 2026 one on
    its way to the 2027 norm."""
    steps = norm.get("steps") or ()
    step = next((st for st in steps if year is not None and st["year"] >= year), steps[-1] if steps else None)
    if step is None:
        return norm
    return {**norm, "comparator": step["comparator"], "value": step["value"], "unit": step["unit"],
            "target_year": step["year"]}


def describe_norm(norm: dict, every_year: bool = False) -> str | None:
    """The plan's norm in signs ("≤ 170 in 2026"), or its condition when it has no figure;
    `every_year`: each of its steps, when it has them ("≤ 580 in 2025; ≤ 550 in 2027")."""
    if every_year and norm.get("steps"):
        return "; ".join(describe(st["comparator"], st["value"], st["unit"], st["year"]) for st in norm["steps"])
    return describe(norm["comparator"], norm.get("value"), norm.get("unit"), norm.get("target_year")) \
        or norm.get("condition")


def _meets(value: float, comparator: str | None, target: float) -> bool:
    if comparator == "<=":
        return value <= target
    if comparator == "=":
        return value == target
    return value >= target


def judge(norm: dict, value: dict | None) -> tuple[str, str | None]:
    """(verdict, "plan" | "verslag" | None)."""
    comparator = norm["comparator"]
    if comparator == "monitoring":
        return MONITORING, None
    if value is None:
        return NO_FIGURE, None
    own = value.get("norm_value") is not None
    if comparator in (">=", "<=", "=") and norm.get("value") is not None and _same_unit(norm.get("unit"), value.get("unit")):
        if _meets(value["value"], comparator, norm["value"]):
            return MET, "plan"
        return (ON_THE_WAY if on_the_way(norm, value) else NOT_MET), "plan"
    if comparator == "verbetering" and value.get("previous_value") is not None:
        lower = change_goes_down(norm["name"], norm.get("condition"))
        better = value["value"] < value["previous_value"] if lower else value["value"] > value["previous_value"]
        return (MET if better else NOT_MET), "plan"
    if own:
        return (MET if _meets(value["value"], value.get("norm_comparator"), value["norm_value"]) else NOT_MET), "verslag"
    return NO_NORM, None  # a figure, but nothing it could be judged against


def on_the_way(norm: dict, value: dict) -> bool:
    """A figure short of a norm for a later year that moved towards it: since the year
    before, or else since the plan's baseline; with neither known, short of it before its
    year is the way there too."""
    target_year, year = norm.get("target_year"), value.get("year")
    if target_year is None or year is None or year >= target_year or norm["comparator"] not in (">=", "<="):
        return False
    before = value.get("previous_value")
    if before is None:
        before = norm.get("baseline")
    if before is None:
        return True
    return value["value"] < before if norm["comparator"] == "<=" else value["value"] > before


def _same_unit(a: str | None, b: str | None) -> bool:
    return (a or "") == (b or "")


class _NormNames(DataModel):
    naam: Text
    noemt: tuple[Text, ...]


class KpiNameFile(DataModel):
    """kpi-names.toml: per norm of a monitor set the names a report gives its figure."""

    norm: tuple[_NormNames, ...] = ()


def load_kpi_names(path: Path = KPI_NAMES_FILE) -> dict[str, list[re.Pattern]]:
    """Folded norm name -> patterns of the names reports use for its figure (whole words);
    read again only when the file changes (every new trace asks)."""
    return _load_kpi_names(path, edition(path))


@lru_cache(maxsize=4)
def _load_kpi_names(path: Path, _edition: int) -> dict[str, list[re.Pattern]]:
    data = load(path, KpiNameFile, lambda message: data_file_error(path, message))
    out: dict[str, list[re.Pattern]] = {}
    for entry in data.norm:
        out.setdefault(_folded(entry.naam), []).extend(
            re.compile(rf"(?<!\w){re.escape(_folded(n))}(?!\w)") for n in entry.noemt)
    return out


def _folded(text: str) -> str:
    return " ".join(fold(text.lower()).replace("’", "'").split())


class Scorecard:
    def __init__(self, reader: TermReader, names: dict[str, list[re.Pattern]] | None = None):
        self.reader = reader
        self.names = load_kpi_names() if names is None else names

    def has_names(self, norm: dict) -> bool:
        """Whether kpi-names.toml gives the norm any name."""
        return bool(self.names.get(_folded(norm["name"])))

    def named(self, norm: dict, value: dict) -> bool:
        """Whether a figure's name is one kpi-names.toml gives for the norm."""
        patterns = self.names.get(_folded(norm["name"]), [])
        name = _folded(f"{value.get('name') or ''} {value.get('text') or ''}" if value.get("source") == "table"
                       else value.get("name") or "")
        return any(p.search(name) for p in patterns)

    def _fit(self, norm: dict, want: dict, value: dict, link_score: float) -> float:
        """How well a figure fits a norm: its paragraph's link score, its name's terms shared
        with the norm's name (`want`, synonyms counted), and agreeing norm values and units."""
        have = self.reader.terms(f"{value.get('name') or ''}")
        shared = sum(t.weight for k, t in want.items() if k in have)
        fit = link_score + shared / max(1.0, sum(t.weight for t in want.values()))
        if norm.get("value") is not None and value.get("norm_value") == norm["value"]:
            fit += 0.5
        if norm.get("unit") and _same_unit(norm["unit"], value.get("unit")):
            fit += 0.2
        if value.get("source") == "table":
            fit += 0.05
        if norm["comparator"] not in (">=", "<=", "=") and value.get("norm_value") is not None:
            fit += 0.3  # the plan defers to the year's own norm: a figure with one is the one
        return fit

    def line(self, norm: dict, year: int | None, values_by_section: dict[str, list[dict]],
             links: list[tuple[str, float]], in_scope: list[dict] | None = None,
             rejected: set[str] | frozenset[str] = frozenset()) -> ScoreLine:
        """`links`: (section id, score) of the norm's paragraphs in that year, confirmed ones
        with score 1.0 or more, best first. `in_scope`: every figure of that year in the
        reports on the plan; one under a name kpi-names.toml gives for the norm is taken
        before any that only looks like it, unless an auditor rejected its paragraph for
        the norm (`rejected`: section ids)."""
        named = [v for v in in_scope or [] if v.get("year") in (year, None) and v.get("section_id") not in rejected
                 and self.named(norm, v)]
        if named:
            want = self.reader.terms(norm["name"], expand=True)
            best = max(named, key=lambda v: self._fit(norm, want, v, 1.0))
            return self.scored(norm, year, best)
        best, best_fit = None, 0.0
        want = self.reader.terms(norm["name"], expand=True)
        for section_id, score in links:
            if score < LINK_THRESHOLD:
                continue
            for value in values_by_section.get(section_id, []):
                if value.get("year") not in (year, None):
                    continue
                fit = self._fit(norm, want, value, score)
                if fit > best_fit:
                    best, best_fit = value, fit
        return self.scored(norm, year, best)

    def decided(self, line: ScoreLine, decision: KpiDecision | None) -> ScoreLine:
        """The line as an auditor's standing decision leaves it: confirmed (the figure stays,
        marked), or replaced by the auditor's figure, judged against the plan's norm (or the
        report's own norm the found figure had)."""
        if decision is None:
            return line
        if decision.action != KPI_OVERRIDE:
            line.decision = decision
            return line
        found = line.value or {}
        figure = {"value": decision.value, "unit": decision.unit or found.get("unit"), "source": "auditor",
                  "name": line.norm["name"], "text": found.get("text"), "year": line.year,  # the report's words stay
                  "norm_comparator": found.get("norm_comparator"), "norm_value": found.get("norm_value"),
                  "section_id": found.get("section_id"), "previous_value": found.get("previous_value")}
        new = self.scored(line.norm, line.year, figure)
        new.found, new.decision = line.value, decision
        return new

    def scored(self, norm: dict, year: int | None, best: dict | None) -> ScoreLine:
        """The line for `best`, a figure found in a table row, beside a norm or in a sentence (kb.trace.own_norm.kpi_figure)."""
        verdict, against = judge(norm, best)
        return ScoreLine(found=best,
            norm=norm, year=year, verdict=verdict, against=against, value=best,
            plan_norm=describe_norm(norm),
            report_norm=describe(best.get("norm_comparator"), best.get("norm_value"), best.get("unit")) if best else None,
        )


def lines_by_norm(lines: list[ScoreLine], years: list[int]) -> dict:
    """The scorecard lines per norm of the monitor set, its line per report year (the JSON
    answers add the plan choice: kb.trace.view.kpis_json). `norm_value` is the plan's norm
    as a number where it compares with the figure (for a chart), else None."""
    norms: dict[str, dict] = {}
    for line in lines:
        d = line.to_dict()
        comparable = line.against == "plan" or line.norm["comparator"] in (">=", "<=")
        d["norm_value"] = line.norm.get("value") if comparable and d["unit"] == line.norm.get("unit") else None
        entry = norms.setdefault(d["norm_id"], {"id": d["norm_id"], "plan": d["plan"], "name": d["name"],
                                                "theme": d["theme"],
                                                "plan_norm": describe_norm(line.norm, every_year=True), "lines": []})
        entry["lines"].append(d)
    return {"years": years, "norms": list(norms.values())}
