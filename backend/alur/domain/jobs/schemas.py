"""What the jobs API returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec


class JobOut(msgspec.Struct):
    id: uuid.UUID
    tenant: str
    actor: str
    status: str
    attempts: int
    sends: int
    last_error: str
    progress: int | None
    result: Any
    run_at: dt.datetime
    created_at: dt.datetime
    finished_at: dt.datetime | None


class JobPage(msgspec.Struct):
    items: list[JobOut]
    total: int
