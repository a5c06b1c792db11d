"""Telling people: an in-app notification for each recipient (in their language), and an
e-mail job in the outbox for those who want one per event; the rest get the daily digest."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Notice:
    """One event to tell people of (the arguments of `notify`)."""

    recipients: list[uuid.UUID]
    kind: str
    params: dict[str, Any]
    dedupe: str
    case_id: uuid.UUID | None = None
    task_id: uuid.UUID | None = None


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
    return await notify_many(
        conn, ctx, [Notice(recipients, kind, params, dedupe, case_id, task_id)], zone=zone
    )


async def notify_many(
    conn: Conn, ctx: TenantContext, notices: list[Notice], *, zone: str
) -> list[uuid.UUID]:
    """`notify` for many events at once, in three statements whatever their number: who the
    recipients are, the notifications, the e-mail jobs."""
    everyone = sorted({person for notice in notices for person in notice.recipients})
    if not everyone:
        return []
    people = {p["id"]: p for p in await repo.recipients_info(conn, everyone)}
    rows: list[dict[str, Any]] = []
    moment = now()
    for notice in notices:
        for person_id in sorted(set(notice.recipients)):
            person = people.get(person_id)
            if person is None:  # inactive or unknown
                continue
            locale = person["locale"]
            values = {**notice.params, "due": when(notice.params.get("due_at"), zone, locale)}
            title, body = render(notice.kind, locale, values)
            wants_mail = bool(person["email"]) and person["email_mode"] != "off"
            status = (
                "none"
                if not wants_mail
                else ("digest" if person["email_mode"] == "digest" else "pending")
            )
            rows.append(
                {
                    "user_id": person["id"],
                    "kind": notice.kind,
                    "title": title[:300],
                    "body": body,
                    "link": f"/kasus/{notice.case_id}" if notice.case_id else "",
                    "case_id": notice.case_id,
                    "task_id": notice.task_id,
                    "dedupe_key": f"{notice.dedupe}:{person['id']}"[:200],
                    "created_at": moment,
                    "email_status": status,
                }
            )
    created = await repo.insert_many(conn, ctx.tenant_id, rows)
    await outbox.enqueue_many(
        conn,
        ctx,
        [
            outbox.NewJob(
                "notifications.email",
                {"notification_id": str(notification_id)},
                key=f"email:{notification_id}",
                queue="notifications",
            )
            for notification_id, status in created
            if status == "pending"
        ],
    )
    return [notification_id for notification_id, _ in created]


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
