"""Performance figures and the Permenpan monitoring form from real runs: one case on time,
one with three late steps, on a held clock, so every figure has a known value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from alur.core.clock import frozen_at, set_frozen
from tests.integration.cases.support import Person, local, publish_with_performers

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _run_case(
    client: Any, people: dict[str, Person], sop_id: str, start: dt.datetime, minutes: list[int]
) -> dt.datetime:
    """Start at `start`; complete step i after minutes[i]; returns when the case closed."""
    moment = start
    set_frozen(moment)
    staf = people["staf"]
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop_id, "subject": "Surat keluar"},
        cookies=staf.who.cookies,
        headers=staf.who.headers,
    )
    assert case.status_code == 201, case.text
    for spent in minutes:
        detail = (
            await client.get(f"/api/cases/{case.json()['id']}", cookies=staf.who.cookies)
        ).json()
        task = detail["current"]
        who = people["staf"] if task["position_code"] == STAF else people["kasub"]
        moment += dt.timedelta(minutes=spent)
        set_frozen(moment)
        done = await client.post(
            f"/api/tasks/{task['id']}/complete",
            json={},
            cookies=who.who.cookies,
            headers=who.who.headers,
        )
        assert done.status_code == 200, done.text
    return moment


async def test_figures_and_monitoring_form(client: Any, office: Any) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    people = {"staf": await staff(STAF), "kasub": await staff(KASUB)}
    kadis = await staff("kepala-dinas")
    with frozen_at(local("lampung", "2026-11-23 08:00")):
        end_a = await _run_case(
            client, people, sop["id"], local("lampung", "2026-11-23 08:00"), [5, 5, 5, 5, 5, 5]
        )
        assert end_a == local("lampung", "2026-11-23 08:30")
        await _run_case(client, people, sop["id"], end_a, [5, 5, 60, 60, 60, 5])
        figures = (
            await client.get(
                "/api/reports/performance?start=2026-11-23&end=2026-11-23",
                cookies=kadis.who.cookies,
            )
        ).json()
        form = (await client.get("/api/reports/monitoring", cookies=kadis.who.cookies)).json()

        async def weeks(start: str, end: str) -> dict[str, int]:
            answer = await client.get(
                f"/api/reports/performance?start={start}&end={end}", cookies=kadis.who.cookies
            )
            return {p["week"]: p["completed"] for p in answer.json()["trend"]}

        # Steps count in the week they were completed, and only inside the period.
        two_weeks = await weeks("2026-11-16", "2026-11-29")
        day_after = await weeks("2026-11-24", "2026-11-30")
        week_before = await weeks("2026-11-09", "2026-11-22")
    assert two_weeks == {"2026-11-16": 0, "2026-11-23": 12}
    assert day_after == {"2026-11-23": 0, "2026-11-30": 0}, (
        "done on the 23rd: outside a period from the 24th"
    )
    assert week_before == {"2026-11-09": 0, "2026-11-16": 0}
    [sop_figure] = figures["sops"]
    assert (sop_figure["started"], sop_figure["finished"], sop_figure["open"]) == (2, 2, 0)
    assert sop_figure["on_time_rate"] == 0.75  # 9 of 12 steps
    assert sop_figure["measured"] == 12, "every percentage comes with its n"
    steps = {s["step_position"]: s for s in figures["steps"]}
    assert steps[3]["completed"] == 2
    assert steps[3]["on_time"] == 1
    assert steps[3]["standard_minutes"] == 30.0
    assert steps[3]["median_minutes"] == 32.5
    assert steps[3]["p90_minutes"] == 54.5
    assert steps[2]["on_time_rate"] == 1.0, "done exactly at the due minute is on time"
    assert [s["step_position"] for s in figures["most_overdue"]] == [4, 3, 5]
    [week] = figures["trend"]
    assert week == {
        "week": "2026-11-23",
        "completed": 12,
        "on_time_rate": 0.75,
        "escalations": 0,
        "measured": 12,
    }
    [unit] = figures["units"]
    assert unit["on_time_rate"] == 0.75
    assert unit["measured"] == 12
    assert unit["finished"] == 2

    assert form["start"] == "2026-11-01", "default period: the month so far"
    [row] = [r for r in form["rows"] if r["sop_key"] == "003-02"]
    # 75% is below the threshold, but two finished cases are too few for a verdict.
    assert row["berjalan_baik"] is None
    assert form["min_finished"] == 5
    assert "langkah tepat waktu 75% dari 12 langkah selesai" in row["catatan"]
    assert row["tindakan"].startswith("Belum dapat dinilai: baru 2 kasus selesai")
