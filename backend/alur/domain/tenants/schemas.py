"""What the public tenant list and /api/me return."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from alur.health import CheckResult


class TenantPublic(msgspec.Struct):
    slug: str
    name: str
    province: str
    time_zone: str
    locale: str
    this_host: bool = False
    """The page was asked for on this office's own host name: the picker can go straight to it."""


class MePosition(msgspec.Struct):
    code: str
    title: str
    unit: str  # the unit's code
    unit_name: str = ""


class MeUser(msgspec.Struct):
    id: str
    name: str
    nip: str
    email: str
    roles: list[str]
    positions: list[MePosition]


class MeTenant(msgspec.Struct):
    slug: str
    name: str
    time_zone: str


class MeResponse(msgspec.Struct):
    user: MeUser
    tenant: MeTenant


class TenantSummary(msgspec.Struct):
    """An office as the platform admin sees it: its size, its work, and its health."""

    slug: str
    name: str
    province: str
    time_zone: str
    issuer: str
    units: int
    users: int
    published_sops: int
    open_cases: int
    overdue_tasks: int
    waiting_jobs: int
    dead_jobs: int
    last_activity: dt.datetime | None
    idp: CheckResult
    healthy: bool
    problems: list[str]


# --- offices onboarded by a platform admin ---------------------------------------------------

Week = dict[str, list[tuple[str, str]]]


class OfficeCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Annotated[str, msgspec.Meta(max_length=40)]
    name: Annotated[str, msgspec.Meta(max_length=300)]
    short_name: Annotated[str, msgspec.Meta(max_length=120)]
    province: Annotated[str, msgspec.Meta(max_length=120)]
    time_zone: Annotated[str, msgspec.Meta(max_length=64)]
    locale: Literal["id", "en"] = "id"
    hosts: list[Annotated[str, msgspec.Meta(max_length=253)]] = msgspec.field(default_factory=list)
    office_hours: Week | None = None
    """None: the ASN working hours (Perpres 21/2023), as the two demo offices have."""
    pengesahan: bool = True
    """A version takes effect once the Kepala Dinas (or Plt/Plh) approves it in Alur."""


class IdpConnect(msgspec.Struct, forbid_unknown_fields=True):
    issuer: Annotated[str, msgspec.Meta(max_length=500)]
    client_id: Annotated[str, msgspec.Meta(max_length=200)]
    client_secret: Annotated[str, msgspec.Meta(max_length=500)] = ""
    """Empty keeps the secret already stored; it is never shown again once stored."""
    scopes: list[str] = msgspec.field(default_factory=lambda: ["openid", "profile", "email"])
    claims: dict[str, str] = msgspec.field(
        default_factory=lambda: {"nip": "preferred_username", "name": "name", "email": "email"}
    )


class OfficeStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=500)]


class OfficeAdmin(msgspec.Struct):
    id: str
    nip: str
    name: str
    signed_in: bool


class OfficeOut(msgspec.Struct):
    """An office as the platform admin manages it. The IdP client secret is never in it:
    only whether one is stored."""

    slug: str
    name: str
    short_name: str
    province: str
    time_zone: str
    locale: str
    hosts: list[str]
    office_hours: Week
    origin: str
    status: str
    status_reason: str
    pengesahan: bool
    idp_issuer: str
    idp_client_id: str
    idp_secret_stored: bool
    admins: list[OfficeAdmin]
    units: int
    positions: int
    sops: int
    published_sops: int


class ProposedUnitOut(msgspec.Struct):
    code: Annotated[str, msgspec.Meta(max_length=120)]
    name: Annotated[str, msgspec.Meta(max_length=300)]
    kind: str
    parent: str | None
    source: Annotated[str, msgspec.Meta(max_length=300)] = ""
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ProposedPositionOut(msgspec.Struct):
    code: Annotated[str, msgspec.Meta(max_length=120)]
    title: Annotated[str, msgspec.Meta(max_length=300)]
    kind: str
    unit: str
    supervisor: str | None
    source: Annotated[str, msgspec.Meta(max_length=300)] = ""
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class OrgSkeletonOut(msgspec.Struct):
    """Proposed from the office's imported drafts; `has_org` says an org already exists (the
    skeleton is then for reference only and cannot be accepted)."""

    units: list[ProposedUnitOut]
    positions: list[ProposedPositionOut]
    notes: list[str]
    drafts_read: int
    has_org: bool


class OrgSkeletonAccept(msgspec.Struct, forbid_unknown_fields=True):
    """The skeleton as reviewed: the admin may drop, rename or re-parent rows before this."""

    units: list[ProposedUnitOut]
    positions: list[ProposedPositionOut]


class OrgSkeletonAccepted(msgspec.Struct):
    units: int
    positions: int
    drafts_remapped: int
    """Drafts whose owning unit and performer columns were mapped again onto the new org."""
