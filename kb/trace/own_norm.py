"""A norm in an ambition's own words, against the figure the report gives for it.

"Wijkagenten besteden ten minste 80 procent van hun tijd aan hun eigen wijk" against "Gemiddeld
konden zij 64 procent van hun uren aan hun eigen wijk besteden"; "We voeren elk jaar ten minste
twee integrale controles uit" against "Drie grote integrale controles in het buitengebied". An
auditor compares these before anything else: the figure says whether the norm was met, whatever
cue word the paragraph has. The KPI scorecard (kb.trace.scorecard) does the same for the plan's
monitor set; this is for the norms plans write into their items and goals.

Only an explicit bound counts ("ten minste", "minimaal", "maximaal", "niet meer dan" ...): a bare
"80 procent" may be a share the plan reports rather than a norm. The report's figure must be in
a sentence about the ambition and in the same unit: "%" or "procent" for a percentage, else the
noun the ambition counts ("controles": the last word of the words after the number, up to the
first short or function word) among the three words after the figure, singular or plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.enrich.kpi import AT_LEAST, AT_MOST, parse_number
from kb.lang.words import stopwords
from kb.text import fold

NUMBER_WORDS = {w: n for n, w in enumerate(
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig".split())}
NUMBER_WORDS.update({"dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
                     "negentig": 90, "honderd": 100})
PERCENT = {"%", "procent", "percent"}
COUNTED_WORDS = 3  # the counted word stands at most this many words after the number
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|%|\w+", re.UNICODE)
_BOUND = re.compile(rf"\b(?P<cmp>{AT_LEAST}|{AT_MOST})\s+(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_NOT_COUNTED = frozenset("jaar maand week keer maal".split())  # besides the stop words: a rate, not a count


def _singular(word: str) -> str:
    """"controles" and "controle", "agenten" and "agent" alike (a count, not a lemma)."""
    for ending in ("en", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            return word[: -len(ending)]
    return word


def _number(token: str) -> float | None:
    """A figure or a number word ("drie"); "een" only as a digit, never the article."""
    if token[:1].isdigit():
        return parse_number(token)
    if token.lower() in ("één", "eén"):
        return 1
    word = fold(token)
    return None if word == "een" else NUMBER_WORDS.get(word)


@dataclass(frozen=True)
class OwnNorm:
    comparator: str  # ">=" or "<="
    value: float
    percent: bool
    counted: str  # the noun the ambition counts, folded and singular ("controle"); "" for a percentage
    says: str  # as the ambition writes it: "ten minste 80 procent"

    def met_by(self, figure: float) -> bool:
        return figure >= self.value if self.comparator == ">=" else figure <= self.value

    def figure_in(self, sentence: str) -> tuple[float, str] | None:
        """The last figure in the sentence in this norm's unit, with the words that state it
        ("van 58 naar 64 procent" gives 64: the later figure is the outcome)."""
        tokens = _TOKEN.findall(sentence)
        found = None
        for i, token in enumerate(tokens):
            value = _number(token)
            if value is None or (token[:1].isdigit() and re.fullmatch(r"(19|20)\d\d", token)):
                continue  # a year is no count
            after = [fold(t) for t in tokens[i + 1:i + 1 + COUNTED_WORDS]]
            if self.percent:
                if after[:1] and after[0] in PERCENT:
                    found = (value, f"{token} {tokens[i + 1]}")
            elif self.counted in map(_singular, after):
                last = [_singular(w) for w in after].index(self.counted)
                found = (value, " ".join(tokens[i:i + 2 + last]))
        return found


def own_norm(text: str) -> OwnNorm | None:
    """The first bounded figure in an ambition's text, or None."""
    for m in _BOUND.finditer(text):
        tokens = _TOKEN.findall(m.group("rest"))
        if not tokens:
            continue
        value = _number(tokens[0])
        if value is None:
            continue
        percent = len(tokens) > 1 and fold(tokens[1]) in PERCENT
        words = []  # "integrale controles" in "twee integrale controles uit op ..."
        for t in tokens[1:1 + COUNTED_WORDS]:
            if fold(t) in _NOT_COUNTED or fold(t) in stopwords() or len(t) <= 3 or t[:1].isdigit():
                break
            words.append(t)
        if not percent and not words:
            continue
        comparator = ">=" if re.fullmatch(AT_LEAST, m.group("cmp"), re.IGNORECASE) else "<="
        unit = tokens[1] if percent else " ".join(words)
        return OwnNorm(comparator, value, percent, "" if percent else _singular(fold(words[-1])),
                       f"{m.group('cmp')} {tokens[0]} {unit}")
    return None


@dataclass(frozen=True)
class Verdict:
    met: bool
    figure: str  # as the report writes it: "64 procent", "Drie grote integrale controles"
    sentence: str
    norm: OwnNorm

    def rule(self) -> str:
        outcome = "gehaald: gerealiseerd" if self.met else "niet gehaald: niet gerealiseerd"
        return f'het verslag noemt "{self.figure}"; de ambitie vraagt "{self.norm.says}". De norm is {outcome}'


def judge(norm: OwnNorm | None, sentences: list[str]) -> Verdict | None:
    """The norm against the first sentence about the ambition that gives a figure in its unit."""
    if norm is None:
        return None
    for sentence in sentences:
        found = norm.figure_in(sentence)
        if found is not None:
            return Verdict(norm.met_by(found[0]), found[1], sentence, norm)
    return None
