"""Rate limits are read as `<count>/<seconds>`; a typo stops the process at start-up rather
than silently leaving a limit off."""

from __future__ import annotations

import pytest

from alur.core.settings import Rate, RateLimitSettings


def test_limits_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALUR_RATE_UPLOADS", "30/60")
    monkeypatch.setenv("ALUR_RATE_SCALE", "2.5")
    rates = RateLimitSettings()
    assert rates.uploads == Rate(30, 60)
    assert rates.scaled(rates.uploads) == Rate(75, 60)


def test_defaults_suit_an_office_behind_one_address(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ALUR_RATE_SCALE", "ALUR_RATE_LOGIN", "ALUR_RATE_TOKEN_FAILURES"):
        monkeypatch.delenv(name, raising=False)
    rates = RateLimitSettings()
    assert rates.login == Rate(300, 300)
    assert rates.token_failures == Rate(10, 900)
    assert rates.scaled(Rate(1, 60)) == Rate(1, 60)


def test_scaling_never_goes_below_one_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALUR_RATE_SCALE", "0.01")
    assert RateLimitSettings().scaled(Rate(10, 60)) == Rate(1, 60)


@pytest.mark.parametrize("value", ["banyak", "10", "10/", "10/x", "0/60", "10/0", "-1/60"])
def test_a_malformed_limit_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ALUR_RATE_LOGIN", value)
    with pytest.raises(ValueError, match="ALUR_RATE_LOGIN"):
        RateLimitSettings()
