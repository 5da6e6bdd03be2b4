"""Where things live: the data folder (index, catalog, decisions) and the corpus folder.

The data folder is `var/` in the repository unless `KB_DATA_DIR` says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _root() -> Path:
    """The repository when running from a checkout, else the current directory."""
    return REPO_ROOT if (REPO_ROOT / "pyproject.toml").exists() else Path.cwd()


def data_dir() -> Path:
    env = os.environ.get("KB_DATA_DIR")
    return Path(env).expanduser().resolve() if env else _root() / "var"


def documents_dir() -> Path:
    env = os.environ.get("KB_DOCUMENTS_DIR")
    return Path(env).expanduser().resolve() if env else _root() / "documents"
