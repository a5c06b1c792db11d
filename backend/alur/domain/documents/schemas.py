"""What the documents API returns."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec


class DocumentOut(msgspec.Struct):
    id: uuid.UUID
    case_id: uuid.UUID
    task_id: uuid.UUID | None
    name: str
    version: int
    supersedes: uuid.UUID | None
    status: str
    reason: str
    sha256: str | None
    size_bytes: int
    content_type: str | None
    uploaded_by: uuid.UUID
    uploaded_by_name: str
    uploaded_at: dt.datetime
    checked_at: dt.datetime | None


class DownloadLink(msgspec.Struct):
    url: str
    expires_at: dt.datetime
