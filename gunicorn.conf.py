"""gunicorn's settings for beleidsbank; gunicorn reads this file from the folder it starts in
(`make run`, the Procfile, the load test and the browser tests all start in the repository).

Two workers, one per core, with 8 threads each (a search waits on the disk now and then).

Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new
connections over them. With one shared socket, whichever worker woke first took a
connection, and a browser or proxy keeps its connection for many requests: in the load test
one worker held 35 of 50 clients and the other 15, and the busy one set the latency
(`/api/search` p95 about 145 ms; with a socket per worker 75 to 115 ms, as fast as this VM
happened to be).

SO_REUSEPORT also lets a second server bind the same port without an error and quietly take
half its connections. `on_starting` therefore refuses to start when the address is taken.

The worker is gunicorn's threaded worker whose queue for a thread serves the earliest
deadline first, calls to the JSON API having the nearer one (web/serving.py): with 50
clients back to back, `/api/search` p95 went from about 95-115 ms to 60-70 ms, pages from
about 105 to 130 ms (goals 100 and 250 ms). Measured again after the Library refactor, two
30 s runs each, alternated (`benchmarks/loadtest.py --worker gthread` for the stock worker):
`/api/search` p95 97/97 ms with it against 172/173 ms without; pages 211/212 against 178/183
ms. The API goal is met only with it, so it stays.
"""

from __future__ import annotations

import errno
import socket
import sys

workers = 2
threads = 8
reuse_port = True
worker_class = "web.serving.Worker"
logger_class = "web.serving.AccessLog"  # a feed's secret key never in the access log
# The longest request line gunicorn takes (its maximum; default 4094). A long search address
# reaches the app, which answers in Dutch above web.search.MAX_URL_CHARS (6000) instead of
# gunicorn's bare English "URI Too Long" at 4 KB (a 500-character query with accents is 4.5 KB).
limit_request_line = 8190


def _taken(host: str, port: int) -> bool:
    """Whether something already listens on host:port. A plain bind (no SO_REUSEPORT) fails
    then; SO_REUSEADDR only lets it pass over connections that are closing (TIME_WAIT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def when_ready(server) -> None:
    for host, port in (a for a in server.cfg.address if isinstance(a, tuple)):
        server.log.info("beleidsbank op http://%s:%s/ (%d workers, elk met een eigen socket)",
                        f"[{host}]" if ":" in host else host, port, server.num_workers)


def on_starting(server) -> None:
    for address in server.cfg.address:
        if not isinstance(address, tuple) or not address[1]:
            continue  # a unix socket, or port 0 (the kernel picks a free one)
        host, port = address[0], int(address[1])
        if _taken(host, port):
            server.log.error("Adres %s:%s is al in gebruik: draait beleidsbank (of iets anders) daar al? "
                             "Stop dat eerst of kies een andere poort.", host, port)
            sys.exit(1)
