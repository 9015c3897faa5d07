"""Baseline for bench_ui.py: an empty Streamlit app (one heading), started the same way as the dashboard."""
import streamlit as st

st.title("Cruscotto Welfare")
