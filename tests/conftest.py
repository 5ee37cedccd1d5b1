"""Shared fixtures: a writable copy of the shipped evidence for malformed-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.files import DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
