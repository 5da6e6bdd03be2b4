"""gunicorn's threaded worker with two changes: a worker's queue for a thread serves the
earliest deadline first, and a call to the JSON API has the nearer deadline; and the pages
gunicorn writes itself, for a request it cannot read (an address over 8190 bytes, too large
headers), are Dutch (`DutchErrors`), like every answer of the app.

With 25 kept-alive connections per worker and 8 threads, a request that arrives waits
behind the ones already queued. The JSON API is what other programs call, costs about half
of what a page costs, and has the tighter goal: p95 under 100 ms against 250 ms for pages
(with 50 clients at once). So a request's deadline is its arrival plus its class's goal, and
the pool takes the earliest deadline (EDF): an API call goes ahead of the pages that have
waited less than 150 ms, and no page waits longer than that for API calls, however many a
script sends. The worker tells the classes apart by the first bytes a connection sent,
read without taking them from the socket (MSG_PEEK).
"""

from __future__ import annotations

import itertools
import queue
import re
import socket
import threading
import time
from collections.abc import Callable
from concurrent import futures

from gunicorn.glogging import Logger
from gunicorn.workers import base as gunicorn_base
from gunicorn.workers.gthread import ThreadWorker

API, PAGE = "api", "page"
GOAL = {API: 0.100, PAGE: 0.250}  # s: p95 goal with 50 clients, the head start of a class
_API_PREFIX = b"GET /api/"


def request_class(conn) -> str:
    """API when the request waiting on this connection starts with GET /api/; PAGE when it is
    something else or has not arrived yet (a new connection), or the socket cannot be peeked
    at (TLS)."""
    try:
        start = conn.sock.recv(len(_API_PREFIX), socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (OSError, ValueError):
        return PAGE
    return API if start == _API_PREFIX else PAGE


class PriorityPool(futures.Executor):
    """Threads that take the job with the earliest deadline: its arrival (`clock`) plus the
    goal of its class (`class_of(*args)`); of equal deadlines the first submitted."""

    def __init__(self, threads: int, class_of: Callable[..., str] = request_class, clock: Callable[[], float] = time.monotonic):
        self._class_of, self._clock = class_of, clock
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads = [threading.Thread(target=self._work, name=f"request-{i}", daemon=True)
                         for i in range(threads)]
        for t in self._threads:
            t.start()

    def submit(self, fn, /, *args, **kwargs) -> futures.Future:
        future: futures.Future = futures.Future()
        deadline = self._clock() + GOAL[self._class_of(*args)]
        self._queue.put((deadline, next(self._order), future, fn, args, kwargs))
        return future

    def _work(self) -> None:
        while True:
            _deadline, _n, future, fn, args, kwargs = self._queue.get()
            if future is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - the future carries it to gunicorn, as the stdlib pool does
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for _ in self._threads:
            self._queue.put((float("inf"), next(self._order), None, None, (), {}))
        if wait:
            for t in self._threads:
                t.join()


class Worker(ThreadWorker):
    """gunicorn's gthread worker on a PriorityPool (get_thread_pool is its hook for that),
    whose own error pages (a request it cannot read: too long an address, too large headers,
    a malformed line) are in Dutch (DutchErrors)."""

    def init_process(self) -> None:
        if callable(getattr(gunicorn_base.util, "write_error", None)):  # as gunicorn 23-27 write their error pages
            gunicorn_base.util = DutchErrors(gunicorn_base.util, self.cfg.limit_request_line)
        else:
            self.log.warning("gunicorn schrijft zijn foutpagina's niet meer met util.write_error: ze blijven Engels")
        super().init_process()

    def get_thread_pool(self) -> PriorityPool:
        return PriorityPool(self.cfg.threads)


# gunicorn's answer to a request that never reaches the app, by status: (title, what to do)
GUNICORN_ERRORS = {
    400: ("Ongeldig verzoek", "De server kon dit verzoek niet lezen. Open de pagina opnieuw via de startpagina."),
    403: ("Geen toegang", "Dit verzoek wordt niet aangenomen."),
    414: ("Adres te lang", "Dit adres is langer dan de server aanneemt ({limit} tekens). Een zoekvraag mag hooguit "
                           "{query} tekens zijn: maak de vraag korter of haal filters weg."),
    417: ("Verwachting niet mogelijk", "De server kan niet aan de 'Expect'-kopregel van dit verzoek voldoen."),
    431: ("Kopregels te groot", "De kopregels van dit verzoek (bijvoorbeeld cookies) zijn te groot. Verwijder de "
                                "cookies van deze site en probeer het opnieuw."),
    500: ("Interne fout", "Er ging iets mis bij het lezen van dit verzoek. Probeer het later opnieuw."),
    501: ("Niet ondersteund", "Deze manier van versturen ondersteunt de server niet."),
}


def dutch_error_page(status: int, reason: str, limit: int = 8190) -> bytes:
    """The whole HTTP answer gunicorn writes for a request it could not read, in Dutch
    (`limit`: its longest request line, gunicorn.conf.py's limit_request_line)."""
    title, text = GUNICORN_ERRORS.get(status, GUNICORN_ERRORS[400 if status < 500 else 500])
    from kb.index.query import MAX_QUERY_CHARS  # here, not at import: gunicorn's arbiter imports this module

    text = text.replace("{limit}", str(limit)).replace("{query}", str(MAX_QUERY_CHARS))
    body = (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>{title} ({status})</title></head>'
            f'<body><main><h1>{title}</h1><p>{text}</p><p><a href="/">Naar de startpagina</a></p></main></body></html>\n'
            ).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Language: nl\r\nContent-Length: {len(body)}\r\n\r\n").encode("latin-1")
    return head + body


class DutchErrors:
    """gunicorn.util as gunicorn's worker base module sees it, with `write_error` writing the
    Dutch page: that module is its only caller, and it writes nothing else through it."""

    def __init__(self, util, limit: int):
        self._util = util
        self._limit = limit

    def __getattr__(self, name):
        return getattr(self._util, name)

    def write_error(self, sock, status_int, reason, mesg) -> None:
        self._util.write_nonblock(sock, dutch_error_page(int(status_int), reason, self._limit))


class AccessLog(Logger):
    """gunicorn's access log without the secret key of an Atom feed (`?sleutel=…` works
    without a login: web/saved.py), as deploy/nginx/beleidsbank.conf logs it too."""

    SECRET = re.compile(r"(?<=[?&]sleutel=)[^&\s]*")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if isinstance(atoms.get("r"), str):
            atoms["r"] = self.SECRET.sub("verborgen", atoms["r"])
        if isinstance(atoms.get("q"), str):
            atoms["q"] = self.SECRET.sub("verborgen", "?" + atoms["q"])[1:]
        return atoms
