"""Streamlit's upload endpoint, open only to sessions that have logged in on /carica.

Streamlit 1.67 accepts `PUT /_stcore/upload_file/<session id>/<file id>` from any live session that sends its
XSRF cookie and header, whether or not the session shows an uploader: the bytes are kept in memory until the
session ends (starlette_routes.create_upload_routes). A visitor's browser has both, so a visitor could push
files up to server.maxUploadSize into the server's memory. UploadGate, an ASGI middleware in front of
Streamlit (server.py: st.App("dashboard.py", middleware=[Middleware(UploadGate)])), answers 403 before the
body is read unless the session is in the set that a successful login adds it to (grant) and a logout removes
it from (revoke). The set lives in this process, as Streamlit's sessions do.
"""
from __future__ import annotations

import logging
import re
import threading

LOG = logging.getLogger(__name__)

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/[^/]+/?$")  # any server.baseUrlPath in front
GUARDED_METHODS = {"PUT", "DELETE", "POST"}

_granted: set[str] = set()
_lock = threading.Lock()


def grant(session_id: str) -> None:
    with _lock:
        _granted.add(session_id)


def revoke(session_id: str) -> None:
    with _lock:
        _granted.discard(session_id)


def is_granted(session_id: str) -> bool:
    with _lock:
        return session_id in _granted


def current_session_id() -> str | None:
    """The Streamlit session of the running script (None outside one)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def upload_session(method: str, path: str) -> str | None:
    """The session id a request to the upload endpoint writes to; None for any other request."""
    match = UPLOAD_PATH.search(path)
    return match[1] if match and method.upper() in GUARDED_METHODS else None


class UploadGate:
    """ASGI middleware: refuses writes to the upload endpoint (403, body unread) for sessions not granted."""

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
        await self.app(scope, receive, send)
