"""Text from a link or from the evidence is shown as text: no link, image, emphasis, colour or HTML it did not have
(issue 18). Notices are rendered as GitHub-flavoured Markdown with bare addresses linked, as Streamlit renders them."""

from __future__ import annotations

import pytest

import evidence
from tests.support.markup import PAYLOADS, assert_shown_as_text, rendered
from views.filters import allowed_values, from_params
from views.text import ZERO_WIDTH_SPACE, inert

EV = evidence.load()
ALLOWED = allowed_values(EV.vocabulary, EV.effects["comparison_key"])
STUDIES = set(EV.studies["id"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_unknown_parameter_name_is_echoed_as_text(payload):
    _, notices = from_params({payload: "1"}, ALLOWED, STUDIES)
    assert len(notices) == 1
    assert_shown_as_text(notices[0])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_bad_value_is_echoed_as_text(payload):
    filters, notices = from_params({"primary_site": payload}, ALLOWED, STUDIES)
    assert filters.primary_site == "all" and len(notices) == 1
    assert_shown_as_text(notices[0])


def test_a_long_echoed_value_is_cut_to_sixty_characters():
    _, notices = from_params({"x" * 500: "1"}, ALLOWED, STUDIES)
    assert "x" * 61 not in notices[0] and "x" * 60 + "…" in notices[0]


@pytest.mark.parametrize(
    ("key", "value"),
    [("factor", "<script>alert(1)</script>"), ("factor", "nonexistent:key"), ("subgroup_by", "[a](https://e.x)")],
)
def test_factor_and_subgroup_are_checked_when_the_link_is_read(key, value):
    filters, notices = from_params({key: value}, ALLOWED, STUDIES)
    assert getattr(filters, key) == "" and len(notices) == 1
    assert_shown_as_text(notices[0])


def test_a_known_factor_from_the_evidence_is_kept():
    filters, notices = from_params({"factor": "extrahepatic:yes_vs_no"}, ALLOWED, STUDIES)
    assert (filters.factor, notices) == ("extrahepatic:yes_vs_no", [])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inert_text_reads_the_same_and_renders_as_plain_text(payload):
    assert_shown_as_text(inert(payload))
    html = rendered(inert(payload)).replace(ZERO_WIDTH_SPACE, "")  # kept only between a scheme and its address
    flat = " ".join(payload.split())
    assert flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in html
