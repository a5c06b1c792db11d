"""Task actions on the real database: who may do what, racing completions, a failure
half-way, returns, reassignment, comments, cancellation, searches and clear refusals."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.integration.cases.support import Person, publish_with_performers
from tests.isolation.harness import in_tenant

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _setup(client: Any, office: Any) -> tuple[Any, dict[str, Person], str]:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    people = {
        "staf": await staff(STAF),
        "staf2": await staff(STAF),
        "kasub": await staff(KASUB),
        "sek": await staff("sekretaris"),
        "other": await staff("staf-seksi-pembangunan-sumber-daya-industri"),
    }
    return admin, people, str(sop["id"])


async def _start(client: Any, who: Person, sop_id: str, **extra: Any) -> dict[str, Any]:
    body = {"sop_id": sop_id, "subject": "Surat keluar uji", **extra}
    response = await client.post(
        "/api/cases", json=body, cookies=who.who.cookies, headers=who.who.headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _current(client: Any, who: Person, case_id: str) -> dict[str, Any]:
    detail = (await client.get(f"/api/cases/{case_id}", cookies=who.who.cookies)).json()
    return dict(detail["current"])


async def _post(client: Any, who: Person, url: str, body: Any = None) -> Any:
    return await client.post(url, json=body, cookies=who.who.cookies, headers=who.who.headers)


async def test_racing_completions_let_exactly_one_win(client: Any, office: Any) -> None:
    _, people, sop_id = await _setup(client, office)
    for _ in range(10):
        case = await _start(client, people["staf"], sop_id)
        task = await _current(client, people["staf"], case["id"])
        url = f"/api/tasks/{task['id']}/complete"
        first, second = await asyncio.gather(
            _post(client, people["staf"], url, {"note": "a"}),
            _post(client, people["staf2"], url, {"note": "b"}),
        )
        codes = sorted([first.status_code, second.status_code])
        assert codes == [200, 409], (first.text, second.text)
        loser = first if first.status_code == 409 else second
        assert "tidak aktif" in loser.json()["detail"] or "orang lain" in loser.json()["detail"]
        detail = (
            await client.get(f"/api/cases/{case['id']}", cookies=people["staf"].who.cookies)
        ).json()
        assert [t["step_position"] for t in detail["tasks"]] == [1, 2], "one successor only"


async def test_failure_half_way_leaves_no_partial_change(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """Activating step 2 fails inside the database: step 1 stays active and unclaimed, no
    task or audit event is added."""
    _, people, sop_id = await _setup(client, office)
    case = await _start(client, people["staf"], sop_id)
    task = await _current(client, people["staf"], case["id"])
    tid = tenant_ids["lampung"]

    async def counts() -> tuple[int, int]:
        rows = await in_tenant(
            owner_conn,
            tid,
            "select (select count(*) from tasks where case_id = $1) as tasks,"
            " (select count(*) from audit_events) as events",
            uuid.UUID(case["id"]),
        )
        return rows[0]["tasks"], rows[0]["events"]

    before = await counts()
    await owner_conn.execute(
        "create or replace function uji_fail() returns trigger language plpgsql as"
        " $$ begin raise exception 'uji: injected failure'; end $$"
    )
    await owner_conn.execute(
        "create trigger uji_fail before insert on tasks for each row"
        " when (new.step_position = 2) execute function uji_fail()"
    )
    try:
        response = await _post(
            client, people["staf"], f"/api/tasks/{task['id']}/complete", {"note": "x"}
        )
    finally:
        await owner_conn.execute("drop trigger if exists uji_fail on tasks")
        await owner_conn.execute("drop function if exists uji_fail()")
    assert response.status_code == 500
    assert await counts() == before
    again = await _current(client, people["staf"], case["id"])
    assert again["status"] == "active"
    assert again["claimed_by"] is None
    assert again["completed_at"] is None
    done = await _post(client, people["staf"], f"/api/tasks/{task['id']}/complete", {})
    assert done.status_code == 200, "and the action works once the fault is gone"


async def test_claim_release_and_who_may_act(client: Any, office: Any) -> None:
    _, people, sop_id = await _setup(client, office)
    case = await _start(client, people["staf"], sop_id)
    task = await _current(client, people["staf"], case["id"])
    base = f"/api/tasks/{task['id']}"
    claimed = await _post(client, people["staf"], f"{base}/claim")
    assert claimed.status_code == 200
    assert claimed.json()["claimed_by"] == str(people["staf"].user_id)
    taken = await _post(client, people["staf2"], f"{base}/complete", {})
    assert taken.status_code == 409
    assert "orang lain" in taken.json()["detail"]
    outsider = await _post(client, people["other"], f"{base}/complete", {})
    assert outsider.status_code == 404, "a case outside my reach is not there at all"
    released = await _post(client, people["staf"], f"{base}/release")
    assert released.status_code == 200
    assert released.json()["claimed_by"] is None
    decide = await _post(client, people["staf2"], f"{base}/decide", {"choice": "ya"})
    assert decide.status_code == 422
    assert decide.json()["field"] == "choice"
    done = await _post(client, people["staf2"], f"{base}/complete", {"note": "ok"})
    assert done.status_code == 200
    step2 = await _current(client, people["staf"], case["id"])
    done2 = await _post(client, people["staf"], f"/api/tasks/{step2['id']}/complete", {})
    assert done2.status_code == 200
    step3 = await _current(client, people["kasub"], case["id"])
    assert step3["position_code"] == KASUB
    not_mine = await _post(client, people["staf"], f"/api/tasks/{step3['id']}/complete", {})
    assert not_mine.status_code == 403


async def test_return_reassign_comment_cancel(client: Any, office: Any) -> None:
    _, people, sop_id = await _setup(client, office)
    case = await _start(client, people["staf"], sop_id, reference="B-12/UM/2026")
    cid = case["id"]
    for _ in range(2):
        t = await _current(client, people["staf"], cid)
        assert (
            await _post(client, people["staf"], f"/api/tasks/{t['id']}/complete", {})
        ).status_code == 200
    step3 = await _current(client, people["kasub"], cid)
    bad = await _post(
        client,
        people["kasub"],
        f"/api/tasks/{step3['id']}/return",
        {"to_step": 5, "reason": "belum pernah dikerjakan"},
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "to_step"
    returned = await _post(
        client,
        people["kasub"],
        f"/api/tasks/{step3['id']}/return",
        {"to_step": 2, "reason": "pencatatan belum lengkap"},
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    back = await _current(client, people["staf"], cid)
    assert back["step_position"] == 2
    assert back["position_code"] == STAF

    # Staff cannot reassign; their Kasubbag (supervisor) can, to a named colleague.
    refused = await _post(
        client,
        people["staf"],
        f"/api/tasks/{back['id']}/reassign",
        {"reason": "cuti", "user_id": str(people["staf2"].user_id)},
    )
    assert refused.status_code == 403
    moved = await _post(
        client,
        people["kasub"],
        f"/api/tasks/{back['id']}/reassign",
        {"reason": "staf cuti", "user_id": str(people["staf2"].user_id)},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["claimed_by"] == str(people["staf2"].user_id)
    inbox = (await client.get("/api/tasks/mine", cookies=people["staf2"].who.cookies)).json()
    assert back["id"] in [t["id"] for t in inbox["items"]]
    both = await _post(
        client, people["kasub"], f"/api/tasks/{back['id']}/reassign", {"reason": "x y z"}
    )
    assert both.status_code == 422

    said = await _post(
        client, people["sek"], f"/api/cases/{cid}/comments", {"body": "Mohon dipercepat"}
    )
    assert said.status_code == 201
    outsider = await _post(client, people["other"], f"/api/cases/{cid}/comments", {"body": "halo"})
    assert outsider.status_code == 404

    no_reason = await _post(client, people["staf"], f"/api/cases/{cid}/cancel", {"reason": ""})
    assert no_reason.status_code == 400 or no_reason.status_code == 422
    cancelled = await _post(
        client, people["staf"], f"/api/cases/{cid}/cancel", {"reason": "surat ditarik pemohon"}
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    late = await _post(client, people["staf2"], f"/api/tasks/{back['id']}/complete", {})
    assert late.status_code == 409
    detail = (await client.get(f"/api/cases/{cid}", cookies=people["staf"].who.cookies)).json()
    actions = [e["action"] for e in detail["timeline"]]
    for expected in (
        "case.started",
        "task.returned",
        "task.reassigned",
        "case.commented",
        "case.cancelled",
    ):
        assert expected in actions
    assert detail["comments"][0]["body"] == "Mohon dipercepat"

    found = (
        await client.get(
            "/api/cases?reference=B-12&status=cancelled", cookies=people["kasub"].who.cookies
        )
    ).json()
    assert [c["id"] for c in found["items"]] == [cid]
    hidden = (
        await client.get("/api/cases?reference=B-12", cookies=people["other"].who.cookies)
    ).json()
    assert hidden["total"] == 0


async def test_start_refusals_name_the_problem(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    _admin, people, sop_id = await _setup(client, office)
    unpublished = await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "select id from catalogue_sops where key = '003-07'",
    )
    cases = [
        ({"sop_id": str(unpublished[0]["id"]), "subject": "uji"}, 409, "sop_id"),
        ({"sop_id": str(uuid.uuid4()), "subject": "uji"}, 404, None),
        ({"sop_id": sop_id, "subject": "  "}, 400, None),
        ({"sop_id": sop_id, "subject": "uji", "unit_id": str(uuid.uuid4())}, 422, "unit_id"),
        (
            {"sop_id": sop_id, "subject": "uji", "performer_units": {"staf": str(uuid.uuid4())}},
            422,
            "performer_units.staf",
        ),
    ]
    for body, status, field in cases:
        response = await _post(client, people["staf"], "/api/cases", body)
        assert response.status_code == status, (body, response.text)
        if field:
            assert response.json()["field"] == field
    count = await in_tenant(owner_conn, tenant_ids["lampung"], "select count(*) from cases")
    assert count[0]["count"] == 0, "no refused start left a case behind"
    foreign_unit = await _post(
        client, people["other"], "/api/cases", {"sop_id": sop_id, "subject": "bukan unit saya"}
    )
    assert foreign_unit.status_code == 403


async def test_inbox_unit_view_and_reports_follow_reach(client: Any, office: Any) -> None:
    _, people, sop_id = await _setup(client, office)
    for i in range(3):
        await _start(client, people["staf"], sop_id, reference=f"R-{i}")
    mine = (
        await client.get(
            "/api/tasks/mine?limit=2&sort=-activated", cookies=people["staf"].who.cookies
        )
    ).json()
    assert mine["total"] == 3
    assert len(mine["items"]) == 2
    assert all(t["sla"] in ("on_track", "at_risk", "overdue") for t in mine["items"])
    unit = (await client.get("/api/tasks/unit", cookies=people["kasub"].who.cookies)).json()
    assert unit["total"] == 3
    refused = await client.get("/api/tasks/unit", cookies=people["staf"].who.cookies)
    assert refused.status_code == 403
    bad_sort = await client.get("/api/tasks/mine?sort=zzz", cookies=people["staf"].who.cookies)
    assert bad_sort.status_code == 422
    assert bad_sort.json()["field"] == "sort"
    figures = (
        await client.get("/api/reports/performance", cookies=people["sek"].who.cookies)
    ).json()
    assert sum(s["started"] for s in figures["sops"]) == 3
    assert (
        await client.get("/api/reports/performance", cookies=people["staf"].who.cookies)
    ).status_code == 403


async def test_deactivating_a_user_returns_their_claimed_work(client: Any, office: Any) -> None:
    admin, people, sop_id = await _setup(client, office)
    case = await _start(client, people["staf"], sop_id)
    task = await _current(client, people["staf"], case["id"])
    assert (
        await _post(client, people["staf"], f"/api/tasks/{task['id']}/claim")
    ).status_code == 200
    off = await client.patch(
        f"/api/users/{people['staf'].user_id}",
        json={"active": False},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert off.status_code == 200, off.text
    again = await _current(client, people["kasub"], case["id"])
    assert again["claimed_by"] is None
    assert again["position_code"] == STAF
    done = await _post(client, people["staf2"], f"/api/tasks/{task['id']}/complete", {})
    assert done.status_code == 200


async def test_a_unit_leader_cannot_take_over_a_superiors_step(client: Any, office: Any) -> None:
    """Kasubbag leads the case's unit, but the Kepala Dinas's approval step is above him:
    he may neither delegate it to himself nor decide it."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-10", {})
    stf = await staff(STAF)
    kasub = await staff(KASUB)
    sek = await staff("sekretaris")
    case = await _start(client, stf, str(sop["id"]))
    for who in (stf, kasub, sek):
        task = await _current(client, who, case["id"])
        done = await _post(client, who, f"/api/tasks/{task['id']}/complete", {})
        assert done.status_code == 200, done.text
    kadis_step = await _current(client, kasub, case["id"])
    assert kadis_step["position_code"] == "kepala-dinas"
    grab = await _post(
        client,
        kasub,
        f"/api/tasks/{kadis_step['id']}/reassign",
        {"reason": "saya ambil alih", "user_id": str(kasub.user_id)},
    )
    assert grab.status_code == 403
    decide = await _post(client, kasub, f"/api/tasks/{kadis_step['id']}/complete", {})
    assert decide.status_code == 403
    huge = await client.get("/api/tasks/mine?offset=99999999999", cookies=stf.who.cookies)
    assert huge.status_code == 400
