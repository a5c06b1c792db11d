"""The demo office a fresh dev stack opens on, in a real browser: `alur demo prepare` and
`alur demo simulate` (the commands `bash infra/up.sh` runs on first start, here with fewer
weeks) put both offices' catalogues in force and leave weeks of work behind; then staff find
SOPs in force and their running cases on first login, the head's dashboard shows figures from
the simulated weeks, and the tenant admin's Tabel 7 lists the procedures. The catalogues and
cases are put back afterwards (the `offices` fixture)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import yaml

from tests.e2e.conftest import ROOT, screenshot
from tests.e2e.support import at_phone_width, run, sign_in, sign_in_user

pytestmark = pytest.mark.e2e

ALUR = str(Path(sys.executable).parent / "alur")


def _demo(*args: str) -> str:
    done = subprocess.run(
        [ALUR, "demo", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=os.environ,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


async def _someone_with_work(tenant_id: uuid.UUID) -> str:
    """The NIP of a person (not the head) holding a position with an active task."""
    conn = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
            nip = await conn.fetchval(
                "select u.nip from tasks t join position_holders h on h.position_id = t.position_id"
                " join org_positions p on p.id = t.position_id join users u on u.id = h.user_id"
                " where t.status = 'active' and p.kind = 'staf'"
                " group by u.nip order by count(*) desc, u.nip limit 1"
            )
        assert nip, "the simulation left no active task with a staff member"
        return str(nip)
    finally:
        await conn.close()


def test_staff_and_head_open_on_weeks_of_work(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID]
) -> None:
    prepared = _demo("prepare", "--tenants", "kaltim,lampung")
    assert "kaltim" in prepared
    assert "lampung" in prepared
    _demo("simulate", "--weeks", "2", "--cases-per-week", "12", "--seed", "5",
          "--tenants", "kaltim,lampung")  # fmt: skip

    for slug in ("kaltim", "lampung"):
        nip = run(_someone_with_work(offices[slug]))
        users = yaml.safe_load((ROOT / "tenants" / slug / "demo-users.yaml").read_text())
        person = next(u for u in users["users"] if u["nip"] == nip)
        staff = sign_in_user(browser, base_url, slug, person)
        mine = staff.get_by_role("region", name=re.compile(r"^Tugas saya \(\d+\)"))
        mine.get_by_role("link").first.wait_for()
        assert mine.get_by_text("Tidak ada tugas yang menunggu Anda").count() == 0
        screenshot(staff, f"demo-staff-{slug}")
        at_phone_width(staff, f"demo-staff-{slug}")
        staff.get_by_role("link", name="Katalog SOP").click()
        staff.get_by_text("Menampilkan SOP yang berlaku di kantor ini.").wait_for()
        count = staff.get_by_text(re.compile(r"^\d+ SOP$"))
        count.wait_for()
        assert int(count.inner_text().split()[0]) > 20, "the prepared catalogue is in force"
        staff.context.close()

        head = sign_in(browser, base_url, slug, "kepala-dinas")
        weekly = head.locator("details", has_text="Angka per minggu")
        weekly.wait_for()
        weekly.locator("summary").click()
        completed = [
            int(row.locator("td").nth(1).inner_text()) for row in weekly.locator("tbody tr").all()
        ]
        assert sum(completed) > 0, "steps completed in the simulated weeks"
        assert head.get_by_text("Belum ada data pada periode ini").count() == 0
        screenshot(head, f"demo-head-{slug}")
        at_phone_width(head, f"demo-head-{slug}")
        head.context.close()

        admin = sign_in(browser, base_url, slug, "admin")
        admin.goto(f"{base_url}/admin")
        card = admin.get_by_role("region", name=re.compile("Tabel 7"))
        card.get_by_role("button", name="Tahun ini").click()
        card.get_by_text(re.compile(r"paling sedikit 5 kasus selesai")).wait_for()
        tabel = card.get_by_role("table")
        tabel.wait_for()
        rows = tabel.locator("tbody tr")
        assert rows.count() > 5, "procedures run in the simulated weeks"
        # Each row has the period's numbers; a verdict only where enough cases finished.
        assert "kasus dimulai" in rows.first.inner_text()
        screenshot(admin, f"demo-tabel7-{slug}")
        admin.context.close()
