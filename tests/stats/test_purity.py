import subprocess
import sys


def test_statistics_import_no_ui():
    code = "import stats.meta, stats.effects, stats.survival, stats.pooled_survival, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
