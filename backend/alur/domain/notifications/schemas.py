"""What the notifications API takes and returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec


class NotificationOut(msgspec.Struct):
    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str
    case_id: uuid.UUID | None
    task_id: uuid.UUID | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_status: str


class NotificationPage(msgspec.Struct):
    items: list[NotificationOut]
    total: int
    unread: int
    limit: int
    offset: int


class Preferences(msgspec.Struct, forbid_unknown_fields=True):
    locale: Literal["id", "en"] = "id"
    email_mode: Literal["each", "digest", "off"] = "each"


class MarkRead(msgspec.Struct, forbid_unknown_fields=True):
    ids: list[uuid.UUID] | None = None
    """None marks every unread notification."""


class EscalationSettings(msgspec.Struct, forbid_unknown_fields=True):
    enabled: bool = True
    remind_at_risk: bool = True
    further_allowance: Literal["step"] | Annotated[int, msgspec.Meta(ge=1, le=43_200)] = "step"
    """'step' (the step's own allowance again) or office minutes, at most 96 office days."""
    max_levels: Annotated[int, msgspec.Meta(ge=1, le=10)] = 6
