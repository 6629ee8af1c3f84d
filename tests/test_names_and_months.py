"""The one reading of a written month and of written initials, shared by the BibTeX, PubMed XML, JATS readers and
the reference labeller."""
from __future__ import annotations

from citetrace.citations.months import display_month
from citetrace.citations.names import written_initials


def test_a_month_is_displayed_as_pubmed_does_whatever_its_source_wrote() -> None:
    assert [display_month(value) for value in ["feb", "February", "2", "05", "May", " Dec "]] == [
        "Feb", "Feb", "Feb", "May", "May", "Dec"]


def test_a_range_a_season_or_nothing_is_kept_as_written() -> None:
    assert [display_month(value) for value in ["May-Jun", "Winter", "13", "", None]] == [
        "May-Jun", "Winter", "13", None, None]


def test_a_given_name_written_as_initials_stands_for_its_letters() -> None:
    assert [written_initials(given) for given in ["SV", "S. V.", "J.-P.", "É M", "A\u2010B"]] == [
        "SV", "SV", "JP", "ÉM", "AB"]


def test_a_full_given_name_or_five_initials_have_none() -> None:
    assert [written_initials(given) for given in ["Luigi D", "Jean-Pierre", "ABCDE", "", None]] == [
        None, None, None, None, None]
