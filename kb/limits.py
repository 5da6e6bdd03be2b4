"""What one ingest may take, and processes that do not outlive their parent.

* `setting_int`: a whole-number setting of kb.settings as the parsers read it (KB_<NAME>,
  else its default), so a limit can be set lower for one run;
* `apply_rlimits`: an address-space and CPU-time limit for this process and every process
  it starts afterwards (an ingest started from the web runs in a child with these);
* `watch_memory`: a MemoryError a little before the memory limit, where Python can still
  handle it (at the limit itself CPython may abort: "Cannot recover from MemoryErrors while
  normalizing exceptions");
* `die_with_parent`: the kernel kills this process the moment the one that started it dies
  (Linux's PR_SET_PDEATHSIG; nothing elsewhere), so a killed `kb ingest` or web worker
  leaves no parse workers running on.
"""

from __future__ import annotations

import os
import resource
import signal
import sys

from kb.errors import KbError
from kb.settings import from_os

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 10  # from the CPU limit's SIGXCPU to the kernel's SIGKILL
AS_HEADROOM_MB = 1024  # address space beyond the memory limit: libraries, stacks, mapped files


def setting_int(name: str) -> int:
    """A whole-number setting (KB_<NAME> or its default); 0 or less means no limit."""
    value = from_os(name)
    try:
        return int(str(value).strip())
    except ValueError:
        raise KbError(f"KB_{name} moet een geheel getal zijn, niet {value!r}", status=500) from None


def thousands(n: int) -> str:
    """200000 -> "200.000"."""
    return f"{n:,}".replace(",", ".")


def apply_rlimits(memory_mb: int, cpu_seconds: int) -> None:
    """Limit this process (and the processes it starts from now on, which inherit the
    limits) to `memory_mb` MB of memory and `cpu_seconds` of CPU time; 0 = no limit.
    Past the memory limit an allocation fails (MemoryError); past the CPU limit the kernel
    sends SIGXCPU, and SIGKILL GRACE_SECONDS later. No core files.

    The memory is RLIMIT_DATA (the heap and private mappings: what Python allocates), with
    RLIMIT_AS, the whole address space, a GiB above it as a backstop: at the address-space
    limit itself even the stack cannot grow, and the process dies of a segfault instead of
    a MemoryError it can report."""
    _lower(resource.RLIMIT_CORE, 0)
    if memory_mb > 0:
        _lower(resource.RLIMIT_DATA, memory_mb * 1024 * 1024)
        _lower(resource.RLIMIT_AS, (memory_mb + AS_HEADROOM_MB) * 1024 * 1024)
    if cpu_seconds > 0:
        _lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + GRACE_SECONDS)


def _lower(which: int, soft: int, hard: int | None = None) -> None:
    """Set a limit, never above the hard limit this process already has."""
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        resource.setrlimit(which, (soft, resource.getrlimit(which)[1]))


WATCH_SHARE = 0.85  # of the memory limit: past it the main thread gets a MemoryError
WATCH_EVERY = 0.02  # seconds between two looks at the process's memory


def watch_memory(memory_mb: int) -> bool:
    """Raise MemoryError in the main thread once this process's data (what RLIMIT_DATA of
    `apply_rlimits` counts, read from /proc/self/statm) passes WATCH_SHARE of `memory_mb`.
    The kernel's limit makes an allocation fail wherever it happens, also inside the
    interpreter's own error handling, and then CPython aborts; this watcher stops the work
    earlier, between two bytecodes, with room left to say which file it was. A thread that
    looks every WATCH_EVERY seconds; False where there is no /proc (then only the limit)."""
    if memory_mb <= 0 or not os.path.exists("/proc/self/statm"):
        return False
    import threading
    import time

    budget = int(memory_mb * 1024 * 1024 * WATCH_SHARE)
    page = os.sysconf("SC_PAGE_SIZE")
    main = threading.main_thread().ident

    def stop(signum, frame):
        raise MemoryError(f"meer dan {WATCH_SHARE:.0%} van de geheugengrens van {memory_mb} MB in gebruik")

    signal.signal(signal.SIGUSR2, stop)

    def watch() -> None:
        fired = False
        while True:
            time.sleep(WATCH_EVERY)
            with open("/proc/self/statm") as f:
                data = int(f.read().split()[5]) * page
            if data > budget and not fired:
                fired = True
                signal.pthread_kill(main, signal.SIGUSR2)
            elif data < budget * 0.8:
                fired = False  # freed again: the next file may take its share

    threading.Thread(target=watch, name="geheugenwacht", daemon=True).start()
    return True


def die_with_parent(parent: int | None = None) -> bool:
    """Ask the kernel to SIGKILL this process when its parent (the thread that started it)
    ends. `parent`: the pid the caller expects as parent; when the parent already died
    before the request took effect, exit now. False where this cannot be had (not Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    expected = os.getppid() if parent is None else parent
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != expected:  # the parent died before the request was made
        os._exit(1)
    return True
