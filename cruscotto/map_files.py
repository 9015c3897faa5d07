"""Map layers as files under static/maps/, served by Streamlit's static file serving
(`server.enableStaticServing` in .streamlit/config.toml) at app/static/maps/.

A file's name carries a digest of its content, so a rebuilt database or another language writes a
new file and a browser never shows a stale one. Written to a temporary name and then renamed, so a
reader never sees half a file. Only the newest files are kept.
"""
import hashlib
import json
import os
import tempfile

from cruscotto.paths import MAP_FILES_DIR

KEEP_FILES = 300
URL_PREFIX = "app/static/maps/"  # relative: it follows the page's URL, also behind a base path


def publish(collection: dict, stem: str) -> str:
    """Write the GeoJSON (unless an identical file exists) and return the URL the browser fetches."""
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    name = f"{stem}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
    path = MAP_FILES_DIR / name
    if not path.exists():
        MAP_FILES_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=MAP_FILES_DIR, suffix=".tmp", delete=False, encoding="utf-8") as out:
            out.write(text)
        os.replace(out.name, path)
        _prune()
    return URL_PREFIX + name


def _prune() -> None:
    files = sorted(MAP_FILES_DIR.glob("*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        old.unlink(missing_ok=True)
