"""web/serving.py: calls to the JSON API go ahead of pages in a worker's queue for a thread.

The pool on its own (order, errors, shutdown), the peek at a real socket (it ranks the
request and leaves it unread), and gunicorn with that worker: one thread, ten page requests
and one API call waiting at once (the worker stopped with SIGSTOP while they are sent); the
API call is answered before the pages that were sent before it."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from web.serving import API, PAGE, PriorityPool, rank

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from loadtest import free_port, workers_of


def test_pool_serves_the_lowest_rank_first_and_first_come_within_a_rank():
    done, gate = [], threading.Event()
    pool = PriorityPool(1, rank_of=lambda name, r: r)
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


def test_pool_hands_errors_to_the_future():
    pool = PriorityPool(2, rank_of=lambda *a: PAGE)
    failing = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=5)
    assert pool.submit(lambda: 42).result(timeout=5) == 42  # the thread lives on
    pool.shutdown()


class Conn:
    def __init__(self, sock):
        self.sock = sock


def test_rank_peeks_without_taking_the_request():
    a, b = socket.socketpair()
    with a, b:
        assert rank(Conn(b)) == PAGE  # nothing sent yet (a new connection)
        a.sendall(b"GET /api/search?q=inbraak HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.01)
        assert rank(Conn(b)) == API
        assert b.recv(100).startswith(b"GET /api/search?q=inbraak")  # still there for the parser
        a.sendall(b"GET /zoeken?q=api HTTP/1.1\r\n\r\n")
        time.sleep(0.01)
        assert rank(Conn(b)) == PAGE
        b.recv(100)
        a.sendall(b"POST /api/x HTTP/1.1\r\n\r\n")
        time.sleep(0.01)
        assert rank(Conn(b)) == PAGE
    assert rank(Conn(b)) == PAGE  # a closed socket: no error, just a page


@pytest.fixture()
def one_thread_server(small):
    port = free_port()
    env = {**os.environ, "KB_DATA_DIR": str(small), "KB_SECRET_KEY": "priority-test"}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
                             "--workers", "1", "--threads", "1", "web:create_app()"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("gunicorn stopte: " + proc.stdout.read())
            time.sleep(0.1)
    yield proc, port
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    assert "Using worker: web.serving.Worker" in out


def test_gunicorn_answers_the_api_call_before_the_pages_queued_before_it(one_thread_server):
    proc, port = one_thread_server
    pages = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(10)]
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for conn in [*pages, api]:  # kept alive: from now on the worker's poller watches them
        conn.request("GET", "/api/health")
        conn.getresponse().read()
    [worker] = workers_of(proc.pid)
    answered, lock = [], threading.Lock()

    def ask(conn, path, name):
        conn.request("GET", path)
        assert conn.getresponse().read()
        with lock:
            answered.append(name)

    os.kill(worker, signal.SIGSTOP)
    try:
        threads = [threading.Thread(target=ask, args=(c, "/zoeken?q=inbraak", f"page-{i}")) for i, c in enumerate(pages)]
        threads.append(threading.Thread(target=ask, args=(api, "/api/search?q=inbraak", "api")))
        for t in threads:
            t.start()
            time.sleep(0.02)  # the API call is sent last
    finally:
        os.kill(worker, signal.SIGCONT)
    for t in threads:
        t.join(timeout=30)
    assert len(answered) == 11
    # the one thread may already have taken a page before the API call was queued
    assert answered.index("api") <= 1, answered
