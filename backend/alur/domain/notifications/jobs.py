"""Notification jobs: one e-mail per notification, and each person's daily digest. A mail is
marked sent in the job's transaction right after the SMTP server accepted it; when the server
is down the job fails before sending and is retried, so nothing is sent twice."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.jobs import outbox
from alur.domain.jobs.outbox import Claimed
from alur.domain.notifications import mail
from alur.domain.notifications.messages import DIGEST


def _link(path: str) -> str:
    return f"{get_settings().web.public_url}{path}" if path else ""


async def send_email(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    row = await conn.fetchrow(
        "select n.id, n.title, n.body, n.link, n.email_status, u.email from notifications n"
        " join users u on u.id = n.user_id where n.id = $1 for update of n",
        uuid.UUID(job.args["notification_id"]),
    )
    if row is None or row["email_status"] != "pending":
        return {"outcome": None if row is None else row["email_status"]}
    body = row["body"] + (f"\n\n{_link(row['link'])}" if row["link"] else "")
    message = mail.build(row["email"], row["title"], body, f"<{row['id']}@{ctx.tenant_slug}.alur>")
    await asyncio.to_thread(mail.send, message)
    await conn.execute(
        "update notifications set email_status = 'sent', email_sent_at = $2 where id = $1",
        row["id"],
        now(),
    )
    return {"outcome": "sent"}


async def send_digest(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    user_id = uuid.UUID(job.args["user_id"])
    rows = await conn.fetch(
        "select n.id, n.title, n.link, u.email, coalesce(p.locale, 'id') as locale"
        " from notifications n join users u on u.id = n.user_id"
        " left join notification_preferences p on p.user_id = u.id"
        " where n.user_id = $1 and n.email_status = 'digest' order by n.created_at"
        " for update of n",
        user_id,
    )
    if not rows:
        return {"sent": 0}
    locale = rows[0]["locale"]
    subject, intro = DIGEST[locale]
    lines = [intro, ""] + [f"- {r['title']} {_link(r['link'])}".rstrip() for r in rows]
    message = mail.build(
        rows[0]["email"],
        subject.format(count=len(rows)),
        "\n".join(lines),
        f"<digest-{job.job_id}@{ctx.tenant_slug}.alur>",
    )
    await asyncio.to_thread(mail.send, message)
    await conn.execute(
        "update notifications set email_status = 'sent', email_sent_at = $2"
        " where id = any($1::uuid[])",
        [r["id"] for r in rows],
        now(),
    )
    return {"sent": len(rows)}


async def plan_digests(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    """Once a day per office: one digest job per person with waiting notifications."""
    users = await conn.fetch(
        "select distinct user_id from notifications where email_status = 'digest'"
    )
    for u in users:
        await outbox.enqueue(
            conn,
            ctx,
            "notifications.digest",
            {"user_id": str(u["user_id"])},
            key=f"digest:{u['user_id']}:{job.args.get('day')}",
            queue="notifications",
        )
    return {"people": len(users)}


async def check_escalation(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    from alur.domain.calendar.services import calendar_for
    from alur.domain.notifications.escalation import escalate_task
    from alur.domain.notifications.repository import escalation_settings

    fired = await escalate_task(
        conn,
        ctx,
        uuid.UUID(job.args["task_id"]),
        now(),
        await calendar_for(conn, ctx.tenant_id),
        await escalation_settings(conn, ctx.tenant_id),
    )
    return {"fired": fired}


async def sweep_escalations(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    from alur.domain.calendar.services import calendar_for
    from alur.domain.notifications.escalation import sweep
    from alur.domain.notifications.repository import escalation_settings

    count = await sweep(
        conn,
        ctx,
        now(),
        await calendar_for(conn, ctx.tenant_id),
        await escalation_settings(conn, ctx.tenant_id),
    )
    return {"tasks": count}
