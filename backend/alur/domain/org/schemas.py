"""What the org API returns."""

from __future__ import annotations

import uuid

import msgspec


class UnitOut(msgspec.Struct):
    id: uuid.UUID
    code: str
    name: str
    kind: str
    parent_id: uuid.UUID | None
    active: bool
    source: str
    note: str


class PositionOut(msgspec.Struct):
    id: uuid.UUID
    code: str
    title: str
    kind: str
    unit_id: uuid.UUID
    supervisor_id: uuid.UUID | None
    active: bool
    source: str
    note: str


class UnitPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    note: str | None = None


class UnitPage(msgspec.Struct):
    items: list[UnitOut]
    total: int
    limit: int
    offset: int
