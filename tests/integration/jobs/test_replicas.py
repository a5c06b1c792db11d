"""Two APIs, two workers and two schedulers on one PostgreSQL, Redis and S3; one of each is
SIGKILLed mid-run: no job lost or run twice, no escalation fired twice, the session valid on
either API (the scenario: tests/replicas.py). One round here; `ALUR_REPLICA_ROUNDS=n` repeats
it, and tests/benchmarks/replica_faults.py prints the counts of ten rounds or more."""

from __future__ import annotations

import asyncio
import json
import os
import traceback
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.integration.cases.support import publish_with_performers
from tests.replicas import STAF, Figures, Office, replica_round

pytestmark = pytest.mark.integration


def _append(path: Path, line: str) -> None:
    with path.open("a") as out:
        out.write(line + "\n")


async def test_replicas_lose_nothing_and_do_nothing_twice(
    client: Any,
    office: Any,
    jobs_paused: Any,
    tenant_ids: dict[str, uuid.UUID],
    owner_url: str,
    app_url: str,
) -> None:
    """The session's own worker and scheduler step aside; the test runs its own six processes
    (two of them the API) and kills three."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    report = os.environ.get("ALUR_REPLICA_REPORT")
    results: list[Figures] = []
    for number in range(1, int(os.environ.get("ALUR_REPLICA_ROUNDS", "1")) + 1):
        person = await staff(STAF)  # a new person per round: uploads are rate-limited per person
        try:
            figures = await replica_round(
                number,
                Office(
                    tenant_id=tenant_ids["lampung"],
                    slug="lampung",
                    sop_id=str(sop["id"]),
                    user_id=person.user_id,
                    who=person.who,
                    owner_url=owner_url,
                    app_url=app_url,
                ),
            )
        except Exception:
            figures = Figures(round=number, problems=[traceback.format_exc()[-3000:]])
        results.append(figures)
        print(json.dumps(figures.as_dict(), default=str), flush=True)
        if report:  # for tests/benchmarks/replica_faults.py, one line per round as it ends
            await asyncio.to_thread(
                _append, Path(report), json.dumps(figures.as_dict(), default=str)
            )
    for figures in results:
        assert figures.held, figures.as_dict()
        assert figures.jobs > 0
