"""Imports a tenant admin sends are bounded: an alias bomb, an over-size or over-deep
document is refused naming the limit and stores nothing, and the API keeps answering other
requests while the largest accepted document is parsed."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest

from alur.core.bounded_yaml import MAX_DOCUMENT_BYTES
from alur.domain.catalogue import editing
from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration


@pytest.fixture
async def admin(tenant_ids: dict[str, uuid.UUID]) -> LoggedIn:
    return await login_as("lampung", tenant_ids["lampung"], ("tenant_admin",))


def alias_bomb() -> str:
    """About 13 KiB of YAML shaped like an SOP document whose aliases, written out, would
    be megabytes (the outside probe's case)."""
    lines = ["tenant: lampung", "sop_id: bom-01", "title: Bom alias", "x0: &x0 " + "a" * 400]
    for level in range(1, 7):
        lines.append(f"x{level}: &x{level} [" + ", ".join([f"*x{level - 1}"] * 12) + "]")
    lines.append("steps:")
    lines += [f"  - {{no: {n}, activity: *x6}}" for n in range(1, 600)]
    return "\n".join(lines) + "\n"


async def _versions(owner_conn: Any, tid: uuid.UUID) -> int:
    rows = await in_tenant(owner_conn, tid, "select count(*) as n from catalogue_versions")
    return int(rows[0]["n"])


async def _post(client: Any, admin: LoggedIn, body: bytes) -> Any:
    return await client.post(
        "/api/catalogue/import", content=body, cookies=admin.cookies, headers=admin.headers
    )


async def test_an_alias_bomb_is_refused_and_nothing_is_stored(
    client: Any, admin: LoggedIn, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    bomb = alias_bomb().encode()
    assert 8 * 1024 < len(bomb) < 20 * 1024
    before = await _versions(owner_conn, tenant_ids["lampung"])
    answer = await _post(client, admin, bomb)
    assert answer.status_code == 422, answer.text
    assert "alias" in answer.json()["detail"]
    assert "2×" in answer.json()["detail"]
    assert answer.json()["field"] == "document"
    loop = await _post(client, admin, b"tenant: lampung\nsteps: &s [*s]\n")
    assert loop.status_code == 422
    assert "dirinya sendiri" in loop.json()["detail"]
    assert await _versions(owner_conn, tenant_ids["lampung"]) == before


async def test_over_size_and_over_deep_documents_name_the_limit(
    client: Any, admin: LoggedIn
) -> None:
    big = ("# " + "x" * 1000 + "\n") * (MAX_DOCUMENT_BYTES // 1000 + 10)
    too_big = await _post(client, admin, big.encode())
    assert too_big.status_code == 413, too_big.text
    assert "512 KiB" in too_big.json()["detail"]
    deep = await _post(client, admin, b'{"steps": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert deep.status_code == 422, deep.text
    assert "terlalu dalam" in deep.json()["detail"]


async def test_a_book_over_its_time_budget_gets_an_answer(
    client: Any, admin: LoggedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget answers the client; the slot frees when the work ends."""
    monkeypatch.setattr(editing, "BOOK_BUDGET_SECONDS", 0.001)
    book = (editing_book := "SOP\n" * 20000).encode()
    assert editing_book
    answer = await client.post(
        "/api/catalogue/import-book?name=lambat.txt",
        content=book,
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert answer.status_code == 422, answer.text
    assert "batas waktu" in answer.json()["detail"]


async def test_live_answers_at_once_while_the_largest_document_parses(
    live_api: str, admin: LoggedIn
) -> None:
    """A document just under the size limit (valid YAML, not an SOP) keeps the parse pool
    busy for seconds; /health/live on the same server process meanwhile answers in under
    100 ms every time (a real server: the in-process client runs one request at a time)."""
    rows = [f"k{n}: [{', '.join(['nilai'] * 8)}]" for n in range(MAX_DOCUMENT_BYTES // 70)]
    largest = ("\n".join(rows) + "\n").encode()
    assert MAX_DOCUMENT_BYTES * 0.8 < len(largest) <= MAX_DOCUMENT_BYTES
    async with httpx.AsyncClient(base_url=live_api, timeout=60) as http:
        importing = asyncio.create_task(
            http.post(
                "/api/catalogue/import",
                content=largest,
                cookies=admin.cookies,
                headers=admin.headers,
            )
        )
        await asyncio.sleep(0.3)  # the body is sent and parsing has begun
        latencies: list[float] = []
        while not importing.done():
            started = time.perf_counter()
            live = await http.get("/health/live")
            latencies.append(time.perf_counter() - started)
            assert live.status_code == 200
            await asyncio.sleep(0.05)
        answer = await importing
    assert answer.status_code == 422, answer.text  # parsed, then refused: not an SOP
    assert "unknown field" in answer.json()["detail"]
    assert len(latencies) >= 10, "the import was too quick to measure anything"
    assert max(latencies) < 0.1, sorted(latencies)[-5:]
