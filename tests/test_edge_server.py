"""The web edge (cruscotto/edge.py, cruscotto/local/upload_gate.py) against a real server: Streamlit's st.App with
server.py's middleware, served by uvicorn in this process on a free port and driven over HTTP and raw websockets
speaking Streamlit's own protocol (BackMsg/ForwardMsg). In-process so that what the server holds (uploaded files,
caches) and what it calls (the external-IP lookup) can be checked directly. The app is a small script of its own:
the edge does not depend on the dashboard's pages."""
import http.client
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager

import pytest
import streamlit as st
import uvicorn
from streamlit import net_util
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from cruscotto import edge
from cruscotto.local import upload_gate
from cruscotto.paths import REPO
from tests.browser_support import free_port

APP = '''
import streamlit as st

st.session_state.setdefault("runs", 0)
st.session_state["runs"] += 1
if st.query_params.get("fail"):
    raise RuntimeError(f"broken in {__file__}")
st.write("ready")
'''


@contextmanager
def served(script):
    app = st.App(script, middleware=edge.middleware())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{base}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        Runtime._instance = None  # Streamlit keeps one runtime per process: the next served() makes its own


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    script = tmp_path_factory.mktemp("edge") / "app.py"
    script.write_text(APP, encoding="utf-8")
    with served(script) as address:
        yield address


def xsrf_cookie(base) -> str:
    with urllib.request.urlopen(f"http://{base}/_stcore/health") as response:  # where the frontend gets it
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("_streamlit_xsrf="):
                return value.split(";")[0].split("=", 1)[1]
    raise AssertionError("no XSRF cookie on the page")


def open_session(base, origin: str | None = None):
    headers = {"Origin": origin} if origin else {}
    return connect(f"ws://{base}/_stcore/stream", subprotocols=["streamlit"], additional_headers=headers,
                   open_timeout=10)


def run(socket_, query: str = "") -> list[ForwardMsg]:
    """Ask for a script run and collect what the server sends until it has finished."""
    message = BackMsg()
    message.rerun_script.query_string = query
    socket_.send(message.SerializeToString())
    return until_finished(socket_)


def until_finished(socket_) -> list[ForwardMsg]:
    received = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(socket_.recv(timeout=30))
        received.append(forward)
        if forward.HasField("script_finished"):
            return received


def session_id(messages) -> str:
    return next(m.new_session.initialize.session_id for m in messages if m.HasField("new_session"))


def stored_bytes(session: str | None = None) -> int:
    storage = Runtime.instance().uploaded_file_mgr.file_storage
    sessions = [storage.get(session, {})] if session else list(storage.values())
    return sum(len(record.data) for files in sessions for record in files.values())


def put(base, session: str, file_id: str, content: bytes, token: str | None) -> int:
    boundary = "edgeboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers |= {"X-Xsrftoken": token, "Cookie": f"_streamlit_xsrf={token}"}
    request = urllib.request.Request(f"http://{base}/_stcore/upload_file/{session}/{file_id}", data=body,
                                     headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_metrics_are_hidden_and_health_stays(base):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://{base}/_stcore/metrics")
    assert refused.value.code == 404
    assert urllib.request.urlopen(f"http://{base}/_stcore/health").status == 200


def test_pages_carry_the_security_headers(base):
    for path in ("/", "/_stcore/health"):
        with urllib.request.urlopen(f"http://{base}{path}") as response:
            for name, value in edge.SECURITY_HEADERS.items():
                assert response.headers[name] == value, (path, name)
    assert "frame-ancestors 'self'" in edge.SECURITY_HEADERS["content-security-policy"]


def test_one_client_opens_at_most_the_session_limit(base):
    limit = edge.MAX_SESSIONS_PER_CLIENT
    accepted, refused = 0, 0
    with ExitStack() as sessions:
        for _ in range(limit + 5):
            try:
                sessions.enter_context(open_session(base))
                accepted += 1
            except InvalidStatus as error:
                assert error.response.status_code == 403
                refused += 1
    assert (accepted, refused) == (limit, 5)
    # closed sessions no longer count
    assert wait_for(lambda: not edge_open_sessions(base))
    with open_session(base) as again:
        assert session_id(run(again))


def edge_open_sessions(base) -> bool:
    """True while the edge still counts sessions of this client that have closed."""
    with ExitStack() as sessions:
        try:
            for _ in range(edge.MAX_SESSIONS_PER_CLIENT):
                sessions.enter_context(open_session(base))
        except InvalidStatus:
            return True
    return False


def test_a_cross_origin_handshake_is_refused_without_looking_up_the_external_ip(base, monkeypatch):
    lookups = []
    monkeypatch.setattr(net_util, "get_external_ip", lambda: lookups.append(1) or None)
    with pytest.raises(InvalidStatus) as refused:
        open_session(base, origin="https://evil.example")
    assert refused.value.response.status_code == 403
    assert lookups == []
    # the page's own origin, and loopback names, still connect
    for origin in (f"http://{base}", f"http://localhost:{base.rsplit(':', 1)[1]}"):
        with open_session(base, origin=origin) as same:
            assert session_id(run(same))
    assert lookups == []


@st.cache_resource
def shared_resource():
    return object()


@st.cache_data
def shared_data():
    return uuid.uuid4().hex


def test_clear_cache_from_a_browser_leaves_every_cache_alone(base):
    resource, value = shared_resource(), shared_data()
    with open_session(base) as socket_:
        run(socket_)
        message = BackMsg()
        message.clear_cache = True
        socket_.send(message.SerializeToString())
        run(socket_)  # BackMsgs are handled in order: the clear_cache has been seen by now
    assert shared_resource() is resource
    assert shared_data() == value


def test_an_error_shows_no_message_and_no_path(base):
    with open_session(base) as socket_:
        messages = run(socket_, "fail=1")
    shown = [m.delta.new_element.exception for m in messages
             if m.HasField("delta") and m.delta.new_element.HasField("exception")]
    assert len(shown) == 1, "the error is shown"
    text = shown[0].message + " ".join(shown[0].stack_trace) + shown[0].type
    assert "broken in" not in text and str(REPO) not in text and "/tmp" not in text and ".py" not in text, text
    assert "error" in shown[0].message  # Streamlit's generic notice


def test_uploads_need_a_login_and_the_token_and_keep_only_the_last_file(base):
    token = xsrf_cookie(base)
    with open_session(base) as socket_:
        session = session_id(run(socket_))
        assert put(base, session, "a", b"x" * 1000, token) == 403  # a visitor
        assert stored_bytes() == 0
        upload_gate.grant(session)  # what a login on /carica does
        assert put(base, session, "a", b"x" * 1000, None) == 403  # no XSRF token
        assert put(base, session, "a", b"x" * 1000, token) == 204
        assert stored_bytes(session) == 1000
        assert put(base, session, "b", b"y" * 2000, token) == 204  # the next file replaces it
        assert stored_bytes(session) == 2000
        upload_gate.release_files(session)  # what the page does once it has stored the file
        assert stored_bytes(session) == 0
        assert put(base, session, "c", b"z" * 500, token) == 204
        upload_gate.revoke(session)  # logout
        assert stored_bytes(session) == 0
    upload_gate.revoke(session)


def test_a_closed_tab_leaves_no_file_and_no_grant_behind(base):
    token = xsrf_cookie(base)
    with open_session(base) as socket_:
        session = session_id(run(socket_))
        upload_gate.grant(session)
        assert put(base, session, "d", b"w" * 700_000, token) == 204
        assert stored_bytes(session) == 700_000
    # Streamlit keeps a closed tab's session for a reconnect and later forgets it without freeing its files
    assert wait_for(lambda: stored_bytes() == 0), stored_bytes()
    assert not upload_gate.is_granted(session)


def test_an_oversized_upload_is_refused_before_its_body_is_sent(base):
    token = xsrf_cookie(base)
    with open_session(base) as socket_:
        session = session_id(run(socket_))
        upload_gate.grant(session)
        host, port = base.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.putrequest("PUT", f"/_stcore/upload_file/{session}/big")
        for name, value in {"Content-Type": "multipart/form-data; boundary=b", "X-Xsrftoken": token,
                            "Cookie": f"_streamlit_xsrf={token}",
                            "Content-Length": str(21 * 2 ** 20)}.items():
            connection.putheader(name, value)
        connection.endheaders()  # headers only: not one byte of the body
        assert connection.getresponse().status == 413
        connection.close()
        assert stored_bytes(session) == 0
        upload_gate.revoke(session)
