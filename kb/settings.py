"""Every setting of beleidsbank, as data: name, default and what it does (Datasette keeps
its settings this way). The web app reads them from `KB_<NAME>` environment variables with
Flask's `config.from_prefixed_env("KB")`; the command line takes `--data-dir` with
`KB_DATA_DIR` as its environment variable. The README lists them all (a test checks).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kb.errors import KbError

REPO_ROOT = Path(__file__).resolve().parent.parent


def _root() -> Path:
    """The repository when running from a checkout, else the current directory."""
    return REPO_ROOT if (REPO_ROOT / "pyproject.toml").exists() else Path.cwd()


@dataclass(frozen=True)
class Setting:
    name: str  # without the KB_ prefix
    default: object
    help: str

    @property
    def shown(self) -> str:
        """The default as the README's table of settings writes it."""
        if isinstance(self.default, bool):
            return "aan" if self.default else "uit"
        return "—" if self.default is None else str(self.default)


SETTINGS = (
    Setting("DATA_DIR", "var/", "Datamap met catalogus, zoekindex, beslissingen, gebruikers en taken."),
    Setting("DOCUMENTS_DIR", "documents/", "Map met de brondocumenten en hun metadata (uploads komen hier)."),
    Setting("LOGIN_REQUIRED", False, "Ook lezen vraagt inloggen (1/ja/true)."),
    Setting("SECURE_COOKIES", False, "Sessiecookies alleen over HTTPS (1/ja/true); zet aan achter HTTPS."),
    Setting("SECRET_KEY", None, "Sleutel voor sessies; zonder wordt er een bewaard in <datamap>/secret_key."),
    Setting("MAX_UPLOAD_MB", 50, "Grootste upload in MB."),
    Setting("SCORING", "fast", "Rangschikken met de numpy-route ('fast', kb/index/fast/) of met Whoosh' eigen "
                               "searcher.search ('whoosh'); dezelfde scores."),
    Setting("SEARCH_BUDGET_MS", 2000, "Tijd in milliseconden voor één zoekopdracht; daarna krijgen de overige "
                                      "treffers een fragment zonder markering, met een melding."),
    Setting("BASE_URL", None, "Adres waaronder gebruikers de webinterface openen (https://beleidsbank.example.nl); "
            "`kb export trace` zet in elke rij de link naar de ambitiepagina daaronder. Zonder: geen links in een "
            "export van de opdrachtregel (de download op de site gebruikt het adres van de site zelf)."),
    Setting("TRUSTED_HOSTS", "localhost,127.0.0.1",
            "Hostnamen waaronder de site bereikbaar is, met komma's (een naam met een punt ervoor telt ook voor "
            "subdomeinen; de poort telt niet; een IPv6-adres kan niet); een verzoek met een andere Host krijgt 400. "
            "'*' laat elke host toe (alleen achter een proxy die de host zelf controleert); leeg mag niet."),
    Setting("PERMANENT_SESSION_LIFETIME", 43200,
            "Hoe lang een login geldig blijft sinds het laatste verzoek, in seconden (43200 = 12 uur); dan verlopen "
            "het sessiecookie (Expires) en de ondertekende sessie."),
    Setting("LOGIN_FAILURES_ACCOUNT", 10,
            "Zoveel mislukte inlogpogingen op één naam binnen LOGIN_FAILURE_MINUTES, daarna 429 (0 = geen grens)."),
    Setting("LOGIN_FAILURES_ADDRESS", 30,
            "Zoveel mislukte inlogpogingen vanaf één adres binnen LOGIN_FAILURE_MINUTES, daarna 429 (0 = geen grens)."),
    Setting("LOGIN_FAILURE_MINUTES", 15, "Het venster in minuten waarin mislukte inlogpogingen tellen."),
    Setting("BEHIND_PROXY", False, "Achter een proxy (nginx, deploy/nginx/): clientadres en schema uit "
                                   "X-Forwarded-For en X-Forwarded-Proto (1/ja/true); alleen als gunicorn "
                                   "alleen via de proxy bereikbaar is."),
    Setting("MAX_TEXT_MB", 20, "Grootste tekst-, Markdown- of HTML-bestand dat wordt ingelezen, in MB."),
    Setting("PDF_MAX_PAGE_CHARS", 200000, "Meeste tekens (glyphs) op één PDF-pagina, en ook lijnen en vlakken; "
                                          "een PDF met een drukkere pagina wordt geweigerd."),
    Setting("PDF_MAX_CHARS", 10000000, "Meeste tekens in één PDF; een grotere wordt geweigerd."),
    Setting("PDF_MAX_PAGE_MB", 64, "Grootste uitgepakte opmaakinstructies (content stream) van één PDF-pagina, "
                                   "in MB; een PDF met een grotere wordt geweigerd."),
    Setting("OCR_MAX_PAGES", 100, "Meeste pagina's zonder tekstlaag (scans) die per PDF met OCR (Tesseract) "
                                  "worden gelezen; de rest wordt overgeslagen, met een waarschuwing (0 = geen grens)."),
    Setting("OCR_PAGE_SECONDS", 60, "Tijd in seconden voor de OCR van één pagina; een pagina die langer duurt "
                                    "wordt overgeslagen, met een waarschuwing (0 = geen grens)."),
    Setting("INGEST_MEMORY_MB", 2048, "Geheugen (adresruimte) per proces van een inleestaak vanuit de "
                                      "beheerpagina, in MB (0 = geen grens)."),
    Setting("INGEST_CPU_SECONDS", 600, "Rekentijd per proces van een inleestaak vanuit de beheerpagina, in "
                                       "seconden (0 = geen grens)."),
)
_TRUE = {"1", "ja", "true", "yes", "aan", "on"}


def as_bool(value: object) -> bool:
    """1/ja/true/yes/aan/on (any case) are true; everything else is false."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def defaults() -> dict:
    """The settings' values before the environment, folders within the checkout."""
    return {s.name: str(_root() / s.default) if s.name.endswith("_DIR") else s.default for s in SETTINGS}


def from_os(name: str) -> str:
    """A setting as the command line and the library read it: KB_<NAME>, else its default."""
    return os.environ.get(f"KB_{name}") or defaults()[name]


def data_dir() -> Path:
    return Path(from_os("DATA_DIR")).expanduser().resolve()


def documents_dir() -> Path:
    return Path(from_os("DOCUMENTS_DIR")).expanduser().resolve()


def from_environment(config) -> None:
    """KB_* variables into a Flask config, as text (Flask would parse them as JSON, which
    makes KB_SECRET_KEY=123456 a number); only the settings above, not KB_PASSWORD."""
    before = set(config)
    config.from_prefixed_env("KB", loads=str)
    for name in set(config) - before - {s.name for s in SETTINGS}:
        del config[name]


def normalise(config: dict) -> None:
    """Each setting made the type of its default: yes/no words to a bool, text to a whole
    number (or a clear error), a folder to an absolute path."""
    for s in SETTINGS:
        value = config.get(s.name)
        if isinstance(s.default, bool):
            config[s.name] = as_bool(value)
        elif isinstance(s.default, int) and not isinstance(value, int):
            try:
                config[s.name] = int(str(value).strip())
            except ValueError:
                raise KbError(f"KB_{s.name} moet een geheel getal zijn, niet {value!r}", status=500) from None
        elif s.name.endswith("_DIR") and value is not None:
            config[s.name] = str(Path(str(value)).expanduser().resolve())
    config["TRUSTED_HOSTS"] = trusted_hosts(config.get("TRUSTED_HOSTS"))


def trusted_hosts(value: object) -> list[str] | None:
    """KB_TRUSTED_HOSTS as Flask's TRUSTED_HOSTS: a list of names, None for '*' (every host)."""
    if value is None or isinstance(value, (list, tuple)):
        return None if value is None else list(value)
    names = [n for n in str(value).replace(",", " ").split() if n]
    if "*" in names:
        return None
    if not names:
        raise KbError("KB_TRUSTED_HOSTS is leeg: geef de hostnamen van de site, of * voor elke host", status=500)
    return names
