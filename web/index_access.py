"""One index searcher per request, kept in `g` and closed when the request ends (like
flaskr's database connection). Never refreshed: the next request opens a new one, on
whatever generation is live then."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from kb.index.store import open_index


def get_index():
    """The live IndexHandle (its lexicon, without opening a searcher)."""
    if "index_handle" not in g:
        g.index_handle = open_index(Path(current_app.config["DATA_DIR"]))
    return g.index_handle


def get_searcher():
    """(IndexHandle, Searcher) for this request. Raises kb.index.store.IndexMissing."""
    if "searcher" not in g:
        handle = get_index()
        g.searcher = handle.ix.searcher()
    return g.index_handle, g.searcher


def close_searcher(exc: BaseException | None = None) -> None:
    s = g.pop("searcher", None)
    g.pop("index_handle", None)
    if s is not None:
        s.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_searcher)
