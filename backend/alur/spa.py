"""Serve the built SPA: real files as they are, any other page path as index.html."""

from __future__ import annotations

import mimetypes
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
        try:
            candidate = (root / relative).resolve()
            found = bool(relative) and candidate.is_file() and candidate.is_relative_to(root)
        except (OSError, ValueError):  # a name no file system holds: not one of ours
            found = False
        if not found:
            candidate = root / "index.html"
        media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        return File(
            candidate,
            filename=candidate.name,
            media_type=media_type,
            content_disposition_type="inline",
        )

    return Router(path="/", route_handlers=[serve])
