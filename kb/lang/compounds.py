"""Splitting Dutch compound words: "woninginbraken" -> woning + inbraken.

Dutch writes compounds as one word, so "inbraak" alone never matches "woninginbraken".
The splitter knows a vocabulary (wordfreq's Dutch list, the corpus's own words, and the
additions in kb/data/compound-words.txt) and splits a word when every part is a known
word: the fewest parts win, a linking -s- ("veiligheidsagenda") is allowed, function
words and endings are never parts, a prefix or particle (ver-, ont-, toe-, mee-) neither
("vermogen" is no ver + mogen, "vervallen" one word), a verb's derivation is split only
with its ending in its last part ("samenwerking" is samen + werking, "waardering" no
waarde + ring), a verb never starts with three letters ("handelen" is no han + delen), a
head that is a word is weighed against the shorter word before a linking s (plaats + vinden,
no plaat + vinden), and words the data file marks with "!" are never split. A part may
also be an inflected form of a known word, as Dutch compounds make them: a last part in the
plural or another form the lemma table knows ("hennep|kwekerijen"), a first part that is a
verb's stem ("witwas|constructies", of witwassen). A common
word is only split when its parts are, on average, more common than the word itself
(Koehn & Knight), so "gemeenteraad" splits but a common word of rarer parts stays whole.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from kb.lang.words import COMPOUND_FILE, dictionary, lemma_table, read_word_list, stopwords, verb_lemmas, zipf
from kb.text import fold

MIN_WORD = 7  # shorter words are not split
MIN_HEAD = 3
MIN_TAIL = 4
MAX_PARTS = 4
MAX_WORD = 60  # longer "words" (a run of letters in a hostile file) are not split: the search is quadratic in length
# a prefix or a separable particle is no part of a compound, though "ver" (far), "toe" (to) and
# "mis" (mass) are words: "vermogen" is no ver + mogen, "misstanden" no mis + tanden, "toezicht"
# says nothing about "toe"; and a word that is such a prefix before a known word is one word
# ("vervallen", "mishandeling", "verstrekkers" in kredietverstrekkers)
NOT_HEADS = frozenset({"ver", "her", "ont", "toe", "mee", "af", "onder", "be", "ge", "er", "mis"})
PREFIXES = ("ver", "her", "ont", "toe")  # a head that starts so is a word of 6 letters or more
NOT_PARTS = frozenset({"ing", "ende", "eren", "heden"})  # endings, not words: no verwerv + ing + criminaliteit,
# no goed + eren or signalen + eren ("eren", to honour, is far rarer than the verb ending -eren), no
# mogelijk + heden ("-heden" is the plural of -heid, not "the present")
# a verb with one of these endings is derived from the verb: "waardering" is waarderen + -ing
# (no waarde + ring), "wisselende" wisselen + -ende, "belastbaar" belasten + -baar
DERIVATIONS = ("ingen", "ing", "ende", "end", "baar", "bare")


class CompoundSplitter:
    def __init__(self, vocabulary: Iterable[str], never: Iterable[str] = (), stop: Iterable[str] = ()):
        stop = set(stop)
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_HEAD and w not in stop and w not in NOT_PARTS)
        self.never = frozenset(never)
        self.lemmas = lemma_table()
        self.verbs = verb_lemmas()
        self.split = lru_cache(maxsize=500_000)(self.split)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (folded, lower case), or () when `word` is not one."""
        if MIN_WORD <= len(word) <= MAX_WORD and word.isalpha() and not self._never(word) and not self._prefixed(word):
            found = self._split(word, MAX_PARTS)
            if found and self._worth_splitting(word, found) and (
                    not self._derived(word) or self._derived(found[-1])) and not self._short_verb_head(word, found):
                return found  # a derivation splits only with its ending in its last part: samen + werking
        return ()

    def _never(self, word: str) -> bool:
        """A word the data file marks with "!", or an inflection of one: "!kenteken" keeps
        "kentekens" whole too."""
        return word in self.never or self.lemmas.get(word, word) in self.never

    @staticmethod
    def _worth_splitting(word: str, parts: tuple[str, ...]) -> bool:
        whole = zipf(word)
        return whole == 0 or sum(zipf(p) for p in parts) / len(parts) > whole

    def _short_verb_head(self, word: str, parts: tuple[str, ...]) -> bool:
        """A verb (a lemma in -en of the lemma table) that would start with three letters:
        "handelen" is no han + delen, "streven" no str + even, "weekenden" no wee + kenden; a
        compound verb has a real first word (samen + werken), and a plural noun still splits
        (vak + mensen)."""
        return len(parts[0]) <= MIN_HEAD and word in self.verbs

    def _derived(self, word: str) -> bool:
        """A known verb's derivation ("waardering", "meldingen", "ondermijnende"). Split, its
        ending must stay with its verb: "samenwerking" is samen + werking, but "waardering" is no
        waarde + ring, nor "wisselende" wissel + ende."""
        for ending in DERIVATIONS:
            stem = word[:-len(ending)]
            if word.endswith(ending) and len(stem) >= 4 and self._infinitive(stem):
                return True
        return False

    def _infinitive(self, stem: str) -> str | None:
        """The known verb a stem stands for: stem + en, or with the consonant doubled after a
        short vowel ("witwas" -> witwassen, "zoek" -> zoeken)."""
        return next((v for v in (stem + "en", stem + stem[-1] + "en") if v in self.vocabulary), None)

    def _prefixed(self, word: str) -> bool:
        """A prefix or particle before a known word: "vervallen", "meelopen", "verstrekkers"."""
        return any(word.startswith(p) and len(word) - len(p) >= MIN_TAIL and self._known_tail(word[len(p):])
                   for p in NOT_HEADS)

    def _best(self, word: str, budget: int) -> tuple[str, ...] | None:
        if len(word) >= MIN_TAIL and (self._known_tail(word) or self._prefixed(word)):
            return (word,)
        return self._split(word, budget)

    def _known_tail(self, word: str) -> bool:
        """A known word, or an inflection of one: its lemma ("kwekerijen" -> kwekerij), or a
        plural in -en or -s of a known word."""
        if word in self.vocabulary or self.lemmas.get(word, word) in self.vocabulary:
            return True
        return (word.endswith("en") and word[:-2] in self.vocabulary and len(word) - 2 >= MIN_TAIL) or (
            word.endswith("s") and word[:-1] in self.vocabulary and len(word) - 1 >= MIN_TAIL)

    def _known_head(self, head: str) -> str | None:
        """The word a first part stands for: itself when known, or the infinitive when it is a
        verb's stem ("witwas" -> witwassen, "zoek" -> zoeken: stem + en, the consonant doubled
        after a short vowel), so it gets the verb's own term; None when it is neither."""
        prefixed = head.startswith(PREFIXES)
        if head in self.vocabulary and not (prefixed and len(head) < 6):
            return head  # but "verst" and "vers" are the prefix plus a letter or two: kredietverstrekkers
        if len(head) < 4 or prefixed:
            return None  # "verstrek" is a prefixed verb's stem, no head of its own
        return self._infinitive(head)

    def _split(self, word: str, budget: int) -> tuple[str, ...] | None:
        """The split of `word` into 2..budget known parts with the fewest parts."""
        if budget <= 1:
            return None
        best: tuple[str, ...] | None = None
        for i in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
            head, tail = word[:i], word[i:]
            heads = [self._known_head(head)]
            if head.endswith("s") and head[:-1] in self.vocabulary and len(head) > MIN_HEAD:
                heads.append(head[:-1])  # linking s: veiligheid-s-agenda; but plaats|vinden is no plaat-s-vinden
            heads = [h for h in heads if h is not None and h not in NOT_HEADS]
            if not heads:
                continue
            rest = self._best(tail, budget - 1)
            if rest is None:
                continue
            for h in heads:  # the head as it stands, then without a linking s: the more common wins, a tie the first
                candidate = (h, *rest)
                if best is None or (len(candidate), -_weight(candidate)) < (len(best), -_weight(best)):
                    best = candidate
        return best


def _weight(parts: tuple[str, ...]) -> float:
    """Among splits with as many parts, the one with the more common parts wins:
    doel + stelling, not doels + telling."""
    return sum(zipf(p) for p in parts)


def corpus_words(texts: Iterable[str], min_count: int = 2) -> list[str]:
    """Words the corpus uses often enough to serve as compound parts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w for w in re.findall(r"[^\W\d_]{4,}", fold(text)))
    return sorted(w for w, n in counts.items() if n >= min_count)


def _file_entries() -> tuple[frozenset[str], frozenset[str]]:
    """The file's extra parts and never-split words; read again when it changes."""
    return _read_entries(COMPOUND_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read_entries(_mtime: int) -> tuple[frozenset[str], frozenset[str]]:
    extra, never = set(), set()
    for entry in read_word_list(COMPOUND_FILE):
        (never if entry.startswith("!") else extra).add(entry.lstrip("!").lower())
    return frozenset(extra), frozenset(never)


def make_splitter(corpus: Iterable[str] = ()) -> CompoundSplitter:
    extra, never = _file_entries()
    return CompoundSplitter(dictionary() | extra | set(corpus), never, stopwords())
