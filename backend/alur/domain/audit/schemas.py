"""What the audit API returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec


class AuditEventOut(msgspec.Struct):
    seq: int
    at: dt.datetime
    actor_id: uuid.UUID | None
    actor_label: str
    actor_name: str | None
    action: str
    entity: str
    entity_id: str | None
    case_id: uuid.UUID | None
    before: Any
    after: Any
    hash: str


class AuditPage(msgspec.Struct):
    items: list[AuditEventOut]
    total: int
    limit: int
    offset: int


class ChainOut(msgspec.Struct):
    checked: int
    intact: bool
    first_broken_seq: int | None
    reason: str | None
