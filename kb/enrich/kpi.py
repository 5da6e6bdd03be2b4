"""KPI norms from a plan's monitor set, and realised figures from a report.

Norms: "Aanrijdtijden prio 1: tenminste 82 % binnen 15 minuten" becomes
name "Aanrijdtijden prio 1", comparator ">=", value 82, unit "%", condition "binnen 15 minuten".
Each norm is also an ambition of kind "kpi" (same id), so it is traced like any other.

Realised figures: the rows of a report's results table (the reporting year's column, the
year before, and the table's own target) and sentences that state a figure next to a norm,
"daalde het ziekteverzuim tot 5,9 % (ambitie was maximaal 6,7 %)".
"""

from __future__ import annotations

import re

from kb.enrich.ids import unique_id
from kb.enrich.profiles import PlanStructure, structure_for
from kb.model import Ambition, Document, KpiNorm, KpiValue, Section
from kb.text import YEAR, fold, is_year, slugify

MONITOR_HEADING = re.compile(r"monitorset|monitor\b|indicatoren|kpi", re.IGNORECASE)
# a table of targets under "Meetbare doelen" or "Streefwaarden" is a monitor set too, except
# its rows with a goal column ("Doel | Indicator | Streefwaarde"): those are goals
# (kb.enrich.ambitions), not norms as well
MEASURABLE_HEADING = re.compile(r"meetbare\s+(?:doelen|doelstellingen|resultaten)|streefwaarden", re.IGNORECASE)
# The words before a figure that make it a floor or a ceiling, strict where the words are (a KPI
# norm reads them as >= and <=; an ambition's own norm, kb.trace.own_norm, keeps them strict). A
# negated bound is the opposite bound: "niet minder dan 90 %" is at least 90 %, and it is matched
# as a whole, or the search finds "minder dan" inside it.
BOUND_WORDS = {
    "tenminste": ">=", "ten minste": ">=", "minimaal": ">=", "minstens": ">=", "niet minder dan": ">=",
    "niet lager dan": ">=", "niet onder": ">=", "meer dan": ">", "hoger dan": ">", "boven": ">", "ruim": ">",
    "maximaal": "<=", "hoogstens": "<=", "ten hoogste": "<=", "niet meer dan": "<=", "niet hoger dan": "<=",
    "niet boven": "<=", "minder dan": "<", "lager dan": "<", "onder": "<",
}


def bound_pattern(words) -> str:
    """A regex alternation of bound words, the longest first ("niet minder dan" before "minder
    dan"), with any white space between the words (a PDF cell breaks its lines)."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


AT_LEAST = bound_pattern(w for w, c in BOUND_WORDS.items() if c.startswith(">"))
AT_MOST = bound_pattern(w for w, c in BOUND_WORDS.items() if c.startswith("<"))
NUMBER = r"\d+(?:[.,]\d+)*"
UNITS = r"%|procent|fte|minuten|min|dagen|uur|euro|€|verdachten|dossiers|onderzoeken"
# Indicators where less is better: a bare "doel 6,8 %" for these is a ceiling; unless the name
# measures what goes up ("Oplossingspercentage woninginbraken", "Tevredenheid klachtafhandeling"),
# a word of its own, not inside "onopgeloste" or "ontevredenheid"; a time taken or a backlog
# goes down whatever it is of ("Doorlooptijd opgeloste zaken")
LOWER_IS_BETTER = re.compile(r"verzuim|misdrij|inbra|overval|straatro|incident|klacht|doorlooptijd|achterstand", re.IGNORECASE)
HIGHER_IS_BETTER = re.compile(r"\b(oplos|opgelost|ophelder|opgehelderd|tevreden|vertrouwen)", re.IGNORECASE)
ALWAYS_LOWER = re.compile(r"doorlooptijd|achterstand", re.IGNORECASE)


def lower_is_better(name: str) -> bool:
    """Whether less of the indicator `name` is better: the direction of a bare norm
    ("Norm: 12 %") and of "verbetering"."""
    if ALWAYS_LOWER.search(name):
        return True
    return bool(LOWER_IS_BETTER.search(name)) and not HIGHER_IS_BETTER.search(name)

NORM_IN_TEXT = re.compile(
    rf"(?P<word>norm|ambitie|doel(?:stelling)?|streefwaarde|formatief)\w*\s*"
    rf"(?:is|was|van|:)?\s*(?P<cmp>{AT_LEAST}|{AT_MOST})?\s*(?P<value>{NUMBER})\s*(?P<unit>{UNITS})?",
    re.IGNORECASE,
)
VALUE = re.compile(rf"(?<![\w,.])(?P<value>{NUMBER})\s*(?P<unit>{UNITS})(?!\w)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=\.\)))\s+(?=[A-Z“‘(])")
_VERBS = re.compile(
    r"\b(lag|was|is|zijn|waren|daalde|steeg|haalde|bedroeg|voldoet|voldeed|realiseerden|"
    r"behaalden|kwam|bleef|nam)\b",
    re.IGNORECASE,
)
_FUNCTION = {"de", "het", "een", "van", "in", "op", "tot", "met", "voor", "naar", "en", "dat", "die", "er", "we", "wij"}


def parse_number(text: str) -> float | None:
    """Dutch number notation: "96.162" -> 96162, "83,31" -> 83.31, "6,7" -> 6.7."""
    t = text.strip().replace("−", "-").rstrip("%").strip()
    if not re.fullmatch(r"[-+]?\d+(?:[.,]\d+)*", t):
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        return float(t)
    except ValueError:
        return None


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.lower()
    return {"procent": "%", "min": "minuten", "€": "euro"}.get(raw, raw)


def _comparator(word: str | None, lower: bool) -> str:
    """">=" or "<=" from the word before a figure ("tenminste", "maximaal"), else from the
    indicator's direction."""
    word = " ".join((word or "").lower().split())
    if word in SIGNS:
        return SIGNS[word]
    if re.fullmatch(AT_LEAST, word):
        return ">="
    if re.fullmatch(AT_MOST, word):
        return "<="
    return "<=" if lower else ">="


# ---------------------------------------------------------------- norms


# "Norm 2026:", "Streefwaarde voor 2026:", "Norm:" in a line that names the indicator first
# ("Woninginbraken. 2022: 236. Norm 2026: ten hoogste 180 per jaar.")
NORM_LABEL = re.compile(rf"\b(?:norm|streefwaarde|doelwaarde|target)(?:\s+(?:in\s+|voor\s+)?(?P<year>{YEAR}))?\s*:\s*",
                        re.IGNORECASE)
# the baseline before it: "2022: 236", "nulmeting 2022: 21%", "(2022: 64)"
BASELINE = re.compile(rf"(?:\b(?:nulmeting|uitgangswaarde|uitgangssituatie|startwaarde|basiswaarde)\s*)?"
                      rf"\(?(?P<year>{YEAR})\)?\s*:\s*(?P<value>{NUMBER})(?!\d)", re.IGNORECASE)
# a bound as a sign: "≤ 550", "> 90%" (a monitor set's norm is never strict: "< 10" is at most 10)
SIGNS = {"≤": "<=", "<": "<=", "=<": "<=", "<=": "<=", "≥": ">=", ">": ">=", "=>": ">=", ">=": ">="}
_SIGN = "|".join(sorted(map(re.escape, SIGNS), key=len, reverse=True))
FIGURE = re.compile(rf"(?P<cmp>{AT_LEAST}|{AT_MOST}|doel|{_SIGN})?\s*(?P<value>{NUMBER})\s*(?P<unit>{UNITS})?(?!\w)",
                    re.IGNORECASE)


def _outside_brackets(text: str, at: int) -> bool:
    return text.count("(", 0, at) <= text.count(")", 0, at)


def _labelled(text: str) -> tuple[str, str, int | None, float | None, int | None] | None:
    """A line that names its indicator, maybe a baseline, and then its norm under a label
    ("Woninginbraken. 2022: 236. Norm 2026: ten hoogste 180 per jaar."): (name, the norm's
    text, its year, the baseline, the baseline's year); None for another line. A label in
    brackets is part of the name ("Bezetting (norm: één per 5.000 inwoners)")."""
    labels = [m for m in NORM_LABEL.finditer(text) if m.start() > 0 and _outside_brackets(text, m.start())]
    if not labels:
        return None
    label = labels[-1]
    before = text[:label.start()]
    base = [b for b in BASELINE.finditer(before) if _outside_brackets(before, b.start())]
    name = (before[:base[0].start()] if base else before).strip(" .;,:(")
    if not name or not re.search(r"[^\W\d_]", name):
        return None
    baseline = parse_number(base[-1].group("value")) if base else None
    return (name, text[label.end():], int(label.group("year")) if label.group("year") else None,
            baseline, int(base[-1].group("year")) if base else None)


def parse_norm(text: str, target_year: int | None = None, baseline: float | None = None,
               baseline_year: int | None = None) -> dict:
    """Split a monitor-set line into name, comparator, value, unit and condition, and the
    year the norm is for and the baseline it starts from: where the line says them, else as
    given (a table row's column headers: _row_years). Without a bound word, the baseline
    gives the direction (212 now, 170 in 2026: at most)."""
    text = " ".join(text.split())  # a table cell may break its lines
    labelled = _labelled(text)
    if labelled:
        name, rest, target_year, baseline, baseline_year = labelled
    else:
        m = re.match(r"^(?P<name>[^:;]+?)\s*[:;]\s*(?P<rest>.*)$", text)
        name, rest = (m.group("name"), m.group("rest")) if m else (text.strip(), "")
    parsed = _parse_norm(name, rest, baseline)
    parsed.update(target_year=target_year, baseline=baseline, baseline_year=baseline_year)
    return parsed


_EVERY_YEAR = r"(?:jaarlijks|per\s+jaar|elk\s+jaar|ieder\s+jaar)"
YEARLY_CHANGE = re.compile(rf"{_EVERY_YEAR}\s*[-+−–]\s*\d|[-+−–]\s*\d[\d,.]*\s*%\s*{_EVERY_YEAR}", re.IGNORECASE)


def change_goes_down(name: str, condition: str | None) -> bool:
    """Whether a change a norm asks ("verbetering", "jaarlijks -5%") is down: the sign of its
    figure says the way, else the indicator's name (lower_is_better)."""
    sign = re.search(r"(?<![\w.,])([-+−–])\s*\d", condition or "")
    return sign.group(1) != "+" if sign else lower_is_better(name)


def _parse_norm(name: str, rest: str, baseline: float | None) -> dict:
    monitoring = "(monitoring)" in name.lower() or "(monitoring)" in rest.lower()
    name = re.sub(r"\s*\(monitoring\)\s*", " ", name, flags=re.IGNORECASE).strip()
    result = {"name": name, "comparator": "monitoring", "value": None, "unit": None, "condition": None}
    if re.search(r"veiligheidsagenda", rest, re.IGNORECASE):
        result.update(comparator="veiligheidsagenda", condition=rest.strip() or None)
        return result
    if re.search(r"verbetering", rest, re.IGNORECASE) or YEARLY_CHANGE.search(rest):
        # "jaarlijks -5%", "-5% per jaar": a change on the year before, as "verbetering ten
        # opzichte van vorige meting" is, not a level of 5
        result.update(comparator="verbetering", condition=rest.strip() or None)
        return result
    figures = [f for f in FIGURE.finditer(rest) if not is_year(f.group("value"))]
    # a figure with a bound word is the norm ("20 % minder dan in 2022 (ten hoogste 944)")
    vm = next((f for f in figures if f.group("cmp") and f.group("cmp").lower() != "doel"), figures[0] if figures else None)
    if not vm:
        if monitoring:
            result.update(condition=rest.strip() or None)
        return result
    value = parse_number(vm.group("value"))
    comparator = _comparator(vm.group("cmp"), lower_is_better(name))
    if (vm.group("cmp") or "doel").lower() == "doel" and baseline is not None and value is not None and baseline != value:
        comparator = "<=" if baseline > value else ">="  # no bound word: the way from the baseline says it
    condition = rest[vm.end() :].strip(" ,.;)") or None
    result.update(comparator=comparator, value=value, unit=_unit(vm.group("unit")), condition=condition)
    return result


THEME_COLUMN = re.compile(r"^\s*(thema|pijler|prioriteit|speerpunt|onderwerp|domein)", re.IGNORECASE)


def _theme_column(s: Section) -> bool:
    """Whether the first column of a monitor-set table names the theme of its rows."""
    return bool(s.columns) and bool(THEME_COLUMN.match(s.columns[0]))


def _filled(s: Section) -> list[str]:
    """A table row's non-empty cells, stripped."""
    return [c.strip() for c in (s.cells or []) if c and c.strip()]


def _norm_of_row(s: Section) -> str | None:
    """What a monitor-set table row states as its norm: with a theme column, the other
    cells ("Politie voor iedereen | Tevredenheid ...; verbetering" → "Tevredenheid ...;
    verbetering"; a row below it that leaves the theme empty has only that cell); else the
    indicator and its norm ("Aanrijdtijden prio 1 | tenminste 82 %" → "Aanrijdtijden prio
    1: tenminste 82 %"); with a norm column ("Indicator | Nulmeting | Norm | Conditie") the
    indicator, that column and a condition column after it, never a baseline or a comment; an
    empty norm cell is monitoring. None for the header row."""
    cells = _filled(s)
    if not cells or cells == [c.strip() for c in (s.columns or [])]:
        return None
    columns = list(s.columns or [])
    first = 1 if _theme_column(s) else 0
    norm_at = _plan_norm_column(columns)
    if norm_at is not None and norm_at > first and len(s.cells or []) == len(columns):
        # a column headed "Norm" or "Streefwaarde 2025" holds the norm, whatever else the row
        # says: a baseline or last year's figure beside it ("Nulmeting", "2019") is no norm
        indicator = next((c.strip() for c in s.cells[first:norm_at] if c and c.strip()), None)
        target = (s.cells[norm_at] or "").strip()
        if indicator and not target:
            return indicator  # no norm: monitoring, whatever figure stands beside it
        if indicator:
            conditions = [c.strip() for c, col in zip(s.cells[norm_at + 1:], columns[norm_at + 1:])
                          if c and c.strip() and CONDITION_COLUMN.match(_header(col))]
            return f"{indicator}: {'; '.join([target, *conditions])}"
    if _theme_column(s) and len(cells) == len(columns) and len(cells) > 1:
        cells = cells[1:]
    if not re.search(r"[^\W\d_]", " ".join(cells)):
        return None
    return cells[0] if len(cells) == 1 else f"{cells[0]}: {'; '.join(cells[1:])}"


# a plan table's column of the figure the norm starts from: "Nulmeting 2022", "Uitgangssituatie",
# "Basiswaarde (2022)", or a bare year before the norm's
BASELINE_COLUMN = re.compile(r"^(?:nulmeting|uitgangs\w*|basis\w*|startwaarde|referentie\w*)?\s*\(?(?P<year>\d{4})?\)?$")


def _row_years(s: Section) -> dict:
    """A monitor-set table row's baseline figure and its year, and the year its norm is for,
    from the column headers ("Indicator | Nulmeting 2022 | Streefwaarde 2026")."""
    columns = list(s.columns or [])
    norm_at = _plan_norm_column(columns)
    if norm_at is None or len(s.cells or []) != len(columns):
        return {}
    m = NORM_COLUMN.match(_header(columns[norm_at]))
    target_year = int(m.group("year")) if m and m.group("year") else None
    found = {"target_year": target_year}
    for i in range(norm_at - 1, 0, -1):
        b = BASELINE_COLUMN.match(_header(columns[i]))
        if not b or not _header(columns[i]):
            continue
        year = int(b.group("year")) if b.group("year") else None
        if year is not None and target_year is not None and year >= target_year:
            continue
        value = parse_number((s.cells[i] or "").strip())
        if value is not None:
            found.update(baseline=value, baseline_year=year)
        break
    return found


def _row_steps(s: Section, final: dict) -> list[dict]:
    """A monitor-set table row's norm per year, when it has norms on the way to its `final`
    one (else none): the norm columns of earlier years and the final one ("Indicator |
    Nulmeting 2023 | Streefwaarde 2025 | Streefwaarde 2027": the 2025 and 2027 cells), each
    {"year", "comparator", "value", "unit", "text"} ("text": the cell as the plan writes it),
    earliest first. A cell without a bound of its own goes the way the final norm goes; an
    empty one, or one in another unit, is no step."""
    columns = list(s.columns or [])
    norm_at = _plan_norm_column(columns)
    final_year = final.get("target_year")
    if norm_at is None or final_year is None or final.get("value") is None or len(s.cells or []) != len(columns):
        return []
    steps = {}
    for i, col in enumerate(columns):
        m = NORM_COLUMN.match(_header(col))
        if i == norm_at or not m or not m.group("year") or int(m.group("year")) >= final_year:
            continue
        cell = " ".join((s.cells[i] or "").split())
        figure = next((f for f in FIGURE.finditer(cell) if not is_year(f.group("value"))), None)
        value = parse_number(figure.group("value")) if figure else None
        if value is None or _unit(figure.group("unit")) != final.get("unit"):
            continue
        cmp = figure.group("cmp")
        comparator = _comparator(cmp, False) if cmp and cmp.lower() != "doel" else final["comparator"]
        steps[int(m.group("year"))] = {"year": int(m.group("year")), "comparator": comparator, "value": value,
                                       "unit": final.get("unit"), "text": cell}
    if not steps:
        return []
    steps[final_year] = {"year": final_year, "comparator": final["comparator"], "value": final["value"],
                         "unit": final.get("unit"), "text": (s.cells[norm_at] or "").strip()}
    return [steps[y] for y in sorted(steps)]


# a line of its own that names an indicator and its norm under the topic it measures:
# "Indicator: aantal woninginbraken — maximaal 80 in 2026" (the name, a dash or a colon, the norm)
INDICATOR_LABEL = re.compile(r"^\s*(?:(?:prestatie-?)?indicator|kpi)\s*:\s*", re.IGNORECASE)
_INDICATOR_SEPARATORS = (re.compile(r"\s[—–-]\s"), re.compile(r"\s*[:;]\s*"))  # a dash first: "(2022: 400)" has a colon
TARGET_YEAR = re.compile(rf"\s*\b(?:in|voor|vanaf|eind|uiterlijk)\s+(?P<year>{YEAR})\s*\.?$", re.IGNORECASE)


def _indicator_line(s: Section) -> tuple[str, dict] | None:
    """An indicator line ("Indicator: aantal meldingen jeugdoverlast (2022: 400) — maximaal 340
    in 2026"), read once: its text as "name: norm", and the norm parsed with the year it ends
    with and the baseline in its name (a separator in brackets is part of the name); None for
    another section, or a line that names no norm."""
    m = INDICATOR_LABEL.match(s.text) if s.kind in ("paragraph", "bullet") else None
    if m is None:
        return None
    line = s.text[m.end():].strip()
    cut = next((c for sep in _INDICATOR_SEPARATORS for c in sep.finditer(line) if _outside_brackets(line, c.start())),
               None)
    if cut is None or not line[cut.end():].strip():
        return None
    name, rest = line[:cut.start()].strip(), line[cut.end():].strip()
    base = [b for b in BASELINE.finditer(name) if b.start() > 0]
    year = TARGET_YEAR.search(rest)
    parsed = _parse_norm(name[:base[-1].start()].strip(" (") if base else name, rest[:year.start()] if year else rest,
                         parse_number(base[-1].group("value")) if base else None)
    parsed.update(target_year=int(year.group("year")) if year else None,
                  baseline=parse_number(base[-1].group("value")) if base else None,
                  baseline_year=int(base[-1].group("year")) if base else None)
    return f"{name}: {rest}", parsed


def _in_monitor_set(s: Section, structure: PlanStructure) -> bool:
    """A list item or table row of the monitor set: under a monitor-set heading, or a row of
    a table that is no goal table's row, under "Meetbare doelen" or with columns of its own
    that name an indicator and its norm ("Indicator | Nulmeting 2022 | Norm", wherever it
    stands). An indicator line counts wherever it stands (_indicator_line, read by extract_norms)."""
    if s.kind not in ("bullet", "table_row"):
        return False
    if any(MONITOR_HEADING.search(h) for h in s.heading_path):
        return True
    return (s.kind == "table_row" and structure.goal_column(s.columns) is None
            and (any(MEASURABLE_HEADING.search(h) for h in s.heading_path) or _indicator_table(s.columns, structure)))


def _indicator_table(columns: list[str] | None, structure: PlanStructure) -> bool:
    """Columns that name an indicator and its norm ("Indicator", "Streefwaarde 2025")."""
    names = {re.sub(r"\s*(?:19|20)\d\d$", "", fold(c).strip(" :")) for c in columns or []}
    return not names.isdisjoint(structure.indicator_columns) and not names.isdisjoint(structure.target_columns)


def extract_norms(doc: Document, sections: list[Section]) -> tuple[list[KpiNorm], list[Ambition]]:
    """The plan's monitor set as KPI norms, each with its twin ambition of kind "kpi": the
    list items under a monitor-set heading, or the rows of a table there (_norm_of_row; the
    theme from the heading, else from a theme column, whose value holds for the rows below
    that leave it empty)."""
    if doc.kind != "plan":
        return [], []
    norms: list[KpiNorm] = []
    ambitions: list[Ambition] = []
    seen: set[str] = set()
    row_theme: str | None = None
    structure = structure_for(doc)
    for s in sections:
        line = _indicator_line(s)
        if line is not None:
            text, parsed = line
        elif _in_monitor_set(s, structure):
            text = s.text if s.kind == "bullet" else _norm_of_row(s)
            if not text:
                continue
            parsed = parse_norm(text, **(_row_years(s) if s.kind == "table_row" else {}))
            if s.kind == "table_row" and parsed["comparator"] in (">=", "<="):
                parsed["steps"] = _row_steps(s, parsed)
                # the steps stand in the ambition's text too, as the plan writes them:
                # "Aantal woninginbraken: ≤ 550 (tussendoel 2025: ≤ 580)"
                text += "".join(f" (tussendoel {st['year']}: {st['text']})" for st in parsed["steps"][:-1])
        else:
            continue
        kid = unique_id(f"kpi-{slugify(parsed['name'], max_words=6)}", seen)
        seen.add(kid)
        theme = s.themes[0] if s.themes and s.theme_source == "heading" else None
        if s.kind == "table_row" and theme is None and _theme_column(s):
            if len(_filled(s)) == len(s.columns or []):  # the row names its theme
                row_theme = s.themes[0] if s.themes else None
            theme = row_theme
        norms.append(KpiNorm(id=kid, document_id=doc.id, theme=theme, text=text, section_id=s.id, **parsed))
        ambitions.append(
            Ambition(id=kid, document_id=doc.id, kind="kpi", theme=theme, heading_path=list(s.heading_path),
                     text=text, section_ids=[s.id])
        )
    return norms, ambitions


# ---------------------------------------------------------------- realised values


# A results table's column headers (folded): the year's realised figure ("2021",
# "Realisatie 2021", "Resultaat 2021"), the report's own norm ("doel", "Norm", "Streefwaarde
# 2021"); "% t.o.v. doel" or "Begroting 2021" are neither.
NORM_COLUMN = re.compile(r"^(?:norm|doel(?:stelling)?|streefwaarde|target|ambitie)(?:\s*\(?(?P<year>\d{4})\)?)?$")
REALISED_COLUMN = re.compile(r"^(?:(?:realisatie|gerealiseerd|resultaat|werkelijk|stand|score)\s*)?\(?(?P<year>\d{4})\)?"
                             r"(?:\s*\(?(?:realisatie|gerealiseerd|resultaat|werkelijk)\)?)?$")


def _header(col: str) -> str:
    return " ".join(fold(col).replace(":", " ").split())


def _year_column(cols: list[str], year: int) -> int | None:
    """The column of the year's realised figure: headed by the year, alone or with
    "realisatie"/"resultaat"."""
    for i, col in enumerate(cols):
        m = REALISED_COLUMN.match(_header(col))
        if m and int(m.group("year")) == year:
            return i
    return None


# a plan's norm column: "Norm" or "Streefwaarde" before "Doel" or "Ambitie", which may be words
_NORM_FIRST = ("norm", "streefwaarde", "target")
# a column after the norm that says under what condition it holds ("binnen 15 minuten"); a
# "Toelichting" or a year's figure after it is no part of the norm
CONDITION_COLUMN = re.compile(r"^(?:conditie|voorwaarde|termijn|binnen|$)")


def _plan_norm_column(cols: list[str]) -> int | None:
    """The column of a plan's norm: headed "Norm", "Streefwaarde" or "Target" rather than
    "Doel" or "Ambitie" (a column of words, often before it), and without a year or with the
    latest ("Streefwaarde 2025", the end of the plan)."""
    found = []
    for i, col in enumerate(cols):
        m = NORM_COLUMN.match(_header(col))
        if m:
            year = int(m.group("year")) if m.group("year") else 9999
            found.append((_header(col).startswith(_NORM_FIRST), year, i))
    return max(found)[2] if found else None


def _norm_column(cols: list[str], year: int | None) -> int | None:
    """The column of a report's own norm: "doel", "Norm", "Streefwaarde"; with a year in it,
    the reporting year's."""
    plain = None
    for i, col in enumerate(cols):
        m = NORM_COLUMN.match(_header(col))
        if not m:
            continue
        if m.group("year") is None:
            plain = i if plain is None else plain
        elif year is not None and int(m.group("year")) == year:
            return i
    return plain


def _table_target(raw: str, previous: float | None, lower: bool = False) -> tuple[str | None, float | None]:
    """The report's norm in a table cell: "≤ 2019" (no higher than last year), "maximaal
    6,8%", "≥ 95", or a bare figure (a ceiling for what should go down, else a floor)."""
    raw = raw.strip()
    if raw in ("-", "–", ""):
        return None, None
    m = re.match(r"^([≤≥<>])\s*(.*)$", raw)
    if m:
        comparator = {"≤": "<=", "<": "<=", "≥": ">=", ">": ">="}[m.group(1)]
        target = m.group(2)
        # "≤ 2019": no higher than last year's figure
        if is_year(target):
            return comparator, previous
        return comparator, parse_number(target)
    m = re.match(rf"^({AT_LEAST}|{AT_MOST})\s+(.*)$", raw, re.IGNORECASE)
    if m:  # "lager dan 2019": no higher than last year's figure, as "≤ 2019"; "minimaal 2025" is a count
        target = m.group(2).strip()
        than_year = is_year(target) and fold(m.group(1)).split()[-2:] in (["lager", "dan"], ["hoger", "dan"])
        return _comparator(m.group(1), lower), previous if than_year else parse_number(target)
    return ("<=" if lower else ">="), parse_number(raw)


def _looks_like_header(s: Section) -> bool:
    """A table row of names only (no cell a figure): the column headers, when the parser
    gave them as a row of their own."""
    cells = _filled(s)
    return len(cells) >= 2 and all(parse_number(c) is None and not re.fullmatch(r"[-–\d.,%\s]+", c) for c in cells)


def _table_values(doc: Document, s: Section, header: list[str] | None = None) -> list[KpiValue]:
    """The reporting year's figure of a results-table row, with the figure of the year before
    and the table's own norm. The columns are the row's, or `header`: the table's row of
    column names when the parser did not take it as such."""
    cols = s.columns or header
    if not s.cells or not cols or len(s.cells) != len(cols) or not doc.year:
        return []
    label = s.cells[0]
    at = _year_column(cols, doc.year)
    if at is None or at == 0:
        return []
    raw = s.cells[at]
    value = parse_number(_amount(raw))
    if value is None:
        return []
    before = _year_column(cols, doc.year - 1)
    previous = parse_number(_amount(s.cells[before])) if before not in (None, 0) else None
    lower = lower_is_better(label)
    norm_at = _norm_column(cols, doc.year)
    comparator, target = _table_target(s.cells[norm_at], previous, lower) if norm_at not in (None, 0) else (None, None)
    unit = "%" if raw.strip().endswith("%") else None
    return [KpiValue(document_id=doc.id, section_id=s.id, name=label, year=doc.year, value=value, unit=unit,
                     norm_comparator=comparator, norm_value=target, source="table", text=s.text,
                     previous_value=previous)]


def _amount(cell: str) -> str:
    """A cell's figure without the euro sign before it ("€ 212.350"): a sum is read as the
    plan's norm reads it ("In beslag genomen crimineel vermogen: € 250.000"), a plain number."""
    return re.sub(r"^\s*€\s*", "", cell)


def _lead_label(text: str) -> str | None:
    m = re.match(r"^([A-Z][^.:]{2,60})\.\s", text)
    if m and len(m.group(1).split()) <= 5:
        return m.group(1)
    return None


def _name_before(prefix: str) -> str | None:
    """The indicator named before a figure: "De reactietijd voor prio 1 meldingen (Spoed) lag"."""
    prefix = re.sub(rf"^(in|per|sinds|eind|begin)\s+{YEAR},?\s*", "", prefix.strip(), flags=re.IGNORECASE)
    parts = _VERBS.split(prefix)
    # parts alternates text, verb, text ...: the subject is before the first verb, or after
    # it when the sentence opens with the verb ("daalde het ziekteverzuim tot")
    candidates = [parts[0]] + ([parts[2]] if len(parts) > 2 else [])
    for cand in candidates:
        words = [w for w in re.findall(r"[\w()/@&-]+", cand) if w.lower() not in _FUNCTION and not is_year(w)]
        words = [w for w in words if w.lower() not in ("inmiddels", "ook", "daarmee", "wel", "een", "realisatie")]
        if words:
            return " ".join(words[:6])
    return None


def _sentence_values(doc: Document, s: Section) -> list[KpiValue]:
    values: list[KpiValue] = []
    label = _lead_label(s.text)
    for sentence in _SENTENCE.split(s.text):
        norms = list(NORM_IN_TEXT.finditer(sentence))
        start = 0
        for nm in norms:
            if sentence[nm.start() : nm.end() + 2].find(":") != -1 and not nm.group(0).lower().startswith("norm"):
                continue  # "streefwaarden: 10 % ..." introduces a list, it is not a norm
            norm_unit = _unit(nm.group("unit"))
            candidates = [
                v for v in VALUE.finditer(sentence, start, nm.start())
                if _unit(v.group("unit")) == norm_unit or norm_unit is None
            ]
            start = nm.end()
            if not candidates:
                continue
            v = candidates[-1]
            value = parse_number(v.group("value"))
            norm_value = parse_number(nm.group("value"))
            if value is None or norm_value is None:
                continue
            after = sentence[v.end() : nm.start()]
            voor = re.match(r"\s*voor\s+([\w\s-]+?)(?=\s*[(,]|$)", after) or re.match(
                r"\s*voor\s+([\w\s-]+?)(?=\s*[(,]|$)", sentence[nm.end() :].lstrip(") "))
            van = re.match(r"\s*van\s+(?:de|het)\s+([\w\s-]+?)(?=\s*[(,]|\s+(?:aan|in|op|bij)\b|$)", after)
            name = (voor.group(1).strip() if voor else None) or _name_before(sentence[: v.start()])
            if not name and van and not re.match(r"(?i)(daar|hier|waar)", van.group(1)):
                name = van.group(1).strip()
            name = name or label or " ".join(re.findall(r"[\w-]+", after)[:8]) or "waarde"
            # clearance rates go up, counts of crimes and sick leave go down
            lower = lower_is_better(name) and not re.search(r"(?i)ophelder", sentence)
            comparator = _comparator(nm.group("cmp"), lower)
            unit = _unit(v.group("unit"))
            values.append(KpiValue(document_id=doc.id, section_id=s.id, name=name, year=doc.year, value=value,
                                   unit=unit, norm_comparator=comparator, norm_value=norm_value, source="sentence",
                                   text=sentence.strip()))
    return values


def extract_values(doc: Document, sections: list[Section]) -> list[KpiValue]:
    """Realised figures in a report: table rows, and figures stated beside a norm."""
    if doc.kind not in ("jaarverslag", "jaarplan"):
        return []
    values: list[KpiValue] = []
    header: list[str] | None = None  # a table's row of column names, given as a row
    for s in sections:
        if s.kind == "table_row":
            if not s.columns and _looks_like_header(s):
                header = s.cells
                continue
            values.extend(_table_values(doc, s, header))
        else:
            header = None
            if s.kind in ("paragraph", "bullet"):
                values.extend(_sentence_values(doc, s))
    return values
