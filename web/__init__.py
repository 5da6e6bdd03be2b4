"""The Flask app (flaskr style): `create_app(test_config)`, one blueprint per area and
`init_app(app)` per resource.

Areas: zoeken (search), documenten (reader), ambities (trace matrix and decisions), kpi,
overzicht, leerdossiers, beheer (upload, ingest, users), auth (login) and api (JSON).
Every HTML page has a JSON twin at the same address plus ".json", built from the same
context (web/pages.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, jsonify

from kb import config

MAX_UPLOAD_MB = 50


def _secret_key(data_dir: Path) -> str:
    """KB_SECRET_KEY, else a key kept in the data folder (made once, readable by us only),
    so sessions survive a restart and every worker of one server shares it."""
    env = os.environ.get("KB_SECRET_KEY")
    if env:
        return env
    path = data_dir / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key)
        return key
    except OSError:
        return secrets.token_hex(32)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        DATA_DIR=str(config.data_dir()),
        DOCUMENTS_DIR=str(config.documents_dir()),
        LOGIN_REQUIRED=os.environ.get("KB_LOGIN_REQUIRED", "") in ("1", "ja", "true"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("KB_SECURE_COOKIES", "") in ("1", "ja", "true"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(app.config["DATA_DIR"]))
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from web import (
        admin,
        api,
        auth,
        documents,
        errors,
        index_access,
        kpi,
        learning,
        links,
        overview,
        pages,
        search,
        security,
        trace,
    )

    index_access.init_app(app)
    links.init_app(app)
    pages.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    for module in (search, documents, trace, kpi, overview, learning, admin, auth, api):
        app.register_blueprint(module.bp)

    @app.get("/api/health")
    def health():
        from kb.store.catalog import catalog_path
        from kb.index.store import current_generation

        data = Path(app.config["DATA_DIR"])
        return jsonify({"status": "ok", "catalog": catalog_path(data).exists(),
                        "index": current_generation(data) is not None})

    return app
