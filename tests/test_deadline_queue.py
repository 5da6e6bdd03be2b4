"""web/serving.py: a worker's queue for a thread serves the earliest deadline first, and
calls to the JSON API have the nearer one.

The pool on its own (order, the bound on a page's wait, errors, shutdown), the peek at a
real socket (it tells the class and leaves the request unread), and gunicorn with that
worker: one thread, ten page requests and one API call waiting at once (the worker stopped
with SIGSTOP while they are sent); the API call is answered before the pages sent before it."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import threading
import time

import pytest
from helpers.servers import gunicorn, workers_of

from web.serving import API, GOAL, PAGE, PriorityPool, request_class


def test_pool_serves_api_calls_first_and_first_come_within_a_class():
    done, gate = [], threading.Event()
    pool = PriorityPool(1, class_of=lambda name, r: r)
    blocker = pool.submit(lambda name, r: gate.wait(5), "blocker", PAGE)  # holds the only thread
    time.sleep(0.05)
    futures = [pool.submit(lambda name, r: done.append(name), name, r)
               for name, r in [("page-1", PAGE), ("page-2", PAGE), ("api-1", API), ("page-3", PAGE), ("api-2", API)]]
    gate.set()
    for f in [blocker, *futures]:
        f.result(timeout=5)
    assert done == ["api-1", "api-2", "page-1", "page-2", "page-3"]
    pool.shutdown()
    assert not any(t.is_alive() for t in pool._threads)


def test_a_page_that_waited_longer_than_the_head_start_goes_first():
    """Earliest deadline first: an API call is ahead of pages by the difference of the goals,
    so a stream of API calls cannot keep a page waiting for ever."""
    now = [0.0]
    done, gate = [], threading.Event()
    pool = PriorityPool(1, class_of=lambda name, r: r, clock=lambda: now[0])
    blocker = pool.submit(lambda name, r: gate.wait(5), "blocker", PAGE)
    time.sleep(0.05)
    head_start = GOAL[PAGE] - GOAL[API]
    jobs = [("old page", PAGE, 0.0), ("api soon after", API, head_start - 0.01),
            ("api too late", API, head_start + 0.01), ("new page", PAGE, head_start + 0.02)]
    futures = []
    for name, cls, at in jobs:
        now[0] = at
        futures.append(pool.submit(lambda name, r: done.append(name), name, cls))
    gate.set()
    for f in [blocker, *futures]:
        f.result(timeout=5)
    assert done == ["api soon after", "old page", "api too late", "new page"]
    pool.shutdown()


def test_pool_hands_errors_to_the_future():
    pool = PriorityPool(2, class_of=lambda *a: PAGE)
    failing = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=5)
    assert pool.submit(lambda: 42).result(timeout=5) == 42  # the thread lives on
    pool.shutdown()


class Conn:
    def __init__(self, sock):
        self.sock = sock


def test_request_class_peeks_without_taking_the_request():
    a, b = socket.socketpair()
    with a, b:
        assert request_class(Conn(b)) == PAGE  # nothing sent yet (a new connection)
        a.sendall(b"GET /api/search?q=inbraak HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.01)
        assert request_class(Conn(b)) == API
        assert b.recv(100).startswith(b"GET /api/search?q=inbraak")  # still there for the parser
        a.sendall(b"GET /zoeken?q=api HTTP/1.1\r\n\r\n")
        time.sleep(0.01)
        assert request_class(Conn(b)) == PAGE
        b.recv(100)
        a.sendall(b"POST /api/x HTTP/1.1\r\n\r\n")
        time.sleep(0.01)
        assert request_class(Conn(b)) == PAGE
    assert request_class(Conn(b)) == PAGE  # a closed socket: no error, just a page


@pytest.fixture()
def one_thread_server(small):
    proc, port = gunicorn(small, "--workers", "1", "--threads", "1", secret="priority-test")
    yield proc, port
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    assert "Using worker: web.serving.Worker" in out


@pytest.mark.slow
def test_gunicorn_answers_the_api_call_before_the_pages_queued_before_it(one_thread_server):
    proc, port = one_thread_server
    pages = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(10)]
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for conn in [*pages, api]:  # kept alive: from now on the worker's poller watches them
        conn.request("GET", "/api/health")
        conn.getresponse().read()
    [worker] = workers_of(proc.pid)
    answered, lock = [], threading.Lock()

    def answer(conn, name):
        assert conn.getresponse().read()
        with lock:
            answered.append(name)

    os.kill(worker, signal.SIGSTOP)
    try:
        # every request sent before the worker runs again, the API call last: a send returns
        # once the kernel holds the bytes, so no thread's start-up can make one late
        for conn in pages:
            conn.request("GET", "/zoeken?q=inbraak")
        api.request("GET", "/api/search?q=inbraak")
        time.sleep(0.05)  # the loopback hands the bytes to the worker's sockets
        threads = [threading.Thread(target=answer, args=(c, f"page-{i}")) for i, c in enumerate(pages)]
        threads.append(threading.Thread(target=answer, args=(api, "api")))
        for t in threads:
            t.start()
    finally:
        os.kill(worker, signal.SIGCONT)
    for t in threads:
        t.join(timeout=30)
    assert len(answered) == 11
    # the one thread may already have taken a page before the API call was queued
    assert answered.index("api") <= 1, answered
