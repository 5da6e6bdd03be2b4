"""The closing table of issue 15: every test document of the "any document" work, built the
way the tests build it, ingested for real into one temporary data folder, and per document
its format, pages, sections by kind, ambitions (for renderings of the bundled plan: how
many of the bundled text's 136 keep key and text), the OCR confidence where OCR read it,
and the defects this script detects by itself in its sections:

- furn:    site furniture or a page marker (kb.parse.text.site's patterns, kb.parse.html's
           furniture texts, and the furniture lines the test renderings put in);
- toc:     a table-of-contents line (dot leaders and a page number; a line of the
           rendering's own contents; a short heading or paragraph that reads as a contents
           entry "2 Opdrachten voor de eenheid 15");
- long-h:  a heading over 200 characters;
- fig:     a section of figures only ("1.529");
- huge:    a section over 20,000 characters;
- letter:  a section of a single letter or digit;
- hdr-row: a table's header row come through as a row of its own (no column names);
- warn:    warnings of the ingest for the file.

    python benchmarks/any_document.py [--keep DIR]

The detectors are checked first on one made-up section of each kind (and a clean paragraph
that none may flag): a defect column that cannot find anything says nothing. Documents from
../shared (the two real PDFs, the odd PDFs) are left out with a message when it is absent.
OCR is slow: one scanned page.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import render_html, render_pdf, render_text, scans  # noqa: E402
from helpers.other_plans import plan_file  # noqa: E402
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, WILD  # noqa: E402
from helpers.plan_compare import ambitions_of, compare, norm  # noqa: E402

from kb.library import Library  # noqa: E402
from kb.model import Section  # noqa: E402
from kb.parse.html import furniture as html_furniture  # noqa: E402
from kb.parse.text import site  # noqa: E402
from kb.text import is_year  # noqa: E402

REALDOCS = ROOT.parent / "shared" / "realdocs-pdf"
PLAN_META = dict(kind="plan", unit="Eenheid Rotterdam", period=[2019, 2022], date="2018-11-12")
OTHER_UNITS = {"ivp": ("Gemeente Lindewaard", [2023, 2026]), "prioriteiten": ("Politie-eenheid Zuidrand", [2023, 2026]),
               "speerpunten": ("Basisteam Waterland", [2024, 2027])}

# ---------------------------------------------------------------- detectors

TEXT_FURNITURE = {norm(f) for f in render_text.FURNITURE}  # what the deelsite rendering put in
HTML_FURNITURE = {norm(f) for f in render_html.FURNITURE}  # what the web page rendering put in
DOT_LEADER = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,})\s*\d{1,3}$")
FIGURES = re.compile(r"[\d.,%‰€\s|:;+\-–()/]+")


@dataclass
class Context:
    """What a detector knows of the document besides its sections."""

    fmt: str = "txt"
    toc: set[str] = field(default_factory=set)  # the rendering's own contents lines, normalised
    toc_pages: set[int] = field(default_factory=set)  # pages of a printed contents


def find_furniture(sections: list[Section], ctx: Context) -> list[Section]:
    """Site furniture and page markers by kb.parse.text.site's patterns; on a web page also
    kb.parse.html's furniture texts; the furniture lines the test rendering of that format
    put in ("Contact" is furniture on a web page, a heading in a PDF)."""
    known = HTML_FURNITURE if ctx.fmt == "html" else TEXT_FURNITURE if ctx.fmt in ("txt", "md") else set()
    hits = []
    for s in sections:
        t = s.text.strip()
        if s.kind == "table_row":
            continue
        n = norm(t)
        if site.is_furniture(t) or site.is_page_marker(t) or (ctx.fmt == "html" and html_furniture().is_text(t)) \
                or n in known or any(n.startswith(f) for f in known if len(f) > 12):
            hits.append(s)
    return hits


def find_toc(sections: list[Section], ctx: Context) -> list[Section]:
    """Contents lines: dot leaders and a page number; a line of the rendering's own contents;
    a section on a printed contents page; a run of three or more headings or paragraphs that
    read as contents entries with page numbers that do not go down (kb.parse.text.site.toc_lines)."""
    hits = {s.id: s for s in sections if s.kind != "table_row" and (
        DOT_LEADER.search(s.text.strip()) or norm(s.text) in ctx.toc or (s.page in ctx.toc_pages))}
    lines = [s for s in sections if s.kind in ("heading", "paragraph", "bullet")]
    for i in site.toc_lines([s.text.strip() for s in lines]):
        hits.setdefault(lines[i].id, lines[i])
    return list(hits.values())


def find_header_rows(sections: list[Section], ctx: Context) -> list[Section]:
    """A table's header came through as a row of its own: a table row of names only, no
    column names, over rows with figures and no column names either."""
    hits = []
    for a, b in zip(sections, sections[1:]):
        if a.kind == b.kind == "table_row" and not a.columns and not b.columns and a.cells and b.cells \
                and not any(re.search(r"\d", c) and not re.search(r"[^\W\d_]", c) and not is_year(c) for c in a.cells) \
                and any(FIGURES.fullmatch(c.strip()) for c in b.cells[1:]) and len(a.cells) == len(b.cells):
            hits.append(a)
    return hits


def _each(test):
    return lambda sections, ctx: [s for s in sections if test(s)]


DETECTORS = {
    "furn": find_furniture,
    "toc": find_toc,
    "long-h": _each(lambda s: s.kind == "heading" and len(s.text) > 200),
    "fig": _each(lambda s: bool(re.search(r"\d", s.text)) and FIGURES.fullmatch(s.text.strip()) is not None),
    "huge": _each(lambda s: len(s.text) > 20_000),
    "letter": _each(lambda s: re.fullmatch(r"\W*\w\W*", s.text.strip()) is not None),
    "hdr-row": find_header_rows,
}


def _fake(text: str, kind: str = "paragraph", n: int = 1, cells: list[str] | None = None, page: int = 3) -> Section:
    return Section(id=f"x/{n}", document_id="x", order=n, kind=kind, text=text, heading_path=[], cells=cells, page=page)


def self_check() -> None:
    """Each detector finds its own made-up defects and nothing in clean sections."""
    bad = {
        "furn": [_fake("Bezig met laden…"), _fake("Copied!", "heading"), _fake("(12)"), _fake("Pagina 14 van 40")],
        "toc": [_fake("Voorwoord ........ 5", n=0)],
        "toc-run": [_fake("Voorwoord 5", "paragraph", 1), _fake("2 Opdrachten voor de eenheid 15", "heading", 2),
                    _fake("Bijlage 2: Eenheidsmonitorset 38", "paragraph", 3)],
        "long-h": [_fake("Een kop " * 30, "heading")],
        "fig": [_fake("1.529"), _fake("83,31% | 82%", "table_row")],
        "huge": [_fake("woord " * 4000)],
        "letter": [_fake("a"), _fake("•  B")],
        "hdr-row": [_fake("Indicator | Norm | 2021", "table_row", 1, ["Indicator", "Norm", "2021"]),
                    _fake("Verzuim | 6,8% | 6,1%", "table_row", 2, ["Verzuim", "6,8%", "6,1%"])],
    }
    clean = [_fake("De politie werkt samen met gemeenten aan de veiligheid in de wijken.", n=1),
             _fake("Zes veiligheidsthema's voor 2022", "heading", 2), _fake("Bijlage 2", "heading", 3),
             _fake("Totaal basisteams | 2019: 479,4 | 2020: 475,4", "table_row", 4, ["Totaal basisteams", "479,4", "475,4"]),
             _fake("In 2022 is het ziekteverzuim gedaald tot 5,9 %.", n=5), _fake("Contact", "heading", 6)]
    for name, detect in DETECTORS.items():
        own = bad[name] + (bad["toc-run"] if name == "toc" else [])
        if name in ("hdr-row",):
            assert detect(own, Context()) == own[:1], f"zelfcontrole: {name}"
        elif name == "toc":
            assert len(detect(own, Context())) == len(own), f"zelfcontrole: {name} {detect(own, Context())}"
            assert detect([_fake("Inhoud", page=2)], Context(toc_pages={2})), "zelfcontrole: toc per pagina"
        else:
            for s in own:
                assert detect([s], Context()), f"zelfcontrole: {name} ziet {s.text[:40]!r} niet"
        assert not detect(clean, Context(fmt="pdf")), f"zelfcontrole: {name} ziet ten onrechte {detect(clean, Context(fmt='pdf'))}"
    assert find_furniture([_fake("Contact", "heading")], Context(fmt="html")), "zelfcontrole: furn op een webpagina"
    print(f"zelfcontrole: {len(DETECTORS)} detectoren vinden elk hun eigen gemaakte defect, geen vindt iets in "
          f"{len(clean)} schone secties")


# ---------------------------------------------------------------- the documents


@dataclass
class TestDoc:
    stem: str
    fmt: str
    what: str
    ctx: Context = field(default_factory=Context)
    rendering: bool = False  # a rendering of the bundled plan

    def __post_init__(self):
        self.ctx.fmt = self.fmt


def _meta(path: Path, **fields) -> None:
    lines = [f"{k} = {v}" if k == "date" else f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    path.with_name(path.stem + ".meta.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(docs: Path) -> list[TestDoc]:
    """Write every test document, with its metadata, into `docs`."""
    out: list[TestDoc] = []
    for name in (PLAN_ID, REPORT_ID):
        for f in DOCUMENTS.glob(f"{name}.*"):
            shutil.copy(f, docs / f.name)
        out.append(TestDoc(name, "txt", "gebundeld"))

    blocks = render_text.plan_blocks()
    for columns in (1, 2):
        stem = f"plan-pdf-{columns}-kolom"
        data, placed = render_pdf.render_plan(columns=columns)
        (docs / f"{stem}.pdf").write_bytes(data)
        _meta(docs / f"{stem}.pdf", title=f"Plan als PDF ({columns} kolom)", **PLAN_META)
        out.append(TestDoc(stem, "pdf", f"plan gedrukt, {columns} kolom",
                           Context(toc_pages={p.page for p in placed if p.kind == "toc"}), rendering=True))
    stem = "plan-webpagina"
    (docs / f"{stem}.html").write_text(render_html.render_plan(), encoding="utf-8")
    _meta(docs / f"{stem}.html", title="Plan als webpagina", **PLAN_META)
    toc = {norm(f"{no} {title} {page}".strip()) for no, title, page in render_html.printed_toc()}
    out.append(TestDoc(stem, "html", "plan als webpagina", Context(toc=toc), rendering=True))
    stem = "plan-markdown"
    (docs / f"{stem}.md").write_text(render_text.markdown(blocks), encoding="utf-8")
    _meta(docs / f"{stem}.md", title="Plan als Markdown", **PLAN_META)
    out.append(TestDoc(stem, "md", "plan als Markdown", rendering=True))
    stem = "plan-deelsite"
    text = render_text.shared_site(blocks)
    (docs / f"{stem}.txt").write_text(text, encoding="utf-8")
    _meta(docs / f"{stem}.txt", title="Plan van een deelsite", **PLAN_META)
    out.append(TestDoc(stem, "txt", "plan van een deelsite", Context(toc={norm(t) for t in render_text.toc_lines(text)}),
                       rendering=True))

    for name, (unit, period) in OTHER_UNITS.items():
        fname, data = plan_file(name)
        (docs / fname).write_bytes(data)
        _meta(docs / fname, title=f"Plan {unit}", kind="plan", unit=unit, period=period)
        out.append(TestDoc(Path(fname).stem, Path(fname).suffix[1:], f"ander plan ({name})"))

    import test_report_tables as rt

    for fmt, data in (("html", rt.report_html().encode("utf-8")), ("pdf", rt.report_pdf())):
        stem = f"verslag-tabel-2021-{fmt}"
        (docs / f"{stem}.{fmt}").write_bytes(data)
        _meta(docs / f"{stem}.{fmt}", title=f"Jaarverslag 2021 ({fmt})", kind="jaarverslag", unit="Eenheid Rotterdam",
              year=2021)
        out.append(TestDoc(stem, fmt, "verslag met resultatentabel"))

    stem = "scan-een-pagina"
    (docs / f"{stem}.pdf").write_bytes(scans.scanned_pdf())
    _meta(docs / f"{stem}.pdf", title="Veiligheidsplan Eenheid Oost 2023 (scan)", kind="plan", unit="Eenheid Oost",
          period=[2023, 2023])
    out.append(TestDoc(stem, "pdf", "gescande pagina"))

    if REALDOCS.exists():
        for pdf in sorted(REALDOCS.glob("*.pdf")):
            shutil.copy(pdf, docs / pdf.name)
            shutil.copy(pdf.with_suffix(".meta.toml"), docs / pdf.with_suffix(".meta.toml").name)
            out.append(TestDoc(pdf.stem, "pdf", "echte PDF"))
    else:
        print(f"overgeslagen: {REALDOCS} ontbreekt (de twee echte Nederlandse PDF's)")
    if WILD.exists():
        for pdf in sorted(WILD.glob("*.pdf")):
            shutil.copy(pdf, docs / pdf.name)  # no metadata: guessed, as a user's upload
            out.append(TestDoc(pdf.stem, "pdf", "vreemde PDF"))
    else:
        print(f"overgeslagen: {WILD} ontbreekt (de vreemde PDF's)")
    return out


# ---------------------------------------------------------------- the table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(tests: list[TestDoc], result, seconds: float) -> tuple[list[str], dict[str, list[str]]]:
    by_doc: dict[str, list[Section]] = {}
    for s in result.sections:
        by_doc.setdefault(s.document_id, []).append(s)
    documents = {d.id: d for d in result.documents}
    outcomes = {Path(o.path).stem: o for o in result.outcomes}
    values = Counter(v.document_id for v in result.values)
    bundled = ambitions_of(result, PLAN_ID)
    assert len(bundled) == 136, len(bundled)
    lines = ["| document | format | pages | sections (h/p/b/t) | ambitions | OCR conf. | defects detected |",
             "|---|---|---|---|---|---|---|"]
    examples: dict[str, list[str]] = {}
    for t in tests:
        o = outcomes.get(t.stem)
        doc_id = o.document_id if o and o.document_id else t.stem
        doc = documents.get(doc_id)
        if doc is None:
            why = (o.error if o else "niet gevonden") or "?"
            lines.append(f"| {t.stem} ({t.what}) | {t.fmt} | – | – | – | – | geweigerd: {_cell(why[:110])} |")
            continue
        sections = by_doc.get(doc_id, [])
        kinds = Counter(s.kind for s in sections)
        shape = f"{len(sections)} ({kinds['heading']}/{kinds['paragraph']}/{kinds['bullet']}/{kinds['table_row']})"
        other = len(sections) - sum(kinds[k] for k in ("heading", "paragraph", "bullet", "table_row"))
        if other:
            shape += f" +{other} overig"
        found = ambitions_of(result, doc_id)
        if t.rendering:
            c = compare(found, bundled)
            amb = f"{len(found)}; {len(c.same)}/{c.expected} same key and text"
        elif doc_id == PLAN_ID:
            amb = f"{len(found)} (the reference)"
        else:
            amb = str(len(found)) if doc.kind == "plan" or found else "–"
        if values.get(doc_id):
            amb += f"; {values[doc_id]} KPI values"
        conf = [s.ocr_confidence for s in sections if s.ocr_confidence is not None]
        ocr = f"{sum(conf) / len(conf):.0f} ({len(conf)} sect.)" if conf else "–"
        flagged: list[str] = []
        for name, detect in DETECTORS.items():
            hits = detect(sections, t.ctx)
            if hits:
                flagged.append(f"{name} {len(hits)}")
                examples.setdefault(t.stem, []).extend(f"{name}: [{s.kind}] {s.text[:90]!r}" for s in hits[:3])
        warnings = o.warnings if o else doc.warnings
        if warnings:
            flagged.append(f"warn {len(warnings)}")
            examples.setdefault(t.stem, []).extend(f"warn: {w[:120]}" for w in warnings[:2])
        lines.append(f"| {t.stem} ({t.what}) | {t.fmt} | {doc.pages or '–'} | {shape} | {amb} | {ocr} | "
                     f"{', '.join(flagged) or 'none'} |")
    lines.append("")
    lines.append(f"ingest of {len(tests)} files: {seconds:.1f} s; defects: furn = site furniture/page marker, toc = "
                 "contents line, long-h = heading > 200 chars, fig = figures only, huge = > 20,000 chars, "
                 "letter = one letter, hdr-row = a table's header as a row of its own, warn = ingest warnings")
    return lines, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, help="build and ingest in this folder and keep it")
    args = ap.parse_args()
    self_check()
    root = args.keep or Path(tempfile.mkdtemp(prefix="any-document-"))
    try:
        docs = root / "documents"
        docs.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        tests = build(docs)
        print(f"{len(tests)} documenten gemaakt in {time.perf_counter() - t0:.1f} s; ingest...", flush=True)
        t0 = time.perf_counter()
        result = Library(root / "data", documents_dir=docs).ingest()
        seconds = time.perf_counter() - t0
        if any(t.stem.startswith(("issue", "la-")) for t in tests):
            warned = sum(len(o.warnings) for o in result.outcomes)
            assert warned, "zelfcontrole: geen enkele waarschuwing bij bestanden zonder metadata"
        lines, examples = table(tests, result, seconds)
        print()
        print("\n".join(lines))
        print()
        print("voorbeelden van wat de detectoren vonden (ten hoogste 3 per soort en document):")
        for stem, found in examples.items():
            print(f"  {stem}:")
            for e in found:
                print(f"    {e}")
        for notice in result.notices:
            print(f"melding: {notice}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
