"""Five SOPs from the books run to completion on the real database: one from each Kaltim
book (000, 001, 004) and two from Lampung's, with a ya/tidak decision taken both ways.
Each step asserts who gets the task (its position, and the holder's inbox) and its due time
in the office's working time; the clock is held and moved five minutes per action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from alur.core.clock import frozen_at, set_frozen
from tests.integration.cases.support import Person, local, parse, publish_with_performers

pytestmark = pytest.mark.integration

START = "2026-11-23 08:00"  # a Monday


@dataclass(frozen=True)
class Expect:
    step: int
    position: str | None  # None: an outside party's step, recorded by the case's starter
    by: Person
    due: str | None  # local time in the office's zone; None: no due time
    action: str  # complete | ya | tidak


async def _run(
    client: Any,
    slug: str,
    starter: Person,
    sop_id: str,
    unit_id: str | None,
    script: list[Expect],
    others: list[Person],
) -> dict[str, Any]:
    moment = local(slug, START)
    with frozen_at(moment):
        body: dict[str, Any] = {"sop_id": sop_id, "subject": "Uji jalannya SOP"}
        if unit_id:
            body["unit_id"] = unit_id
        started = await client.post(
            "/api/cases", json=body, cookies=starter.who.cookies, headers=starter.who.headers
        )
        assert started.status_code == 201, started.text
        case = started.json()
        assert case["number"].startswith(f"{slug.upper()}-2026-")
        for expect in script:
            detail = (
                await client.get(f"/api/cases/{case['id']}", cookies=expect.by.who.cookies)
            ).json()
            task = detail["current"]
            assert task is not None, f"step {expect.step}: the case ended early"
            assert task["step_position"] == expect.step
            assert task["position_code"] == expect.position, f"step {expect.step}"
            if expect.position is None:
                assert task["claimed_by"] == str(starter.user_id), "starter records it"
                assert task["counts_for_office"] is False
            due = parse(task["due_at"])
            wanted = None if expect.due is None else local(slug, expect.due)
            assert due == wanted, f"step {expect.step}: due {due}, expected {wanted}"
            inbox = (await client.get("/api/tasks/mine", cookies=expect.by.who.cookies)).json()
            assert task["id"] in [t["id"] for t in inbox["items"]], f"step {expect.step}"
            deciding = (
                await client.get("/api/tasks/mine?decisions=true", cookies=expect.by.who.cookies)
            ).json()
            waits_on_decision = task["id"] in [t["id"] for t in deciding["items"]]
            assert waits_on_decision == (expect.action in ("ya", "tidak")), f"step {expect.step}"
            assert all(t["step_kind"] == "decision" for t in deciding["items"])
            for other in others:
                if other.position != expect.position and other is not expect.by:
                    theirs = (await client.get("/api/tasks/mine", cookies=other.who.cookies)).json()
                    assert task["id"] not in [t["id"] for t in theirs["items"]]
            moment += dt.timedelta(minutes=5)
            set_frozen(moment)
            if expect.action == "complete":
                url, payload = "complete", {"note": "selesai"}
            else:
                url, payload = "decide", {"choice": expect.action, "note": "diputuskan"}
            done = await client.post(
                f"/api/tasks/{task['id']}/{url}",
                json=payload,
                cookies=expect.by.who.cookies,
                headers=expect.by.who.headers,
            )
            assert done.status_code == 200, done.text
            assert done.json()["outcome"] == ("done" if url == "complete" else expect.action)
        final = (await client.get(f"/api/cases/{case['id']}", cookies=starter.who.cookies)).json()
    assert final["case"]["status"] == "closed"
    assert final["current"] is None
    actions = [e["action"] for e in final["timeline"]]
    assert actions[0] == "case.started"
    assert actions[-1] == "case.closed"
    return dict(final)


async def _unit_id(client: Any, who: Any, code: str) -> str:
    units = (await client.get("/api/org/units?limit=200", cookies=who.cookies)).json()["items"]
    return str(next(u["id"] for u in units if u["code"] == code))


async def test_kaltim_000_11_other_duties_with_decision_both_ways(client: Any, office: Any) -> None:
    """Book 000 (Bidang Industri): the book lost the performers of steps 1-3; the admin
    assigns Kepala Dinas, Kabid and Kasi. Run in a Seksi, 'Kasi' and 'Kabid' resolve to the
    Seksi's Kasi and the Bidang's Kabid. Step 4 'tidak' returns to step 3."""
    admin, staff = await office("kaltim")
    sop = await publish_with_performers(
        client, admin, "000-11", {1: "kadis", 2: "kabid", 3: "kasi"}
    )
    kadis = await staff("kepala-dinas")
    kabid = await staff("kabid-industri")
    kasi = await staff("kasi-pembinaan-usaha-industri")
    seksi = await _unit_id(client, admin, "seksi-pembinaan-usaha-industri")
    script = [
        Expect(1, "kepala-dinas", kadis, None, "complete"),  # waktu blank: no due time
        Expect(2, "kabid-industri", kabid, "2026-11-23 08:15", "complete"),
        Expect(3, "kasi-pembinaan-usaha-industri", kasi, "2026-11-23 08:20", "complete"),
        Expect(4, "kasi-pembinaan-usaha-industri", kasi, "2026-11-23 09:15", "tidak"),
        Expect(3, "kasi-pembinaan-usaha-industri", kasi, "2026-11-23 08:30", "complete"),
        Expect(4, "kasi-pembinaan-usaha-industri", kasi, "2026-11-23 09:25", "ya"),
    ]
    final = await _run(client, "kaltim", kadis, sop["id"], seksi, script, [kabid, kasi])
    outcomes = [t["outcome"] for t in final["tasks"]]
    assert outcomes == ["done", "done", "done", "tidak", "done", "ya"]


async def test_kaltim_001_06_monitoring_report_nineteen_steps(client: Any, office: Any) -> None:
    """Book 001 (Sub Bagian Perencanaan): 19 steps, two decisions, day-long steps."""
    admin, staff = await office("kaltim")
    sop = await publish_with_performers(client, admin, "001-06", {18: "kasubbag-perencanaan"})
    sek = await staff("sekretaris")
    kasub = await staff("kasubbag-perencanaan")
    stf = await staff("staf-sub-bagian-perencanaan")
    k, s, t = "kasubbag-perencanaan", "staf-sub-bagian-perencanaan", "sekretaris"
    day = "2026-11-23"
    script = [
        Expect(1, t, sek, f"{day} 08:15", "complete"),
        Expect(2, k, kasub, f"{day} 08:25", "complete"),
        Expect(3, k, kasub, f"{day} 08:15", "complete"),
        Expect(4, k, kasub, f"{day} 08:20", "complete"),
        Expect(5, s, stf, f"{day} 08:30", "complete"),
        Expect(6, s, stf, f"{day} 08:45", "complete"),
        Expect(7, s, stf, f"{day} 09:00", "complete"),
        Expect(8, s, stf, f"{day} 09:05", "complete"),
        Expect(9, s, stf, "2026-11-24 08:40", "complete"),  # 1 hari
        Expect(10, s, stf, "2026-11-26 08:45", "complete"),  # 3 hari
        Expect(11, s, stf, f"{day} 09:20", "complete"),
        Expect(12, k, kasub, "2026-11-24 08:55", "ya"),
        Expect(13, k, kasub, f"{day} 10:00", "ya"),
        Expect(14, k, kasub, f"{day} 10:05", "complete"),
        Expect(15, k, kasub, "2026-11-24 09:10", "complete"),
        Expect(16, k, kasub, f"{day} 09:25", "complete"),
        Expect(17, k, kasub, f"{day} 09:35", "complete"),
        Expect(18, k, kasub, f"{day} 09:40", "complete"),
        Expect(19, k, kasub, f"{day} 10:00", "complete"),
    ]
    await _run(client, "kaltim", sek, sop["id"], None, script, [kasub, stf])


async def test_kaltim_004_13_leave_request_refused_then_granted(client: Any, office: Any) -> None:
    """Book 004 (Sub Bagian Umum): the civil servant (an outside party to the office's
    clock) applies; the first application is sent back ('tidak'), the second goes through."""
    admin, staff = await office("kaltim")
    pk = "pengelola-kepegawaian"
    sop = await publish_with_performers(client, admin, "004-13", {1: "pns", 3: pk, 4: pk})
    clerk = await staff(pk)
    kasub = await staff("kasubbag-umum")
    script = [
        Expect(1, None, clerk, None, "complete"),
        Expect(2, pk, clerk, "2026-11-24 08:05", "tidak"),
        Expect(1, None, clerk, None, "complete"),
        Expect(2, pk, clerk, "2026-11-24 08:15", "ya"),
        Expect(3, pk, clerk, "2026-11-24 08:20", "ya"),
        Expect(4, pk, clerk, "2026-11-24 08:25", "complete"),
        Expect(5, pk, clerk, "2026-11-23 09:00", "complete"),
    ]
    final = await _run(client, "kaltim", clerk, sop["id"], None, script, [kasub])
    external = [t for t in final["tasks"] if not t["counts_for_office"]]
    assert len(external) == 2
    assert all(t["external_party"] == "pns" for t in external)
    assert final["external_minutes"] == 10.0, "two 5-minute waits on the applicant"
    assert final["elapsed_minutes"] == 25.0, "35 minutes in all, 10 of them the applicant's"


async def test_lampung_003_02_outgoing_letters(client: Any, office: Any) -> None:
    """Lampung's book as imported (no edits needed): staff and the Kasubbag alternate."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    kasub = await staff("kasubbag-umum-dan-kepegawaian")
    s, k = stf.position, kasub.position
    script = [
        Expect(1, s, stf, "2026-11-23 08:10", "complete"),
        Expect(2, s, stf, "2026-11-23 08:10", "complete"),
        Expect(3, k, kasub, "2026-11-23 08:40", "complete"),
        Expect(4, k, kasub, "2026-11-23 08:25", "complete"),
        Expect(5, s, stf, "2026-11-23 08:50", "complete"),
        Expect(6, s, stf, "2026-11-23 09:25", "complete"),
    ]
    final = await _run(client, "lampung", stf, sop["id"], None, script, [kasub])
    assert final["case"]["expected_minutes"] == 145.0  # 10+5+30+10+30+60
    assert final["elapsed_minutes"] == 30.0


async def test_lampung_003_10_promotion_proposal_with_acting_kasubbag(
    client: Any, office: Any
) -> None:
    """The Kasubbag's steps go to a Plt (acting official) as well as to the holder."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-10", {})
    stf = await staff("staf-sub-bagian-umum-dan-kepegawaian")
    plt = await staff("kasubbag-umum-dan-kepegawaian", kind="plt")
    sek = await staff("sekretaris")
    kadis = await staff("kepala-dinas")
    k = "kasubbag-umum-dan-kepegawaian"
    script = [
        Expect(1, stf.position, stf, "2026-11-23 09:00", "complete"),
        Expect(2, k, plt, "2026-11-23 08:35", "complete"),
        Expect(3, "sekretaris", sek, "2026-11-23 08:55", "complete"),
        # Book line 733: "{ } (Decision)": the Kepala Dinas signs or sends it back.
        Expect(4, "kepala-dinas", kadis, "2026-11-24 08:15", "ya"),
        Expect(5, "sekretaris", sek, "2026-11-24 08:20", "complete"),
        Expect(6, k, plt, "2026-11-23 09:25", "complete"),
        Expect(7, stf.position, stf, "2026-11-23 08:40", "complete"),
    ]
    await _run(client, "lampung", stf, sop["id"], None, script, [sek, kadis])
