"""A unit's data leave no trace: a failure while a page holds them is logged without the exception's message (which
may quote a cell), and reading a file logs nothing."""

from __future__ import annotations

import logging

import pytest

import evidence
from local_series.parse import UploadRefused, parse_series, patient_vocabulary
from shell.local_data import logged_without_data


def _failure() -> ValueError:
    try:
        raise ValueError("could not convert '943 476 5919 Jane Doe' to float")
    except ValueError as error:
        return error


def test_a_failure_is_logged_by_type_and_place_never_by_its_message(caplog):
    with caplog.at_level(logging.INFO, logger="nelm"):
        incident = logged_without_data("unit", _failure())
    record = next(r for r in caplog.records if r.name == "nelm.local_data")
    text = record.getMessage()
    assert "ValueError" in text and incident in text and "test_nothing_kept_or_logged.py" in text
    assert "943" not in text and "Jane" not in text and record.exc_info is None


def test_reading_a_file_logs_nothing_even_when_it_is_refused(caplog):
    vocabulary = patient_vocabulary(evidence.load().vocabulary)
    with caplog.at_level(logging.DEBUG):
        parse_series(b"time_months,event\n12,1\n", "ok.csv", vocabulary)
        with pytest.raises(UploadRefused):
            parse_series(b"time_months,event,margin\n12,1,Jane Doe\n", "bad.csv", vocabulary)
    assert not [r for r in caplog.records if "Jane" in r.getMessage() or r.name.startswith(("nelm", "local_series"))]
