"""What the public tenant list and /api/me return."""

from __future__ import annotations

import datetime as dt

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
