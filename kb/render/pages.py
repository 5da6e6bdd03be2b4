"""Source pages: a page of a source PDF as an image, and where a section's text lies on it,
so an auditor can cite the page itself.

`SourcePages(folder)` keeps what it made in the data folder (`<data>/pages/`): per source
file (its sha256, as the catalog has it) and page, the page drawn at the server's scale
(`p<n>-x<scale>.png`) and its words with their boxes (`p<n>.json`). It is derived state:
both are made from the source file, on first use, once: a thread waits for a page another
thread is making (a lock per page), a worker process for one another worker is making (a
lock file per page), and a file is written beside its place and renamed into it, so a reader
never sees half a file. Pdfium is not thread-safe, so every call into it holds one lock per
process: at most one page is drawn at a time per worker.

`boxes(words, text)` finds a section's text among the page's words: the place where most of
the section's words line up (a paragraph repeated but for one word is told apart by that
word; hyphenated line ends, footnote marks and other small differences are allowed), merged
into one box per line, in fractions of the page. The web app draws them as an SVG overlay.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import threading
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from kb.errors import KbError
from kb.text import fold

SCALE = 2.0  # 144 dpi: small print readable on a screen; fixed by the server, never by a request
MAX_PIXELS = 8_000_000  # a larger page (a poster, a map) is drawn smaller
LOCKS = 64  # per-page thread locks, striped: bounded however many pages are asked for
_PDFIUM = threading.Lock()  # pdfium is one library per process and not thread-safe: one call at a time
WORD = re.compile(r"\w+")
# a line-end hyphen: pdfium's own mark for one (\x02), or a hyphen and the line break
HYPHENATED = re.compile(r"\x02|[-\u00ad\u2010\u2011]\s*[\r\n]+\s*|\u00ad")


@dataclass(frozen=True)
class Word:
    text: str  # folded (lower case, no accents)
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page image, top left origin
    tail: tuple[float, float, float, float] | None = None  # a hyphenated word's second half, on the next line or column


@dataclass(frozen=True)
class Page:
    """One rendered page of one source file."""

    image: Path
    number: int  # 1-based
    width: int  # pixels of the image
    height: int
    words: list[Word]


def is_pdf(document: dict) -> bool:
    return str(document.get("path") or "").lower().endswith(".pdf")


def source_of(documents_dir: Path, document: dict) -> Path:
    """The document's source file in the documents folder; KbError 404 when it is not a PDF
    or not there (any more)."""
    if not is_pdf(document):
        raise KbError(f"'{document['title']}' is geen PDF: er is geen bronpagina om te tonen.", status=404)
    root = Path(documents_dir).resolve()
    path = (root / document["path"]).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise KbError(f"Het bronbestand {document['path']} staat niet (meer) in de documentenmap; "
                      "lees de documenten opnieuw in (Beheer of `kb ingest`).", status=404)
    return path


class SourcePages:
    """The rendered pages of the source PDFs, kept in `folder` (see above). `rendered`
    counts the pages this object drew (a page drawn once is never drawn again)."""

    def __init__(self, folder: Path, scale: float = SCALE):
        self.folder = Path(folder)
        self.scale = scale
        self.rendered = 0
        self._locks = [threading.Lock() for _ in range(LOCKS)]

    def __repr__(self) -> str:
        return f"SourcePages({str(self.folder)!r})"

    def files(self, content_hash: str, number: int) -> tuple[Path, Path]:
        """Where page `number` of the file with this sha256 is kept: its image and its words."""
        if not re.fullmatch(r"[0-9a-f]{16,128}", content_hash or ""):
            raise KbError("Van dit document is geen controlegetal bekend; lees het opnieuw in.", status=409)
        here = self.folder / content_hash[:2] / content_hash
        return here / f"p{number}-x{round(self.scale * 100)}.png", here / f"p{number}.json"

    def page(self, source: Path, content_hash: str, number: int) -> Page:
        """Page `number` (1-based) of `source`, drawn on first use and then read from the folder."""
        image, words = self.files(content_hash, number)
        found = self._read(image, words, number)
        if found is not None:
            return found
        with self._locks[hash((content_hash, number)) % LOCKS]:  # one thread per page
            found = self._read(image, words, number)
            if found is not None:
                return found
            image.parent.mkdir(parents=True, exist_ok=True)
            lock_path = image.parent / f".p{number}.lock"
            with open(lock_path, "a+") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # one worker process per page
                try:
                    found = self._read(image, words, number)
                    if found is None:
                        found = self._render(source, content_hash, number, image, words)
                except KbError:
                    # no such page, or none to draw: leave no lock file behind (page numbers
                    # anyone asks for must not fill the folder); a waiting worker fails alike
                    lock_path.unlink(missing_ok=True)
                    raise
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        return found

    def image(self, source: Path, content_hash: str, number: int) -> Path:
        """The PNG of page `number`, drawn on first use (its words are not read: an image
        request needs none)."""
        image, words = self.files(content_hash, number)
        if image.exists() and words.exists():
            return image
        return self.page(source, content_hash, number).image

    def prune(self, keep: set[str]) -> int:
        """Remove the pages of files that are no longer sources (their hash is not in `keep`,
        the content hashes of the catalog's documents): the folder holds the pages of the
        current files only. How many files' pages went."""
        gone = 0
        for folder in self.folder.glob("??/*"):
            if folder.is_dir() and folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
                gone += 1
        return gone

    def _read(self, image: Path, words: Path, number: int) -> Page | None:
        try:
            data = json.loads(words.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        if not image.exists():
            return None
        return Page(image, number, data["width"], data["height"], [Word(t, tuple(b), tuple(r[0]) if r else None)
                                                                            for t, b, *r in data["words"]])

    def _render(self, source: Path, content_hash: str, number: int, image: Path, words: Path) -> Page:
        import pypdfium2 as pdfium

        try:
            data = source.read_bytes()
        except OSError as exc:
            raise KbError(f"Het bronbestand {source.name} is niet te lezen ({exc.strerror}).", status=404) from None
        if hashlib.sha256(data).hexdigest() != content_hash:
            raise KbError(f"Het bronbestand {source.name} is veranderd sinds het werd ingelezen; lees het opnieuw "
                          "in (Beheer of `kb ingest`), dan kloppen de pagina's weer met de secties.", status=409)
        with _PDFIUM:
            try:
                pdf = pdfium.PdfDocument(data)
            except Exception as exc:  # damaged, encrypted: pdfium says which
                raise KbError(f"De PDF {source.name} kan niet als afbeelding getoond worden: {exc}.", status=422) from None
            try:
                if not 1 <= number <= len(pdf):
                    raise KbError(f"{source.name} heeft geen pagina {number} (wel 1 tot en met {len(pdf)}).", status=404)
                pg = pdf[number - 1]
                try:
                    w, h = pg.get_size()
                    scale = min(self.scale, math.sqrt(MAX_PIXELS / max(w * h, 1.0)))
                    picture = pg.render(scale=scale).to_pil()
                    found = _words(pg)
                finally:
                    pg.close()
            except KbError:
                raise
            except Exception as exc:
                raise KbError(f"Pagina {number} van {source.name} kan niet getoond worden: {exc}.", status=422) from None
            finally:
                pdf.close()
            self.rendered += 1  # under the lock: threads drawing other pages count too
        from PIL import Image

        # 256 colours: a quarter of the bytes of a full-colour page (a phone loads it), text as sharp
        small = picture.quantize(256, method=Image.Quantize.FASTOCTREE)
        found = [Word(wd.text, _rounded(wd.box), _rounded(wd.tail) if wd.tail else None)
                 for wd in found]  # as kept: the same on every read
        record = {"width": picture.width, "height": picture.height,
                  "words": [[wd.text, wd.box, wd.tail] if wd.tail else [wd.text, wd.box] for wd in found]}
        try:
            _write(image, lambda fh: small.save(fh, format="PNG"))
            _write(words, lambda fh: fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8")))
        except OSError as exc:  # a full disk, a read-only folder
            raise KbError(f"De pagina kon niet worden bewaard in de map pages/ van de datamap ({exc.strerror}).",
                          status=503) from None
        return Page(image, number, picture.width, picture.height, found)


def _rounded(box: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(round(v, 5) for v in box)


def _write(path: Path, fill) -> None:
    """Write beside `path` and rename into place: a reader sees the whole file or none."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        with open(tmp, "wb") as fh:
            fill(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _words(page) -> list[Word]:
    """The page's words in pdfium's order (the content's), each with the box of its letters,
    in fractions of the drawn page (the crop box, turned as the page is turned). A word
    hyphenated at the end of a line is one word, as the parser reads it ("verdachten-" and
    "dossiers" is "verdachtendossiers"), with the box of its second half as `tail`."""
    import pypdfium2.raw as raw

    x0, y0, x1, y1 = page.get_bbox()
    width, height = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    turn = page.get_rotation() % 360
    textpage = page.get_textpage()
    try:
        raw_words: list[tuple[str, list[float], str]] = []  # letters, box, what follows up to the next word
        letters: list[str] = []
        between: list[str] = []
        box: list[float] | None = None
        for i in range(textpage.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
            if not ch.isalnum():
                between.append(ch)
                continue
            if between or not letters:
                if letters:
                    raw_words.append(("".join(letters), box, "".join(between)))
                letters, between, box = [], [], None
            left, bottom, right, top = textpage.get_charbox(i)
            fx0, fx1 = (left - x0) / width, (right - x0) / width
            fy0, fy1 = (y1 - top) / height, (y1 - bottom) / height
            box = [fx0, fy0, fx1, fy1] if box is None else [min(box[0], fx0), min(box[1], fy0),
                                                            max(box[2], fx1), max(box[3], fy1)]
            letters.append(ch)
        if letters:
            raw_words.append(("".join(letters), box, "".join(between)))
    finally:
        textpage.close()
    out: list[Word] = []
    i = 0
    while i < len(raw_words):
        text, box, after = raw_words[i]
        if HYPHENATED.fullmatch(after) and i + 1 < len(raw_words):
            following = raw_words[i + 1]  # the rest of the word, on the next line (or at the top of the next column)
            out.append(Word(fold(text + following[0]), _turned(box, turn), _turned(following[1], turn)))
            i += 2
            continue
        out.append(Word(fold(text), _turned(box, turn)))
        i += 1
    return out


def _turned(box: list[float], turn: int) -> tuple[float, float, float, float]:
    """A box on the unturned page as it lies on the page turned clockwise by `turn` degrees."""
    fx0, fy0, fx1, fy1 = box
    if turn == 90:
        fx0, fy0, fx1, fy1 = 1 - fy1, fx0, 1 - fy0, fx1
    elif turn == 180:
        fx0, fy0, fx1, fy1 = 1 - fx1, 1 - fy1, 1 - fx0, 1 - fy0
    elif turn == 270:
        fx0, fy0, fx1, fy1 = fy0, 1 - fx1, fy1, 1 - fx0
    return (max(0.0, fx0), max(0.0, fy0), min(1.0, fx1), min(1.0, fy1))


def tokens(text: str) -> list[str]:
    return WORD.findall(fold(text))


def boxes(words: list[Word], text: str, part: bool = False, pad: float = 0.002) -> list[tuple[float, float, float, float]]:
    """Where `text` lies among the page's `words`: one box per line (x, y, width, height as
    fractions of the page), empty when it is not on the page.

    Every word the two share votes for where the text would start on the page (a diagonal);
    the few places with most votes are compared word by word (difflib) and the one sharing
    most words wins, so a sentence repeated on the page is told apart by the words that
    differ. The words from the first to the last run of two or more shared words count,
    including those between (a footnote mark, a word the parser wrote otherwise). A text
    needs a quarter of its words on the page; with `part` (a section split over a page
    break) three will do, so its few lines on one of its pages are found too."""
    wanted = tokens(text)
    if not wanted or not words:
        return []
    found = [w.text for w in words]
    at: dict[str, list[int]] = {}
    for k, t in enumerate(wanted):
        at.setdefault(t, []).append(k)
    votes: dict[int, int] = {}
    for p, t in enumerate(found):
        for k in at.get(t, ()):
            votes[p - k] = votes.get(p - k, 0) + 1
    slack = 4 + len(wanted) // 10
    tried: list[int] = []
    best: tuple[int, int, list] | None = None  # shared words, start of the window, runs
    for start in sorted(votes, key=lambda d: (-votes[d], d)):
        if len(tried) == 6:
            break
        if any(abs(start - t) <= slack for t in tried):
            continue
        tried.append(start)
        lo, hi = max(0, start - slack), min(len(found), start + len(wanted) + slack)
        runs = [b for b in SequenceMatcher(None, found[lo:hi], wanted, autojunk=False).get_matching_blocks()
                if b.size >= 2 or (b.size and len(wanted) <= 2)]
        shared = sum(b.size for b in runs)
        if best is None or shared > best[0]:
            best = (shared, lo, runs)
    if best is None:
        return []
    shared, lo, runs = best
    if shared < min(len(wanted), 3 if part else max(3, len(wanted) // 4)):  # a short heading whole
        return []
    first, last = runs[0], runs[-1]
    chosen = words[lo + first.a: lo + last.a + last.size]
    return _lines([b for w in chosen for b in ((w.box, w.tail) if w.tail else (w.box,))], pad)


def _lines(word_boxes: list[tuple[float, float, float, float]], pad: float) -> list[tuple[float, float, float, float]]:
    """Consecutive word boxes on one line merged into one box (a new line: the next word
    starts left of the previous one or does not overlap it in height)."""
    merged: list[list[float]] = []
    for x0, y0, x1, y1 in word_boxes:
        if merged:
            m = merged[-1]
            overlap = min(m[3], y1) - max(m[1], y0)
            if x0 >= m[0] and overlap > 0.5 * min(m[3] - m[1], y1 - y0):
                m[:] = [m[0], min(m[1], y0), max(m[2], x1), max(m[3], y1)]
                continue
        merged.append([x0, y0, x1, y1])
    return [(max(0.0, x0 - pad), max(0.0, y0 - pad), min(1.0, x1 + pad) - max(0.0, x0 - pad),
             min(1.0, y1 + pad) - max(0.0, y0 - pad)) for x0, y0, x1, y1 in merged]
