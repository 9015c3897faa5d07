"""Give memory back: what ended sessions leave behind at once, the rest once every visitor has left.

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
RECHECK_SECONDS = 10.0  # while sessions wait for a reconnection (server.disconnectedSessionTTL), look again this often
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


def _runtime():
    from streamlit.runtime import Runtime
    return Runtime.instance() if Runtime.exists() else None


def release_expired_session_files() -> int:
    """End the sessions whose reconnection window has passed, and drop the files they referred to.

    A closed tab's session is kept for a reconnection (server.disconnectedSessionTTL); after that Streamlit's
    store only forgets it at its next write, and the session shuts down (releasing its media files and
    download callables, each holding its table) only when the garbage collector reaches it, which, without the
    collection after every run, could be much later. Returns how many sessions' files were released."""
    runtime = _runtime()
    if runtime is None:
        return 0
    manager = runtime.media_file_mgr
    sessions = runtime._session_mgr  # Streamlit's session manager: active sessions and those kept to reconnect
    store = getattr(getattr(sessions, "_session_storage", None), "_cache", None)
    if hasattr(store, "expire"):
        store.expire()  # sessions past the reconnection window leave the store now, not at its next write
    ended = [session_id for session_id in list(getattr(manager, "_files_by_session_and_coord", {}))
             if sessions.get_session_info(session_id) is None]
    for session_id in ended:
        manager.clear_session_refs(session_id)
    if ended:
        manager.remove_orphaned_files()  # media files and download callables no session refers to
        manager.remove_orphaned_files()  # downloadable files go on the second pass (marked, then deleted)
    return len(ended)


def sessions_kept_for_reconnection() -> int:
    runtime = _runtime()
    if runtime is None:
        return 0
    sessions = runtime._session_mgr
    return len(sessions.list_sessions()) - len(sessions.list_active_sessions())


class ReleaseWhenIdle:
    """ASGI middleware counting the app's open websockets. Whenever one closes, the files of sessions ended for
    good are released. Once none is open for IDLE_SECONDS, release_memory runs on a worker thread; while
    closed sessions still wait for a reconnection it looks again every RECHECK_SECONDS, and releases their
    files and memory when they have expired."""

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
            self._cancel_pending()
        try:
            await self.app(scope, receive, send)
        finally:
            release_expired_session_files()
            with self._lock:
                self._open -= 1
                if self._open == 0:
                    self._schedule(asyncio.get_running_loop(), IDLE_SECONDS)

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _schedule(self, loop: asyncio.AbstractEventLoop, delay: float) -> None:
        self._cancel_pending()
        self._pending = loop.call_later(delay, self._idle, loop)

    def _idle(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            if self._open or self._pending is None:
                return
            self._pending = None
        loop.run_in_executor(None, self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            self._release_now(loop)
        except Exception:  # noqa: BLE001 - a worker thread's failure would otherwise vanish with its future
            log.exception("releasing memory failed")

    def _release_now(self, loop: asyncio.AbstractEventLoop) -> None:
        waiting = sessions_kept_for_reconnection()  # counted first: one that expires meanwhile gets a next round
        released = release_expired_session_files()
        release_memory()
        log.info("no visitor connected: memory released (%d ended sessions' files, %d sessions kept to reconnect)",
                 released, waiting)
        if waiting:
            def again() -> None:
                with self._lock:
                    if not self._open:
                        self._schedule(loop, RECHECK_SECONDS)
            loop.call_soon_threadsafe(again)
