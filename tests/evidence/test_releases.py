"""Releases of the evidence: recorded with a reason and a manifest of every row; a link made on an older release opens
on today's evidence saying which numbers on its view changed (old → new, and why), or that nothing did."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

import evidence
from evidence.releases import changes_since, record_release, releases
from tests.support.apptest import forget_the_loaded_evidence, run, texts
from tests.support.files import DATA, SOURCES, run_cli, set_cell
from views.filters import DEFAULT
from views.labels import Labels
from views.survival import survival_view

EV = evidence.load()


class _Edited:
    """Today's evidence with MD Anderson 2010's 5-year survival edited, as a later curation would."""

    version, curated_on, table_names = "f00dcafe0001", EV.curated_on, EV.table_names

    def table(self, name):
        frame = EV.table(name)
        if name == "survival":
            frame.loc[frame["id"] == "mdacc2010-os-5y", "survival"] = 0.781
        return frame


def _view_rows(ev):
    view = survival_view(ev, DEFAULT, Labels.from_evidence(EV), method="REML")
    return [p.row_id for c in view.curves for p in c.points] + [c.cohort_id for c in view.curves]


def test_a_changed_number_on_the_view_is_named_with_old_new_and_the_releases_reason(tmp_path):
    first = record_release(EV, "First release", date(2026, 1, 5), tmp_path)
    later = record_release(_Edited(), "Corrected MD Anderson 2010's 5-year OS from Table 2", date(2026, 6, 1), tmp_path)
    assert releases(tmp_path) == [first, later]
    pinned, changes = changes_since(first.version, _Edited(), _view_rows(EV), tmp_path)
    assert pinned == first
    (change,) = changes
    assert change.text() == (
        "survival row mdacc2010-os-5y: survival 0.774 → 0.781 "
        "(f00dcafe0001, 2026-06-01: Corrected MD Anderson 2010's 5-year OS from Table 2)"
    )


def test_a_view_whose_rows_did_not_change_is_told_so(tmp_path):
    first = record_release(EV, "First release", date(2026, 1, 5), tmp_path)
    forest_rows = ["xiang2018-hr-ehd-mv", "xiang2018-all"]  # the change touched survival, not this view
    assert set(forest_rows) <= set(EV.effects["id"]) | set(EV.cohorts["id"])
    assert changes_since(first.version, _Edited(), forest_rows, tmp_path) == (first, [])


def test_an_unrecorded_version_is_said_to_be_unknown(tmp_path):
    record_release(EV, "First release", date(2026, 1, 5), tmp_path)
    assert changes_since("0123456789ab", EV, None, tmp_path) is None


def test_a_release_needs_a_reason_and_is_recorded_once(tmp_path):
    with pytest.raises(ValueError, match="reason"):
        record_release(EV, "  ", directory=tmp_path)
    record_release(EV, "First", directory=tmp_path)
    with pytest.raises(ValueError, match="already released"):
        record_release(EV, "Again", directory=tmp_path)


def test_the_command_line_records_a_release(tmp_path):
    out = run_cli("release", "--reason", "A test release", "--releases", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert f"Released evidence version {EV.version}" in out.stdout
    assert (tmp_path / "manifests" / f"{EV.version}.json").is_file()


def test_the_shipped_evidence_is_a_recorded_release():
    assert EV.version in {r.version for r in releases()}, "run: python -m evidence release --reason '…'"


@pytest.fixture
def relabelled(tmp_path):
    """A copy of the evidence whose MD Anderson 2010 cohort has a new label (a text the checker lets change)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    set_cell(data / "cohorts.csv", "mdacc2010-all", "label", "All operated at first laparotomy")
    return data


def test_a_link_on_the_shipped_release_opened_on_edited_evidence_shows_the_banner(relabelled, monkeypatch):
    monkeypatch.setenv("NELM_EVIDENCE_DIR", str(relabelled))
    forget_the_loaded_evidence()
    try:
        assert evidence.load(relabelled, SOURCES).version != EV.version
        survival = run("app_pages/survival.py", {"v": EV.version})
        (warning,) = [w.value for w in survival.warning if "This link was made on evidence version" in w.value]
        shown = warning.replace("\\", "")
        assert f"made on evidence version {EV.version} (" in shown
        assert (
            "cohorts row mdacc2010-all: label All operated (first laparotomy for NELM) → All operated at first "
            "laparotomy (today's evidence, not yet released)" in shown
        )
        forest = run("app_pages/forest.py", {"v": EV.version, "factor": "extrahepatic:yes_vs_no"})
        assert any("Nothing on this view has changed since" in i.value.replace("\\", "") for i in forest.info)
    finally:
        monkeypatch.delenv("NELM_EVIDENCE_DIR")
        forget_the_loaded_evidence()


def test_the_share_link_pins_todays_version():
    at = run("app_pages/board.py", {"primary_site": "pancreas"})
    link = next(c.value for c in at.code if "primary_site=pancreas" in c.value)
    assert link.endswith(f"v={EV.version}")


def test_the_what_changed_page_lists_the_releases():
    page = texts(run("app_pages/changes.py"))
    assert "1ebf13cd14cb,2026-12-02,First recorded release" in page.replace('"', "")


def test_a_link_on_todays_version_says_nothing_and_keeps_its_filters():
    at = run("app_pages/survival.py", {"v": EV.version, "extrahepatic": "no"})
    assert not [w for w in (*at.warning, *at.info) if "This link was made" in w.value]
    assert at.query_params["extrahepatic"] == "no" and at.query_params["v"] == EV.version
