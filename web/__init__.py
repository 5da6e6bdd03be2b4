"""The Flask app (flaskr style): `create_app(test_config)`, one blueprint per area and
`init_app(app)` per resource. For now the JSON API (search in api.py, the trace in
trace_api.py); the full interface comes with its own issue."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify

from kb import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR=str(config.data_dir()), JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False

    from web import api, index_access, trace_api

    index_access.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(trace_api.bp)

    @app.get("/api/health")
    def health():
        from kb.catalog import catalog_path
        from kb.index.store import current_generation

        data = Path(app.config["DATA_DIR"])
        return jsonify({"status": "ok", "catalog": catalog_path(data).exists(),
                        "index": current_generation(data) is not None})

    return app
