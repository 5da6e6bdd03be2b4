"""Which language a document is written in, offline and without a model: the share of its
words that are small function words of each language.

Dutch counts with the stop-word list of the search (kb/data/stopwords-nl.txt); the other
languages and their words are in kb/lang/language-words.toml. A word on more than one list
("in", "is", "was", "de") counts for none. The language whose words make up the largest
share wins, if that share is large enough and clearly larger than the next one; a text too
short or too mixed to tell gives None (the document is then treated as Dutch).

Used by the ingest (kb.ingest.process_file): a document that is not Dutch is indexed
without the Dutch analysis (kb.index.schema.section_fields) and gets a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, RootModel, StringConstraints

from kb.datafiles import DataModel, Text, edition, load, says
from kb.lang.words import data_file_error, stopwords
from kb.text import fold

DUTCH = "nl"
LANGUAGE_FILE = Path(__file__).resolve().parent / "language-words.toml"
SAMPLE_WORDS = 20_000  # the first words of a document are enough
MIN_HITS = 8  # fewer function words of the winning language: too little text to tell
MIN_SHARE = 0.06  # of all words, for the winner
MARGIN = 2.0  # the winner's share at least this many times the next one's
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

Code = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z]{2,3}$"),
                 says("moet een taalcode van twee of drie kleine letters zijn, zoals en")]


class _Language(DataModel):
    naam: Text
    woorden: list[Text] = Field(min_length=1)


class _LanguageFile(RootModel[dict[Code, _Language]]):
    pass


@dataclass(frozen=True)
class Languages:
    words: dict[str, frozenset[str]]  # language code -> its distinctive words (Dutch included)
    names: dict[str, str]  # language code -> "Engelstalig"


def languages(path: Path | None = None) -> Languages:
    """The word lists; read again when either file changes."""
    path = path or LANGUAGE_FILE
    return _languages(path, edition(path), stopwords())


@lru_cache(maxsize=4)
def _languages(path: Path, _mtime: int, dutch: frozenset[str]) -> Languages:
    data = load(path, _LanguageFile, lambda message: data_file_error(path, message)).root
    lists = {DUTCH: set(dutch)} | {code: {fold(w) for w in lang.woorden} for code, lang in data.items() if code != DUTCH}
    seen = Counter(w for words in lists.values() for w in words)
    words = {code: frozenset(w for w in ws if seen[w] == 1) for code, ws in lists.items()}
    names = {DUTCH: "Nederlandstalig"} | {code: lang.naam for code, lang in data.items() if code != DUTCH}
    return Languages(words, names)


def detect_language(text: str, langs: Languages | None = None) -> str | None:
    """"nl", "en", ... or None when the text is too short or too mixed to tell."""
    langs = langs or languages()
    hits: Counter = Counter()
    total = 0
    for m in _WORD.finditer(text):
        total += 1
        if total > SAMPLE_WORDS:
            break
        word = fold(m.group())
        for code, words in langs.words.items():
            if word in words:
                hits[code] += 1
                break
    if not hits or total == 0:
        return None
    ranked = hits.most_common(2)
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count < MIN_HITS or count / min(total, SAMPLE_WORDS) < MIN_SHARE or count < MARGIN * runner_up:
        return None
    return best


def language_name(code: str) -> str:
    """"Engelstalig" for "en"; the code itself for a language the file does not name."""
    return languages().names.get(code, code)


def language_warning(code: str | None) -> str | None:
    """The ingest's warning for a document that is not Dutch (None for Dutch or unknown)."""
    if code is None or code == DUTCH:
        return None
    return f"{language_name(code)} document: geïndexeerd zonder Nederlandse taalanalyse"


def _warm() -> None:
    """Read the lists on import, not first in the middle of an ingest: a job process near its
    memory limit (kb.limits) after a refused file is no place to read data files."""
    try:
        languages()
    except Exception:  # said again, in Dutch, where the lists are used
        pass


_warm()
