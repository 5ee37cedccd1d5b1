"""Reference-list downloads (RIS, BibTeX, CSL-JSON) for a set of studies; each file is made only when clicked
(Streamlit's deferred download data), so a page does not build three reference lists on every run."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from export.citations import FORMATS


def reference_downloads(studies: pd.DataFrame, what: str, stem: str, box=st) -> None:
    """One button per format for `studies`; `what` names them ('the 5 studies behind these numbers')."""
    box.caption(
        f"Reference list of {what}: each reference carries its citation status; an unconfirmed attribution says so in "
        "its note."
    )
    for column, (fmt, (label, extension, mime, build)) in zip(box.columns(len(FORMATS)), FORMATS.items(), strict=True):
        column.download_button(
            label,
            data=lambda build=build: build(studies),
            file_name=f"nelm_{stem}.{extension}",
            mime=mime,
            key=f"references_{stem}_{fmt}",
            on_click="ignore",
        )
