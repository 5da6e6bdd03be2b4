"""One index searcher per request, kept in `g` (like flaskr's database connection). It is
the thread's searcher on the generation that is live when the request starts
(IndexHandle.thread_searcher), so a request never sees two generations and the next
request sees whatever is live then."""

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
        g.searcher = handle.thread_searcher()
    return g.index_handle, g.searcher


def release_searcher(exc: BaseException | None = None) -> None:
    """The request is done with it; it stays open for the thread's next request."""
    g.pop("searcher", None)
    g.pop("index_handle", None)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(release_searcher)
