"""An outside probe of a running Alur API, by category: cross-tenant ids both ways on every
route with an id, role escalation, CSRF and sessions, browser security headers, bad input,
uploads of active content, import bombs, and throttling. Prints tried / passed / failed per
category and exits non-zero on any failure.

It talks to the API over HTTP like any client, and prepares what it needs (people, an SOP in
force, cases, a document, an export) through the API and the owner database connection,
removing it afterwards — run it against the test stack (`.data/test/env`), never a stack
holding real work (its clean-up removes the offices' cases):

    set -a; source .data/test/env; set +a
    .venv/bin/python -m tests.security.probe --base-url http://127.0.0.1:8011 [--short]

CI runs the short form through tests/security/test_probe.py, on a server started with small
rate limits so that throttling is reached in a few requests.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import httpx

from tests.integration.cases.support import (
    Person,
    person,
    publish_with_performers,
    restore,
    snapshot_catalogue,
)
from tests.isolation.harness import LoggedIn, assert_isolated, in_tenant, login_as
from tests.isolation.test_case_isolation import CASE_ROUTES
from tests.isolation.test_org_isolation import ORG_ROUTES

OFFICES = {
    # slug: an SOP whose steps are performed by the starter's post, and that post
    "lampung": ("003-02", {}, "staf-sub-bagian-umum-dan-kepegawaian"),
    "kaltim": (
        "004-13",
        {1: "pns", 3: "pengelola-kepegawaian", 4: "pengelola-kepegawaian"},
        "pengelola-kepegawaian",
    ),
}
PDF = b"%PDF-1.4\n%%EOF\n"
ACTIVE = {
    "halaman.html": b"<!doctype html><script>alert(document.cookie)</script>",
    "gambar.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "skrip.js": b"fetch('/api/me').then(r => r.text()).then(alert)\n",
    "data.xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>',
    "catatan.txt": b"<html><body onload=alert(1)>",
}


@dataclasses.dataclass
class Tally:
    tried: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.tried += 1
        if not ok:
            self.failures.append(what)


@dataclasses.dataclass
class Office:
    slug: str
    tenant_id: uuid.UUID
    admin: LoggedIn
    starter: Person
    sop_id: str
    case_id: str


class Probe:
    def __init__(self, http: httpx.AsyncClient, owner: Any, tenants: dict[str, uuid.UUID]):
        self.http = http
        self.owner = owner
        self.tenants = tenants
        self.tally: dict[str, Tally] = {}
        self.offices: dict[str, Office] = {}

    def cat(self, name: str) -> Tally:
        return self.tally.setdefault(name, Tally())

    async def send(
        self, who: LoggedIn | None, method: str, url: str, *, csrf: bool = True, **kw: Any
    ) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if who is not None and csrf:
            headers.update(who.headers)
        cookies = who.cookies if who is not None else {}
        self.http.cookies.clear()
        return await self.http.request(method, url, cookies=cookies, headers=headers, **kw)

    # --- preparation --------------------------------------------------------------------

    async def prepare(self, slug: str) -> Office:
        key, performers, post = OFFICES[slug]
        tid = self.tenants[slug]
        admin = await login_as(slug, tid, ("tenant_admin",))
        sop = await publish_with_performers(self.http, admin, key, performers)
        starter = await person(self.owner, slug, tid, post)
        case = await self.send(
            starter.who,
            "POST",
            "/api/cases",
            json={"sop_id": sop["id"], "subject": f"Kasus rahasia {slug}", "reference": "RHS-1"},
        )
        assert case.status_code == 201, case.text
        case_id = str(case.json()["id"])
        document = await self.send(
            starter.who,
            "POST",
            f"/api/cases/{case_id}/documents",
            params={"name": "rahasia.pdf"},
            content=PDF,
            headers={"content-type": "application/pdf"},
        )
        assert document.status_code == 201, document.text
        export = await self.send(starter.who, "POST", f"/api/exports/cases/{case_id}")
        assert export.status_code in (200, 201), export.text
        day = await self.send(
            admin,
            "POST",
            "/api/calendar/days-off",
            json={"date": "2030-06-0" + ("1" if slug == "kaltim" else "2"), "name": "Libur"},
        )
        assert day.status_code == 201, day.text
        office = Office(slug, tid, admin, starter, str(sop["id"]), case_id)
        self.offices[slug] = office
        return office

    # --- categories ---------------------------------------------------------------------

    async def cross_tenant(self) -> None:
        tally = self.cat("cross-tenant ids")
        routes = [*CASE_ROUTES, *ORG_ROUTES]
        for attacker, victim in (("kaltim", "lampung"), ("lampung", "kaltim")):
            failures = await assert_isolated(
                self.http, self.owner, routes, self.tenants, attacker, victim
            )
            tally.tried += len(routes)
            tally.failures += failures
            who = self.offices[attacker].admin
            theirs = self.offices[victim]
            found = await self.send(who, "GET", "/api/cases?scope=all&q=rahasia")
            ids = {c["id"] for c in found.json().get("items", [])}
            tally.check(theirs.case_id not in ids, f"{attacker} lists {victim}'s case")
            started = await self.send(
                who, "POST", "/api/cases", json={"sop_id": theirs.sop_id, "subject": "curian"}
            )
            tally.check(started.status_code == 404, f"{attacker} starts {victim}'s SOP")
        await in_tenant(
            self.owner,
            self.tenants["kaltim"],
            "delete from appointment_requests where reason = 'isolasi' returning id",
        )
        await in_tenant(
            self.owner,
            self.tenants["lampung"],
            "delete from appointment_requests where reason = 'isolasi' returning id",
        )

    async def role_escalation(self) -> None:
        tally = self.cat("role escalation")
        office = self.offices["lampung"]
        staff = office.starter.who
        someone = str(office.starter.user_id)
        for method, url, body in (
            ("POST", "/api/org/units", {"code": "uji-x", "name": "Unit", "kind": "seksi"}),
            ("PATCH", f"/api/users/{someone}", {"granted_roles": ["tenant_admin"]}),
            ("POST", "/api/tokens", {"name": "uji", "scopes": ["org:read"]}),
            ("PUT", "/api/settings/escalation", {"enabled": False}),
            ("POST", "/api/catalogue/import", None),
            ("GET", "/api/audit/events", None),
            ("GET", "/api/platform/tenants", None),
            ("GET", "/api/platform/status", None),
            ("GET", "/api/users", None),
        ):
            answer = await self.send(staff, method, url, json=body)
            tally.check(answer.status_code == 403, f"staff {method} {url}: {answer.status_code}")
        claimed = await login_as("lampung", office.tenant_id, ("platform_admin", "tenant_admin"))
        answer = await self.send(claimed, "GET", "/api/platform/tenants")
        tally.check(answer.status_code == 403, "a tenant session claiming platform_admin")
        # A tenant admin who is staff makes themselves Plt Kepala Dinas: it only asks.
        admin = await login_as(
            "lampung", office.tenant_id, ("tenant_admin",), user_id=office.starter.user_id
        )
        head = await in_tenant(
            self.owner, office.tenant_id, "select id from org_positions where kind = 'kepala_dinas'"
        )
        today = time.strftime("%Y-%m-%d")
        asked = await self.send(
            admin,
            "POST",
            f"/api/org/positions/{head[0]['id']}/holders",
            json={"user_id": someone, "kind": "plt", "starts_on": today, "ends_on": today},
        )
        tally.check(
            asked.status_code == 202, f"self-appointed Plt Kepala Dinas: {asked.status_code}"
        )
        scope = await self.send(admin, "GET", "/api/me/scope")
        tally.check(scope.json().get("level") == "own", "reach grew before the head approved")
        if asked.status_code == 202:
            decided = await self.send(
                staff,
                "POST",
                f"/api/org/appointment-requests/{asked.json()['id']}/approve",
                json={},
            )
            tally.check(decided.status_code == 403, "staff approved an appointment")

    async def csrf_and_sessions(self) -> None:
        tally = self.cat("csrf and sessions")
        office = self.offices["lampung"]
        who = office.starter.who
        body = {"sop_id": office.sop_id, "subject": "tanpa csrf"}
        bare = await self.send(who, "POST", "/api/cases", csrf=False, json=body)
        tally.check(bare.status_code == 403, f"write without CSRF: {bare.status_code}")
        wrong = await self.send(
            who,
            "POST",
            "/api/cases",
            csrf=False,
            json=body,
            headers={"x-csrf-token": "salah"},
        )
        tally.check(wrong.status_code == 403, f"write with a wrong CSRF token: {wrong.status_code}")
        forged = LoggedIn(cookies={"alur_session": "x" * 43}, headers={})
        me = await self.send(forged, "GET", "/api/me")
        tally.check(me.status_code == 401, f"forged session: {me.status_code}")
        start = await self.send(None, "GET", "/auth/lampung/login", follow_redirects=False)
        cookie = start.headers.get("set-cookie", "").lower()
        tally.check(
            "httponly" in cookie and "samesite" in cookie, f"login state cookie flags: {cookie}"
        )
        # Someone of their own, so the probe's other sessions live on.
        leaver = await person(self.owner, "lampung", office.tenant_id, OFFICES["lampung"][2])
        first = leaver.who
        second = await login_as("lampung", office.tenant_id, (), user_id=leaver.user_id)
        ended = await self.send(first, "POST", "/auth/logout-all")
        tally.check(ended.status_code in (200, 204), f"logout everywhere: {ended.status_code}")
        for n, session in enumerate((first, second), start=1):
            after = await self.send(session, "GET", "/api/me")
            tally.check(after.status_code == 401, f"session {n} still valid after logout-all")

    async def headers(self) -> None:
        tally = self.cat("security headers")
        who = self.offices["lampung"].admin
        for path, personal in (
            ("/health/live", False),
            ("/api/public/tenants", False),
            ("/api/me", True),
            ("/api/cases?scope=mine", True),
            ("/auth/lampung/login", False),
        ):
            answer = await self.send(who, "GET", path, follow_redirects=False)
            h = answer.headers
            csp = h.get("content-security-policy", "")
            tally.check("frame-ancestors 'none'" in csp, f"{path}: CSP {csp!r}")
            tally.check("script-src 'self'" in csp or "default-src 'self'" in csp, f"{path}: CSP")
            tally.check(h.get("x-content-type-options") == "nosniff", f"{path}: nosniff")
            tally.check(h.get("x-frame-options", "").upper() == "DENY", f"{path}: XFO")
            tally.check(bool(h.get("referrer-policy")), f"{path}: Referrer-Policy")
            tally.check(bool(h.get("permissions-policy")), f"{path}: Permissions-Policy")
            if personal:
                tally.check("no-store" in h.get("cache-control", ""), f"{path}: no-store")

    async def bad_input(self, short: bool) -> None:
        tally = self.cat("bad input")
        office = self.offices["lampung"]
        who = office.starter.who
        admin = office.admin
        case = office.case_id
        cases: list[tuple[LoggedIn, str, str, dict[str, Any], Any]] = [
            (
                who,
                "POST",
                "/api/cases",
                {"json": {"sop_id": office.sop_id, "subject": "a\x00b"}},
                422,
            ),
            (who, "POST", f"/api/cases/{case}/comments", {"json": {"body": "x\x00"}}, 422),
            (who, "POST", f"/api/cases/{case}/cancel", {"json": {"reason": "ab\x00cd"}}, 422),
            (
                admin,
                "POST",
                "/api/calendar/days-off",
                {"json": {"date": "2031-01-02", "name": "Libur\x00"}},
                422,
            ),
            (who, "GET", "/api/cases?q=%00", {}, 422),
            (who, "GET", "/api/cases?reference=a%00", {}, 422),
            (
                who,
                "POST",
                "/api/cases",
                {
                    "content": b'{"sop_id": "x", "subject": "\\ud800"}',
                    "headers": {"content-type": "application/json"},
                },
                422,
            ),
            (
                who,
                "POST",
                "/api/cases",
                {
                    "content": b"[" * 5000 + b"]" * 5000,
                    "headers": {"content-type": "application/json"},
                },
                400,
            ),
            (
                who,
                "POST",
                "/api/cases",
                {"content": b'{"sop_id": ', "headers": {"content-type": "application/json"}},
                400,
            ),
            (who, "GET", "/api/cases?limit=1000000000", {}, None),
            (who, "GET", "/api/cases/bukan-uuid", {}, None),
            (who, "GET", "/api/cases?sort=%27%3B%20drop%20table%20cases", {}, None),
        ]
        if short:
            cases = cases[:3] + cases[4:9]
        for person_, method, url, kw, status in cases:
            answer = await self.send(person_, method, url, **kw)
            ok = answer.status_code < 500 and (
                answer.status_code == status if status else 400 <= answer.status_code < 500
            )
            tally.check(ok, f"{method} {url[:40]} {kw.get('json', '')!r:.40}: {answer.status_code}")
            tally.check("Traceback" not in answer.text, f"{method} {url}: a trace leaked")

    async def uploads(self, short: bool) -> None:
        tally = self.cat("uploads")
        office = self.offices["lampung"]
        sent: dict[str, str] = {}
        for name, body in list(ACTIVE.items())[: 3 if short else None]:
            answer = await self.send(
                office.starter.who,
                "POST",
                f"/api/cases/{office.case_id}/documents",
                params={"name": name},
                content=body,
                headers={"content-type": "text/plain"},
            )
            tally.check(answer.status_code == 201, f"upload {name}: {answer.status_code}")
            if answer.status_code == 201:
                sent[name] = answer.json()["id"]
        deadline = time.monotonic() + 60
        status: dict[str, str] = {}
        while time.monotonic() < deadline and len(status) < len(sent):
            listed = await self.send(
                office.starter.who, "GET", f"/api/cases/{office.case_id}/documents"
            )
            for doc in listed.json():
                if doc["id"] in sent.values() and doc["status"] != "quarantine":
                    status[doc["id"]] = doc["status"]
            await asyncio.sleep(0.5)
        for name, doc_id in sent.items():
            tally.check(status.get(doc_id) == "rejected", f"{name} became {status.get(doc_id)}")

    async def import_bombs(self) -> None:
        from tests.integration.security.test_bounded_imports import alias_bomb

        tally = self.cat("import bombs")
        admin = self.offices["lampung"].admin
        for body, status, what in (
            (alias_bomb().encode(), 422, "alias bomb"),
            (b"tenant: lampung\nsteps: &s [*s]\n", 422, "recursive alias"),
            (b"# " + b"x" * (600 * 1024), 413, "over the size limit"),
            (b'{"steps": ' + b"[" * 5000 + b"]" * 5000 + b"}", 422, "5,000 levels deep"),
        ):
            answer = await self.send(admin, "POST", "/api/catalogue/import", content=body)
            tally.check(answer.status_code == status, f"{what}: {answer.status_code}")
        rows = [f"k{n}: [{', '.join(['nilai'] * 8)}]" for n in range(500 * 1024 // 70)]
        importing = asyncio.create_task(
            self.send(admin, "POST", "/api/catalogue/import", content="\n".join(rows).encode())
        )
        await asyncio.sleep(0.3)
        slowest = 0.0
        while not importing.done():
            started = time.perf_counter()
            await self.http.get("/health/live")
            slowest = max(slowest, time.perf_counter() - started)
            await asyncio.sleep(0.05)
        await importing
        tally.check(slowest < 0.1, f"/health/live took {slowest * 1000:.0f} ms during an import")

    async def throttling(self, login_limit: int, token_limit: int) -> None:
        tally = self.cat("throttling")
        statuses = [
            (await self.send(None, "GET", "/auth/kaltim/login", follow_redirects=False))
            for _ in range(login_limit + 2)
        ]
        limited = [r for r in statuses if r.status_code == 429]
        tally.check(bool(limited), f"{login_limit + 2} login starts, none refused")
        tally.check(
            bool(limited) and limited[0].headers.get("retry-after", "").isdigit(),
            "429 without Retry-After",
        )
        token = f"alur_lampung_{uuid.uuid4().hex}_tebakan"
        answers = [
            (
                await self.send(
                    None, "GET", "/api/org/units", headers={"authorization": f"Bearer {token}"}
                )
            ).status_code
            for _ in range(token_limit + 2)
        ]
        tally.check(429 in answers, f"{token_limit + 2} wrong secrets, none refused: {answers}")

    async def clean_up(self, snapshots: dict[str, list[dict[str, Any]]]) -> None:
        for slug, versions in snapshots.items():
            await restore(self.owner, self.tenants[slug], versions)


async def run_probe(
    base_url: str, *, short: bool, login_limit: int, token_limit: int
) -> dict[str, Tally]:
    owner = await asyncpg.connect(os.environ["ALUR_DATABASE_OWNER_URL"])
    try:
        tenants = {r["slug"]: r["id"] for r in await owner.fetch("select slug, id from tenants")}
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            probe = Probe(http, owner, tenants)
            snapshots = {slug: await snapshot_catalogue(owner, tenants[slug]) for slug in OFFICES}
            try:
                for slug in OFFICES:
                    await probe.prepare(slug)
                steps: list[Callable[[], Awaitable[None]]] = [
                    probe.cross_tenant,
                    probe.role_escalation,
                    probe.csrf_and_sessions,
                    probe.headers,
                    lambda: probe.bad_input(short),
                    lambda: probe.uploads(short),
                    probe.import_bombs,
                    lambda: probe.throttling(login_limit, token_limit),
                ]
                for step in steps:
                    await step()
            finally:
                await probe.clean_up(snapshots)
        return probe.tally
    finally:
        await owner.close()


def report(tally: dict[str, Tally]) -> str:
    lines = [f"{'category':<22} {'tried':>6} {'passed':>7} {'failed':>7}"]
    for name, t in tally.items():
        lines.append(f"{name:<22} {t.tried:>6} {t.tried - len(t.failures):>7} {len(t.failures):>7}")
        lines += [f"    FAILED: {f}" for f in t.failures]
    total = sum(t.tried for t in tally.values())
    failed = sum(len(t.failures) for t in tally.values())
    lines.append(f"{'all':<22} {total:>6} {total - failed:>7} {failed:>7}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8011")
    parser.add_argument("--short", action="store_true", help="fewer cases per category")
    parser.add_argument("--login-limit", type=int, default=300, help="the server's login limit")
    parser.add_argument("--token-limit", type=int, default=10, help="token failures allowed")
    args = parser.parse_args()
    tally = asyncio.run(
        run_probe(
            args.base_url,
            short=args.short,
            login_limit=args.login_limit,
            token_limit=args.token_limit,
        )
    )
    print(report(tally))
    return 1 if any(t.failures for t in tally.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
