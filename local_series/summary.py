"""The summary numbers a team can type instead of uploading patients: size, deaths, survival at 1, 3, 5 and 10 years,
median survival and follow-up, and the profile of the series. Checked as a whole, like a file."""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS = (1, 3, 5, 10)
SOURCE = "summary numbers entered on the page"


@dataclass(frozen=True)
class LocalSummary:
    patients: int
    deaths: int | None = None
    survival: dict[int, float] = field(default_factory=dict)  # year -> fraction, as entered
    median_years: float | None = None
    median_not_reached: bool = False
    follow_up_months: float | None = None  # median follow-up
    profile: dict[str, str] = field(default_factory=dict)  # dimension -> value id ('any' left out)

    @property
    def n(self) -> int:
        return self.patients


def summary_problems(summary: LocalSummary) -> list[str]:
    """What makes the entered numbers impossible, one sentence each; [] when they hold together."""
    problems = []
    if summary.patients < 1:
        problems.append("Patients: enter the number of patients in the series (at least 1).")
    if summary.deaths is not None and not 0 <= summary.deaths <= summary.patients:
        problems.append(f"Deaths: {summary.deaths} is not between 0 and the {summary.patients} patients.")
    entered = sorted(summary.survival.items())
    for year, value in entered:
        if not 0 <= value <= 1:
            problems.append(f"Survival at {year} years: {100 * value:g}% is not a percentage between 0 and 100.")
    for (y0, s0), (y1, s1) in zip(entered, entered[1:], strict=False):
        if s1 > s0:
            problems.append(
                f"Survival at {y1} years ({100 * s1:g}%) is higher than at {y0} year{'s' * (y0 != 1)} ({100 * s0:g}%); survival "
                "cannot rise."
            )
    if summary.median_years is not None and summary.median_not_reached:
        problems.append("Median survival: give a median or tick 'not reached', not both.")
    if summary.median_years is not None and summary.median_years <= 0:
        problems.append("Median survival: must be greater than 0 years.")
    if summary.follow_up_months is not None and not 0 < summary.follow_up_months <= 600:
        problems.append("Median follow-up: give it in months, between 0 and 600.")
    if not entered and summary.median_years is None:
        problems.append("Enter survival at one or more years, or the median survival: there is nothing to compare.")
    return problems
