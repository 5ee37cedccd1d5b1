"""NELM evidence dashboard: entry point (routing and frame only)."""

import streamlit as st

import evidence

st.set_page_config(page_title="NELM resection evidence", layout="wide")
ev = evidence.load()
st.title("Hepatic resection for neuroendocrine liver metastases: published evidence")
st.write(f"Evidence table version {ev.version} (curated {ev.curated_on}): {len(ev.studies)} studies.")
