"""Sealing the few secrets Alur keeps in its database (an office's IdP client secret).

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`, keyed by ALUR_SECRETS_KEY. Each
comma-separated key is stretched to a Fernet key with SHA-256, so an operator can use any
long random string; the first key seals and every key opens (MultiFernet), which lets a key be
rotated: add the new one first, re-seal (`alur tenants reseal`), then drop the old one.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from alur.core.errors import DomainError
from alur.core.settings import get_settings

MIN_KEY_LENGTH = 32


class SecretsKeyMissingError(DomainError):
    """The operator has not set ALUR_SECRETS_KEY, so no secret can be stored or read."""

    status_code = 503


def _box() -> MultiFernet:
    keys = [k.strip() for k in get_settings().secrets_key.split(",") if k.strip()]
    if not keys:
        raise SecretsKeyMissingError(
            "kunci penyimpanan rahasia (ALUR_SECRETS_KEY) belum diatur oleh operator"
        )
    if any(len(k) < MIN_KEY_LENGTH for k in keys):
        raise SecretsKeyMissingError(
            f"ALUR_SECRETS_KEY: setiap kunci minimal {MIN_KEY_LENGTH} karakter acak"
        )
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(k.encode()).digest())) for k in keys]
    )


def seal(plain: str) -> str:
    return _box().encrypt(plain.encode()).decode()


def open_sealed(token: str) -> str:
    """The plain secret; a token no configured key opens is an operator error, not a user's."""
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretsKeyMissingError(
            "rahasia tersimpan tidak dapat dibuka dengan ALUR_SECRETS_KEY yang diatur"
        ) from None


def reseal(token: str) -> str:
    """Sealed again under the first key (key rotation)."""
    return _box().rotate(token.encode()).decode()
