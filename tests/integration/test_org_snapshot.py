"""The org snapshot every case call routes over is read once per org version and per
office: reused while nothing changed, read again after any change to a unit or position."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from alur.domain.org.snapshot import org_snapshot

pytestmark = pytest.mark.integration


class UndoError(Exception):
    """Rolls the test's change back."""


async def test_the_org_snapshot_is_reused_until_the_org_changes(
    owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    kaltim, lampung = tenant_ids["kaltim"], tenant_ids["lampung"]
    with pytest.raises(UndoError):  # noqa: PT012 - the block is the transaction to undo
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(kaltim))
            first = await org_snapshot(owner_conn, kaltim)
            assert await org_snapshot(owner_conn, kaltim) is first, "unchanged: reused"
            pid = next(iter(first.positions))
            await owner_conn.execute(
                "update org_positions set title = title || ' (uji)' where id = $1", pid
            )
            changed = await org_snapshot(owner_conn, kaltim)
            assert changed is not first
            assert changed.positions[pid]["title"].endswith(" (uji)")
            await owner_conn.execute("update org_positions set active = false where id = $1", pid)
            assert pid not in (await org_snapshot(owner_conn, kaltim)).positions
            raise UndoError
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(kaltim))
        back = await org_snapshot(owner_conn, kaltim)
        assert not back.positions[pid]["title"].endswith(" (uji)"), "the undone change is gone"
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(lampung))
        other = await org_snapshot(owner_conn, lampung)
    assert pid not in other.positions, "each office has its own snapshot"
    assert set(other.positions).isdisjoint(back.positions)
