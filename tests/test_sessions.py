"""Sessions, logins and headers (issue 18), through the real app's test client on a real
ingested corpus: failed logins are limited per name and per client address across every
worker (the limits live in the precious file), a session ends for good at logout, a new
password or removal, `next` is only ever a local path, an unknown Host is refused, and
what belongs to one person is never cached."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from helpers.paths import aid
from helpers.websetup import PASSWORD, build_site, csrf
from werkzeug.security import generate_password_hash

from kb import settings
from kb.cli import main
from kb.errors import KbError
from kb.store.users import LoginLimits, TooManyLogins, UserStore
from web import create_app

DECISIONS = f"/api/ambitions/{aid('ondermijning-4e')}/decisions"
DECISION = {"action": "bevestigd", "section_id": ("rotterdam-jaarverslag-2020/strategische-themas-korte-terugblik/"
                                                  "ondermijning/activiteiten-in-2020/18"), "note": "sessietest"}
_names = iter(range(10_000))


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus):
    return build_site(tmp_path_factory.mktemp("sessions"), corpus.data_dir)


def make_app(site, **config):
    docs, data = site
    return create_app({"DATA_DIR": str(data), "DOCUMENTS_DIR": str(docs), "SECRET_KEY": "test", "TESTING": True,
                       **config})


@pytest.fixture(scope="module")
def app(site):
    return make_app(site)


@pytest.fixture
def store(site) -> UserStore:
    return UserStore(site[1] / "decisions.sqlite")


def new_user(store: UserStore, role: str = "auditor") -> str:
    """A user of its own per test, so that ending its sessions or counting its failures
    touches no other test."""
    name = f"sessie-{next(_names)}-{time.monotonic_ns() % 100_000}"
    store.add(name, PASSWORD, role)
    return name


def client_from(app, address: str = "127.0.0.1"):
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = address
    return c


def meta_token(client) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


def try_login(client, name, password=PASSWORD, **form):
    return client.post("/inloggen", data={"naam": name, "wachtwoord": password, "csrf_token": csrf(client), **form})


def login(client, name):
    r = try_login(client, name)
    assert r.status_code == 302, r.get_data(as_text=True)
    return r


def copy_of_session(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


# --- failed logins are limited ---------------------------------------------------------------------------------------

def test_wrong_passwords_for_one_name_meet_a_limit(app, store):
    name = new_user(store)
    c = client_from(app, "10.1.0.1")
    for _ in range(10):
        assert try_login(c, name, "fout-wachtwoord").status_code == 401
    r = try_login(c, name, "fout-wachtwoord")
    assert r.status_code == 429
    assert "Te veel mislukte inlogpogingen; probeer het over 15 minuten opnieuw." in r.get_data(as_text=True)
    assert 840 <= int(r.headers["Retry-After"]) <= 900
    assert try_login(c, name).status_code == 429  # the right password too: nothing is checked while refused
    assert try_login(client_from(app, "10.1.0.2"), name).status_code == 429  # from any address
    other = new_user(store)
    assert try_login(c, other).status_code == 302  # another name from the same address still may


def test_wrong_passwords_from_one_address_meet_a_limit(app, store):
    c = client_from(app, "10.2.0.1")
    for i in range(30):
        assert try_login(c, f"geraden-{i}", "fout-wachtwoord").status_code == 401
    name = new_user(store)
    r = try_login(c, name)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert try_login(client_from(app, "10.2.0.2"), name).status_code == 302  # the name from elsewhere: fine


def test_a_successful_login_does_not_reset_the_address(app, store):
    c = client_from(app, "10.3.0.1")
    for i in range(29):
        assert try_login(c, f"geraden-{i}", "fout-wachtwoord").status_code == 401
    login(c, new_user(store))  # the attacker's own account
    c = client_from(app, "10.3.0.1")
    assert try_login(c, "geraden-29", "fout-wachtwoord").status_code == 401
    assert try_login(c, "geraden-30", "fout-wachtwoord").status_code == 429


def test_a_successful_login_clears_its_own_name(app, store):
    name = new_user(store)
    c = client_from(app, "10.4.0.1")
    for _ in range(9):
        assert try_login(c, name, "tikfout-wachtwoord").status_code == 401
    login(c, name)
    c = client_from(app, "10.4.0.1")
    for _ in range(9):  # a fresh count for the name
        assert try_login(c, name, "tikfout-wachtwoord").status_code == 401


def test_parallel_guesses_never_get_past_the_limit(app, store):
    """10 guesses a second from 8 clients at once: exactly 10 are checked."""
    name = new_user(store)
    clients = [client_from(app, f"10.5.0.{i}") for i in range(8)]
    tokens = [csrf(c) for c in clients]
    start = threading.Barrier(8)

    def guess(i):
        start.wait()
        return [clients[i].post("/inloggen", data={"naam": name, "wachtwoord": f"gok-{i}-{n}", "csrf_token": tokens[i]})
                .status_code for n in range(3)]

    with ThreadPoolExecutor(8) as pool:
        codes = [code for codes in pool.map(guess, range(8)) for code in codes]
    assert codes.count(401) == 10 and codes.count(429) == 14


def test_every_worker_counts_the_same_failures(site, store):
    """Two apps on one data folder, as two gunicorn workers: the count is shared."""
    name = new_user(store)
    one, two = client_from(make_app(site), "10.6.0.1"), client_from(make_app(site), "10.6.0.1")
    for i in range(10):
        assert try_login(one if i % 2 else two, name, "fout-wachtwoord").status_code == 401
    assert try_login(one, name).status_code == 429
    assert try_login(two, name).status_code == 429


def test_the_limits_are_settings(site, store):
    app = make_app(site, LOGIN_FAILURES_ACCOUNT="2", LOGIN_FAILURES_ADDRESS="0", LOGIN_FAILURE_MINUTES="1")
    name = new_user(store)
    c = client_from(app, "10.7.0.1")
    assert [try_login(c, name, "fout-wachtwoord").status_code for _ in range(3)] == [401, 401, 429]
    r = try_login(c, name, "fout-wachtwoord")
    assert "over 1 minuut opnieuw" in r.get_data(as_text=True) and int(r.headers["Retry-After"]) <= 60
    for i in range(40):  # no limit per address
        assert try_login(c, f"instelling-{i}", "fout").status_code == 401


def test_failures_older_than_the_window_no_longer_count(tmp_path):
    store = UserStore(tmp_path / "decisions.sqlite")
    store.add("anna", PASSWORD)
    limits = LoginLimits(per_account=2, per_address=0, window=1.0)
    assert store.login("anna", "fout", "1.2.3.4", limits) is None
    assert store.login("anna", "fout", "1.2.3.4", limits) is None
    with pytest.raises(TooManyLogins) as refused:
        store.login("anna", PASSWORD, "1.2.3.4", limits)
    assert refused.value.status == 429 and refused.value.retry_after == 1
    time.sleep(1.1)
    assert store.login("anna", PASSWORD, "1.2.3.4", limits).name == "anna"


# --- a session ends for good -----------------------------------------------------------------------------------------

def test_a_copied_cookie_stops_working_at_logout(app, store):
    name = new_user(store)
    c = app.test_client()
    login(c, name)
    thief = copy_of_session(app, c)
    r = thief.post(DECISIONS, json=DECISION, headers={"X-CSRFToken": meta_token(thief)})
    assert r.status_code == 201 and r.get_json()["author"] == name  # the copy works while the session lasts
    token = meta_token(thief)
    c.post("/uitloggen", data={"csrf_token": meta_token(c)})
    r = thief.post(DECISIONS, json=DECISION, headers={"X-CSRFToken": token})
    assert r.status_code in (400, 401)  # no session any more (its CSRF token went with it)
    assert 'name="csrf-token"' not in thief.get("/").get_data(as_text=True)  # anonymous
    assert thief.get("/beheer").status_code == 302
    login(c, name)  # logging in again does not revive the old copy
    assert 'name="csrf-token"' not in thief.get("/").get_data(as_text=True)


def test_a_removed_and_recreated_account_does_not_revive_old_cookies(app, store):
    name = new_user(store)
    c = app.test_client()
    login(c, name)
    thief = copy_of_session(app, c)
    beheer = app.test_client()
    login(beheer, new_user(store, "beheerder"))
    r = beheer.post(f"/beheer/gebruikers/{name}/verwijder", data={"csrf_token": csrf(beheer, "/beheer")})
    assert r.status_code == 302
    assert 'name="csrf-token"' not in c.get("/").get_data(as_text=True)
    store.add(name, PASSWORD, "auditor")  # the same name and password again
    for old in (c, thief):
        assert 'name="csrf-token"' not in old.get("/").get_data(as_text=True)
        assert old.post(DECISIONS, json=DECISION, headers={"X-CSRFToken": "x"}).status_code in (400, 401)
    login(app.test_client(), name)


def test_a_new_password_and_kb_users_logout_end_every_session(app, store, site):
    name = new_user(store)
    c = app.test_client()
    login(c, name)
    r = CliRunner().invoke(main, ["users", "password", name, "--wachtwoord", "een-heel-nieuw-wachtwoord",
                                  "--data-dir", str(site[1])])
    assert r.exit_code == 0, r.output
    assert 'name="csrf-token"' not in c.get("/").get_data(as_text=True)
    assert try_login(app.test_client(), name).status_code == 401
    fresh = app.test_client()
    assert try_login(fresh, name, "een-heel-nieuw-wachtwoord").status_code == 302
    assert 'name="csrf-token"' in fresh.get("/").get_data(as_text=True)
    r = CliRunner().invoke(main, ["users", "logout", name, "--data-dir", str(site[1])])
    assert r.exit_code == 0, r.output
    assert 'name="csrf-token"' not in fresh.get("/").get_data(as_text=True)
    r = CliRunner().invoke(main, ["users", "logout", "bestaat-niet", "--data-dir", str(site[1])])
    assert r.exit_code == 1 and "bestaat niet" in r.output
    with pytest.raises(KbError):
        store.set_password(name, "kort")


def test_a_restore_ends_every_session(site, tmp_path):
    """A back-up holds the session versions of its day: after `kb restore`, a cookie that
    was logged out since (or any other) must not work again."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(site[1], data, symlinks=True)
    app = make_app((site[0], data))
    store = UserStore(data / "decisions.sqlite")
    name = new_user(store)
    backup = tmp_path / "backup"
    backup.mkdir()
    assert CliRunner().invoke(main, ["backup", str(backup), "--data-dir", str(data)]).exit_code == 0
    c = app.test_client()
    login(c, name)
    thief = copy_of_session(app, c)
    c.post("/uitloggen", data={"csrf_token": meta_token(c)})
    kept = app.test_client()
    login(kept, name)
    r = CliRunner().invoke(main, ["restore", str(next(backup.iterdir())), "--ja", "--data-dir", str(data)])
    assert r.exit_code == 0, r.output
    for client in (thief, kept):
        assert 'name="csrf-token"' not in client.get("/").get_data(as_text=True)
    assert try_login(app.test_client(), name).status_code == 302  # the account itself is back


def test_login_and_logout_give_a_new_csrf_token(app, store):
    name = new_user(store)
    c = app.test_client()
    before = csrf(c)
    login(c, name)
    during = meta_token(c)
    assert during != before
    r = c.post(DECISIONS, json=DECISION, headers={"X-CSRFToken": before})
    assert r.status_code == 400  # the token of before the login no longer counts
    c.post("/uitloggen", data={"csrf_token": during})
    assert csrf(c) not in (before, during)


def test_a_login_lasts_permanent_session_lifetime(site, store):
    name = new_user(store)
    for config, lifetime in (({}, timedelta(hours=12)), ({"PERMANENT_SESSION_LIFETIME": "3600"}, timedelta(hours=1))):
        c = make_app(site, **config).test_client()
        r = login(c, name)
        assert "Expires=" in r.headers["Set-Cookie"]
        assert f"Max-Age={int(lifetime.total_seconds())}" in r.headers["Set-Cookie"]
        expires = c.get_cookie("session").expires
        assert abs(expires - (datetime.now(timezone.utc) + lifetime)) < timedelta(minutes=1)
    assert settings.defaults()["PERMANENT_SESSION_LIFETIME"] == 43200


def test_users_of_an_older_data_file_log_in(small, tmp_path):
    """A precious file from before session versions (only the users table) keeps working."""
    import shutil

    data = shutil.copytree(small, tmp_path / "data", symlinks=True)
    with sqlite3.connect(data / "decisions.sqlite") as db:
        db.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
                   "role TEXT NOT NULL, created TEXT NOT NULL)")
        db.execute("INSERT INTO users VALUES ('oud', ?, 'beheerder', '2024-01-01T00:00:00+00:00')",
                   (generate_password_hash(PASSWORD),))
    c = create_app({"DATA_DIR": str(data), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(c, "oud")
    assert c.get("/beheer").status_code == 200
    c.post("/uitloggen", data={"csrf_token": meta_token(c)})
    assert c.get("/beheer").status_code == 302


# --- where a login goes next -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/kpi\r\nSet-Cookie: x=y", "/kpi\n", "/\r\n/evil.example", "/kpi\x00",
                                    "//evil.example/x", "/\\evil.example", "https://evil.example/",
                                    "javascript:alert(1)", "kpi"])
def test_next_is_only_a_local_path(app, target):
    c = app.test_client()
    r = try_login(c, "lezer", next=target)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    page = c.get("/inloggen", query_string={"next": target}).get_data(as_text=True)
    assert 'name="next" value=""' in page


def test_a_wrong_password_keeps_where_one_was_going(app):
    c = app.test_client()
    r = c.get("/beheer")
    assert r.status_code == 302
    form = c.get(r.headers["Location"]).get_data(as_text=True)
    target = re.search(r'name="next" value="([^"]*)"', form).group(1)
    assert target == "/beheer"
    wrong = try_login(c, "lezer", "fout-wachtwoord", next=target)
    assert wrong.status_code == 401
    target = re.search(r'name="next" value="([^"]*)"', wrong.get_data(as_text=True)).group(1)
    assert target == "/beheer"
    r = try_login(c, "beheer", next=target)
    assert r.headers["Location"] == "/beheer"
    r = try_login(app.test_client(), "lezer", next="/zoeken?q=inbraak&thema=ondermijning")
    assert r.headers["Location"] == "/zoeken?q=inbraak&thema=ondermijning"



def test_the_login_form_keeps_next_in_its_address_too(app):
    """After a wrong password the form posts to /inloggen?next=…, so `next` survives even when
    the hidden field does not (a reload, a password manager that fills a fresh form); the "?"
    of request.full_path is dropped and the login form itself is never where one goes next."""
    c = app.test_client()
    target = "/ambities/rotterdam-strategische-themas-2019-2022:ondermijning-4e"
    wrong = c.post(f"/inloggen?next={target}?", data={"naam": "lezer", "wachtwoord": "fout", "csrf_token": csrf(c)})
    assert wrong.status_code == 401
    html = wrong.get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)" class="grid-form', html).group(1).replace("&amp;", "&")
    assert action == f"/inloggen?next={target}" and f'name="next" value="{target}"' in html
    r = c.post(action, data={"naam": "lezer", "wachtwoord": PASSWORD, "csrf_token": csrf(c)})  # no hidden field
    assert r.status_code == 302 and r.headers["Location"] == target
    r = try_login(app.test_client(), "lezer", next="/inloggen?next=/kpi")
    assert r.headers["Location"] == "/"
    assert try_login(app.test_client(), "lezer", next="//evil.example/").headers["Location"] == "/"


# --- only trusted hosts ----------------------------------------------------------------------------------------------

def test_an_unknown_host_is_refused_not_redirected_to(app):
    c = app.test_client()
    r = c.get("/api//search?q=inbraak", headers={"Host": "evil.example"})
    assert r.status_code == 400 and "Location" not in r.headers
    assert "hostnaam" in r.get_json()["error"]
    r = c.get("/zoeken?q=inbraak", headers={"Host": "evil.example"})
    assert r.status_code == 400 and "hostnaam" in r.get_data(as_text=True) and 'lang="nl"' in r.get_data(as_text=True)
    r = c.post("/inloggen", data={"naam": "lezer", "wachtwoord": PASSWORD}, headers={"Host": "evil.example"})
    assert r.status_code == 400 and "hostnaam" in r.get_data(as_text=True)  # before the CSRF check
    for host in ("localhost", "localhost:5000", "127.0.0.1:8000"):
        assert c.get("/api/search?q=inbraak", headers={"Host": host}).status_code == 200


def test_trusted_hosts_is_a_setting(site):
    c = make_app(site, TRUSTED_HOSTS="beleidsbank.example, .politie.example").test_client()
    assert c.get("/api/health", headers={"Host": "beleidsbank.example"}).status_code == 200
    assert c.get("/api/health", headers={"Host": "zoek.politie.example"}).status_code == 200
    assert c.get("/api/health", headers={"Host": "localhost"}).status_code == 400
    c = make_app(site, TRUSTED_HOSTS="*").test_client()
    assert c.get("/api/health", headers={"Host": "evil.example"}).status_code == 200
    with pytest.raises(KbError, match="KB_TRUSTED_HOSTS"):
        make_app(site, TRUSTED_HOSTS=" ")


# --- nothing personal is cached --------------------------------------------------------------------------------------

def test_personal_answers_are_not_stored(app):
    c = app.test_client()
    assert "no-store" not in c.get("/zoeken?q=inbraak").headers.get("Cache-Control", "")  # anonymous reading
    assert "no-store" not in c.get("/api/search?q=inbraak").headers.get("Cache-Control", "")
    export = c.get("/api/export/trace.csv")
    assert export.status_code == 200 and export.headers["Cache-Control"] == "no-store"  # downloads always
    assert c.get("/inloggen").headers["Cache-Control"] == "no-store"  # a CSRF token in the session
    login(c, "auditor")
    for path in ("/", "/zoeken?q=inbraak", "/zoeken.json?q=inbraak", "/api/search?q=inbraak", "/ambities",
                 "/api/ambitions", "/api/export/trace.csv", "/api/export/kpis.xlsx"):
        r = c.get(path)
        assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store", path
    assert c.get("/zoeken?q=inbraak").headers["Cache-Control"] == "no-store"  # also from the page cache
    assert "no-store" not in c.get("/static/style.css").headers.get("Cache-Control", "")


@pytest.mark.slow
def test_gunicorn_workers_share_the_count(small, tmp_path):
    """Served by gunicorn with two workers: the failures that either answers count together
    (the access log names the process that answered each request)."""
    import http.cookiejar
    import shutil
    import urllib.error
    import urllib.parse
    import urllib.request

    from helpers.servers import gunicorn

    data = shutil.copytree(small, tmp_path / "data", symlinks=True)
    UserStore(data / "decisions.sqlite").add("anna", PASSWORD)
    proc, port = gunicorn(data, "--workers", "2", "--access-logfile", "-", "--access-logformat", "%(p)s %(s)s")

    def attempt(password):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"http://127.0.0.1:{port}/inloggen", timeout=10).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"naam": "anna", "wachtwoord": password, "csrf_token": token}).encode()
        try:
            return opener.open(f"http://127.0.0.1:{port}/inloggen", body, timeout=10).status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        codes = [attempt("fout-wachtwoord") for _ in range(12)] + [attempt(PASSWORD)]
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert codes == [401] * 10 + [429] * 3
    answered = {line.split()[0] for line in out.splitlines() if re.fullmatch(r"<?\d+>? 40[19]", line.strip())}
    assert len(answered) == 2, out  # both workers counted
