"""Named pause points for fault tests: `ALUR_FAULTS="documents.after_copy=30@1"` makes the
first attempt of a job stop for 30 s right after its object copy, so a test can kill the
worker at exactly that moment. Unset (always, outside tests), a pause point does nothing."""

from __future__ import annotations

import asyncio
import os


def _points() -> dict[str, tuple[float, int | None]]:
    found: dict[str, tuple[float, int | None]] = {}
    for item in filter(None, os.environ.get("ALUR_FAULTS", "").split(",")):
        name, _, spec = item.partition("=")
        seconds, _, attempt = spec.partition("@")
        found[name.strip()] = (float(seconds or 0), int(attempt) if attempt else None)
    return found


async def pause(point: str, attempt: int) -> None:
    spec = _points().get(point)
    if spec is not None and (spec[1] is None or spec[1] == attempt):
        await asyncio.sleep(spec[0])
