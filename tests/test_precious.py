"""Precious state (decisions and users in `<data>/decisions.sqlite`) never silently resets,
for real: a store deleted, emptied or damaged is refused (CLI, every page, /api/health)
instead of starting again empty; a damaged page is a clear 503; a full disk keeps every page
readable and turns writes into a Dutch message; `kb restore` says what it drops and asks
for --ja; a retried decision (same idempotency key) is stored once. Real data folders,
the real Flask app and the real `kb` command line, no mocks."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import DOCUMENTS, aid
from helpers.websetup import PASSWORD, csrf, login

from kb.cli import main
from kb.library import Library
from kb.store import precious
from kb.store.decisions import DecisionStore
from web import create_app

AMBITION = aid("ondermijning-4d")
SECTION = "rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/ondermijning/activiteiten-in-2020/18"


def kb(*args, data: Path):
    return CliRunner().invoke(main, [*args, "--data-dir", str(data)])


def store_with_state(data: Path, decisions: int = 2) -> Library:
    """A data folder (no catalog needed) with users and decisions in its precious store."""
    lib = Library(data)
    lib.users.add("auditor", PASSWORD, "auditor")
    lib.users.add("beheer", PASSWORD, "beheerder")
    for i in range(decisions):
        lib.decisions.record(AMBITION, None, "notitie", note=f"notitie {i} " + "x" * 200, author="auditor")
    return lib


def make_app(data: Path, docs: Path | None = None):
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs or data / "documents"),
                       "SECRET_KEY": "test", "TESTING": True})


def delete(path: Path) -> None:
    path.unlink()


def truncate(path: Path) -> None:
    path.write_bytes(b"")


def garbage(path: Path) -> None:
    path.write_bytes(b"dit is geen sqlite-bestand" * 200)


DAMAGE = {"verwijderd": delete, "leeg": truncate, "geen-sqlite": garbage}


# ------------------------------------------------------------------ missing or damaged store


def test_new_store_writes_its_marker(tmp_path):
    lib = Library(tmp_path)
    assert lib.decisions.history() == [] and lib.users.list() == []  # reading makes nothing
    assert not lib.paths.precious.exists() and not precious.marker(lib.paths.precious).exists()
    lib.users.add("auditor", PASSWORD, "auditor")
    assert precious.marker(lib.paths.precious).exists()
    assert precious.marker(lib.paths.precious).name == "decisions.present"


@pytest.mark.parametrize("how", DAMAGE)
def test_missing_or_damaged_store_is_refused_never_reset(tmp_path, how):
    lib = store_with_state(tmp_path)
    path = lib.paths.precious
    DAMAGE[how](path)
    for read in (lib.decisions.history, lib.decisions.version, lib.users.list, lambda: lib.users.get("auditor"),
                 lambda: lib.users.check("auditor", PASSWORD)):
        with pytest.raises(precious.Unusable) as info:
            read()
        assert info.value.status == 503
        assert str(path) in info.value.message and "kb restore" in info.value.message
        assert "--leeg" in info.value.message
    with pytest.raises(precious.Unusable):
        lib.decisions.record(AMBITION, None, "notitie", note="na de schade", author="auditor")
    with pytest.raises(precious.Unusable):
        lib.users.add("nieuw", PASSWORD, "lezer")
    # nothing made a new, empty store in its place
    if how == "verwijderd":
        assert not path.exists()
    elif how == "leeg":
        assert path.stat().st_size == 0
    for args in (["decision", "history"], ["decision", "note", AMBITION, "tekst"], ["users", "list"],
                 ["users", "add", "nieuw", "--wachtwoord", PASSWORD], ["backup", str(tmp_path / "kopie.sqlite")]):
        r = kb(*args, data=tmp_path)
        assert r.exit_code == 1, (args, r.output)
        assert "kb restore" in r.output and "Traceback" not in r.output, (args, r.output)


@pytest.mark.parametrize("how", DAMAGE)
def test_app_refuses_every_page_and_health_says_why(tmp_path, how):
    store_with_state(tmp_path)
    DAMAGE[how](Library(tmp_path).paths.precious)
    client = make_app(tmp_path).test_client()
    for page in ("/", "/inloggen", "/documenten", "/ambities"):
        r = client.get(page)
        html = r.get_data(as_text=True)
        assert r.status_code == 503, (page, html[:300])
        assert "kb restore" in html and "decisions.sqlite" in html and '<html lang="nl">' in html, page
    r = client.get("/api/ambitions")
    assert r.status_code == 503 and "kb restore" in r.get_json()["error"]
    r = client.get("/api/health")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] != "ok" and "kb restore" in body["decisions"] and "decisions.sqlite" in body["decisions"]
    assert not Library(tmp_path).paths.precious.exists() or how != "verwijderd"  # not made anew


def test_error_page_renders_for_a_logged_in_user_when_the_store_breaks(tmp_path):
    """The user loader reads the store: the error page must not need it (else gunicorn's
    bare "Internal Server Error")."""
    store_with_state(tmp_path)
    client = make_app(tmp_path).test_client()
    login(client, "beheer")
    truncate(Library(tmp_path).paths.precious)
    for page in ("/beheer", "/ambities", "/zoeken?q=inbraak"):
        r = client.get(page)
        html = r.get_data(as_text=True)
        assert r.status_code == 503, (page, html[:300])
        assert '<html lang="nl">' in html and "kb restore" in html
        assert "Uitloggen" not in html  # shown as to someone not logged in: the store holds the user


def _corrupt_a_page_of(path: Path, table: str) -> None:
    """Garbage over one page in the middle of the file: a leaf page of `table`."""
    with closing(sqlite3.connect(path)) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [r[0] for r in db.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    assert len(pages) > 2, pages
    with open(path, "r+b") as fh:
        fh.seek((pages[len(pages) // 2] - 1) * size)
        fh.write(os.urandom(size))


def test_damaged_page_is_a_clear_503_naming_the_file(tmp_path):
    lib = store_with_state(tmp_path, decisions=150)
    path = lib.paths.precious
    assert not Path(f"{path}-wal").exists()  # checkpointed: the pages are in the file itself
    _corrupt_a_page_of(path, "decisions")
    with pytest.raises(precious.Unusable) as info:
        lib.decisions.history()
    assert str(path) in info.value.message and "kb restore" in info.value.message
    assert "beschadigd" in info.value.message
    r = kb("decision", "history", data=tmp_path)
    assert r.exit_code == 1 and "kb restore" in r.output and "Traceback" not in r.output, r.output
    client = make_app(tmp_path).test_client()
    r = client.get("/api/health")
    assert r.status_code == 503 and "beschadigd" in r.get_json()["decisions"], r.get_json()
    r = client.get("/ambities")
    assert r.status_code == 503 and "kb restore" in r.get_data(as_text=True)


def test_health_checks_what_it_reports(library):
    data = library.data_dir
    library.users.add("auditor", PASSWORD, "auditor")
    client = make_app(data, library.documents_dir).test_client()
    r = client.get("/api/health")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "ok" and r.get_json()["decisions"] == "ok" and r.get_json()["catalog"] is True
    library.paths.catalog.write_bytes(b"geen catalogus" * 300)  # every page would fail now
    r = client.get("/api/health")
    assert r.status_code == 503 and r.get_json()["status"] != "ok" and "catalogus" in str(r.get_json()["catalog"])


def test_store_of_before_the_marker_gets_one_and_is_then_protected(tmp_path):
    lib = store_with_state(tmp_path)
    precious.marker(lib.paths.precious).unlink()  # as a data folder of before this change
    assert make_app(tmp_path).test_client().get("/api/health").status_code == 200
    assert precious.marker(lib.paths.precious).exists()
    delete(lib.paths.precious)
    assert make_app(tmp_path).test_client().get("/api/health").status_code == 503


# ------------------------------------------------------------------ restore


def test_restore_says_what_it_drops_and_asks_for_ja(tmp_path):
    data = tmp_path / "data"
    lib = store_with_state(data)
    r = kb("backup", str(tmp_path / "kopie.sqlite"), data=data)
    assert r.exit_code == 0, r.output
    lib.decisions.record(AMBITION, None, "notitie", note="na de back-up", author="auditor")
    lib.users.add("laat", PASSWORD, "lezer")
    lib.status_decisions.record(AMBITION, 2020, "status vastgesteld", "lopend", "na de back-up gezien", author="auditor")
    lib.saved_searches.create("laat", "inbraken", "inbraak", {}, lib.saved_searches.arrivals({}))
    before = lib.paths.precious.read_bytes()
    r = kb("restore", str(tmp_path / "kopie.sqlite"), data=data)
    assert r.exit_code == 1, r.output
    assert "2 beslissingen, 1 gebruikers en 1 bewaarde zoekopdrachten" in r.output, r.output
    assert "na de back-up" in r.output and "status vastgesteld" in r.output and "laat: inbraken" in r.output, r.output
    assert "laat" in r.output and "--ja" in r.output
    assert len(lib.decisions.history()) == 3 and lib.users.get("laat") is not None  # nothing changed
    assert lib.paths.precious.read_bytes() == before and not list(data.glob("*.voor-herstel-*"))
    r = kb("restore", str(tmp_path / "kopie.sqlite"), "--ja", data=data)
    assert r.exit_code == 0 and "hersteld" in r.output and "voor-herstel" in r.output, r.output
    assert len(lib.decisions.history()) == 2 and lib.users.get("laat") is None
    safety = next(data.glob("decisions.sqlite.voor-herstel-*"))
    assert len(DecisionStore(safety).history()) == 3  # the dropped ones are kept there
    r = kb("restore", str(tmp_path / "kopie.sqlite"), data=data)
    assert r.exit_code == 1 and "geen beslissing of gebruiker verloren" in r.output, r.output


@pytest.mark.parametrize("how", DAMAGE)
def test_restore_mends_a_missing_or_damaged_store(tmp_path, how):
    data = tmp_path / "data"
    lib = store_with_state(data)
    kb("backup", str(tmp_path / "kopie.sqlite"), data=data)
    DAMAGE[how](lib.paths.precious)
    r = kb("restore", str(tmp_path / "kopie.sqlite"), "--ja", data=data)
    assert r.exit_code == 0, r.output
    if how != "verwijderd":
        assert "onleesbaar" in r.output and list(data.glob("decisions.sqlite.beschadigd-*"))
    assert len(lib.decisions.history()) == 2 and lib.users.get("auditor") is not None
    assert make_app(data).test_client().get("/api/health").status_code == 200


@pytest.mark.parametrize("how", [*DAMAGE, "gezond"])
def test_start_empty_on_purpose(tmp_path, how):
    lib = store_with_state(tmp_path)
    if how != "gezond":
        DAMAGE[how](lib.paths.precious)
    r = kb("restore", "--leeg", data=tmp_path)
    assert r.exit_code == 1 and "--ja" in r.output, r.output
    if how == "gezond":
        assert "2 beslissingen, 2 gebruikers en 0 bewaarde zoekopdrachten" in r.output and len(lib.decisions.history()) == 2
    r = kb("restore", "--leeg", "--ja", data=tmp_path)
    assert r.exit_code == 0 and "leeg begonnen" in r.output, r.output
    assert lib.decisions.history() == [] and lib.users.list() == []
    lib.users.add("opnieuw", PASSWORD, "beheerder")
    assert [u.name for u in lib.users.list()] == ["opnieuw"] and precious.marker(lib.paths.precious).exists()
    if how == "gezond":
        kept = next(tmp_path.glob("decisions.sqlite.voor-leeg-*"))
        assert len(DecisionStore(kept).history()) == 2


# ------------------------------------------------------------------ idempotent decisions


def test_same_key_records_one_decision(tmp_path):
    store = DecisionStore(tmp_path / "decisions.sqlite")
    first = store.record(AMBITION, SECTION, "bevestigd", "fp", note="ja", author="a", key="k-1")
    again = store.record(AMBITION, SECTION, "bevestigd", "fp", note="ja", author="a", key="k-1")
    assert again.id == first.id and again.replayed and not first.replayed
    assert len(store.history()) == 1
    other = store.record(AMBITION, SECTION, "bevestigd", "fp", note="ja", author="b", key="k-1")  # another author
    assert other.id != first.id and len(store.history()) == 2
    with pytest.raises(Exception) as info:
        store.record(AMBITION, SECTION, "afgewezen", "fp", author="a", key="k-1")
    assert getattr(info.value, "status", None) == 409 and len(store.history()) == 2
    store.record(AMBITION, SECTION, "afgewezen", "fp", author="a")  # without a key: always a new one
    store.record(AMBITION, SECTION, "afgewezen", "fp", author="a")
    assert len(store.history()) == 4


@pytest.fixture
def site(library):
    library.users.add("auditor", PASSWORD, "auditor")
    app = make_app(library.data_dir, library.documents_dir)
    client = app.test_client()
    login(client, "auditor")
    return library, client


def test_retried_form_post_is_stored_once(site):
    library, client = site
    html = client.get(f"/ambities/{AMBITION}").get_data(as_text=True)
    form = re.search(r'<form method="post" action="[^"]+/beslissing">.*?name="actie" value="notitie".*?</form>',
                     html, re.S).group(0)
    key = re.search(r'name="sleutel" value="([^"]+)"', form).group(1)
    keys = re.findall(r'name="sleutel" value="([^"]+)"', html)
    assert len(keys) == len(set(keys)) > 1  # every form its own
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    for _ in range(3):  # the first try timed out, the browser sent it again
        r = client.post(f"/ambities/{AMBITION}/beslissing",
                        data={"csrf_token": token, "actie": "notitie", "notitie": "eenmaal", "sleutel": key})
        assert r.status_code == 302
    assert [d.note for d in library.decisions.history(AMBITION)] == ["eenmaal"]


def test_api_idempotency_key(site):
    library, client = site
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    url = f"/api/ambitions/{AMBITION}/decisions"
    body = {"action": "bevestigd", "section_id": SECTION, "note": "api"}
    key = str(uuid.uuid4())
    answers = [client.post(url, json=body, headers={"X-CSRFToken": token, "Idempotency-Key": key}) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[0].get_json()
    assert answers[0].get_json()["id"] == answers[1].get_json()["id"]
    assert answers[1].headers.get("Idempotent-Replayed") == "true" and "Idempotent-Replayed" not in answers[0].headers
    field = [client.post(url, json={**body, "idempotency_key": "veld-1"}, headers={"X-CSRFToken": token})
             for _ in range(2)]
    assert field[0].get_json()["id"] == field[1].get_json()["id"] != answers[0].get_json()["id"]
    assert len(library.decisions.history(AMBITION)) == 2
    r = client.post(url, json={**body, "action": "afgewezen"}, headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert r.status_code == 409 and "sleutel" in r.get_json()["error"]
    r = client.post(url, json={**body, "idempotency_key": ["geen", "tekst"]}, headers={"X-CSRFToken": token})
    assert r.status_code == 400
    assert len(library.decisions.history(AMBITION)) == 2


# ------------------------------------------------------------------ full disk


@pytest.fixture
def full_disk(tmp_path, corpus):
    """A real full disk: a small tmpfs (mounting needs root, as the test machine runs;
    without it the test is skipped) holding a copy of the ingested data folder and the
    documents, filled up to the last byte by a file. RLIMIT_FSIZE would only limit one
    process's file sizes (EFBIG), not the disk every worker and SQLite's WAL share."""
    mount = tmp_path / "schijf"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"geen tmpfs te mounten (root nodig): {r.stderr.strip()}")
    try:
        data, docs = mount / "data", mount / "documents"
        shutil.copytree(corpus.data_dir, data, symlinks=True)
        shutil.copytree(DOCUMENTS, docs)
        yield data, docs, mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(mount: Path) -> None:
    """Write a file until not one more byte fits."""
    fd = os.open(mount / "vulling", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


@pytest.mark.slow
def test_full_disk_reads_keep_working_and_writes_say_so(full_disk):
    data, docs, mount = full_disk
    lib = Library(data, documents_dir=docs)
    lib.users.add("beheer", PASSWORD, "beheerder")
    lib.decisions.record(AMBITION, SECTION, "bevestigd", "fp", author="beheer")
    client = make_app(data, docs).test_client()
    login(client, "beheer")
    # a reader holds the WAL, so the recent writes stay in it when the disk fills
    with closing(sqlite3.connect(lib.paths.precious)) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM decisions").fetchone()
        for i in range(20):
            lib.record_decision(AMBITION, None, "notitie", f"recente notitie {i} " + "x" * 3000, author="beheer")
        fill(mount)
        holder.rollback()
    assert Path(f"{lib.paths.precious}-wal").exists()

    # reading: every logged-in page, with the decisions that are only in the WAL
    for page in ("/", f"/ambities/{AMBITION}", "/beheer", "/ambities", "/kpi"):
        r = client.get(page)
        assert r.status_code == 200, (page, r.get_data(as_text=True)[:500])
    assert "recente notitie 19" in client.get(f"/ambities/{AMBITION}").get_data(as_text=True)
    assert client.get("/api/health").status_code == 200

    # writing: a Dutch message, never a 500
    html = client.get(f"/ambities/{AMBITION}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    r = client.post(f"/ambities/{AMBITION}/beslissing", data={"csrf_token": token, "actie": "notitie",
                                                              "notitie": "past niet meer"}, follow_redirects=True)
    assert r.status_code == 200 and "De schijf is vol" in r.get_data(as_text=True)
    r = client.post(f"/api/ambitions/{AMBITION}/decisions", json={"action": "notitie", "note": "past niet"},
                    headers={"X-CSRFToken": token})
    assert r.status_code == 507 and "De schijf is vol" in r.get_json()["error"], r.get_json()
    r = client.post("/beheer/gebruikers", data={"csrf_token": token, "naam": "nieuw", "wachtwoord": PASSWORD,
                                               "rol": "lezer"}, follow_redirects=True)
    assert r.status_code == 200 and "De schijf is vol" in r.get_data(as_text=True)
    from io import BytesIO

    r = client.post("/beheer/upload", data={"csrf_token": token, "titel": "Nieuw plan", "soort": "plan",
                                           "bestand": (BytesIO(b"# Plan\n\n" + b"tekst " * 20000), "plan.txt")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert r.status_code == 200 and "De schijf is vol" in r.get_data(as_text=True), r.get_data(as_text=True)[-800:]
    r = client.post("/beheer/inlezen", data={"csrf_token": token}, follow_redirects=True)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "De schijf is vol" in html, html[-800:]
    r = kb("decision", "note", AMBITION, "ook niet", data=data)
    assert r.exit_code == 1 and "De schijf is vol" in r.output and "Traceback" not in r.output, r.output

    # room again: writing works, nothing was lost
    (mount / "vulling").unlink()
    n = len(lib.decisions.history())
    lib.decisions.record(AMBITION, None, "notitie", note="weer ruimte", author="beheer")
    assert len(lib.decisions.history()) == n + 1 == 22
