"""Each test gets an office with people in the positions its SOPs need; afterwards the
cases, people and catalogue changes are removed again."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.integration.cases.support import Person, person, restore, snapshot_catalogue
from tests.isolation.harness import LoggedIn, login_as

Staffer = Callable[..., Awaitable[Person]]


@pytest.fixture
async def office(
    owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> AsyncIterator[Callable[[str], Awaitable[tuple[LoggedIn, Staffer]]]]:
    touched: dict[str, list[dict[str, Any]]] = {}

    async def open_office(slug: str) -> tuple[LoggedIn, Staffer]:
        if slug not in touched:
            touched[slug] = await snapshot_catalogue(owner_conn, tenant_ids[slug])
        admin = await login_as(slug, tenant_ids[slug], ("tenant_admin",))

        async def staff(position: str, **kwargs: Any) -> Person:
            return await person(owner_conn, slug, tenant_ids[slug], position, **kwargs)

        return admin, staff

    yield open_office
    for slug, versions in touched.items():
        await restore(owner_conn, tenant_ids[slug], versions)
