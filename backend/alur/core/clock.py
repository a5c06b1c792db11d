"""The one clock the product reads. Tests and the escalation scheduler's tests move it;
everything that stamps a time (case start, task activation, due times, audit) asks here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

_fixed: list[dt.datetime] = []


def now() -> dt.datetime:
    return _fixed[-1] if _fixed else dt.datetime.now(dt.UTC)


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Hold the clock at `moment` (timezone-aware) for the block; nests."""
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware moment")
    _fixed.append(moment.astimezone(dt.UTC))
    try:
        yield
    finally:
        _fixed.pop()


def set_frozen(moment: dt.datetime) -> None:
    """Move an already frozen clock (inside `frozen_at`)."""
    if not _fixed:
        raise RuntimeError("the clock is not frozen")
    _fixed[-1] = moment.astimezone(dt.UTC)
