"""The dashboard as an ASGI app: dashboard.py behind cruscotto.local.upload_gate.UploadGate, so Streamlit's
upload endpoint refuses every session that has not logged in on /carica. `python -m cruscotto serve` runs
`streamlit run server.py` (Streamlit finds `app` and serves it with uvicorn, reading .streamlit/ as usual)."""
import streamlit as st
from starlette.middleware import Middleware

from cruscotto.local.upload_gate import UploadGate
from cruscotto.paths import REPO

app = st.App(REPO / "dashboard.py", middleware=[Middleware(UploadGate)])
