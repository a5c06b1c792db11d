"""The tenant sync against the real database: idempotent, precise, all-or-nothing."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from alur.domain.tenants.files import TenantConfigError
from alur.domain.tenants.services import sync_tenants

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2] / "tenants"


@pytest.fixture(autouse=True)
async def _drop_scratch_tenants(owner_conn: Any) -> AsyncIterator[None]:
    """Scratch tenants ('uji…') are removed afterwards so other tests see only the real two."""
    yield
    for tid in await owner_conn.fetch("select id from tenants where slug like 'uji%'"):
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid["id"]))
            await owner_conn.execute("delete from org_positions")
            await owner_conn.execute("delete from org_units")
            await owner_conn.execute("delete from tenants where id = $1", tid["id"])


def _clone_tenant(tmp: Path, source: str, slug: str) -> Path:
    """A copy of a committed tenant under a new slug, so tests never disturb the real two."""
    root = tmp / "tenants"
    # The SOP catalogue names its own tenant; a scratch copy carries only tenant + org.
    shutil.copytree(ROOT / source, root / slug, ignore=shutil.ignore_patterns("catalogue"))
    path = root / slug / "tenant.yaml"
    data = yaml.safe_load(path.read_text())
    data["slug"] = slug
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return root


async def _units(owner_conn: Any, slug: str) -> dict[str, dict[str, Any]]:
    async with owner_conn.transaction():
        tid = await owner_conn.fetchval("select id from tenants where slug = $1", slug)
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        rows = await owner_conn.fetch("select code, name, updated_at, active from org_units")
    return {r["code"]: dict(r) for r in rows}


async def test_sync_twice_changes_nothing_the_second_time(owner_url: str, owner_conn: Any) -> None:
    first = await sync_tenants(owner_url, ROOT)
    second = await sync_tenants(owner_url, ROOT)
    for slug, report in second.items():
        assert report["tenant"] == {"unchanged": 1}, slug
        for kind in ("units", "positions"):
            assert report[kind]["created"] == report[kind]["updated"] == 0, (slug, kind)
            assert report[kind]["deactivated"] == 0
            managed = first[slug][kind]
            total = sum(managed.values()) - managed["deactivated"] - managed["kept"]
            assert report[kind]["unchanged"] == total
            assert report[kind]["kept"] == managed["kept"]


async def test_changing_one_unit_updates_only_that_row(
    tmp_path: Path, owner_url: str, owner_conn: Any
) -> None:
    slug = "ujisinkron"
    root = _clone_tenant(tmp_path, "kaltim", slug)
    await sync_tenants(owner_url, root)
    before = await _units(owner_conn, slug)

    org_path = root / slug / "org.yaml"
    org = yaml.safe_load(org_path.read_text())
    target = org["units"][2]["code"]
    org["units"][2]["name"] = "Nama Baru Unit Uji"
    removed = org["units"].pop(3)["code"]
    org["positions"] = [p for p in org["positions"] if p["unit"] != removed]
    org_path.write_text(yaml.safe_dump(org, sort_keys=False, allow_unicode=True))
    report = await sync_tenants(owner_url, root)

    assert report[slug]["units"]["updated"] == 1
    assert report[slug]["units"]["deactivated"] == 1
    assert report[slug]["tenant"] == {"unchanged": 1}
    after = await _units(owner_conn, slug)
    assert after[target]["name"] == "Nama Baru Unit Uji"
    assert after[removed]["active"] is False
    unchanged = set(before) - {target, removed}
    assert all(after[c]["updated_at"] == before[c]["updated_at"] for c in unchanged)


async def test_invalid_file_rejected_and_nothing_half_loaded(
    tmp_path: Path, owner_url: str, owner_conn: Any
) -> None:
    root = _clone_tenant(tmp_path, "kaltim", "ujivalid")
    shutil.copytree(
        _clone_tenant(tmp_path / "b", "lampung", "ujirusak") / "ujirusak", root / "ujirusak"
    )
    bad = root / "ujirusak" / "org.yaml"
    org = yaml.safe_load(bad.read_text())
    org["positions"][5]["supervisor"] = "jabatan-hantu"
    bad.write_text(yaml.safe_dump(org, sort_keys=False, allow_unicode=True))

    with pytest.raises(TenantConfigError) as info:
        await sync_tenants(owner_url, root)
    assert [str(p) for p in info.value.problems] == [
        "tenants/ujirusak/org.yaml: positions[5].supervisor: unknown position 'jabatan-hantu'"
    ]
    # The valid tenant sorted before the broken one was not written either.
    assert (
        await owner_conn.fetchval(
            "select count(*) from tenants where slug in ('ujivalid', 'ujirusak')"
        )
        == 0
    )


async def test_database_failure_midway_rolls_everything_back(
    tmp_path: Path, owner_url: str, owner_conn: Any
) -> None:
    """A failure after the first tenant was written (here: a unit kind the schema refuses
    although the file validator was bypassed) leaves no trace of either tenant."""
    root = _clone_tenant(tmp_path, "kaltim", "ujiawal")
    shutil.copytree(
        _clone_tenant(tmp_path / "b", "lampung", "ujiakhir") / "ujiakhir", root / "ujiakhir"
    )
    org_path = root / "ujiakhir" / "org.yaml"
    org = yaml.safe_load(org_path.read_text())
    org["units"][1]["name"] = "x" * 301  # passes file checks, exceeds varchar(300)
    org_path.write_text(yaml.safe_dump(org, sort_keys=False, allow_unicode=True))
    with pytest.raises(Exception, match="too long"):
        await sync_tenants(owner_url, root)
    assert (
        await owner_conn.fetchval(
            "select count(*) from tenants where slug in ('ujiawal', 'ujiakhir')"
        )
        == 0
    )


async def test_a_catalogue_file_naming_another_tenant_is_rejected(
    tmp_path: Path, owner_url: str, owner_conn: Any
) -> None:
    root = _clone_tenant(tmp_path, "kaltim", "ujikatalog")
    (root / "ujikatalog" / "catalogue").mkdir()
    source = sorted((ROOT / "kaltim" / "catalogue").glob("*.yaml"))[0]
    shutil.copy(source, root / "ujikatalog" / "catalogue" / source.name)
    with pytest.raises(TenantConfigError) as info:
        await sync_tenants(owner_url, root)
    assert [str(p) for p in info.value.problems] == [
        f"tenants/ujikatalog/catalogue/{source.name}: tenant: names tenant 'kaltim'"
    ]
    assert await owner_conn.fetchval("select count(*) from tenants where slug = 'ujikatalog'") == 0
