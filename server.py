"""The dashboard as an ASGI app: dashboard.py behind the web edge (cruscotto/edge.py: metrics hidden, security
headers, websocket sessions per client capped, cross-origin handshakes and clear_cache refused) and the upload
gate (cruscotto/local/upload_gate.py: Streamlit's upload endpoint refuses every session that has not logged in on
/carica, and uploaded files end with their session). `python -m cruscotto serve` runs `streamlit run server.py`
(Streamlit finds `app` and serves it with uvicorn, reading .streamlit/ as usual). The first page's work starts
at once, beside the server (cruscotto/warm_up.py)."""
import streamlit as st

from cruscotto import edge, warm_up
from cruscotto.paths import REPO

app = st.App(REPO / "dashboard.py", middleware=edge.middleware())
warm_up.start()
