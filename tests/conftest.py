"""Shared fixtures. Integration tests use the real test stack (see infra/test.sh).

When the environment does not name the services yet (a bare `pytest`), the test profile of
the devstack is brought up first, exactly as the test command does.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV_FILE = ROOT / ".data" / "test" / "env"


def _load_env_file() -> None:
    for line in ENV_FILE.read_text().splitlines():
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").partition("=")
            os.environ.setdefault(key, shlex.split(value)[0] if value else "")


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ.setdefault("PICCOLO_CONF", "alur.piccolo_conf")
    if not os.environ.get("ALUR_DATABASE_APP_URL"):
        subprocess.run(
            [sys.executable, "-m", "devstack", "services", "--profile", "test"],
            check=True,
            cwd=ROOT,
        )
        _load_env_file()


_ORDER = ("unit", "integration", "isolation", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fast layers first; browser tests (Playwright drives its own event loop) last."""

    def layer(item: pytest.Item) -> int:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        return _ORDER.index(parts[0]) if parts[0] in _ORDER else len(_ORDER)

    items.sort(key=layer)


@pytest.fixture(scope="session")
def owner_url() -> str:
    return os.environ["ALUR_DATABASE_OWNER_URL"]


@pytest.fixture(scope="session")
def app_url() -> str:
    return os.environ["ALUR_DATABASE_APP_URL"]


@pytest.fixture
async def owner_conn(owner_url: str) -> AsyncIterator[asyncpg.Connection[Any]]:
    conn = await asyncpg.connect(owner_url)
    yield conn
    await conn.close()


@pytest.fixture
async def app_conn(app_url: str) -> AsyncIterator[asyncpg.Connection[Any]]:
    conn = await asyncpg.connect(app_url)
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
async def tenant_ids(owner_url: str) -> dict[str, uuid.UUID]:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch("select slug, id from tenants")
    finally:
        await conn.close()
    return {r["slug"]: r["id"] for r in rows}


@pytest.fixture(scope="session")
async def client() -> AsyncIterator[Any]:
    """The real app in-process, on the real test database, Redis, S3 and IdP."""
    from litestar.testing import AsyncTestClient

    from alur.app import create_app

    async with AsyncTestClient(app=create_app()) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def job_processes() -> Iterator[Any]:
    """A real worker and scheduler (outbox relay) for the whole session."""
    from tests.jobs_stack import JobProcesses, job_env
    from tests.mailbox import Mailbox

    mailbox = Mailbox()
    mailbox.start()
    procs = JobProcesses(job_env(ALUR_SMTP_HOST="127.0.0.1", ALUR_SMTP_PORT=str(mailbox.port)))
    procs.mailbox = mailbox
    procs.start("worker")
    procs.start("scheduler")
    yield procs
    procs.stop_all()
    mailbox.stop()


@pytest.fixture
def jobs_paused(job_processes: Any) -> Iterator[Any]:
    """The session's worker and scheduler step aside (a test with a held clock, or its own
    processes); they start again afterwards."""
    job_processes.stop_all()
    yield job_processes
    job_processes.start("worker")
    job_processes.start("scheduler")


OfficeOpener = Callable[[str], Awaitable[tuple[Any, Callable[..., Awaitable[Any]]]]]


@pytest.fixture
async def platform_admin(tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[Any]:
    """A platform admin named by the operator (ALUR_PLATFORM_ADMINS), for this test only."""
    from alur.core.settings import get_settings
    from tests.isolation.harness import login_as

    settings = get_settings()
    before = settings.platform_admins
    user_id = str(uuid.uuid4())
    object.__setattr__(settings, "platform_admins", before | {f"kaltim:{user_id}"})
    try:
        yield await login_as("kaltim", tenant_ids["kaltim"], (), user_id=user_id)
    finally:
        object.__setattr__(settings, "platform_admins", before)


@pytest.fixture
async def office(owner_conn: Any, tenant_ids: dict[str, uuid.UUID]) -> AsyncIterator[OfficeOpener]:
    """An office with people in the positions its SOPs need; afterwards the test's cases,
    people and catalogue changes are removed again."""
    touched: dict[str, list[dict[str, Any]]] = {}

    async def open_office(slug: str) -> tuple[Any, Callable[..., Awaitable[Any]]]:
        """The office's tenant admin session, and `staff(position)` making holders."""
        from tests.integration.cases.support import person, snapshot_catalogue
        from tests.isolation.harness import login_as

        if slug not in touched:
            touched[slug] = await snapshot_catalogue(owner_conn, tenant_ids[slug])
        admin = await login_as(slug, tenant_ids[slug], ("tenant_admin",))

        async def staff(position: str, **kwargs: Any) -> Any:
            return await person(owner_conn, slug, tenant_ids[slug], position, **kwargs)

        return admin, staff

    yield open_office
    from tests.integration.cases.support import restore

    for slug, versions in touched.items():
        await restore(owner_conn, tenant_ids[slug], versions)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Print a failure the moment it happens, so a later hang cannot hide it."""
    if report.failed and report.when == "call":
        print(f"\n--- FAILED {report.nodeid}\n{report.longreprtext[-3000:]}\n", flush=True)
