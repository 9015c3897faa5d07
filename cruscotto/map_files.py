"""Map layers as files under static/maps/, served by Streamlit's static file serving
(`server.enableStaticServing` in .streamlit/config.toml) at app/static/maps/.

A file's name carries a digest of its content, so a rebuilt database or another language writes a
new file and a browser never shows a stale one (and may cache it for good). Written to a temporary
name and then renamed, so a reader never sees half a file; a full disk leaves no temporary file and
raises MapFilesFull, which the page turns into a message.

The folder is bounded in bytes and in number of files, whatever visitors ask for: past either limit
the least recently used files go (publishing or `touch`ing a file marks it used), down to PRUNE_TO of
the limits so pruning is rare. Decks that name a file are cached (page_data._map_deck), so every prune
first moves `generation()` on: a cache keyed by it never hands out a deck whose file was removed.
"""
import errno
import hashlib
import json
import os
import re
import tempfile
import threading
import time
from pathlib import Path

from cruscotto.paths import MAP_FILES_DIR

MAX_FILES = 300
MAX_BYTES = 150 * 1024 * 1024
PRUNE_TO = 0.75  # share of both limits left after a prune
URL_PREFIX = "app/static/maps/"  # relative: it follows the page's URL, also behind a base path
GENERATION_FILE = ".generation"  # its time stamp moves on at every prune, seen by every process sharing the folder

# A published file's path, also behind a base path: what ImmutableMapFiles lets browsers keep
FILE_PATH = re.compile(r"/app/static/maps/[^/]+-[0-9a-f]{16}\.json")
CACHE_CONTROL = b"public, max-age=31536000, immutable"

_lock = threading.Lock()  # one writer or pruner at a time in this process (script runs are threads)


class MapFilesFull(OSError):
    """The disk had no room for a map file (after removing our own least used ones)."""


def publish(collection: dict, stem: str) -> str:
    """Write the GeoJSON (unless an identical file exists), mark it used, and return the URL the browser fetches."""
    # maps.FeatureCollection brings its JSON text ready, joined from the stored geometry
    text = (getattr(collection, "json_text", None) or json.dumps(collection, separators=(",", ":"), ensure_ascii=False)).encode()
    name = f"{stem}-{hashlib.sha256(text).hexdigest()[:16]}.json"
    path = MAP_FILES_DIR / name
    with _lock:
        if not _mark_used(path):
            MAP_FILES_DIR.mkdir(parents=True, exist_ok=True)
            _write(path, text)
            _prune(MAX_FILES, MAX_BYTES)
    return URL_PREFIX + name


def touch(url: str) -> bool:
    """Mark the file behind a URL that publish() returned as used, so pruning keeps it; whether it still exists."""
    return _mark_used(MAP_FILES_DIR / url.removeprefix(URL_PREFIX))


def generation() -> int:
    """Changes whenever files are pruned (by any process sharing the folder): part of the key of cached decks."""
    try:
        return (MAP_FILES_DIR / GENERATION_FILE).stat().st_mtime_ns
    except OSError:
        return 0


def _mark_used(path: Path) -> bool:
    try:
        os.utime(path)
        return True
    except FileNotFoundError:
        return False


def _write(path: Path, text: bytes) -> None:
    """Write through a temporary file; on a full disk remove it, free our least used files, try once more."""
    for attempt in range(2):
        temporary = None
        try:
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as out:
                temporary = out.name
                out.write(text)
            os.replace(temporary, path)
            return
        except OSError as error:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            if attempt == 1 or not _prune(0, 0):
                raise MapFilesFull(error.errno, "no room for map files", str(path.parent)) from error


def _prune(max_files: int, max_bytes: int) -> bool:
    """Past either limit, remove least recently used files down to PRUNE_TO of the limits (all for 0, 0).
    Whether any file was removed. The generation moves on first; a file used after the prune began stays."""
    started = time.time()
    files = []
    for file in MAP_FILES_DIR.glob("*.json"):
        try:
            stat = file.stat()
        except FileNotFoundError:
            continue
        files.append((stat.st_mtime, stat.st_size, file))
    if len(files) <= max_files and sum(size for _, size, _ in files) <= max_bytes:
        return False
    files.sort(reverse=True)  # newest use first
    kept_files, kept_bytes = int(max_files * PRUNE_TO), max_bytes * PRUNE_TO
    doomed, count, total = [], 0, 0
    for used, size, file in files:
        if count + 1 <= kept_files and total + size <= kept_bytes:
            count, total = count + 1, total + size
        else:
            doomed.append(file)
    if not doomed:
        return False
    _next_generation()
    removed = False
    for file in doomed:
        try:
            if file.stat().st_mtime < started:  # not used (published or touched) since the prune began
                file.unlink()
                removed = True
        except FileNotFoundError:
            continue
    return removed


def _next_generation() -> None:
    """A new time stamp on the marker: needs no free block, so it works on a full disk too."""
    marker = MAP_FILES_DIR / GENERATION_FILE
    if not _mark_used(marker):
        marker.touch()


class ImmutableMapFiles:
    """ASGI middleware: a map file never changes under its name (the name carries its digest), so a browser
    may keep it for good and read it once. Streamlit's app static handler sends no Cache-Control and cannot
    answer a revalidation with 304, so without this a browser downloads the layer again on every view."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not FILE_PATH.search(scope.get("path", "")):
            return await self.app(scope, receive, send)

        async def send_cacheable(message):
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"]
                message = {**message, "headers": headers + [(b"cache-control", CACHE_CONTROL)]}
            await send(message)

        await self.app(scope, receive, send_cacheable)
