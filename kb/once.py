"""Facts computed once and kept as long as their owner (a snapshot, an index generation):
`@once` for an attribute, computed on first use (threads that ask meanwhile wait for it;
other attributes stay free), and `memo` for answers per key, bounded.

Neither keeps a reference from the owner back to itself, so an owner nobody holds any more
is freed at once (an index generation closes its files then); cachetools' `cachedmethod`
would put a wrapper bound to the owner into the owner's own __dict__."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from cachetools import LRUCache, cached
from cachetools.keys import hashkey

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


def memo(size: int, make: Callable[..., Any]) -> Callable[..., Any]:
    """`make(key, *context)`, remembered by `key` alone (at most `size` keys, the least
    recently used go first), thread-safe. `make` must not refer to the memo's owner: pass
    what it needs from the owner as context."""
    return cached(LRUCache(maxsize=size), key=lambda key, *context: hashkey(key), lock=threading.Lock())(make)
