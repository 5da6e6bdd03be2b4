"""Every bad input tried, with what happened to it: the generated bad files of the tests
(tests/badfiles.py), HTML full of active content, a 200-page PDF, the abusive inputs of
issue 18 (a 2,000,000-glyph page, a page inflating to 300 MB, 100,000 nested divs,
absurd metadata) and every file of ../shared/pdfs-wild (when it is there), ingested
together by one real `kb ingest`.

    python benchmarks/bad_inputs.py

Prints one row per file: the number of sections it gave, or the refusal `kb ingest`
printed for it, and the time and peak memory of the ingest process.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.badfiles import ACTIVE_HTML, write_bad_inputs  # noqa: E402
from helpers.paths import WILD  # noqa: E402
from helpers.pdfgen import dutch_report, glyph_bomb_pdf, inflating_pdf  # noqa: E402

KB = str(Path(sys.executable).with_name("kb"))


def write_abusive_inputs(folder: Path) -> None:
    """Issue 18's probe, full size: before its caps the glyph bomb took 55 s and 4.6 GB, the
    inflating page 726 MB, the deep HTML and metadata an "onverwachte fout", the period
    80 s and an 839 MB catalog."""
    (folder / "glyphbom 2.000.000 tekens.pdf").write_bytes(glyph_bomb_pdf(2_000_000))
    (folder / "opblazer 300 MB.pdf").write_bytes(inflating_pdf(300))
    (folder / "diep genest.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"tekst" + b"</div>" * 100_000
                                              + b"</body></html>")
    for name, meta in (("periode-1-2000000", "period = [1, 2000000]"), ("diepe-lijst", "unit = " + "[" * 50_000 + "]" * 50_000),
                       ("getal-5000-cijfers", "year = " + "9" * 5000), ("datum-9999", "date = 9999-12-31")):
        (folder / f"{name}.txt").write_text("# Jaarverslag 2021\n\nHet verzuim daalde in 2021.\n", encoding="utf-8")
        (folder / f"{name}.meta.toml").write_text(f'title = "{name}"\nkind = "jaarverslag"\n{meta}\n', encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bad_inputs(Path(tmp) / "docs")
        (folder / "actief.html").write_text(ACTIVE_HTML, encoding="utf-8")
        big, _ = dutch_report(pages=200)
        (folder / "jaarverslag 2022 – 200 pagina's.pdf").write_bytes(big)
        write_abusive_inputs(folder)
        wild = sorted(f for f in WILD.glob("*.pdf")) if WILD.exists() else []
        for f in wild:
            shutil.copy(f, folder / f"wild-{f.name}")
        data = Path(tmp) / "data"
        start = time.perf_counter()
        proc = subprocess.run([KB, "ingest", "-q", str(folder), "--data-dir", str(data)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out = proc.stdout + proc.stderr
        refused = {}
        for line in out.splitlines():
            if line.startswith("niet ingelezen "):
                name, _, why = line[len("niet ingelezen "):].partition(": ")
                refused[Path(name).name] = why
        exported = subprocess.run([KB, "export", "documents", "--data-dir", str(data)], capture_output=True, text=True).stdout
        docs = {json.loads(line)["path"]: json.loads(line) for line in exported.splitlines() if line.strip()}
        sections = subprocess.run([KB, "export", "sections", "--data-dir", str(data)], capture_output=True, text=True).stdout
        per_doc: dict[str, int] = {}
        for line in sections.splitlines():
            if line.strip():
                d = json.loads(line)["document_id"]
                per_doc[d] = per_doc.get(d, 0) + 1
        print(f"kb ingest: exit {proc.returncode}, {elapsed:.1f} s, peak memory {peak:.0f} MB, "
              f"{'Traceback in the output!' if 'Traceback' in out else 'no traceback'}")
        print("| file | outcome |\n|---|---|")
        for f in sorted(folder.iterdir()):
            if f.name.endswith(".meta.toml"):
                continue
            doc = next((d for path, d in docs.items() if Path(path).name == f.name), None)
            if f.name in refused:
                outcome = f"niet ingelezen: {refused[f.name]}"
            elif doc is not None:
                n = per_doc.get(doc["id"], 0)
                outcome = f"ingelezen: {n} {'sectie' if n == 1 else 'secties'} (id {doc['id']})"
            else:
                outcome = "?? neither ingested nor refused"
            print(f"| {f.name} | {outcome} |")


if __name__ == "__main__":
    main()
