"""Telling people: an in-app notification for each recipient (in their language), and an
e-mail job in the outbox for those who want one per event; the rest get the daily digest."""

from __future__ import annotations

import json
import uuid
from typing import Any

import msgspec

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases.access import user_uuid
from alur.domain.jobs import outbox
from alur.domain.notifications import repository as repo
from alur.domain.notifications.messages import render, when
from alur.domain.notifications.schemas import (
    EscalationSettings,
    NotificationOut,
    NotificationPage,
    Preferences,
)


async def notify(
    conn: Conn,
    ctx: TenantContext,
    recipients: list[uuid.UUID],
    kind: str,
    params: dict[str, Any],
    *,
    zone: str,
    dedupe: str,
    case_id: uuid.UUID | None = None,
    task_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """In the caller's transaction; the same `dedupe` key never notifies a person twice."""
    created: list[uuid.UUID] = []
    for person in await repo.recipients_info(conn, sorted(set(recipients))):
        locale = person["locale"]
        values = {**params, "due": when(params.get("due_at"), zone, locale)}
        title, body = render(kind, locale, values)
        wants_mail = bool(person["email"]) and person["email_mode"] != "off"
        status = (
            "none"
            if not wants_mail
            else ("digest" if person["email_mode"] == "digest" else "pending")
        )
        notification_id = await repo.insert(
            conn,
            ctx.tenant_id,
            {
                "user_id": person["id"],
                "kind": kind,
                "title": title[:300],
                "body": body,
                "link": f"/kasus/{case_id}" if case_id else "",
                "case_id": case_id,
                "task_id": task_id,
                "dedupe_key": f"{dedupe}:{person['id']}"[:200],
                "created_at": now(),
                "email_status": status,
            },
        )
        if notification_id is None:
            continue
        created.append(notification_id)
        if status == "pending":
            await outbox.enqueue(
                conn,
                ctx,
                "notifications.email",
                {"notification_id": str(notification_id)},
                key=f"email:{notification_id}",
                queue="notifications",
            )
    return created


def _out(row: dict[str, Any]) -> NotificationOut:
    return NotificationOut(**row)


async def my_notifications(
    ctx: TenantContext, *, unread_only: bool, limit: int, offset: int
) -> NotificationPage:
    async with tenant_transaction(ctx) as tx:
        rows, total, unread = await repo.page(
            tx.connection, user_uuid(ctx), unread_only=unread_only, limit=limit, offset=offset
        )
    return NotificationPage([_out(r) for r in rows], total, unread, limit, offset)


async def mark_read(ctx: TenantContext, ids: list[uuid.UUID] | None) -> int:
    async with tenant_transaction(ctx) as tx:
        return await repo.mark_read(tx.connection, user_uuid(ctx), ids, now())


async def get_preferences(ctx: TenantContext) -> Preferences:
    async with tenant_transaction(ctx) as tx:
        return msgspec.convert(await repo.preferences(tx.connection, user_uuid(ctx)), Preferences)


async def save_preferences(ctx: TenantContext, data: Preferences) -> Preferences:
    async with tenant_transaction(ctx) as tx:
        await repo.save_preferences(
            tx.connection, ctx.tenant_id, user_uuid(ctx), data.locale, data.email_mode
        )
    return data


async def get_escalation(ctx: TenantContext) -> EscalationSettings:
    async with tenant_transaction(ctx) as tx:
        merged = await repo.escalation_settings(tx.connection, ctx.tenant_id)
    return msgspec.convert(merged, EscalationSettings)


async def save_escalation(ctx: TenantContext, data: EscalationSettings) -> EscalationSettings:
    if isinstance(data.further_allowance, int) and data.further_allowance < 1:
        raise ValidationError(
            "tambahan waktu harus 'step' atau jumlah menit kerja (>= 1)", field="further_allowance"
        )
    async with tenant_transaction(ctx) as tx:
        before = await repo.escalation_settings(tx.connection, ctx.tenant_id)
        after = msgspec.to_builtins(data)
        await tx.connection.execute(
            "insert into office_settings (tenant_id, escalation, updated_by) values ($1, $2::jsonb,"
            " $3) on conflict (tenant_id) do update set escalation = excluded.escalation,"
            " updated_by = excluded.updated_by, updated_at = now()",
            ctx.tenant_id,
            json.dumps(after),
            user_uuid(ctx),
        )
        await record(
            tx.connection,
            ctx,
            "settings.escalation",
            "office_settings",
            ctx.tenant_id,
            before=before,
            after=after,
        )
    return data


# --- what other domains use (cases announces tasks; these answer) -----------------------


async def task_activated(
    conn: Conn, ctx: TenantContext, task_id: uuid.UUID, task: dict[str, Any]
) -> None:
    """A task was put to work: schedule its first escalation stage, if the office has one."""
    from alur.domain.notifications import escalation  # escalation sends through notify()

    settings = await repo.escalation_settings(conn, ctx.tenant_id)
    await escalation.schedule(conn, ctx, task_id, escalation.first_stage(settings, task))
