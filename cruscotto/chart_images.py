"""Plotly figures drawn as PNG or SVG files on the server, by kaleido driving the machine's Chromium.

Offline by construction: the page Chromium loads has plotly.js from the installed plotly package and no MathJax
(kaleido's defaults would fetch MathJax, and plotly.js without a plotly package, from a CDN). One browser serves
every request, one image at a time: starting Chromium and loading plotly.js takes seconds, an image once it runs
a few tenths of a second. It closes after IDLE_SECONDS without a request, so an idle dashboard holds no browser.
"""
import asyncio
import atexit
import functools
import logging
import os
import shutil
import threading
from pathlib import Path

import plotly

log = logging.getLogger(__name__)

# the chromium `make run` installs (Debian's); CRUSCOTTO_CHROMIUM names another browser binary
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
IDLE_SECONDS = 120.0
TIMEOUT_SECONDS = 60.0
FORMATS = ("png", "svg")


class ChromiumMissing(RuntimeError):
    """No Chromium on this machine: images cannot be drawn on the server."""


def chromium_path() -> str | None:
    """The browser kaleido drives: CRUSCOTTO_CHROMIUM if set (and executable), else the first on PATH. Looked up
    once per process (and value of CRUSCOTTO_CHROMIUM): every chart asks on every run of a page, and a search
    of PATH costs up to four directory scans. A browser installed later is found after a restart."""
    return _chromium_for(os.environ.get("CRUSCOTTO_CHROMIUM"))


@functools.lru_cache(maxsize=4)
def _chromium_for(chosen: str | None) -> str | None:
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return next((found for name in CHROMIUM_CANDIDATES if (found := shutil.which(name))), None)


class _Browser:
    """One kaleido browser on an event loop of its own thread, opened on the first request, closed when idle."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._idle_timer: threading.Timer | None = None

    def render(self, spec: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")
        path = chromium_path()
        if path is None:
            raise ChromiumMissing("no chromium on PATH (make run installs Debian's chromium when run as root)")
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
            try:
                if self._kaleido is None:
                    self._open(path)
                opts = {"format": fmt, "width": width, "height": height, "scale": scale}
                future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
                image = future.result(TIMEOUT_SECONDS)
            except BaseException:
                self._close()  # a browser that failed once is not trusted with the next request
                raise
            self._idle_timer = threading.Timer(IDLE_SECONDS, self.close)
            self._idle_timer.daemon = True
            self._idle_timer.start()
            return image

    def _open(self, path: str) -> None:
        import kaleido  # imported on the first image only: pages that draw no image never load it

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chart-images", daemon=True)
        self._thread.start()

        async def start():
            browser = kaleido.Kaleido(n=1, timeout=TIMEOUT_SECONDS, plotlyjs=str(PLOTLY_JS), mathjax=False,
                                      path=path)
            await browser.open()
            return browser
        self._kaleido = asyncio.run_coroutine_threadsafe(start(), self._loop).result(TIMEOUT_SECONDS)
        log.info("chart images: browser %s started", path)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        loop, browser = self._loop, self._kaleido
        self._loop = self._kaleido = None
        if loop is None:
            return
        if browser is not None:
            try:
                asyncio.run_coroutine_threadsafe(browser.close(), loop).result(TIMEOUT_SECONDS)
            except Exception:  # already gone (it crashed): its process group is reaped by choreographer
                log.exception("chart images: closing the browser failed")
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(TIMEOUT_SECONDS)
        loop.close()
        self._thread = None
        log.info("chart images: browser closed")

    @property
    def running(self) -> bool:
        return self._kaleido is not None


_browser = _Browser()
atexit.register(_browser.close)


def render(spec: dict, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """A figure (its dict) as PNG or SVG bytes, width × height CSS pixels (PNG: times scale). Raises
    ChromiumMissing where the machine has no browser; other failures (a timeout) propagate."""
    return _browser.render(spec, fmt, width, height, scale)


def close() -> None:
    """Close the browser now (tests; the idle timer does it otherwise)."""
    _browser.close()


def browser_running() -> bool:
    return _browser.running
