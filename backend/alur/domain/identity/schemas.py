"""Typed rows and answers of the identity domain."""

from __future__ import annotations

import datetime as dt
import uuid

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


class ProvisionedUser(msgspec.Struct):
    user: UserRow
    created: bool
