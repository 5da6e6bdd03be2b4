"""The app's Library (one per app, like flaskr's database connection: `init_app` makes it)
and the snapshot a request works on: taken on first use in the request and kept in `g`, so
a request never sees two states, and the next request sees what is live then. After an
ingest or a decision every worker takes the new snapshot on its next request."""

from __future__ import annotations

from flask import Flask, current_app, g

from kb.library import Library, Snapshot

EXTENSION = "beleidsbank"


def get_library() -> Library:
    return current_app.extensions[EXTENSION]


def get_snapshot() -> Snapshot:
    if "snapshot" not in g:
        g.snapshot = get_library().snapshot()
    return g.snapshot


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Library(app.config["DATA_DIR"], app.config["DOCUMENTS_DIR"],
                                        scoring=app.config["SCORING"])
