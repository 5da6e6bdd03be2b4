"""Issue 18: memory bombs at ingest, deep files, an orphaned parse pool.

Small real files (tests/helpers/pdfgen.py writes the PDFs) with the caps set low through
the settings' environment variables: a page drawing too many glyphs, a page whose content
inflates far, a PDF with too many characters, a text file too big, HTML nested too deep,
metadata with absurd numbers or nesting; a web ingest job in a process of its own under a
memory and CPU limit; and the parse workers of a `kb ingest` killed with -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.paths import DOCUMENTS
from helpers.pdfgen import dense_pdf, dutch_report, glyph_bomb_pdf, inflating_pdf
from helpers.websetup import PASSWORD, csrf, finished_job, login

from kb.errors import ParseError
from kb.library import Library
from kb.parse import parse_bytes
from kb.parse.pdf import parse_pdf

KB = str(Path(sys.executable).with_name("kb"))
GOOD = "rotterdam-jaarverslag-2020"


def refusal(lib: Library, folder: Path, name: str) -> str:
    """Ingest `folder` into `lib` and return what was said of the file `name`."""
    result = lib.ingest([folder])
    outcome = next(o for o in result.outcomes if Path(o.path).name == name)
    assert outcome.error, outcome
    return outcome.error


def folder_with(tmp_path: Path, name: str, data: bytes, meta: str | None = None) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / name).write_bytes(data)
    if meta is not None:
        (docs / name).with_name(Path(name).stem + ".meta.toml").write_text(meta, encoding="utf-8")
    return docs


# ------------------------------------------------------------------ PDF caps


def test_a_page_drawing_too_many_glyphs_is_refused_before_it_fills_the_memory(monkeypatch):
    """The probe's 6.8 kB PDF drew 2,000,000 glyphs: 55 s and 4.6 GB. Here 60,000 glyphs
    (a form drawn 60 times) against a cap of 20,000."""
    monkeypatch.setenv("KB_PDF_MAX_PAGE_CHARS", "20000")
    data = glyph_bomb_pdf(60_000)
    assert len(data) < 2000
    start = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        parse_pdf(data)
    assert caught.value.reason == "too_big"
    assert str(caught.value) == "pagina 1 heeft meer dan 20.000 tekens; dit lijkt geen gewoon document"
    assert time.perf_counter() - start < 5


def test_the_glyph_cap_is_in_the_settings_and_ordinary_pages_pass(monkeypatch):
    from kb import settings

    assert {s.name: s.default for s in settings.SETTINGS}["PDF_MAX_PAGE_CHARS"] == 200_000
    monkeypatch.setenv("KB_PDF_MAX_PAGE_CHARS", "20000")
    data, _ = dutch_report(pages=2)
    assert parse_pdf(data).blocks  # a page of a real report has a few thousand glyphs


def test_a_page_whose_content_inflates_too_far_is_refused_without_inflating_it(monkeypatch, tmp_path):
    """The probe's 306 kB PDF inflated to 300 MB of spaces (726 MB of memory). Here 3 MB
    against a cap of 2 MB; the check inflates piece by piece and stops at the cap."""
    monkeypatch.setenv("KB_PDF_MAX_PAGE_MB", "2")
    data = inflating_pdf(3)
    assert len(data) < 10_000
    with pytest.raises(ParseError) as caught:
        parse_pdf(data)
    assert caught.value.reason == "too_big"
    assert "pagina 1 heeft meer dan 2 MB aan opmaakinstructies" in str(caught.value)


def test_a_pdf_with_too_many_characters_is_refused(monkeypatch):
    monkeypatch.setenv("KB_PDF_MAX_CHARS", "5000")
    data = dense_pdf(pages=3, glyphs_per_page=3000)
    with pytest.raises(ParseError) as caught:
        parse_pdf(data, workers=1)
    assert str(caught.value) == "de PDF heeft meer dan 5.000 tekens; dit lijkt geen gewoon document"
    monkeypatch.setenv("KB_PDF_MAX_CHARS", "50000")
    assert parse_pdf(data, workers=1).blocks


@pytest.mark.slow
def test_the_caps_hold_in_the_parallel_page_workers_too(monkeypatch):
    """A ParseError raised in a parse worker arrives whole (its reason and message)."""
    monkeypatch.setenv("KB_PDF_MAX_PAGE_CHARS", "2000")
    data = dense_pdf(pages=24, glyphs_per_page=600)
    assert parse_pdf(data, workers=2).pages == 24
    bomb_pages = dense_pdf(pages=24, glyphs_per_page=3000)
    with pytest.raises(ParseError) as caught:
        parse_pdf(bomb_pages, workers=2)
    assert caught.value.reason == "too_big" and "meer dan 2.000 tekens" in str(caught.value)


def test_an_ingest_reports_the_glyph_bomb_in_dutch_and_reads_the_rest(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_PDF_MAX_PAGE_CHARS", "20000")
    docs = folder_with(tmp_path, "bom.pdf", glyph_bomb_pdf(60_000))
    (docs / "verslag.txt").write_text("# Jaarverslag 2021\n\nHet verzuim daalde in 2021.\n", encoding="utf-8")
    lib = Library(tmp_path / "data")
    error = refusal(lib, docs, "bom.pdf")
    assert error == "pagina 1 heeft meer dan 20.000 tekens; dit lijkt geen gewoon document"
    assert [d.id for d in lib.ingest([docs]).documents] == ["verslag"]


# ------------------------------------------------------------------ text and HTML


@pytest.mark.parametrize("name", ["groot.txt", "groot.md", "groot.html"])
def test_a_text_file_over_the_size_cap_is_refused(monkeypatch, name):
    monkeypatch.setenv("KB_MAX_TEXT_MB", "1")
    line = "<p>Het ziekteverzuim daalde in 2020 naar vijf procent.</p>\n" if name.endswith("html") else \
        "Het ziekteverzuim daalde in 2020 naar vijf procent.\n"
    data = (line * (1_300_000 // len(line))).encode()
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, Path(name).suffix)
    assert caught.value.reason == "too_big"
    assert "meer dan de 1 MB die wordt ingelezen" in str(caught.value)


def test_deeply_nested_html_is_refused_with_what_is_wrong(tmp_path):
    """100,000 nested divs gave "onverwachte fout bij lezen (RecursionError ...)"."""
    deep = b"<html><body>" + b"<div>" * 5000 + b"<p>Tekst over 2020.</p>" + b"</div>" * 5000 + b"</body></html>"
    with pytest.raises(ParseError) as caught:
        parse_bytes(deep, ".html")
    assert caught.value.reason == "too_deep"
    assert str(caught.value).startswith("de HTML is te diep genest (meer dan 250 niveaus")
    nested = b"<html><body>" + b"<div>" * 100 + b"<p>Tekst over 2020.</p>" + b"</div>" * 100 + b"</body></html>"
    assert [b.text for b in parse_bytes(nested, ".html").blocks] == ["Tekst over 2020."]
    lib = Library(tmp_path / "data")
    assert refusal(lib, folder_with(tmp_path, "diep.html", deep), "diep.html").startswith("de HTML is te diep genest")


# ------------------------------------------------------------------ metadata


@pytest.mark.parametrize("meta,expected", [
    ("period = [1, 2000000]", "'period' moet twee jaartallen tussen 1950 en 2099 zijn"),
    ("period = [1950, 2099]", "'period' mag hooguit 50 jaar beslaan"),
    ("year = 1e400", "'year' moet een jaartal zijn, zoals 2020 (kreeg inf)"),
    ("year = " + "9" * 5000, "bevat een getal met duizenden cijfers"),
    ("year = 99999999999999999999999", "'year' moet een jaartal zijn"),
    ("date = 9999-12-31", "'date' moet een datum tussen 1950 en 2099 zijn, zoals 2018-11-12 (kreeg 9999-12-31)"),
    ("date = 1066-10-14", "'date' moet een datum tussen 1950 en 2099 zijn"),
    ("unit = " + "[" * 50_000 + "]" * 50_000, "lijsten of tabellen staan te diep in elkaar genest"),
    ("unit = " + "{a = " * 2000 + "1" + "}" * 2000, "lijsten of tabellen staan te diep in elkaar genest"),
])
def test_absurd_numbers_and_nesting_in_metadata_are_refused_in_dutch(tmp_path, meta, expected):
    """`period = [1, 2000000]` ran 80 s, wrote an 839 MB catalog and died of MemoryError;
    deep arrays and numbers of thousands of digits were an "onverwachte fout"."""
    docs = folder_with(tmp_path, "verslag.txt", b"# Jaarverslag 2021\n\nHet verzuim daalde in 2021.\n",
                       meta='title = "Verslag"\nkind = "jaarverslag"\n' + meta + "\n")
    start = time.perf_counter()
    error = refusal(Library(tmp_path / "data"), docs, "verslag.txt")
    assert error.startswith("metadata verslag.meta.toml: ") and expected in error, error
    assert "onverwachte" not in error
    assert time.perf_counter() - start < 10


# ------------------------------------------------------------------ the web job's process


def _web_job(tmp_path: Path, extra: bytes, name: str, config: dict) -> tuple[dict, Path, str | None]:
    """An ingested folder, then `extra` added and an ingest started from the beheer page of
    the real app with `config`; the finished job, the data folder, the catalog id before."""
    from web import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    for suffix in (".txt", ".meta.toml"):
        shutil.copy(DOCUMENTS / f"{GOOD}{suffix}", docs / f"{GOOD}{suffix}")
    data = tmp_path / "data"
    lib = Library(data, docs)
    assert not lib.ingest([docs]).failures
    lib.users.add("beheer", PASSWORD, "beheerder")
    before = lib.catalog.catalog_id()
    (docs / name).write_bytes(extra)
    app = create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True,
                      **config})
    client = app.test_client()
    login(client, "beheer")
    r = client.post("/beheer/inlezen", data={"csrf_token": csrf(client, "/beheer")})
    assert r.status_code == 302, r.get_data(as_text=True)
    return finished_job(client, r.headers["Location"]), data, before


@pytest.mark.slow
def test_a_web_job_past_its_cpu_limit_fails_in_dutch_and_leaves_the_previous_catalog(tmp_path):
    """The caps off, a glyph bomb of 400,000 glyphs takes some 12 s of CPU; the job's own
    process gets 3 s, so the kernel stops it. The web worker lives on, the job says why,
    and the catalog and index are those of before."""
    job, data, before = _web_job(tmp_path, glyph_bomb_pdf(400_000), "bom.pdf",
                                 {"PDF_MAX_PAGE_CHARS": 0, "INGEST_CPU_SECONDS": 3})
    assert job["state"] == "mislukt", job
    assert job["message"].startswith("Het inlezen gebruikte te veel rekentijd (meer dan 3 seconden) en is gestopt")
    assert job["pid"] == os.getpid()  # watched from the worker, run elsewhere
    lib = Library(data)
    assert lib.catalog.catalog_id() == before
    snapshot = lib.snapshot()
    assert [d["id"] for d in snapshot.catalog.documents] == [GOOD]
    assert snapshot.search("ziekteverzuim").hits
    assert not list(data.glob(".*.tmp"))


@pytest.mark.slow
def test_a_web_job_past_its_memory_limit_refuses_the_file_in_dutch(tmp_path):
    """The caps off, the glyph bomb needs far more than the job's 450 MB: the parse runs out
    of memory (a MemoryError, not a segfault: see kb.limits.apply_rlimits), the file is
    refused with a Dutch reason and the other documents are read."""
    job, data, before = _web_job(tmp_path, glyph_bomb_pdf(1_000_000), "bom.pdf",
                                 {"PDF_MAX_PAGE_CHARS": 0, "INGEST_MEMORY_MB": 450, "INGEST_CPU_SECONDS": 120})
    assert job["state"] == "klaar", job
    bomb = next(o for o in job["outcomes"] if o["file"] == "bom.pdf")
    assert bomb["error"].startswith("pagina 1 vraagt te veel geheugen om te lezen; dit lijkt geen gewoon document"), bomb
    assert "verplaatst naar" in bomb["error"]  # set aside: the next ingest does not try it again
    assert any(o["document_id"] == GOOD for o in job["outcomes"])


@pytest.mark.slow
def test_a_web_job_runs_with_the_default_caps_and_refuses_the_bomb(tmp_path):
    job, data, before = _web_job(tmp_path, glyph_bomb_pdf(2_000_000), "bom.pdf", {})
    assert job["state"] == "klaar", job
    bomb = next(o for o in job["outcomes"] if o["file"] == "bom.pdf")
    assert bomb["error"].startswith("pagina 1 heeft meer dan 200.000 tekens; dit lijkt geen gewoon document"), bomb
    assert time.time() - job["started"] < 30


def test_a_killed_job_process_is_a_failed_job_with_a_dutch_message():
    """How the worker words each way the job's process can end without a final report."""
    from web.jobrun import MEMORY_EXIT
    from web.jobs import Jobs

    jobs = Jobs.__new__(Jobs)
    jobs.limits = {"INGEST_MEMORY_MB": 2048, "INGEST_CPU_SECONDS": 600}
    assert jobs._stopped(MEMORY_EXIT, "").startswith("Het inlezen gebruikte te veel geheugen (meer dan 2048 MB) en is gestopt")
    assert jobs._stopped(-signal.SIGXCPU, "").startswith("Het inlezen gebruikte te veel rekentijd (meer dan 600 seconden)")
    assert jobs._stopped(-signal.SIGKILL, "").startswith("Het inlezen gebruikte te veel geheugen of tijd en is gestopt")
    assert "de vorige catalogus en zoekindex blijven in gebruik" in jobs._stopped(1, "Traceback")


# ------------------------------------------------------------------ the pool dies with kb ingest


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and two cores for the parallel page workers")
def test_kill_9_of_kb_ingest_takes_its_parse_workers_with_it(tmp_path):
    """A 48-page PDF of dense pages keeps two forkserver workers busy for half a minute;
    `kb ingest` killed with -9 must not leave them (or the forkserver and the resource
    tracker) running: they are gone within a few seconds."""
    docs = folder_with(tmp_path, "dik.pdf", dense_pdf(pages=48, glyphs_per_page=20_000))
    proc = subprocess.Popen([KB, "ingest", "-q", str(docs), "--data-dir", str(tmp_path / "data")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            children = _descendants(proc.pid)
            if len(children) >= 4:  # resource tracker, forkserver, two workers
                break
            time.sleep(0.1)
        assert len(children) >= 4, children
        time.sleep(1)
        children = _descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(map(_running, children)):
            time.sleep(0.1)
        assert not [c for c in children if _running(c)], "still running after kill -9 of kb ingest"
    finally:
        proc.kill()
        for c in children:
            if _running(c):
                os.kill(c, signal.SIGKILL)
