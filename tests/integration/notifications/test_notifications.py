"""Notifications on the real stack: the bell (in-app, in each person's language), e-mail
through a real SMTP server once per event, a digest instead when asked, and no mail lost or
sent twice while the SMTP server is down."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest

from tests.integration.cases.support import Person, publish_with_performers
from tests.jobs_stack import JobProcesses, job_env
from tests.mailbox import Mailbox

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _start(client: Any, who: Person, sop_id: str, subject: str = "Surat uji") -> str:
    case = await client.post(
        "/api/cases",
        json={"sop_id": sop_id, "subject": subject},
        cookies=who.who.cookies,
        headers=who.who.headers,
    )
    assert case.status_code == 201, case.text
    return str(case.json()["number"])


async def _wait(check: Any, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("timed out")


async def test_bell_mail_language_and_read_marks(
    client: Any, office: Any, job_processes: Any
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    box: Mailbox = job_processes.mailbox
    tag = uuid.uuid4().hex[:8]
    stf = await staff(STAF, email=f"staf-{tag}@lampung.test")
    plt = await staff(STAF, kind="plt", email=f"plt-{tag}@lampung.test")
    english = await client.put(
        "/api/notifications/preferences",
        json={"locale": "en", "email_mode": "each"},
        cookies=plt.who.cookies,
        headers=plt.who.headers,
    )
    assert english.status_code == 200
    number = await _start(client, stf, sop["id"])

    bell = (await client.get("/api/notifications", cookies=stf.who.cookies)).json()
    assert bell["unread"] == 1
    [note] = bell["items"]
    assert note["title"] == f"Tugas baru: {number}"
    assert "Menerima surat keluar" in note["body"]
    assert note["body"].endswith(" WIB."), "due time in the office's own zone"
    acting = (await client.get("/api/notifications", cookies=plt.who.cookies)).json()
    assert acting["items"][0]["title"] == f"New task: {number}", "the acting official, in English"

    await _wait(lambda: box.to(stf_address(stf, tag)) and box.to(f"plt-{tag}@lampung.test"))
    [mail] = box.to(stf_address(stf, tag))
    assert mail["Subject"] == f"Tugas baru: {number}"
    assert mail["Message-ID"].startswith(f"<{note['id']}@lampung")
    await asyncio.sleep(1.5)
    assert len(box.to(stf_address(stf, tag))) == 1, "one mail per notification"

    marked = await client.post(
        "/api/notifications/read", json={}, cookies=stf.who.cookies, headers=stf.who.headers
    )
    assert marked.json() == {"marked": 1}
    assert (await client.get("/api/notifications", cookies=stf.who.cookies)).json()["unread"] == 0
    bad = await client.put(
        "/api/notifications/preferences",
        json={"locale": "fr"},
        cookies=stf.who.cookies,
        headers=stf.who.headers,
    )
    assert bad.status_code == 400


def stf_address(_: Person, tag: str) -> str:
    return f"staf-{tag}@lampung.test"


async def test_digest_instead_of_one_mail_each(
    client: Any, office: Any, job_processes: Any, app_url: str, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    box: Mailbox = job_processes.mailbox
    address = f"digest-{uuid.uuid4().hex[:8]}@lampung.test"
    stf = await staff(STAF, email=address)
    await client.put(
        "/api/notifications/preferences",
        json={"locale": "id", "email_mode": "digest"},
        cookies=stf.who.cookies,
        headers=stf.who.headers,
    )
    first = await _start(client, stf, sop["id"], "Surat pertama")
    second = await _start(client, stf, sop["id"], "Surat kedua")
    await asyncio.sleep(1.5)
    assert box.to(address) == [], "nothing mailed one by one"

    import asyncpg

    from alur.core.tenancy import TenantContext
    from alur.domain.jobs import outbox

    conn = await asyncpg.connect(app_url)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
            )
            ctx = TenantContext(tenant_ids["lampung"], "lampung")
            await outbox.enqueue(
                conn,
                ctx,
                "notifications.plan_digests",
                {"day": f"uji-{uuid.uuid4()}"},
                key=f"plan_digests:uji-{uuid.uuid4()}",
                queue="notifications",
            )
    finally:
        await conn.close()
    await _wait(lambda: box.to(address))
    [digest] = box.to(address)
    assert digest["Subject"] == "Ringkasan Alur: 2 pemberitahuan"
    text = digest.get_payload()
    assert first in text
    assert second in text


async def test_smtp_down_mails_retried_and_none_sent_twice(
    client: Any,
    office: Any,
    jobs_paused: Any,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """Twenty task notifications while the mail server is down; once it is back, each
    arrives exactly once."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    box = Mailbox()  # not started: connections are refused
    procs = JobProcesses(job_env(ALUR_SMTP_HOST="127.0.0.1", ALUR_SMTP_PORT=str(box.port)))
    tag = uuid.uuid4().hex[:8]
    people = [await staff(STAF, email=f"s{i}-{tag}@lampung.test") for i in range(20)]
    try:
        procs.start("worker")
        procs.start("scheduler")
        for i, person in enumerate(people):
            await _start(client, person, sop["id"], f"Surat {i}")
        await asyncio.sleep(4)  # attempts fail with connection refused, and back off
        box.start()
        expected = {f"s{i}-{tag}@lampung.test" for i in range(20)}
        # Each case's first task notifies every holder of the staff position (all twenty).
        await _wait(lambda: all(len(box.to(a)) == 20 for a in expected), within=90)
        await asyncio.sleep(2)
    finally:
        procs.stop_all()
        box.stop()
    ids = [m["Message-ID"] for m in box.messages if m["To"] in expected]
    async with owner_conn.transaction():
        await owner_conn.execute(
            "select set_config('app.tenant_id', $1, true)", str(tenant_ids["lampung"])
        )
        retried = await owner_conn.fetchval(
            "select count(*) from outbox_jobs j join notifications n"
            " on n.id = (j.args->>'notification_id')::uuid"
            " where j.actor = 'notifications.email' and j.attempts >= 2"
            " and n.dedupe_key like '%' || $1",
            str(people[0].user_id),
        )
    assert retried > 0, "mails failed while the server was down and were tried again"
    assert len(ids) == 400
    assert len(set(ids)) == 400, "no message twice"
