"""The operators' log: Python logging for the 'nelm' loggers, set up once, to stderr, with the level and format the
environment asks for (NELM_LOG_LEVEL: DEBUG/INFO/WARNING/ERROR; NELM_LOG_FORMAT: text or json, one object per line
for a log collector). Streamlit keeps its own logger; ours does not pass records up to it."""

from __future__ import annotations

import json
import logging
import os
import sys
import uuid

LEVEL, FORMAT = "NELM_LOG_LEVEL", "NELM_LOG_FORMAT"
ROOT_LOGGER = "nelm"
TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("incident", "page", "view"):
            if hasattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info:
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def configure() -> logging.Logger:
    """Once per process: the 'nelm' logger writes to stderr at the asked level and format."""
    logger = logging.getLogger(ROOT_LOGGER)
    if logger.handlers:
        return logger
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if os.environ.get(FORMAT, "").lower() == "json" else logging.Formatter(TEXT))
    logger.addHandler(handler)
    logger.propagate = False
    asked = os.environ.get(LEVEL, "INFO").upper()
    if asked in logging.getLevelNamesMapping():
        logger.setLevel(asked)
    else:
        logger.setLevel(logging.INFO)
        logger.warning("%s=%r is not a logging level; logging at INFO", LEVEL, asked)
    return logger


def incident_id() -> str:
    """Eight hex digits the surgeon can read out and the operator can find in the log."""
    return uuid.uuid4().hex[:8]
