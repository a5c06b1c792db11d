"""The national calendar through the API: estimated dates flagged for the platform admin and
for every office; the platform admin moves a national date with a reason, the correction is
logged, new deadlines follow it and running ones keep their due time; bad input changes
nothing. Year 2030 (no SKB yet) is used and restored afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from alur.core.clock import frozen_at
from tests.integration.cases.support import local, parse, publish_with_performers

pytestmark = pytest.mark.integration

YEAR = 2030


@pytest.fixture
async def clean_year(owner_conn: Any) -> AsyncIterator[None]:
    """The test year as shipped before and after (the log is append-only for the app role
    only; the owner clears the test's rows)."""

    async def clear() -> None:
        await owner_conn.execute("delete from national_years where year = $1", YEAR)
        await owner_conn.execute("delete from national_calendar_changes where year = $1", YEAR)

    await clear()
    yield
    await clear()


async def test_estimated_dates_are_flagged_for_the_platform_and_the_offices(
    client: Any, platform_admin: Any, office: Any
) -> None:
    y2027 = await client.get("/api/platform/calendar?year=2027", cookies=platform_admin.cookies)
    assert y2027.status_code == 200, y2027.text
    body = y2027.json()
    assert body["skb"] is True
    assert body["corrected"] is False
    estimated = sorted(d["date"] for d in body["days"] if d["estimated"])
    assert estimated == ["2027-03-10", "2027-03-11", "2027-05-17"]
    assert {d["kind"] for d in body["days"]} == {"libur_nasional", "cuti_bersama"}
    assert body["ramadan"]["start"] == "2027-02-08"
    assert body["ramadan"]["estimated"] is True
    assert body["ramadan"]["office_hours"]["friday"] == [["08:00", "11:30"], ["12:30", "15:30"]]

    y2028 = await client.get("/api/platform/calendar?year=2028", cookies=platform_admin.cookies)
    assert y2028.json()["skb"] is False
    assert all(d["estimated"] for d in y2028.json()["days"])

    bad = await client.get("/api/platform/calendar?year=1999", cookies=platform_admin.cookies)
    assert bad.status_code == 400
    assert "year" in bad.text

    admin, _staff = await office("kaltim")
    denied = await client.get("/api/platform/calendar?year=2027", cookies=admin.cookies)
    assert denied.status_code == 403

    # Every office sees the same flags in its own calendar, with the kind of each day.
    mine = (await client.get("/api/calendar?year=2027", cookies=admin.cookies)).json()
    by_date = {d["date"]: d for d in mine["days_off"]}
    assert by_date["2027-03-10"]["estimated"] is True
    assert by_date["2027-03-10"]["kind"] == "libur_nasional"
    assert by_date["2027-03-09"]["kind"] == "cuti_bersama"
    assert by_date["2027-03-09"]["estimated"] is False
    assert mine["ramadan"]["start"] == "2027-02-08"


async def test_platform_correction_moves_new_deadlines_and_keeps_running_ones(
    client: Any, platform_admin: Any, office: Any, owner_conn: Any, clean_year: None
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-10", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    start = local("lampung", f"{YEAR}-05-15 15:30")  # Wednesday; Waisak (estimated) Thursday

    async def due_of_a_new_case() -> Any:
        with frozen_at(start):
            case = await client.post(
                "/api/cases",
                json={"sop_id": sop["id"], "subject": "Usulan (uji kalender nasional)"},
                cookies=stf.who.cookies,
                headers=stf.who.headers,
            )
            assert case.status_code == 201, case.text
            detail = await client.get(f"/api/cases/{case.json()['id']}", cookies=stf.who.cookies)
        return case.json()["id"], parse(detail.json()["current"]["due_at"])

    # Step 1 takes "1 jam": 30 minutes on Wednesday, Thursday is Waisak, Friday 08:00.
    running_id, running_due = await due_of_a_new_case()
    assert running_due == local("lampung", f"{YEAR}-05-17 08:00")

    move = {"date": f"{YEAR}-05-16", "new_date": f"{YEAR}-05-17", "reason": "SKB 2030 terbit"}
    write = {"cookies": platform_admin.cookies, "headers": platform_admin.headers}

    # Bad input is refused with the field named, and changes nothing.
    for body, status, field in (
        ({**move, "reason": "x"}, 400, "reason"),
        ({**move, "reason": "      "}, 422, "reason"),
        ({**move, "new_date": f"{YEAR + 1}-05-17"}, 422, "new_date"),
        ({**move, "new_date": f"{YEAR}-05-30"}, 409, "new_date"),  # Kenaikan Isa Almasih
        ({**move, "date": f"{YEAR}-05-15"}, 404, None),
        ({**move, "date": "16-05-2030"}, 400, "date"),
    ):
        refused = await client.post("/api/platform/calendar/days/move", json=body, **write)
        assert refused.status_code == status, (body, refused.text)
        if field:
            assert field in refused.text, refused.text
    tenant_admin = await client.post(
        "/api/platform/calendar/days/move", json=move, cookies=admin.cookies, headers=admin.headers
    )
    assert tenant_admin.status_code == 403
    untouched = (await client.get(f"/api/platform/calendar?year={YEAR}", **write)).json()
    assert untouched["corrected"] is False
    assert untouched["changes"] == []

    moved = await client.post("/api/platform/calendar/days/move", json=move, **write)
    assert moved.status_code == 200, moved.text
    year = moved.json()
    assert year["corrected"] is True
    days = {d["date"]: d for d in year["days"]}
    assert f"{YEAR}-05-16" not in days
    assert days[f"{YEAR}-05-17"]["name"] == "Hari Raya Waisak"
    assert days[f"{YEAR}-05-17"]["estimated"] is False, "a date the admin sets is decided"
    (change,) = year["changes"]
    assert change["action"] == "national.day_moved"
    assert change["reason"] == "SKB 2030 terbit"
    assert change["actor_label"].startswith("platform_admin kaltim:")
    assert change["before"]["date"] == f"{YEAR}-05-16"
    assert change["after"]["date"] == f"{YEAR}-05-17"

    # A new case follows the corrected calendar: Thursday is a working day now.
    _new_id, new_due = await due_of_a_new_case()
    assert new_due == local("lampung", f"{YEAR}-05-16 08:00")
    # The running case keeps the due time it was given.
    again = await client.get(f"/api/cases/{running_id}", cookies=stf.who.cookies)
    assert parse(again.json()["current"]["due_at"]) == running_due

    # Confirm, add and remove, each logged; the office's calendar follows.
    confirmed = await client.post(
        "/api/platform/calendar/days/confirm",
        json={"date": f"{YEAR}-01-01", "reason": "Tanggal tetap"},
        **write,
    )
    assert confirmed.status_code == 200, confirmed.text
    twice = await client.post(
        "/api/platform/calendar/days/confirm",
        json={"date": f"{YEAR}-01-01", "reason": "Tanggal tetap"},
        **write,
    )
    assert twice.status_code == 409
    added = await client.post(
        "/api/platform/calendar/days",
        json={
            "date": f"{YEAR}-12-24",
            "kind": "cuti_bersama",
            "name": "Cuti Bersama Hari Raya Natal",
            "reason": "SKB 2030 terbit",
        },
        **write,
    )
    assert added.status_code == 201, added.text
    removed = await client.post(
        "/api/platform/calendar/days/remove",
        json={"date": f"{YEAR}-04-19", "reason": "uji hapus tanggal"},
        **write,
    )
    assert removed.status_code == 200, removed.text
    actions = [c["action"] for c in removed.json()["changes"]]
    assert actions == [
        "national.day_removed",
        "national.day_added",
        "national.day_confirmed",
        "national.day_moved",
    ]
    theirs = (await client.get(f"/api/calendar?year={YEAR}", cookies=admin.cookies)).json()
    by_date = {d["date"]: d for d in theirs["days_off"]}
    assert by_date[f"{YEAR}-12-24"]["kind"] == "cuti_bersama"
    assert f"{YEAR}-04-19" not in by_date
    assert by_date[f"{YEAR}-01-01"]["estimated"] is False

    # The log cannot be rewritten by the app role.
    rows = await owner_conn.fetchval(
        "select count(*) from national_calendar_changes where year = $1", YEAR
    )
    assert rows == 4


async def test_platform_sets_ramadan_with_a_reason(
    client: Any, platform_admin: Any, clean_year: None
) -> None:
    write = {"cookies": platform_admin.cookies, "headers": platform_admin.headers}
    body = {"year": YEAR, "start": f"{YEAR}-01-05", "end": f"{YEAR}-02-03", "reason": "Isbat"}
    short = await client.put(
        "/api/platform/calendar/ramadan", json={**body, "end": f"{YEAR}-01-20"}, **write
    )
    assert short.status_code == 422
    assert short.json()["field"] == "end"
    done = await client.put("/api/platform/calendar/ramadan", json=body, **write)
    assert done.status_code == 200, done.text
    assert done.json()["ramadan"]["estimated"] is False
    assert done.json()["changes"][0]["before"]["estimated"] is True


async def test_the_app_role_cannot_rewrite_the_corrections_log(app_conn: Any) -> None:
    import asyncpg

    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await app_conn.execute("delete from national_calendar_changes")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await app_conn.execute("update national_calendar_changes set reason = 'x'")
