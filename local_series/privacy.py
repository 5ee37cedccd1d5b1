"""How a failure is logged while a session holds a unit's data: the exception's type and where it was raised, never its
message or values (a message may quote a cell of the uploaded file)."""

from __future__ import annotations

import traceback
from pathlib import Path

WITHHELD = "message withheld: it may quote local data"


def where_it_failed(error: BaseException) -> str:
    """'ValueError at parse.py:120 _time < unit.py:40 show': type, then file, line and function, innermost first."""
    frames = " < ".join(
        f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(traceback.extract_tb(error.__traceback__))
    )
    return f"{type(error).__name__} at {frames or 'an unknown place'} ({WITHHELD})"
