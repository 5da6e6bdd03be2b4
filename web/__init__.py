"""The Flask app (flaskr style). For now a health check; search, trace and the interface
arrive with their own issues."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify

from kb import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DATA_DIR=str(config.data_dir()))
    if test_config:
        app.config.update(test_config)

    @app.get("/api/health")
    def health():
        from kb.catalog import catalog_path

        return jsonify({"status": "ok", "catalog": catalog_path(Path(app.config["DATA_DIR"])).exists()})

    return app
