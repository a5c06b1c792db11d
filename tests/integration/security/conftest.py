from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live_api import running_api

LIVE_PORT = 8011


@pytest.fixture(scope="session")
def live_api() -> Iterator[str]:
    """The API as its own process, for requests that must really run side by side."""
    with running_api(LIVE_PORT, "security-api") as url:
        yield url
