"""Screen fit: the page starts with the sidebar collapsed (Streamlit's own "auto" collapses it only
below 768 px, so a 820 px tablet or a 1280 px projector would lose a quarter of the screen to it);
cruscotto/layout.css shows it again on screens 1300 px and wider, and compacts the page top."""
from pathlib import Path

import streamlit as st

CSS = Path(__file__).with_name("layout.css")


def apply() -> None:
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(CSS)  # a static file: only <style>, so Streamlit puts it where it takes no space
