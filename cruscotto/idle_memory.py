"""Give memory back once every visitor has left.

With Streamlit's collection after every run turned off (.streamlit/config.toml, runner.postScriptGC: it was half
of a page run's CPU), what a load leaves behind waits for Python's generational collector, and memory freed by
Python stays in glibc's heap instead of going back to the system; the result caches (cruscotto/result_cache.py)
hold what the visitors asked for, up to their bounds. When the last websocket of the process has closed and none
opened for IDLE_SECONDS, the caches shrink to their few most recent results, then one full collection and a
malloc_trim run on a worker thread: the process comes back near its warm size (bench/bench_load.py measures it)
and no visitor waits for it.
"""
import asyncio
import ctypes
import ctypes.util
import gc
import logging
import threading

from cruscotto import result_cache
from cruscotto.local.upload_gate import STREAM_PATH

IDLE_SECONDS = 3.0
log = logging.getLogger(__name__)


def release_memory() -> None:
    """The result caches down to their resting size, a full collection, then glibc's malloc_trim (nothing
    where the C library is not glibc)."""
    result_cache.shrink_all()
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl, macOS): the collection alone
        pass


class ReleaseWhenIdle:
    """ASGI middleware counting the app's open websockets; after the last one closes and IDLE_SECONDS pass with
    none opened, release_memory runs once on a worker thread."""

    def __init__(self, app):
        self.app = app
        self._open = 0
        self._lock = threading.Lock()
        self._pending: asyncio.TimerHandle | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH):
            return await self.app(scope, receive, send)
        with self._lock:
            self._open += 1
            if self._pending is not None:
                self._pending.cancel()
                self._pending = None
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self._open -= 1
                if self._open == 0:
                    loop = asyncio.get_running_loop()
                    self._pending = loop.call_later(IDLE_SECONDS, self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            if self._open or self._pending is None:
                return
            self._pending = None
        loop.run_in_executor(None, release_memory)
        log.warning("no visitor connected: memory released")
