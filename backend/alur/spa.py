"""Serve the built SPA: real files as they are, any other page path as index.html."""

from __future__ import annotations

from pathlib import Path

from litestar import Router, get
from litestar.exceptions import NotFoundException
from litestar.response import File

API_PREFIXES = ("api/", "auth/", "health/", "schema")


def spa_router(dist: Path) -> Router:
    root = dist.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, cache=False)
    async def serve(path: str = "/") -> File:
        relative = path.lstrip("/")
        if relative.startswith(API_PREFIXES):
            raise NotFoundException()
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            return File(candidate)
        return File(root / "index.html", content_disposition_type="inline")

    return Router(path="/", route_handlers=[serve])
