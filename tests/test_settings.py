"""Settings as data (kb/settings.py): each one documented in the README with its default,
read by the web app from KB_* variables with the types of their defaults."""

from __future__ import annotations

import re

import pytest
from helpers.paths import ROOT

from kb import settings
from kb.errors import KbError
from web import create_app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def settings_table() -> dict[str, str]:
    """KB_NAME -> its row, from the README's table of settings."""
    section = README.split("## Instellingen", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `KB_([A-Z_]+)` \|.*$", section, re.M)}


def test_every_setting_is_documented_with_its_default():
    table = settings_table()
    assert set(table) == {s.name for s in settings.SETTINGS}, "README table and kb/settings.py differ"
    for s in settings.SETTINGS:
        assert f"| `{s.shown}` |" in table[s.name], (s.name, table[s.name])


@pytest.mark.parametrize("raw,expected", [("1", True), ("ja", True), ("true", True), ("0", False), ("nee", False),
                                          ("false", False), ("", False)])
def test_the_app_reads_boolean_settings_from_the_environment(monkeypatch, tmp_path, raw, expected):
    monkeypatch.setenv("KB_LOGIN_REQUIRED", raw)
    monkeypatch.setenv("KB_SECURE_COOKIES", raw)
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "t"})
    assert app.config["LOGIN_REQUIRED"] is expected
    assert app.config["SESSION_COOKIE_SECURE"] is expected


def test_paths_numbers_and_choices_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "elders"))
    monkeypatch.setenv("KB_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("KB_SCORING", "whoosh")
    app = create_app({"SECRET_KEY": "t"})
    assert app.config["DATA_DIR"] == str(tmp_path / "elders")
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024
    assert app.extensions["beleidsbank"].scoring == "whoosh"
    monkeypatch.setenv("KB_SCORING", "snel")
    with pytest.raises(KbError, match="KB_SCORING"):
        create_app({"SECRET_KEY": "t"})
    monkeypatch.setenv("KB_SCORING", "fast")
    monkeypatch.setenv("KB_MAX_UPLOAD_MB", "veel")
    with pytest.raises(KbError, match="KB_MAX_UPLOAD_MB"):
        create_app({"SECRET_KEY": "t"})


@pytest.mark.parametrize("key", ["123456", "true", '{"a": 1}', "geheim met spaties"])
def test_the_secret_key_from_the_environment_is_taken_as_text(monkeypatch, tmp_path, key):
    monkeypatch.setenv("KB_SECRET_KEY", key)
    monkeypatch.setenv("KB_PASSWORD", "niet-in-de-config")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["SECRET_KEY"] == key and "PASSWORD" not in app.config
    client = app.test_client()
    assert client.get("/inloggen").status_code == 200  # a session can be signed with it
    assert not (tmp_path / "secret_key").exists()  # none kept in the data folder when one is given
