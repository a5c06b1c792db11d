"""What the case engine announces (alur.core.events). Others react: notifications tell the
people and schedule escalation; the engine itself knows nothing of them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TaskActivated:
    """A step was put to work (first, next, after ya/tidak, or returned to)."""

    task_id: uuid.UUID
    case_id: uuid.UUID
    number: str
    subject: str
    step: str
    activity: str
    due_at: dt.datetime | None
    recipients: list[uuid.UUID]  # who is to act on it now
    returned: bool
    note: str  # what the previous performer wrote ("tidak" reason, return reason)
    zone: str
    task: dict[str, Any] = field(default_factory=dict)  # the task row as inserted
    starter: uuid.UUID | None = None
    vacant: str | None = None  # the empty post's title when the step went past it
    routed_to: str | None = None  # the post it went to instead


@dataclass(frozen=True)
class TaskReassigned:
    task_id: uuid.UUID
    case_id: uuid.UUID
    number: str
    subject: str
    step: str
    due_at: dt.datetime | None
    recipients: list[uuid.UUID]
    zone: str
    at: dt.datetime


@dataclass(frozen=True)
class CaseFinished:
    case_id: uuid.UUID
    number: str
    subject: str
    starter: uuid.UUID
    zone: str
