"""The analyst-editable data files checked by their pydantic models: a good file gives its
values, a bad one one Dutch line that names the file and the field (kb/datafiles.py)."""

import datetime as dt
import json

import pytest

from kb.enrich.metadata import read_metadata
from kb.enrich.themes import load_taxonomy
from kb.errors import KbError, ParseError
from kb.lang.abbreviations import load_curated
from kb.lang.synonyms import load_synonyms
from kb.store.corpus import _toml, add_document
from kb.store.decisions import EXPORT_FORMAT, DecisionStore
from kb.trace.status import StatusClassifier


def meta(tmp_path, text):
    path = tmp_path / "plan.meta.toml"
    path.write_text(text, encoding="utf-8")
    return path


def meta_error(tmp_path, text) -> str:
    with pytest.raises(ParseError) as caught:
        read_metadata(meta(tmp_path, text))
    assert caught.value.reason == "metadata" and caught.value.status == 422
    assert str(caught.value).startswith("metadata plan.meta.toml: "), str(caught.value)
    return str(caught.value)


# ---------------------------------------------------------------- metadata


def test_good_metadata_gives_only_the_fields_it_sets(tmp_path):
    text = ('title = "  Veiligheidsplan  "\nkind = "plan"\nunit = "Eenheid Oost"\nyear = 2020\n'
            'period = [2019, 2022]\ndate = 2018-11-12\nsource = "gemeente"\n')
    assert read_metadata(meta(tmp_path, text)) == {
        "title": "Veiligheidsplan", "kind": "plan", "unit": "Eenheid Oost", "year": 2020,
        "period": (2019, 2022), "date": dt.date(2018, 11, 12), "source": "gemeente"}
    assert read_metadata(meta(tmp_path, 'kind = "jaarverslag"\n')) == {"kind": "jaarverslag"}
    assert read_metadata(meta(tmp_path, "")) == {}


@pytest.mark.parametrize("text, period, date", [
    ('period = "2019-2022"\ndate = "2018-11-12"\n', (2019, 2022), dt.date(2018, 11, 12)),
    ('period = " 2019 – 2022 "\ndate = 2018-11-12T10:30:00\n', (2019, 2022), dt.date(2018, 11, 12)),
    ('period = [2000, 2049]\ndate = "20181112"\n', (2000, 2049), dt.date(2018, 11, 12)),
])
def test_period_and_date_spellings(tmp_path, text, period, date):
    fields = read_metadata(meta(tmp_path, text))
    assert fields["period"] == period and isinstance(fields["period"], tuple)
    assert fields["date"] == date and type(fields["date"]) is dt.date


@pytest.mark.parametrize("text, message", [
    ("title = 12\n", "'title' moet een niet-lege tekst zijn (kreeg 12)"),
    ('title = "   "\n', "'title' moet een niet-lege tekst zijn"),
    ("unit = []\n", "'unit' moet een niet-lege tekst zijn (kreeg [])"),
    ("[source]\nnaam = 'x'\n", "'source' moet een niet-lege tekst zijn (kreeg een tabel)"),
    ('kind = "rapport"\n', "'kind' moet een van plan, jaarverslag, jaarplan, voortgangsrapportage, evaluatie, "
                            "veiligheidsbeeld, leerdossier, overig zijn (kreeg 'rapport')"),
    ('year = "twintig"\n', "'year' moet een jaartal zijn, zoals 2020 (kreeg 'twintig')"),
    ('year = "2020"\n', "'year' moet een jaartal zijn, zoals 2020 (kreeg '2020')"),
    ("year = true\n", "'year' moet een jaartal zijn, zoals 2020 (kreeg True)"),
    ("year = 2020.0\n", "'year' moet een jaartal zijn"),
    ("year = 1949\n", "'year' moet een jaartal zijn"),
    ("year = 2100\n", "'year' moet een jaartal zijn"),
    ("period = [2019]\n", "'period' moet twee jaartallen zijn, zoals [2019, 2022] of \"2019-2022\" (kreeg [2019])"),
    ('period = "2019"\n', "'period' moet twee jaartallen zijn"),
    ("period = [2019, true]\n", "'period' moet twee jaartallen zijn"),
    ("period = [2022, 2019]\n", "'period' moet met het vroegste jaar beginnen"),
    ("period = [1, 2000000]\n", "'period' moet twee jaartallen tussen 1950 en 2099 zijn"),
    ("period = [1950, 2010]\n", "'period' mag hooguit 50 jaar beslaan"),
    ('date = "12-11-2018"\n', "'date' moet een datum zijn als 2018-11-12 (kreeg '12-11-2018')"),
    ("date = 20181112\n", "'date' moet een datum zijn"),
    ("date = 10:30:00\n", "'date' moet een datum zijn"),
])
def test_each_bad_field_is_named(tmp_path, text, message):
    assert message in meta_error(tmp_path, text)


def test_first_bad_field_in_file_order_of_the_checks(tmp_path):
    """As the ingest reports one line per file: the first field checked that is wrong."""
    error = meta_error(tmp_path, 'title = "Fout"\nkind = "rapport"\nyear = "twintig"\n')
    assert "'kind' moet een van" in error and "year" not in error


def test_unknown_fields_are_listed_with_the_allowed_ones(tmp_path):
    error = meta_error(tmp_path, 'titel = "Plan"\njaar = 2020\nkind = "rapport"\n')
    assert "onbekend veld jaar, titel (toegestaan: ambities, date, eigenaar, fenomenen, kind, period, reports_on, scope_units, source, status, supersedes, thema, title, unit, voorbeeld, year)" in error


def test_unreadable_metadata_files(tmp_path):
    path = meta(tmp_path, "")
    path.write_bytes('title = "Café"\n'.encode("latin-1"))
    with pytest.raises(ParseError, match="metadata plan.meta.toml: geen geldige UTF-8"):
        read_metadata(path)
    assert "geen geldige TOML" in meta_error(tmp_path, 'title = "niet afgesloten\n')
    with pytest.raises(ParseError, match="metadata weg.meta.toml: niet te lezen"):
        read_metadata(tmp_path / "weg.meta.toml")


def test_written_metadata_reads_back(tmp_path):
    fields = {"title": 'Plan "Samen"\nveilig', "kind": "plan", "unit": None, "year": 2021,
              "period": "2019-2022", "date": "2018-11-12", "source": ""}
    text = _toml(fields)
    assert "year = 2021\n" in text and "unit" not in text and "source" not in text
    assert read_metadata(meta(tmp_path, text)) == {
        "title": 'Plan "Samen"\nveilig', "kind": "plan", "year": 2021, "period": (2019, 2022),
        "date": dt.date(2018, 11, 12)}


def test_upload_with_a_bad_period_writes_nothing(tmp_path):
    docs = tmp_path / "docs"
    with pytest.raises(KbError) as caught:
        add_document(docs, "plan.txt", b"Plan\n", {"title": "Plan", "kind": "plan", "period": "2022-2019"})
    assert caught.value.status == 400 and "'period' moet met het vroegste jaar beginnen" in caught.value.message
    assert not list(docs.glob("*"))


# ---------------------------------------------------------------- server data files


def data_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def server_error(load, path) -> str:
    with pytest.raises(KbError) as caught:
        load(path)
    assert caught.value.status == 500
    return caught.value.message


@pytest.mark.parametrize("text, message", [
    ('[[theme]]\nslug = "a"\n', "thema 1 mist label"),
    ('[[theme]]\nslug = "a"\nlabel = "A"\n\n[[theme]]\nslug = "b"\nlabel = 3\n', "thema 2, 'label' moet een niet-lege tekst zijn (kreeg 3)"),
    ('[[theme]]\nslug = "a"\nlabel = "A"\nheadings = "kop"\n', "thema 1, 'headings' moet een lijst zijn (kreeg 'kop')"),
    ('[[theme]]\nslug = "a"\nlabel = "A"\ncues = ["x", 3]\n', "thema 1, 'cues' nummer 2 moet een niet-lege tekst zijn (kreeg 3)"),
    ('[[theme]]\nslug = "a"\nlabel = "A"\ncue = ["x"]\n', "thema 1: onbekend veld cue (toegestaan: cues, headings, kind, label, short, slug)"),
    ("theme = [1]\n", "thema 1 moet een tabel zijn (kreeg 1)"),
    ("", "bevat geen thema's"),
    ("[[theme]\n", "geen geldige TOML"),
])
def test_bad_taxonomy(tmp_path, text, message):
    path = data_file(tmp_path, "themes.toml", text)
    error = server_error(load_taxonomy, path)
    assert error.startswith(f"themabestand {path}") and message in error, error


def test_taxonomy_defaults(tmp_path):
    path = data_file(tmp_path, "themes.toml", '[[theme]]\nslug = "cyber"\nlabel = " Cybercrime "\nheadings = ["cyber"]\n')
    theme = load_taxonomy(path).themes[0]
    assert (theme.slug, theme.short, theme.label, theme.kind, theme.headings, theme.cues) == (
        "cyber", "cyber", "Cybercrime", "thema", ("cyber",), ())


@pytest.mark.parametrize("text, message", [
    ('[[groep]]\ntermen = ["alleen"]\n', "groep 1, 'termen' moet een lijst van minstens twee termen zijn (kreeg ['alleen'])"),
    ('[[groep]]\ntermen = ["a", "b"]\n\n[[groep]]\ntermen = ["a", ""]\n', "groep 2, 'termen' moet een lijst van minstens twee termen zijn"),
    ('[[groep]]\ntermen = ["a", "b"]\nrichting = "links"\n', "groep 1, 'richting' moet 'beide' of 'eenzijdig' zijn (kreeg 'links')"),
    ("[[groep]]\n", "groep 1 mist termen"),
    ('[[groepen]]\ntermen = ["a", "b"]\n', "onbekend veld groepen (toegestaan: groep)"),
])
def test_bad_synonyms(tmp_path, text, message):
    error = server_error(load_synonyms, data_file(tmp_path, "synonyms.toml", text))
    assert error.startswith("synonyms.toml: ") and message in error, error


def test_synonym_terms_are_stripped(tmp_path):
    groups = load_synonyms(data_file(tmp_path, "synonyms.toml", '[[groep]]\ntermen = [" a ", "b"]\nrichting = "eenzijdig"\n'))
    assert [(g.terms, g.oneway) for g in groups] == [(("a", "b"), True)]


@pytest.mark.parametrize("text, message", [
    ("[afkortingen]\nRIEC = 3\n", "'afkortingen.RIEC' moet een tekst of een lijst teksten zijn (kreeg 3)"),
    ('[afkortingen]\nRIEC = ["a", ""]\n', "'afkortingen.RIEC' moet een tekst of een lijst teksten zijn"),
    ("afkortingen = 3\n", "'afkortingen' moet een tabel zijn (kreeg 3)"),
    ('[afkorting]\nRIEC = "x"\n', "onbekend veld afkorting"),
])
def test_bad_abbreviations(tmp_path, text, message):
    error = server_error(load_curated, data_file(tmp_path, "abbr.toml", text))
    assert error.startswith("abbr.toml: ") and message in error, error


def test_curated_abbreviations_one_or_more_forms(tmp_path):
    path = data_file(tmp_path, "abbr.toml", '[afkortingen]\nRIEC = " Regionaal centrum "\nHIC = ["high impact crime", "hic"]\n')
    assert load_curated(path) == {"RIEC": ["Regionaal centrum"], "HIC": ["high impact crime", "hic"]}


@pytest.mark.parametrize("text, message", [
    ('[gerealiseerd]\nsignalen = "geen lijst"\n', "'gerealiseerd.signalen' moet een lijst zijn (kreeg 'geen lijst')"),
    ('[gerealiseerd]\nsignalen = ["af", 3]\n', "'gerealiseerd.signalen' nummer 2 moet een niet-lege tekst zijn (kreeg 3)"),
    ('[gerealiseerd]\nsignalen = ["af"]\n', "mist deels, lopend, vertraagd, niet_gerealiseerd"),
    ('[gerealiseerd]\nsignaal = ["af"]\n', "'gerealiseerd': onbekend veld signaal (toegestaan: signalen)"),
    ('[gerealiseerd]\nsignalen = ["af"]\n[deels]\nsignalen = ["half"]\n[lopend]\nsignalen = ["loopt"]\n'
     'nog_bezig = ["in opbouw"]\n[vertraagd]\nsignalen = ["later"]\n[niet_gerealiseerd]\nsignalen = ["nooit"]\n',
     "lopend.nog_bezig: in opbouw staat niet bij lopend.signalen"),
])
def test_bad_cue_file(tmp_path, text, message):
    error = server_error(StatusClassifier, data_file(tmp_path, "status-cues.toml", text))
    assert error.startswith("status-cues.toml: ") and message in error, error


# ---------------------------------------------------------------- decision import


GOOD = {"id": 7, "ambition_id": "a-1", "section_id": "s-1", "action": "bevestigd", "fingerprint": "fp",
        "note": None, "author": "auditor", "at": "2021-03-01T12:00:00"}


def export(*decisions):
    return {"format": EXPORT_FORMAT, "decisions": list(decisions)}


def test_import_adds_checked_decisions_in_utc(tmp_path):
    store = DecisionStore(tmp_path / "decisions.sqlite")
    note = {**GOOD, "action": "notitie", "section_id": None, "note": "zie 4e", "at": "2021-03-01T14:00:00+02:00"}
    assert store.import_(json.loads(json.dumps(export(GOOD, note)))) == (2, 0)
    assert [(d.action, d.at) for d in store.history()] == [
        ("bevestigd", "2021-03-01T12:00:00.000+00:00"), ("notitie", "2021-03-01T12:00:00.000+00:00")]
    assert store.import_(export(GOOD)) == (0, 1)


@pytest.mark.parametrize("data", [None, [], {"format": "iets anders", "decisions": []}, {"format": EXPORT_FORMAT},
                                  {"format": EXPORT_FORMAT, "decisions": {}},
                                  {"format": "iets anders", "decisions": [{"action": "x"}]}])
def test_not_an_export(tmp_path, data):
    with pytest.raises(KbError, match="dit is geen export van beslissingen") as caught:
        DecisionStore(tmp_path / "decisions.sqlite").import_(data)
    assert caught.value.status == 400


@pytest.mark.parametrize("bad, message", [
    ({"action": "bevestigd"}, "beslissing 3 mist ambition_id, author, at"),
    ({**GOOD, "author": None}, "beslissing 3, 'author' moet een niet-lege tekst zijn (kreeg None)"),
    ({**GOOD, "action": "goedgekeurd"}, "beslissing 3, 'action' moet een van bevestigd, afgewezen, toegevoegd, ingetrokken, notitie zijn"),
    ({**GOOD, "section_id": None}, "beslissing 3 is 'bevestigd' zonder sectie-id"),
    ({**GOOD, "at": "gisteren"}, "beslissing 3, 'at' moet een ISO-tijdstip zijn, zoals 2021-03-01T12:00:00+00:00 (kreeg 'gisteren')"),
    ({**GOOD, "note": 5}, "beslissing 3, 'note' moet een tekst zijn (kreeg 5)"),
    ("bevestigd", "beslissing 3 moet een object zijn (kreeg 'bevestigd')"),
])
def test_one_bad_decision_adds_nothing(tmp_path, bad, message):
    store = DecisionStore(tmp_path / "decisions.sqlite")
    with pytest.raises(KbError) as caught:
        store.import_(export(GOOD, {**GOOD, "author": "ander"}, bad))
    assert caught.value.status == 400 and message in caught.value.message, caught.value.message
    assert store.history() == []
