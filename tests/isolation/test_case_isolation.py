"""Every case, task, calendar and report route, tried with the other tenant's ids: 404 (or
nothing of theirs in a list), and nothing of theirs changed."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.integration.cases.support import publish_with_performers
from tests.isolation.harness import TenantRoute, assert_isolated, in_tenant, login_as

pytestmark = [pytest.mark.integration, pytest.mark.isolation]


async def _a_case(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from cases order by number limit 1")))


async def _a_task(conn: Any) -> uuid.UUID:
    return uuid.UUID(
        str(await conn.fetchval("select id from tasks where status = 'active' limit 1"))
    )


async def _a_day_off(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from calendar_days_off limit 1")))


async def _a_document(conn: Any) -> uuid.UUID:
    return uuid.UUID(str(await conn.fetchval("select id from documents limit 1")))


async def _an_export(conn: Any) -> uuid.UUID:
    return uuid.UUID(
        str(await conn.fetchval("select id from outbox_jobs where actor like 'exports.%' limit 1"))
    )


TASK_SNAPSHOT = "select status, claimed_by, position_id, completed_at from tasks where id = $1"
CASE_SNAPSHOT = (
    "select c.status, c.closed_at, (select count(*) from case_comments m"
    " where m.case_id = c.id) from cases c where c.id = $1"
)

CASE_ROUTES = [
    TenantRoute("GET", "/api/cases/{id}", _a_case),
    TenantRoute(
        "POST",
        "/api/cases/{id}/comments",
        _a_case,
        body={"body": "halo"},
        snapshot_sql=CASE_SNAPSHOT,
    ),
    TenantRoute(
        "POST",
        "/api/cases/{id}/cancel",
        _a_case,
        body={"reason": "diambil alih"},
        snapshot_sql=CASE_SNAPSHOT,
    ),
    TenantRoute("GET", "/api/tasks/{id}/reassign-targets", _a_task),
    TenantRoute("GET", "/api/cases/{id}/documents", _a_case),
    TenantRoute(
        "POST",
        "/api/cases/{id}/documents?name=curian.pdf",
        _a_case,
        snapshot_sql="select count(*) from documents where case_id = $1",
    ),
    TenantRoute("GET", "/api/documents/{id}/link", _a_document),
    TenantRoute(
        "POST",
        "/api/exports/cases/{id}",
        _a_case,
        snapshot_sql="select count(*) from outbox_jobs where (args->>'case_id')::uuid = $1",
    ),
    TenantRoute("GET", "/api/exports/{id}/link", _an_export),
    TenantRoute("GET", "/api/jobs/{id}", _an_export),
    TenantRoute("POST", "/api/tasks/{id}/claim", _a_task, snapshot_sql=TASK_SNAPSHOT),
    TenantRoute("POST", "/api/tasks/{id}/release", _a_task, snapshot_sql=TASK_SNAPSHOT),
    TenantRoute(
        "POST",
        "/api/tasks/{id}/complete",
        _a_task,
        body={"note": "x"},
        snapshot_sql=TASK_SNAPSHOT,
    ),
    TenantRoute(
        "POST",
        "/api/tasks/{id}/decide",
        _a_task,
        body={"choice": "ya"},
        snapshot_sql=TASK_SNAPSHOT,
    ),
    TenantRoute(
        "POST",
        "/api/tasks/{id}/return",
        _a_task,
        body={"to_step": 1, "reason": "kembali"},
        snapshot_sql=TASK_SNAPSHOT,
    ),
    TenantRoute(
        "POST",
        "/api/tasks/{id}/reassign",
        _a_task,
        body={"reason": "alih", "user_id": str(uuid.uuid4())},
        snapshot_sql=TASK_SNAPSHOT,
    ),
    TenantRoute(
        "DELETE",
        "/api/calendar/days-off/{id}",
        _a_day_off,
        snapshot_sql="select day, name from calendar_days_off where id = $1",
    ),
]


async def _victim_data(client: Any, office: Any, slug: str) -> dict[str, Any]:
    admin, staff = await office(slug)
    if slug == "lampung":
        sop = await publish_with_performers(client, admin, "003-02", {})
        starter = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    else:
        pk = "pengelola-kepegawaian"
        sop = await publish_with_performers(client, admin, "004-13", {1: "pns", 3: pk, 4: pk})
        starter = await staff(pk)
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop["id"], "subject": f"Kasus rahasia {slug}", "reference": "RHS-1"},
        cookies=starter.who.cookies,
        headers=starter.who.headers,
    )
    assert case.status_code == 201, case.text
    # A document and an export job of theirs, for the routes that take those ids.
    document = await client.post(
        f"/api/cases/{case.json()['id']}/documents",
        params={"name": "rahasia.pdf"},
        content=b"%PDF-1.4\n%%EOF\n",
        cookies=starter.who.cookies,
        headers={**starter.who.headers, "content-type": "application/pdf"},
    )
    assert document.status_code == 201, document.text
    export = await client.post(
        f"/api/exports/cases/{case.json()['id']}",
        cookies=starter.who.cookies,
        headers=starter.who.headers,
    )
    assert export.status_code in (200, 201), export.text
    day = await client.post(
        "/api/calendar/days-off",
        json={"date": "2030-06-0" + ("1" if slug == "kaltim" else "2"), "name": f"Libur {slug}"},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert day.status_code == 201, day.text
    return {"sop_id": sop["id"], "case_id": case.json()["id"]}


@pytest.mark.parametrize(("attacker", "victim"), [("kaltim", "lampung"), ("lampung", "kaltim")])
async def test_case_routes_answer_404_for_foreign_ids(
    client: Any,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
    office: Any,
    attacker: str,
    victim: str,
) -> None:
    theirs = await _victim_data(client, office, victim)
    failures = await assert_isolated(client, owner_conn, CASE_ROUTES, tenant_ids, attacker, victim)
    assert failures == []

    # Foreign ids in bodies and filters find nothing of the other office either.
    who = await login_as(attacker, tenant_ids[attacker], ("tenant_admin",))
    started = await client.post(
        "/api/cases",
        json={"sop_id": theirs["sop_id"], "subject": "kasus curian"},
        cookies=who.cookies,
        headers=who.headers,
    )
    assert started.status_code == 404
    for url in (
        f"/api/cases?sop_id={theirs['sop_id']}",
        "/api/cases?reference=RHS-1",
        "/api/tasks/unit",
    ):
        listed = (await client.get(url, cookies=who.cookies)).json()
        assert listed["total"] == 0, url
    exported = await client.get(
        "/api/cases/export.csv?q=Kasus%20rahasia&scope=all", cookies=who.cookies
    )
    assert exported.status_code == 200, exported.text
    assert "Kasus rahasia" not in exported.text
    assert "RHS-1" not in exported.text
    for url in ("/api/cases?scope=mine&q=rahasia", f"/api/cases?unit_id={uuid.uuid4()}"):
        assert (await client.get(url, cookies=who.cookies)).json()["total"] == 0, url
    # Vacant posts name only this office's posts and SOPs.
    vacant = (await client.get("/api/org/vacant-posts", cookies=who.cookies)).json()
    theirs_posts = {
        str(r["id"])
        for r in await in_tenant(owner_conn, tenant_ids[victim], "select id from org_positions")
    }
    assert not {v["position_id"] for v in vacant} & theirs_posts
    figures = (
        await client.get(f"/api/reports/performance?sop_id={theirs['sop_id']}", cookies=who.cookies)
    ).json()
    assert figures["sops"] == []
    assert figures["steps"] == []
    monitoring = (await client.get("/api/reports/monitoring", cookies=who.cookies)).json()
    assert all(r["sop_id"] != theirs["sop_id"] for r in monitoring["rows"])
    events = (
        await client.get(f"/api/audit/events?entity_id={theirs['case_id']}", cookies=who.cookies)
    ).json()
    assert events["total"] == 0
    calendar = (await client.get("/api/calendar?year=2030", cookies=who.cookies)).json()
    assert all(d["name"] != f"Libur {victim}" for d in calendar["days_off"])
