"""Command line: `python -m evidence check|export|summary|release [--data DIR]`."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from .loader import load
from .problems import EvidenceError
from .summary import summary_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evidence", description="Validate, export or summarise the NELM evidence table."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("check", "validate the tables; exit 0 if valid, 1 with one line per problem if not"),
        ("export", "print every table as one JSON object {table: [row, ...]}"),
        ("summary", "print a human-readable overview"),
        ("release", "record today's evidence as a release (version, date, reason, manifest of every row)"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "--data",
            metavar="DIR",
            default=None,
            help="directory of evidence CSV files (default: the shipped evidence)",
        )
        cmd.add_argument(
            "--sources", metavar="DIR", default=None, help="directory of source documents (default: the shipped copies)"
        )
        if name == "export":
            cmd.add_argument("--format", choices=["json"], default="json")
        if name == "release":
            cmd.add_argument("--reason", required=True, help="the curator's one-line reason for this release")
            cmd.add_argument(
                "--releases", metavar="DIR", default=None, help="where releases are kept (default: shipped)"
            )
    args = parser.parse_args(argv)
    try:
        ev = load(args.data, args.sources)
    except EvidenceError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); nothing was loaded.", file=sys.stderr)
        return 1
    if args.command == "check":
        counts = ", ".join(f"{k} {v}" for k, v in ev.row_counts().items())
        print(f"OK: evidence version {ev.version} is valid ({counts} rows)")
    elif args.command == "export":
        json.dump({name: _records(ev.table(name)) for name in ev.table_names}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.command == "release":
        from .releases import RELEASES_DIR, record_release

        try:
            release = record_release(ev, args.reason, directory=Path(args.releases) if args.releases else RELEASES_DIR)
        except ValueError as err:
            print(err, file=sys.stderr)
            return 1
        print(f"Released evidence version {release.version} on {release.date}: {release.reason}")
    else:
        print(summary_text(ev))
    return 0


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for record in frame.to_dict("records"):
        out.append({k: _plain(v) for k, v in record.items()})
    return out


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


if __name__ == "__main__":
    sys.exit(main())
