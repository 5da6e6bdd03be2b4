"""Repairs for text that went through a page layout: hyphenation, print slugs, page numbers.

Shared by the text parser (text extracted from PDFs elsewhere) and the PDF parser, so both
repair the same artefacts the same way.
"""

from __future__ import annotations

import re

from kb.text import MONTHS, fold, normalize_space

# A printer's slug: "21042-06-1 Eenheid Rotterdam Jaarverslag.indd 4-5 03-05-2021 15:41".
PRINT_SLUG = re.compile(r"\.(indd|qxd|qxp|idml)\b", re.IGNORECASE)
SLUG_PAGES = re.compile(r"\.(?:indd|qxd|qxp|idml)\s+(\d{1,4})(?:\s*-\s*(\d{1,4}))?", re.IGNORECASE)
BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
# "4 5Jaarverslag Eenheid Rotterdam 2020": the page numbers of a spread glued to a running footer.
PAGE_FOOTER = re.compile(r"^\s*(\d{1,3})(?:\s+(\d{1,3}))?\s*([A-Za-zÀ-ÿ][^.!?:;]{2,70})$")

# Dutch writes a hyphen where two vowels would otherwise merge into one sound (politie-inzet,
# re-integratie, zee-egel): such a hyphen at a line end is a real one.
_VOWEL_CLASHES = {
    "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu",
}
_HYPHENS = "-\u00ad\u2010\u2011"
_TERMINAL = ".!?:;"

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_DIGIT_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])")
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span)>")


def strip_markup(text: str) -> str:
    """Remove markdown emphasis and stray inline tags that text exports leave behind."""
    if "*" in text:  # called for every line and table cell: most have neither
        text = _BOLD.sub(r"\1", text)
        text = _ITALIC.sub(r"\1", text)
        text = text.replace("**", "")
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    return text


def superscript_to_digits(text: str) -> str:
    return text.translate(_SUPERSCRIPT_TO_DIGIT)


def indent_of(line: str) -> int:
    """How far a line is indented, a tab counting four."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def digits_to_superscript(text: str) -> str:
    """A footnote's number as a mark in the text: "3" -> "³"."""
    return text.translate(_DIGIT_TO_SUPERSCRIPT)


def strip_superscripts(text: str) -> str:
    """Drop footnote markers written as superscript digits ("criminaliteit³")."""
    return re.sub(f"[{SUPERSCRIPT_DIGITS}]+", "", text)


def is_print_slug(line: str) -> bool:
    return bool(PRINT_SLUG.search(line))


def slug_pages(line: str) -> tuple[int, int] | None:
    """The page range a print slug names ("... .indd 4-5 ..." gives (4, 5))."""
    m = SLUG_PAGES.search(line)
    if not m:
        return None
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else first
    # "4-521042-06-1": the slug repeats glued to itself; the second number runs on.
    if last < first or last - first > 2:
        last = first + 1 if m.group(2) and m.group(2).startswith(str(first + 1)) else first
    return first, last


# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = (
    "zgn.", "o.a.", "bijv.", "t.b.v.", "m.b.t.", "c.q.", "jl.", "e.d.", "i.p.v.", "m.n.",
    "t.o.v.", "o.l.v.", "ol.v.", "resp.", "plv.", "ca.", "nr.", "art.", "z.g.", "d.w.z.",
)


# a hyphen that ends a line right after a letter or a digit, before a capital or a digit on the
# next: part of a name or a range ("Ede-Veldhuizen", "2022-2025"), never a word broken in two
_COMPOUND_HYPHEN = re.compile(r"[^\W_][-\u2010\u2011]$")
_COMPOUND_NEXT = re.compile(r"[A-ZÀ-Þ0-9]")
# a paragraph whose last word is one of these goes on after a column or page break
_RUNS_ON = {"de", "het", "een", "van", "en", "of", "in", "op", "met", "voor", "te", "aan", "om", "bij",
            "die", "dat", "door", "tot", "naar", "als", "the", "and", "to", "a", "for"}


def ends_sentence(text: str) -> bool:
    """Does this text end a sentence? Not after "(zgn." or inside an open bracket."""
    t = text.rstrip().rstrip("\"'’”)»")
    if not t or t[-1] not in _TERMINAL:
        return False
    if t[-1] == "." and t.lower().endswith(_ABBREVIATIONS):
        return False
    tail = text[-80:]
    if tail.count("(") > tail.count(")"):
        return False
    return True


def ends_with_hyphen(text: str) -> bool:
    t = text.rstrip()
    return len(t) >= 2 and t[-1] in _HYPHENS and t[-2].isalpha()


def starts_lowercase(text: str) -> bool:
    t = text.lstrip(" \t\"'‘“(")
    return bool(t) and t[0].islower()


_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_PART = re.compile(r"[\w’'()]+")  # a fragment at a line-end hyphen, as join_hyphenated sees it
_TAIL = 64  # characters: where the last word of a long text is looked for first


def _last_run(run: re.Pattern, text: str) -> str:
    """The run of `run`'s characters that ends `text` (what re.search(f"({run})$") finds), found
    from the end: "$" after a greedy run tries every start in the text, quadratic on a long
    line of letters."""
    if text.endswith("\n"):  # "$" also matches before a final newline
        text = text[:-1]
    tail = text[-_TAIL:]
    m = run.match(tail[::-1])
    if m and m.end() == len(tail) < len(text):  # a run longer than the tail
        m = run.match(text[::-1])
    return m.group()[::-1] if m else ""


def last_letters(text: str) -> str:
    """The letters that end `text` ("" when it ends otherwise): "samenwe" of "... samenwe"."""
    return _last_run(_LETTERS, text)


def first_letters(text: str) -> str:
    """The letters that start `text` ("" when it starts otherwise)."""
    m = _LETTERS.match(text)
    return m.group() if m else ""


def join_hyphenated(left: str, right: str) -> str:
    """Join `left` (ending in a line-end hyphen) and `right`, removing the hyphen when it only
    broke a word ("verdachten-" + "dossiers") and keeping it when it is a real one
    ("CTER-" + "team", "e-" + "learning", "politie-" + "inzet", "Noord-" + "Holland").
    """
    left = left.rstrip()
    right = right.lstrip()
    head = left[:-1]
    frag_left = _last_run(_WORD_PART, head)
    m_right = re.match(r"([\w’']+)", right)
    if not frag_left or not m_right:
        return head + "-" + right
    frag_right = m_right.group(1)
    if frag_right.lower() in ("en", "of", "tot", "noch"):
        return head + "- " + right  # "kennis-, expertise- en informatiecentrum"
    keep = (
        not frag_right[0].islower()  # Noord-Holland, anti-EU
        or len(frag_left.strip("()")) == 1  # e-learning, x-as
        or frag_left.isupper()  # CTER-team, RIEC-verband
        or any(c.isdigit() for c in frag_left)  # 2019-2022
        or (frag_left[-1].lower() + frag_right[0].lower()) in _VOWEL_CLASHES
    )
    return head + ("-" if keep else "") + right


def join_lines(left: str, right: str) -> str:
    """Join two pieces of one paragraph that a line or column break separated."""
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    if ends_with_hyphen(left) and starts_lowercase(right):
        return join_hyphenated(left, right)
    if _COMPOUND_HYPHEN.search(left) and _COMPOUND_NEXT.match(right):
        return left + right  # a real hyphen at the line end: "Ede-" + "Veldhuizen", "2022-" + "2025", "KVO-" + "B"
    return left + " " + right


def join_cell_lines(cell: str) -> str:
    """A table cell's text over several lines as one line: a word broken at a line-end
    hyphen joined by the Dutch word list (join_wrapped_word: "buurtpreventie-" over "apps",
    "oktober-" over "maart" is "oktober-maart"), other lines as a paragraph's (join_lines:
    "IJssel-" over "Vallei" is "IJssel-Vallei", not "IJssel- Vallei")."""
    lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
    text = lines[0] if lines else ""
    for line in lines[1:]:
        text = join_wrapped_word(text, line) if ends_with_hyphen(text) else join_lines(text, line)
    return normalize_space(text)


OPENING_QUOTES = "“\"‘'„«"


def continues(previous: str, nxt: str) -> bool:
    """Does a paragraph cut off at a column or page end go on in `nxt`?"""
    if ends_sentence(previous):
        return False
    first = nxt.lstrip().lstrip(OPENING_QUOTES)[:1]  # a quotation opens with a capital: "“Een vat ..."
    if not first:
        return False
    if not first.isupper():  # lower case, a digit, a bracket
        return True
    last_word = previous.rstrip().rsplit(" ", 1)[-1].lower()
    tail = previous[-80:]
    return previous.rstrip().endswith((",", "-")) or last_word in _RUNS_ON or tail.count("(") > tail.count(")")


def join_wrapped_word(left: str, right: str) -> str:
    """`left` (ending in a line-end hyphen) and `right` joined by the Dutch word list: the
    hyphen goes when the joined word is a known word ("veiligheids-" + "overleg"), stays when
    both halves are words of their own that the joined form is not ("politie-" + "eenheid",
    "sociaal-" + "economisch" when unknown joined), and goes when neither rule speaks (a word
    broken anywhere: "Grotend-" + "eels"). The real hyphens `join_hyphenated` knows ("CTER-team",
    "Noord-Holland", "kennis- en") come first.
    """
    left, right = left.rstrip(), right.lstrip()
    head = left[:-1]
    a, b = last_letters(head), first_letters(right)
    if not a or not b or not b[0].islower():
        return join_hyphenated(left, right)
    if b.lower() in ("en", "of", "tot", "noch") or len(a) == 1 or a.isupper():
        return join_hyphenated(left, right)
    if a.lower() in MONTHS and b.lower() in MONTHS:
        return head + "-" + right  # a span of months: "oktober-maart", no compound
    from kb.lang.words import zipf
    from kb.parse.text.site import _known, _word  # the text parser's word tests (imports this module)

    fa, fb, joined = fold(a), fold(b), fold(a + b)
    clash = (a[-1].lower() + b[0].lower()) in _VOWEL_CLASHES
    both_words = _word(fa, zipf(fa)) and _word(fb, zipf(fb))
    if _known(joined) and not (clash and both_words):
        return head + right
    if both_words or clash:
        return head + "-" + right
    return head + right
