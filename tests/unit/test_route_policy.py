"""Every route declares who may use it, and every route taking an id of an office's row is
tried with the other office's ids by the isolation harness — checked from the app itself,
so a route added without either fails here, not in a review."""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute

from alur.app import create_app
from tests.isolation.test_case_isolation import CASE_ROUTES
from tests.isolation.test_org_isolation import ORG_ROUTES

PUBLIC = {
    "GET /health/live": "liveness probe: says only that the process runs",
    "GET /health/ready": "readiness probe: names the platform's parts, up or down, no detail",
    "GET /api/public/tenants": "the login page's office picker",
    "GET /auth/login": "starts single sign-on (rate-limited per address)",
    "GET /auth/{}/login": "starts single sign-on at an office's IdP (rate-limited)",
    "GET /auth/{}/callback": "the IdP's answer, checked against the stored state",
    "POST /auth/logout": "ends the caller's own session; CSRF-checked in the handler",
    "POST /auth/logout-all": "ends the caller's own sessions; CSRF-checked in the handler",
    "GET /metrics": "for a Prometheus scraper: its own bearer token (ALUR_METRICS_TOKEN),"
    " off (404) when none is configured",
    "GET /": "the SPA shell (no data)",
    "GET /{}": "the SPA shell and its static files (no data)",
}
"""Routes without a permission, each with the reason."""

SCHEMA = re.compile(r"^GET /schema(/|$)")
"""The OpenAPI description of the API (no data)."""

READ_GUARDED_WRITES = {
    "POST /api/catalogue/versions/{}/validate": "checks a document sent in the body; stores"
    " nothing (POST only because the document is a body)",
}

NOT_AN_OFFICE_ID = {
    "GET /auth/{}/login": "an office's slug, public by design",
    "GET /auth/{}/callback": "an office's slug, public by design",
    "POST /api/platform/jobs/{}/retry": "a platform admin's action across offices",
    "GET /{}": "the SPA's own paths",
    "GET /schema/{}": "the OpenAPI documents",
}

PLATFORM_OFFICE = re.compile(r"^[A-Z]+ /api/platform/offices/\{\}")
"""A platform admin acting on a named office (its slug): across offices by design, refused to
everyone else (tests/integration/test_office_onboarding.py)."""


def _routes() -> list[tuple[str, list[str]]]:
    """(`METHOD /path/{}`, the permissions its guards require) for every HTTP route."""
    out = []
    for route in create_app().routes:
        if not isinstance(route, HTTPRoute):
            continue
        path = re.sub(r"\{[^}]+\}", "{}", route.path)
        for handler in route.route_handlers:
            guards = [g for layer in handler.ownership_layers for g in (layer.guards or [])]
            permissions = [str(g.permission) for g in guards if hasattr(g, "permission")]
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                out.append((f"{method} {path}", permissions))
    return out


def test_every_route_declares_a_permission_or_why_it_is_public() -> None:
    missing = [
        name
        for name, permissions in _routes()
        if not permissions and name not in PUBLIC and not SCHEMA.match(name)
    ]
    assert missing == []


def test_writes_are_never_guarded_by_a_read_permission_alone() -> None:
    wrong = [
        (name, permissions)
        for name, permissions in _routes()
        if name.split()[0] in {"POST", "PUT", "PATCH", "DELETE"}
        and permissions
        and all(p.endswith(":read") for p in permissions)
        and name not in READ_GUARDED_WRITES
    ]
    assert wrong == []


def test_every_route_with_an_id_is_in_the_isolation_harness() -> None:
    covered = {
        f"{r.method} {re.sub(r'[?].*$', '', r.path).replace('{id}', '{}')}"
        for r in [*CASE_ROUTES, *ORG_ROUTES]
    }
    uncovered = [
        name
        for name, _ in _routes()
        if "{}" in name
        and name not in covered
        and name not in NOT_AN_OFFICE_ID
        and not PLATFORM_OFFICE.match(name)
    ]
    assert uncovered == []


def test_the_exemptions_name_routes_that_exist() -> None:
    names = {name for name, _ in _routes()}
    stale = [n for n in [*PUBLIC, *READ_GUARDED_WRITES, *NOT_AN_OFFICE_ID] if n not in names]
    assert stale == []
