"""What the org API takes and returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec

Code = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,119}$")]
Name = Annotated[str, msgspec.Meta(min_length=2, max_length=300)]
UnitKind = Literal["dinas", "sekretariat", "sub_bagian", "bidang", "seksi", "uptd"]
PositionKind = Literal[
    "kepala_dinas",
    "sekretaris",
    "kabid",
    "kasubbag",
    "kasi",
    "kepala_uptd",
    "kasubbag_tu",
    "staf",
    "fungsional",
]
HolderKind = Literal["definitive", "plt", "plh"]


class UnitOut(msgspec.Struct):
    id: uuid.UUID
    code: str
    name: str
    kind: str
    parent_id: uuid.UUID | None
    active: bool
    source: str
    note: str
    origin: str


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
    origin: str


class UnitPage(msgspec.Struct):
    items: list[UnitOut]
    total: int
    limit: int
    offset: int


class PositionPage(msgspec.Struct):
    items: list[PositionOut]
    total: int
    limit: int
    offset: int


class UnitCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name: Name
    kind: UnitKind
    parent_id: uuid.UUID
    note: str = ""


class UnitPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    note: str | None = None
    parent_id: uuid.UUID | None = None
    active: bool | None = None


class PositionCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    title: Name
    kind: PositionKind
    unit_id: uuid.UUID
    supervisor_id: uuid.UUID
    note: str = ""


class PositionPatch(msgspec.Struct, forbid_unknown_fields=True):
    title: str | None = None
    note: str | None = None
    supervisor_id: uuid.UUID | None = None
    active: bool | None = None


class HolderCreate(msgspec.Struct, forbid_unknown_fields=True):
    user_id: uuid.UUID
    kind: HolderKind
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class HolderEnd(msgspec.Struct, forbid_unknown_fields=True):
    """End an appointment on a date, keeping it on record (unlike removing a mistaken one)."""

    ends_on: dt.date


class HolderOut(msgspec.Struct):
    id: uuid.UUID
    position_id: uuid.UUID
    user_id: uuid.UUID
    user_name: str
    user_nip: str
    kind: str
    source: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class AppointmentRequestOut(msgspec.Struct):
    """An appointment above the appointer's reach, waiting for the head of office."""

    id: uuid.UUID
    position_id: uuid.UUID
    position_title: str
    user_id: uuid.UUID
    user_name: str
    user_nip: str
    kind: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    reason: str
    status: str
    requested_by: uuid.UUID
    requested_by_name: str | None
    requested_at: dt.datetime
    decided_by: uuid.UUID | None
    decided_at: dt.datetime | None
    note: str
    holder_id: uuid.UUID | None


class AppointmentDecision(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class AppointmentRequestPage(msgspec.Struct):
    items: list[AppointmentRequestOut]
    can_decide: bool
    """Whether the reader may approve or reject (the head of office, or a platform admin)."""
