"""Results kept in this process, shared by every session: a small LRU per function, keyed by its arguments.

st.cache_resource does the same job but computes each key by inspecting the function's signature and hashing
every argument (a DataFrame argument by its content): about 0.2 ms per call, and a page run makes hundreds
of calls (each card asks for the catalogue's row of its indicator). Here a key is the tuple of the arguments
themselves, so arguments must be hashable values (lists become tuples); a DataFrame argument is refused: pass
what the frame is computed from instead. A visitor's `clear_cache` message does not reach these caches.
"""
import functools
import sys
import threading
import weakref
from collections import OrderedDict

_caches: "weakref.WeakSet[ResultCache]" = weakref.WeakSet()


class ResultCache:
    """At most max_entries results, least recently used dropped first. One computation per key at a time:
    sessions asking for the same missing result wait for the first one instead of computing it again."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._results: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict = {}  # key -> the lock its first caller holds while computing
        _caches.add(self)

    def get(self, key, compute):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._results:  # computed by the session we waited for
                    self._results.move_to_end(key)
                    return self._results[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self._results[key] = value
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._results)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def shrink(self, keep: int) -> None:
        """Keep only the `keep` most recently used results."""
        with self._lock:
            while len(self._results) > keep:
                self._results.popitem(last=False)


def hashable(value):
    """A key part for one argument: lists and tuples as tuples, dicts and sets frozen; frames refused."""
    if isinstance(value, (list, tuple)):
        return tuple(hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, hashable(item)) for key, item in value.items()))
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    # pandas is looked up, not imported: server.py loads this module before the server listens, and importing
    # pandas there (a second) would keep the first visitor waiting; without pandas loaded there is no frame
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series)):
        raise TypeError("a cached function takes the keys a frame is computed from, not the frame")
    return value


def cached(max_entries: int):
    """Decorate a function whose result depends only on its arguments (and is shared: callers never change it)."""
    def decorate(function):
        cache = ResultCache(max_entries)

        @functools.wraps(function)
        def call(*args, **kwargs):
            key = (tuple(hashable(arg) for arg in args), hashable(kwargs) if kwargs else ())
            return cache.get(key, lambda: function(*args, **kwargs))
        call.clear = cache.clear
        call.cache = cache
        return call
    return decorate


RESTING_ENTRIES = 8  # per cache, once every visitor has left (cruscotto/idle_memory.py)


def shrink_all(keep: int = RESTING_ENTRIES) -> None:
    """Every cache down to its `keep` most recently used results: what a load added is given back when the
    load is over, and the views last seen stay warm."""
    for cache in list(_caches):
        cache.shrink(keep)


def clear_all() -> None:
    """Empty every cache of this module (tests that swap the database or the planners' store)."""
    for cache in list(_caches):
        cache.clear()
