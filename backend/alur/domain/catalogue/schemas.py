"""What the catalogue API returns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

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
    document: dict[str, Any]


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


class SuggestionReport(msgspec.Struct):
    version_id: uuid.UUID
    document_hash: str  # the draft the suggestions were computed from
    suggestions: list[PerformerSuggestion]


class AcceptSuggestions(msgspec.Struct, forbid_unknown_fields=True):
    """Step positions whose suggestion to accept; none given: every suggestion."""

    positions: list[int] | None = None


class BookImportResult(msgspec.Struct):
    created: list[str]
    skipped_existing: list[str]
    book_warnings: list[str]
    sop_warnings: dict[str, list[str]]


class DiffEntry(msgspec.Struct):
    path: str
    before: Any
    after: Any
