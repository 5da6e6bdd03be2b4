"""Ingest jobs started from the beheer pages. A job runs in a thread of the worker that
got the request; its progress is kept in <data>/jobs/<id>.json (Library.paths.jobs), so
every worker of the server (gunicorn runs two) shows the same progress page. One at a time
per data folder (kb.ingest's lock refuses a second, also one started from the command
line). A job whose process died shows as failed instead of running forever."""

from __future__ import annotations

import json
import os
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
    pid: int = field(default_factory=os.getpid)

    @property
    def running(self) -> bool:
        return self.state in ("wachten", "bezig")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["running"] = self.running
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

    def __init__(self, library: Library):
        self.library = library
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
            result = self.library.ingest(progress=progress, on_start=on_start, rebuild=job.rebuild, on_index=on_index)
        except KbError as exc:  # another ingest running (Busy), a write that failed...
            job.state, job.message = "mislukt", exc.message
        except Exception as exc:  # a bug must show on the page, not vanish in a thread
            job.state, job.message = "mislukt", f"Onverwachte fout: {type(exc).__name__}: {exc}"
        else:
            job.outcomes = [{"file": Path(o.path).name, "document_id": o.document_id, "sections": o.sections,
                             "error": o.error, "warnings": o.warnings} for o in result.outcomes]
            failed = [o for o in job.outcomes if o["error"]]
            job.state = "klaar"
            job.message = (f"{len(result.documents)} documenten, {len(result.sections)} secties"
                           + (f"; {len(failed)} bestand(en) niet gelezen" if failed else ""))
        job.finished = time.time()
        try:
            save(force=True)
        except OSError as exc:
            job.message += f" (de voortgang kon niet worden bewaard: {exc.strerror or exc})"
            self.unsaved[job.id] = job


def get_jobs() -> Jobs:
    return current_app.extensions[EXTENSION]


def init_app(app: Flask) -> None:
    from web.library import EXTENSION as LIBRARY

    app.extensions[EXTENSION] = Jobs(app.extensions[LIBRARY])
