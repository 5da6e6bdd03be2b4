"""The process an ingest job of the web runs in (`python -m web.jobrun`, started by
web.jobs): the ingest with a memory and a CPU-time limit (kb.limits.apply_rlimits, which
its parse workers inherit), dying with the web worker that waits for it.

It reads its request as one JSON object on stdin and reports on stdout, one JSON object a
line: {"event": "start", "files": n}, {"event": "file", "name": ...}, {"event": "index",
"done": d, "total": t}, and at the end {"event": "done", ...} or {"event": "error",
"message": ...}. Past the memory limit it exits with MEMORY_EXIT; past the CPU limit the
kernel stops it (SIGXCPU, then SIGKILL). Whatever it did not finish is not live: the
ingest replaces the catalog and the index only once each is complete.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

MEMORY_EXIT = 3


def main() -> int:
    request = json.loads(sys.stdin.read())
    from kb.limits import apply_rlimits, die_with_parent, watch_memory

    die_with_parent(request.get("parent"))
    apply_rlimits(int(request.get("memory_mb") or 0), int(request.get("cpu_seconds") or 0))
    watch_memory(int(request.get("memory_mb") or 0))
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # what a library prints goes to the log, not into the reports

    def send(**event) -> None:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
        out.flush()

    try:
        from kb.errors import KbError
        from kb.library import Library

        library = Library(request["data_dir"], request["documents_dir"],
                          taxonomy_path=Path(request["taxonomy_path"]) if request.get("taxonomy_path") else None,
                          scoring=request.get("scoring"))
        try:
            result = library.ingest(progress=lambda path: send(event="file", name=Path(path).name),
                                    on_start=lambda n: send(event="start", files=n), rebuild=bool(request.get("rebuild")),
                                    on_index=lambda done, total: send(event="index", done=done, total=total))
        except KbError as exc:  # another ingest running (Busy), a write that failed...
            send(event="error", message=exc.message)
            return 0
        send(event="done", documents=len(result.documents), sections=len(result.sections), **changes(result))
        return 0
    except MemoryError:
        os._exit(MEMORY_EXIT)  # no memory left to say more; the web worker knows what this means


def changes(result) -> dict:
    """Per file what the ingest did with it (`change`: nieuw, gewijzigd, ongewijzigd or
    geweigerd, against the catalog before), and the documents that are gone (`removed`)."""
    reused = set(result.reused)
    keys = {d.id: d.ingest_key for d in result.documents}

    def change(o) -> str:
        if o.error:
            return "geweigerd"
        before = result.previous.get(o.document_id)
        if before is None:
            return "nieuw"
        return "ongewijzigd" if o.document_id in reused or before.get("ingest_key") == keys.get(o.document_id) else "gewijzigd"

    outcomes = [{"file": Path(o.path).name, "document_id": o.document_id, "sections": o.sections,
                 "error": o.error, "warnings": o.warnings, "change": change(o)} for o in result.outcomes]
    removed = [{"document_id": doc_id, "title": doc.get("title") or doc_id, "file": Path(str(doc.get("path") or "")).name}
               for doc_id, doc in sorted(result.previous.items()) if doc_id not in keys]
    return {"outcomes": outcomes, "removed": removed}


if __name__ == "__main__":
    sys.exit(main())
