"""View models: evidence + filters -> the numbers one page shows. Pure: no streamlit, no plotly.

This is the glue between `evidence` (what the papers say) and `stats` (what we compute)
on one side and `components` (figures) on the other, so that pages stay thin and every
number a page shows can be unit-tested without a browser.
"""
