"""The connection type repositories receive: already inside a tenant-scoped transaction."""

from __future__ import annotations

from typing import Any, TypeAlias

import asyncpg

Conn: TypeAlias = "asyncpg.Connection[Any]"
