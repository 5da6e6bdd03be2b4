"""Scanned pages made here: Dutch plan text drawn into an image with Pillow (a heading in a
large bold font, paragraphs in a normal one) and put into a PDF without a text layer.
For kb/parse/ocr.py's tests and benchmarks/ocr_speed.py."""

from __future__ import annotations

import io
import re

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4 = (2480, 3508)  # pixels at 300 DPI
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf")

# (heading, paragraphs) per page: what a police unit's plan says
PAGES = [
    ("Veiligheidsplan Eenheid Oost 2023", [
        "De politie-eenheid zet in de komende jaren in op de aanpak van ondermijning. Samen met gemeenten "
        "en het Openbaar Ministerie versterken wij de informatiepositie in de wijken en verstoren wij "
        "criminele netwerken die legale bedrijven misbruiken.",
        "Cybercrime vraagt om nieuwe kennis. Daarom investeren wij in de opleiding van digitale "
        "rechercheurs en in samenwerking met bedrijven. In 2024 willen wij de aangiftebereidheid bij "
        "online fraude met tien procent verhogen.",
    ]),
    ("Inzetbaarheid en vakmanschap", [
        "Het ziekteverzuim van de medewerkers daalt naar ten hoogste vijf procent. Leidinggevenden voeren "
        "jaarlijks een gesprek over werkdruk, gezondheid en ontwikkeling met iedere collega.",
        "Wij bereiken meldingen met de hoogste urgentie in ten minste tachtig procent van de gevallen "
        "binnen vijftien minuten. De meldkamer en de basisteams verbeteren samen de planning van de "
        "noodhulp in de nachtelijke uren.",
    ]),
    ("Jeugd en veilige wijken", [
        "Wijkagenten kennen de jongeren die overlast veroorzaken en bespreken hen wekelijks met de "
        "gemeente en het jongerenwerk. Waar nodig volgt een persoonsgerichte aanpak met zorgpartners.",
        "Voor verkeersveiligheid richten wij de handhaving op plaatsen waar de meeste ongevallen "
        "gebeuren, zoals schoolroutes en drukke kruispunten in de binnenstad.",
    ]),
]


def font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    """DejaVu Sans (fonts-dejavu-core, which Tesseract's fontconfig brings), else Liberation
    Sans, else the font Pillow ships."""
    for pattern in FONTS:
        name = pattern.format(("-Bold" if bold else "") if "DejaVu" in pattern else ("Bold" if bold else "Regular"))
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def page_image(heading: str, paragraphs: list[str], body_px: int = 50, heading_px: int = 100) -> Image.Image:
    """An A4 page at 300 DPI (12 pt body text, 24 pt heading), grayscale."""
    img = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(img)
    left, width = 250, A4[0] - 500
    y = 300
    draw.text((left, y), heading, font=font(heading_px, bold=True), fill=0)
    y += int(heading_px * 2.2)
    body = font(body_px)
    for para in paragraphs:
        line = ""
        for word in para.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=body) > width:
                draw.text((left, y), line, font=body, fill=0)
                y += int(body_px * 1.5)
                line = word
            else:
                line = candidate
        draw.text((left, y), line, font=body, fill=0)
        y += int(body_px * 1.5) + int(body_px * 1.2)  # a blank line between paragraphs
    return img


def scan_like(img: Image.Image, seed: int = 1) -> Image.Image:
    """What a copier makes of a page: turned a little, blurred, specks of noise (and the
    PDF stores it as a JPEG)."""
    import numpy as np
    from PIL import ImageFilter

    img = img.rotate(0.8, resample=Image.Resampling.BILINEAR, fillcolor=255).filter(ImageFilter.GaussianBlur(1.2))
    pixels = np.asarray(img, dtype=np.int16) + np.random.default_rng(seed).normal(0, 18, (img.height, img.width))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")


def scanned_pdf(pages: list[tuple[str, list[str]]] | None = None, degraded: bool = False) -> bytes:
    """A PDF of page images only: no text layer; `degraded`: as a copier scans (scan_like)."""
    images = [page_image(h, ps) for h, ps in (pages or PAGES[:1])]
    if degraded:
        images = [scan_like(img, seed=i) for i, img in enumerate(images)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return buf.getvalue()


def mixed_pdf() -> bytes:
    """Page 1 a scan (PAGES[0] as an image), page 2 ordinary text (PAGES[1])."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    png = io.BytesIO()
    page_image(*PAGES[0]).save(png, "PNG")
    png.seek(0)
    pdf.image(png, x=0, y=0, w=210, h=297)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, PAGES[1][0])
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for para in PAGES[1][1]:
        pdf.multi_cell(0, 6, para)
        pdf.ln(4)
    return bytes(pdf.output())


def words(text: str) -> list[str]:
    """Lower-case words, punctuation off: what recovery is counted in."""
    return re.findall(r"[a-zà-ÿ0-9]+(?:-[a-zà-ÿ0-9]+)*", text.lower())


def recovered(expected: str, got: str) -> float:
    """Share of the expected words (with their multiplicity) found in `got`."""
    from collections import Counter

    want, have = Counter(words(expected)), Counter(words(got))
    return sum(min(n, have[w]) for w, n in want.items()) / max(1, sum(want.values()))
