"""Whether a sentence tells of something done, in its own words: a content verb in the past
tense ("Het crisisteam oefende in maart", "surveilleerden boa's en politie extra", "kregen"),
a perfect or passive past ("is het convenant ondertekend", "hebben ... in kaart gebracht", "is
als proef van start gegaan"), or a state reached since a time of the year ("komt sinds
februari iedere maand bijeen", "inmiddels") or for all ("Alle scholen geven het programma nu").

Reports say most of what they did this way, not with a cue word such as "afgerond"
(kb/data/status-cues.toml). Whether it makes an ambition done depends on the ambition: an
action to be done once or every year is done when the report tells it happened; work that
goes on is under way (kb.trace.build.proposed_status). A sentence with a negation is none
("is er niet gekomen"): that is for the cues to read.

The past is read from spaCy's lookup lemmas (kb.lang.words.lemma_table): a word whose lemma
is a verb and which is none of that verb's present forms, so no part-of-speech model is
needed. Auxiliaries, modals and copulas never count on their own ("was", "bleef", "kon").
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.lang.words import lemma_table, verb_lemmas
from kb.text import fold

# verbs that tell nothing done on their own: "was 67 procent", "bleef een aandachtspunt", "kon"
_NOT_CONTENT = frozenset({"zijn", "hebben", "worden", "kunnen", "moeten", "zullen", "willen", "mogen", "blijven",
                          "blijken", "lijken", "staan", "liggen", "zitten", "houden"})
_PERFECT = frozenset({"is", "zijn", "was", "waren", "werd", "werden", "heeft", "hebben", "had", "hadden"})
_NEGATIONS = frozenset({"niet", "geen", "nooit"})
_SHORT_VERBS = frozenset({"gaan", "staan", "doen", "zien", "slaan", "zijn"})  # infinitives in -n, not -en
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "het voorjaar|de zomer|het najaar|dit jaar|begin|half|medio")
# a state reached this year: "sinds februari", "sinds 1 april", "sinds het najaar", "inmiddels"
_SINCE = re.compile(rf"\bsinds\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS})\b|\binmiddels\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# a state reached for all: "Alle scholen geven het programma nu", "zijn er nu in alle kernen groepen"
_NOW_ALL = re.compile(r"\bnu\b(?!\s+toe\b)", re.IGNORECASE)
_ALL = frozenset({"alle", "elke", "iedere", "ieder", "elk"})
# "ondertekend", "gebracht", "gegaan", "ingericht", "verbeterd": (a particle) ge-, or an
# inseparable prefix, ending in d, t or en
_PARTICIPLE = re.compile(r"^(?:(?:af|aan|in|op|uit|door|mee|om|toe|over|bij|vast|voor|terug|samen|los|rond|neer|weg)?"
                         r"ge\w{2,}(?:d|t|en)|(?:be|ver|ont|her|er|onder)\w{2,}[dt])$")


# frequent past forms the lemma table lacks
_STRONG_PAST = {"kwam": "komen", "kwamen": "komen", "gaven": "geven", "vond": "vinden", "vonden": "vinden",
                "nam": "nemen", "namen": "nemen", "zagen": "zien", "schreef": "schrijven", "schreven": "schrijven",
                "sloot": "sluiten", "sloten": "sluiten", "begon": "beginnen", "begonnen": "beginnen",
                "boden": "bieden", "viel": "vallen", "koos": "kiezen", "kozen": "kiezen", "las": "lezen",
                "steeg": "stijgen", "stegen": "stijgen", "verdwenen": "verdwijnen", "verkregen": "verkrijgen"}
_PARTICLE_GE = re.compile(r"^(af|aan|in|op|uit|door|mee|om|toe|over|bij|vast|voor|terug|samen|los|rond|neer|weg)?ge(\w{2,})$")


def _lemma(word: str, lemmas: dict[str, str], verbs: frozenset[str]) -> str | None:
    """The verb a form belongs to: the lemma table, the strong pasts it lacks, or for a
    participle it lacks the verb it is made of ("geopend" -> openen, "uitgebreid" -> uitbreiden,
    "gegaan" -> gaan)."""
    if word in lemmas:
        return lemmas[word]
    if word in _STRONG_PAST:
        return _STRONG_PAST[word]
    if m := _PARTICLE_GE.match(word):
        particle, rest = m.group(1) or "", m.group(2)
        # gegaan -> gaan; uitgebreid -> uitbreiden; geopend -> openen
        for verb in (particle + rest, particle + rest + "en", particle + rest[:-1] + "en"):
            if verb in verbs or verb in _SHORT_VERBS:
                return verb
    return None


@lru_cache(maxsize=20_000)
def _presents(lemma: str) -> frozenset[str]:
    """The present forms of a verb: "lopen" -> lopen, loop, loopt; "beginnen" -> begin, begint;
    "geven" -> geef, geeft; "gaan" -> ga, gaat."""
    if lemma in _SHORT_VERBS or not lemma.endswith("en"):
        stems = {lemma[:-1], lemma[:-2]}
    else:
        base = lemma[:-2]
        stems = {base}
        if len(base) >= 2 and base[-1] == base[-2]:
            stems.add(base[:-1])  # beginn -> begin
        if len(base) >= 3 and base[-2] in "aeou" and base[-3] not in "aeiou":
            stems.add(base[:-1] + base[-2] + base[-1])  # lop -> loop, gev -> geev
        stems |= {s[:-1] + {"v": "f", "z": "s"}[s[-1]] for s in list(stems) if s[-1:] in ("v", "z")}
    return frozenset({lemma, *stems, *(s + "t" for s in stems)})


def _past_word(word: str, lemmas: dict[str, str], verbs: frozenset[str]) -> bool:
    """A content verb in a form none of its present forms: a past tense or a participle."""
    lemma = _lemma(word, lemmas, verbs)
    if lemma is None or lemma == word or lemma in _NOT_CONTENT:
        return False
    if lemma not in verbs and lemma not in _SHORT_VERBS and word not in _STRONG_PAST:
        return False
    if word.startswith("ge") and word.endswith("e") and not lemma.startswith("ge"):
        return False  # an inflected participle before a noun: "de geplande campagne"
    return word not in _presents(lemma)


def tells_done(sentence: str) -> bool:
    """The sentence tells of something done this way, with no negation in it."""
    words = [fold(w.lower()) for w in _WORD.findall(sentence)]
    if _NEGATIONS.intersection(words):
        return False
    if _SINCE.search(sentence) or _NOW_ALL.search(sentence) and _ALL.intersection(words):
        return True
    lemmas, verbs = lemma_table(), verb_lemmas()
    perfect = not _PERFECT.isdisjoint(words)
    # a participle tells of the past beside "is", "heeft", "werd" ...; a past tense on its own
    return any(_past_word(w, lemmas, verbs) and (perfect or not _PARTICIPLE.match(w)) for w in words)


_COUNT = (r"\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
          r"zestien|zeventien|achttien|negentien|twintig")
_COUNT_WORDS = {w: n for n, w in enumerate("nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien "
                                           "veertien vijftien zestien zeventien achttien negentien twintig".split())}
_PART_OF = re.compile(rf"\b({_COUNT})\s+van\s+de\s+(?:ongeveer\s+|circa\s+|ruim\s+)?({_COUNT})\b", re.IGNORECASE)
_OF_THE = re.compile(rf"\bvan\s+de\s+(?:ongeveer\s+|circa\s+|ruim\s+)?({_COUNT})\b", re.IGNORECASE)
_OF_THE_WORDS = 12  # "Van de negen parken en campings zijn er in 2024 zeven ...": the part this close after


def _count(word: str) -> int | None:
    word = fold(word.lower())
    if word.isdigit():
        return None if len(word) == 4 and word[:2] in ("19", "20") else int(word)  # a year is no count
    return 1 if word == "een" else _COUNT_WORDS.get(word)


def part_of_whole(sentence: str) -> bool:
    """The sentence counts a part of a whole: "58 van de 90 medewerkers", "Van de negen parken
    zijn er zeven gecontroleerd", "10 van de 18 teams". Beside a report that something was done,
    only part of it was."""
    for m in _PART_OF.finditer(sentence):
        part, whole = _count(m.group(1)), _count(m.group(2))
        if part is not None and whole is not None and 0 < part < whole:
            return True
    for m in _OF_THE.finditer(sentence):
        whole = _count(m.group(1))
        after = [w for w in re.findall(r"[\w.,]+", sentence[m.end():])[:_OF_THE_WORDS]
                 if fold(w.lower()) != "een" and _count(w) is not None]
        if whole is not None and after and 0 < _count(after[0]) < whole:
            return True
    return False
