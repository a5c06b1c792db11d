"""Finding cases again (my cases, search, sort, CSV for leaders), the case page's checklist of
the pinned version, notes carried into notifications, and routing past an empty post."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import pytest

from alur.core.clock import frozen_at
from tests.integration.cases.support import Person, publish_with_performers
from tests.isolation.harness import in_tenant

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _post(client: Any, who: Person, url: str, body: Any = None) -> Any:
    return await client.post(url, json=body, cookies=who.who.cookies, headers=who.who.headers)


async def _get(client: Any, who: Person, url: str) -> Any:
    return await client.get(url, cookies=who.who.cookies)


async def _start(
    client: Any, who: Person, sop_id: str, subject: str, **extra: Any
) -> dict[str, Any]:
    body = {"sop_id": sop_id, "subject": subject, **extra}
    response = await _post(client, who, "/api/cases", body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _current(client: Any, who: Person, case_id: str) -> dict[str, Any]:
    return dict((await _get(client, who, f"/api/cases/{case_id}")).json()["current"])


async def _seksi(client: Any, admin: Any) -> str:
    units = (await client.get("/api/org/units?limit=200", cookies=admin.cookies)).json()["items"]
    return str(next(u["id"] for u in units if u["code"] == "seksi-pembinaan-usaha-industri"))


async def _position_id(client: Any, admin: Any, code: str) -> str:
    page = (await client.get("/api/org/positions?limit=200", cookies=admin.cookies)).json()
    return str(next(p["id"] for p in page["items"] if p["code"] == code))


async def _complete(client: Any, who: Person, case_id: str, times: int = 1) -> None:
    for _ in range(times):
        task = await _current(client, who, case_id)
        done = await _post(client, who, f"/api/tasks/{task['id']}/complete", {})
        assert done.status_code == 200, done.text


async def _kaltim_case_at_its_decision(
    client: Any, office: Any, subject: str
) -> tuple[dict[str, Any], tuple[Person, Person, Person]]:
    """Kaltim 000-11 run in a Seksi up to step 4, the Kasi's ya/tidak decision."""
    admin, staff = await office("kaltim")
    sop = await publish_with_performers(
        client, admin, "000-11", {1: "kadis", 2: "kabid", 3: "kasi"}
    )
    kadis, kabid = await staff("kepala-dinas"), await staff("kabid-industri")
    kasi = await staff("kasi-pembinaan-usaha-industri")
    case = await _start(client, kadis, sop["id"], subject, unit_id=await _seksi(client, admin))
    for who in (kadis, kabid, kasi):
        await _complete(client, who, case["id"])
    return case, (kadis, kabid, kasi)


async def _notes(client: Any, who: Person) -> list[dict[str, Any]]:
    return list((await _get(client, who, "/api/notifications")).json()["items"])


async def test_staff_find_a_handed_on_case_and_a_closed_one_by_perihal(
    client: Any, office: Any
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf, kasub = await staff(STAF), await staff(KASUB)
    other = await staff("staf-seksi-pembangunan-sumber-daya-industri")
    handed = await _start(client, staf, sop["id"], "Surat undangan rapat koordinasi UMKM")
    await _complete(client, staf, handed["id"], 2)  # the staff's steps; the third is the Kasubbag's
    mine = (await _get(client, staf, "/api/tasks/mine")).json()
    assert handed["id"] not in {t["case_id"] for t in mine["items"]}, "handed on: not in inbox"

    closed = await _start(client, staf, sop["id"], "Surat balasan pameran dagang")
    cancelled = await _post(
        client, staf, f"/api/cases/{closed['id']}/cancel", {"reason": "ditarik pemohon"}
    )
    assert cancelled.status_code == 200

    found = (await _get(client, staf, "/api/cases?scope=mine&q=koordinasi%20UMKM")).json()
    assert [c["id"] for c in found["items"]] == [handed["id"]]
    item = found["items"][0]
    assert item["current_step_number"] == "3"
    assert item["current_performer"]
    gone = (await _get(client, staf, "/api/cases?scope=mine&q=pameran&status=cancelled")).json()
    assert [c["id"] for c in gone["items"]] == [closed["id"]]
    assert gone["items"][0]["cancel_reason"] == "ditarik pemohon"
    # Searching the SOP's title finds both; the number finds one.
    by_sop = (await _get(client, staf, f"/api/cases?scope=mine&q={sop['title'][:12]}")).json()
    assert {handed["id"], closed["id"]} <= {c["id"] for c in by_sop["items"]}
    by_number = (await _get(client, staf, f"/api/cases?q={handed['number'][-6:]}")).json()
    assert [c["id"] for c in by_number["items"]] == [handed["id"]]

    # Sorted oldest first, then newest first.
    asc = (await _get(client, staf, "/api/cases?scope=mine&sort=started")).json()["items"]
    desc = (await _get(client, staf, "/api/cases?scope=mine&sort=-started")).json()["items"]
    assert [c["id"] for c in asc] == [c["id"] for c in reversed(desc)]

    # The Kasubbag (acting on it now) finds it as one of theirs; another unit's staff do not.
    theirs = (await _get(client, kasub, "/api/cases?scope=mine")).json()
    assert handed["id"] in {c["id"] for c in theirs["items"]}
    assert (await _get(client, other, "/api/cases?q=koordinasi")).json()["total"] == 0

    for bad, field in (("sort=size", "sort"), ("scope=everyone", "scope"), ("status=x", "status")):
        refused = await _get(client, staf, f"/api/cases?{bad}")
        assert refused.status_code in (400, 422), bad
        assert field in refused.text


async def test_a_period_takes_cases_started_in_it_or_with_during_those_open_in_it(
    client: Any, office: Any
) -> None:
    """A chart's bar counts the steps of its period, so its drill-down (`during`) lists the
    cases open at any time in it, including one started the month before."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf = await staff(STAF)
    with frozen_at(dt.datetime(2026, 10, 20, 3, 0, tzinfo=dt.UTC)):
        older = await _start(client, staf, sop["id"], "Surat periode lama berjalan")
    with frozen_at(dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC)):
        ended = await _start(client, staf, sop["id"], "Surat periode lama selesai")
        cancel = await _post(
            client, staf, f"/api/cases/{ended['id']}/cancel", {"reason": "ditarik pemohon"}
        )
        assert cancel.status_code == 200
    newer = await _start(client, staf, sop["id"], "Surat periode baru")
    today = dt.datetime.now(dt.UTC).date()
    period = f"start={today - dt.timedelta(days=3)}&end={today}&q=Surat%20periode&scope=all"
    started = (await _get(client, staf, f"/api/cases?{period}")).json()["items"]
    assert [c["id"] for c in started] == [newer["id"]]
    during = (await _get(client, staf, f"/api/cases?{period}&during=true")).json()["items"]
    assert {c["id"] for c in during} == {newer["id"], older["id"]}, "not the one closed before"


async def test_leaders_export_the_search_as_csv_and_staff_may_not(client: Any, office: Any) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf, sek = await staff(STAF), await staff("sekretaris")
    started = await _start(client, staf, sop["id"], '=HYPERLINK("x") surat ekspor')
    response = await _get(client, sek, "/api/cases/export.csv?q=surat%20ekspor")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Nomor", "Perihal", "Nomor surat"]
    assert [r[0] for r in rows[1:]] == [started["number"]]
    assert rows[1][1].startswith("'="), "a formula is written as text"
    assert rows[1][5] == "Berjalan"
    refused = await _get(client, staf, "/api/cases/export.csv")
    assert refused.status_code == 403


async def test_case_page_lists_every_step_with_targets_and_the_time_left(
    client: Any, office: Any
) -> None:
    admin, staff = await office("kaltim")
    sop = await publish_with_performers(
        client, admin, "000-11", {1: "kadis", 2: "kabid", 3: "kasi"}
    )
    kadis = await staff("kepala-dinas")
    case = await _start(
        client, kadis, sop["id"], "Tugas lain pimpinan", unit_id=await _seksi(client, admin)
    )
    detail = (await _get(client, kadis, f"/api/cases/{case['id']}")).json()
    steps = detail["steps"]
    assert [s["position"] for s in steps] == sorted(s["position"] for s in steps)
    decision = next(s for s in steps if s["kind"] == "decision")
    assert decision["yes_target"] is not None or decision["no_target"] is not None
    assert decision["next_position"] is None
    assert steps[0]["next_position"] == steps[1]["position"]
    headers = {c["key"]: c["header"] for c in sop["versions"][0]["document"]["performers"]}
    assert steps[0]["performer"] == headers["kadis"]
    assert all("waktu_raw" in s for s in steps)


async def test_a_tidak_note_and_a_return_reason_reach_the_next_performer(
    client: Any, office: Any
) -> None:
    case, (_, kabid, kasi) = await _kaltim_case_at_its_decision(
        client, office, "Tugas lain uji catatan"
    )
    task = await _current(client, kasi, case["id"])
    said = await _post(
        client, kasi, f"/api/tasks/{task['id']}/decide", {"choice": "tidak", "note": "Data kurang"}
    )
    assert said.status_code == 200
    arrived = [n for n in await _notes(client, kasi) if n["kind"] == "task_arrived"]
    assert "Catatan: Data kurang" in arrived[0]["body"]
    detail = (await _get(client, kabid, f"/api/cases/{case['id']}")).json()
    assert any(t["note"] == "Data kurang" and t["outcome"] == "tidak" for t in detail["tasks"])

    task = await _current(client, kasi, case["id"])
    back = await _post(
        client, kasi, f"/api/tasks/{task['id']}/return", {"to_step": 2, "reason": "Minta arahan"}
    )
    assert back.status_code == 200, back.text
    returned = [n for n in await _notes(client, kabid) if n["kind"] == "task_returned"]
    assert "Alasan: Minta arahan" in returned[0]["body"]
    assert str(case["id"]) == returned[0]["case_id"]


async def test_a_step_for_an_empty_post_goes_up_the_chain_and_the_starter_is_told(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    """003-02 step 3 is the Kasubbag Umum's; with nobody in that post (its demo holder's term
    ended yesterday) it goes to the nearest held post above it (the Sekretaris), the task
    says so, and the starter is told."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf, sek = await staff(STAF), await staff("sekretaris")
    vacate = (
        "update position_holders set ends_on = $2 where position_id ="
        " (select id from org_positions where code = $1) returning id"
    )
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    ended = await in_tenant(owner_conn, tenant_ids["lampung"], vacate, KASUB, yesterday)
    try:
        case = await _start(client, staf, sop["id"], "Surat ke pos kosong")
        await _complete(client, staf, case["id"], 2)
        task = await _current(client, sek, case["id"])
        assert task["step_position"] == 3
        assert task["position_code"] == "sekretaris"
        assert "kosong, diteruskan ke" in task["routing"]
        inbox = (await _get(client, sek, "/api/tasks/mine")).json()
        assert task["id"] in {t["id"] for t in inbox["items"]}
        told = [n for n in await _notes(client, staf) if n["kind"] == "task_rerouted"]
        assert len(told) == 1
        assert "kosong" in told[0]["body"]
    finally:
        await in_tenant(
            owner_conn,
            tenant_ids["lampung"],
            "update position_holders set ends_on = null where id = any($1::uuid[])",
            [r["id"] for r in ended],
        )


async def test_the_admin_sees_posts_in_force_sops_route_to_that_nobody_holds(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office("lampung")
    await publish_with_performers(client, admin, "003-02", {})
    kasub_id = await _position_id(client, admin, KASUB)
    await staff(KASUB)  # held today

    def vacant_ids(posts: list[dict[str, Any]]) -> set[str]:
        return {v["position_id"] for v in posts if "003-02" in v["sops"]}

    before = (await client.get("/api/org/vacant-posts", cookies=admin.cookies)).json()
    assert kasub_id not in vacant_ids(before)
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    ended = await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "update position_holders set ends_on = $2 where ends_on is null and position_id ="
        " (select id from org_positions where code = $1) returning id",
        KASUB,
        yesterday,
    )
    try:
        after = (await client.get("/api/org/vacant-posts", cookies=admin.cookies)).json()
        assert kasub_id in vacant_ids(after)
        [post] = [v for v in after if v["position_id"] == kasub_id]
        assert post["title"].startswith("Kepala Sub")
        assert post["unit_name"]
        staf = await staff(STAF)
        refused = await client.get("/api/org/vacant-posts", cookies=staf.who.cookies)
        assert refused.status_code == 403
    finally:
        await in_tenant(
            owner_conn,
            tenant_ids["lampung"],
            "update position_holders set ends_on = null where id = any($1::uuid[])",
            [r["id"] for r in ended],
        )


async def test_delegation_stays_within_reach_and_leaves_the_delegators_lists(
    client: Any, office: Any
) -> None:
    """The Kasubbag Umum delegates step 3 (their own post's) to a staff member of their Sub
    Bagian; a post or person of another unit is refused; the task leaves the Kasubbag's
    inbox and team list, shows in the staff member's, and says to whom it went."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf, kasub = await staff(STAF), await staff(KASUB)
    outsider = await staff("staf-seksi-fasilitasi-industri")
    case = await _start(client, staf, sop["id"], "Surat untuk didelegasikan")
    await _complete(client, staf, case["id"], 2)
    task = await _current(client, kasub, case["id"])
    assert task["position_code"] == KASUB
    url = f"/api/tasks/{task['id']}"

    answer = await _get(client, kasub, f"{url}/reassign-targets")
    assert answer.status_code == 200, answer.text
    targets = answer.json()
    units = {t["unit_name"] for t in targets}
    assert units == {"Sub Bagian Umum dan Kepegawaian"}, units
    mine = next(t for t in targets if t["title"].startswith("Staf"))
    assert str(staf.user_id) in {h["user_id"] for h in mine["holders"]}
    assert (await _get(client, staf, f"{url}/reassign-targets")).status_code == 403

    far_post = await _post(
        client,
        kasub,
        f"{url}/reassign",
        {
            "position_id": await _position_id(client, admin, "kasi-fasilitasi-industri"),
            "reason": "bantu",
        },
    )
    assert far_post.status_code == 422
    assert far_post.json()["field"] == "position_id"
    far_person = await _post(
        client, kasub, f"{url}/reassign", {"user_id": str(outsider.user_id), "reason": "bantu"}
    )
    assert far_person.status_code == 422
    assert far_person.json()["field"] == "user_id"

    moved = await _post(
        client, kasub, f"{url}/reassign", {"user_id": str(staf.user_id), "reason": "tolong"}
    )
    assert moved.status_code == 200, moved.text
    assert (
        moved.json()["routing"]
        == "didelegasikan kepada Uji staf-sub-bagian-umum-dan-kepegawaian: tolong"
    )
    inbox = (await _get(client, kasub, "/api/tasks/mine")).json()
    assert task["id"] not in {t["id"] for t in inbox["items"]}, "gone from the delegator's"
    theirs = (await _get(client, staf, "/api/tasks/mine")).json()
    assert task["id"] in {t["id"] for t in theirs["items"]}
    team = (await _get(client, kasub, "/api/tasks/unit?others=true")).json()
    assert task["id"] in {t["id"] for t in team["items"]}, "the team still shows it"


async def test_a_task_shows_once_on_the_dashboard(client: Any, office: Any) -> None:
    case, (_, _, kasi) = await _kaltim_case_at_its_decision(
        client, office, "Satu tugas satu daftar"
    )
    decision = await _current(client, kasi, case["id"])
    assert decision["step_kind"] == "decision"
    lists = {
        name: {t["id"] for t in (await _get(client, kasi, path)).json()["items"]}
        for name, path in (
            ("decisions", "/api/tasks/mine?decisions=true"),
            ("mine", "/api/tasks/mine?no_decisions=true"),
            ("team", "/api/tasks/unit?others=true"),
        )
    }
    assert [n for n, ids in lists.items() if decision["id"] in ids] == ["decisions"]
