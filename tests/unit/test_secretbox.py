"""Sealing an office's IdP client secret: never stored in the clear, opened only with a
configured key, and a key rotated without losing what was sealed with the old one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from alur.core import secretbox
from alur.core.settings import get_settings

OLD = "o" * 40
NEW = "n" * 40


@pytest.fixture
def key() -> Iterator[Callable[[str], None]]:
    settings = get_settings()
    before = settings.secrets_key

    def use(value: str) -> None:
        object.__setattr__(settings, "secrets_key", value)

    yield use
    object.__setattr__(settings, "secrets_key", before)


def test_a_sealed_secret_is_not_the_secret_and_opens_again(key: Callable[[str], None]) -> None:
    key(OLD)
    sealed = secretbox.seal("rahasia-klien")
    assert "rahasia" not in sealed
    assert sealed != secretbox.seal("rahasia-klien"), "a fresh IV each time"
    assert secretbox.open_sealed(sealed) == "rahasia-klien"


def test_no_key_or_a_short_key_refuses_with_the_setting_named(key: Callable[[str], None]) -> None:
    for value in ("", "short"):
        key(value)
        with pytest.raises(secretbox.SecretsKeyMissingError, match="ALUR_SECRETS_KEY"):
            secretbox.seal("x")


def test_another_key_cannot_open_it(key: Callable[[str], None]) -> None:
    key(OLD)
    sealed = secretbox.seal("rahasia")
    key(NEW)
    with pytest.raises(secretbox.SecretsKeyMissingError):
        secretbox.open_sealed(sealed)


def test_rotation_new_key_first_reseal_then_drop_the_old(key: Callable[[str], None]) -> None:
    key(OLD)
    sealed = secretbox.seal("rahasia")
    key(f"{NEW},{OLD}")
    assert secretbox.open_sealed(sealed) == "rahasia", "the old key still opens"
    resealed = secretbox.reseal(sealed)
    key(NEW)
    assert secretbox.open_sealed(resealed) == "rahasia"
    with pytest.raises(secretbox.SecretsKeyMissingError):
        secretbox.open_sealed(sealed)
