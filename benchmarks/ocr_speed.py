"""OCR speed: pages per second for scanned pages drawn here (tests/helpers/scans.py: an A4
page of Dutch plan text at 300 DPI, clean or as a copier scans it), through the whole PDF
parser (render with pypdfium2, Tesseract, blocks), and the share of words read back. A
benchmark, not a test: it prints figures.

    .venv/bin/python benchmarks/ocr_speed.py [--pages 6] [--repeat 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers.scans import PAGES, recovered, scanned_pdf  # noqa: E402

from kb.parse import parse_bytes  # noqa: E402
from kb.parse.ocr import unavailable  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    missing = unavailable()
    if missing:
        sys.exit(f"geen OCR mogelijk: {missing}")
    pages = [PAGES[i % len(PAGES)] for i in range(args.pages)]
    expected = " ".join(h + " " + " ".join(ps) for h, ps in pages)
    for degraded in (False, True):
        data = scanned_pdf(pages, degraded=degraded)
        times, accuracy = [], 0.0
        for _ in range(args.repeat):
            started = time.perf_counter()
            doc = parse_bytes(data, ".pdf")
            times.append(time.perf_counter() - started)
            accuracy = recovered(expected, " ".join(b.text for b in doc.blocks))
        best = min(times)
        print(f"{'scan-achtig' if degraded else 'schoon':11} {args.pages} pagina's: {args.pages / best:.2f} pagina's/s "
              f"(beste van {args.repeat}, mediaan {args.pages / statistics.median(times):.2f}); "
              f"{accuracy:.1%} van de woorden teruggelezen; {doc.warnings[-1]}")


if __name__ == "__main__":
    main()
