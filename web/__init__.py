"""The Flask app (flaskr style): `create_app(test_config)`, one blueprint per area and
`init_app(app)` per resource.

Areas: zoeken (search), documenten (reader), ambities (trace matrix and decisions), kpi,
overzicht, leerdossiers, beheer (upload, ingest, users), auth (login) and api (JSON).
Every HTML page has a JSON twin at the same address plus ".json", built from the same
context (web/pages.py). Settings come from kb.settings: their defaults, then `KB_*`
environment variables (Flask's `from_prefixed_env`), then `test_config`.
"""

from __future__ import annotations

from flask import Flask, jsonify

from kb import settings


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

    from web import (admin, api, auth, cache, documents, errors, jobs, kpi, learning, library, overview, pages, search,
                     security, trace, trace_api)

    library.init_app(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = app.extensions[library.EXTENSION].secret_key()
    jobs.init_app(app)
    cache.init_app(app)
    pages.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    for module in (search, documents, trace, kpi, overview, learning, admin, auth, api, trace_api):
        app.register_blueprint(module.bp)

    @app.get("/api/health")
    def health():
        lib = app.extensions[library.EXTENSION]
        return jsonify({"status": "ok", "catalog": lib.catalog.exists(), "index": lib.index.current() is not None})

    return app
