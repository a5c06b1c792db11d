"""Tabel 7's verdict: a rate and enough finished cases, or no verdict at all."""

from __future__ import annotations

import pytest

from alur.domain.cases.reports import MIN_FINISHED_CASES, ON_TIME_THRESHOLD, _rate, verdict


@pytest.mark.parametrize(
    ("rate", "finished", "expected"),
    [
        (None, 50, None),  # no finished step with a standard: nothing to judge
        (1.0, 0, None),  # "100%" from steps of cases not one of which finished
        (1.0, MIN_FINISHED_CASES - 1, None),
        (ON_TIME_THRESHOLD, MIN_FINISHED_CASES, True),
        (ON_TIME_THRESHOLD - 0.0001, MIN_FINISHED_CASES, False),
        (0.2, 40, False),
    ],
)
def test_verdict_needs_a_rate_and_the_minimum_of_finished_cases(
    rate: float | None, finished: int, expected: bool | None
) -> None:
    assert verdict(rate, finished) is expected


def test_no_rate_without_anything_measured() -> None:
    assert _rate(0, 0) is None
    assert _rate(3, 4) == 0.75
