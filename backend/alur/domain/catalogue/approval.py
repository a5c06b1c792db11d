"""Pengesahan: an SOP version takes effect when the head of office approves it in Alur.

The tenant admin prepares a draft and submits it (it must pass the checks publishing makes);
the submitted version cannot be edited. The Kepala Dinas, or whoever holds that position as
Plt/Plh today, approves it (the version is then published exactly as ``publish_version`` does,
signed with the approver's name, NIP, position and date) or sends it back to draft with a note.
An office may turn the step off (``catalogue.pengesahan`` in tenant.yaml); then the tenant admin
publishes directly and submitting is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from alur.core.clock import now
from alur.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from alur.core.policy import Permission, permissions_for
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.catalogue import repository as repo
from alur.domain.catalogue.importer.model import DateValue, Signatory, SopDocument
from alur.domain.catalogue.schemas import ApprovalQueue, PendingApproval, VersionOut
from alur.domain.catalogue.services import put_in_force, require_valid, sees_drafts

MAX_NOTE = 2000
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_ACTING = {"plt": "Plt. ", "plh": "Plh. "}


def tanggal(day: dt.date) -> str:
    """A date as an SOP's signature block writes it: ``24 November 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def signed_position(title: str, holding: str) -> str:
    """The position as signed: an acting head signs as ``Plt. Kepala Dinas``."""
    return _ACTING.get(holding, "") + title


def signatory_raw(position: str, office_name: str) -> str:
    """``Kepala Dinas`` of an office named ``Dinas X`` reads ``Kepala Dinas X``, as the
    imported books write it; any other title stands as it is."""
    if position.endswith("Kepala Dinas") and office_name.startswith("Dinas "):
        return f"{position} {office_name.removeprefix('Dinas ')}"
    return position


@dataclass(frozen=True)
class Approver:
    """Who holds the head-of-office position today (definitive, Plt or Plh)."""

    user_id: uuid.UUID
    name: str
    nip: str
    position: str  # as signed, e.g. "Plt. Kepala Dinas"
    holding: str

    def audit(self) -> dict[str, str]:
        return {
            "user_id": str(self.user_id),
            "name": self.name,
            "nip": self.nip,
            "position": self.position,
            "holding": self.holding,
        }


@dataclass(frozen=True)
class _Office:
    name: str
    today: dt.date
    pengesahan: bool


def _user(acting_user: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(acting_user)
    except ValueError:
        return None


async def _office(conn: Any, ctx: TenantContext) -> _Office:
    row = await repo.office_of(conn, ctx.tenant_id)
    if row is None:
        raise NotFoundError("Instansi")
    today = now().astimezone(ZoneInfo(row["time_zone"])).date()
    return _Office(name=row["name"], today=today, pengesahan=bool(row["pengesahan"]))


async def _approver(conn: Any, acting_user: str, today: dt.date) -> Approver | None:
    user = _user(acting_user)
    if user is None:
        return None
    row = await repo.head_holding(conn, user, today)
    if row is None:
        return None
    return Approver(
        user_id=user,
        name=row["name"],
        nip=row["nip"],
        position=signed_position(row["title"], row["holding"]),
        holding=row["holding"],
    )


async def _head_or_refuse(conn: Any, acting_user: str, today: dt.date) -> Approver:
    approver = await _approver(conn, acting_user, today)
    if approver is None:
        raise PermissionDeniedError(
            "hanya Kepala Dinas (atau Plt/Plh Kepala Dinas) yang dapat mengesahkan"
            " atau mengembalikan SOP"
        )
    return approver


async def _submitted(conn: Any, version_id: uuid.UUID) -> VersionOut:
    version = await repo.get_version(conn, version_id, lock=True)
    if version is None:
        raise NotFoundError("Versi SOP")
    return version


def _require_status(version: VersionOut, status: str, what: str) -> None:
    if version.status != status:
        raise ConflictError(
            f"versi ini berstatus {version.status}; hanya versi {what} yang dapat diproses",
            field="status",
        )


def signed(doc: SopDocument, approver: Approver, office_name: str, day: dt.date) -> SopDocument:
    """The document with the approver's signature and the approval date as its effective
    date (both marked ``edited``: they come from Alur, not from the book)."""
    identity = msgspec.structs.replace(
        doc.identity,
        disahkan_oleh=Signatory(
            raw=signatory_raw(approver.position, office_name),
            position=approver.position,
            name=approver.name,
            nip=approver.nip,
            provenance="edited",
        ),
        tanggal_efektif=DateValue(
            label=doc.identity.tanggal_efektif.label or "pengesahan",
            raw=tanggal(day),
            date=day.isoformat(),
            precision="day",
            provenance="edited",
        ),
        provenance={
            **doc.identity.provenance,
            "disahkan_oleh": "edited",
            "tanggal_efektif": "edited",
        },
    )
    return msgspec.structs.replace(doc, identity=identity)


async def submit_version(
    ctx: TenantContext, version_id: uuid.UUID, *, acting_user: str
) -> VersionOut:
    """The tenant admin asks for pengesahan of a valid draft; it is locked until the head
    approves it or sends it back."""
    if Permission.CATALOGUE_PUBLISH not in permissions_for(ctx.roles):
        raise PermissionDeniedError("hanya admin instansi yang dapat mengajukan pengesahan")
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        version = await _submitted(conn, version_id)
        if version.status == "submitted":
            raise ConflictError("versi ini sudah diajukan dan menunggu pengesahan", field="status")
        _require_status(version, "draft", "draft")
        office = await _office(conn, ctx)
        if not office.pengesahan:
            raise ConflictError(
                "instansi ini tidak memakai pengesahan di Alur: terbitkan versi ini langsung",
                field="status",
            )
        await require_valid(conn, version)
        await repo.mark_submitted(conn, version_id, _user(acting_user), now())
        await record(
            conn,
            ctx,
            "catalogue.submitted",
            "sop_version",
            version_id,
            before={"status": "draft"},
            after={
                "status": "submitted",
                "document_hash": await repo.document_hash(conn, version_id),
            },
        )
        out = await repo.get_version(conn, version_id)
    assert out is not None  # noqa: S101 - read in this transaction
    return out


async def approve_version(
    ctx: TenantContext, version_id: uuid.UUID, *, acting_user: str
) -> VersionOut:
    """The head of office approves a submitted version: it is signed, dated and published
    (the previous published version retires). Nobody approves their own submission."""
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        version = await _submitted(conn, version_id)
        office = await _office(conn, ctx)
        approver = await _head_or_refuse(conn, acting_user, office.today)
        _require_status(version, "submitted", "yang menunggu pengesahan")
        if await repo.submitted_by(conn, version_id) == approver.user_id:
            raise PermissionDeniedError(
                "versi ini Anda ajukan sendiri; pengesahan harus oleh orang lain"
                " (minta admin instansi lain mengajukannya)",
                field="submitted_by",
            )
        await require_valid(conn, version)
        before_hash = await repo.document_hash(conn, version_id)
        document = msgspec.json.encode(
            signed(version.document, approver, office.name, office.today)
        ).decode()
        digest = hashlib.sha256(document.encode()).hexdigest()
        await repo.mark_approved(conn, version_id, approver.user_id, now(), document, digest)
        await record(
            conn,
            ctx,
            "catalogue.approved",
            "sop_version",
            version_id,
            before={"status": "submitted", "document_hash": before_hash},
            after={
                "status": "published",
                "document_hash": digest,
                "approver": approver.audit(),
                "date": office.today.isoformat(),
            },
        )
        await put_in_force(conn, ctx, version, acting_user)
        out = await repo.get_version(conn, version_id)
    assert out is not None  # noqa: S101 - read in this transaction
    return out


async def return_version(
    ctx: TenantContext, version_id: uuid.UUID, note: str, *, acting_user: str
) -> VersionOut:
    """The head of office sends a submitted version back to draft; the note says why and is
    shown to the tenant admin."""
    note = note.strip()
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        version = await _submitted(conn, version_id)
        office = await _office(conn, ctx)
        approver = await _head_or_refuse(conn, acting_user, office.today)
        _require_status(version, "submitted", "yang menunggu pengesahan")
        if not note:
            raise ValidationError("tulis alasan pengembalian", field="note")
        if len(note) > MAX_NOTE:
            raise ValidationError(f"catatan paling banyak {MAX_NOTE} karakter", field="note")
        await repo.mark_returned(conn, version_id, approver.user_id, note, now())
        await record(
            conn,
            ctx,
            "catalogue.returned",
            "sop_version",
            version_id,
            before={"status": "submitted"},
            after={
                "status": "draft",
                "note": note,
                "by": approver.audit(),
                "date": office.today.isoformat(),
            },
        )
        out = await repo.get_version(conn, version_id)
    assert out is not None  # noqa: S101 - read in this transaction
    return out


async def pending_approvals(ctx: TenantContext) -> list[PendingApproval]:
    """The versions waiting for pengesahan, for the head of office and the tenant admins;
    nobody else sees drafts, so for them the list is empty."""
    async with tenant_transaction(ctx) as tx:
        office = await _office(tx.connection, ctx)
        head = await _approver(tx.connection, ctx.user_id or "", office.today)
        if head is None and not sees_drafts(ctx):
            return []
        rows = await repo.pending_versions(tx.connection)
    return [
        PendingApproval(
            sop_id=row["sop_id"],
            key=row["key"],
            title=row["title"],
            unit_code=row["unit_code"],
            version=version,
            published=published,
            submitted_by_name=row["submitted_by_name"],
        )
        for row, version, published in rows
    ]


async def approval_queue(ctx: TenantContext) -> ApprovalQueue:
    """Whether the office requires pengesahan, whether the caller may approve, and what waits."""
    async with tenant_transaction(ctx) as tx:
        office = await _office(tx.connection, ctx)
        head = await _approver(tx.connection, ctx.user_id or "", office.today)
        items = await pending_approvals(ctx)  # joins this transaction
    return ApprovalQueue(required=office.pengesahan, can_approve=head is not None, items=items)
