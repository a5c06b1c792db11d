"""Text the database cannot store (NUL, lone surrogates) is refused with 422 naming the field,
on every kind of route and before anything is written; JSON nested absurdly deep is a 400,
not a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest

from alur.core.input_guard import INVALID_TEXT_MESSAGE, MAX_JSON_DEPTH, NUL_MESSAGE
from tests.integration.cases.support import Person, publish_with_performers
from tests.isolation.harness import LoggedIn, in_tenant

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"


def _raw(body: object) -> bytes:
    """JSON as an attacker writes it: `\\u0000` and `\\ud800` escapes, ASCII on the wire."""
    return json.dumps(body, ensure_ascii=True).encode()


async def _send(client: Any, method: str, url: str, who: LoggedIn, body: object) -> Any:
    return await client.request(
        method,
        url,
        content=body if isinstance(body, bytes) else _raw(body),
        cookies=who.cookies,
        headers={**who.headers, "content-type": "application/json"},
    )


def _refused(response: Any, field: str, detail: str = NUL_MESSAGE) -> None:
    assert response.status_code == 422, response.text
    assert response.json() == {"status_code": 422, "detail": detail, "field": field}


async def _count(owner_conn: Any, tenant_id: Any, sql: str, *args: Any) -> int:
    return int((await in_tenant(owner_conn, tenant_id, sql, *args))[0][0])


@pytest.fixture
async def running_case(
    client: Any, office: Any, tenant_ids: dict[str, Any]
) -> tuple[Person, dict[str, Any], dict[str, Any], Any]:
    """A Lampung staff member with one open case of 003-02; (staff, sop, case, admin)."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    staf = await staff(STAF)
    started = await _send(
        client, "POST", "/api/cases", staf.who, {"sop_id": sop["id"], "subject": "Surat uji"}
    )
    assert started.status_code == 201, started.text
    return staf, sop, started.json(), admin


async def test_nul_in_case_bodies_is_refused_and_nothing_is_written(
    client: Any, owner_conn: Any, tenant_ids: dict[str, Any], running_case: Any
) -> None:
    staf, sop, case, _ = running_case
    tid = tenant_ids["lampung"]
    cases_before = await _count(owner_conn, tid, "select count(*) from cases")

    start = await _send(
        client, "POST", "/api/cases", staf.who, {"sop_id": sop["id"], "subject": "Surat\x00uji"}
    )
    _refused(start, "subject")
    nested = await _send(
        client,
        "POST",
        "/api/cases",
        staf.who,
        {"sop_id": sop["id"], "subject": "Surat", "performer_units": {"3": "x\x00"}},
    )
    _refused(nested, "performer_units.3")
    comment = await _send(
        client, "POST", f"/api/cases/{case['id']}/comments", staf.who, {"body": "halo\x00"}
    )
    _refused(comment, "body")
    cancel = await _send(
        client, "POST", f"/api/cases/{case['id']}/cancel", staf.who, {"reason": "\x00batal"}
    )
    _refused(cancel, "reason")

    assert await _count(owner_conn, tid, "select count(*) from cases") == cases_before
    assert await _count(owner_conn, tid, "select count(*) from case_comments") == 0
    status = await in_tenant(
        owner_conn, tid, "select status from cases where id = $1::uuid", case["id"]
    )
    assert status[0]["status"] == "open"


async def test_nul_in_admin_bodies_is_refused_and_nothing_is_written(
    client: Any, owner_conn: Any, tenant_ids: dict[str, Any], office: Any
) -> None:
    admin, _ = await office("lampung")
    tid = tenant_ids["lampung"]
    days_off = await _count(owner_conn, tid, "select count(*) from calendar_days_off")
    tokens = await _count(owner_conn, tid, "select count(*) from api_tokens")

    day_off = await _send(
        client, "POST", "/api/calendar/days-off", admin, {"date": "2026-11-24", "name": "HUT\x00"}
    )
    _refused(day_off, "name")
    token = await _send(
        client, "POST", "/api/tokens", admin, {"name": "integ\x00rasi", "scopes": ["org:read"]}
    )
    _refused(token, "name")
    units = (await client.get("/api/org/units?limit=1", cookies=admin.cookies)).json()["items"]
    unit = units[0]
    patched = await _send(
        client, "PATCH", f"/api/org/units/{unit['id']}", admin, {"name": "Bagian\x00Umum"}
    )
    _refused(patched, "name")

    assert await _count(owner_conn, tid, "select count(*) from calendar_days_off") == days_off
    assert await _count(owner_conn, tid, "select count(*) from api_tokens") == tokens
    again = (await client.get(f"/api/org/units/{unit['id']}", cookies=admin.cookies)).json()
    assert again["name"] == unit["name"]


async def test_nul_in_a_key_or_deep_in_a_list_is_named_by_its_path(
    client: Any, running_case: Any
) -> None:
    staf, sop, _, _ = running_case
    key = await _send(
        client,
        "POST",
        "/api/cases",
        staf.who,
        {"sop_id": sop["id"], "subject": "Surat", "performer_units": {"a\x00b": sop["id"]}},
    )
    _refused(key, "performer_units.a\ufffdb")
    # A document route: the path runs through lists too.
    admin = running_case[3]
    version = (await client.get(f"/api/catalogue/sops/{sop['id']}", cookies=admin.cookies)).json()
    version_id = version["versions"][0]["id"]
    document = (
        await client.get(
            f"/api/catalogue/versions/{version_id}/export?format=json", cookies=admin.cookies
        )
    ).json()
    document["steps"][2]["activity"] = "Mengagendakan\x00surat"
    saved = await _send(
        client, "PUT", f"/api/catalogue/versions/{version_id}/document", admin, document
    )
    _refused(saved, "steps[2].activity")


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/cases?q=surat%00", "q"),
        ("/api/cases?reference=B%00-12", "reference"),
        ("/api/cases/export.csv?q=%00", "q"),
        ("/api/audit/events?entity=case%00", "entity"),
    ],
)
async def test_nul_in_a_query_parameter_is_refused(
    client: Any, office: Any, url: str, field: str
) -> None:
    admin, _ = await office("lampung")
    response = await client.get(url, cookies=admin.cookies)
    _refused(response, field)


async def test_a_lone_surrogate_is_refused_naming_the_field(client: Any, running_case: Any) -> None:
    staf, sop, case, _ = running_case
    escaped = await _send(
        client, "POST", "/api/cases", staf.who, {"sop_id": sop["id"], "subject": "Surat \ud800"}
    )
    _refused(escaped, "subject", INVALID_TEXT_MESSAGE)
    # The same as raw bytes that are not UTF-8 (a CESU-8 encoded surrogate).
    raw = b'{"body": "halo \xed\xa0\x80"}'
    comment = await _send(client, "POST", f"/api/cases/{case['id']}/comments", staf.who, raw)
    _refused(comment, "body", INVALID_TEXT_MESSAGE)
    # A well-formed pair (an emoji) is ordinary text.
    fine = await _send(
        client, "POST", f"/api/cases/{case['id']}/comments", staf.who, {"body": "oke \U0001f44d"}
    )
    assert fine.status_code == 201, fine.text


async def test_json_nested_5000_deep_is_a_400_naming_the_limit(
    client: Any, running_case: Any
) -> None:
    staf, _, case, _ = running_case
    deep = b'{"body": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = await _send(client, "POST", f"/api/cases/{case['id']}/comments", staf.who, deep)
    assert response.status_code == 400, response.text
    assert response.json() == {
        "status_code": 400,
        "detail": f"JSON terlalu dalam (lebih dari {MAX_JSON_DEPTH} tingkat)",
    }
    unclosed = await _send(
        client, "POST", f"/api/cases/{case['id']}/comments", staf.who, b"[" * 5000
    )
    assert unclosed.status_code == 400, unclosed.text
    # Without a JSON Content-Type the route still decodes its body as JSON: still checked.
    plain = await client.post(
        f"/api/cases/{case['id']}/comments",
        content=deep,
        cookies=staf.who.cookies,
        headers={**staf.who.headers, "content-type": "text/plain"},
    )
    assert plain.status_code == 400, plain.text


async def test_every_route_is_guarded(client: Any) -> None:
    """The hook is the app's; a layer setting its own before_request would replace it."""
    from alur.core.input_guard import check_request

    unguarded = [
        f"{sorted(handler.http_methods)} {route.path}"
        for route in client.app.routes
        for handler in getattr(route, "route_handlers", [])
        if hasattr(handler, "resolve_before_request")
        and handler.resolve_before_request() is not check_request
    ]
    assert unguarded == []
