"""Bad and big input beyond tests/test_ingest_cli.py: a 200-page PDF ingested in a real
process within 1 GB (parallel page extraction giving the same result as one process),
HTML full of active content, and every file of ../shared/pdfs-wild in one folder."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.badfiles import ACTIVE_HTML
from helpers.paths import WILD
from helpers.pdfgen import dutch_report

from kb.parse import parse_bytes
from kb.parse.pdf import parse_pdf

pytestmark = pytest.mark.slow

KB = str(Path(sys.executable).with_name("kb"))
MEMORY_LIMIT = 1024 * 1024 * 1024


def test_parallel_page_extraction_equals_one_process():
    data, _ = dutch_report(pages=48)
    one, two = parse_pdf(data, workers=1), parse_pdf(data, workers=2)
    assert one.pages == two.pages == 49 and one.blocks == two.blocks and one.warnings == two.warnings


def test_200_page_pdf_and_active_html_in_one_folder_within_1_gb(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    pdf, _ = dutch_report(pages=200)
    (docs / "jaarverslag 2021 – groot document.pdf").write_bytes(pdf)
    (docs / "actief.html").write_text(ACTIVE_HTML, encoding="utf-8")
    (docs / "kapot.pdf").write_bytes(pdf[:5000])
    data = tmp_path / "data"
    proc = subprocess.run([KB, "ingest", "-q", str(docs), "--data-dir", str(data)], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
    assert proc.returncode == 1 and "kapot.pdf" in proc.stdout + proc.stderr  # one bad file, the rest ingested
    assert "Traceback" not in proc.stdout + proc.stderr
    assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MB"
    sections = [json.loads(line) for line in subprocess.run(
        [KB, "export", "sections"], env={"KB_DATA_DIR": str(data), "PATH": ""}, capture_output=True, text=True).stdout.splitlines()]
    big = [s for s in sections if s["document_id"] == "jaarverslag-2021-groot-document"]
    assert len(big) > 1000 and max(s["page"] or 0 for s in big) >= 190
    html = " ".join(s["text"] for s in sections if s["document_id"] == "actief")
    assert "Lessen over de aanpak" in html and "&lt;script&gt; als tekst" not in html and "<script> als tekst" in html
    for active in ("steal", "evil.example", "javascript:", "color:red", "onclick", "onerror"):
        assert active not in html, active


def test_every_wild_pdf_gives_blocks_or_a_specific_refusal(tmp_path):
    files = sorted(WILD.glob("*")) if WILD.exists() else []
    if not files:
        import pytest
        pytest.skip(f"{WILD} ontbreekt")
    folder = tmp_path / "wild"
    folder.mkdir()
    for f in files:
        if f.is_file():
            shutil.copy(f, folder / f.name)
    proc = subprocess.run([KB, "ingest", "-q", str(folder), "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode in (0, 1) and "Traceback" not in out
    refusals = [line for line in out.splitlines() if line.startswith("niet ingelezen ")]
    for line in refusals:
        assert len(line.split(": ", 1)[1]) > 10, line  # each refusal says why
    for f in folder.glob("*.pdf"):
        try:
            parse_bytes(f.read_bytes(), ".pdf")
        except Exception as exc:  # only our own, specific refusal
            assert type(exc).__name__ == "ParseError", (f.name, exc)
