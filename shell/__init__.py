"""The Streamlit shell: the only code that touches st.session_state, st.query_params and st.cache_*.

url_state (the view in the URL and the widgets), cached (cached entry points), heap (the garbage-collector
freeze), sidebar (the shared filters), pages (the page registry) and frame (what every page is drawn in:
sidebar, layout, notices, error boundary, footer). Pages import from here; components never do."""
