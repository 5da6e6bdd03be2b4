"""Whether a short phrase is a title ("Bezetting op peil houden", "Betekenisvol interveniëren",
"Fit & vitaal") rather than a sentence ("We werken samen met de gemeente", "Project
vertraagd"): the one test behind a report paragraph's run-in head (kb.trace.status) and the
title an ambition opens with (kb.trace.linking).

A title names a subject; it states nothing. So it has at most seven words, no pronoun that
could be a subject, no auxiliary, no inflected verb (a word whose lemma is another form in
-en: "startte", "werkt"), no verb before its last word ("Samen werken aan veiligheid" is a
clause; "Proactief controleren" ends in its infinitive), and no word shaped like a participle
("vertraagd", "afgerond", "geslaagd"). When in doubt it is a sentence: the callers then do
what they did before they asked.
"""

from __future__ import annotations

import re

from kb.lang.words import lemma_table, verb_lemmas
from kb.text import fold

MAX_WORDS = 7
_WORD = re.compile(r"[^\W\d_]+")
_PRONOUNS = frozenset({"ik", "jij", "je", "hij", "zij", "ze", "wij", "we", "u", "men", "jullie"})
_AUXILIARIES = frozenset({"is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had",
                          "hadden", "kan", "kon", "konden", "kunnen", "zal", "zullen", "zou", "zouden", "gaat", "ging",
                          "gingen", "staat", "stond", "stonden", "bleek", "bleken", "blijft", "bleef", "moet", "moest",
                          "mag", "mocht", "wil", "wilde"})
# "vertraagd", "afgerond", "geslaagd", "ingevoerd": a prefix or a particle + ge, ending in d or t
_PARTICIPLE = re.compile(r"^(?:(?:be|ver|ont|her|er)\w{2,}|(?:af|aan|in|op|uit|door|mee|om|toe|over|bij|vast|voor|"
                         r"terug|samen)?ge\w{2,})[dt]$")


def looks_like_title(text: str) -> bool:
    """`text` (without its closing full stop or colon) reads as a title, not a sentence."""
    words = [fold(w.lower()) for w in _WORD.findall(text)]
    if not words or len(words) > MAX_WORDS or any(c.isdigit() for c in text):
        return False
    lemmas, verbs = lemma_table(), verb_lemmas()
    for n, word in enumerate(words):
        lemma = lemmas.get(word, word)
        if word in _PRONOUNS or word in _AUXILIARIES or _PARTICIPLE.match(word):
            return False
        if lemma != word and lemma.endswith("en") or present_in_t(word, verbs):
            return False  # inflected: "werkt", "startte"
        nominal = n + 1 < len(words) and words[n + 1] == "van" or n > 0 and words[n - 1] == "het"
        if n < len(words) - 1 and word in verbs and word.endswith("en") and not nominal:
            return False  # a verb before the last word: "Samen werken aan veiligheid", not "Uitvoeren van ..."
    return True


def present_in_t(word: str, verbs: frozenset[str]) -> bool:
    """A present form in -t the lemma table lacks: "werkt", "maakt" (werken, maken). (Not a
    past form in -te: "sterkte" and "breedte" are nouns.)"""
    base = word[:-1] if word.endswith("t") else ""
    if len(base) < 3:
        return False
    single = base[:-2] + base[-1] if len(base) >= 4 and base[-2] == base[-3] else None  # maak -> mak
    return base + "en" in verbs or single is not None and single + "en" in verbs
