"""Actions on a case as a whole: comment and cancel."""

from __future__ import annotations

import uuid

from alur.core.errors import ConflictError, PermissionDeniedError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases import repository as repo
from alur.domain.cases.context import (
    access_case_by_id,
    found,
    load_work,
)
from alur.domain.cases.schemas import (
    CancelIn,
    CaseOut,
    CommentIn,
)


async def comment(ctx: TenantContext, case_id: uuid.UUID, data: CommentIn) -> uuid.UUID:
    body = data.body.strip()
    if not body:
        raise ValidationError("komentar tidak boleh kosong", field="body")
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        await access_case_by_id(w, case_id)
        if data.task_id is not None:
            task = await repo.get_task(w.conn, data.task_id, w.moment, w.today)
            if task is None or task.case_id != case_id:
                raise ValidationError("tugas bukan bagian dari kasus ini", field="task_id")
        comment_id = await repo.insert_comment(
            w.conn,
            ctx.tenant_id,
            {
                "case_id": case_id,
                "task_id": data.task_id,
                "author_id": w.actor.user_id,
                "body": body,
                "created_at": w.moment,
            },
        )
        await record(
            w.conn,
            ctx,
            "case.commented",
            "comment",
            comment_id,
            case_id=case_id,
            at=w.moment,
            after={"body": body, "task_id": data.task_id},
        )
    return comment_id


async def cancel(ctx: TenantContext, case_id: uuid.UUID, data: CancelIn) -> CaseOut:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        case = await access_case_by_id(w, case_id, lock=True)
        if case.status != "open":
            raise ConflictError(f"kasus ini sudah {case.status}", field="status")
        if case.started_by != w.actor.user_id and not w.actor.supervises(None, case.unit_id):
            raise PermissionDeniedError("hanya pemulai kasus atau atasan yang dapat membatalkan")
        cancelled = await repo.cancel_active(w.conn, case_id, w.moment)
        await repo.close_case(w.conn, case_id, "cancelled", w.moment, data.reason.strip())
        await record(
            w.conn,
            ctx,
            "case.cancelled",
            "case",
            case_id,
            case_id=case_id,
            at=w.moment,
            before={"status": "open"},
            after={
                "status": "cancelled",
                "reason": data.reason.strip(),
                "tasks": [str(t) for t in cancelled],
            },
        )
        out = await repo.get_case(w.conn, case_id, w.moment)
    return found(out, "Tugas")
