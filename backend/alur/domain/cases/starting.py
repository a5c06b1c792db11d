"""Starting a case: the SOP in force, the unit it runs in, and its first step."""

from __future__ import annotations

import uuid

from alur.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases import flow
from alur.domain.cases import repository as repo
from alur.domain.cases.activation import activate
from alur.domain.cases.context import (
    Work,
    found,
    load_work,
    pinned,
    positions_of,
)
from alur.domain.cases.routing import column_of, resolve
from alur.domain.cases.schemas import (
    CaseOut,
    CaseStart,
)


def _default_unit(w: Work, owning: uuid.UUID | None) -> uuid.UUID | None:
    """A Seksi's staff run their Bidang's SOP in their Seksi: when the starter holds a
    position in exactly one unit below (or at) the owning unit, the case runs there."""
    if owning is None:
        return None
    mine = {u for u in w.actor.units if w.org.is_within(u, owning)}
    return mine.pop() if len(mine) == 1 else owning


def _may_start_in(w: Work, unit_id: uuid.UUID) -> bool:
    """Holders of a position in the unit, above it, or below it, and leaders reaching it."""
    if w.actor.supervises(None, unit_id):
        return True
    chain = set(w.org.ancestors(unit_id))
    return any(u in chain or w.org.is_within(u, unit_id) for u in w.actor.units)


async def start_case(ctx: TenantContext, data: CaseStart) -> CaseOut:
    subject, reference = data.subject.strip(), data.reference.strip()
    if len(subject) < 3:
        raise ValidationError("perihal kasus harus diisi (minimal 3 karakter)", field="subject")
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        sop = await repo.published_version(w.conn, data.sop_id)
        if sop is None:
            raise NotFoundError("SOP")
        if sop["version_id"] is None:
            raise ConflictError("SOP ini belum punya versi terbit", field="sop_id")
        doc = await pinned(w.conn, sop["version_id"])
        unit_by_code = {u["code"]: uid for uid, u in w.org.units.items()}
        owning = unit_by_code.get(sop["unit_code"] or "")
        unit_id = data.unit_id or _default_unit(w, owning)
        if unit_id is None:
            raise ValidationError("pilih unit tempat kasus dijalankan", field="unit_id")
        if unit_id not in w.org.units:
            raise ValidationError("unit tidak dikenal", field="unit_id")
        if owning is not None and not w.org.is_within(unit_id, owning):
            raise ValidationError(
                "unit kasus harus unit pemilik SOP atau sub-unitnya", field="unit_id"
            )
        if not _may_start_in(w, unit_id):
            raise PermissionDeniedError("Anda tidak memegang jabatan di unit ini")
        case_columns = {c.key for c in doc.performers if c.rule.unit == "case"}
        for key, chosen in data.performer_units.items():
            if key not in case_columns:
                raise ValidationError(
                    f"'{key}' bukan pelaksana yang unitnya dipilih saat kasus dimulai",
                    field=f"performer_units.{key}",
                )
            if chosen not in w.org.units:
                raise ValidationError("unit tidak dikenal", field=f"performer_units.{key}")
        # Every step must route before the case exists, so no case gets stuck half-way.
        starter_positions = await positions_of(w, w.actor.user_id)
        for step in doc.steps:
            resolve(
                w.org,
                column_of(doc, step.performer),
                unit_id,
                data.performer_units,
                starter_positions,
            )
        external = {c.key for c in doc.performers if c.rule.kind == "external"}
        year = w.moment.astimezone(w.cal.zone).year
        number = await repo.next_case_number(w.conn, ctx.tenant_id, ctx.tenant_slug, year)
        case_id = await repo.insert_case(
            w.conn,
            ctx.tenant_id,
            {
                "number": number,
                "sop_id": sop["sop_id"],
                "version_id": sop["version_id"],
                "unit_id": unit_id,
                "subject": subject,
                "reference": reference,
                "performer_units": data.performer_units,
                "started_by": w.actor.user_id,
                "started_at": w.moment,
                "expected_minutes": flow.expected_minutes(w.cal, doc, external),
            },
        )
        await record(
            w.conn,
            ctx,
            "case.started",
            "case",
            case_id,
            case_id=case_id,
            at=w.moment,
            after={
                "number": number,
                "sop": sop["key"],
                "version": sop["number"],
                "unit": w.org.units[unit_id]["code"],
                "subject": subject,
                "reference": reference,
            },
        )
        await activate(
            w,
            case_id,
            doc,
            doc.steps[0].position,
            unit_id=unit_id,
            performer_units=data.performer_units,
            starter=w.actor.user_id,
            cause="start",
        )
        case = await repo.get_case(w.conn, case_id, w.moment)
    return found(case, "Kasus")
