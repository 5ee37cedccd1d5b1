"""A unit's own series, brought to the dashboard by its user and kept in the browser session only: a strict CSV parser
(parse), the template and a synthetic example (template), and the summary numbers a team can type instead (summary).
Pure: never Streamlit, never the disk or a log (the data are a hospital's patients)."""
