"""Ingest speed: pages per second for a generated 50-page two-column PDF, and the time to
ingest the bundled corpus. A benchmark, not a test: it prints figures.

    .venv/bin/python benchmarks/ingest_pdf.py [--pages 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers.pdfgen import dutch_report  # noqa: E402

from kb.library import Library  # noqa: E402
from kb.parse import parse_bytes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    data, _ = dutch_report(pages=args.pages, columns=2)
    pages = parse_bytes(data, ".pdf").pages
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        doc = parse_bytes(data, ".pdf")
        times.append(time.perf_counter() - t)
    best, median = min(times), statistics.median(times)
    print(f"generated PDF: {pages} pages, {len(data) / 1024:.0f} KiB, {len(doc.blocks)} blocks")
    print(f"parse: median {median:.2f} s = {pages / median:.1f} pages/s (best {pages / best:.1f} pages/s, {args.repeat} runs)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        (folder / "jaarverslag-2021-generated.pdf").write_bytes(data)
        t = time.perf_counter()
        result = Library(Path(tmp) / "data").ingest([folder])
        took = time.perf_counter() - t
        print(f"ingest of that PDF (parse + sections + catalog): {took:.2f} s = {pages / took:.1f} pages/s, "
              f"{len(result.sections)} sections")
        t = time.perf_counter()
        result = Library(Path(tmp) / "corpus").ingest([ROOT / "documents"])
        print(f"ingest of documents/ ({len(result.documents)} documents, {len(result.sections)} sections): "
              f"{time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
