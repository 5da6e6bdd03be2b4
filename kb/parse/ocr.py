"""PDF pages without a text layer (scans), read with Tesseract and its Dutch model.

kb.parse.pdf hands over the pages where it found no text (`parse_with_ocr`); they are
rendered one at a time with pypdfium2 (which pdfplumber brings) at 300 DPI in grayscale,
straight into a PGM image in memory, and that buffer goes to `tesseract` on stdin: the page
image exists once, never on disk. Tesseract's TSV output gives every word with its box and
its confidence; words become lines (Tesseract's own block/paragraph/line numbers), lines
become the same blocks the PDF parser makes: paragraphs and bullets, headings where a line
is clearly taller than the body text, each with its page and the mean confidence of its
words (`Block.ocr_confidence`). The text pages of a mixed PDF go through kb.parse.pdf as
ever; both are merged in page order and get one outline.

Why the `tesseract` binary with TSV output, and not ocrmypdf or pytesseract:
* ocrmypdf writes a new PDF with an invisible text layer, which we would then parse again:
  it rasterises every page itself (Ghostscript, temporary image files: each page stored a
  second time), brings qpdf, Ghostscript and a dozen Python packages, and what we need most
  (word heights for headings, word confidences) is lost in the text layer;
* pytesseract is a thin wrapper around the same binary that writes each image to a
  temporary file first and parses the same TSV; it would add a dependency and a second copy
  of the page for ten lines of parsing;
* the binary called directly reads the page from stdin and writes TSV to stdout, and
  `subprocess`'s timeout is the time guard: a page that takes longer than KB_OCR_PAGE_SECONDS
  is killed and skipped with a warning. Tesseract runs single-threaded (OMP_THREAD_LIMIT=1),
  so its CPU time is at most its wall time, and it is faster so on small machines.

Bounds: KB_OCR_MAX_PAGES pages per document (the rest skipped with a warning), pages larger
than A3 rendered at a lower resolution (MAX_PIXELS), blank pages not sent to Tesseract.
Progress: `reporting(callback)` around an ingest calls `callback(done, total)` after each
page OCR'd (the ingest command line prints it).
"""

from __future__ import annotations

import csv
import ctypes
import math
import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kb.errors import ParseError
from kb.limits import setting_int
from kb.model import Block, ParsedDocument
from kb.parse.cleanup import BARE_NUMBER, continues, ends_sentence, join_lines
from kb.parse.lists import PDF_BULLET, PDF_NUMBERED
from kb.parse.outline import build_outline
from kb.text import normalize_space

DPI = 300
LANGUAGE = "nld"
MAX_PIXELS = 40_000_000  # A3 at 300 DPI is 35 million; larger pages get a lower DPI
HEADING_RATIO = 1.3  # a line this much taller than the body text is a heading
MIN_LINE_CONFIDENCE = 30  # below: noise read from a photo or a stain, dropped
MARGIN = 0.08  # share of the page height where page numbers and running headers live
RUNNING_LIKE = 0.85  # two margin lines this alike (their letters) are one running header read twice
INSTALL = "installeer tesseract-ocr en tesseract-ocr-nld: sudo apt-get install tesseract-ocr tesseract-ocr-nld"

_progress: ContextVar[Callable[[int, int], None] | None] = ContextVar("ocr_progress", default=None)


@contextmanager
def reporting(callback: Callable[[int, int], None]) -> Iterator[None]:
    """Within this block, every page OCR'd calls `callback(done, total)` (total: the pages
    of that document to be OCR'd)."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


_ready: set[str] = set()  # tesseract binaries found with the Dutch model: a machine fact, asked per scanned PDF


def unavailable() -> str | None:
    """Why OCR cannot be done here (with how to install it), or None when it can. A binary
    that had the Dutch model is not asked again (`tesseract --list-langs` is a process per
    call); one that lacked it is, so an install is seen without a restart."""
    binary = shutil.which("tesseract")
    if binary is None:
        return f"Tesseract ontbreekt; {INSTALL}"
    if binary in _ready:
        return None
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract start niet ({type(exc).__name__}); {INSTALL}"
    if LANGUAGE not in out.stdout.split():
        return f"het Nederlandse model van Tesseract ontbreekt; {INSTALL}"
    _ready.add(binary)
    return None


# How much of the font size a word's ink spans, by the letters in it: an x-height word ("een")
# about half, one with an ascender or a capital ("Voorwoord", "In") or with a descender
# ("gaan") three quarters, one with both ("Woninginbraak") all of it (DejaVu and Liberation Sans)
_ASCENDERS = re.compile(r"[A-ZÀ-Þ0-9bdfhiklt'\"()\[\]/!?àáâäèéêëìíîïòóôöùúûü]")
_DESCENDERS = re.compile(r"[gjpqyç,;()\[\]]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SPAN = {(False, False): 0.535, (True, False): 0.745, (False, True): 0.76, (True, True): 0.97}


def _em(word: "_Word") -> float:
    """A word's font size in pixels, from its height and the letters in it."""
    return word.height / _SPAN[bool(_ASCENDERS.search(word.text)), bool(_DESCENDERS.search(word.text))]


# letters Dutch never writes that Tesseract's Dutch model reads for an "i" ("meì", "julì", "ìn")
_NOT_DUTCH = str.maketrans("ìÌ", "iI")


@dataclass
class _Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int


@dataclass
class _Line:
    words: list[_Word]
    page: int
    para: tuple[int, int]  # Tesseract's (block, paragraph)
    points: float  # pt per pixel
    margin: bool = False  # in the top or bottom MARGIN of its page, where running headers live
    size: float = field(init=False)  # height in pt: its tallest word's, ascender to descender
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = normalize_space(" ".join(w.text for w in self.words))
        # the words' own boxes, not the line's: on a page scanned askew a long line's box is
        # taller than its letters; each word's height as the font size its letters give
        # (_em), so that "Voorwoord" is as tall as "Woninginbraak" in the same font
        # (a long word counts for its letters: "5," in "5, Cybercrime" hardly)
        sizes = [_em(w) for w in self.words for _ in _LETTER_OR_DIGIT.findall(w.text)]
        self.size = (statistics.median(sizes) if sizes else max(w.height for w in self.words)) * self.points

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.top + w.height for w in self.words)

    @property
    def confidence(self) -> float:
        return statistics.fmean(w.conf for w in self.words)


@dataclass
class PageResult:
    page: int
    lines: list[_Line]


def _render(pdf, index: int) -> tuple[bytearray, int, float] | None:
    """Page `index` (0-based) as a PGM image in one buffer (header, then the pixels pdfium
    draws into it), its height in pixels and the points per pixel; None for a blank page."""
    import numpy as np
    import pypdfium2 as pdfium

    page = pdf[index]
    try:
        width, height = page.get_width(), page.get_height()
        scale = DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = math.sqrt(MAX_PIXELS / (width * height))
        holder: list[tuple[bytearray, int, int]] = []  # (image, length of its header, height)

        def into_pgm(w: int, h: int, format: int, rev_byteorder: bool = False):
            header = b"P5\n%d %d\n255\n" % (w, h)
            image = bytearray(len(header) + w * h)
            image[: len(header)] = header
            holder.append((image, len(header), h))
            pixels = (ctypes.c_ubyte * (w * h)).from_buffer(image, len(header))
            return pdfium.PdfBitmap.new_native(w, h, format, rev_byteorder, buffer=pixels, stride=w)

        bitmap = page.render(scale=scale, grayscale=True, bitmap_maker=into_pgm)
        if bitmap.format != pdfium.raw.FPDFBitmap_Gray:
            raise ValueError("pdfium tekende niet in grijstinten")
        bitmap.close()
        image, header, h = holder[0]
        pixels = np.frombuffer(image, dtype=np.uint8, offset=header)
        ink = np.count_nonzero(pixels < 128)
        del pixels  # the buffer may be handed on only once no view holds it
        if ink < 0.0002 * (len(image) - header):
            return None
        return image, h, 1 / scale
    finally:
        page.close()


def _tesseract(image: bytearray, timeout: float | None) -> list[tuple[tuple[int, int, int], _Word]]:
    """Tesseract's words for one PGM image: ((block, paragraph, line), word) in its reading
    order. Raises subprocess.TimeoutExpired past `timeout` (the process is killed)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "--psm", "3", "tsv"],
                          input=image, capture_output=True, timeout=timeout, env=env)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(message[-1] if message else f"tesseract stopte met status {done.returncode}")
    words = []
    rows = csv.reader(done.stdout.decode("utf-8", "replace").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        if len(row) < 12 or row[0] != "5":
            continue
        try:
            conf = float(row[10])
            block, par, line, left, top, width, height = (int(row[i]) for i in (2, 3, 4, 6, 7, 8, 9))
        except ValueError:
            continue
        text = row[11].strip().translate(_NOT_DUTCH)
        if conf < 0 or not text:
            continue
        words.append(((block, par, line), _Word(text, conf, left, top, width, height)))
    return words


def _lines(words: list[tuple[tuple[int, int, int], _Word]], page: int, page_height: int, points: float) -> list[_Line]:
    by_line: dict[tuple[int, int, int], list[_Word]] = {}
    for key, word in words:
        by_line.setdefault(key, []).append(word)
    lines = []
    for (block, par, _), ws in by_line.items():
        line = _Line(ws, page, (block, par), points)
        if not line.text or line.confidence < MIN_LINE_CONFIDENCE:
            continue
        line.margin = in_margin = line.top < MARGIN * page_height or line.bottom > (1 - MARGIN) * page_height
        if in_margin and (BARE_NUMBER.match(line.text) or line.text.lower().startswith(("pagina ", "page "))
                          and any(c.isdigit() for c in line.text) and len(line.text) < 20):
            continue  # a page number
        lines.append(line)
    return lines


def ocr_pages(data: bytes, pages: list[int], warnings: list[str]) -> list[PageResult]:
    """OCR the given pages (1-based) of a PDF, within the limits of the settings; what was
    skipped and why goes into `warnings`."""
    import pypdfium2 as pdfium

    todo, cap = _capped(pages)
    seconds = setting_int("OCR_PAGE_SECONDS")
    if len(todo) < len(pages):
        skipped = pages[len(todo):]
        warnings.append(f"{_pages(len(skipped))} zonder tekstlaag niet gelezen (vanaf pagina {skipped[0]}): "
                        f"meer dan {cap} per document (KB_OCR_MAX_PAGES)")
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfplumber read it, pdfium does not: no OCR, say so
        warnings.append(f"{_pages(len(todo))} zonder tekstlaag niet gelezen: de PDF is niet te tekenen ({exc})")
        return []
    results = []
    report = _progress.get()
    try:
        for done, page_no in enumerate(todo, 1):
            try:
                rendered = _render(pdf, page_no - 1)
                if rendered is not None:
                    image, height, points = rendered
                    words = _tesseract(image, seconds if seconds > 0 else None)
                    del image, rendered
                    results.append(PageResult(page_no, _lines(words, page_no, height, points)))
            except subprocess.TimeoutExpired:
                warnings.append(f"pagina {page_no} overgeslagen: OCR duurde langer dan {seconds} s (KB_OCR_PAGE_SECONDS)")
            except MemoryError:
                raise
            except Exception as exc:  # a page pdfium cannot draw, an image Tesseract refuses
                warnings.append(f"pagina {page_no} overgeslagen: OCR mislukt ({type(exc).__name__}: {exc})")
            if report:
                report(done, len(todo))
    finally:
        pdf.close()
    return results


def _running(results: list[PageResult]) -> set[int]:
    """id()s of the running headers and footers: margin lines that come back on other pages
    ("12-4-26 11:40 Jaarverslag 2025", "file:///.../verslag.html 2/5"), their digits aside
    and as alike as OCR reads the same line twice (RUNNING_LIKE)."""
    pages = len(results)
    if pages < 2:
        return set()
    margin = [(r.page, ln, re.sub(r"[^a-z#]", "", re.sub(r"\d+", "#", ln.text.lower()))) for r in results
              for ln in r.lines if ln.margin]

    def same_place(a: _Line, b: _Line) -> bool:  # in the same font, where a scanner may shift it
        return abs(a.size - b.size) <= 0.35 * max(a.size, b.size) and abs(a.top - b.top) <= 3 * a.size / a.points

    need = max(2, 0.3 * pages)
    drop = set()
    for page, ln, key in margin:
        places = [(p, k) for p, other, k in margin if p != page and same_place(ln, other)]
        alike = {p for p, k in places if k == key}  # read the same: no fuzzy match needed
        if len(alike) + 1 < need:
            alike |= {p for p, k in places if p not in alike and SequenceMatcher(None, k, key).ratio() >= RUNNING_LIKE}
        if len(alike) + 1 >= need:
            drop.add(id(ln))
    return drop


def ocr_blocks(results: list[PageResult]) -> list[Block]:
    """The OCR'd lines of all pages as blocks: headings (lines clearly taller than the
    body text, by their word heights), bullets and paragraphs, each with its mean word
    confidence. Running headers and footers are left out; a paragraph cut off at the end
    of a page goes on with the first of the next (kb.parse.cleanup.continues)."""
    running = _running(results)
    lines = [ln for r in results for ln in r.lines if id(ln) not in running]
    if not lines:
        return []
    weighted = [ln.size for ln in lines for _ in range(len(ln.text))]
    body = statistics.median(weighted)

    def is_heading(ln: _Line) -> bool:
        t = ln.text
        return (ln.size >= HEADING_RATIO * body and len(t) <= 120 and len(t.split()) <= 15
                and any(c.isalpha() for c in t) and not PDF_BULLET.match(t))

    headings = [is_heading(ln) for ln in lines]
    heading_sizes = sorted((ln.size for ln, heading in zip(lines, headings) if heading), reverse=True)
    levels: list[float] = []  # the first (largest) size of each heading level
    for size in heading_sizes:
        if not levels or size < 0.88 * levels[-1]:
            levels.append(size)

    def level(size: float) -> int:
        return max((i + 1 for i, s in enumerate(levels) if size <= s * 1.06), default=1)

    blocks: list[Block] = []
    confidences: list[list[float]] = []
    prev: _Line | None = None
    for ln, heading in zip(lines, headings):
        gap = ln.top - prev.bottom if prev is not None and prev.page == ln.page else None
        line_px = ln.size / ln.points or 1
        m_bullet = None if heading else PDF_BULLET.match(ln.text)
        m_num = None if heading else PDF_NUMBERED.match(ln.text)
        current = blocks[-1] if blocks else None
        if heading:
            if current is not None and current.kind == "heading" and prev is not None and gap is not None \
                    and gap < 0.8 * line_px and abs(prev.size - ln.size) < 0.12 * ln.size:
                current.text = join_lines(current.text, ln.text)  # a heading over two lines
                confidences[-1] += [w.conf for w in ln.words]
            else:
                # "5, Cybercrime": OCR reads a chapter number's full stop as a comma
                text = re.sub(r"^(\d{1,2}(?:\.\d{1,2})*),(?=\s+[^\W\d_])", r"\1.", ln.text)
                blocks.append(Block(kind="heading", text=text, level=level(ln.size), page=ln.page, page_end=ln.page))
                confidences.append([w.conf for w in ln.words])
            prev = ln
            continue
        new = (
            current is None or current.kind == "heading" or m_bullet is not None or m_num is not None
            or prev is None or prev.page != ln.page
            or (gap is not None and gap > 1.0 * line_px)  # a blank line
            # Tesseract's blocks and paragraphs split too often: trusted after a full stop
            or (prev.para != ln.para and ends_sentence(current.text))
            or (gap is not None and gap < 0 and not ln.text[:1].islower())  # the next column
        )
        if new and current is not None and current.kind in ("paragraph", "bullet") and prev is not None \
                and prev.page != ln.page and continues(current.text, ln.text) and not m_bullet and not m_num:
            new = False  # a sentence that runs on onto the next page
        if new:
            if m_bullet:
                blocks.append(Block(kind="bullet", text=m_bullet.group(1), label="•", page=ln.page, page_end=ln.page))
            elif m_num:
                blocks.append(Block(kind="bullet", text=m_num.group(2), label=m_num.group(1), page=ln.page,
                                    page_end=ln.page))
            else:
                blocks.append(Block(kind="paragraph", text=ln.text, page=ln.page, page_end=ln.page))
            confidences.append([w.conf for w in ln.words])
        else:
            current.text = join_lines(current.text, ln.text)
            current.page_end = ln.page
            confidences[-1] += [w.conf for w in ln.words]
        prev = ln
    for b, confs in zip(blocks, confidences):
        b.text = normalize_space(b.text)
        b.ocr_confidence = round(statistics.fmean(confs), 1)
    return [b for b in blocks if b.text]


def _capped(pages: list[int]) -> tuple[list[int], int]:
    """The pages to OCR of these: the first KB_OCR_MAX_PAGES; and that setting."""
    cap = setting_int("OCR_MAX_PAGES")
    return (pages[:cap] if cap > 0 else list(pages)), cap


def _inked(data: bytes, pages: list[int]) -> int:
    """How many of these pages (at most KB_OCR_MAX_PAGES) are not blank."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        return len(pages)
    inked = 0
    try:
        for p in _capped(pages)[0]:
            try:
                inked += _render(pdf, p - 1) is not None
            except Exception:  # a page pdfium cannot draw: say it was not read
                inked += 1
    finally:
        pdf.close()
    return inked


def summary(results: list[PageResult]) -> str | None:
    """The document warning: "3 pagina's via OCR gelezen (gem. zekerheid 91 %)"."""
    read = [r for r in results if r.lines]
    if not read:
        return None
    confs = [w.conf for r in read for ln in r.lines for w in ln.words]
    return f"{_pages(len(read))} via OCR gelezen (gem. zekerheid {round(statistics.fmean(confs))} %)"


def _pages(n: int) -> str:
    return "1 pagina" if n == 1 else f"{n} pagina's"


def parse_with_ocr(data: bytes, scanned: list[int], lines_by_page: dict, heights: dict, page_count: int,
                   warnings: list[str]) -> ParsedDocument | None:
    """kb.parse.pdf's result for a PDF with pages without a text layer (`scanned`, 1-based):
    those pages OCR'd, the others as kb.parse.pdf reads them, in page order. None when OCR
    found nothing there (blank pages) and the PDF has text pages: kb.parse.pdf goes on as
    without scans, with what was skipped and why added to `warnings`. Raises ParseError
    ("no_text") when no page has text of either kind."""
    from kb.parse.pdf import blocks_from_lines

    missing = unavailable()
    results: list[PageResult] = []
    if missing is None:
        results = ocr_pages(data, scanned, warnings)
    elif len(scanned) < page_count and (inked := _inked(data, scanned)):  # blank pages need no OCR
        warnings.append(f"{_pages(inked)} zonder tekstlaag niet gelezen: {missing}; daarna `kb ingest --rebuild`")
    ocr = ocr_blocks(results)
    if not ocr:
        if any(lines_by_page.values()):
            return None
        if missing is not None:
            raise ParseError("no_text", f"geen tekstlaag; voor OCR {INSTALL}")
        raise ParseError("no_text", "geen tekstlaag, en OCR vond geen leesbare tekst" +
                         (f" ({'; '.join(warnings)})" if warnings else ""))

    text = blocks_from_lines(lines_by_page, heights, page_count)  # the text pages, as parse_pdf reads them
    blocks = build_outline(sorted(text + ocr, key=lambda b: b.page or 0))  # a stable sort: in-page order kept
    note = summary(results)
    if note:
        warnings.append(note)
    title = next((b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, title=title, pages=page_count, warnings=list(warnings))
