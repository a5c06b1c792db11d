"""Serve the built SPA: real files as they are, any other page path as index.html.

Caching: Vite names every file under `assets/` by its content's hash, so those are kept a
year (`immutable`); anything else (index.html, which names the current bundles, and the
favicon) is revalidated on each use (`no-cache`) against its ETag, answered 304 when it has
not changed. Compression: the build writes a brotli (`.br`) and a gzip (`.gz`) twin next to
each compressible file (frontend/vite.config.ts); the twin the browser accepts is sent with its
Content-Encoding, and `Vary: Accept-Encoding` tells caches the answer depends on it.
infra/docker/nginx.conf does the same where nginx serves the SPA.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, Router, get
from litestar.datastructures import ETag
from litestar.exceptions import NotFoundException
from litestar.response import File

from alur.core.security import AnyRequest

API_PREFIXES = ("api/", "auth/", "health/", "schema")
HASHED = "assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
"""Preferred first: brotli is a fifth smaller than gzip on the bundles."""


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (`q=0` refuses one)."""
    out: set[str] = set()
    for part in header.lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding and q > 0:
            out.add(coding.strip())
    return out


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; `*` matches anything."""
    if header.strip() == "*":
        return True
    return any(
        tag.strip().removeprefix("W/") == etag.removeprefix("W/") for tag in header.split(",")
    )


def spa_router(dist: Path) -> Router:
    root = dist.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, cache=False)
    async def serve(request: AnyRequest, path: str = "/") -> Response[bytes] | File:
        relative = path.lstrip("/")
        if relative.startswith(API_PREFIXES):
            raise NotFoundException()
        try:
            candidate = (root / relative).resolve()
            found = bool(relative) and candidate.is_file() and candidate.is_relative_to(root)
        except (OSError, ValueError):  # a name no file system holds: not one of ours
            found = False
        hashed = found and relative.startswith(HASHED)
        if not found:
            if relative.startswith(HASHED):
                # A bundle of an earlier build: the SPA reloads itself on this 404 (main.tsx),
                # where index.html in its place would fail as a script of the wrong type.
                raise NotFoundException()
            candidate = root / "index.html"
        media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"

        sent, coding, has_twins = candidate, None, False
        accepted = accepted_encodings(request.headers.get("accept-encoding", ""))
        for name, suffix in ENCODINGS:
            twin = candidate.with_name(candidate.name + suffix)
            if twin.is_file():
                has_twins = True
                if coding is None and name in accepted:
                    sent, coding = twin, name
        stat = sent.stat()
        etag = ETag(value=f"{stat.st_mtime_ns:x}-{stat.st_size:x}{'-' + coding if coding else ''}")
        headers = {"Cache-Control": IMMUTABLE if hashed else REVALIDATE}
        if has_twins:
            headers["Vary"] = "Accept-Encoding"
        if coding:
            headers["Content-Encoding"] = coding

        if _etag_matches(request.headers.get("if-none-match", ""), etag.to_header()):
            headers.pop("Content-Encoding", None)
            return Response(
                b"",
                status_code=304,
                media_type=media_type,
                headers={**headers, "ETag": etag.to_header()},
            )
        return File(
            sent,
            filename=candidate.name,
            media_type=media_type,
            content_disposition_type="inline",
            etag=etag,
            stat_result=stat,
            headers=headers,
        )

    return Router(path="/", route_handlers=[serve])
