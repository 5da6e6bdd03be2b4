"""Rank the paragraphs of later reports for one ambition of a plan.

The plan and the report rarely use the same words for the same thing ("Aanrijdtijden prio
1" in the plan, "Reactietijd spoed" in the report), so a link is scored with what the
search knows about Dutch (lemma + stem, compound parts, synonyms and abbreviations from
kb.lang.lexicon) plus signals that fit this task:

- shared terms, weighted by how rare they are in the whole corpus (BM25 on the paragraph);
- names (AGORA, HackShield, FIT@NP, Holsteiner) count extra: a shared name is rarely chance;
  adjacent words of the ambition a report writes as one name match it ("Eenheid Cybercrime
  Beeld": "Eenheidscybercrimebeeld"), without counting in the measure of a full match;
- terms in the paragraph's headings count a little ("Aanpak discriminatie" under
  "Politie voor iedereen");
- the title an ambition opens with names its subject: its words weigh more, and a paragraph
  with two of its rarer words, one in its text ("Zicht op extremisme en radicalisering"),
  scores at least the threshold unless it is of another theme, however long the description
  after the title;
- the paragraph's theme agreeing with the ambition's theme raises the score, another
  theme lowers it;
- a paragraph that shares only everyday words (or numbers) with the ambition ("blijft",
  "minder", "aantal", "jaar") stays just under the threshold (CANDIDATE_SCORE): a
  candidate on the ambition's page, never the paragraph that sets its cell; so does a
  paragraph that shares a single word with the ambition and scores under THIN_SCORE.

The score is divided by what the ambition would score against itself, so one threshold
fits short and long ambitions alike (LINK_THRESHOLD: from it on a paragraph sets its cell's
status). Each link says which shared terms made it.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from kb.lang.analysis import is_acronym
from kb.lang.lexicon import Lexicon
from kb.lang.titles import looks_like_title
from kb.lang.words import NUMBER_WORDS, dictionary, link_function_words, stopwords
from kb.model import REPORT_KINDS
from kb.text import DECIMAL, YEAR, fold, is_decimal, is_year, shown_score

K1, B = 1.2, 0.75
PART_WEIGHT = 0.5  # a compound part ("dossier" in "leerdossiers") counts half a word
# a word at least this common in Dutch (wordfreq's zipf: politie 5.5, werk 5.8, team 5.4; slachtoffer
# 4.9, capaciteit 4.2) says little of what a compound it opens is about (TermReader.modifiers)
EVERYDAY_ZIPF = 5.0
MIN_COMPOUND = 8  # letters: only a long word lends its compound parts as terms (a name never does)
EXACT = "="  # the key of a word as written (names), apart from the stems
EXPANSION_WEIGHT = 0.7  # a synonym or abbreviation counts a bit less than the word itself (shared
# over its words: "SGBO" → "Staf Grootschalig en Bijzonder Optreden" is one concept, not four)
SEPARABLE_PARTICLES = frozenset(
    "aan af bij in mee na onder op samen tegen terug toe uit vast voor weg".split())  # "toe te rusten", "tegen te gaan"
# (TermReader); not "om", "door", "over": "om te komen" is no omkomen, "over te treffen maatregelen" no overtreffen
NUMBER_WEIGHT = 0.3  # "100" or "15" is weak evidence on its own, and so is "twee" or "twaalf" (NUMBER_WORDS)
CONTEXT_QUERY_WEIGHT = 0.1  # the share of a full match the context (parent and parts) adds at most (Linker._scored)
CONTEXT_WEIGHT = 0.5  # a paragraph that continues the one before it borrows its words at this weight
NAME_BOOST = 1.6
TITLE_WEIGHT = 1.5  # the words of the title an ambition opens with ("Betekenisvol interveniëren Bij ...") name its subject
HEADING_WEIGHT = 0.3
THEME_MATCH, THEME_OTHER = 1.3, 0.5
# from here a paragraph is proposed as a progress report and sets its cell's status; below it, it is
# a candidate on the ambition page ("onder de drempel"). Was 0.10 (recall first), but a link under
# 0.15 never set a status and blind readers judged most of them no report at all: see
# benchmarks/eval_trace.py for recall and precision per threshold
LINK_THRESHOLD = 0.15
# a paragraph with TITLE_WORDS rarer words of the title (one in its text) scores at least TITLE_FLOOR,
# before the theme factor: another theme of the paragraph keeps it under the threshold (Linker._title_floor)
TITLE_FLOOR, TITLE_WORDS = LINK_THRESHOLD, 2
# at most, for a paragraph over the threshold kept a candidate on thin evidence: only everyday words
# shared, or at most one word and a low score (Linker._capped)
CANDIDATE_SCORE = 0.99 * LINK_THRESHOLD
# a paragraph needs THIN_WORDS words of the ambition to be proposed below THIN_SCORE: on the open
# gold sets a top-3 link on one word or none under 0.2 was no report on the ambition 50 times in 61, from 0.2 to 0.3
# about half the time (Linker._capped)
THIN_SCORE = 0.2
THIN_WORDS = 2
# why a link stays a candidate though its words scored more (Link.held; the ambition page shows it)
HELD_EVERYDAY = "de alinea deelt alleen alledaagse woorden of getallen met de ambitie; oorspronkelijke score {score}"
HELD_THIN = ("de alinea deelt hooguit één woord met de ambitie (delen van samenstellingen, kopjes en context tellen "
             "niet mee); oorspronkelijke score {score}")
MIN_SCORE = 0.03  # below this a paragraph is not listed at all
# a paragraph under FAR_SHARE of the year's best stays a candidate (Linker._far): on the open gold
# sets a link at rank 2 or 3 under 0.4 of the best was no report on the ambition 82 times in 112,
# from 0.4 to 0.5 30 times in 67 (precision@3 of the open sets 0.719 -> 0.784, no status changed)
FAR_SHARE = 0.4
HELD_FAR = (f"de alinea scoort minder dan {FAR_SHARE:.0%} van de beste alinea van dat jaar ({{best}}; een "
            "vooruitblik telt niet mee); oorspronkelijke score {score}")
# a report that cites the plan's own number of a result or an action ("2.3 — gehaald", "actie
# 4.1 loopt door") reports on it, whatever its words: as good a match as the ambition itself
REFERENCE_SCORE = 1.0
_OWN_NUMBER = re.compile(rf"-({DECIMAL})$")  # the key's end: "opgave-2-resultaat-2.3"
_REFERENCE = re.compile(rf"^\s*({DECIMAL})\s*[—–:-]\s|\b(?:resultaat|actie|actiepunt|doel|doelstelling|"
                        rf"ambitie|maatregel|inspanning)\s+({DECIMAL})\b", re.IGNORECASE)
MAX_LINKS = 10  # per ambition and report year
ELSEWHERE_LINKS = 3  # per ambition: paragraphs of reports outside the plan's scope, shown as context
PROGRESS_KINDS = ("paragraph", "bullet", "table_row")

# front matter: a foreword before the first heading of a report that has headings, or a
# chapter so named, is the writer's narrative, never a progress report on an ambition
FRONT_MATTER = re.compile(r"^(voorwoord|woord vooraf|ten geleide|leeswijzer|colofon|inhoud(sopgave)?)$", re.IGNORECASE)
GENERIC_HEADINGS = re.compile(rf"^(activiteiten in {YEAR}|strategische thema.*|inleiding|leeswijzer|overig)$", re.IGNORECASE)


def _is_number(word: str) -> bool:
    """A figure ("10", "1.250", "6,8") or a number word ("twee", "twaalf"): weak evidence on its own."""
    return word.replace(",", "").replace(".", "").isdigit() or fold(word.lower()) in NUMBER_WORDS


def own_number(ambition_id: str) -> str | None:
    """The plan's decimal number of an ambition ("2.3" of "plan:opgave-2-resultaat-2.3"); a
    bare "3" is too common in a report to be a reference to it."""
    m = _OWN_NUMBER.search(ambition_id)
    return m.group(1) if m else None


def cites(text: str, number: str) -> bool:
    """Whether the text cites that number as the plan's: opening a line ("2.3 — gehaald") or
    after the word for it ("resultaat 2.3", "actie 2.3")."""
    return any(number in (m.group(1), m.group(2)) for m in _REFERENCE.finditer(text))


def item_number(section: dict) -> str | None:
    """The decimal number a list item of a report carries as its label: "2.3" of "<li>2.3
    Gehaald</li>" (the parsers keep it apart from the text: kb.parse.lists.decimal_label)."""
    label = section.get("label") or ""
    return label if is_decimal(label) else None


@dataclass
class Term:
    weight: float
    surface: str  # the word as written
    via: str = ""  # "", "deel", "synoniem", "afkorting", "naam", "context" (of the ambition's parent or parts)
    name: bool = False


@dataclass
class Link:
    ambition_id: str
    section_id: str
    document_id: str
    year: int | None
    score: float  # normalised: 1.0 is what the ambition scores against itself
    shared_terms: list[str] = field(default_factory=list)
    in_scope: bool = True  # from a report on the ambition's plan (kb.trace.scope); else context only
    held: str = ""  # why a paragraph that scored over the threshold is kept a candidate under it (HELD_*)
    raw_score: float | None = None  # a held one's score before the hold: what its words scored

    @property
    def words_score(self) -> float:
        """What the paragraph's words scored, before any hold (a held link's `score` is
        CANDIDATE_SCORE)."""
        return self.score if self.raw_score is None else self.raw_score

    def to_dict(self) -> dict:
        return {"ambition_id": self.ambition_id, "section_id": self.section_id, "document_id": self.document_id,
                "year": self.year, "score": round(self.score, 4), "shared_terms": self.shared_terms,
                "in_scope": self.in_scope, "held": self.held}


# a surname after a lowercase particle ("van", "de", "van der", "ter") and initials ("J. de Wit")
# or a given name, and the name ends its line or clause: a signature ("Marieke van Dalen,
# teamchef") or a name in a sentence ("P. van der Stadt"), not "Tijdens de Donkere Dagen"
_PARTICLE = r"(?:van\s+(?:de|der|den|'t)|van|de|der|den|ter|ten|in\s+'t|op\s+de)"
_AFTER_INITIALS = re.compile(rf"\b(?:[A-Z]\.)+\s*{_PARTICLE}\s+$")
_AFTER_GIVEN = re.compile(rf"\b[A-Z][a-z\u00e0-\u00ff]+\s+{_PARTICLE}\s+$")
_ENDS_NAME = re.compile(r"[ \t]*(?:[,;(\n]|$)")


def _surname(word: str, text: str, start: int) -> bool:
    """A capitalised word that is a person's surname by its shape: "J. de Wit", "W. ten Kate"
    anywhere; "Marieke van Dalen" where the name ends a line or clause (a signature)."""
    if not word[:1].isupper():
        return False
    before = text[max(0, start - 40):start]
    return _AFTER_INITIALS.search(before) is not None or (
        _AFTER_GIVEN.search(before) is not None and _ENDS_NAME.match(text, start + len(word)) is not None)


class TermReader:
    """Text -> weighted terms with the search's own Dutch analysis."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.common = dictionary(3.0)
        self.everyday = dictionary(EVERYDAY_ZIPF)
        self.function = link_function_words()
        # the same sentences and names come back for every ambition: each text is read once
        # (callers only read the dicts)
        self.terms = lru_cache(maxsize=50_000)(self._terms)
        self.content_terms = lru_cache(maxsize=50_000)(self._content_terms)
        self._split = lru_cache(maxsize=50_000)(self._split_compounds)
        self.compounds = lru_cache(maxsize=50_000)(self._compounds)
        self.modifiers = lru_cache(maxsize=50_000)(self._modifiers)
        self.mains = lru_cache(maxsize=50_000)(self._mains)
        self.is_everyday = lru_cache(maxsize=50_000)(self._is_everyday)

    def _split_compounds(self, text: str) -> tuple[tuple[tuple[str, ...], str], ...]:
        """The parts of each long compound of a text, in order, word by word, each with its
        first part as written: the parts are the search's keys ("jar" of "jaarwisseling")."""
        found = []
        for word, _, _ in self.lex.analysis.words(text):
            parts = self.lex.word(word).parts
            folded = fold(word.lower())
            if len(folded) >= MIN_COMPOUND and len(set(parts)) > 1:
                found.append((parts, self.lex.analysis.splitter.split(folded)[0]))
        return tuple(found)

    def joined_names(self, text: str) -> dict[str, Term]:
        """Two or three adjacent words of a text, one of them capitalised, as the one name a
        report may write them as ("Eenheid Cybercrime Beeld": "Eenheidscybercrimebeeld"),
        with or without a linking s: name keys (EXACT), matched as written. No small word joins
        ("voorkomen De ..." is no "voorkomende": a title running into its text)."""
        words = self.lex.analysis.words(text)
        small = self.lex.analysis.stopwords
        out: dict[str, Term] = {}
        for n in range(len(words)):
            for size in (2, 3):
                run = words[n:n + size]
                if len(run) < size or not any(w[:1].isupper() for w, _, _ in run) or \
                        any(text[a[2]:b[1]].strip() for a, b in zip(run, run[1:])) or \
                        any(fold(w.lower()) in small or fold(w.lower()) in self.function for w, _, _ in run):
                    continue
                parts = [fold(w.lower()) for w, _, _ in run]
                for link in ("", "s"):
                    out[EXACT + parts[0] + link + "".join(parts[1:])] = Term(1.0, " ".join(w for w, _, _ in run), "naam", name=True)
        return out

    def _modifiers(self, text: str) -> frozenset[str]:
        """The first part of each long compound of a text: what it is about ("slachtoffer" of
        "slachtofferportaal", "executie" of "executietaak"); not an everyday word, judged as
        written (EVERYDAY_ZIPF: "politie" of "politiemedewerkers", "jaar" of "jaarwisseling")."""
        return frozenset(parts[0] for parts, first in self._split(text) if first not in self.everyday)

    def _is_everyday(self, surface: str) -> bool:
        """Whether a term's words as written are all everyday words (EVERYDAY_ZIPF: "blijft",
        "minder", "aantal", "jaar") or numbers ("10", "twee"): shared by chance as easily as on
        purpose. A synonym's surface ("verward gedrag → verwarde personen") is judged on its
        own words."""
        written = surface.split(" → ")[0].split()
        return bool(written) and all(
            fold(w.lower()) in self.everyday or _is_number(w) for w in written)

    def _mains(self, text: str) -> tuple[str | None, ...]:
        """The search's key of each word of a text, in order (for how close words stand)."""
        return tuple(self.lex.word(w).main for w, _, _ in self.lex.analysis.words(text))

    def _compounds(self, text: str) -> tuple[frozenset[str], ...]:
        """The parts of each long compound of a text, word by word (two compounds may share a
        part: "woninginbraken en woningovervallen"); a name's too ("Eenheidscybercrimebeeld")."""
        return tuple(dict.fromkeys(frozenset(parts) for parts, _ in self._split(text)))

    def _content_terms(self, sentence: str) -> frozenset[str]:
        """The terms a sentence is about: its words and names, not the parts of its compounds
        ("maatregelen" is not what "coronamaatregelen" is about)."""
        return frozenset(t for t, q in self.terms(sentence).items() if q.via != "deel")

    def _is_name(self, word: str, text: str, start: int) -> bool:
        """A capitalised word not at a sentence start and no common word, an acronym, a word with
        a capital inside or letters and digits (HackShield, FIT@NP), or a surname (`_surname`):
        a name is matched as written, so a chief's "Dalen" is no "daalt"."""
        if _surname(word, text, start):
            return True
        if is_acronym(word) or any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return True
        if not word[:1].isupper() or len(word) < 4:
            return False
        if any(c.isupper() for c in word[1:]):  # HackShield
            return True
        sentence_start = start == 0 or re.search(r"[.!?:•]\s*$", text[max(0, start - 3):start]) is not None
        return not sentence_start and fold(word.lower()) not in self.common

    def _split_infinitive(self, text: str, words: list[tuple[str, int, int]], n: int) -> str | None:
        """A separable verb split by "te" ("toe te rusten", "in te voeren") ending at word
        `n`: its infinitive (toerusten) when that is a known verb, else None. Only with
        nothing but spaces between the three words ("... mee. Te ..." is no meete...)."""
        if n < 2 or words[n - 1][0].lower() != "te" or text[words[n - 2][2]:words[n][1]].lower().split() != ["te"]:
            return None
        joined = fold((words[n - 2][0] + words[n][0]).lower())
        return joined if words[n - 2][0].lower() in SEPARABLE_PARTICLES and joined in self.lex.analysis.stemmer.infinitives else None

    def _terms(self, text: str, expand: bool = False) -> dict[str, Term]:
        """term -> Term; with `expand`, synonyms and abbreviations of the text join in."""
        out: dict[str, Term] = {}
        mains: list[tuple[str, str]] = []

        def add(term: str, t: Term) -> None:
            have = out.get(term)
            if have is None or t.weight > have.weight:
                if have is not None and have.name:
                    t.name = True
                out[term] = t

        words = self.lex.analysis.words(text)
        for n, (word, start, _) in enumerate(words):
            joined = self._split_infinitive(text, words, n)
            if joined:  # "toe te rusten": the verb is toerusten, as in "het toerusten van personeel"
                add(self.lex.word(joined).main, Term(1.0, f"{words[n - 2][0]} te {word}"))
            wt = self.lex.word(word)
            if not wt.main or is_year(wt.main):
                continue
            written = fold(word.lower())
            if written in self.function or wt.main in self.function:
                continue  # "Ten aanzien van", "Daarnaast": never a shared term, whatever the case
            mains.append((wt.main, word))
            weight = NUMBER_WEIGHT if _is_number(wt.main) or _is_number(written) else 1.0
            if self._is_name(word, text, start):
                add(EXACT + written, Term(weight, word, "naam", name=True))  # names: as written, never by stem or part
                continue
            add(wt.main, Term(weight, word))
            if not expand and word[:1].isupper():
                # a paragraph's capitalised word also as written: a name in an ambition finds
                # it at the start of a sentence ("Holsteiner" mid-sentence in the plan)
                add(EXACT + written, Term(weight, word, "naam"))
            if len(written) >= MIN_COMPOUND:
                # the parts of a long compound ("kindermishandeling": kind, mishandeling)
                for part in wt.parts:
                    add(part, Term(PART_WEIGHT, word, "deel"))
        if expand and self.lex.rules:
            longest = self.lex.longest_rule
            keys = [m for m, _ in mains]
            for i in range(len(keys)):
                for n in range(1, min(longest, len(keys) - i) + 1):
                    for exp in self.lex.rules.get(tuple(keys[i:i + n]), []):
                        surface = " ".join(w for _, w in mains[i:i + n])
                        for term in exp.terms:
                            add(term, Term(EXPANSION_WEIGHT / len(exp.terms), f"{surface} → {exp.label}", exp.kind))
        return out


@dataclass
class _Stats:
    idf: dict[str, float]
    plan_weight: dict[str, float]
    default_idf: float
    avg_length: float
    norms: object = None  # per paragraph (a numpy array), made on first use (Linker._norms)

    def weight(self, term: str) -> float:
        """A query term's weight in this scope: how rare it is among the sections, times how
        rare among the plans' sections."""
        return self.idf.get(term, self.default_idf) * self.plan_weight.get(term, 1.0)


@dataclass
class _Doc:
    section: dict
    year: int | None
    tf: dict[str, float]
    surface: dict[str, str]
    names: set[str]
    parts: set[str]  # terms the paragraph has only as a part of a compound ("richt" of "verricht")
    heading: set[str]
    length: int


class Linker:
    """The progress paragraphs of every report, analysed once; `rank` per ambition."""

    def __init__(self, lexicon: Lexicon, documents: list[dict], sections: list[dict]):
        self.reader = TermReader(lexicon)
        kinds = {d["id"]: d for d in documents}
        # per document: in how many of its sections each term occurs, its number of sections,
        # and its progress paragraphs' lengths; a scope's statistics add up its documents'
        self._df: dict[str, Counter] = defaultdict(Counter)
        self._sections: Counter = Counter()
        self._lengths: dict[str, list[int]] = defaultdict(list)
        self._stats: dict[frozenset[str], _Stats] = {}
        self.docs: list[_Doc] = []
        heading_cache: dict[tuple[str, ...], set[str]] = {}
        previous: dict | None = None
        previous_terms: dict[str, Term] = {}
        headed: set[str] = set()  # documents whose first heading has been passed
        with_headings = {x["document_id"] for x in sections if x["heading_path"]}
        for s in sections:
            front = s["document_id"] not in headed and not s["heading_path"]
            if s["heading_path"]:
                headed.add(s["document_id"])
            terms = self.reader.terms(s["text"])
            self._df[s["document_id"]].update(terms.keys())
            self._sections[s["document_id"]] += 1
            context = previous_terms if previous and previous["document_id"] == s["document_id"] and continues(s["text"]) else {}
            previous, previous_terms = s, terms
            doc = kinds.get(s["document_id"], {})
            if doc.get("kind") not in REPORT_KINDS or s["kind"] not in PROGRESS_KINDS:
                continue
            if s["text"].rstrip().endswith(":") and len(s["text"].split()) < 25:
                continue  # a lead-in ("Ontwikkelactiviteiten ... waren gericht op:")
            if front and s["document_id"] in with_headings or FRONT_MATTER.match((s["heading_path"] or [""])[0].strip()):
                continue  # the chief's foreword, a reading guide: narrative, not a progress report
            path = tuple(h for h in s["heading_path"] if not GENERIC_HEADINGS.match(h.strip()))
            if path not in heading_cache:
                heading_cache[path] = set(self.reader.terms(" ".join(path[-2:])))
            tf: dict[str, float] = defaultdict(float)
            for word_term, t in terms.items():
                tf[word_term] += t.weight
            for word_term, t in context.items():
                tf[word_term] += CONTEXT_WEIGHT * t.weight
            self.docs.append(_Doc(
                section=s, year=doc.get("year"), tf=dict(tf),
                surface={**{k: t.surface for k, t in context.items()}, **{k: t.surface for k, t in terms.items()}},
                names={k for k, t in terms.items() if t.name},
                parts={k for k, t in terms.items() if t.via == "deel"},
                heading=heading_cache[path],
                length=max(1, len(self.reader.lex.analysis.words(s["text"]))),
            ))
        # which paragraphs hold a term (in the text or the heading): an ambition is scored
        # against those only, not against every paragraph of every report
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._arrays: dict[str, tuple] = {}  # term -> its postings as arrays (Linker._posting)
        self._theme_factor: dict[str, np.ndarray] = {}
        self._explained: dict[tuple[str, str, str, bool], str] = {}
        self._ranked: dict[tuple, tuple[dict[int | None, list[Link]], list[Link]]] = {}  # rank_scoped's answers
        self.title_words = lru_cache(maxsize=50_000)(self._title_words)  # per ambition text
        for i, d in enumerate(self.docs):
            self._lengths[d.section["document_id"]].append(d.length)
            for term in d.tf.keys() | d.heading:
                self._postings[term].append(i)
        self._indexed = frozenset(d.section["id"] for d in self.docs)
        self._plans = {d["id"] for d in documents if d.get("kind") == "plan"}
        self._cited: dict[str, list[int]] = defaultdict(list)  # a plan's number -> the paragraphs that cite it
        for i, d in enumerate(self.docs):
            if d.section["document_id"] not in self._plans:
                numbers = {m.group(1) or m.group(2) for m in _REFERENCE.finditer(d.section["text"])}
                for number in numbers | ({item_number(d.section)} - {None}):
                    self._cited[number].append(i)

    def indexes(self, section_id: str) -> bool:
        """Whether a section is one of the progress paragraphs the linker ranks (not a
        foreword, a lead-in or a plan's own text)."""
        return section_id in self._indexed

    def stats(self, documents: frozenset[str] | None = None) -> _Stats:
        """The corpus statistics of a scope (None: every document): how rare each term is in
        its sections, how rare in its plans' sections, and the length of an average progress
        paragraph. A plan is ranked with the statistics of itself and its own reports, so
        documents outside its scope never move its scores (kb.trace.scope)."""
        key = documents if documents is not None else frozenset(self._sections)
        found = self._stats.get(key)
        if found is None:
            df: Counter = Counter()
            plan_df: Counter = Counter()
            for doc in key:
                df.update(self._df.get(doc, {}))
                if doc in self._plans:
                    plan_df.update(self._df.get(doc, {}))
            n = max(1, sum(self._sections[doc] for doc in key))
            m = max(1, sum(self._sections[doc] for doc in key if doc in self._plans))
            lengths = [x for doc in key for x in self._lengths.get(doc, [])]
            found = self._stats[key] = _Stats(
                idf={t: math.log(1 + n / c) for t, c in df.items()},
                # plan language ("de komende jaren", "verder", "aanpak") is in many ambitions and
                # says little about any one of them: weight query terms by how rare they are there
                plan_weight={t: math.log(1 + m / c) / math.log(1 + m) for t, c in plan_df.items()},
                default_idf=math.log(1 + n),
                avg_length=sum(lengths) / len(lengths) if lengths else 1.0,
            )
        return found

    def years(self, from_year: int | None = None) -> list[int]:
        return sorted({d.year for d in self.docs if d.year is not None and (from_year is None or d.year >= from_year)})

    def rank(self, ambition: dict, from_year: int | None = None, limit: int = MAX_LINKS) -> dict[int | None, list[Link]]:
        """Per report year (from the plan's first year on): the best paragraphs, best first."""
        found: dict[int | None, list[tuple[float, int]]] = defaultdict(list)
        stats = self.stats()
        query, hits = self._scored(ambition, from_year, stats)
        for hit in hits:
            found[self.docs[hit[1]].year].append(hit)
        return {y: self._links(ambition, query, stats, hits, limit) for y, hits in found.items()}

    def rank_scoped(self, ambition: dict, within: set[str], limit: int = MAX_LINKS,
                    elsewhere: int = ELSEWHERE_LINKS, context: str = "") -> tuple[dict[int | None, list[Link]], list[Link]]:
        """The best paragraphs of the reports `within` the plan's scope, per year, and the
        best few of all other reports (any year), marked `in_scope=False`: context, never
        counted. `context`: the words of the ambition's parent and parts in the plan, a second
        query that adds at most CONTEXT_QUERY_WEIGHT of a full match ("Menselijk kapitaal
        efficiënter ingezet" is an item of "Capaciteitsmanagement"; "Ten aanzien van de
        Jeugdtaak" is what its items say). Kept per question: the linker outlives a snapshot
        (kb.library hands it on while the catalog stands), and an auditor's decision changes
        no ranking, only what the trace makes of it. The Links are shared: read, never change them."""
        key = (ambition["id"], ambition["text"], ambition.get("theme"), ambition["document_id"],
               frozenset(within), limit, elsewhere, context)
        known = self._ranked.get(key)
        if known is None:  # two threads may both rank it; they store the same answer
            known = self._ranked[key] = self._rank_scoped(ambition, within, limit, elsewhere, context)
        return known

    def _rank_scoped(self, ambition: dict, within: set[str], limit: int, elsewhere: int,
                     context: str) -> tuple[dict[int | None, list[Link]], list[Link]]:
        found: dict[int | None, list[tuple[float, int]]] = defaultdict(list)
        other: list[tuple[float, int]] = []
        stats = self.stats(frozenset(within) | {ambition["document_id"]})
        query, hits = self._scored(ambition, None, stats, context)
        number = own_number(ambition["id"])
        cited = {i for i in self._cited.get(number, ()) if self.docs[i].section["document_id"] in within} \
            if number else set()
        if cited:  # a paragraph that cites the ambition's number: REFERENCE_SCORE
            hits = [h for h in hits if h[1] not in cited] + [(REFERENCE_SCORE, i) for i in sorted(cited)]
        for hit in hits:
            d = self.docs[hit[1]]
            if d.section["document_id"] in within:
                found[d.year].append(hit)
            else:
                other.append(hit)
        context = self._links(ambition, query, stats, other, elsewhere, per_year=False)
        for link in context:
            link.in_scope = False
        return {y: self._links(ambition, query, stats, hits, limit, cited, number) for y, hits in found.items()}, context

    def _links(self, ambition: dict, query: dict, stats: _Stats, hits: list[tuple[float, int]],
               limit: int, cited: set[int] = frozenset(), number: str | None = None,
               per_year: bool = True) -> list[Link]:
        """The best `limit` of scored paragraphs as Links, best first, with their shared terms
        explained, the largest share first (only for these: the explanation costs more than
        the score); a paragraph that cites the ambition's `number` says so first. `per_year`:
        the hits are one report year's (the far rule compares them with that year's best),
        not the links elsewhere, of any year."""
        raw = {i: score for score, i in hits}  # before a hold: held ones keep their order by it
        # held: paragraph -> why it stays a candidate
        hits, held = self._capped(query, hits, cited, self.title_words(ambition["text"]))
        if per_year:
            hits = self._far(hits, cited, held)
        if len(hits) > limit:  # the best by score first (ties kept), then in order with the id
            floor = heapq.nlargest(limit, (score for score, _ in hits))[-1]
            hits = [h for h in hits if h[0] >= floor]
        best = sorted(hits, key=lambda h: (-h[0], -raw[h[1]], self.docs[h[1]].section["id"]))[:limit]
        norms = self._norms(stats)
        at = {t: n for n, t in enumerate(query)}  # the query's order: shared terms of equal weight keep it
        out = []
        for score, i in best:
            d = self.docs[i]
            shared = []
            for t in sorted(at.keys() & d.tf.keys() | at.keys() & d.heading, key=at.__getitem__):
                q, tf, heading = query[t], d.tf.get(t), t in d.heading
                w = q.weight * stats.weight(t)
                if q.name or t in d.names:
                    w *= NAME_BOOST
                part = (w * (tf * (K1 + 1)) / (tf + norms[i]) if tf else 0.0) + (HEADING_WEIGHT * w if heading else 0.0)
                shared.append((part, t, q))
            shared.sort(key=lambda x: -x[0])
            explained = dict.fromkeys(self._explain(q, d.surface.get(t), t in d.parts) for _, t, q in shared)
            terms = [f"{number} (nummer)"] * (i in cited) + list(explained)
            out.append(Link(ambition["id"], d.section["id"], d.section["document_id"], d.year, score, terms[:6],
                            held=held.get(i, ""), raw_score=raw[i] if i in held else None))
        return out

    def _capped(self, query: dict, hits: list[tuple[float, int]], cited: set[int],
                title: frozenset[str] = frozenset()) -> tuple[list[tuple[float, int]], dict[int, str]]:
        """The hits, a paragraph over the threshold on thin evidence kept a candidate at
        CANDIDATE_SCORE, and why, per such paragraph (Link.held):
        - it shares only everyday words with the ambition, or numbers: weak evidence on their
          own (HELD_EVERYDAY). A name, or a rarer word as the paragraph has it ("jaar" of
          "jaarwisseling" is everyday, "deskundigheid" of "deskundigheidsbevordering" is not),
          lets its score count, and an ambition whose own words are all everyday is scored as
          it is;
        - it shares at most one word of the ambition, compound parts, headings and context not
          counted, and scores under THIN_SCORE (HELD_THIN): "Halt" of "Bureau Halt ontving 34
          verwijzingen" for "Met Halt voeren we het programma Preventie met Gezag uit". A word
          of the ambition's `title` (Linker._title_words) counts in the heading too, as
          Linker._title_floor counts it.
        A paragraph that cites the ambition's number is exempt from both."""
        if not any(score >= LINK_THRESHOLD for score, _ in hits):
            return hits, {}
        # the query's rarer words and names; its parts are judged as each paragraph writes them
        rare = [t for t, q in query.items() if q.via != "deel" and (q.name or not self.reader.is_everyday(q.surface))]
        everyday_rule = any(query[t].via != "context" for t in rare)
        parts = [t for t, q in query.items() if q.via == "deel"]
        # the ambition's own words, a synonym or abbreviation counted as the word it expands
        words = {t: q.surface.split(" → ")[0] for t, q in query.items() if q.via not in ("deel", "context")}

        def reason_of(score: float, i: int) -> str | None:
            if i in cited:
                return None
            d = self.docs[i]
            reason = (HELD_EVERYDAY if everyday_rule and self._only_everyday(d, query, rare, parts) else
                      HELD_THIN if score < THIN_SCORE and len(
                          {w for t, w in words.items() if t in d.tf and t not in d.parts or t in title and t in d.heading})
                      < THIN_WORDS else None)
            return reason.format(score=shown_score(score)) if reason else None

        held: dict[int, str] = {}
        return _hold(hits, held, reason_of), held

    def _far(self, hits: list[tuple[float, int]], cited: set[int], held: dict[int, str]) -> list[tuple[float, int]]:
        """The hits, a paragraph over the threshold that scores under FAR_SHARE of the year's best
        kept a candidate (HELD_FAR, into `held`): the report's place on the ambition is the
        best paragraph, and one that shares far fewer of its words is mostly about something
        else. Not beside a paragraph of the year that cites the ambition's number (its score
        says nothing of the words); the best is no outlook ("Vooruitblik 2025": what comes
        next, which may repeat the plan's words better than the report on it). It only acts
        beside a strong best (at least LINK_THRESHOLD / FAR_SHARE)."""
        if any(i in cited for _, i in hits) or not any(score >= LINK_THRESHOLD for score, _ in hits):
            return hits
        top = next((score for score, i in sorted(hits, reverse=True) if not is_outlook(self.docs[i].section)), 0.0)
        return _hold(hits, held, lambda score, i: HELD_FAR.format(score=shown_score(score), best=shown_score(top))
                     if score < FAR_SHARE * top else None)

    def _only_everyday(self, d: _Doc, query: dict, rare: list[str], parts: list[str]) -> bool:
        """Whether a paragraph shares nothing with the query but everyday words: none of its
        rarer words or names, no name of its own in the query, no compound part that is rarer
        as the paragraph writes it."""
        if any(t in d.tf or t in d.heading for t in rare) or not d.names.isdisjoint(query):
            return False
        shared = [t for t in parts if t in d.tf or t in d.heading]
        return all(self.reader.is_everyday(d.surface.get(t, query[t].surface)) for t in shared)

    def _explain(self, q: Term, section_word: str | None, section_part: bool) -> str:
        key = (q.surface, q.via, section_word, section_part)
        found = self._explained.get(key)
        if found is None:
            found = self._explained[key] = _explain(q, section_word, section_part)
        return found

    def _scored(self, ambition: dict, from_year: int | None, stats: _Stats,
                context: str = "") -> tuple[dict, list[tuple[float, int]]]:
        """The ambition's query terms, and every report paragraph that scores at least
        MIN_SCORE for it as (score, paragraph number): BM25 over the query's terms, term at a
        time over the paragraphs that hold each term (numpy: a plan of 136 ambitions against
        20 reports is 2.5 million paragraph × ambition pairs)."""
        query = self.reader.terms(ambition["text"], expand=True)
        if not query:
            return query, []
        title = _title(ambition["text"], self.reader.lex.analysis.stopwords)
        if title:  # its words weigh more: they name the subject, the rest describes it
            named = set(self.reader.terms(title, expand=True))
            query = {t: Term(q.weight * TITLE_WEIGHT, q.surface, q.via, q.name) if t in named else q
                     for t, q in query.items()}
        # adjacent words a report writes as one name score beside them, as other spellings
        joined = {t: q for t, q in self.reader.joined_names(ambition["text"]).items()
                  if t in self._postings and t not in query}
        scores = self._bm25(query, stats, joined)
        query = {**query, **joined}
        scores = self._title_floor(self.title_words(ambition["text"]), scores)
        if context and CONTEXT_QUERY_WEIGHT:
            # the context's words as a query of their own, scaled by what the context scores
            # against itself: however long the parts, the context adds at most a tenth of a
            # full match (a link on context words alone stays below the threshold)
            extra = {t: Term(q.weight, q.surface, "context", q.name)
                     for t, q in self.reader.terms(context, expand=True).items() if t not in query}
            if extra:
                # capped at a full match: a short paragraph that repeats a context word
                # scores above its query's own score, and context alone must stay below
                # the threshold (CONTEXT_QUERY_WEIGHT × THEME_MATCH < LINK_THRESHOLD)
                scores += CONTEXT_QUERY_WEIGHT * np.minimum(self._bm25(extra, stats), 1.0)
                query = {**query, **extra}
        theme = ambition.get("theme")
        if theme:
            scores *= self._theme(theme)
        keep = np.flatnonzero(scores >= MIN_SCORE)
        hits = []
        for i in keep.tolist():
            year = self.docs[i].year
            if from_year is not None and year is not None and year < from_year:
                continue
            hits.append((float(scores[i]), i))
        return query, hits

    def _title_words(self, text: str) -> frozenset[str]:
        """The rarer words of the title an ambition's text opens with (`_title`), as search
        keys: no everyday word, no compound part ("extremisme", "radicalisering" of "Zicht op
        extremisme en radicalisering Binnen de eenheid ..."); none when it has no title."""
        title = _title(text, self.reader.lex.analysis.stopwords)
        if not title:
            return frozenset()
        return frozenset(t for t, q in self.reader.terms(title).items()
                         if q.via != "deel" and not t.startswith(EXACT) and not self.reader.is_everyday(q.surface))

    def _title_floor(self, rare: frozenset[str], scores: np.ndarray) -> np.ndarray:
        """The scores, a paragraph with TITLE_WORDS rarer words of the ambition's title
        ("extremisme" and "radicalisering" of "Zicht op extremisme en radicalisering") at least
        at TITLE_FLOOR, in the order of its own score: it names the subject, however little it
        shares of the description after the title. At least one of them in its text (not as a
        compound's part), the others in its text or its heading: a heading alone names the
        chapter, not what the paragraph under it reports."""
        if len(rare) < TITLE_WORDS:
            return scores
        in_text: Counter = Counter()  # paragraph -> how many of the title's rarer words its text has
        in_heading: Counter = Counter()  # ... that only its heading has ("Contraterrorisme en extremisme")
        for t in rare:
            posting = self._posting(t)
            if posting is not None:
                for i, tf in zip(posting[0].tolist(), posting[1].tolist()):
                    if tf > 0 and t not in self.docs[i].parts:
                        in_text[i] += 1
                    elif t in self.docs[i].heading:
                        in_heading[i] += 1
        floored = np.array([i for i, n in in_text.items() if n + in_heading[i] >= TITLE_WORDS], dtype=np.int64)
        if len(floored):
            scores[floored] = np.maximum(scores[floored], TITLE_FLOOR * (1 + scores[floored]))
        return scores

    def _bm25(self, query: dict[str, Term], stats: _Stats, extra: dict[str, Term] | None = None) -> np.ndarray:
        """Per paragraph: BM25 over the query's terms, divided by what the query scores
        against itself (1.0: every term, as often as a typical paragraph has it). `extra`
        terms score as well but are no part of that measure: other spellings of the query's
        own words (TermReader.joined_names)."""
        self_score = sum(q.weight * stats.weight(t) * (NAME_BOOST if q.name else 1.0) for t, q in query.items()) or 1.0
        query = {**query, **(extra or {})}
        norms = self._norms(stats)
        scores = np.zeros(len(self.docs))
        for t, q in query.items():
            posting = self._posting(t)
            if posting is None:
                continue
            idx, tf, heading, named = posting
            w = np.full(len(idx), q.weight * stats.weight(t))
            w[named | q.name] *= NAME_BOOST
            part = np.where(tf > 0, w * (tf * (K1 + 1)) / (tf + norms[idx]), 0.0)
            part += np.where(heading, HEADING_WEIGHT * w, 0.0)
            scores[idx] += part  # a paragraph is in a term's posting once
        return scores / self_score

    def _posting(self, term: str) -> tuple | None:
        """A term's paragraphs as arrays: numbers, term frequency, in the heading, a name there."""
        found = self._arrays.get(term)
        if found is None:
            idx = self._postings.get(term)
            if not idx:
                return None
            docs = [self.docs[i] for i in idx]
            found = self._arrays[term] = (
                np.array(idx, dtype=np.int64),
                np.array([d.tf.get(term, 0.0) for d in docs]),
                np.array([term in d.heading for d in docs]),
                np.array([term in d.names for d in docs]),
            )
        return found

    def _theme(self, theme: str) -> np.ndarray:
        """Per paragraph: THEME_MATCH if it has the theme, THEME_OTHER if it has others, 1 if none."""
        found = self._theme_factor.get(theme)
        if found is None:
            found = self._theme_factor[theme] = np.array([
                1.0 if not d.section.get("themes") else THEME_MATCH if theme in d.section["themes"] else THEME_OTHER
                for d in self.docs])
        return found

    def _norms(self, stats: _Stats) -> np.ndarray:
        """BM25's length normalisation of every paragraph under a scope's average length."""
        if stats.norms is None:
            stats.norms = np.array([K1 * ((1 - B) + B * d.length / stats.avg_length) for d in self.docs])
        return stats.norms


def continues(text: str) -> bool:
    """A paragraph cut in two by a page or column break: it opens in lower case or closes a
    bracket it never opened ("Kwaliteitssysteem Vakbekwaamheid). In 2020 haalde ...")."""
    head = text.lstrip()[:200]
    if head[:1].islower():
        return True
    close, open_ = head.find(")"), head.find("(")
    return close != -1 and (open_ == -1 or close < open_)


def _explain(q: Term, section_word: str | None, section_part: bool = False) -> str:
    """A shared term as the page shows it, with the kind of match: the same word ("AGORA"),
    a name ("Holsteiner (naam)"), another form ("aangeboden ~ aanbieden (vorm)"), a compound
    part on either side ("leerdossiers ~ dossiers (deel)", "richten ~ verricht (deel)"), a
    synonym or an abbreviation with the paragraph's word it met ("SGBO → Staf Grootschalig en
    Bijzonder Optreden ~ grootschalige (afkorting)"), a word of the paragraph's heading only
    ("orde (kop)"), or a word of the ambition's parent or parts ("Capaciteitsmanagement
    (context)")."""
    if section_word is None:  # in the paragraph's heading only ("Openbare orde" over it), not in its text
        return f"{q.surface} ({q.via + ', ' if q.via in ('synoniem', 'afkorting', 'context') else ''}kop)"
    if q.via in ("synoniem", "afkorting"):
        # which word of the paragraph it met: "SGBO → Staf Grootschalig en Bijzonder Optreden" met
        # by "grootschalige" alone is no SGBO in the paragraph
        source, _, label = q.surface.partition(" → ")
        met = "" if fold(section_word.lower()) in (fold(label.lower()), fold(source.lower())) else f" ~ {section_word}"
        return f"{q.surface}{met} ({q.via})"
    if q.via == "context":
        return f"{q.surface} (context)"
    if q.via == "naam":
        return f"{q.surface} (naam)"
    if fold(q.surface.lower()) == fold(section_word.lower()):
        return q.surface
    return f"{q.surface} ~ {section_word} ({'deel' if q.via == 'deel' or section_part else 'vorm'})"


def _hold(hits: list[tuple[float, int]], held: dict[int, str],
          reason_of: Callable[[float, int], str | None]) -> list[tuple[float, int]]:
    """The hits, each over the threshold that `reason_of` (score, paragraph) gives a reason
    for kept a candidate at CANDIDATE_SCORE, its reason into `held` (Link.held): the one
    way Linker._capped and Linker._far hold a paragraph."""
    out = []
    for score, i in hits:
        reason = reason_of(score, i) if score >= LINK_THRESHOLD else None
        if reason:
            held[i] = reason
            score = CANDIDATE_SCORE
        out.append((score, i))
    return out


OUTLOOK = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:vooruitblik|doorkijk|blik vooruit|vooruitkijken)\b", re.IGNORECASE)


def is_outlook(section: dict) -> bool:
    """The paragraph stands under an outlook heading ("9. Vooruitblik 2026", "Doorkijk"): it
    tells what comes next year, not what became of an ambition in this one."""
    return any(OUTLOOK.match(h.strip()) for h in section.get("heading_path") or [])


# a title of at most eight words, then a full stop (after a word, not an abbreviation's
# letter), a colon, or the word a description opens with (a plan's pillar often runs its title
# into its text: "Betekenisvol interveniëren Bij hulpvragen ...")
_TITLE_BREAK = re.compile(
    r"^((?:\S+\s+){0,7}?\S*[a-zà-ÿ]{2})(?:[.:]\s+|\s+(?=(?:De|Het|Een|Bij|In|Om|Dit|Deze|Dat|We|Wij|Zowel|Op|"
    r"Voor|Met|Door|Ook|Vanuit|Naast|Als|Er|Binnen|Hierbij|Daarbij)\s))")


def _title(text: str, small_words: frozenset[str] | None = None) -> str | None:
    """The title an ambition opens with ("Betekenisvol interveniëren", "Meer verbinding met de
    samenleving."): two words or more that read as a title (kb.lang.titles), not a label
    ("Doel:"), not a sentence ("In 2025 zijn alle agenten getraind."), not cut off after a
    small word ("Samenwerking met Het Vergeten Kind": `small_words`, the search's stopwords
    by default); None when it has none, or when the title is all there is."""
    m = _TITLE_BREAK.match(text)
    if not m or not text[m.end():].strip():
        return None
    title = m.group(1)
    words = title.split()
    small = stopwords() if small_words is None else small_words
    if len(words) < 2 or "(" in title or fold(words[-1].lower()) in small or not looks_like_title(title):
        return None
    return title
