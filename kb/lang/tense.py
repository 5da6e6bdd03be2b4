"""Whether a sentence tells of something done, in its own words: a content verb in the past
tense ("Het crisisteam oefende in maart", "surveilleerden boa's en politie extra", "kregen"),
a perfect or passive past ("is het convenant ondertekend", "hebben ... in kaart gebracht", "is
als proef van start gegaan"), or a state reached since a time of the report's year ("komt
sinds februari iedere maand bijeen") or for all ("Alle scholen geven het programma nu").

Reports say most of what they did this way, not with a cue word such as "afgerond"
(kb/data/status-cues.toml). Whether it makes an ambition done depends on the ambition: an
action to be done once or every year is done when the report tells it happened; work that
goes on is under way (kb.trace.build.proposed_status). With a negation the sentence tells of
something not done ("Voor Langeloo is nog geen ruimte gevonden"), and so does what it says is
still to come ("In Krimpershoek is de functie nog vacant"); a negation inside a quoted title
("het lesprogramma "Ik ben geen pion" gegeven") is none.

It says nothing when in doubt: a question, a condition ("Als het convenant is ondertekend,
..."), a sentence about the future or what should be ("zal", "moet", "verwachten": the future
words of the status cues and the modals here), an inflected participle before its noun ("de
opgestelde aanpak"), and a participle with no auxiliary before it ("In veel gevallen is ...").

The past is read from spaCy's lookup lemmas (kb.lang.words.lemma_table): a word whose lemma
is a verb and which is none of that verb's present forms, so no part-of-speech model is
needed. Auxiliaries, modals and copulas never count on their own ("was", "bleef", "kon").
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.lang.titles import present_in_t
from kb.lang.words import lemma_table, number_word, stopwords, verb_lemmas
from kb.text import MONTHS, YEAR_WORD, fold

DONE, NOT_DONE = "gedaan", "niet gedaan"
NEGATIONS = frozenset({"niet", "geen", "nooit"})
# verbs that tell nothing done on their own: "was 67 procent", "bleef een aandachtspunt", "kon"
_NOT_CONTENT = frozenset({"zijn", "hebben", "worden", "kunnen", "moeten", "zullen", "willen", "mogen", "blijven",
                          "blijken", "lijken", "staan", "liggen", "zitten"})
_PERFECT = frozenset({"is", "zijn", "was", "waren", "werd", "werden", "heeft", "hebben", "had", "hadden"})
# what should be or is meant, beside the future words of the status cues: no report of the past
_MODAL = frozenset({"moet", "moeten", "wil", "willen", "wilt", "zou", "zouden", "bedoeling", "gepland", "geplande",
                    # an intention, also a past one: "Wij hadden het voornemen om te starten" (not "de
                    # voorgenomen campagne is er niet gekomen", which tells what became of it)
                    "voornemen", "voornemens"})
_CONDITIONAL = frozenset({"als", "zodra", "wanneer", "indien", "mits"})  # a sentence that opens with a condition
DETERMINERS = frozenset({"de", "het", "een", "deze", "die", "dit", "dat", "onze", "ons", "hun", "zijn", "haar",
                          "alle", "elke", "ieder", "iedere", "welke"})
_SHORT_VERBS = frozenset({"gaan", "staan", "doen", "zien", "slaan", "zijn"})  # infinitives in -n, not -en
_MONTHS = "|".join(MONTHS) + "|het voorjaar|de zomer|het najaar|dit jaar|begin|half|medio"
# a state reached since a time of the year: "sinds februari", "sinds 1 april", "sinds het najaar"
# (a year after it must be the report's: "sinds mei 2017" is a standing state)
_SINCE = re.compile(rf"\bsinds\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS})\b(?:\s+({YEAR_WORD.pattern}))?", re.IGNORECASE)
_ALL = frozenset({"alle", "elke", "iedere", "ieder", "elk"})
_TOKEN = re.compile(r"[^\W\d_]+|[,;:]")  # words, and the marks that end a clause within a sentence
# what is still to come, said in the present: "is nog vacant", "is nog in voorbereiding", "wordt
# de aanpak nog uitgewerkt", "wacht de gemeente nog op toestemming" (not "nog steeds", "nog meer")
_PENDING = re.compile(r"\bnog\s+(?:\w+\s+){0,2}?(?:vacant|in\s+voorbereiding|in\s+behandeling|uitgewerkt|uitgezocht|"
                      r"onderzocht)\b|\b(?:wacht|wachten|wachtte|wachtten)\b[^.;:]{0,40}?\bnog\s+op\b", re.IGNORECASE)
# a quoted title or slogan: its words are no negation of the sentence ("het lesprogramma "Ik ben
# geen pion" gegeven"); a quote mark inside a word is an apostrophe ("collega's")
_QUOTED = re.compile(r"[\"“”„][^\"“”„]{1,80}[\"“”]|‘[^‘’]{1,80}’|(?<!\w)'[^']{1,80}'(?!\w)")
_PARTICLES = "af|aan|in|op|uit|door|mee|om|toe|over|bij|vast|voor|terug|samen|los|rond|neer|weg"
# "ondertekend", "gebracht", "gegaan", "ingericht", "verbeterd": (a particle) ge-, or an
# inseparable prefix, ending in d, t or en
_PARTICIPLE = re.compile(rf"^(?:(?:{_PARTICLES})?ge\w{{2,}}(?:d|t|n)|(?:be|ver|ont|her|er|onder)\w{{2,}}[dt])$")
_PARTICLE_GE = re.compile(rf"^({_PARTICLES})?ge(\w{{2,}})$")
# the past forms of frequent strong verbs (komen, geven, vinden, nemen, ...) that the lemma
# table lacks, found by checking such a list against it
_STRONG_PAST = {"kwam": "komen", "kwamen": "komen", "gaven": "geven", "vond": "vinden", "vonden": "vinden",
                "nam": "nemen", "namen": "nemen", "zagen": "zien", "schreef": "schrijven", "schreven": "schrijven",
                "sloot": "sluiten", "sloten": "sluiten", "begon": "beginnen", "begonnen": "beginnen",
                "boden": "bieden", "viel": "vallen", "koos": "kiezen", "kozen": "kiezen", "las": "lezen",
                "steeg": "stijgen", "stegen": "stijgen", "verdwenen": "verdwijnen", "verkregen": "verkrijgen",
                # and their participles, also after a particle ("afgesloten"); not "gevallen", a plural
                "gevonden": "vinden", "geschreven": "schrijven", "gegeven": "geven", "genomen": "nemen",
                "gesloten": "sluiten", "begonnen": "beginnen", "gedaan": "doen", "gezien": "zien", "gegaan": "gaan",
                "gedragen": "dragen", "gesproken": "spreken", "getrokken": "trekken", "gedacht": "denken",
                "gezocht": "zoeken", "gekozen": "kiezen", "gelezen": "lezen", "gestegen": "stijgen"}
_WEAK_PAST = re.compile(r"^(\w{3,}?)(?:de|te|den|ten)$")  # "ontwikkelde", "maakte", "richtten"
# nouns in -te made from adjectives, shaped like a past of a rare verb ("op sterkte": sterken)
_TE_NOUNS = frozenset({"sterkte", "lengte", "warmte", "hoogte", "breedte", "diepte", "grootte", "drukte"})


def _lemma(word: str, lemmas: dict[str, str], verbs: frozenset[str]) -> str | None:
    """The verb a form belongs to: the lemma table, the strong pasts it lacks, or for a word
    shaped like a participle that it lacks, the verb it is made of ("geopend" -> openen,
    "uitgebreid" -> uitbreiden, "gegaan" -> gaan; not "gedrag" or "gevoel")."""
    if word in lemmas:
        return lemmas[word]
    if word in _STRONG_PAST:
        return _STRONG_PAST[word]
    if _PARTICIPLE.match(word) and (m := _PARTICLE_GE.match(word)):
        particle, rest = m.group(1) or "", m.group(2)
        if ("ge" + rest) in _STRONG_PAST:
            return particle + _STRONG_PAST["ge" + rest]  # "afgesloten" -> afsluiten
        for verb in (particle + rest, particle + rest + "en", particle + rest[:-1] + "en"):
            if verb in verbs or verb in _SHORT_VERBS:
                return verb
    if word not in _TE_NOUNS and (m := _WEAK_PAST.match(word)):  # "ontwikkelde" -> ontwikkelen, "maakte" -> maken
        stem = m.group(1)
        single = stem[:-3] + stem[-2:] if len(stem) >= 4 and stem[-3] == stem[-2] and stem[-2] in "aeou" else stem
        for verb in (stem + "en", single + "en"):
            if verb != word and verb in verbs:
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


_COPULAS = frozenset({"is", "zijn", "was", "waren", "blijft", "blijven", "bleef", "bleven", "wordt", "worden",
                      "werd", "werden", "ligt", "lag", "komt", "kwam"})


def is_verb_form(word: str) -> bool:
    """An inflected verb: "blijft", "daalt", "ligt", "is" (not an infinitive, not a noun)."""
    word = fold(word.lower())
    if word in _COPULAS:
        return True
    lemmas, verbs = lemma_table(), verb_lemmas()
    lemma = _lemma(word, lemmas, verbs)
    if lemma is not None and lemma != word and (lemma in verbs or lemma in _SHORT_VERBS):
        return True
    return present_in_t(word, verbs)  # a present form in -t the table lacks: "werkt"


def _past_word(word: str, lemmas: dict[str, str], verbs: frozenset[str]) -> bool:
    """A content verb in a form none of its present forms: a past tense or a participle."""
    lemma = _lemma(word, lemmas, verbs)
    if lemma is None or lemma == word or lemma in _NOT_CONTENT:
        return False
    if lemma not in verbs and lemma not in _SHORT_VERBS and word not in _STRONG_PAST:
        return False
    return word not in _presents(lemma)


def _told_past(tokens: list[str]) -> bool:
    """A past tense, or a participle after its auxiliary ("is het convenant ondertekend") or
    just before the auxiliary that ends its clause ("dat het convenant ondertekend is")."""
    lemmas, verbs = lemma_table(), verb_lemmas()
    for i, word in enumerate(tokens):
        if not word[0].isalpha() or not _past_word(word, lemmas, verbs):
            continue
        if i and tokens[i - 1] in DETERMINERS:
            continue  # an inflected participle before its noun: "de opgestelde aanpak"
        if not _PARTICIPLE.match(word):
            return True  # a past tense: "oefende", "kregen"
        before = any(t in _PERFECT for t in tokens[:i])
        ends_clause = i + 1 < len(tokens) and tokens[i + 1] in _PERFECT and (
            i + 2 == len(tokens) or not tokens[i + 2][0].isalpha())
        if before or ends_clause:
            return True
    return False


def tells(sentence: str, year: int | None = None, future: frozenset[str] = frozenset()) -> str | None:
    """DONE when the sentence tells of something done this way, NOT_DONE when it tells so
    with a negation, else None. `year`: the report's year (a state "sinds mei 2017" is none of
    it); `future`: words that make a sentence a plan (the status cues' [toekomst])."""
    if sentence.rstrip().endswith("?"):
        return None
    tokens = [fold(t.lower()) for t in _TOKEN.findall(sentence)]
    words = [t for t in tokens if t[0].isalpha()]
    if not words or words[0] in _CONDITIONAL or not _MODAL.isdisjoint(words) or not future.isdisjoint(words):
        return None
    if any(w in ("hoorde", "hoorden") and "te" in words[i + 1:] for i, w in enumerate(words)):
        return None  # what should have been: "Wijkagenten hoorden 80 procent van hun tijd in de wijk te werken"
    if _PENDING.search(sentence):
        return NOT_DONE  # still to come, now: "In Krimpershoek is de functie nog vacant"
    # a negation, and not only inside a quoted title ("Ik ben geen pion")
    negated = not NEGATIONS.isdisjoint(words) and not NEGATIONS.isdisjoint(
        fold(t.lower()) for t in _TOKEN.findall(_QUOTED.sub(" ", sentence)))
    said = NOT_DONE if negated else DONE
    since = _SINCE.search(sentence)
    if since and (since.group(1) is None or year is None or int(since.group(1)) == year):
        return said
    if "nu" in words[1:] and not _ALL.isdisjoint(words) and not re.search(r"\bnu\s+toe\b", sentence, re.IGNORECASE):
        return said  # "Alle scholen geven het programma nu" (not "Nu alle scholen meedoen, ...")
    return said if _told_past(tokens) else None


def tells_done(sentence: str, year: int | None = None, future: frozenset[str] = frozenset()) -> bool:
    """The sentence tells of something done this way, with no negation in it."""
    return tells(sentence, year, future) == DONE


_COUNT = (r"\d{1,3}(?:\.\d{3})+|\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|"
          r"veertien|vijftien|zestien|zeventien|achttien|negentien|twintig")
_ABOUT = r"(?:ongeveer\s+|circa\s+|ruim\s+)?"
_PART_OF = re.compile(rf"\b({_COUNT})\s+van\s+(?:de\s+)?{_ABOUT}({_COUNT})\b", re.IGNORECASE)  # "58 van de 90", "3 van 4"
# "Van de negen parken zijn er zeven ...": at the start of the sentence or of a clause
_OF_THE = re.compile(rf"(?:^|[,;:]\s*)van\s+de\s+{_ABOUT}({_COUNT})\b", re.IGNORECASE)
_OF_THE_WORDS = 12  # the part stands this close after the whole
# a share of those meant that did it: "88% ... de basisopleiding afgerond", "87% van de collega's
# rondde ... af", "Ongeveer 80 % is nu opgeleid" (the figure as the subject, not "steeg naar 93%"
# nor a rate of cases: "in 68 % van de zaken")
_SHARE = re.compile(r"(?<![\d,.])(\d{1,2}(?:,\d+)?)\s*(?:%|procent)(?!\s*(?:in|eind|begin)\s+(?:19|20)\d\d)", re.IGNORECASE)
_NORM_WORDS = frozenset("norm normen ambitie doel doelstelling streefwaarde streefcijfer".split())
# the share is the subject: it opens the sentence or stands after its verb or an adverb of degree
_SHARE_AFTER = frozenset("heeft hebben had hadden is was zijn waren werd werden inmiddels nu ongeveer circa ruim bijna "
                         "zo'n zon".split())


def _shares(sentence: str) -> bool:
    """A share below 100 % as the subject of a sentence that tells of something done, and not
    against a norm the sentence names ("haalde 94,4 % ... de toets (norm is 90 %)" met it)."""
    if not _NORM_WORDS.isdisjoint(fold(w.lower()) for w in re.findall(r"\w+", sentence)):
        return False
    for m in _SHARE.finditer(sentence):
        before = [fold(w.lower()) for w in re.findall(r"[\w']+", sentence[:m.start()])[-1:]]
        opens_clause = re.search(r"[:;]\s*$", sentence[:m.start()]) is not None  # "bleef lastig: 86% ... haalde"
        if before and before[0] not in _SHARE_AFTER and not opens_clause:
            continue  # "steeg naar 93%", "tegen 79%", "in 68 % van de zaken", "(2023: 81%)"
        if 0 < float(m.group(1).replace(",", ".")) < 100 and tells(sentence) == DONE:
            return True
    return False


# the rest of what was meant: "bij de overige groepen", "De resterende controles", "de rest van de
# doelgroep", "de vierde plaats", "De tweede controle" (not a time, a comparison or a column:
# "de tweede helft van 2020", "de rest van Nederland", "de laatste zes weken")
_REST = re.compile(r"\bde\s+(?:(?:\w+\s+)?(?:overige|resterende)|rest|(?:tweede|derde|vierde|vijfde|zesde|laatste)\s+(\w+))\b"
                   r"(?:\s+van\s+(\w+)(?:\s+(\w+))?)?", re.IGNORECASE)
_NOT_THE_REST = frozenset("helft kwartaal week weken maand maanden jaar jaren dag dagen keer klas kolom rij periode "
                          "zomer winter nederland land eenheid regio provincie tranche hun haar zijn het ons onze".split())


def names_rest(sentence: str) -> bool:
    """The sentence speaks of the rest of what was meant ("De overige collega's volgen de training
    in 2025", "de vierde plaats is nog niet ingevuld"): beside its not being done, it tells
    that the first part was."""
    for m in _REST.finditer(sentence):
        noun, *of = (fold(w.lower()) if w else "" for w in m.groups())  # "de vierde plaats", "de rest van de eenheid"
        if noun and (noun in stopwords() or _count(noun) is not None):
            continue  # "de laatste was in 2017", "de laatste zes weken", "de tweede en derde klas"
        if _NOT_THE_REST.isdisjoint([noun, *of]):
            return True
    return False


def _count(word: str) -> int | None:
    """A count: digits (not a year), a number word; "een" only as a digit ("een van de drie"
    is "one of the three", no part counted)."""
    word = fold(word.lower())
    digits = word.replace(".", "")
    if digits.isdigit():
        return None if len(word) == 4 and word[:2] in ("19", "20") else int(digits)
    return number_word(word)


def part_of_whole(sentence: str) -> bool:
    """The sentence counts a part of a whole: "58 van de 90 medewerkers", "Van de negen parken
    zijn er zeven gecontroleerd", "850 van de 1.200", "3 van 4 plaatsen bezet"; or it tells that
    a share below all did it: "Van de functionarissen heeft 88% de basisopleiding afgerond"
    (a share that is a level, a change or a reference is none: "steeg naar 93%", "tegen 79%",
    "de norm van 70 %"). Beside a report that something was done, only part of it was."""
    if _shares(sentence):
        return True
    for m in _PART_OF.finditer(sentence):
        part, whole = _count(m.group(1)), _count(m.group(2))
        if part is not None and whole is not None and 0 < part < whole:
            return True
    for m in _OF_THE.finditer(sentence.strip()):
        whole = _count(m.group(1))
        after = [n for w in re.findall(r"\d{1,3}(?:\.\d{3})+|\w+", sentence.strip()[m.end():])[:_OF_THE_WORDS]
                 if (n := _count(w)) is not None]
        if whole is not None and after and 0 < after[0] < whole:
            return True
    return False
