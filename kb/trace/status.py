"""What a progress paragraph says became of an ambition: gerealiseerd, deels gerealiseerd,
lopend, vertraagd, niet gerealiseerd or onbekend, with the cue phrase as evidence and the
reason when one is given ("door de coronamaatregelen").

The cue phrases live in kb/data/status-cues.toml. They are matched with spaCy's rule
Matcher over a blank Dutch pipeline (lookup lemmas from spacy-lookups-data, rule-based
sentences): there is no trained Dutch model here, and cue phrases are what an auditor
can read and correct anyway.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cachetools import LRUCache

from kb.datafiles import DataModel, Text, load
from kb.errors import KbError
from kb.lang.tense import DETERMINERS, DONE, NEGATIONS, NOT_DONE, names_rest, part_of_whole, tells
from kb.lang.titles import looks_like_title
from kb.lang.words import DATA, data_file_error, lemma_lookup, verb_lemmas
from kb.text import fold, named_years

CUES_FILE = DATA / "status-cues.toml"

STATUSES = ("gerealiseerd", "deels gerealiseerd", "lopend", "vertraagd", "niet gerealiseerd", "onbekend")
_KEYS = {"gerealiseerd": "gerealiseerd", "deels": "deels gerealiseerd", "lopend": "lopend",
         "vertraagd": "vertraagd", "niet_gerealiseerd": "niet gerealiseerd"}
MAX_GAP = 4  # "..." in a cue: this many words at most
_NOT_A_CUE = "geen signaal"  # the matcher's label of [geen_signaal]

# an earlier year given for comparison, beside the figure of the report's year: "(2023: 81%)",
# "tegen 79% in 2023", "(in 2023: 36)"
_COMPARED = re.compile(r"\((?:in\s+)?(?:19|20)\d\d\s*:[^()]*\)|\btegen\s+[\d.,]+\s*(?:%|procent)?\s+in\s+(?:19|20)\d\d\b",
                       re.IGNORECASE)


_CONTRAST = re.compile(r"\s*wel\b", re.IGNORECASE)  # "Wel konden medewerkers ...": answers the sentence before
# a sentence that draws its verdict from the one before ("De norm is daarom niet gerealiseerd"):
# that one is its cause. Not "waardoor": it joins two clauses of one sentence; nor after an
# article, where it points into its own sentence ("de daardoor krappe bezetting")
_CONSEQUENCE = re.compile(r"(?<!\bde\s)(?<!\bhet\s)(?<!\been\s)(?<!\bdie\s)(?<!\bdat\s)"
                          r"\b(?:daarom|daardoor|hierdoor|dus|om die reden|als gevolg (?:hiervan|daarvan))\b",
                          re.IGNORECASE)


def _only_earlier(sentence: str, year: int) -> bool:
    """The sentence speaks only of years before `year` ("In 2019 zijn we gestart"); a year given
    for comparison does not count ("heeft 88% de basisopleiding afgerond (2023: 81%)"), nor a
    year's number inside a compound ("omdat ze in Natura 2000-gebied liggen")."""
    years = named_years(_COMPARED.sub(" ", sentence))
    return bool(years) and max(years) < year


class _Cues(DataModel):
    signalen: tuple[Text, ...]


class _UnderWay(_Cues):
    nog_bezig: tuple[Text, ...] = ()  # of signalen: the work still going on as the report is written


class _Future(DataModel):
    woorden: tuple[Text, ...] = ()
    lijdend_nu: tuple[Text, ...] = ()  # the auxiliaries of the passive in the present: "wordt", "worden"


class _Reasons(DataModel):
    inleiders: tuple[Text, ...] = ()


class _Deeds(DataModel):
    werkwoorden: tuple[Text, ...] = ()
    naamwoorden: tuple[Text, ...] = ()
    frequentie: tuple[Text, ...] = ()


class _NotCues(DataModel):
    woorden: tuple[Text, ...] = ()


class _Asks(DataModel):
    woorden: tuple[Text, ...] = ("leerdossier", "leerdossiers")


class CueFile(DataModel):
    """status-cues.toml: the cue phrases per status, future words, reason openers, the words
    by which an ambition asks for leerdossiers, and phrases that hold a cue but are none
    ("voortgezet onderwijs")."""

    gerealiseerd: _Cues
    deels: _Cues
    lopend: _UnderWay
    vertraagd: _Cues
    niet_gerealiseerd: _Cues
    te_doen: _Deeds = _Deeds()
    toekomst: _Future = _Future()
    reden: _Reasons = _Reasons()
    leerdossier: _Asks = _Asks()
    geen_signaal: _NotCues = _NotCues()


@dataclass
class Finding:
    status: str
    evidence: list[str] = field(default_factory=list)  # the cue phrases as the text has them
    sentence: str = ""  # the sentence of the deciding cue
    reason: str | None = None  # why it did not happen, when the text says
    # a sentence that counts and has no cue, but tells of something done in its own words
    # ("Het crisisteam oefende in maart": kb.lang.tense), the first such sentence
    told_done: str | None = None
    told_not_done: str | None = None  # the same with a negation: "Voor Langeloo is nog geen ruimte gevonden"
    postponed: bool = False  # "vertraagd" because what was not done is planned for a later year
    partial: str | None = None  # a sentence that counts a part of the whole: "zeven van de negen parken"

    def to_dict(self) -> dict:
        return {"status": self.status, "evidence": self.evidence, "sentence": self.sentence, "reason": self.reason,
                "told_done": self.told_done, "told_not_done": self.told_not_done, "partial": self.partial,
                "postponed": self.postponed}


@dataclass
class _Hit:
    status: str
    text: str
    sentence: int
    start: int  # character offsets in the sentence
    end: int


@dataclass
class Parsed:
    sentences: list[str]
    hits: list[_Hit]
    head: bool = False  # the first sentence is a run-in head ("Bezetting op peil houden.")
    future: frozenset[str] = frozenset()  # the cue file's future words: a sentence with one tells no past
    _told: dict[int | None, list[str | None]] = field(default_factory=dict)
    _part: list[bool] | None = None
    _rest: list[bool] | None = None
    _earlier: dict[int, frozenset[int]] = field(default_factory=dict)

    def told(self, i: int, year: int | None) -> str | None:
        """What sentence i tells in its own words about the report's `year`: done, not done or
        nothing (kb.lang.tense), worked out once per paragraph and year. (Two threads may both
        work it out; they store the same list.)"""
        found = self._told.get(year)
        if found is None:
            found = self._told[year] = [tells(x, year, self.future) for x in self.sentences]
        return found[i]

    def part(self, i: int) -> bool:
        """Sentence i counts a part of a whole ("58 van de 90"), worked out once per paragraph
        (as `told`, without the lock: a second thread stores the same list)."""
        if self._part is None:
            self._part = [part_of_whole(x) for x in self.sentences]
        return self._part[i]

    def rest(self, i: int) -> bool:
        """Sentence i speaks of the rest of what was meant ("bij de overige groepen"), worked
        out once per paragraph (as `part`)."""
        if self._rest is None:
            self._rest = [names_rest(x) for x in self.sentences]
        return self._rest[i]

    def earlier(self, year: int) -> frozenset[int]:
        """The sentences only about years before `year` (worked out once per year)."""
        found = self._earlier.get(year)
        if found is None:
            found = self._earlier[year] = frozenset(
                i for i, s in enumerate(self.sentences) if _only_earlier(s, year))
        return found


@dataclass(frozen=True)
class Pipeline:
    """spaCy's blank Dutch pipeline with lookup lemmas and rule-based sentences, and the
    lock its users share (spaCy pipelines are not documented as thread-safe)."""

    nlp: object
    lock: threading.Lock


LOOKUP_LEMMAS = "kb_lookup_lemmas"  # the pipeline's lemmatizer (`_lookup_lemmas`)


def _lookup_lemmas(doc):
    """spaCy's Dutch lookup lemmatizer on the table kb.lang.words already holds: each token's
    lemma is the table's entry for it in lower case, else the token in lower case (as spaCy's
    "lookup" mode for Dutch does; its own component would read the same table a second time)."""
    table = lemma_lookup()
    for token in doc:
        word = token.text.lower()
        token.lemma_ = table.get(word, word)
    return doc


@lru_cache(maxsize=1)
def dutch_pipeline() -> Pipeline:
    """Loaded once per process (a second); it never changes, as the other word lists of
    kb.lang.words."""
    import spacy
    from spacy.language import Language

    try:
        lemma_lookup()
    except Exception as exc:  # spacy-lookups-data missing or broken
        raise KbError(f"spaCy kan de Nederlandse lemma's niet laden: {exc}", status=500) from None
    if not Language.has_factory(LOOKUP_LEMMAS):
        Language.component(LOOKUP_LEMMAS, func=_lookup_lemmas)
    nlp = spacy.blank("nl")
    nlp.add_pipe(LOOKUP_LEMMAS)
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp, threading.Lock())


class StatusClassifier:
    """The cues of one cue file on the shared Dutch pipeline; one per Library, which keeps
    it with the paragraphs it has parsed. `classify` is thread-safe."""

    def __init__(self, cues_file: Path = CUES_FILE):
        from spacy.matcher import Matcher

        data = load(cues_file, CueFile, lambda message: data_file_error(cues_file, message))
        pipeline = dutch_pipeline()
        self.nlp, self.lock = pipeline.nlp, pipeline.lock
        self.matcher = Matcher(self.nlp.vocab)
        for key, status in _KEYS.items():
            cues = getattr(data, key).signalen
            self.matcher.add(status, [self._pattern(c, cues_file) for c in cues])
        if data.geen_signaal.woorden:
            self.matcher.add(_NOT_A_CUE, [self._pattern(c, cues_file) for c in data.geen_signaal.woorden])
        self.future = {fold(w) for w in data.toekomst.woorden}
        self.present_passive = frozenset(fold(w) for w in data.toekomst.lijdend_nu)
        self.still_going = frozenset(fold(w.lower()) for w in data.lopend.nog_bezig)
        if stray := self.still_going - {fold(c.lower()) for c in data.lopend.signalen}:
            raise data_file_error(cues_file, f"lopend.nog_bezig: {', '.join(sorted(stray))} staat niet bij lopend.signalen")
        intros = sorted((fold(w) for w in data.reden.inleiders), key=len, reverse=True)
        self.reason_re = re.compile(
            r"\b(?:" + "|".join(re.escape(i) for i in intros) + r")\s+", re.IGNORECASE) if intros else None
        self._parsed: LRUCache = LRUCache(maxsize=20_000)  # paragraph -> its sentences and cue hits
        self.leerdossier_words = frozenset(fold(w) for w in data.leerdossier.woorden)
        self.deeds = frozenset(fold(w) for w in data.te_doen.werkwoorden)
        self.deed_nouns = frozenset(fold(w) for w in data.te_doen.naamwoorden)
        self._deed: LRUCache = LRUCache(maxsize=20_000)  # ambition text -> is_deed
        self.every_year = re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in data.te_doen.frequentie) + r")\b") \
            if data.te_doen.frequentie else None

    def _present_passive(self, doc, sentence, span, clause) -> bool:
        """A done cue whose own auxiliary is one of the present passive's ([toekomst]
        lijdend_nu): "De evaluatie wordt in het voorjaar uitgevoerd" is not done yet, being
        done or to come. Its own: the auxiliary in the cue, else the nearest one before it in
        its part of the sentence, else the word right after it ("... uitgevoerd wordt");
        "Het project is afgerond en wordt geëvalueerd" is done. Not beside a frequency
        ("De controles worden elk kwartaal uitgevoerd", in the cue's `clause`): that tells
        the routine is kept."""
        if not self.present_passive:
            return False
        aux = next((t.norm_ for t in span if t.norm_ in _AUXILIARIES), None)
        i = span.start - 1
        while aux is None and i >= sentence.start and doc[i].norm_ not in _VERB_BOUNDS:
            if doc[i].norm_ in _AUXILIARIES:
                aux = doc[i].norm_
            i -= 1
        if aux is None and span.end < sentence.end and doc[span.end].norm_ in _AUXILIARIES:
            aux = doc[span.end].norm_
        if aux not in self.present_passive:
            return False
        return self.every_year is None or self.every_year.search(fold(clause.text.lower())) is None

    def is_deed(self, ambition_text: str) -> bool:
        """Whether an ambition is a deed, done once or every year ([te_doen] in the cue file):
        one of its verbs ("We richten ... in", "Inrichten van"), or a frequency ("jaarlijks").
        Kept per text: the same ambitions come back at every trace."""
        with self.lock:
            known = self._deed.get(ambition_text)
        if known is None:
            known = self._is_deed(ambition_text)
            with self.lock:
                self._deed[ambition_text] = known
        return known

    def recurring(self, ambition_text: str) -> bool:
        """Whether an ambition is to be done every year or more often ("jaarlijks", "twee keer
        per jaar": the frequencies of [te_doen])."""
        return self.every_year is not None and self.every_year.search(fold(ambition_text.lower())) is not None

    def _is_deed(self, ambition_text: str) -> bool:
        # without what it says between brackets: "(Gereed in: 2024)" is no particle "in"
        ambition_text = re.sub(r"\([^()]*\)", " ", ambition_text)
        text = fold(ambition_text.lower())
        if self.recurring(ambition_text):
            return True
        first = _LABELLED_FIRST_WORD.match(text)
        if first and first.group(1) in self.deed_nouns:
            return True  # an action line named by its deed: "Evaluatie cameratoezicht (Wanneer: 2023)"
        with self.lock:
            doc = self.nlp(ambition_text)
            lemmas = [fold(t.lemma_.lower()) for t in doc]
        words = [fold(t.text.lower()) for t in doc]
        # a separable verb's particle stands at the end of its clause, or before a preposition
        # or a conjunction ("richten ... een team op dat", "breiden ... uit naar"); a
        # preposition before its noun is none ("zetten in op voorlichting" is no opzetten)
        particles = [w for k, w in enumerate(words) if k + 1 == len(words) or not doc[k + 1].is_alpha
                     or words[k + 1] in _AFTER_PARTICLE]
        verbs = verb_lemmas()
        for n, lemma in enumerate(lemmas):
            after = words[n + 1] if n + 1 < len(words) else ""
            if after in _REFLEXIVE or after == "aan":
                continue  # "stellen ons op als", "ontwikkelt zich tot", "bouwen aan vertrouwen": ongoing
            if words[n].endswith("e") and words[n] != lemma and after.isalpha() and after not in DETERMINERS:
                continue  # a participle before its noun: "het herziene beleid", "gecertificeerde medewerkers"
            if any(p + lemma in verbs and p + lemma not in self.deeds for p in particles):
                continue  # another verb with its particle: "sluiten aan bij" is aansluiten
            if lemma in self.deeds or words[n] in self.deeds or any(p + lemma in self.deeds for p in particles):
                return True
        return False

    def asks_for_leerdossiers(self, ambition_text: str) -> bool:
        """Whether an ambition asks for leerdossiers: its text has one of the words of
        [leerdossier] in the cue file ("... worden verwerkt in leerdossiers"). Then a
        finished leerdossier that names it realises it (kb.trace.evidence)."""
        return not self.leerdossier_words.isdisjoint(_WORDS.findall(fold(ambition_text)))

    def _pattern(self, cue: str, cues_file: Path) -> list[dict]:
        pattern: list[dict] = []
        for word in cue.split():
            if word == "...":
                pattern.append({"OP": "{0,%d}" % MAX_GAP})
            elif word == "<jaar>":
                pattern.append({"SHAPE": "dddd"})
            elif "|" in word:  # one of these words: "helft|derde|kwart"
                pattern.append({"NORM": {"IN": [fold(w) for w in word.split("|")]}})
            elif word.startswith("~"):
                with self.lock:
                    lemma = self.nlp(word[1:].lower())[0].lemma_
                pattern.append({"LEMMA": lemma})
            else:
                pattern.append({"NORM": fold(word)})
        if not pattern or "OP" in pattern[0] or "OP" in pattern[-1]:
            raise data_file_error(cues_file, f"signaal '{cue}' mag niet met ... beginnen of eindigen")
        return pattern

    def analyse(self, text: str) -> Parsed:
        """Sentences and cue hits of a paragraph, before deciding what concerns whom.
        Cached: a paragraph linked to several ambitions is parsed once."""
        with self.lock:  # spaCy pipelines are not documented as thread-safe
            found = self._parsed.get(text)
            if found is not None:
                return found
            doc = self.nlp(text)
            for token in doc:
                token.norm_ = fold(token.text)
            spans = self.matcher(doc, as_spans=True)
        from spacy.util import filter_spans

        sentences = list(doc.sents)
        starts = [s.start for s in sentences]
        hits: list[_Hit] = []
        by_label: dict[str, list] = {}
        for span in spans:
            by_label.setdefault(span.label_, []).append(span)
        # a cue within a phrase that is none: "voortgezet" in "voortgezet onderwijs"
        for no in by_label.pop(_NOT_A_CUE, []):
            by_label = {label: [sp for sp in group if sp.end <= no.start or sp.start >= no.end]
                        for label, group in by_label.items()}
        # longest match per status; across statuses both stay ("konden ... niet" and
        # "niet allemaal" overlap and together mean "deels")
        kept = sorted((sp for group in by_label.values() for sp in filter_spans(group)), key=lambda sp: sp.start)
        partial = [sp for sp in kept if sp.label_ == "deels gerealiseerd"]
        # a delay that shares its words with the start of a partial cue is part of it: "nog
        # niet over de volle breedte" is partly done, not late (one in the partial cue's gap
        # is not: "blijft door vertraging steken" is late)
        kept = [sp for sp in kept if sp.label_ != "vertraagd"
                or not any(sp.start < p.start < sp.end for p in partial)]
        head = len(sentences) > 1 and _run_in_head(sentences[0])
        for span in kept:
            si = max(i for i, st in enumerate(starts) if st <= span.start)
            if si == 0 and head:
                continue  # "Bezetting op peil houden. ...": the topic's name, not what became of it
            status = span.label_
            after = 1 if status == "lopend" else 0  # "investeert niet langer"
            clause = _clause(doc, sentences[si], span) if status == "gerealiseerd" else None
            if status in ("gerealiseerd", "lopend") and any(
                    t.norm_ in NEGATIONS for t in doc[max(sentences[si].start, span.start - 3):span.end + after]):
                # before the cue or in its gap: "kon ... niet gerealiseerd worden", "ging niet door"
                status = "niet gerealiseerd"
            elif clause is not None and (any(t.norm_ in self.future for t in clause)
                                         or self._present_passive(doc, sentences[si], span, clause)):
                # "moet medio 2023 afgerond zijn", "wordt in het voorjaar uitgevoerd": not done
                # yet (not: "de scan is uitgevoerd, in 2024 gaan we de uitkomsten gebruiken",
                # another clause)
                status = "lopend"
            hits.append(_Hit(status, span.text, si, span.start_char - sentences[si].start_char,
                             span.end_char - sentences[si].start_char))
        parsed = Parsed([s.text for s in sentences], hits, head, self.future)
        with self.lock:
            self._parsed[text] = parsed
        return parsed

    def classify(self, text: str, about: Callable[[str], bool] | None = None, year: int | None = None,
                 continues: bool = False) -> Finding:
        """The status the paragraph gives for the reporting `year`.

        - A sentence only about earlier years ("In 2019 zijn we gestart") does not count.
        - With `about(sentence)`, only the sentences from the first one that concerns the
          ambition on count: once a paragraph comes to the subject it stays with it ("... Dit
          is vertraagd.", "In 2020 is dit overzicht compleet gemaakt."), and what it said
          before is about something else (a cancelled event before a sentence on training).
          A paragraph none of whose sentences concerns the ambition says nothing about it
          ("onbekend"), unless it `continues` the paragraph before (cut at a page break).
          A first such sentence that opens with "Wel" answers the one before it, which
          counts too ("... konden niet doorgaan. Wel konden medewerkers deelnemen aan
          webinars": part done, part not).
        - A sentence that draws its verdict from the one before ("De norm is daarom niet
          gerealiseerd") gives the status; the one before is its cause, no second status, and
          gives the reason when it names one ("Door ziekte ..."). A cause that tells of
          something done still counts.
        - Done for a part of a whole ("58 van de 90 medewerkers hebben de e-learning
          afgerond"), or a part done and the rest late ("Van de negen parken zijn er zeven
          gecontroleerd ... schuiven door"): "deels gerealiseerd" (kb.lang.tense.part_of_whole).
        - Not done, and a plan for a later year ("is in 2024 niet uitgevoerd. Het staat nu
          gepland voor 2025"): "vertraagd", postponed.
        - `told_done`: the first sentence without a cue that tells of something done in its own
          words (kb.lang.tense); what it means depends on the ambition (kb.trace.build).
        """
        parsed = self.analyse(text)
        keep = set(range(len(parsed.sentences)))
        if year is not None:
            keep = {i for i in keep if i not in parsed.earlier(year)} or keep
        if about is not None:
            first = next((i for i, s in enumerate(parsed.sentences) if about(s)), None)
            if first is not None:
                if first and _CONTRAST.match(parsed.sentences[first]):
                    first -= 1  # "Wel ..." answers the sentence before it: what did not happen
                keep = {i for i in keep if i >= first}
            elif not continues:
                keep = set()
        hits = [h for h in parsed.hits if h.sentence in keep]
        # a verdict drawn from the sentence before: that one is its cause, no second status (a
        # cause that tells of something done still counts: "X is afgerond. Daardoor liep Y uit")
        with_cue = {h.sentence for h in hits}
        done_in = {h.sentence for h in hits if h.status == "gerealiseerd"}
        causes = {i - 1 for i in with_cue if i - 1 in with_cue - done_in and _CONSEQUENCE.search(parsed.sentences[i])}
        keep -= causes
        hits = [h for h in hits if h.sentence in keep]
        found = self._decide(hits, parsed.sentences)
        if causes and self.reason_re and found.reason is None and found.status != "gerealiseerd":
            cause = parsed.sentences[min(causes)]  # "Door ziekte konden we niet ...": ziekte
            found.reason = self._reason(cause, len(cause))
        if found.status == "niet gerealiseerd" and year is not None and any(
                y > year for i in self._planned(parsed, hits, keep) for y in named_years(parsed.sentences[i])):
            # not done this year, and a later year for it: postponed ("is in 2024 niet
            # uitgevoerd ... Het staat nu gepland voor het voorjaar van 2025")
            found.status, found.postponed = "vertraagd", True
        if found.status == "gerealiseerd" and (part := next(
                (parsed.sentences[i].strip() for i in sorted(keep) if parsed.part(i)), None)):
            # done for a part of the whole: "58 van de 90 medewerkers hebben de e-learning afgerond"
            found.status, found.partial = "deels gerealiseerd", part
        elif found.status in ("vertraagd", "niet gerealiseerd") and (part := next(
                (parsed.sentences[i].strip() for i in sorted(keep)
                 if parsed.part(i) and parsed.told(i, year) == DONE), None)):
            # a part done, the rest late or not done: "Van de negen parken zijn er zeven
            # gecontroleerd. De controles bij de twee overige schuiven door naar 2025."
            found.status, found.partial = "deels gerealiseerd", part
        elif found.status == "vertraagd" and (done := self._done_before(parsed, hits, keep, year, about)) is not None:
            # one part told done, then another late: "In april is de groepsscan bijgewerkt. De
            # actualisatie die voor het najaar gepland stond, schuift door naar januari 2026"
            found.status, found.partial = "deels gerealiseerd", done
        if found.status != "deels gerealiseerd" and (rest := self._rest_to_come(parsed, hits, keep, year)) is not None:
            # the rest not done, late or still to come: the first part was done ("Van die groepen
            # zijn er 38 gekoppeld; bij de overige groepen lukte dat nog niet", "De tweede controle
            # ging niet door", "De overige collega's volgen de training in 2025")
            found.status, found.partial = "deels gerealiseerd", parsed.sentences[rest].strip()
        found.told_done = next((parsed.sentences[i].strip() for i in self._told(parsed, hits, keep, year, DONE)), None)
        found.told_not_done = next(
            (parsed.sentences[i].strip() for i in self._told(parsed, hits, keep, year, NOT_DONE)), None)
        if found.partial is None:
            found.partial = next((parsed.sentences[i].strip() for i in sorted(keep)
                                  if parsed.part(i)), None)
        return found

    def state_cell(self, section: dict, year: int | None) -> Finding | None:
        """The status a report's table gives in its state column ("Nr. | Actie | Stand van zaken
        eind 2024": "Besluit najaar 2025", "7 van 10", "Draaiboek gereed; oefening maart 2025"),
        read in the table's short words; None for another section, or a state it does not say:
        - its cue words, as a paragraph's ("Uitgevoerd okt-dec", "Afgerond in 2023");
        - a later year than the report's and no cue word: what it names is put off ("Besluit
          najaar 2025": "vertraagd"; not "loopt, opening gepland najaar 2025"), and with a part
          done beside it ("Horeca: ja. Evenementen: 2025",
          "Draaiboek gereed; oefening maart 2025") "deels gerealiseerd";
        - a part of the whole counted ("7 van 10", "2 van 3 scholen"): "deels gerealiseerd";
        - "gereed", "klaar" or "ja" alone: "gerealiseerd"."""
        columns, cells = section.get("columns") or [], section.get("cells") or []
        at = next((i for i, c in enumerate(columns) if STATE_COLUMN.match(c or "")), None)
        if section.get("kind") != "table_row" or at is None or len(cells) != len(columns) or not (cells[at] or "").strip():
            return None
        cell = cells[at].strip()
        found = self.classify(cell, year=year)
        words = {fold(w.lower()) for w in _WORDS.findall(cell)}
        done_part = found.status == "gerealiseerd" or not _DONE_WORDS.isdisjoint(words)
        later = year is not None and any(y > year for y in named_years(cell))
        if later and found.status in ("onbekend", "gerealiseerd"):  # "loopt, opening gepland najaar 2025" runs
            return Finding("deels gerealiseerd" if done_part else "vertraagd", [cell], cell, postponed=not done_part)
        if found.status != "onbekend":
            return found
        if found.partial:
            return Finding("deels gerealiseerd", [cell], cell, partial=found.partial)
        if done_part:
            return Finding("gerealiseerd", [cell], cell)
        return None

    def _done_before(self, parsed: Parsed, hits: list[_Hit], keep: set[int], year: int | None,
                     about: Callable[[str], bool] | None) -> str | None:
        """The first sentence that counts, has no cue and tells in its own words of something
        done (kb.lang.tense), before the first sentence that says something is late."""
        late = min(h.sentence for h in hits if h.status in ("vertraagd", "niet gerealiseerd"))  # or put off
        before = {i for i in keep if i < late}
        return next((parsed.sentences[i].strip() for i in self._told(parsed, hits, before, year, DONE)
                     if about is None or about(parsed.sentences[i])), None)

    @staticmethod
    def _told(parsed: Parsed, hits: list[_Hit], keep: set[int], year: int | None, said: str) -> Iterator[int]:
        """The sentences that count, in order, that have no cue and are no run-in head, and tell in
        their own words of something done (`said` DONE) or not done (NOT_DONE) (kb.lang.tense)."""
        cued = {h.sentence for h in hits}
        return (i for i in sorted(keep)
                if i not in cued and not (i == 0 and parsed.head) and parsed.told(i, year) == said)

    def _rest_to_come(self, parsed: Parsed, hits: list[_Hit], keep: set[int], year: int | None) -> int | None:
        """The first sentence that counts and speaks of the rest of what was meant (kb.lang.tense
        .names_rest) as not done, late or still to come: a cue for that, a negation, a future
        word or a later year."""
        behind = {h.sentence for h in hits if h.status in ("vertraagd", "niet gerealiseerd", "lopend")}
        for i in sorted(keep):
            if not parsed.rest(i):
                continue
            sentence = parsed.sentences[i]
            words = {w.lower() for w in _WORDS.findall(sentence)}
            if i in behind or not NEGATIONS.isdisjoint(words) or not self.future.isdisjoint(words) \
                    or year is not None and any(y > year for y in named_years(sentence)):
                return i
        return None

    def _planned(self, parsed: Parsed, hits: list[_Hit], keep: set[int]) -> set[int]:
        """The sentences that count and speak of a plan: an under-way cue ("staat gepland") or a
        future word ("zal", "verwachten")."""
        return {h.sentence for h in hits if h.status == "lopend"} | {
            i for i in keep if not self.future.isdisjoint(w.lower() for w in _WORDS.findall(parsed.sentences[i]))}

    def _decide(self, hits: list[_Hit], sentences) -> Finding:
        """One status from the cue hits of the sentences that count (`classify`), by this
        rule, in this order (README "Hoe een status tot stand komt"):

        1. no cue: "onbekend" (the paragraph is shown, it says nothing we can read);
        2. a delay cue and no done cue: "vertraagd", also beside "niet mogelijk" or "niet
           alle" (late is not dropped: "liepen vertraging op omdat niet alle examens
           konden doorgaan");
        3. a partial cue, or a done cue beside a delay or not-done cue: "deels gerealiseerd";
        4. a not-done cue: "niet gerealiseerd";
        5. a done cue: "gerealiseerd" (done beats under way: "in 2019 gestart, in 2020
           compleet gemaakt"), unless a sentence after the last done one says the work is
           still going on (`nog_bezig` of the under-way cues: "Een integrale visie is in
           ontwikkeling"): "lopend";
        6. an under-way cue: "lopend".
        Negation and tense were applied per hit in `analyse` ("kon niet gerealiseerd
        worden" is not done; "moet medio 2023 afgerond zijn" is under way)."""
        if not hits:
            return Finding("onbekend")
        by: dict[str, list[_Hit]] = {}
        for h in hits:
            by.setdefault(h.status, []).append(h)
        done, negative = by.get("gerealiseerd", []), by.get("niet gerealiseerd", []) + by.get("vertraagd", [])
        if "vertraagd" in by and not done:
            # late, not dropped and not partly done: "liepen vertraging op omdat niet alle
            # examens konden doorgaan", "is vertraagd ... was niet mogelijk ... volgt in 2021"
            chosen, deciding = "vertraagd", by["vertraagd"]
        elif "deels gerealiseerd" in by:
            chosen, deciding = "deels gerealiseerd", by["deels gerealiseerd"] + done + negative
        elif done and negative:
            chosen, deciding = "deels gerealiseerd", done + negative
        elif "niet gerealiseerd" in by:
            chosen, deciding = "niet gerealiseerd", by["niet gerealiseerd"]
        elif done and (going := [h for h in by.get("lopend", []) if h.sentence > max(d.sentence for d in done)
                                 and fold(h.text.lower()) in self.still_going]):
            # the paragraph ends on work still going on: "... hebben we meer samenhang
            # aangebracht door de start van het Financieel Team. Een integrale visie is in ontwikkeling."
            chosen, deciding = "lopend", going
        elif done:  # done beats a start: "in 2019 gestart, in 2020 compleet gemaakt"
            chosen, deciding = "gerealiseerd", done
        else:
            chosen, deciding = "lopend", by["lopend"]
        deciding.sort(key=lambda h: (h.sentence, h.start))  # the first such sentence is the one shown
        reason = None
        if chosen in ("niet gerealiseerd", "vertraagd", "deels gerealiseerd") and self.reason_re:
            for h in negative or deciding:
                reason = self._reason(sentences[h.sentence], h.end)
                if reason:
                    break
        evidence = list(dict.fromkeys(h.text for h in deciding))
        return Finding(chosen, evidence, sentences[deciding[0].sentence].strip(), reason)

    def _reason(self, sentence: str, cue_at: int) -> str | None:
        """The words after "door de", "vanwege" ...: the introducer nearest before the end
        of the cue, else the first after it."""
        intros = list(self.reason_re.finditer(sentence))
        before = [m for m in intros if m.end() <= cue_at]
        after = [m for m in intros if m.start() >= cue_at]
        m = before[-1] if before else after[0] if after else None
        if m is None:
            return None
        out = []
        for w in re.split(r"\s+", sentence[m.end():])[:8]:
            word = w.strip(",.;:()")
            if not word or fold(word) in _NOT_REASON:
                break
            out.append(word)
            if w[-1:] in ",.;:()":
                break
        return " ".join(out) or None


# a report table's column that says what became of each row: "Stand van zaken eind 2024", "Status"
STATE_COLUMN = re.compile(r"^\s*(?:stand(?:\s+van\s+zaken)?|status|voortgang)\b", re.IGNORECASE)
_DONE_WORDS = frozenset({"gereed", "klaar", "ja"})  # a state cell's short word for done ("Draaiboek gereed")
# the auxiliaries a done cue's participle goes with: "is/werd uitgevoerd" is done, "wordt
# uitgevoerd" not yet (StatusClassifier._present_passive); a conjunction or a relative pronoun
# starts another verb's part of the sentence ("is afgerond en wordt geëvalueerd")
_AUXILIARIES = frozenset({"is", "zijn", "was", "waren", "werd", "werden", "wordt", "worden", "heeft", "hebben", "had",
                          "hadden"})
_CLAUSE_BREAKS = {",", ";", ":", "maar", "terwijl"}  # not "en": "zal worden uitgebreid en afgerond"
_VERB_BOUNDS = frozenset(_CLAUSE_BREAKS | {"en", "of", "dat", "die", "wat", "waar", "omdat", "zodat"})


# the first word of an ambition, after a label of its own ("3.", "a)", "Actie 4:")
_LABELLED_FIRST_WORD = re.compile(r"\s*(?:(?:actie\s+)?[\w.]{1,4}[.):]\s+)?([a-z]+)\b")


def _clause(doc, sentence, span):
    """The tokens of the clause a cue stands in: from the break before it to the break after
    it (a comma, "maar" ...) within its sentence."""
    start, end = span.start, span.end
    while start > sentence.start and doc[start - 1].norm_ not in _CLAUSE_BREAKS:
        start -= 1
    while end < sentence.end and doc[end].norm_ not in _CLAUSE_BREAKS:
        end += 1
    return doc[start:end]


def _run_in_head(sentence) -> bool:
    """A paragraph's opening words that name its topic, as a heading would ("Bezetting op
    peil houden.", "Fit & vitaal."; kb.lang.titles): its words say what the paragraph is
    about, its cue words nothing about what became of it."""
    text = sentence.text.strip()
    return text.endswith(".") and looks_like_title(text[:-1])


_REFLEXIVE = frozenset({"ons", "zich", "me", "mij", "je", "onszelf", "zichzelf"})
_AFTER_PARTICLE = frozenset("naar tot van met en om voor bij op in aan dat die waar waarin waarmee zodat als te of "
                            "door uit af mee".split())
_WORDS = re.compile(r"\w+")
_NOT_REASON = {"nog", "vertraging", "op", "niet", "is", "zijn", "was", "waren", "werd", "konden", "kon", "liep", "liepen", "vertraagd",
               "weliswaar", "allemaal", "fysiek", "en", "zal", "worden", "hebben", "heeft", "we", "wij"}


def combine(statuses: list[str]) -> str:
    """One status from several paragraphs' statuses, by the same rule as within one."""
    found = set(statuses) - {"onbekend"}
    if not found:
        return "onbekend"
    if "deels gerealiseerd" in found or ("gerealiseerd" in found and found & {"vertraagd", "niet gerealiseerd"}):
        return "deels gerealiseerd"
    for status in ("niet gerealiseerd", "vertraagd", "gerealiseerd", "lopend"):
        if status in found:
            return status
    return "onbekend"
