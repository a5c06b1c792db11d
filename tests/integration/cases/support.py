"""Shared pieces for running SOPs in tests: people holding positions, SOPs published through
the catalogue API (with the tenant admin's performer choices), and a clock moved by hand."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.pengesahan import submit_and_approve
from tests.isolation.harness import LoggedIn, in_tenant, login_as

ZONES = {"kaltim": ZoneInfo("Asia/Makassar"), "lampung": ZoneInfo("Asia/Jakarta")}


@dataclass(frozen=True)
class Person:
    user_id: uuid.UUID
    position: str
    who: LoggedIn


async def person(
    conn: Any,
    slug: str,
    tenant_id: uuid.UUID,
    position: str,
    *,
    kind: str = "definitive",
    roles: tuple[str, ...] = (),
    email: str = "",
) -> Person:
    """A user holding `position` (test users have subjects starting 'uji-')."""
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        user_id = await conn.fetchval(
            "insert into users (tenant_id, subject, nip, name, email) values ($1, $2, $3, $4, $5)"
            " returning id",
            tenant_id,
            f"uji-{uuid.uuid4().hex}",
            "199501012020011001",
            f"Uji {position}",
            email,
        )
        pos = await conn.fetchval("select id from org_positions where code = $1", position)
        assert pos is not None, position
        today = dt.datetime.now(dt.UTC).date()
        await conn.execute(
            "insert into position_holders (tenant_id, user_id, position_id, kind, source,"
            " starts_on, ends_on) values ($1, $2, $3, $4, 'admin', $5, $6)",
            tenant_id,
            user_id,
            pos,
            kind,
            None if kind == "definitive" else today - dt.timedelta(days=400),
            None if kind == "definitive" else today + dt.timedelta(days=400),
        )
    who = await login_as(slug, tenant_id, roles, user_id=user_id)
    return Person(user_id, position, who)


async def sop_by_key(client: Any, who: LoggedIn, key: str) -> dict[str, Any]:
    page = (await client.get(f"/api/catalogue/sops?q={key}", cookies=who.cookies)).json()
    summary = next(s for s in page["items"] if s["key"] == key)
    return dict(
        (await client.get(f"/api/catalogue/sops/{summary['id']}", cookies=who.cookies)).json()
    )


async def publish_with_performers(
    client: Any, admin: LoggedIn, key: str, performers: dict[int, str]
) -> dict[str, Any]:
    """The tenant admin assigns the performers the book lost (step position -> column key),
    then puts it in force (submitted, approved by a Kepala Dinas); returns the SOP."""
    sop = await sop_by_key(client, admin, key)
    version = sop["versions"][0]
    if performers:
        document = (
            await client.get(
                f"/api/catalogue/versions/{version['id']}/export?format=json",
                cookies=admin.cookies,
            )
        ).json()
        for step in document["steps"]:
            if step["position"] in performers:
                step["performer"] = performers[step["position"]]
        saved = await client.put(
            f"/api/catalogue/versions/{version['id']}/document",
            json=document,
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert saved.status_code == 200, saved.text
    await submit_and_approve(client, admin, version["id"])  # pengesahan: the head approves
    return sop


async def snapshot_catalogue(conn: Any, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await in_tenant(
        conn,
        tenant_id,
        "select id, status, origin, document::text as document, document_hash, published_at,"
        " published_by from catalogue_versions",
    )
    return [dict(r) for r in rows]


async def restore(conn: Any, tenant_id: uuid.UUID, versions: list[dict[str, Any]]) -> None:
    """Remove the test's cases and put the catalogue back exactly as it was."""
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        await conn.execute("delete from documents")
        await conn.execute("delete from case_comments")
        await conn.execute("delete from tasks")
        await conn.execute("delete from cases")
        await conn.execute("delete from calendar_days_off")
        known = [v["id"] for v in versions]
        await conn.execute("delete from catalogue_versions where not (id = any($1::uuid[]))", known)
        for v in versions:
            await conn.execute(
                "update catalogue_versions set status = $2, origin = $3, document = $4::json,"
                " document_hash = $5, published_at = $6, published_by = $7 where id = $1"
                " and (status, origin, document_hash) is distinct from ($2, $3, $5)",
                v["id"],
                v["status"],
                v["origin"],
                v["document"],
                v["document_hash"],
                v["published_at"],
                v["published_by"],
            )
        await conn.execute(
            "update catalogue_versions set submitted_at = null, submitted_by = null,"
            " approved_at = null, approved_by = null, returned_at = null, returned_by = null,"
            " return_note = null where status <> 'submitted'"
        )
        await conn.execute("delete from office_settings")
        await conn.execute("delete from appointment_requests")
        await conn.execute("delete from position_holders where source = 'admin'")
        await conn.execute("delete from users where subject like 'uji-%'")


def local(slug: str, text: str) -> dt.datetime:
    """'2026-11-23 08:00' in the tenant's own time zone."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZONES[slug])


def parse(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)
