"""From what a user types to a Whoosh query, in two pure steps (no index needed):

`parse_query(text)` reads the syntax a non-technical user can guess: words (all must
match), "phrases", -word to exclude, OF/OR between alternatives, and the filters
thema:, jaar: (the document's reporting year or plan period), noemt: (a year the section
mentions), soort:, document:, rol: (a leerdossier section's role, kb.enrich.roles), fenomeen:
and status: (a leerdossier's concept/afgerond, kb.enrich.learning). It
never fails: an unbalanced quote runs to the end, a lone operator is dropped, control
characters go, and an overlong query is cut, each with a note for the user.

`build_query(parsed, lexicon)` turns that into a Whoosh query with the Dutch analysis,
compound parts, abbreviations and synonyms; `build_filter` does the filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh.matching import AndNotMatcher

from kb.lang.analysis import exact_terms
from kb.lang.lexicon import Lexicon, WordTerms
from kb.model import DOCUMENT_KINDS, LEERDOSSIER_STATUSES
from kb.text import MAX_SPAN, YEAR, fold
from kb.enrich.learning import load_phenomena
from kb.enrich.roles import load_roles
from kb.enrich.themes import Taxonomy, find_theme

MAX_QUERY_CHARS = 500
MAX_UNITS = 24
SYNONYM_BOOST = 0.7
PART_BOOST = 0.6
EXACT_BOOST = 0.5

FILTER_KEYS = {"thema": "thema", "theme": "thema", "jaar": "jaar", "year": "jaar", "noemt": "noemt",
               "mentions": "noemt", "soort": "soort",
               "kind": "soort", "document": "document", "doc": "document", "rol": "rol", "role": "rol",
               "fenomeen": "fenomeen", "fenomenen": "fenomeen", "phenomenon": "fenomeen", "status": "status"}
KIND_ALIASES = {"verslag": "jaarverslag", "jaarverslagen": "jaarverslag", "plannen": "plan", "dossier": "leerdossier",
                "leerdossiers": "leerdossier", "jaarplannen": "jaarplan", "jaarstukken": "jaarverslag",
                "jaarverantwoording": "jaarverslag", "voortgang": "voortgangsrapportage",
                "rapportage": "voortgangsrapportage", "voortgangsrapportages": "voortgangsrapportage",
                "evaluaties": "evaluatie", "veiligheidsbeelden": "veiligheidsbeeld"}
OR_WORDS = {"OF", "OR", "|"}
AND_WORDS = {"EN", "AND", "&", "+", "&&"}
NOT_WORDS = {"NIET", "NOT"}
_WORDS = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:[@&][^\W_]+)*")
_IDENTIFIER = re.compile(r"[@&%]|\d[.,]\d")
_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<filter>[A-Za-z]+):"(?P<fvalue>[^"]*)"?|(?P<plain>\S+)')


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


Unit = Word | Phrase


@dataclass
class ParsedQuery:
    groups: list[list[Unit]] = field(default_factory=list)  # all groups required; one unit of each
    excluded: list[Unit] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """Every word of the required part, in order (for did-you-mean)."""
        out = []
        for group in self.groups:
            for unit in group:
                out.extend([unit.text] if isinstance(unit, Word) else unit.words)
        return out

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded


def clean_text(text: str) -> tuple[str, list[str]]:
    notes = []
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = text.translate({ord(c): '"' for c in "“”„‟«»"})
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"de zoekvraag is ingekort tot {MAX_QUERY_CHARS} tekens")
    return " ".join(text.split()), notes


def _unit(words: list[str]) -> Unit | None:
    if not words:
        return None
    return Word(words[0]) if len(words) == 1 else Phrase(tuple(words))


def parse_query(text: str) -> ParsedQuery:
    text, notes = clean_text(text)
    parsed = ParsedQuery(notes=notes)
    pending_or = negate_next = False
    units = 0

    def add(unit: Unit | None, negated: bool) -> None:
        nonlocal pending_or, units
        if unit is None:
            return
        if units >= MAX_UNITS:
            if "te veel woorden" not in " ".join(parsed.notes):
                parsed.notes.append(f"te veel woorden; alleen de eerste {MAX_UNITS} tellen mee")
            return
        units += 1
        if negated:
            parsed.excluded.append(unit)
        elif pending_or and parsed.groups:
            parsed.groups[-1].append(unit)
        else:
            parsed.groups.append([unit])
        pending_or = False

    for m in _TOKEN.finditer(text):
        if m.group("phrase") is not None:
            add(_unit(_WORDS.findall(m.group("phrase"))), bool(m.group("neg")) or negate_next)
            negate_next = False
            continue
        if m.group("filter") is not None:
            key = FILTER_KEYS.get(m.group("filter").lower())
            if key and m.group("fvalue").strip():
                parsed.filters.setdefault(key, []).append(m.group("fvalue").strip())
                continue
            add(_unit(_WORDS.findall(m.group())), negate_next)
            negate_next = False
            continue
        token = m.group("plain")
        if token in OR_WORDS:
            pending_or = bool(parsed.groups)
            continue
        if token in AND_WORDS:
            continue
        if token in NOT_WORDS:
            negate_next = True
            continue
        if ":" in token:
            key, _, value = token.partition(":")
            if FILTER_KEYS.get(key.lower()) and value.strip(":"):
                parsed.filters.setdefault(FILTER_KEYS[key.lower()], []).append(value.strip(":"))
                continue
        negated = negate_next or (token.startswith("-") and len(token.lstrip("-")) > 0)
        add(_unit(_WORDS.findall(token.lstrip("-"))), negated)
        negate_next = False
    return parsed


# ---------------------------------------------------------------------------------------
# Building the Whoosh query


@dataclass
class BuiltQuery:
    query: Q.Query | None  # None: nothing to search for (only stopwords, only exclusions)
    excluded: Q.Query | None
    highlight: set[tuple[str, str]] = field(default_factory=set)  # (field, term) pairs
    expansions: list[str] = field(default_factory=list)  # "aanrijdtijd → reactietijd"
    phrases: set[tuple[str, ...]] = field(default_factory=set)  # "text" terms marked only side by side

    def whoosh(self) -> Q.Query | None:
        if self.query is None and self.excluded is None:
            return None
        positive = self.query if self.query is not None else Q.Every()
        return Excluding(positive, self.excluded) if self.excluded is not None else positive


class ExcludingMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher with its first match checked against the excluded postings.
    Whoosh (whoosh-reloaded 2.7.5) checks it only when both start on the same document, so
    with `inbraak -woning` a first hit that holds "woning" came through whenever the
    excluded word's first posting lay before it (KB_SCORING=whoosh; the numpy path of
    kb.index.fast was right)."""

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class Excluding(Q.AndNot):
    """`a` without the documents of `b`, through ExcludingMatcher."""

    def matcher(self, searcher, context=None):
        return ExcludingMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))


def _fields(term: str) -> list[Q.Query]:
    return [Q.Term("text", term), Q.Term("heading", term), Q.Term("topic", term)]


def _all_terms(terms: tuple[str, ...], boost: float = 1.0) -> Q.Query:
    """A synonym or long form: one term in either field, or several side by side (a phrase):
    "georganiseerde criminaliteit" must not count for every text that says "criminaliteit"
    and somewhere "georganiseerd"."""
    if len(terms) == 1:
        return Q.Or(_fields(terms[0]), boost=boost)
    # scored as its words, together weighing as one word: a synonym phrase never outranks the word typed
    scored = Q.And([Q.Or(_fields(t)) for t in terms], boost=boost / len(terms))
    return Q.Require(scored, Q.Or([Q.Phrase(f, list(terms)) for f in ("text", "heading", "topic")]))


class _Builder:
    def __init__(self, lexicon: Lexicon, fuzzy: bool):
        self.lex = lexicon
        self.fuzzy = fuzzy
        self.highlight: set[tuple[str, str]] = set()
        self.phrases: set[tuple[str, ...]] = set()
        self.expansions: list[str] = []

    def word(self, word: str, wt: WordTerms, mark: bool = True) -> Q.Query | None:
        exact = fold(word.lower())
        if _IDENTIFIER.search(word):
            if mark:
                self.highlight.add(("exact", exact))
            return Q.Term("exact", exact)
        if wt.main is None:
            return None
        alts = _fields(wt.main) + [Q.Term("exact", exact, boost=EXACT_BOOST)]
        if self.fuzzy and not wt.acronym and len(exact) >= 5:
            alts.append(Q.FuzzyTerm("exact", exact, boost=0.8, maxdist=2 if len(exact) >= 6 else 1, prefixlength=1))
        if mark:
            self.highlight.update({("text", wt.main), ("exact", exact)})
        q: Q.Query = Q.Or(alts)
        if wt.parts:
            q = Q.Or([q, Q.And([Q.Or(_fields(p)) for p in wt.parts], boost=PART_BOOST)])
            if mark:
                self.highlight.update(("text", p) for p in wt.parts)
        return q

    def phrase(self, phrase: Phrase, mark: bool = True) -> Q.Query | None:
        mains = self.lex.phrase(phrase.text)
        exact = exact_terms(phrase.text)
        if len(mains) < 2 and len(exact) < 2:
            return self.word(phrase.words[0], self.lex.word(phrase.words[0]), mark) if phrase.words else None
        alts: list[Q.Query] = []
        if len(mains) >= 2:
            alts += [Q.Phrase(f, mains) for f in ("text", "heading", "topic")]
            if mark:
                self.highlight.update(("text", t) for t in mains)
        if len(exact) >= 2:
            alts.append(Q.Phrase("exact", exact, boost=1.5))
            if mark:
                self.highlight.update(("exact", t) for t in exact)
        return Q.Or(alts)

    def unit(self, unit: Unit, mark: bool = True) -> Q.Query | None:
        if isinstance(unit, Phrase):
            return self.phrase(unit, mark)
        wt = self.lex.word(unit.text)
        q = self.word(unit.text, wt, mark)
        if q is not None and wt.main and (wt.main,) in self.lex.rules:
            return self.concept(q, (wt.main,), unit.text, mark)
        return q

    def concept(self, base: Q.Query, key: tuple[str, ...], typed: str, mark: bool) -> Q.Query:
        alts = [base]
        label = self.lex.labels.get(key, typed)  # as the data file writes it, not a typo echoed
        for exp in self.lex.rules[key]:
            alts.append(_all_terms(exp.terms, boost=SYNONYM_BOOST))
            if mark:
                if len(exp.terms) == 1:
                    self.highlight.add(("text", exp.terms[0]))
                else:
                    self.phrases.add(exp.terms)
                self.expansions.append(f"{label} → {exp.label}")
        return Q.Or(alts)

    def run(self, words: list[str]) -> list[Q.Query]:
        """Consecutive plain words: the longest stretches that a synonym or abbreviation
        rule names become one concept ("prio 1", "verwarde personen")."""
        terms = [self.lex.word(w) for w in words]
        indexed = [(i, t.main) for i, t in enumerate(terms) if t.main]
        out: list[Q.Query] = []
        k = 0
        longest = self.lex.longest_rule
        while k < len(indexed):
            for n in range(min(longest, len(indexed) - k), 0, -1):
                key = tuple(m for _, m in indexed[k:k + n])
                if key in self.lex.rules:
                    first, last = indexed[k][0], indexed[k + n - 1][0]
                    parts = [self.word(words[i], terms[i]) for i, _ in indexed[k:k + n]]
                    parts = [p for p in parts if p is not None]
                    base = parts[0] if len(parts) == 1 else Q.And(parts)
                    out.append(self.concept(base, key, " ".join(words[first:last + 1]), True))
                    k += n
                    break
            else:
                i = indexed[k][0]
                q = self.word(words[i], terms[i])
                if q is not None:
                    out.append(q)
                k += 1
        return out


def build_query(parsed: ParsedQuery, lexicon: Lexicon, mode: str = "all", fuzzy: bool = False) -> BuiltQuery:
    """mode "all": every group must match; "any": at least one (ranked by how many)."""
    b = _Builder(lexicon, fuzzy)
    clauses: list[Q.Query] = []
    run: list[str] = []
    for group in parsed.groups + [[]]:
        if len(group) == 1 and isinstance(group[0], Word) and not _IDENTIFIER.search(group[0].text):
            run.append(group[0].text)
            continue
        if run:
            clauses.extend(b.run(run))
            run = []
        if group:
            alts = [q for q in (b.unit(u) for u in group) if q is not None]
            if alts:
                clauses.append(alts[0] if len(alts) == 1 else Q.Or(alts))
    negatives = [q for q in (b.unit(u, mark=False) for u in parsed.excluded) if q is not None]
    if not clauses:
        positive = None
    elif len(clauses) == 1:
        positive = clauses[0]
    else:
        positive = Q.And(clauses) if mode == "all" else Q.Or(clauses)
    excluded = None if not negatives else negatives[0] if len(negatives) == 1 else Q.Or(negatives)
    return BuiltQuery(positive, excluded, b.highlight, b.expansions, b.phrases)


def _years(value: str) -> list[int] | None:
    m = re.fullmatch(rf"\s*({YEAR})\s*(?:(?:-|–|\.\.|t/m|tot)\s*({YEAR}))?\s*", value)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2) or m.group(1))
    if a > b or b - a >= MAX_SPAN:
        return None
    return list(range(a, b + 1))


def _named(key: str, value: str) -> tuple[str, str | None, str, list[str]]:
    """A `rol:` or `fenomeen:` value as its data file knows it: (index field, key or None,
    "onbekende rol" / "onbekend fenomeen", the keys to choose from)."""
    if key == "rol":
        roles = load_roles()
        return "role", roles.find(value), "onbekende rol", [r.key for r in roles.roles]
    phenomena = load_phenomena()
    return "phenomena", phenomena.find(value), "onbekend fenomeen", [p.slug for p in phenomena.items]


def build_filter(filters: dict[str, list[str]], taxonomy: Taxonomy) -> tuple[Q.Query | None, dict[str, list[str]], list[str]]:
    """(Whoosh filter, the filters as understood, notes on values that were not)."""
    clauses: list[Q.Query] = []
    understood: dict[str, list[str]] = {}
    notes: list[str] = []
    for key, values in filters.items():
        terms: list[Q.Query] = []
        for raw in values:
            for value in (v.strip() for v in raw.split(",")):
                if not value:
                    continue
                if key == "thema":
                    slug = find_theme(value, taxonomy)
                    if slug:
                        terms.append(Q.Term("themes", slug))
                        understood.setdefault(key, []).append(slug)
                    else:
                        notes.append(f"onbekend thema '{value}' genegeerd")
                elif key in ("jaar", "noemt"):
                    years = _years(value)
                    if years:
                        field = "doc_years" if key == "jaar" else "mentions"
                        terms.extend(Q.Term(field, str(y)) for y in years)
                        understood.setdefault(key, []).append(value)
                    else:
                        notes.append(f"jaar '{value}' niet begrepen (gebruik bijv. 2020 of 2019-2021)")
                elif key == "soort":
                    kind = KIND_ALIASES.get(fold(value), fold(value))
                    if kind in DOCUMENT_KINDS:
                        terms.append(Q.Term("kind", kind))
                        understood.setdefault(key, []).append(kind)
                    else:
                        notes.append(f"onbekende soort '{value}' genegeerd (kies uit {', '.join(DOCUMENT_KINDS)})")
                elif key == "document":
                    terms.append(Q.Term("document_id", value))
                    understood.setdefault(key, []).append(value)
                elif key in ("rol", "fenomeen"):
                    field, found, unknown, choices = _named(key, value)  # the data file's edition: read again when edited
                    if found:
                        terms.append(Q.Term(field, found))
                        understood.setdefault(key, []).append(found)
                    else:
                        notes.append(f"{unknown} '{value}' genegeerd (kies uit {', '.join(choices)})")
                elif key == "status":
                    status = fold(value)
                    if status in LEERDOSSIER_STATUSES:
                        terms.append(Q.Term("doc_status", status))
                        understood.setdefault(key, []).append(status)
                    else:
                        notes.append(f"onbekende status '{value}' genegeerd (kies uit {', '.join(LEERDOSSIER_STATUSES)})")
        if terms:
            clauses.append(terms[0] if len(terms) == 1 else Q.Or(terms))
    if not clauses:
        return None, understood, notes
    return (clauses[0] if len(clauses) == 1 else Q.And(clauses)), understood, notes
