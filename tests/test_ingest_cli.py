"""`kb ingest` and `kb export` on real folders: good files, bad files, metadata, the lock."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID, aid
from helpers.badfiles import write_bad_inputs

from kb.cli import main
from kb.errors import Busy
from kb.ingest import ingest_lock
from kb.library import Library


def run(args, data_dir, **kw):
    return CliRunner().invoke(main, args, env={"KB_DATA_DIR": str(data_dir)}, **kw)


@pytest.fixture
def messy_folder(tmp_path):
    return write_bad_inputs(tmp_path / "docs")


def test_ingest_bundled_corpus_summary(tmp_path):
    result = run(["ingest", str(DOCUMENTS)], tmp_path)
    assert result.exit_code == 0, result.output
    assert "5 documenten" in result.output  # a plan, a report and three example leerdossiers
    assert "Ondermijning" in result.output and "Inzetbaarheid" in result.output
    assert Library(tmp_path).paths.catalog.exists()


def test_each_bad_file_one_clear_line_others_ingested(messy_folder, tmp_path):
    data = tmp_path / "data"
    result = run(["ingest", str(messy_folder)], data)
    assert result.exit_code == 1
    out = result.output
    expect = {
        "leeg.txt": "leeg bestand",
        "kapot.pdf": "beschadigd",
        "geheim.pdf": "versleuteld",
        "scan.pdf": "geen tekstlaag, en OCR vond geen leesbare tekst",
        "latin1.txt": "geen geldige UTF-8",
        "binair.txt": "geen tekstbestand",
        "notulen.docx": "wordt niet ondersteund",
        "fout.txt": "'kind' moet een van",
    }
    for name, message in expect.items():
        lines = [line for line in out.splitlines() if name in line and "niet ingelezen" in line]
        assert len(lines) == 1, (name, out)
        assert message in lines[0], (name, lines[0])
    assert "Traceback" not in out
    docs = {json.loads(line)["id"]: json.loads(line) for line in run(["export", "documents"], data).output.splitlines()}
    assert set(docs) == {REPORT_ID, "jaarverslag-2021-testeenheid-een", "leerdossier-agora"}
    guessed = docs["jaarverslag-2021-testeenheid-een"]
    assert guessed["metadata_guessed"] and guessed["kind"] == "jaarverslag" and guessed["year"] == 2021
    assert "geen metadata" in out
    assert docs["leerdossier-agora"]["kind"] == "leerdossier"
    sections = [json.loads(line) for line in run(["export", "sections"], data).output.splitlines()]
    assert not any("evil" in s["text"] for s in sections)
    agora = [s for s in sections if s["document_id"] == "leerdossier-agora"]
    assert agora[0]["themes"] == ["ondermijning"] and 2020 in agora[0]["years"]


def test_wrong_metadata_types_are_named(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.txt").write_text("Plan\n\nWe gaan in 2022 de aanpak versterken.\n", encoding="utf-8")
    (folder / "plan.meta.toml").write_text('title = 12\nperiod = [2022, 2019]\n', encoding="utf-8")
    result = run(["ingest", str(folder)], tmp_path / "data")
    assert result.exit_code == 1
    assert "'title' moet een niet-lege tekst zijn" in result.output


def test_export_jsonl_fields(corpus, tmp_path):
    data = corpus.data_dir
    sections = [json.loads(line) for line in run(["export", "sections"], data).output.splitlines()]
    assert len(sections) == len(corpus.sections)
    for key in ("id", "document_id", "heading_path", "kind", "text", "page", "order", "themes", "years", "year_mentions", "fingerprint"):
        assert key in sections[0]
    ambitions = [json.loads(line) for line in run(["export", "ambitions"], data).output.splitlines()]
    ids = {a["id"] for a in ambitions}
    assert {aid(k) for k in ("ondermijning-4d", "cybercrime-7a", "kpi-aanrijdtijden-prio-1", "ontwikkelopdracht-3")} <= ids
    assert all(a["document_id"] == PLAN_ID for a in ambitions)


def test_export_without_catalog_is_a_clear_error(tmp_path):
    result = run(["export", "sections"], tmp_path / "leeg")
    assert result.exit_code == 1 and "draai eerst `kb ingest`" in result.output


def test_second_ingest_is_refused_while_one_runs(tmp_path):
    data = tmp_path / "data"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notitie.md").write_text("# Notitie\n\nEen korte notitie over cybercrime in 2021.\n", encoding="utf-8")
    with ingest_lock(Library(data).paths.lock):
        result = run(["ingest", str(docs)], data)
        assert result.exit_code == 1
        assert "er loopt al een ingest" in result.output
        with pytest.raises(Busy):
            Library(data).ingest([docs])
    assert run(["ingest", str(docs)], data).exit_code == 0  # the lock went with its holder


def test_section_ids_stable_and_edits_change_only_the_fingerprint(corpus, library):
    first = {s.id: s for s in corpus.sections}  # the session's ingest
    again = {s.id: s for s in Library(library.data_dir.parent / "b").ingest([library.documents_dir]).sections}
    assert list(first) == list(again)  # a second ingest from scratch gives the same ids
    folder = library.documents_dir
    report = folder / "rotterdam-jaarverslag-2020.txt"
    text = report.read_text(encoding="utf-8")
    edited = text.replace("Er is een leerdossier opgesteld over \ncriminele bedrijfsvoering.",
                          "Er zijn twee leerdossiers opgesteld over \ncriminele bedrijfsvoering.")
    assert edited != text
    report.write_text(edited, encoding="utf-8")
    after = {s.id: s for s in library.ingest([folder]).sections}
    assert list(after) == list(first)
    changed = [i for i in first if first[i].fingerprint != after[i].fingerprint]
    assert len(changed) == 1 and "twee leerdossiers" in after[changed[0]].text


@pytest.mark.slow
def test_kb_console_script_runs(tmp_path):
    kb = Path(sys.executable).parent / "kb"
    env = {**os.environ, "KB_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([str(kb), "ingest", "-q", str(DOCUMENTS)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([str(kb), "export", "ambitions"], capture_output=True, text=True, env=env, timeout=60)
    assert any(json.loads(line)["id"] == aid("cybercrime-11") for line in proc.stdout.splitlines())


def test_unchanged_reingest_keeps_the_catalog(library):
    docs, lib = library.documents_dir, library
    first = lib.catalog.catalog_id()
    again = lib.ingest([docs])
    assert len(again.reused) == 5 and lib.catalog.catalog_id() == first  # nothing written: the snapshot stays
    (docs / f"{REPORT_ID}.txt").write_text((docs / f"{REPORT_ID}.txt").read_text(encoding="utf-8") + "\nNieuw.\n",
                                           encoding="utf-8")
    lib.ingest([docs])
    assert lib.catalog.catalog_id() != first


@pytest.mark.slow  # a fault test
def test_a_damaged_catalog_or_index_is_a_clear_error_and_an_ingest_mends_it(library):
    """A catalog or index damaged on disk (a crash of the machine, a copy cut short): every
    command says so in Dutch, without a traceback, and the next ingest builds them anew."""
    data, docs = library.data_dir, library.documents_dir
    (library.index.current() / "lexicon.json").write_text("{kapot", encoding="utf-8")
    r = run(["trace"], data)
    assert r.exit_code == 1 and "zoekindex" in r.output and "beschadigd" in r.output, r.output
    assert run(["ingest", "--rebuild", "-q", str(docs)], data).exit_code == 0
    assert run(["trace", "ondermijning-4d"], data).exit_code == 0
    raw = bytearray(library.paths.catalog.read_bytes())
    raw[100:4000] = b"x" * 3900
    library.paths.catalog.write_bytes(bytes(raw))
    for args in (["export", "sections"], ["trace"], ["search", "inbraak"], ["decision", "note", "ondermijning-4d", "x"]):
        r = run(args, data)
        assert r.exit_code == 1 and "catalogus" in r.output and "beschadigd" in r.output, (args, r.output)
        assert "Traceback" not in r.output
    r = run(["ingest", "-q", str(docs)], data)
    assert r.exit_code == 0, r.output
    assert len(list(json.loads(line) for line in run(["export", "sections"], data).output.splitlines())) > 600


def test_kb_documents_remove_asks_moves_aside_and_restore_puts_back(library):
    """The command-line twin of "verwijderen" on the beheer page: asks first (or --ja), moves
    the file and its metadata to <data>/removed/, ingests again, keeps the decisions; `kb
    documents restore` puts it back."""
    docs, data = library.documents_dir, library.data_dir
    section = next(s["id"] for s in library.snapshot().catalog.sections if s["document_id"] == REPORT_ID
                   and s["kind"] == "paragraph")
    decision = library.record_decision(aid("ondermijning-4e"), section, "bevestigd", author="anna")
    env = {"KB_DATA_DIR": str(data), "KB_DOCUMENTS_DIR": str(docs)}
    r = CliRunner().invoke(main, ["documents", "remove", REPORT_ID], env=env, input="n\n")
    assert r.exit_code == 1 and (docs / f"{REPORT_ID}.txt").exists(), r.output
    r = CliRunner().invoke(main, ["documents", "remove", REPORT_ID, "--ja", "--auteur", "anna"], env=env)
    assert r.exit_code == 0, r.output
    assert not list(docs.glob(f"{REPORT_ID}.*")) and "kb documents restore" in r.output
    assert REPORT_ID not in Library(data).snapshot().catalog.document_by_id
    assert any(d.id == decision.id for d in Library(data).decisions.history())
    r = CliRunner().invoke(main, ["documents", "removed"], env=env)
    [line] = r.output.splitlines()
    name, original, _, by = line.split("\t")
    assert original == f"{REPORT_ID}.txt" and by == "anna"
    r = CliRunner().invoke(main, ["documents", "restore", name], env=env)
    assert r.exit_code == 0, r.output
    assert (docs / f"{REPORT_ID}.txt").exists() and (docs / f"{REPORT_ID}.meta.toml").exists()
    assert REPORT_ID in Library(data).snapshot().catalog.document_by_id
    r = CliRunner().invoke(main, ["documents", "remove", "bestaat-niet", "--ja"], env=env)
    assert r.exit_code == 1 and "bestaat niet" in r.output and "Traceback" not in r.output
