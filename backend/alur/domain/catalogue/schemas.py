"""What the catalogue API returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

from alur.domain.catalogue.importer.model import PositionRule, SopDocument
from alur.domain.catalogue.validation import Problem


class SopSummary(msgspec.Struct):
    id: uuid.UUID
    key: str
    title: str
    unit_code: str | None
    latest_version: int
    latest_status: str
    published_version: int | None
    content: str
    warnings: int
    steps: int


class SopPage(msgspec.Struct):
    items: list[SopSummary]
    total: int
    limit: int
    offset: int


class VersionOut(msgspec.Struct):
    id: uuid.UUID
    sop_id: uuid.UUID
    number: int
    status: str
    origin: str
    published_at: dt.datetime | None
    document: SopDocument
    # Pengesahan: when it was submitted and approved, and why it was last sent back.
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    return_note: str | None = None


class SopDetail(msgspec.Struct):
    id: uuid.UUID
    key: str
    title: str
    unit_code: str | None
    versions: list[VersionOut]


class ValidationReport(msgspec.Struct):
    version_id: uuid.UUID
    valid: bool
    problems: list[Problem]


class PerformerSuggestion(msgspec.Struct):
    """A proposed performer for one step; never part of the document until accepted."""

    position: int
    column: str
    header: str
    confidence: float
    reasons: list[str]


class ColumnLinkSuggestion(msgspec.Struct):
    """A proposed position rule for a performer column publishing would refuse."""

    key: str
    header: str
    rule: PositionRule
    confidence: float
    reasons: list[str]


class SuggestionReport(msgspec.Struct):
    version_id: uuid.UUID
    document_hash: str  # the draft the suggestions were computed from
    suggestions: list[PerformerSuggestion]
    columns: list[ColumnLinkSuggestion]


class AcceptSuggestions(msgspec.Struct, forbid_unknown_fields=True):
    """Step positions and column keys whose suggestions to accept; neither given: every
    suggestion; one given: only what it lists."""

    positions: list[int] | None = None
    columns: list[str] | None = None


class BookImportResult(msgspec.Struct):
    created: list[str]
    skipped_existing: list[str]
    book_warnings: list[str]
    sop_warnings: dict[str, list[str]]


class DiffEntry(msgspec.Struct):
    path: str
    before: Any
    after: Any


class ReturnVersion(msgspec.Struct, forbid_unknown_fields=True):
    """Why the head of office sends a submitted version back (shown to the tenant admin)."""

    note: str = ""


class PendingApproval(msgspec.Struct):
    """A version waiting for the head of office, with the version now in force to compare."""

    sop_id: uuid.UUID
    key: str
    title: str
    unit_code: str | None
    version: VersionOut
    published: VersionOut | None
    submitted_by_name: str | None


class ApprovalQueue(msgspec.Struct):
    """What the SPA needs for pengesahan: whether the office requires it, whether the caller
    may approve (holds the head position today), and the versions waiting (for the head and
    the tenant admins; empty for everyone else)."""

    required: bool
    can_approve: bool
    items: list[PendingApproval]
