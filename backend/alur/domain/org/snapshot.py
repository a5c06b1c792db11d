"""The office's org structure as one in-memory snapshot, read by the org repository and kept
per office until the org changes. Every case read and action routes over it, so it is read
once per org version (a counter triggers move on every change of units, positions, holders
or a user's active flag) rather than once per request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.org import repository as repo


@dataclass(frozen=True)
class OrgSnapshot:
    positions: dict[uuid.UUID, dict[str, Any]]  # id -> code, kind, unit_id, title, supervisor_id
    units: dict[uuid.UUID, dict[str, Any]]  # id -> code, name, parent_id

    @property
    def position_by_code(self) -> dict[str, uuid.UUID]:
        return {p["code"]: pid for pid, p in self.positions.items()}

    def ancestors(self, unit_id: uuid.UUID) -> list[uuid.UUID]:
        chain: list[uuid.UUID] = []
        current: uuid.UUID | None = unit_id
        while current is not None and current not in chain and current in self.units:
            chain.append(current)
            current = self.units[current]["parent_id"]
        return chain

    def is_within(self, unit_id: uuid.UUID, ancestor_id: uuid.UUID) -> bool:
        return ancestor_id in self.ancestors(unit_id)


_CACHE: dict[uuid.UUID, tuple[int, OrgSnapshot]] = {}


async def org_snapshot(conn: Conn, tenant_id: uuid.UUID, version: int | None = None) -> OrgSnapshot:
    """The office's snapshot (RLS scopes `conn` to it), from the cache while the org's
    version is the one it was read at. The version is read before the rows, so a change
    committed in between is only ever a later cache miss, never a stale hit."""
    if version is None:
        version = (await repo.office_versions(conn, tenant_id))[0]
    cached = _CACHE.get(tenant_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    positions, units = await repo.snapshot_rows(conn)
    snapshot = OrgSnapshot(
        positions={p["id"]: dict(p) for p in positions},
        units={u["id"]: dict(u) for u in units},
    )
    _CACHE[tenant_id] = (version, snapshot)
    return snapshot
