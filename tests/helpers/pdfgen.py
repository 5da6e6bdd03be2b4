"""Make real PDFs for the tests and benchmarks with fpdf2: columns, hyphenation, running
headers and footers, ruled tables. Text is laid out here word by word, so the tests know
exactly which paragraphs each page and column hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from fpdf import FPDF

VOWEL_CLASHES = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"}


@dataclass
class Placed:
    """Where a paragraph ended up: for reading-order and page assertions."""

    text: str
    page: int
    column: int
    kind: str = "paragraph"


@dataclass
class Layout:
    columns: int = 2
    page_w: float = 595.0
    page_h: float = 842.0
    margin: float = 56.0
    gutter: float = 24.0
    body_size: float = 10.0
    heading_size: float = 16.0
    leading: float = 13.0
    header: str | None = "Jaarverslag Testeenheid 2021"
    footer: str | None = "Pagina {page}"
    placed: list[Placed] = field(default_factory=list)


def _split_word(pdf: FPDF, word: str, room: float) -> tuple[str, str] | None:
    """Split a long word so that "left-" fits in `room`, never at a vowel clash."""
    best = None
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if not (left.isalpha() and right[0].islower()):
            continue
        if (left[-1] + right[0]).lower() in VOWEL_CLASHES:
            continue
        if pdf.get_string_width(left + "-") <= room:
            best = (left + "-", right)
    return best


class ColumnWriter:
    """Writes paragraphs into columns, page after page, hyphenating at line ends."""

    def __init__(self, layout: Layout | None = None):
        self.l = layout or Layout()
        self.pdf = FPDF(unit="pt", format=(self.l.page_w, self.l.page_h))
        self.pdf.set_auto_page_break(False)
        self.page = 0
        self.col = 0
        self.y = 0.0
        self.top = 0.0
        self.new_page()

    @property
    def col_width(self) -> float:
        l = self.l
        return (l.page_w - 2 * l.margin - (l.columns - 1) * l.gutter) / l.columns

    def col_x(self, col: int) -> float:
        return self.l.margin + col * (self.col_width + self.l.gutter)

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        self.col = 0
        l = self.l
        if l.header:
            self.pdf.set_font("Helvetica", "", 8)
            self.pdf.text(l.margin, 30, l.header)
        if l.footer:
            self.pdf.set_font("Helvetica", "", 8)
            self.pdf.text(l.page_w / 2 - 20, l.page_h - 24, l.footer.format(page=self.page))
        self.top = l.margin + 10
        self.y = self.top

    def next_column(self) -> None:
        if self.col + 1 < self.l.columns:
            self.col += 1
            self.y = self.top
        else:
            self.new_page()

    def heading(self, text: str) -> None:
        """A full-width heading: starts below everything written so far on the page."""
        l = self.l
        if self.y > self.top or self.col > 0:
            self.new_page()
        self.pdf.set_font("Helvetica", "B", l.heading_size)
        self.pdf.text(l.margin, self.y + l.heading_size, text)
        self.l.placed.append(Placed(text, self.page, -1, "heading"))
        self.y += l.heading_size * 2
        self.top = self.y

    def paragraph(self, text: str) -> None:
        l = self.l
        self.pdf.set_font("Helvetica", "", l.body_size)
        words = text.split()
        line = ""
        start = (self.page, self.col)
        first = True
        _ = l
        while words:
            word = words[0]
            candidate = f"{line} {word}".strip()
            if self.pdf.get_string_width(candidate) <= self.col_width:
                line = candidate
                words.pop(0)
                continue
            room = self.col_width - self.pdf.get_string_width(line + " ") if line else self.col_width
            split = _split_word(self.pdf, word, room) if len(word) >= 8 else None
            if split:
                line = f"{line} {split[0]}".strip()
                words[0] = split[1]
            self._emit(line)
            if first:
                start, first = self.last, False
            line = ""
        if line:
            self._emit(line)
            if first:
                start = self.last
        self.l.placed.append(Placed(text, start[0], start[1]))
        self.y += l.leading * 0.9  # paragraph spacing

    def _emit(self, line: str) -> None:
        l = self.l
        if self.y + l.leading > l.page_h - l.margin:
            self.next_column()
            self.pdf.set_font("Helvetica", "", l.body_size)
        self.pdf.text(self.col_x(self.col), self.y + l.body_size, line)
        self.last = (self.page, self.col)
        self.y += l.leading

    def table(self, rows: list[list[str]]) -> None:
        """A ruled full-width table below the current text."""
        if self.col > 0 or self.y > self.l.page_h - 200:
            self.new_page()
        self.pdf.set_font("Helvetica", "", 9)
        self.pdf.set_y(self.y + 10)
        with self.pdf.table(text_align="LEFT", line_height=12) as table:
            for data in rows:
                row = table.row()
                for cell in data:
                    row.cell(cell)
        self.y = self.pdf.get_y() + 10
        self.top = self.y

    def output(self) -> bytes:
        return bytes(self.pdf.output())


DUTCH = [
    "In 2021 leverden we veertig verdachtendossiers aan bij het Openbaar Ministerie, meer dan de "
    "doelstelling. De publiek-private samenwerking met banken en telecombedrijven werd uitgebreid.",
    "De aanpak van ondermijnende criminaliteit verloopt langs de lijnen van structurele samenwerking "
    "met gemeenten en het Regionaal Informatie- en Expertisecentrum. Woninginbraken daalden opnieuw.",
    "Medewerkers volgden e-learning over digitale opsporing. Door de coronamaatregelen konden "
    "fysieke trainingen en oefeningen niet plaatsvinden; deze staan gepland voor het volgende jaar.",
    "De reactietijd voor spoedmeldingen lag boven de afgesproken norm. Wel zijn er binnen de eenheid "
    "verschillen per gemeente en per basisteam, die we in het komende jaar nader onderzoeken.",
    "Het ziekteverzuim daalde tot vijf procent. Een verdiepende analyse gaf geen eenduidige oorzaak "
    "aan voor dit resultaat; de begeleiding van langdurig zieke collega's is verder verbeterd.",
    "In samenwerking met de veiligheidsalliantie organiseerden we cybersecurityconferenties en "
    "campagnes gericht op jongeren en senioren, over de risico's van phishing en hulpvraagfraude.",
]


def dutch_report(pages: int = 2, columns: int = 2, with_table: bool = True) -> tuple[bytes, list[Placed]]:
    """A report of about `pages` pages: a heading per chapter, paragraphs in columns, a table."""
    layout = Layout(columns=columns)
    w = ColumnWriter(layout)
    chapter = 0
    n = 0
    while w.page <= pages:
        chapter += 1
        w.heading(f"Hoofdstuk {chapter} Resultaten")
        for _ in range(10 * columns):
            text = DUTCH[n % len(DUTCH)]
            w.paragraph(f"{text} (alinea {n + 1})")
            n += 1
            if w.page > pages:
                break
        if with_table and chapter == 1 and w.page <= pages:
            w.table([["Indicator", "2020", "2021"], ["Woninginbraken", "3.209", "2.950"], ["Reactietijd spoed", "83,3%", "84,1%"]])
    data = w.output()
    return data, layout.placed


def image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="eigenaar", user_password="geheim")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Vertrouwelijk")
    return bytes(pdf.output())


def raw_pdf(contents: list[bytes], form: bytes | None = None) -> bytes:
    """A hand-written PDF of one page per content stream (Flate-compressed), Helvetica as F1;
    with `form`, a Form XObject /X1 (also compressed) the pages may draw with `/X1 Do`."""
    import zlib

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        packed = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"

    catalog = add(b"")  # filled in below
    pages = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    xobject = b""
    if form is not None:
        x = add(stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> " % font))
        xobject = b" /XObject << /X1 %d 0 R >>" % x
    kids = []
    for content in contents:
        c = add(stream(content))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >>%s >> >>" % (pages, c, font, xobject)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def glyph_bomb_pdf(glyphs: int, per_show: int = 1000) -> bytes:
    """One page that draws `glyphs` glyphs (tiny, all over each other) from a few kB of PDF:
    a form of `per_show` glyphs drawn again and again."""
    form = b"BT /F1 1 Tf 10 10 Td (" + b"x" * per_show + b") Tj ET"
    page = b"/X1 Do\n" * max(1, glyphs // per_show) + b"BT /F1 12 Tf 56 780 Td (Jaarverslag 2021) Tj ET\n"
    return raw_pdf([page], form=form)


def inflating_pdf(megabytes: int) -> bytes:
    """One page whose content stream is a few words and then `megabytes` MB of spaces:
    kB on disk, far more once inflated."""
    content = b"BT /F1 12 Tf 56 780 Td (Jaarverslag 2021) Tj ET\n" + b" " * (megabytes * 1024 * 1024)
    return raw_pdf([content])


def dense_pdf(pages: int, glyphs_per_page: int) -> bytes:
    """`pages` pages of `glyphs_per_page` readable glyphs each (lines of words)."""
    line = b"(" + b"politie werkt samen " * 4 + b") Tj T* "
    per_line = len(line) - 8
    body = line * max(1, glyphs_per_page // per_line)
    return raw_pdf([b"BT /F1 6 Tf 8 TL 20 740 Td " + body + b" ET"] * pages)
