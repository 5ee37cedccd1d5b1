"""A downloaded CSV opened in Excel or LibreOffice runs no formula (issue 18, OWASP CSV injection): a text cell
starting with = + - @ tab or carriage return gets a leading apostrophe; numbers, and text that is a number, stay."""

from __future__ import annotations

import csv
import io

import pandas as pd

from export.spreadsheet import csv_bytes


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "text": [
                '=HYPERLINK("https://evil.example","Click")',
                "+1+1",
                "-2+3",
                "@SUM(A1:A9)",
                "\tx",
                "\rx",
                "plain",
            ],
            "number": [-1.43, 2.0, -0.71, 1e-3, 0.0, 5.0, -7.0],
            "as_text": ["-1.43", "+2", "-0.71", "1e-3", "0", "5", "-7"],
        }
    )
    rows = cells(csv_bytes(frame))
    assert rows[0] == ["text", "number", "as_text"]
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("https://evil.example","Click")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A9)",
        "'\tx",
        "'\rx",
        "plain",
    ]
    assert [r[1] for r in rows[1:]] == ["-1.43", "2.0", "-0.71", "0.001", "0.0", "5.0", "-7.0"]
    assert [r[2] for r in rows[1:]] == ["-1.43", "+2", "-0.71", "1e-3", "0", "5", "-7"]


def test_a_header_that_starts_a_formula_is_neutralised_too():
    assert cells(csv_bytes(pd.DataFrame({"=cmd": ["a"]})))[0] == ["'=cmd"]


def test_no_page_writes_a_csv_without_it():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = [
        str(p.relative_to(root))
        for folder in ("app_pages", "components", "shell")
        for p in (root / folder).rglob("*.py")
        if ".to_csv(" in p.read_text(encoding="utf-8")
    ]
    assert writers == []
    # nor the tables' own CSV button, which would write the raw cells
    import tomllib

    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_text_held_in_pandas_string_or_category_columns_is_neutralised_too():
    frame = pd.DataFrame({"s": pd.array(["=cmd", "ok"], dtype="string"), "c": pd.Categorical(["@x", "ok"])})
    assert cells(csv_bytes(frame))[1] == ["'=cmd", "'@x"]


def test_every_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8():
    # without it Excel opens "τ²", "–", "≥" and "†" as mojibake (issue 20)
    data = csv_bytes(pd.DataFrame({"τ²": ["≥ 5 y – †"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert cells(data) == [["τ²"], ["≥ 5 y – †"]]
