"""Figure builders (data in, go.Figure out) and small widget helpers. No streamlit in figure builders."""
