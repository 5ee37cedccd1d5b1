"""stats/ is pure: no module may import a user-interface package."""

import subprocess
import sys
from pathlib import Path

STATS = Path(__file__).resolve().parents[2] / "stats"
MODULES = sorted(f"stats.{path.stem}" for path in STATS.glob("*.py") if path.stem != "__init__")


def test_statistics_import_no_ui():
    code = f"import stats, {', '.join(MODULES)}, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=STATS.parent)
    assert result.stdout.strip() == "[]"


def test_no_source_file_mentions_a_ui_import():
    for path in STATS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for package in ("streamlit", "plotly"):
            assert f"import {package}" not in text and f"from {package}" not in text, f"{path.name} imports {package}"
