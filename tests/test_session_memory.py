"""What a closed tab's session holds is released once the session has ended for good (cruscotto/idle_memory.py):
Streamlit keeps a closed session for a reconnection, then forgets it without shutting it down, so its download
callables (each holding its table) stayed in memory for the life of the process. Against a real server
(st.App with server.py's middleware, uvicorn in this process), driven over Streamlit's own websocket protocol."""
import time

import pytest
from streamlit import config
from streamlit.runtime import Runtime

from cruscotto import idle_memory

from tests.test_edge_server import open_session, run, served, session_id, wait_for

APP = '''
import streamlit as st

table = "x" * 1_000_000
st.download_button("CSV", data=lambda: table, file_name="table.csv", on_click="ignore")
'''


@pytest.fixture()
def short_reconnect_window():
    before = config.get_option("server.disconnectedSessionTTL")
    config.set_option("server.disconnectedSessionTTL", 1)
    yield 1
    config.set_option("server.disconnectedSessionTTL", before)


def held_by(session: str) -> int:
    return len(Runtime.instance().media_file_mgr._files_by_session_and_coord.get(session, {}))


def download_callables() -> int:
    return len(Runtime.instance().media_file_mgr._deferred_callables)


def test_a_closed_session_releases_its_downloads_when_its_window_ends(tmp_path, short_reconnect_window,
                                                                      monkeypatch):
    monkeypatch.setattr(idle_memory, "IDLE_SECONDS", 0.1)
    monkeypatch.setattr(idle_memory, "RECHECK_SECONDS", 0.2)
    script = tmp_path / "app.py"
    script.write_text(APP, encoding="utf-8")
    with served(script) as base:
        with open_session(base) as tab:
            closed = session_id(run(tab))
        assert held_by(closed) == 1 and download_callables() == 1
        time.sleep(0.3)
        assert held_by(closed) == 1  # kept while the tab may still reconnect
        # nobody else comes: no write to Streamlit's session store would ever let the session go
        assert wait_for(lambda: held_by(closed) == 0 and download_callables() == 0,
                        seconds=short_reconnect_window + 3)
