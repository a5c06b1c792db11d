"""The outside probe's short form, against the API as its own server process (small rate
limits, so throttling is reached in a few requests) with the real worker verifying uploads:
every category tried, none failing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.live_api import running_api
from tests.security.probe import report, run_probe

pytestmark = [pytest.mark.integration, pytest.mark.isolation]
LOGIN_LIMIT, TOKEN_LIMIT = 12, 5


@pytest.fixture(scope="module")
def probed_api() -> Iterator[str]:
    with running_api(
        8012,
        "probe-api",
        ALUR_RATE_LOGIN=f"{LOGIN_LIMIT}/60",
        ALUR_RATE_TOKEN_FAILURES=f"{TOKEN_LIMIT}/60",
    ) as url:
        yield url


async def _forget_rate_counts() -> None:
    """Counts from an earlier run in the same window would throttle this one early; only
    this stack's own keys (its prefix) are touched."""
    from alur.core.redis import get_redis
    from alur.core.settings import get_settings

    redis = get_redis()
    pattern = get_settings().redis.key("rate", "*")
    async for key in redis.scan_iter(match=pattern):
        await redis.delete(key)


async def test_the_outside_probe_finds_nothing(probed_api: str, job_processes: Any) -> None:
    await _forget_rate_counts()
    tally = await run_probe(
        probed_api, short=True, login_limit=LOGIN_LIMIT, token_limit=TOKEN_LIMIT
    )
    print("\n" + report(tally))
    assert set(tally) == {
        "cross-tenant ids",
        "role escalation",
        "csrf and sessions",
        "security headers",
        "bad input",
        "uploads",
        "import bombs",
        "throttling",
    }
    assert all(t.tried > 0 for t in tally.values())
    assert {name: t.failures for name, t in tally.items() if t.failures} == {}
