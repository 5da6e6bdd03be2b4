"""A norm in an ambition's own words, against the figure the report gives for it.

"Wijkagenten besteden ten minste 80 procent van hun tijd aan hun eigen wijk" against "Gemiddeld
konden zij 64 procent van hun uren aan hun eigen wijk besteden"; "We voeren elk jaar ten minste
twee integrale controles uit" against "Drie grote integrale controles in het buitengebied". An
auditor compares these before anything else: the figure says whether the norm was met, whatever
cue word the paragraph has. The KPI scorecard (kb.trace.scorecard) does the same for the plan's
monitor set; this is for the norms plans write into their items and goals.

It answers only when it is sure, and says nothing otherwise (the cue words then decide):
- the ambition has exactly one bounded figure ("ten minste", "minimaal", "meer dan", "maximaal",
  "niet meer dan" ...; not a condition: "bij meer dan 3 meldingen", "veelplegers met meer dan
  tien antecedenten"), a level and not a change ("daalt met ten minste 10 procent" is none);
- the report's figure is in a sentence about the ambition, in the same unit: "%" or "procent",
  else the noun the ambition counts ("controles", by its lemma, or a compound by its head:
  "zeven bijeenkomsten" for "vier voorlichtingsbijeenkomsten"), among the three words after
  the figure;
- figures that are no outcome of the year do not count: a change ("steeg met 12 procent"), a
  comparison or reference ("tegen 71 procent", "de norm van 30 procent", "van de vier", "waarvan
  3"), a figure just after an earlier year ("in 2020 nog 2 controles", "(2020: 71%)"), and every
  figure of a sentence about plans ("gepland", and the future words of the status cues: "zal");
- the figures left must all give the same verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.enrich.kpi import BOUND_WORDS, bound_pattern, parse_number
from kb.lang.tense import is_verb_form
from kb.lang.words import dictionary, lemma_table, number_word, stopwords, verb_lemmas
from kb.text import fold, is_year

PERCENT = {"%", "procent", "percent"}
COUNTED_WORDS = 3  # the counted word stands at most this many words after the number
# the bound words of a monitor set (kb.enrich.kpi), but not the bare "onder", "boven" and "ruim":
# in an ambition's sentence they are mostly no bound ("onder regie van", "ruim baan", "boven water")
BOUNDS = {w: c for w, c in BOUND_WORDS.items() if w not in ("onder", "boven", "ruim")}
BOUNDS.update({"onder de": "<", "boven de": ">",  # with a figure after it: "blijft onder de 300"
               "niet verder dan": "<="})  # "stijgt niet verder dan het niveau van 2022 (62)"
_BOUND = re.compile(r"\b(?:" + bound_pattern(BOUNDS) + r")\b", re.IGNORECASE)
# before a bound, these make it a condition or a change, not the ambition's norm
_NOT_A_NORM_BEFORE = frozenset("met bij die dat van voor waarbij".split())
# before a report's figure, these make it a change, a comparison or a reference, not the outcome
_NOT_AN_OUTCOME_BEFORE = frozenset("met tegen norm normen doel doelstelling ambitie streefwaarde van waarvan "
                                   "dan vorig vorige".split())
_NOT_AN_OUTCOME_TWO_BEFORE = frozenset({"van", "waarvan", "tegen"})  # "van de vier", "tegen de 71"
_PART_OF = [["van", "de"], ["van", "het"], ["van", "deze"], ["van", "die"]]  # after a figure: "twee van de overvallen"
# a sentence with one of these is about plans; with the future words of the status cues ([toekomst])
_PLANNED = frozenset("gepland geplande planning voorgenomen beoogd beoogde willen verwacht".split())
_RATES = frozenset("jaar maand week keer maal".split())  # a rate, not what is counted
_SHORT_UNITS = frozenset({"fte"})  # a short word that is what is counted: "uitbreiden met 1,5 fte"
# a word with its hyphenated parts and plural 's is one token: "8 buiten-AED's" counts AED's, not "buiten"
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|%|€|\w+(?:-\w+)*(?:['’]s\b)?", re.UNICODE)
_CLAUSE_BREAK = re.compile(r"[,;:()]")  # between two tokens: the end of what the first's clause says
MONEY = "€"  # what a sum counts: "ten minste € 250.000" against "voor € 212.350"
MONEY_WORDS = frozenset({MONEY, "euro"})  # a sum after its sign, or with the word after it ("250.000 euro")
NEAR_YEAR = 4  # words: a figure this close to an earlier year is about that year


def _number(token: str) -> float | None:
    """A figure or a number word ("drie"); "een" only as a digit, never the article."""
    if token[:1].isdigit():
        return parse_number(token)
    if token.lower() in ("één", "eén"):
        return 1
    return number_word(fold(token))


def _word_before(text: str, at: int) -> str:
    """The folded word before position `at` ("" at the start)."""
    words = _TOKEN.findall(text[:at])
    return fold(words[-1]) if words else ""


def _lemma(word: str) -> str:
    """The lemma of a folded word ("controles" -> controle), itself when the table has none."""
    return lemma_table().get(word, word)


HEAD_LETTERS = 7  # a compound's head counts as what it counts when it is a known word this long
HEAD_AFTER = 4  # after at least this many letters of the compound's first part


def _head(lemma: str) -> str:
    """The last part of a compound, as a lemma, when it is a known word ("voorlichtingsbijeenkomst"
    -> bijeenkomst, "informatiebijeenkomst" -> bijeenkomst; "buiten-aed's" -> its last part,
    "aed's"); the lemma itself otherwise."""
    if "-" in lemma:
        return _lemma(lemma.rsplit("-", 1)[1])
    for start in range(HEAD_AFTER, len(lemma) - HEAD_LETTERS + 1):
        if lemma[start:] in dictionary():
            return _lemma(lemma[start:])
    return lemma


def counts_the_same(counted: str, word: str) -> bool:
    """Whether the report's folded `word` counts what the ambition counts (`counted`, a lemma):
    the same lemma, the ambition's compound by its head ("zeven bijeenkomsten" for "ten minste vier
    voorlichtingsbijeenkomsten"), or another compound of that head ("zes informatiebijeenkomsten");
    not a compound of the ambition's bare word ("1950 verkeerscontroles" are no "integrale controles");
    a hyphenated word by any of its parts."""
    if any(_lemma(w) == counted for w in _with_parts((word,))):
        return True  # also by a part: "processen-verbaal" counts processen, "buiten-AED's" AED's
    lemma = _lemma(word)
    head = _head(counted)
    return head != counted and head in (lemma, _head(lemma))


def _with_parts(words):
    """Folded words, and the parts of each hyphenated one ("processen-verbaal": processen, verbaal)."""
    for w in words:
        yield w
        if "-" in w:
            yield from w.split("-")


def _lemmas_of(text: str) -> frozenset[str]:
    """The lemmas of a text's words: what a figures row's label must be about (OwnNorm.about)."""
    return frozenset(_lemma(w) for w in _with_parts(fold(t) for t in _TOKEN.findall(text) if t[:1].isalpha()))


def _content_lemmas(words) -> frozenset[str]:
    """The lemmas of the folded `words` that say what a name is about: no numbers, function
    words or words of one or two letters (a row's label, a KPI's name)."""
    return frozenset(_lemma(w) for w in words if w[:1].isalpha() and len(w) > 2 and w not in stopwords())


def _row_figure(text: str, year: int) -> tuple[str, float, str] | None:
    """A table row's label and its figure in the column of `year` ("Meldingen verward gedrag
    (E33) | 2023: 287 | 2024: 311 | Doel: onder 300" -> 311 for 2024), as the parsers write a
    row with its column names (kb.parse); None for any other text."""
    cells = [c.strip() for c in text.split(" | ")]
    if len(cells) < 2:
        return None
    for cell in cells[1:]:
        name, _, value = cell.partition(":")
        if name.strip() == str(year) and (number := _number(value.strip().rstrip("%").strip())) is not None:
            return cells[0], number, value.strip()
    return None


@dataclass(frozen=True)
class OwnNorm:
    comparator: str  # ">=", ">", "<=" or "<"
    value: float
    percent: bool
    counted: str  # the lemma of the noun the ambition counts ("controle"); "" for a percentage
    says: str  # as the ambition writes it: "ten minste 80 procent"
    about: frozenset[str] = frozenset()  # the lemmas of the ambition's words: a figures row must be about them
    bare: bool = False  # a number of things to do without a bound word ("houden vier controles": _bare_count)
    every: bool = False  # "alle 14 basisscholen": the report's "alle basisscholen" is all of them

    def met_by(self, figure: float) -> bool:
        return {">=": figure >= self.value, ">": figure > self.value, "<=": figure <= self.value,
                "<": figure < self.value}[self.comparator]

    def _row_about(self, label: str, cell: str) -> bool:
        """A row of the report's figures gives this norm's figure when it is in its unit (a
        share for a share, a count for a count) and its label is about the ambition: what it
        counts, and at least half of its words the ambition's ("Meldingen verward gedrag (E33)"
        for "het aantal meldingen van personen met verward gedrag"; not "Meldingen overlast
        jeugd")."""
        words = list(_with_parts(fold(w) for w in _TOKEN.findall(label)))
        shares = "%" in cell or not PERCENT.isdisjoint(words) or "%" in label
        if shares != self.percent:
            return False
        lemmas = _content_lemmas(words)
        if not lemmas or (not self.percent and self.counted not in lemmas):
            return False
        return 2 * len(lemmas & self.about) >= len(lemmas)

    def _all_of(self, tokens: list[str], folded: list[str], i: int) -> str | None:
        """"alle basisscholen" at `i`, when the norm asks "alle 14 basisscholen": all of them, in
        the report's words; None otherwise (also for "alle vijf kernen", a figure of its own)."""
        if not (self.every and folded[i] == "alle" and i + 1 < len(tokens) and _number(tokens[i + 1]) is None):
            return None
        same = [counts_the_same(self.counted, w) for w in folded[i + 1:i + 1 + COUNTED_WORDS]]
        return " ".join(tokens[i:i + 2 + same.index(True)]) if any(same) else None

    def figures_in(self, sentence: str, year: int | None = None,
                   future: frozenset[str] = frozenset()) -> list[tuple[float, str]]:
        """The outcome figures in the sentence in this norm's unit, with the words that state them."""
        if year is not None and (row := _row_figure(sentence, year)) is not None:
            label, value, cell = row
            return [(value, f"{cell} ({label}, {year})")] if self._row_about(label, cell) else []
        spans = list(_TOKEN.finditer(sentence))
        tokens = [m.group() for m in spans]
        folded = [fold(t) for t in tokens]
        if not (_PLANNED.isdisjoint(folded) and future.isdisjoint(folded)):
            return []  # "Vier controles zijn gepland voor 2022"
        earlier = [i for i, t in enumerate(tokens) if is_year(t) and year is not None and int(t) < year]
        # a comma, colon or bracket ends the words that could say what a figure counts: "het aantal
        # straatroven kwam uit op zes, het aantal overvallen op vier" counts no overvallen by six
        breaks = [j for j in range(1, len(spans)) if _CLAUSE_BREAK.search(sentence, spans[j - 1].end(), spans[j].start())]
        found = []
        for i, token in enumerate(tokens):
            value = _number(token)
            if value is None:
                if every := self._all_of(tokens, folded, i):
                    found.append((self.value, every))
                continue
            end = min([j for j in breaks if j > i] + [i + 1 + COUNTED_WORDS])
            after = folded[i + 1:end]
            if self.percent:
                if not (after[:1] and after[0] in PERCENT) or is_year(token):
                    continue  # "2021 procent" is no share
                words = tokens[i:i + 2]
            elif self.counted == MONEY:
                if not (i and tokens[i - 1] == MONEY):
                    continue  # a sum is written after its sign: "voor € 212.350"
                words = tokens[i - 1:i + 1]
            else:
                same = [counts_the_same(self.counted, w) for w in after]
                counts = [w for w in _AMOUNT_OF.findall(" ".join(tokens[:i])) if _lemma(fold(w)) == self.counted]
                if i and folded[i - 1] in _LEVEL_VERB_AFTER and not is_year(token) and counts:
                    words = ["aantal", counts[-1], *tokens[i - 1:i + 1]]  # "Het aantal aangiften ... nam toe tot 79"
                elif not any(same) or is_year(token) and not same[0]:
                    continue  # "in 2021 drie controles": the year is no count, "1950 verkeerscontroles" is
                else:
                    words = tokens[i:i + 2 + same.index(True)]
            if i and folded[i - 1] in _NOT_AN_OUTCOME_BEFORE or i > 1 and folded[i - 2] in _NOT_AN_OUTCOME_TWO_BEFORE \
                    or folded[i + 1:i + 3] in _PART_OF:
                continue  # "tegen 71 procent", "de norm van 30 procent", "van de vier", "steeg met 12 procent",
                # "twee van de overvallen" (a part of them, not how many there were)
            if any(0 < i - j <= NEAR_YEAR for j in earlier):
                continue  # "in 2020 nog 2 controles", "(2020: 71%)"
            found.append((value, " ".join(words)))
        return found


# a bound to an earlier year's level, with that level's figure: "niet verder dan het niveau van 2022 (62)",
# "niet hoger dan in 2024 (38)"
_LEVEL = re.compile(r"\s*(?:het\s+niveau\s+van|dat\s+van|in)\s+(?:19|20)\d\d\s*\(\s*(\d[\d.,]*)\s*\)")
# the level a count reached, after what it counts: "Het aantal aangiften ... nam toe tot 79"
_LEVEL_VERB_AFTER = frozenset({"tot", "naar"})
_AMOUNT_OF = re.compile(r"\baantal\s+(\w{4,})", re.IGNORECASE)
_COUNTED_BEFORE = re.compile(r"\baantal\s+(\w{4,})", re.IGNORECASE)  # "het aantal meldingen van ..."


def _counted_before(text: str) -> str | None:
    """The noun an ambition counts when its bound has none after it: the one after its last
    "aantal" ("het aantal meldingen van personen met verward gedrag blijft onder de 300")."""
    found = _COUNTED_BEFORE.findall(text)
    return found[-1] if found and fold(found[-1]) not in stopwords() else None


def own_norm(text: str) -> OwnNorm | None:
    """The ambition's one bounded figure, or None: none, more than one ("bij ten minste 90 procent
    ... binnen maximaal 15 minuten" is one norm of two figures), or a condition or a change."""
    norms: list[OwnNorm | None] = []  # None: a bounded figure that is a condition or a change
    about = _lemmas_of(text)
    for m in _BOUND.finditer(text):
        tokens = _TOKEN.findall(text[m.end():])[:2 + COUNTED_WORDS]
        money = bool(tokens) and tokens[0] == MONEY  # "ten minste € 250.000"
        tokens = tokens[1:] if money else tokens[:1 + COUNTED_WORDS]
        value = _number(tokens[0]) if tokens else None
        level = _LEVEL.match(text[m.end():])
        if level is not None:  # "het niveau van 2022 (62)"
            tokens, value = [level.group(1)], parse_number(level.group(1))
        if value is None:
            continue
        before = _word_before(text, m.start())
        if " de" in m.group(0).lower() and not any(is_verb_form(t) for t in _TOKEN.findall(text[:m.start()])[-4:]):
            continue  # "onder de 300" after a verb ("blijft onder de 300"); "jongeren onder de 18" is an age
        if before in _NOT_A_NORM_BEFORE and not (money and before == "voor"):  # "voor € 250.000"
            norms.append(None)  # "bij meer dan 3 meldingen", "daalt met ten minste 10 procent"
            continue
        percent = not money and len(tokens) > 1 and fold(tokens[1]) in PERCENT
        words = [MONEY] if money else _counted(tokens[1:])  # "integrale controles" in "twee integrale controles uit op ..."
        if not percent and not words and (counted := _counted_before(text[:m.start()])):
            words = [counted]  # "het aantal meldingen ... blijft onder de 300"
        if not percent and not words:
            norms.append(None)
            continue
        bound = " ".join(m.group(0).split())  # as the rule quotes it, without a line break
        comparator = BOUNDS[bound.lower()]
        unit = tokens[1] if percent else " ".join(words)
        says = f"{bound} {' '.join(level.group(0).split())} {unit}" if level else \
            f"{bound} {MONEY} {tokens[0]}" if money else f"{bound} {tokens[0]} {unit}"
        norms.append(OwnNorm(comparator, value, percent, MONEY if money else "" if percent else _lemma(fold(words[-1])),
                             says, about))
    if not norms and (share := _labelled_share(text)) is not None:
        return OwnNorm(">=", share[0], True, "", share[1], about)
    if not norms and not _BOUND.search(text):  # a bound word that bounds no figure here: not sure
        return _bare_count(text, about)
    return norms[0] if len(norms) == 1 else None


def _counted(tokens: list[str]) -> list[str]:
    """The noun phrase a figure counts, from the words after it: a rate, a function word or
    a verb ("uitvoeren", "komt") ends it ("twee integrale controles uit op ..." -> integrale
    controles; "twee keer per jaar" counts no thing). Right after a figure, or after
    adjectives only, a plural that is also an infinitive is the noun ("vier dagen", "vier
    middelbare scholen", "zes lessen"; not "boven de 500 komt")."""
    words = []
    for t in tokens:
        w = fold(t)
        if w in _RATES or w in stopwords() or len(t) <= 3 and w not in _SHORT_UNITS or t[:1].isdigit():
            break
        if (w in verb_lemmas() or _lemma(w) in verb_lemmas()) and not (
                w.endswith("en") and all(fold(x).endswith("e") for x in words)):
            break
        words.append(t)
        if not w.endswith("e") or w in _SHORT_UNITS:
            break  # the noun after the adjectives: "vier middelbare scholen | voorlichting", "2 fte | Wanneer"
    return words


# before a bare figure, these make it a deadline, a rate, an age, a name or one of a known set
# rather than a number of things to do ("binnen vijf werkdagen", "per 1000 inwoners", "Top 600")
_NOT_A_COUNT_BEFORE = _NOT_A_NORM_BEFORE | frozenset(
    "binnen per na om tot vanaf sinds over uiterlijk top fase prio prioriteit artikel nummer nr "
    "elk elke ieder iedere".split())


def _bare_count(text: str, about: frozenset[str]) -> OwnNorm | None:
    """A number of things to do without a bound word, when it is the ambition's only figure:
    "In 2024 en 2025 houden wij samen met de RDW vier controles" asks at least four controls,
    as "ten minste vier" would ("hielden we twee controles" is a part of it); "werkt een
    wijk-GGD'er vier dagen per week", and what an extension adds ("Uitbreiding AED-netwerk met 8
    buiten-AED's"). Not a year, a share, a deadline ("binnen vijf
    werkdagen"), a condition ("bij meer dan ...", which has a bound word) or a figure without
    a counted noun after it."""
    tokens = _TOKEN.findall(text)
    found = []
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None or is_year(token):
            continue
        if i and fold(tokens[i - 1]) in (_NOT_A_COUNT_BEFORE | {MONEY}) and not _extended_by(tokens, i) \
                or i + 1 < len(tokens) and (fold(tokens[i + 1]) in PERCENT or tokens[i + 1] in ".,"):
            return None  # a figure of another kind in the ambition: not sure which is its norm
        words = _counted(tokens[i + 1:i + 1 + COUNTED_WORDS])
        if not words:
            return None
        every = i > 0 and fold(tokens[i - 1]) == "alle"
        says = f"{tokens[i - 1] + ' ' if every else ''}{token} {' '.join(words)}"
        found.append(OwnNorm(">=", value, False, _lemma(fold(words[-1])), says, about, True, every))
    return found[0] if len(found) == 1 else None


# "met" before a figure is a condition or a change ("bij meer dan", "daalt met 10 procent"), but
# after an extension it is what is added: "Uitbreiding AED-netwerk met 8 buiten-AED's"
_EXTENSIONS = frozenset("uitbreiding uitbreiden uitgebreid breiden vergroting vergroten aanvulling aanvullen".split())


def _extended_by(tokens: list[str], i: int) -> bool:
    """Whether the figure at `i` follows "met" after an extension word before it."""
    return fold(tokens[i - 1]) == "met" and not _EXTENSIONS.isdisjoint(fold(t) for t in tokens[:i - 1])


_TARGET_LABEL = re.compile(r"^\s*(?:resultaat(?:\s+(?:19|20)\d\d)?|doel|norm|streefwaarde)\s*:", re.IGNORECASE)
_SHARE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d+)?)\s*(%|procent)", re.IGNORECASE)


def _labelled_share(text: str) -> tuple[float, str] | None:
    """A result line's one share without a bound word: "Resultaat 2025: 90% van de jongeren ...
    wordt binnen 7 dagen naar Halt verwezen" asks at least 90 %: the label makes it a target."""
    if not _TARGET_LABEL.match(text):
        return None
    shares = [m for m in _SHARE.finditer(text) if _word_before(text, m.start()) not in _NOT_A_NORM_BEFORE]
    if len(shares) != 1 or len(_SHARE.findall(text)) != 1:
        return None  # none, or one of several (a change beside a level)
    return parse_number(shares[0].group(1)), " ".join(shares[0].group(0).split())


@dataclass(frozen=True)
class Verdict:
    met: bool
    figure: str  # as the report writes it: "64 procent", "vijf integrale controles"
    sentence: str
    norm: OwnNorm
    value: float = 0.0  # the figure as a number

    def part_done(self) -> bool:
        """Short of a count of things to do, but some done: "drie integrale controles" where the
        ambition asks "minimaal vier" (not a share, a level or a sum: "64 procent" of "ten minste
        80", "€ 212.350" of "ten minste € 250.000", "178.000 euro" of "minimaal 250.000 euro")."""
        return not self.met and not self.norm.percent and self.norm.counted not in MONEY_WORDS \
            and self.norm.comparator in (">=", ">") and self.value > 0

    def rule(self) -> str:
        outcome = "gehaald: gerealiseerd" if self.met else "niet gehaald: niet gerealiseerd"
        return f'het verslag noemt "{self.figure}"; de ambitie vraagt "{self.norm.says}". De norm is {outcome}'


def judge(norm: OwnNorm | None, sentences: list[str], year: int | None = None,
          future: frozenset[str] = frozenset()) -> Verdict | None:
    """The norm against the first sentence about the ambition that gives outcome figures in its
    unit, when they all agree; None when there is none or they disagree. `future`: the future
    words of the status cues (kb.trace.status.StatusClassifier.future), whose sentences are plans."""
    if norm is None:
        return None
    for sentence in sentences:
        found = norm.figures_in(sentence, year, future)
        if found:
            verdicts = {norm.met_by(value) for value, _ in found}
            if len(verdicts) > 1:
                return None  # "84 procent ... 71 procent": not sure which is the outcome
            return Verdict(verdicts.pop(), found[0][1], sentence, norm, found[0][0])
    return None


# a figure of the year before, beside this year's: "(2023: 104)", "tegen 176 in 2023", "(in 2023: 44)"
_NUMBER = r"(\d[\d.,]*)\s*(?:%|procent)?"


def _previous(sentence: str, year: int) -> float | None:
    """The figure the sentence gives for the year before `year`, if it gives one."""
    before = year - 1
    for pattern in (rf"\(\s*(?:in\s+)?{before}\s*:\s*{_NUMBER}", rf"\btegen\s+{_NUMBER}\s+in\s+{before}\b",
                    rf"\bin\s+{before}\s+(?:nog\s+|was\s+dat\s+|waren\s+dat\s+)?{_NUMBER}"):
        m = re.search(pattern, sentence, re.IGNORECASE)
        if m and (value := parse_number(m.group(1))) is not None:
            return value
    return None


def kpi_figure(norm: dict, sentences: list[tuple[str, str]], year: int,
               future: frozenset[str] = frozenset()) -> dict | None:
    """A monitor-set norm's figure for `year` as a report writes it in a sentence, where it has
    no table row for it ("In 2024 registreerde de politie 98 woninginbraken, inclusief pogingen
    (2023: 104)" for "Woninginbraken (incl. pogingen): maximaal 90"): a figure in the norm's
    unit, of what its name counts (its first noun: "woninginbraken", "meldingen"; a share for
    a share), in the sentence (of `sentences`: section id, sentence) that shares most words
    with the name, with the year before's figure when the sentence gives it ("tegen 176 in
    2023"). Not for a rate ("per 1.000 inwoners"): a count is no rate. The figure as the
    scorecard's value (kb.trace.scorecard), from a "sentence" as kb.model.KpiValue says; None when none is sure."""
    name = norm.get("name") or ""
    if norm.get("comparator") not in (">=", "<=", "verbetering") or re.search(r"\bper\s+\d", name):
        return None
    tokens = _TOKEN.findall(name)
    percent = norm.get("unit") == "%" or bool(tokens) and fold(tokens[0]) in ("percentage", "aandeel")
    words = [] if percent else _counted([t for t in tokens if not t[:1].isdigit()][:1 + COUNTED_WORDS])
    if not percent and not words:
        return None
    about = _content_lemmas(_with_parts(fold(t) for t in tokens))
    own = OwnNorm(norm.get("comparator") if norm.get("comparator") in (">=", "<=") else ">=", norm.get("value") or 0.0,
                  percent, "" if percent else _lemma(fold(words[-1])), name, about)
    best = None
    for section_id, sentence in sentences:
        if " | " in sentence:
            continue  # a table row: the scorecard reads its columns ("2024: n.b." is no figure)
        found = own.figures_in(sentence, year, future)
        if not found or len({value for value, _ in found}) > 1:
            continue  # none, or not sure which one is the year's
        shared = len(about & _lemmas_of(sentence))
        if shared < (2 if percent else 1):
            continue  # a share of something else in the paragraph ("63% weet zich te beschermen")
        if best is None or shared > best[0]:
            best = (shared, section_id, sentence, found[0])
    if best is None:
        return None
    _, section_id, sentence, (value, words_) = best
    return {"value": value, "unit": "%" if percent else None, "year": year, "previous_value": _previous(sentence, year),
            "section_id": section_id, "source": "sentence", "text": sentence.strip(), "name": words_,
            "norm_value": None, "norm_comparator": None}


# a term an ambition sets for each case: "binnen vijf werkdagen", "binnen een week", "binnen 24 uur"
_TIME_UNIT = r"(?:uur|uren|minuten|minuut|kwartier|dag|dagen|werkdag|werkdagen|week|weken|maand|maanden)"
_TERM = re.compile(r"\bbinnen\s+(?:(?:een|één|\d+(?:,\d+)?|[a-z]+)\s+)?" + _TIME_UNIT + r"\b", re.IGNORECASE)
# how a report says how fast something went: a duration ("gemiddeld 3,8 werkdagen", "na vijf
# dagen", "binnen een kwartier"), "dezelfde dag", "doorlooptijd", "termijn"
_DURATION = re.compile(r"\b(?:(?:\d+(?:,\d+)?|[a-zé]+)\s+" + _TIME_UNIT + r"|dezelfde\s+dag|doorlooptijd\w*|termijn\w*)\b",
                       re.IGNORECASE)


def term(text: str) -> str | None:
    """The term the ambition sets for each case ("Na elke woninginbraak ontvangen de
    omwonenden binnen een week een brief": "binnen een week"), when it sets one; a number
    word must be one ("binnen vijf werkdagen"), not any word ("binnen afzienbare tijd")."""
    for m in _TERM.finditer(text):
        words = m.group(0).split()
        if len(words) == 2 or _how_many(words[1]):
            return " ".join(words)
    return None


def _how_many(word: str) -> bool:
    """A number of time units: a figure, a number word, or "een" (a week, not the article here)."""
    return fold(word) == "een" or _number(word) is not None


def tells_how_fast(text: str) -> bool:
    """Whether the report's paragraph says anything of how fast: a duration, a term ("binnen
    twee dagen", "na vijf dagen", "dezelfde dag", "de doorlooptijd"). A paragraph that tells
    only that the thing is done ("Na inbraken zijn omwonenden benaderd") leaves a term open."""
    return any(len(words) != 2 or _how_many(words[0]) or fold(words[0]) == "dezelfde"
               for words in (m.group(0).split() for m in _DURATION.finditer(text)))


# a change an ambition asks of a count, against a year's level: "daalt ieder jaar met ten minste 5%
# ten opzichte van het jaar ervoor", "ligt vanaf 2024 jaarlijks minimaal 15% hoger dan in 2023 (112)",
# "daalt in 2027 met 20% ten opzichte van 2023"
_SHARE_OF = r"(?P<share>\d{1,3}(?:,\d+)?)\s*(?:%|procent)"
_BASE = r"(?P<base>het\s+jaar\s+ervoor|het\s+voorgaande\s+jaar|vorig\s+jaar|(?:in\s+)?(?P<year>(?:19|20)\d\d))" \
        r"(?:\s*\(\s*(?P<level>\d[\d.,]*)\s*\))?"
_CHANGE = [
    re.compile(r"\b(?P<verb>daalt|dalen|stijgt|stijgen|neemt|nemen|groeit|groeien)\b[^.;]*?\bmet\s+"
               r"(?:ten\s+minste\s+|minimaal\s+|minstens\s+)?" + _SHARE_OF +
               r"\s+(?:(?:af|toe)\s+)?(?:ten\s+opzichte\s+van|t\.o\.v\.|vergeleken\s+met)\s+" + _BASE, re.IGNORECASE),
    re.compile(r"\b(?:ten\s+minste|minimaal|minstens)\s+" + _SHARE_OF +
               r"\s+(?P<way>hoger|lager|meer|minder)\s+dan\s+" + _BASE, re.IGNORECASE),
]
_YEARLY = re.compile(r"\b(?:ieder|elk)\s+jaar\b|\bjaarlijks\b|\bper\s+jaar\b", re.IGNORECASE)
_DOWN_WORDS = ("daalt", "dalen", "lager", "minder")


@dataclass(frozen=True)
class ChangeNorm:
    share: float  # 0.05 for "5%"
    down: bool
    base_year: int | None  # None: the year before each year
    base_value: float | None  # the level the ambition gives for its base year: "hoger dan in 2023 (112)"
    yearly: bool  # asked every year, not once by a target year
    counted: str  # the lemma of what "het aantal ..." counts ("processen-verbaal" -> its lemma)
    says: str
    about: frozenset[str] = frozenset()

    def level(self) -> OwnNorm:
        """A norm on the same count without a bound: to find its figures with (figures_in)."""
        return OwnNorm(">=", 0.0, False, self.counted, self.says, self.about)

    def base_in(self, sentence: str, year: int) -> float | None:
        """The base level for `year`: the ambition's own, else the sentence's (a table row's
        column of the base year, "(2023: 176)", "tegen 176 in 2023")."""
        base_year = self.base_year or year - 1
        if self.base_value is not None:
            return self.base_value
        if " | " in sentence:
            row = _row_figure(sentence, base_year)
            return row[1] if row else None
        return _previous(sentence, base_year + 1)


@dataclass(frozen=True)
class ChangeVerdict:
    met: bool
    towards: bool  # moved the way the norm asks, if not as far
    value: float
    base: float
    norm: ChangeNorm
    sentence: str

    def part_done(self) -> bool:
        return False  # a change short of its share is no part of things to do

    def rule(self) -> str:
        way = "een daling" if self.norm.down else "een stijging"
        change = (self.value - self.base) / self.base * 100 if self.base else 0.0
        outcome = "gehaald: gerealiseerd" if self.met else "niet gehaald: niet gerealiseerd"
        return (f'het verslag noemt {self.value:g} tegen {self.base:g} ({change:+.0f}%); de ambitie vraagt {way} van '
                f'ten minste {self.norm.share * 100:g}% ("{self.norm.says}"). De norm is {outcome}')


def change_norm(text: str) -> ChangeNorm | None:
    """The change the ambition asks of a count it names ("Het aantal meldingen van jeugdoverlast
    daalt ieder jaar met ten minste 5% ten opzichte van het jaar ervoor"), or None."""
    for pattern in _CHANGE:
        m = pattern.search(text)
        if m is None:
            continue
        counted = _counted_before(text[:m.start()])
        if counted is None:
            return None
        word = fold(m.groupdict().get("verb") or m.groupdict().get("way") or "")
        if word in ("neemt", "nemen"):
            word = "minder" if re.search(r"\baf\b", m.group(0)) else "meer"
        base_year = int(m.group("year")) if m.group("year") else None
        return ChangeNorm(parse_number(m.group("share")) / 100, word in _DOWN_WORDS, base_year,
                          parse_number(m.group("level")) if m.group("level") else None,
                          base_year is None or bool(_YEARLY.search(text)), _lemma(fold(counted)),
                          " ".join(m.group(0).split()), _lemmas_of(text))
    return None


def judge_change(norm: ChangeNorm | None, sentences: list[str], year: int,
                 future: frozenset[str] = frozenset()) -> ChangeVerdict | None:
    """The change the report's figures show against the norm: the first sentence about the
    ambition with one figure of the count for `year` and a base level; None when none is sure."""
    if norm is None:
        return None
    for sentence in sentences:
        found = norm.level().figures_in(sentence, year, future)
        if not found or len({value for value, _ in found}) > 1:
            continue
        base = norm.base_in(sentence, year)
        if not base:
            continue
        value = found[0][0]
        goal = base * (1 - norm.share) if norm.down else base * (1 + norm.share)
        met = value <= goal if norm.down else value >= goal
        towards = value < base if norm.down else value > base
        return ChangeVerdict(met, towards, value, base, norm, sentence)
    return None
