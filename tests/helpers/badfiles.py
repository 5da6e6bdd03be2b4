"""A folder of the bad input a unit's shared drive really holds, written by the tests and
by benchmarks/bad_inputs.py (which lists every file with what `kb ingest` said of it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import DOCUMENTS
from helpers.pdfgen import dutch_report, encrypted_pdf, image_only_pdf

ACTIVE_HTML = (
    "<html><head><script>steal()</script><style>p{color:red}</style></head><body>"
    '<h1>Leerdossier verward gedrag</h1><p onclick="steal()">Lessen over de aanpak in 2021.</p>'
    '<iframe src="https://evil.example/"></iframe><iframe srcdoc="&lt;p&gt;ingebed&lt;/p&gt;"></iframe>'
    '<a href="javascript:steal()">link</a><img src=x onerror="steal()"><noscript>zonder script</noscript>'
    "<p>Tweede alinea met <b>vet</b> en &lt;script&gt; als tekst.</p></body></html>")


def write_bad_inputs(folder: Path) -> Path:
    """One good report beside the bad files; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("rotterdam-jaarverslag-2020.txt", "rotterdam-jaarverslag-2020.meta.toml"):
        shutil.copy(DOCUMENTS / name, folder / name)
    pdf, _ = dutch_report(pages=1)
    (folder / "jaarverslag 2021 Testeenheid – één.pdf").write_bytes(pdf)  # spaces and accents, no metadata
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "kapot.pdf").write_bytes(pdf[:400])
    (folder / "geheim.pdf").write_bytes(encrypted_pdf())
    (folder / "scan.pdf").write_bytes(image_only_pdf())
    (folder / "latin1.txt").write_bytes("Het ziekteverzuim daalde in 2020 naar 5,9 procent en dat is mooi.\n".encode("latin-1").replace(b"5,9", b"\xe9\xe9n"))
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notulen.docx").write_bytes(b"PK\x03\x04 not really")
    page = "<html><body><h1>Leerdossier AGORA</h1><p>Kennis delen over ondermijning in 2020.</p><script>evil()</script></body></html>"
    (folder / "leerdossier-agora.html").write_text(page, encoding="utf-8")
    (folder / "leerdossier-agora.meta.toml").write_text('title = "Leerdossier AGORA"\nkind = "leerdossier"\nyear = 2020\n', encoding="utf-8")
    (folder / "fout.txt").write_text("Een kort document over cybercrime in 2021.\n", encoding="utf-8")
    (folder / "fout.meta.toml").write_text('title = "Fout"\nkind = "rapport"\nyear = "twintig"\n', encoding="utf-8")
    return folder
