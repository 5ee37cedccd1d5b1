"""Overview: the studies, what each reports, and headline figures with their source."""

import pandas as pd
import streamlit as st

from components.widgets.citations import reference_downloads
from components.widgets.findings import findings_table
from shell import cached, url_state
from views.overview import headline_rows, study_rows

ev, labels = cached.get_evidence(), cached.get_labels()
st.title("Liver resection for neuroendocrine liver metastases: the published evidence")
st.markdown(
    "What published series report about survival after hepatic resection for NELM, for patients like yours. "
    "Every number links to its source and locator; anything the app computes is labelled **derived**. "
    "These are retrospective, selected series: they describe outcomes of patients chosen for surgery, not what surgery would do for a given patient."
)
findings = cached.findings(url_state.current())
findings_table(findings)
behind = ev.studies[ev.studies["short_label"].isin({s for f in findings.findings for s in f.study_labels})]
reference_downloads(behind, f"the {len(behind)} studies graded above", "references_graded")
st.header(f"{len(ev.studies)} studies")
st.dataframe(pd.DataFrame(study_rows(ev, labels)), hide_index=True, width="stretch")
reference_downloads(ev.studies, f"all {len(ev.studies)} studies", "references_all")
st.header("Evidence map: what each study reports")
st.plotly_chart(cached.evidence_map_chart(), width="stretch", key="evidence_map")
st.caption(
    "Cell = number of reported values (survival points and effect estimates) per study and endpoint/factor. Empty = not reported."
)
st.header("Headline figures, as reported")
st.dataframe(pd.DataFrame(headline_rows(ev, labels)), hide_index=True, width="stretch")
