"""'R script': a download of the metafor script that reproduces the pooled values on screen (export.r_scripts)."""

from __future__ import annotations

import streamlit as st


def r_script_download(script: str, stem: str, what: str) -> None:
    st.download_button(
        f"R script reproducing {what} (metafor)",
        script.encode("utf-8"),
        f"nelm_{stem}.R",
        "text/plain",
        on_click="ignore",
        key=f"r_script_{stem}",
        help="A self-contained R script with the data and the metafor call; Rscript prints the same estimate, CI, "
        "prediction interval, τ² and I² as this page.",
    )
