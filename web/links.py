"""`link(endpoint, **values)`: url_for, remembered. Every page carries the same dozen menu,
style and script addresses and a search page one reader address per hit; url_for builds
each anew (about 10 µs), which was a tenth of a search page's time. An address depends
only on the endpoint, its values and the script root, so it is built once per process."""

from __future__ import annotations

from flask import Flask, request, url_for

from kb.lru import LRU

_links: LRU[str] = LRU(4096)


def link(endpoint: str, **values: str) -> str:
    """url_for(endpoint, **values) for values that are plain strings; remembered."""
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    return _links.get_or_make(key, lambda: url_for(endpoint, **values))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["link"] = link
