"""Ingest jobs started from the beheer pages: run in a thread of this process, with their
progress kept here for the progress page. One at a time per data folder (kb.ingest's
lock refuses a second, also one started from the command line)."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kb.ingest import IngestBusy, IngestError, ingest

_ids = itertools.count(1)
_jobs: dict[int, "Job"] = {}
_lock = threading.Lock()
KEEP = 20


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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["running"] = self.state in ("wachten", "bezig")
        return d


def start(documents_dir: Path, data_dir: Path, by: str, rebuild: bool = False) -> Job:
    job = Job(next(_ids), by, rebuild)
    with _lock:
        _jobs[job.id] = job
        for old in sorted(_jobs)[:-KEEP]:
            if not _jobs[old].to_dict()["running"]:
                del _jobs[old]
    threading.Thread(target=_run, args=(job, documents_dir, data_dir), daemon=True, name=f"ingest-{job.id}").start()
    return job


def get(job_id: int) -> Job | None:
    with _lock:
        return _jobs.get(job_id)


def recent() -> list[Job]:
    with _lock:
        return sorted(_jobs.values(), key=lambda j: -j.id)


def _run(job: Job, documents_dir: Path, data_dir: Path) -> None:
    job.state = "bezig"

    def on_start(n: int) -> None:
        job.files_total = n

    def progress(path: Path) -> None:
        job.files_done += 1
        job.current = path.name

    def on_index(done: int, total: int) -> None:
        job.index_done, job.index_total = done, total

    try:
        result = ingest([documents_dir], data_dir, progress=progress, on_start=on_start, rebuild=job.rebuild,
                        on_index=on_index)
    except IngestBusy:
        job.state, job.message = "mislukt", "Er loopt al een ingest op deze datamap; probeer het straks opnieuw."
    except IngestError as exc:
        job.state, job.message = "mislukt", str(exc)
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
