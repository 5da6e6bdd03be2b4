"""The bundled plan in the forms users bring it in, each ingested beside the 2020 report:
how many of its 136 ambitions keep their key and text, and how the trace does on that
rendering (recall@1, recall@5 and MRR against benchmarks/trace_gold.toml, as
benchmarks/eval_trace.py measures the bundled text). Issue 15 asks for >= 95 % of the
ambitions and trace figures within 0.05 of the bundled text's for every rendering.

    python benchmarks/eval_renderings.py

The renderings are the tests' (tests/helpers/render_*.py): Markdown in another dialect,
text copied from a document-sharing site, a web page with site furniture, and a printed
PDF in one and in two columns.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def renderings(folder: Path) -> dict[str, Path]:
    """Each rendering in a folder of its own, named like the plan, its metadata beside it."""
    from helpers.paths import DOCUMENTS, PLAN_ID
    from helpers.render_html import write_plan_page
    from helpers.render_pdf import render_plan
    from helpers.render_text import markdown, plan_blocks, shared_site, write_rendering

    out = {}
    out["tekst (gebundeld)"] = folder / "txt"
    (folder / "txt").mkdir(parents=True)
    shutil.copy(DOCUMENTS / f"{PLAN_ID}.txt", folder / "txt")
    shutil.copy(DOCUMENTS / f"{PLAN_ID}.meta.toml", folder / "txt")
    blocks = plan_blocks()
    write_rendering(folder / "md", markdown(blocks), ".md")
    out["Markdown"] = folder / "md"
    write_rendering(folder / "site", shared_site(blocks), ".txt")
    out["tekst van een deelsite"] = folder / "site"
    write_plan_page(folder / "html")
    out["webpagina (HTML)"] = folder / "html"
    for columns in (1, 2):
        sub = folder / f"pdf{columns}"
        sub.mkdir()
        (sub / f"{PLAN_ID}.pdf").write_bytes(render_plan(columns=columns)[0])
        shutil.copy(DOCUMENTS / f"{PLAN_ID}.meta.toml", sub)
        out[f"PDF, {columns} kolom{'men' if columns > 1 else ''}"] = sub
    for sub in out.values():  # the report the trace links to, as bundled
        for name in ("rotterdam-jaarverslag-2020.txt", "rotterdam-jaarverslag-2020.meta.toml"):
            shutil.copy(DOCUMENTS / name, sub)
    return out


def main() -> None:
    from eval_trace import load_gold, ranking
    from helpers.paths import PLAN_ID
    from helpers.plan_compare import ambitions_of, compare

    from kb.library import Library

    doc, gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows, bundled = [], None
        for name, folder in renderings(tmp / "docs").items():
            lib = Library(tmp / "data" / folder.name, documents_dir=tmp / "uploads")
            t0 = time.perf_counter()
            result = lib.ingest([folder])
            took = time.perf_counter() - t0
            found = ambitions_of(result, PLAN_ID)
            bundled = bundled or found
            c = compare(found, bundled)
            r1, r5, mrr = ranking(lib.snapshot().trace, doc, gold)
            sections = sum(1 for s in result.sections if s.document_id == PLAN_ID)
            rows.append((name, sections, c, r1, r5, mrr, took, result.failures))
        print("| vorm | secties | ambities gelijk | recall@1 | recall@5 | MRR | inlezen |")
        print("|---|---|---|---|---|---|---|")
        base = rows[0]
        for name, sections, c, r1, r5, mrr, took, failures in rows:
            flag = "" if (c.share >= 0.95 and abs(r5 - base[4]) <= 0.05 and abs(mrr - base[5]) <= 0.05) else " ✗"
            print(f"| {name}{flag} | {sections} | {len(c.same)}/{c.expected} ({c.share:.0%}) | {r1:.3f} | {r5:.3f} | "
                  f"{mrr:.3f} | {took:.1f} s |")
            if failures:
                print(f"|   niet ingelezen: {[f.error for f in failures]} |")
            if c.missing or c.changed:
                print(f"|   {c} |")


if __name__ == "__main__":
    main()
