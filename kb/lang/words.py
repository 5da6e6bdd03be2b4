"""Word lists from kb/data and from installed packages, loaded once per process."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kb.errors import KbError
from kb.text import fold

DATA = Path(__file__).resolve().parent.parent / "data"
STOPWORDS_FILE = DATA / "stopwords-nl.txt"
COMPOUND_FILE = DATA / "compound-words.txt"
LINK_FUNCTION_FILE = DATA / "link-function-words.txt"


# Dutch number words as they are written in reports ("drie", "twaalf", "vijfentwintig"; folded,
# "tweeëntwintig" is tweeentwintig): the own norms' figures, the parts of a whole, the weak terms
# of a link
NUMBER_WORDS = {w: n for n, w in enumerate(
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig".split())}
NUMBER_WORDS.update({"dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
                     "negentig": 90, "honderd": 100, "duizend": 1000})
_TENS = {w: n for w, n in NUMBER_WORDS.items() if n in (20, 30, 40, 50, 60, 70, 80, 90)}
NUMBER_WORDS.update({f"{u}en{t}": i + 1 + n for i, u in enumerate("een twee drie vier vijf zes zeven acht negen".split())
                     for t, n in _TENS.items()})


def number_word(word: str) -> int | None:
    """The number a folded word names; "een" never: it is mostly the article ("een van de drie")."""
    return None if word == "een" else NUMBER_WORDS.get(word)


def read_word_list(path: Path) -> list[str]:
    """The words of a one-word-per-line file, without comments and blank lines."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


def data_file_error(path: Path, message: str) -> KbError:
    """A data file that cannot be used: the server's fault, not the user's (500)."""
    return KbError(f"{path.name}: {message}", status=500)


def stopwords() -> frozenset[str]:
    """Read again when the file changes (an analyst may edit it while the server runs;
    knowledge_version() sees the edit too, so the next ingest rebuilds the index)."""
    return _stopwords(STOPWORDS_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _stopwords(_mtime: int) -> frozenset[str]:
    return frozenset(fold(w) for w in read_word_list(STOPWORDS_FILE))


def link_function_words() -> frozenset[str]:
    """Words that never count as a term shared by an ambition and a paragraph (the trace's
    list, beside the search's stopwords): "ten", "daarnaast", "aanzien"."""
    return _link_function_words(LINK_FUNCTION_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _link_function_words(_mtime: int) -> frozenset[str]:
    return frozenset(fold(w.lower()) for w in read_word_list(LINK_FUNCTION_FILE) if " " not in w)


@lru_cache(maxsize=None)
def lemma_lookup() -> Mapping[str, str]:
    """Inflected form -> lemma as spacy-lookups-data has it: the table of spaCy's Dutch lookup
    lemmatizer, read once per process for it and for `lemma_table` (kb.trace.status). Shared:
    read it, never change it (`lemma_table` copies it)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def lemma_table() -> dict[str, str]:
    """Inflected form -> lemma from spacy-lookups-data (aangehouden -> aanhouden), with
    diacritic-free keys added so "geinvesteerd" finds the entry of "geïnvesteerd"."""
    table = dict(lemma_lookup())
    for word, lemma in list(table.items()):
        folded = fold(word)
        if folded != word:
            table.setdefault(folded, lemma)
    return table


@lru_cache(maxsize=None)
def verb_lemmas() -> frozenset[str]:
    """The lemmas in -en of the lemma table: the infinitives ("aanhouden"), and a few nouns in
    -en ("teken"). A dictionary word in -en may be a plural or a past tense, a lemma not."""
    return frozenset(v for v in lemma_table().values() if v.endswith("en"))


@lru_cache(maxsize=None)
def dictionary(min_zipf: float = 3.0) -> frozenset[str]:
    """Common Dutch words from wordfreq's bundled list (folded, letters only, 3+ long)."""
    from wordfreq import get_frequency_dict

    threshold = 10 ** (min_zipf - 9)
    return frozenset(
        fold(w) for w, f in get_frequency_dict("nl").items()
        if f >= threshold and len(w) >= 3 and w.isalpha()
    )


def zipf(word: str) -> float:
    from wordfreq import get_frequency_dict

    f = get_frequency_dict("nl").get(word, 0.0)
    return math.log10(f) + 9 if f else 0.0


def knowledge_version() -> str:
    """Changes whenever something that shapes index terms changes: the word files and the
    versions of the packages that supply lemmas, word frequencies and stems."""
    h = hashlib.sha256()
    for path in (STOPWORDS_FILE, COMPOUND_FILE):
        h.update(path.read_bytes())
    for package in ("wordfreq", "spacy-lookups-data", "PyStemmer"):
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=?".encode())
    return h.hexdigest()[:16]
