"""`@once`: an attribute computed on first use, once per object, for the facts a snapshot or
an index generation keeps as long as it lives. Threads that ask while it is being computed
wait for it rather than computing it again; other attributes of the object stay free."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_guard = threading.Lock()


class once:  # noqa: N801 - used as a decorator, like property
    def __init__(self, make: Callable[[Any], Any]):
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        found = obj.__dict__.get(self.name, _MISSING)  # set once computed: then never back here
        if found is not _MISSING:
            return found
        with _guard:
            lock = obj.__dict__.setdefault(f"_once_lock_{self.name}", threading.Lock())
        with lock:
            found = obj.__dict__.get(self.name, _MISSING)
            if found is _MISSING:
                found = obj.__dict__[self.name] = self.make(obj)
        return found


_MISSING = object()
