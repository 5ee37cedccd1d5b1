"""A strict reader of a unit's patient-level CSV: the whole file is accepted or none of it, and every refusal names the
file, the line and the column.

One row per patient: follow-up time (`time_months` or `time_years`: the header states the unit), `event` (1 death,
0 censored), and optional columns named after the dashboard's dimensions. Read as UTF-8 (with or without a byte order
mark), separated by commas, semicolons (Excel in much of Europe, where decimals may then take a comma) or tabs.
Columns that look like identifiers are refused: the page is for outcomes, not for patients' names or numbers.
Hand-written because no CSV library reports a refusal by file, line and column and refuses the whole file."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

MAX_ROWS = 100_000
MAX_BYTES = 10 * 1024 * 1024  # as server.maxUploadSize (MB) in .streamlit/config.toml
MAX_PROBLEMS = 20  # listed; the rest are counted
TIME_COLUMNS = {"time_months": "months", "time_years": "years"}
DIMENSION_COLUMNS = (
    "primary_site",
    "extrahepatic",
    "margin",
    "grade",
    "ki67",
    "functional",
    "primary_resected",
    "extent",
    "cytoreduction",
)
DATE_COLUMN = "resection_date"
ALLOWED_COLUMNS = (*TIME_COLUMNS, "event", *DIMENSION_COLUMNS, DATE_COLUMN)
GROUP_VALUES = ("any", "all")  # describe a group of patients, never one patient
# A plausible NELM follow-up: a median over 15 years or a time over 40 (evidence.relations.MAX_PLAUSIBLE_YEARS: no
# series has followed patients longer) is a unit mistake (days given as months, months as years), not a series.
PLAUSIBLE = {"months": (180.0, 480.0), "years": (15.0, 40.0)}
LIKELY_MEANT = {"months": "days", "years": "months"}
IDENTIFIER_HEADER = re.compile(
    r"(^|_)(name|names|surname|forename|firstname|lastname|initials|dob|birth|birthdate|born|mrn|nhs|chi|ssn|"
    r"social_security|record|hospital_number|hospital_no|patient_id|patientid|patient_no|pid|id|address|street|"
    r"postcode|post_code|zip|zipcode|phone|telephone|email|e_mail|mail|insurance|passport)(_|$)"
)
NHS_OR_SSN = re.compile(r"^\s*(\d{3}[ -]?\d{3}[ -]?\d{4}|\d{3}-\d{2}-\d{4}|\d{9,})\s*$")


@dataclass(frozen=True)
class UploadProblem:
    file: str
    line: int | None  # 1 = the header
    column: str | None
    message: str

    @property
    def text(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class UploadRefused(ValueError):
    """The file was not loaded; `problems` says why, each with file, line and column."""

    def __init__(self, problems: list[UploadProblem], more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        super().__init__("; ".join(p.text for p in problems))


@dataclass(frozen=True)
class LocalSeries:
    """A unit's accepted patients: `patients` has time_years (float), event (0/1), the dimension columns given (value
    ids; None where not recorded) and resection_year when dates were given. Nothing identifies a patient."""

    file: str
    patients: pd.DataFrame
    time_unit: str  # as the file stated it
    columns: tuple[str, ...]  # the dimension columns the file had

    @property
    def n(self) -> int:
        return len(self.patients)

    @property
    def deaths(self) -> int:
        return int(self.patients["event"].sum())


def patient_vocabulary(vocabulary: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Per dimension column, the values a patient may have (value id -> label): the vocabulary's, without 'any'/'all'."""
    out: dict[str, dict[str, str]] = {d: {} for d in DIMENSION_COLUMNS}
    for dim, value, label in zip(vocabulary["dimension"], vocabulary["value"], vocabulary["label"], strict=True):
        if dim in out and value not in GROUP_VALUES:
            out[dim][value] = label
    return out


def parse_series(
    data: bytes, file: str, vocabulary: dict[str, dict[str, str]], today: date | None = None
) -> LocalSeries:
    """The file's patients, or UploadRefused listing what is wrong (nothing is half-loaded)."""
    today = today or date.today()
    problems: list[UploadProblem] = []

    def refuse(line, column, message):
        problems.append(UploadProblem(file, line, column, message))

    if len(data) > MAX_BYTES:
        raise UploadRefused(
            [UploadProblem(file, None, None, f"the file is {len(data) / 2**20:.1f} MB; the limit is 10 MB.")]
        )
    text = _decoded(data, file)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise UploadRefused([UploadProblem(file, None, None, "the file is empty; the template shows what it needs.")])
    if not lines[0].strip():
        raise UploadRefused([UploadProblem(file, 1, None, "line 1 is empty: the header must be the first line.")])
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends alike
    delimiter = _delimiter(lines[0], file)
    decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        raw_header = next(reader)
        while raw_header and not raw_header[-1].strip():  # Excel ends every line with a separator after an empty column
            raw_header = raw_header[:-1]
        header = [_normal_name(h) for h in raw_header]
        _check_header(header, raw_header, file)
        body = [
            (reader.line_num, _without_empty_tail(row, len(header))) for row in reader if any(c.strip() for c in row)
        ]
    except csv.Error as error:
        raise UploadRefused(
            [UploadProblem(file, reader.line_num, None, f"the file is not a readable CSV ({error}).")]
        ) from None
    if not body:
        raise UploadRefused(
            [UploadProblem(file, 1, None, "the file has a header but no patient rows under it.")],
        )
    if len(body) > MAX_ROWS:
        raise UploadRefused(
            [UploadProblem(file, None, None, f"the file has {len(body):,} patient rows; the limit is {MAX_ROWS:,}.")]
        )
    time_column = next(c for c in header if c in TIME_COLUMNS)
    unit = TIME_COLUMNS[time_column]
    dims = [c for c in header if c in DIMENSION_COLUMNS]
    out = {"time": [], "event": [], DATE_COLUMN: [], **{d: [] for d in dims}}
    for number, row in body:
        if len(row) != len(header):
            refuse(
                number,
                None,
                f"the row has {len(row)} fields, the header has {len(header)} (a separator inside a value? "
                "put the value in double quotes).",
            )
            continue
        cells = dict(zip(header, row, strict=True))
        for column, cell in cells.items():
            if NHS_OR_SSN.match(cell):
                refuse(
                    number,
                    column,
                    "looks like an NHS, social security or record number; remove identifiers from the file.",
                )
        out["time"].append(_time(cells[time_column], number, time_column, decimal_comma, refuse))
        out["event"].append(_event(cells["event"], number, refuse))
        for dim in dims:
            out[dim].append(_dimension(cells[dim], dim, vocabulary[dim], number, decimal_comma, refuse))
        when = cells.get(DATE_COLUMN, "")
        out[DATE_COLUMN].append(_resection_date(when, number, today, refuse) if when.strip() else None)
        if len(problems) > MAX_PROBLEMS * 5:
            break  # enough to show what is wrong
    if not problems:
        _check_plausible(out["time"], unit, time_column, file, refuse)
        _check_ki67_fractions(body, header, decimal_comma, file, refuse)
        _check_follow_up_ends(out, unit, body, today, refuse)
    if problems:
        raise UploadRefused(problems[:MAX_PROBLEMS], more=len(problems) - MAX_PROBLEMS)
    years = pd.Series(out["time"], dtype=float) / (12.0 if unit == "months" else 1.0)
    patients = pd.DataFrame({"time_years": years, "event": pd.Series(out["event"], dtype="int8")})
    for dim in dims:
        patients[dim] = pd.Series(out[dim], dtype=object)
    if DATE_COLUMN in header:
        patients["resection_year"] = pd.Series([d.year if d else None for d in out[DATE_COLUMN]], dtype="Int64")
    return LocalSeries(file, patients, unit, tuple(dims))


def _without_empty_tail(row: list[str], width: int) -> list[str]:
    """A row's cells past the header's width dropped when they are empty (Excel's trailing separators)."""
    return row[:width] if len(row) > width and not any(c.strip() for c in row[width:]) else row


def _decoded(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRefused(
            [
                UploadProblem(
                    file,
                    None,
                    None,
                    "the file is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8 (comma delimited)'.",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadRefused(
            [
                UploadProblem(
                    file,
                    line,
                    None,
                    f"byte 0x{data[error.start]:02X} is not UTF-8 (the file was saved in another encoding, such as "
                    "Windows-1252); save it as 'CSV UTF-8 (comma delimited)'.",
                )
            ]
        ) from None


def _delimiter(header: str, file: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        other = next((c for c in "|:/ " if c in header.strip()), None)
        if other is not None or _normal_name(header) not in ALLOWED_COLUMNS:
            raise UploadRefused(
                [
                    UploadProblem(
                        file,
                        1,
                        None,
                        f"the header is one column ({header.strip()[:60]!r}): separate columns by commas (or "
                        "semicolons, as Excel does in some countries, or tabs).",
                    )
                ]
            )
    return best


def _normal_name(name: str) -> str:
    return re.sub(r"[\s\-./]+", "_", name.strip().lower()).strip("_")


def _check_header(header: list[str], raw: list[str], file: str) -> None:
    problems = []
    seen: dict[str, int] = {}
    for position, (name, shown) in enumerate(zip(header, raw, strict=True), start=1):
        if not name:
            problems.append(UploadProblem(file, 1, f"{position}", "a column has no name."))
            continue
        if name in seen:
            problems.append(
                UploadProblem(
                    file, 1, shown.strip(), f"the column name appears twice (columns {seen[name]} and {position})."
                )
            )
        seen.setdefault(name, position)
        if name not in ALLOWED_COLUMNS and IDENTIFIER_HEADER.search(name):
            problems.append(
                UploadProblem(
                    file,
                    1,
                    shown.strip(),
                    "looks like an identifier (a name, date of birth, record, NHS or social security number); "
                    "remove the column: nothing that identifies a patient may be uploaded.",
                )
            )
        elif name not in ALLOWED_COLUMNS:
            problems.append(
                UploadProblem(
                    file,
                    1,
                    shown.strip(),
                    f"unknown column; the columns this page reads: {', '.join(ALLOWED_COLUMNS)}.",
                )
            )
    times = [c for c in header if c in TIME_COLUMNS]
    if len(times) != 1:
        problems.append(
            UploadProblem(
                file,
                1,
                None,
                "the header needs one follow-up time column, 'time_months' or 'time_years' (its name states the unit)"
                + (f"; it has {len(times)}." if times else "."),
            )
        )
    if "event" not in header:
        problems.append(UploadProblem(file, 1, None, "the header needs a column 'event' (1 death, 0 censored)."))
    if problems:
        raise UploadRefused(problems[:MAX_PROBLEMS], more=len(problems) - MAX_PROBLEMS)


def _number(cell: str, decimal_comma: bool) -> float | None:
    text = cell.strip()
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _time(cell: str, line: int, column: str, decimal_comma: bool, refuse) -> float:
    if not cell.strip():
        refuse(line, column, "no follow-up time; every patient needs one.")
        return math.nan
    value = _number(cell, decimal_comma)
    if value is None:
        refuse(line, column, f"{cell.strip()[:30]!r} is not a number.")
        return math.nan
    if value <= 0:
        refuse(line, column, f"{cell.strip()} is not a follow-up time: times must be greater than 0.")
    return value


def _event(cell: str, line: int, refuse) -> int:
    value = cell.strip()
    if value not in ("0", "1"):
        hint = (
            " (a spreadsheet or statistics program wrote it so: write 1 and 0)"
            if value.lower() in ("1.0", "0.0", "true", "false", "yes", "no", "dead", "alive")
            else ""
        )
        refuse(line, "event", f"{value[:30]!r} is not 1 (death) or 0 (censored: alive at last follow-up){hint}.")
        return 0
    return int(value)


def _dimension(cell: str, dim: str, allowed: dict[str, str], line: int, decimal_comma: bool, refuse) -> str | None:
    text = cell.strip()
    if not text:
        return None  # not recorded for this patient
    if dim == "ki67" and (percent := _number(text.rstrip("%"), decimal_comma)) is not None:
        if not 0 <= percent <= 100:
            refuse(line, dim, f"a Ki-67 index of {text} is not a percentage.")
            return None
        return "lt3" if percent < 3 else "3to20" if percent <= 20 else "gt20"  # WHO 2019: G1 <3%, G2 3–20%, G3 >20%
    lowered = text.lower()
    for value, label in allowed.items():
        if lowered in (value.lower(), label.lower()):
            return value
    if lowered in GROUP_VALUES:
        refuse(line, dim, f"{text!r} describes a group, not a patient; leave the cell empty when it is not recorded.")
        return None
    choices = ", ".join(f"{v} ({label})" for v, label in allowed.items())
    refuse(line, dim, f"{text[:30]!r} is not one of the allowed values: {choices}; or leave it empty.")
    return None


def _resection_date(cell: str, line: int, today: date, refuse) -> date | None:
    text = cell.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    try:
        when = date(int(match[1]), int(match[2] or 1), int(match[3] or 1)) if match else None
    except ValueError:
        when = None
    if when is None:
        refuse(line, DATE_COLUMN, f"{text[:30]!r} is not a date as YYYY-MM-DD, YYYY-MM or YYYY.")
        return None
    if when > today:
        refuse(line, DATE_COLUMN, f"{text} is in the future.")
        return None
    return when


def _check_plausible(times: list[float], unit: str, column: str, file: str, refuse) -> None:
    median_limit, max_limit = PLAUSIBLE[unit]
    median = float(pd.Series(times).median())
    longest = max(times)
    if median > median_limit or longest > max_limit:
        refuse(
            None,
            column,
            f"the median follow-up is {median:,.1f} {unit} and the longest {longest:,.1f} {unit}: these look like "
            f"{LIKELY_MEANT[unit]}, not {unit}. Convert them, or name the column for the unit they are in.",
        )


def _check_ki67_fractions(body, header: list[str], decimal_comma: bool, file: str, refuse) -> None:
    """Ki-67 given as fractions (0.25 for 25%) would all read as below 3%: refused when every number is at most 1."""
    if "ki67" not in header:
        return
    at = header.index("ki67")
    numbers = [v for _, row in body if (v := _number(row[at].rstrip("%"), decimal_comma)) is not None]
    if numbers and max(numbers) <= 1 and any(0 < v < 1 for v in numbers):
        refuse(
            None,
            "ki67",
            "every Ki-67 value is at most 1: these look like fractions; give percentages (25 for 25%).",
        )


def _check_follow_up_ends(out: dict, unit: str, body, today: date, refuse) -> None:
    """A follow-up that ends after today means a date or a time is wrong (a month's slack for rounding)."""
    days_per = 30.4375 if unit == "months" else 365.25
    for (line, _), time, when in zip(body, out["time"], out[DATE_COLUMN], strict=True):
        if when is not None and (today - when).days + 31 < time * days_per:
            refuse(
                line,
                DATE_COLUMN,
                f"a follow-up of {time:g} {unit} from a resection on {when:%Y-%m-%d} would end after today.",
            )
