"""GET /api/dashboard: what the dashboard polls, in one request, equal to the separate reads
it replaces (/api/tasks/mine twice, /api/tasks/unit, /api/me/scope, /api/notifications)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.cases.support import Person, publish_with_performers

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _get(client: Any, who: Person, url: str) -> Any:
    response = await client.get(url, cookies=who.who.cookies)
    assert response.status_code == 200, response.text
    return response.json()


async def _start(client: Any, who: Person, sop_id: str, subject: str) -> dict[str, Any]:
    response = await client.post(
        "/api/cases",
        json={"sop_id": sop_id, "subject": subject},
        cookies=who.who.cookies,
        headers=who.who.headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _complete_current(client: Any, who: Person, case_id: str) -> None:
    current = (await _get(client, who, f"/api/cases/{case_id}"))["current"]
    done = await client.post(
        f"/api/tasks/{current['id']}/complete",
        json={},
        cookies=who.who.cookies,
        headers=who.who.headers,
    )
    assert done.status_code == 200, done.text


def _ids(page: dict[str, Any]) -> list[str]:
    return [t["id"] for t in page["items"]]


async def test_one_read_equals_the_reads_it_replaces(client: Any, office: Any) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf, kasub = await staff(STAF), await staff(KASUB)
    cases = [await _start(client, staf, sop["id"], f"Surat dasbor nomor {n}") for n in range(3)]
    # The first case moves on to the Kasubbag (steps 1 and 2 are the staff's, 3 the Kasubbag's).
    for _ in range(2):
        await _complete_current(client, staf, cases[0]["id"])

    mine = await _get(client, staf, "/api/dashboard?limit=25")
    assert mine["level"] == "own"
    assert mine["team"] is None, "no units' panel for staff"
    inbox = await _get(client, staf, "/api/tasks/mine?sort=due&no_decisions=true&limit=25")
    assert _ids(mine["mine"]) == _ids(inbox)
    assert mine["mine"]["total"] == inbox["total"] == 2
    decisions = await _get(client, staf, "/api/tasks/mine?sort=due&decisions=true&limit=25")
    assert _ids(mine["decisions"]) == _ids(decisions)
    bell = await _get(client, staf, "/api/notifications?limit=10")
    assert mine["notifications"] == bell
    scope = await _get(client, staf, "/api/me/scope")
    assert mine["level"] == scope["level"]

    # Paging and the "today" filter are those of /api/tasks/mine.
    second = await _get(client, staf, "/api/dashboard?limit=1&offset=1&today=true")
    paged = await _get(
        client, staf, "/api/tasks/mine?sort=due&no_decisions=true&limit=1&offset=1&today=true"
    )
    assert _ids(second["mine"]) == _ids(paged)
    assert second["mine"]["total"] == 2
    assert (second["mine"]["limit"], second["mine"]["offset"]) == (1, 1)
    assert second["decisions"]["offset"] == 0, "decisions: always their first page"

    lead = await _get(client, kasub, "/api/dashboard")
    assert lead["level"] == "unit"
    assert lead["level"] == (await _get(client, kasub, "/api/me/scope"))["level"]
    # The case waiting on the Kasubbag is theirs, not repeated in their units' panel.
    assert [t["case_id"] for t in lead["mine"]["items"]] == [cases[0]["id"]]
    team = await _get(client, kasub, "/api/tasks/unit?sort=due&others=true&limit=25")
    assert lead["team"] is not None
    assert _ids(lead["team"]) == _ids(team)
    whole = await _get(client, kasub, "/api/tasks/unit?sort=due&limit=25")
    assert {t["case_id"] for t in whole["items"]} == {c["id"] for c in cases}
    assert set(_ids(lead["team"])) <= set(_ids(whole)) - set(_ids(lead["mine"]))
    overdue = await _get(client, kasub, "/api/dashboard?team_overdue=true")
    assert overdue["team"]["total"] == 0, "nothing is overdue yet"


async def test_it_needs_a_session_and_shows_only_ones_own_work(client: Any, office: Any) -> None:
    anonymous = await client.get("/api/dashboard")
    assert anonymous.status_code == 401
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf = await staff(STAF)
    await _start(client, staf, sop["id"], "Surat dari Lampung saja")
    other = await staff("staf-seksi-pembangunan-sumber-daya-industri")  # another unit
    theirs = await _get(client, other, "/api/dashboard")
    assert theirs["mine"]["total"] == 0
    assert theirs["decisions"]["total"] == 0
