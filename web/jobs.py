"""Ingest jobs started from the beheer pages. A job runs in a process of its own (web.jobrun,
with the memory and CPU-time limits KB_INGEST_MEMORY_MB and KB_INGEST_CPU_SECONDS, dying
with the worker), watched by a thread of the worker that got the request, which turns a
child stopped at a limit into a failed job with a Dutch message; the ingest replaces the
catalog and index only when complete, so a stopped one leaves the previous ones live. Its
progress is kept in <data>/jobs/<id>.json (Library.paths.jobs), so
every worker of the server (gunicorn runs two) shows the same progress page. One at a time
per data folder (kb.ingest's lock refuses a second, also one started from the command
line). A job whose process died shows as failed instead of running forever."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from flask import Flask, current_app

from kb.errors import KbError
from kb.files import atomic_write
from kb.library import Library

EXTENSION = "beleidsbank-jobs"
KEEP = 20  # finished jobs kept
SAVE_EVERY = 0.25  # seconds between two progress writes of one job
DIED = "Het proces dat deze taak uitvoerde is gestopt (herstart of crash); start het inlezen opnieuw."
KEPT = "de vorige catalogus en zoekindex blijven in gebruik"
# the settings a job's process runs under: its rlimits, and the parsers' caps it reads itself
LIMITS = ("INGEST_MEMORY_MB", "INGEST_CPU_SECONDS", "MAX_TEXT_MB", "PDF_MAX_PAGE_CHARS", "PDF_MAX_CHARS", "PDF_MAX_PAGE_MB")
# what a finished job did per file (web.jobrun.changes), in the order the job page lists them
CHANGES = ("nieuw", "gewijzigd", "verwijderd", "geweigerd", "ongewijzigd")

@dataclass
class Job:
    id: int
    by: str
    rebuild: bool
    state: str = "wachten"  # wachten | bezig | klaar | mislukt
    started: float = field(default_factory=time.time)
    finished: float | None = None
    files_total: int = 0
    files_done: int = 0
    current: str = ""
    index_done: int = 0
    index_total: int = 0
    message: str = ""
    outcomes: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)  # documents the catalog had before and no longer has
    pid: int = field(default_factory=os.getpid)

    @property
    def running(self) -> bool:
        return self.state in ("wachten", "bezig")

    def counts(self) -> dict[str, int]:
        """How many files were new, changed, removed, refused and unchanged (a job of
        before these were told apart counts its files as read)."""
        return {name: len(files) for name, files in self.by_change().items()}

    def by_change(self) -> dict[str, list[dict]]:
        """The files of a finished job grouped by what happened to them, in CHANGES order
        (removed documents as {document_id, title, file})."""
        groups: dict[str, list[dict]] = {name: [] for name in CHANGES}
        for o in self.outcomes:
            groups.setdefault(o.get("change") or ("geweigerd" if o.get("error") else "gelezen"), []).append(o)
        groups["verwijderd"] = list(self.removed)
        return groups

    def to_dict(self) -> dict:
        d = asdict(self)
        d["running"] = self.running
        d["counts"] = self.counts()
        return d


def _ids(folder: Path) -> list[int]:
    return sorted(int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit()) if folder.exists() else []


def _claim_id(folder: Path) -> int:
    """The next free number, claimed by creating its file: two workers starting a job at
    the same moment get different numbers."""
    folder.mkdir(parents=True, exist_ok=True)
    n = max(_ids(folder), default=0) + 1
    while True:
        try:
            os.close(os.open(folder / f"{n}.json", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            return n
        except FileExistsError:
            n += 1


def _load(path: Path) -> Job | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # just claimed and not written yet, or not ours
    known = {f.name for f in fields(Job)}
    job = Job(**{k: v for k, v in data.items() if k in known})
    if job.running and not _alive(job.pid):
        job.state, job.message = "mislukt", DIED
    return job


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return True


class Jobs:
    """The ingest jobs of one Library's data folder, as this worker sees them."""

    def __init__(self, library: Library, limits: dict | None = None):
        """`limits`: values of LIMITS (the app's config); those missing come from the
        environment or their defaults (kb.settings)."""
        from kb.limits import setting_int

        self.library = library
        self.limits = {name: int((limits or {}).get(name, setting_int(name))) for name in LIMITS}
        self.folder = library.paths.jobs
        # this worker's jobs whose last state could not be written (a full disk): the worker
        # that ran them still shows how they ended
        self.unsaved: dict[int, Job] = {}

    def start(self, by: str, rebuild: bool = False) -> Job:
        job = Job(_claim_id(self.folder), by, rebuild)
        self._save(job)
        for old in _ids(self.folder)[:-KEEP]:
            found = _load(self.folder / f"{old}.json")
            if found is None or not found.running:
                (self.folder / f"{old}.json").unlink(missing_ok=True)
        threading.Thread(target=self._run, args=(job,), daemon=True, name=f"ingest-{job.id}").start()
        return job

    def get(self, job_id: int) -> Job | None:
        return self.unsaved.get(int(job_id)) or _load(self.folder / f"{int(job_id)}.json")

    def recent(self) -> list[Job]:
        found = (_load(self.folder / f"{i}.json") for i in reversed(_ids(self.folder)))
        return [j for j in found if j is not None]

    def _save(self, job: Job) -> None:
        atomic_write(self.folder / f"{job.id}.json", json.dumps(job.to_dict(), ensure_ascii=False).encode("utf-8"))

    def _run(self, job: Job) -> None:
        last = [0.0]

        def save(force: bool = False) -> None:
            now = time.monotonic()
            if force or now - last[0] >= SAVE_EVERY:
                last[0] = now
                self._save(job)

        def on_start(n: int) -> None:
            job.files_total = n
            save(force=True)

        def progress(path: Path) -> None:
            job.files_done += 1
            job.current = path.name
            save()

        def on_index(done: int, total: int) -> None:
            job.index_done, job.index_total = done, total
            save()

        job.state = "bezig"
        save(force=True)
        try:
            result = self._in_child(job, progress=progress, on_start=on_start, on_index=on_index)
        except KbError as exc:  # another ingest running (Busy), a write that failed, a limit...
            job.state, job.message = "mislukt", exc.message
        except Exception as exc:  # a bug must show on the page, not vanish in a thread
            job.state, job.message = "mislukt", f"Onverwachte fout: {type(exc).__name__}: {exc}"
        else:
            job.outcomes, job.removed = result["outcomes"], result.get("removed", [])
            job.state = "klaar"
            counts = job.counts()
            job.message = (f"{result['documents']} documenten, {result['sections']} secties; "
                           + ", ".join(f"{n} {name}" for name, n in counts.items()))
        job.finished = time.time()
        try:
            save(force=True)
        except OSError as exc:
            job.message += f" (de voortgang kon niet worden bewaard: {exc.strerror or exc})"
            self.unsaved[job.id] = job


    def _in_child(self, job: Job, progress, on_start, on_index) -> dict:
        """Run the ingest in a web.jobrun process under the limits and follow its reports;
        its final report, or a KbError saying why it stopped."""
        lib = self.library
        request = {"data_dir": str(Path(lib.data_dir).resolve()), "documents_dir": str(Path(lib.documents_dir).resolve()),
                   "taxonomy_path": str(Path(lib.taxonomy_path).resolve()) if lib.taxonomy_path else None,
                   "scoring": lib.scoring,
                   "rebuild": job.rebuild, "parent": os.getpid(), "memory_mb": self.limits["INGEST_MEMORY_MB"],
                   "cpu_seconds": self.limits["INGEST_CPU_SECONDS"]}
        env = dict(os.environ, **{f"KB_{name}": str(value) for name, value in self.limits.items()})
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "MALLOC_ARENA_MAX"):
            env.setdefault(name, "2")  # address space reserved per thread counts toward the limit
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        final: dict = {}
        with tempfile.TemporaryFile() as log:
            try:
                child = subprocess.Popen([sys.executable, "-m", "web.jobrun"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, env=env)
            except OSError as exc:
                raise KbError(f"het inlezen kon niet worden gestart ({exc.strerror or exc})", status=500) from None
            with child:
                child.stdin.write(json.dumps(request).encode("utf-8"))
                child.stdin.close()
                for line in child.stdout:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    kind = event.get("event")
                    if kind == "start":
                        on_start(int(event["files"]))
                    elif kind == "file":
                        progress(Path(event["name"]))
                    elif kind == "index":
                        on_index(int(event["done"]), int(event["total"]))
                    elif kind in ("done", "error"):
                        final = event
                code = child.wait()
            if final.get("event") == "done":
                return final
            if final.get("event") == "error":
                raise KbError(final["message"], status=500)
            log.seek(max(0, log.seek(0, os.SEEK_END) - 4000))
            tail = [ln for ln in log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        raise KbError(self._stopped(code, tail[-1].strip() if tail else ""), status=500)

    def _stopped(self, code: int, last_line: str) -> str:
        """Why the job's process ended without a final report, in Dutch."""
        from web.jobrun import MEMORY_EXIT

        memory, cpu = self.limits["INGEST_MEMORY_MB"], self.limits["INGEST_CPU_SECONDS"]
        if code == MEMORY_EXIT or "MemoryError" in last_line:
            return f"Het inlezen gebruikte te veel geheugen (meer dan {memory} MB) en is gestopt; {KEPT}."
        if code == -signal.SIGXCPU:
            return f"Het inlezen gebruikte te veel rekentijd (meer dan {cpu} seconden) en is gestopt; {KEPT}."
        if code == -signal.SIGKILL:
            return (f"Het inlezen gebruikte te veel geheugen of tijd en is gestopt (het proces werd beëindigd); "
                    f"{KEPT}.")
        why = f"signaal {-code}" if code < 0 else f"exitcode {code}"
        return f"Het inlezen is onverwacht gestopt ({why}{': ' + last_line if last_line else ''}); {KEPT}."


def get_jobs() -> Jobs:
    return current_app.extensions[EXTENSION]


def init_app(app: Flask) -> None:
    from web.library import EXTENSION as LIBRARY

    app.extensions[EXTENSION] = Jobs(app.extensions[LIBRARY], {name: app.config[name] for name in LIMITS if name in app.config})
