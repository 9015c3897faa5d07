"""Second baseline for bench_ui.py's deep links: one small Plotly line chart, as the dashboard draws its charts
(st.plotly_chart), started the same way as the empty app. It shows what Plotly alone costs a new tab
(fetching and compiling Streamlit's Plotly chunk, then drawing) apart from anything the dashboard does."""
import plotly.graph_objects as go
import streamlit as st

st.title("Cruscotto Welfare")
st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021, 2022, 2023], y=[23.1, 23.4, 23.8, 24.0, 24.1],
                                     mode="lines+markers")))
