"""Statistics for the evidence dashboard. Pure: numpy, scipy, pandas, lifelines; never streamlit or plotly."""
