"""Whole answers of the read-only pages, kept per snapshot: the same snapshot, the same
person (role and session) and the same address give the same page, so it is made once.
Entries of an old snapshot are never asked for again and age out. Not kept: answers to a
session with messages waiting (they show once), errors, and anything but a GET."""

from __future__ import annotations

import hashlib
import threading
from functools import wraps

from cachetools import TTLCache
from flask import Flask, Response, current_app, request, session
from flask_login import current_user

from web.library import get_snapshot

EXTENSION = "beleidsbank-pages"
BUDGET = 64 * 1024 * 1024  # bytes of pages kept per worker (a reader page of a long report is 250 kB)
TTL = 600  # s: a cached form's CSRF token stays well within its hour


class PageCache:
    def __init__(self, budget: int = BUDGET, ttl: float = TTL):
        self.pages: TTLCache = TTLCache(maxsize=budget, ttl=ttl, getsizeof=lambda page: max(1, len(page[0])))
        self.lock = threading.Lock()

    def get(self, key) -> Response | None:
        with self.lock:
            found = self.pages.get(key)
        if found is None:
            return None
        body, content_type = found
        return Response(body, content_type=content_type)  # a new answer: its headers are this request's

    def put(self, key, response: Response) -> None:
        with self.lock:
            try:
                self.pages[key] = (response.get_data(), response.content_type)
            except ValueError:  # larger than the whole budget: not kept
                pass


def _key() -> tuple | None:
    if request.method != "GET" or session.get("_flashes"):
        return None
    who = ("", "")
    if current_user.is_authenticated:
        token = session.get("csrf_token", "")
        who = (f"{current_user.name}:{current_user.role}", hashlib.sha256(token.encode()).hexdigest()[:16])
    return (get_snapshot().key, who, request.path, tuple(sorted(request.args.items(multi=True))))


def cached(view):
    """Keep the view's answer for this snapshot, person and address (see above)."""

    @wraps(view)
    def wrapper(**kwargs):
        key = _key()
        store: PageCache = current_app.extensions[EXTENSION]
        if key is not None:
            found = store.get(key)
            if found is not None:
                return found
        response = current_app.make_response(view(**kwargs))
        if key is not None and response.status_code == 200 and not response.direct_passthrough:
            store.put(key, response)
        return response

    return wrapper


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = PageCache()
