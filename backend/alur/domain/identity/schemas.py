"""Typed rows and answers of the identity domain."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec


class UserRow(msgspec.Struct):
    id: uuid.UUID
    subject: str
    nip: str
    name: str
    email: str
    idp_roles: list[str]
    granted_roles: list[str]
    active: bool

    @property
    def roles(self) -> list[str]:
        return sorted(set(self.idp_roles) | set(self.granted_roles))


class HeldPosition(msgspec.Struct):
    position_id: uuid.UUID
    code: str
    title: str
    unit_code: str
    kind: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    unit_name: str = ""


class ProvisionedUser(msgspec.Struct):
    user: UserRow
    created: bool


class UserOut(msgspec.Struct):
    id: uuid.UUID
    nip: str
    name: str
    email: str
    roles: list[str]
    granted_roles: list[str]
    active: bool
    # Added by a tenant admin and not yet signed in: linked by NIP at the first sign-in.
    awaiting_sign_in: bool = False


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A person appointed before their first sign-in, known by NIP."""

    nip: Annotated[str, msgspec.Meta(max_length=40)]
    name: Annotated[str, msgspec.Meta(max_length=300)]
    email: Annotated[str, msgspec.Meta(max_length=320)] = ""


class UserPage(msgspec.Struct):
    items: list[UserOut]
    total: int
    limit: int
    offset: int


class UserPatch(msgspec.Struct, forbid_unknown_fields=True):
    active: bool | None = None
    granted_roles: list[str] | None = None


class TokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
    scopes: Annotated[list[str], msgspec.Meta(min_length=1)]
    expires_at: Annotated[dt.datetime, msgspec.Meta(tz=True)] | None = None
    """At most ALUR_TOKEN_MAX_DAYS ahead; left out, the token gets that maximum."""


class TokenOut(msgspec.Struct):
    id: uuid.UUID
    name: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class TokenCreated(msgspec.Struct):
    token: TokenOut
    secret: str
    """Shown once; only its SHA-256 is stored."""


class WorkScope(msgspec.Struct):
    """Whose work this user may see: the widest reach among the positions held today."""

    level: str
    position_codes: list[str]
    unit_codes: list[str]


class TenantAdminOut(msgspec.Struct):
    """Whom to ask about the office's SOPs: a tenant admin's name and, when they hold one
    today, a position title. Nothing else (no email, NIP or id) is shown to every member."""

    name: str
    position: str | None
