"""The Flask app (flaskr style): `create_app(test_config)`, one blueprint per area and
`init_app(app)` per resource.

Areas: zoeken (search), documenten (reader), ambities (trace matrix and decisions), kpi,
overzicht, leerdossiers, beheer (upload, ingest, users), auth (login) and api (JSON).
Every HTML page has a JSON twin at the same address plus ".json", built from the same
context (web/pages.py). Settings come from kb.settings: their defaults, then `KB_*`
environment variables (Flask's `from_prefixed_env`), then `test_config`.
"""

from __future__ import annotations

import sqlite3

from flask import Flask, jsonify, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from kb import settings
from kb.errors import KbError, NotReady
from kb.store import precious


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(settings.defaults())
    settings.from_environment(app.config)
    if test_config:
        app.config.update(test_config)
    settings.normalise(app.config)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from web import (admin, api, auth, cache, documents, errors, jobs, knowledge, kpi, learning, library, overview, pages,
                     plans, saved, search, security, trace, trace_api)

    library.init_app(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = app.extensions[library.EXTENSION].secret_key()
    jobs.init_app(app)
    cache.init_app(app)
    pages.init_app(app)
    security.init_app(app)
    refuse_without_precious(app)  # before auth: its user loader reads the store
    auth.init_app(app)
    errors.init_app(app)
    for module in (search, documents, trace, plans, kpi, overview, learning, knowledge, admin, auth, api, trace_api, saved):
        app.register_blueprint(module.bp)

    @app.get("/api/health")
    def health():
        """Says what it checked: the catalog and the precious store (decisions, users) each
        answer a cheap query; 503 with what is wrong when one does not. No catalog yet is
        not wrong (`catalog: false`)."""
        lib = app.extensions[library.EXTENSION]
        answer = {"status": "ok", "catalog": False, "index": lib.index.current() is not None, "decisions": "ok"}
        try:
            with lib.catalog.read() as catalog:
                answer["catalog"] = catalog.catalog_id() is not None
        except NotReady:
            pass
        except (KbError, sqlite3.Error) as exc:
            answer["status"], answer["catalog"] = "fout", str(exc)
        try:
            lib.check_precious()
        except KbError as exc:
            answer["status"], answer["decisions"] = "fout", exc.message
        return jsonify(answer), 200 if answer["status"] == "ok" else 503

    if app.config["BEHIND_PROXY"]:  # deploy/nginx/: the client's address and scheme from the proxy's headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    return app


def refuse_without_precious(app: Flask) -> None:
    """Precious state never silently resets: while `<data>/decisions.sqlite` is missing (and
    `decisions.present` says it existed) or damaged, every page answers 503 with the file and
    `kb restore` (kb.store.precious), and /api/health says so; nothing starts a new, empty
    store. Checked at start (in the log) and on every request (a stat and the first bytes), once:
    with a logged-in session by loading its user, which reads the store after the same check."""
    from web.library import EXTENSION

    lib = app.extensions[EXTENSION]
    try:
        lib.check_precious()
    except KbError as exc:
        app.logger.error("%s", exc.message)

    from web.auth import loads_user

    @app.before_request
    def precious_state():
        if request.endpoint in ("static", "health"):
            return
        if loads_user():  # loading the user reads the store, which checks it first (precious.reading)
            current_user.is_authenticated
        else:
            precious.check_present(lib.paths.precious)
