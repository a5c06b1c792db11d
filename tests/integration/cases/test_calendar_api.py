"""The office's working calendar through the API: everyone reads it; the tenant admin adds
a day off, and the next deadline computed skips it."""

from __future__ import annotations

from typing import Any

import pytest

from alur.core.clock import frozen_at
from tests.integration.cases.support import local, parse, publish_with_performers

pytestmark = pytest.mark.integration


async def test_day_off_declared_by_the_admin_moves_deadlines(client: Any, office: Any) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-10", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")

    calendar = (await client.get("/api/calendar?year=2026", cookies=stf.who.cookies)).json()
    assert calendar["time_zone"] == "Asia/Jakarta"
    named = {d["date"]: d for d in calendar["days_off"]}
    assert named["2026-12-24"]["source"] == "nasional"  # cuti bersama Natal
    assert calendar["at_risk_ratio"] == 0.75

    refused = await client.post(
        "/api/calendar/days-off",
        json={"date": "2026-11-24", "name": "HUT Provinsi"},
        cookies=stf.who.cookies,
        headers=stf.who.headers,
    )
    assert refused.status_code == 403
    bad = await client.post(
        "/api/calendar/days-off",
        json={"date": "24-11-2026", "name": "HUT"},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert bad.status_code == 400
    added = await client.post(
        "/api/calendar/days-off",
        json={"date": "2026-11-24", "name": "Hari jadi (uji)"},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert added.status_code == 201, added.text
    twice = await client.post(
        "/api/calendar/days-off",
        json={"date": "2026-11-24", "name": "Lagi"},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert twice.status_code == 409
    assert twice.json()["field"] == "date"

    # Step 1 of 003-10 takes "1 jam": started Mon 15:30 WIB it runs 30 minutes on Monday,
    # skips the office's day off on Tuesday and ends Wednesday 08:00.
    with frozen_at(local("lampung", "2026-11-23 15:30")):
        case = await client.post(
            "/api/cases",
            json={"sop_id": sop["id"], "subject": "Usulan kenaikan pangkat"},
            cookies=stf.who.cookies,
            headers=stf.who.headers,
        )
        assert case.status_code == 201, case.text
        detail = (
            await client.get(f"/api/cases/{case.json()['id']}", cookies=stf.who.cookies)
        ).json()
    assert parse(detail["current"]["due_at"]) == local("lampung", "2026-11-25 08:00")
    # At risk after 75% of its 60 office minutes: 30 on Monday, 15 on Wednesday.
    assert parse(detail["current"]["at_risk_at"]) == local("lampung", "2026-11-25 07:45")

    removed = await client.delete(
        f"/api/calendar/days-off/{added.json()['id']}", cookies=admin.cookies, headers=admin.headers
    )
    assert removed.status_code == 204
