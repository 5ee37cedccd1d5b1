"""The layers import one way (evidence → stats → views → components → pages, the shell alone touching Streamlit's
state), and the tree keeps the shape Streamlit's routing needs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.files import ROOT

UI = ("streamlit", "plotly", "kaleido")
# package -> top-level names its modules must never import
FORBIDDEN = {
    "evidence": (*UI, "stats", "views", "components", "export", "shell", "app_pages"),
    "stats": (*UI, "views", "components", "export", "shell", "app_pages"),
    "views": (*UI, "components", "export", "shell", "app_pages"),
    "components/figures": ("streamlit", "components.widgets", "export", "shell", "app_pages"),
    "export": ("streamlit", "components.widgets", "shell", "app_pages"),
    "components/widgets": ("shell", "app_pages"),
}
MODULES = [(package, path) for package in FORBIDDEN for path in sorted((ROOT / package).rglob("*.py"))]


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize(("package", "path"), MODULES, ids=[str(p.relative_to(ROOT)) for _, p in MODULES])
def test_a_module_imports_nothing_above_its_layer(package, path):
    wrong = sorted(n for n in imported_names(path) if breaks(n, FORBIDDEN[package]))
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_the_contract_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import math\nfrom streamlit.runtime import caching\nimport plotly.graph_objects as go\n")
    assert sorted(n for n in imported_names(module) if breaks(n, FORBIDDEN["views"])) == [
        "plotly.graph_objects",
        "streamlit.runtime",
    ]


def test_no_pages_folder_beside_the_app():
    # a `pages` folder makes Streamlit run a deep link's page without app.py (docs/decisions/0003-app-pages-not-pages.md)
    assert not (ROOT / "pages").exists()
    assert (ROOT / "app_pages").is_dir()


def test_app_py_is_the_only_module_at_the_top_level():
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["app.py"]


def test_no_test_imports_another_test_module_and_bench_imports_no_test_code():
    offenders = []
    for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]:
        for name in imported_names(path):
            if name.startswith("tests.") and not name.startswith("tests.support"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
            if name.startswith("tests") and path.is_relative_to(ROOT / "bench"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders


def test_the_image_leaves_out_tests_benchmarks_tools_and_curation_files():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"tests", "bench", "tools", "docs", "evidence/extraction", ".venv", ".git"} <= ignored
