"""The shape of one imported SOP, as committed to ``tenants/<slug>/catalogue/*.yaml``.

Every value that came from a book carries where it came from, because tenant admins must be
able to tell what the book said from what the importer guessed before they publish a version.
"""

from __future__ import annotations

from typing import Literal

import msgspec

# "suggested": proposed by the suggestion engine and accepted by a tenant admin, never read;
# "edited": set or changed by hand in the product (the book said otherwise, or nothing).
Provenance = Literal["read", "inferred", "suggested", "missing", "edited"]
# What each waktu unit and category means: docs/catalogue-import.md ("Waktu").
WaktuUnit = Literal[
    "second",
    "minute",
    "hour",
    "calendar_hour",
    "working_day",
    "calendar_day",
    "week",
    "month",
    "year",
]
WaktuCategory = Literal["numeric", "conditional", "scheduled", "budget_year", "blank", "unparsed"]
StepKind = Literal["start", "process", "decision", "end"]
RuleKind = Literal["position", "position_of_unit", "external", "unresolved"]
Content = Literal["complete", "partial", "missing"]

SCHEMA_VERSION = 1


class Waktu(msgspec.Struct, forbid_unknown_fields=True):
    raw: str
    category: WaktuCategory
    min: float | None = None
    max: float | None = None
    unit: WaktuUnit | None = None
    approximate: bool = False
    per_item: str | None = None
    hari_kerja: bool = False
    unit_from_header: bool = False
    mixed_units: bool = False


class DateValue(msgspec.Struct, forbid_unknown_fields=True):
    label: str | None
    raw: str | None
    date: str | None
    precision: Literal["day", "month", "year"] | None
    provenance: Provenance


class Signatory(msgspec.Struct, forbid_unknown_fields=True):
    raw: str | None
    position: str | None
    name: str | None
    nip: str | None
    provenance: Provenance


class Identity(msgspec.Struct, forbid_unknown_fields=True):
    nomor_sop: str | None
    title: str | None
    tanggal_pembuatan: DateValue
    tanggal_revisi: DateValue
    tanggal_efektif: DateValue
    disahkan_oleh: Signatory
    provenance: dict[str, Provenance]


class Sections(msgspec.Struct, forbid_unknown_fields=True):
    dasar_hukum: list[str]
    kualifikasi_pelaksana: list[str]
    keterkaitan: list[str]
    peralatan_perlengkapan: list[str]
    peringatan: list[str]
    pencatatan_pendataan: list[str]
    provenance: dict[str, Provenance]


class OwningUnit(msgspec.Struct, forbid_unknown_fields=True):
    raw: str | None
    raw_provenance: Provenance
    unit_code: str | None
    unit_code_provenance: Provenance


class PositionRule(msgspec.Struct, forbid_unknown_fields=True):
    kind: RuleKind
    code: str | None = None
    position_kind: str | None = None
    unit: str | None = None
    party: str | None = None


class PerformerColumn(msgspec.Struct, forbid_unknown_fields=True):
    key: str
    header: str
    rule: PositionRule
    provenance: Provenance


class Decision(msgspec.Struct, forbid_unknown_fields=True):
    """``None`` as a target means the SOP ends on that branch."""

    yes_target: int | None
    no_target: int | None
    yes_label: str | None
    no_label: str | None
    provenance: Provenance


class Step(msgspec.Struct, forbid_unknown_fields=True):
    position: int
    number: str | None
    activity: str
    performer: str | None
    kelengkapan: str | None
    waktu: Waktu
    output: str | None
    keterangan: str | None
    kind: StepKind
    decision: Decision | None
    marks: dict[str, str]
    source_line: int
    provenance: dict[str, Provenance]


class TocEntry(msgspec.Struct, forbid_unknown_fields=True):
    position: int
    ordinal: str | None
    number: str | None
    title: str
    section: list[str]
    line: int


class Source(msgspec.Struct, forbid_unknown_fields=True):
    book: str
    sha256: str
    line_start: int | None
    line_end: int | None


class SopDocument(msgspec.Struct, forbid_unknown_fields=True):
    schema_version: int
    sop_id: str
    tenant: str
    status: Literal["draft"]
    content: Content
    title: str
    source: Source
    toc: TocEntry | None
    identity: Identity
    sections: Sections
    unit: OwningUnit
    performers: list[PerformerColumn]
    steps: list[Step]
    warnings: list[str]


class BookImport(msgspec.Struct):
    book: str
    sha256: str
    tenant: str
    book_id: str
    toc: list[TocEntry]
    sops: list[SopDocument]
    warnings: list[str]
