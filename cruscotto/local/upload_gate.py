"""Streamlit's upload endpoint, open only to sessions that have logged in on /carica.

Streamlit 1.67 accepts `PUT /_stcore/upload_file/<session id>/<file id>` from any live session that sends its
XSRF cookie and header, whether or not the session shows an uploader: the bytes are kept in memory until the
session ends (starlette_routes.create_upload_routes). A visitor's browser has both, so a visitor could push
files up to server.maxUploadSize into the server's memory. UploadGate, an ASGI middleware in front of
Streamlit (server.py, through cruscotto.edge.middleware()), answers 403 before the
body is read unless the session is in the set that a successful login adds it to (grant) and a logout removes
it from (revoke). The set lives in this process, as Streamlit's sessions do.

Streamlit frees a session's uploaded files only when it shuts the session down, which a closed browser tab never
triggers: the session waits in storage for a reconnect and is later dropped from it without shutdown, files
kept (1.67: WebsocketSessionManager.disconnect_session, MemorySessionStorage). So a session's grant and files end
with its websocket (SessionEndCleanup), with logout (revoke), and when the page is done with them
(release_files); and a session keeps only the file it uploaded last (UploadGate).
"""
from __future__ import annotations

import logging
import re
import threading

LOG = logging.getLogger(__name__)

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/([^/]+)/?$")  # any server.baseUrlPath in front
STREAM_PATH = "/_stcore/stream"
GUARDED_METHODS = {"PUT", "DELETE", "POST"}

_granted: set[str] = set()
_lock = threading.Lock()


def grant(session_id: str) -> None:
    with _lock:
        _granted.add(session_id)


def revoke(session_id: str) -> None:
    with _lock:
        _granted.discard(session_id)
    release_files(session_id)


def is_granted(session_id: str) -> bool:
    with _lock:
        return session_id in _granted


def upload_manager():
    """Streamlit's in-memory store of uploaded files (None outside a running server)."""
    from streamlit.runtime import Runtime
    return Runtime.instance().uploaded_file_mgr if Runtime.exists() else None


def release_files(session_id: str, keep: str | None = None) -> None:
    """Drop the files a session uploaded (but `keep`, a file id), e.g. once a page has stored what it read."""
    manager = upload_manager()
    if manager is None:
        return
    if keep is None:
        manager.remove_session_files(session_id)
        return
    for file_id in list(getattr(manager, "file_storage", {}).get(session_id, {})):
        if file_id != keep:
            manager.remove_file(session_id, file_id)


def release_ended_sessions() -> None:
    """Grants and files of sessions whose websocket has closed."""
    from streamlit.runtime import Runtime
    if not Runtime.exists():
        return
    runtime = Runtime.instance()
    with _lock:
        _granted.difference_update([s for s in _granted if not runtime.is_active_session(s)])
    for session_id in list(getattr(runtime.uploaded_file_mgr, "file_storage", {})):
        if not runtime.is_active_session(session_id):
            runtime.uploaded_file_mgr.remove_session_files(session_id)


def current_session_id() -> str | None:
    """The Streamlit session of the running script (None outside one)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def upload_session(method: str, path: str) -> str | None:
    """The session id a request to the upload endpoint writes to; None for any other request."""
    match = UPLOAD_PATH.search(path)
    return match[1] if match and method.upper() in GUARDED_METHODS else None


def uploaded_file(method: str, path: str) -> tuple[str, str] | None:
    """(session id, file id) of a PUT to the upload endpoint; None for any other request."""
    match = UPLOAD_PATH.search(path)
    return (match[1], match[2]) if match and method.upper() == "PUT" else None


class UploadGate:
    """ASGI middleware: refuses writes to the upload endpoint (403, body unread) for sessions not granted;
    once a granted session's upload is stored, its earlier files are dropped (one uploader, one file)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            session_id = upload_session(scope.get("method", ""), scope.get("path", ""))
            if session_id is not None and not is_granted(session_id):
                LOG.warning("Upload refused: session %s has not logged in on /carica", session_id[:64])
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": b"Upload refused: log in on /carica first.\n"})
                return
            if stored := uploaded_file(scope.get("method", ""), scope.get("path", "")):
                async def send_after_release(message):
                    # before the client hears of success, so its next request finds one file only
                    if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                        release_files(stored[0], keep=stored[1])
                    await send(message)

                return await self.app(scope, receive, send_after_release)
        await self.app(scope, receive, send)


class SessionEndCleanup:
    """ASGI middleware: when a websocket closes, Streamlit has disconnected its session; the grants and files of
    every session no longer connected are dropped (release_ended_sessions)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH):
            return await self.app(scope, receive, send)
        try:
            await self.app(scope, receive, send)
        finally:
            release_ended_sessions()
