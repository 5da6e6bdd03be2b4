"""Writing files so that a reader sees the old one or the new one, never half of one."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

# what a write that did not fit says: no room on the disk, over a quota, over the process's
# file-size limit (which tests use to fill a disk for one process)
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def atomic_write(path: Path, data: bytes | Callable[[Path], None], fsync: bool = False,
                 exclusive: bool = False) -> Path:
    """Write `data` (bytes, or a function that writes the file at the path it is given) to
    a new file beside `path`, then rename it over `path`. A failure leaves `path` as it was
    and no temporary file behind. `fsync`: the bytes are on disk before the rename.
    `exclusive`: never over a file: FileExistsError when `path` exists, also one that
    appeared while this one was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        if fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)
            tmp.unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
