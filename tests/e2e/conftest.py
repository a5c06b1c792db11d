"""A real API process serving the built SPA, and headless Debian Chromium driving it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_api import running_api

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
PORT = 8010
PLATFORM_ADMIN = "0f1a7f0e-0000-4000-8000-00000000a11d"
"""The Alur user id the e2e server's operator names platform admin (ALUR_PLATFORM_ADMINS)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    dist = ROOT / "frontend" / "dist"
    if not (dist / "index.html").exists():
        pytest.fail(
            "frontend/dist is missing: run `npm run build` in frontend/ (infra/test.sh does)"
        )
    with running_api(
        PORT,
        "e2e-api",
        ALUR_SPA_DIR=str(dist),
        # The operator names one platform admin, as a deployment would.
        ALUR_PLATFORM_ADMINS=",".join(
            filter(None, [os.environ.get("ALUR_PLATFORM_ADMINS"), f"kaltim:{PLATFORM_ADMIN}"])
        ),
    ) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.console_errors = errors
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def offices(base_url: str) -> Iterator[dict[str, uuid.UUID]]:
    """Both offices by slug; their catalogues are put back as they were afterwards."""
    from tests.e2e.support import restore_catalogue, run, snapshot, tenants

    found = run(tenants())
    snapshots = {slug: run(snapshot(tid)) for slug, tid in found.items()}
    yield found
    for slug, versions in snapshots.items():
        run(restore_catalogue(found[slug], versions))
