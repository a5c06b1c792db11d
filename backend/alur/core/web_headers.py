"""Security headers and a request id on every response the app sends, whatever sits in front.

A `before_send` hook rather than route middleware: it also sees the answers Litestar makes
outside any route (404, 405, and the 500 of the catch-all handler), and the SPA's own files.
The same policy is repeated in infra/docker/nginx.conf for the SPA nginx serves itself
(tests/unit/security/test_web_headers.py keeps the two equal).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_REQUEST_ID_STATE = "alur_request_id"

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""No inline script or style anywhere: the built SPA loads only its own bundles (React's
`style={{...}}` sets CSSOM properties, which a policy does not govern). Downloads of documents
are navigations to presigned S3 links, which no fetch directive restricts."""

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

STRICT_TRANSPORT_SECURITY = "max-age=31536000"
"""One year, this host only: an office's host name may share a parent domain with sites that
are not (yet) on HTTPS, so includeSubDomains and preload are the operator's choice."""

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}

_PRIVATE_PREFIXES = ("/api/", "/auth/")
_HASHED_ASSETS = "/assets/"


def request_id(scope: Scope | dict[str, Any]) -> str:
    """This request's id: the caller's X-Request-ID when it is a plain token (so a proxy's id
    follows the request through the logs), else a new one; fixed at first use."""
    state = scope.setdefault("state", {})
    known = state.get(_REQUEST_ID_STATE)
    if isinstance(known, str):
        return known
    chosen = ""
    for name, value in scope.get("headers") or ():
        if name.lower() == b"x-request-id":
            candidate = value.decode("latin-1")
            if _REQUEST_ID.fullmatch(candidate):
                chosen = candidate
            break
    state[_REQUEST_ID_STATE] = chosen = chosen or uuid.uuid4().hex
    return chosen


def _cache_control(path: str, headers: MutableScopeHeaders) -> str | None:
    """What the answer's Cache-Control must be, or None to leave it as the handler set it."""
    if path.startswith(_PRIVATE_PREFIXES) or path in ("/api", "/auth"):
        return "no-store"  # personal data and session answers: never in any cache
    if path.startswith(_HASHED_ASSETS) or "Cache-Control" in headers:
        return None  # Vite's bundles are named by their hash: cacheable as served
    media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    # index.html (also the fallback for every SPA route) names the current bundles.
    return "no-cache" if media == "text/html" else None


def security_headers(*, hsts: bool) -> BeforeMessageSendHookHandler:
    """The hook for `Litestar(before_send=...)`; `hsts` when the session cookie is Secure (the
    app is reached over HTTPS only, so browsers may refuse plain HTTP for it from now on)."""

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers[REQUEST_ID_HEADER] = request_id(scope)
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        if hsts:
            headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
        cache = _cache_control(scope.get("path", ""), headers)
        if cache is not None:
            headers["Cache-Control"] = cache

    return before_send
