"""Sign-on through each office's real dev IdP (oidc-provider): the happy path and every
refusal the issue lists, each leaving nothing behind."""

from __future__ import annotations

import base64
import json
import os
import uuid
from typing import Any

import httpx
import pytest
import yaml

from alur.domain.identity.oidc import OidcError, OidcProvider
from tests.sso import login_at_idp, sign_in

pytestmark = pytest.mark.integration
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def demo_user(slug: str, position: str) -> dict[str, Any]:
    with open(os.path.join(ROOT, "tenants", slug, "demo-users.yaml")) as f:
        users = yaml.safe_load(f)["users"]
    return next(u for u in users if u["position"] == position)


def _set_cookie_headers(response: httpx.Response) -> list[str]:
    return response.headers.get_list("set-cookie")


async def _user_count(owner_conn: Any, tenant_id: uuid.UUID, nip: str) -> int:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return int(await owner_conn.fetchval("select count(*) from users where nip = $1", nip))


async def _sign_in_traces(owner_conn: Any, tenant_id: uuid.UUID) -> tuple[int, int]:
    """What a sign-in writes (users, login events): a refused callback must change neither,
    whether or not other tests signed this person in before."""
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        users = await owner_conn.fetchval("select count(*) from users")
        logins = await owner_conn.fetchval(
            "select count(*) from audit_events where action = 'identity.login'"
        )
    return int(users), int(logins)


@pytest.mark.parametrize(
    ("slug", "position"), [("kaltim", "kepala-dinas"), ("lampung", "sekretaris")]
)
async def test_full_login_provisions_the_user_and_sets_only_an_opaque_cookie(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID], slug: str, position: str
) -> None:
    user = demo_user(slug, position)
    start = await client.get(f"/auth/{slug}/login", follow_redirects=False)
    location = start.headers["location"]
    assert location.startswith(os.environ[f"ALUR_IDP_{slug.upper()}_ISSUER"])
    assert "code_challenge_method=S256" in location
    assert "nonce=" in location
    result = await login_at_idp(location, user["nip"])
    done = await client.get(
        f"/auth/{slug}/callback",
        params={"code": result.code, "state": result.state},
        cookies={"alur_login": start.cookies["alur_login"]},
        follow_redirects=False,
    )
    assert done.status_code == 303
    session_header = next(h for h in _set_cookie_headers(done) if h.startswith("alur_session="))
    assert "HttpOnly" in session_header
    assert "SameSite=lax" in session_header.replace("Lax", "lax")
    session_value = done.cookies["alur_session"]
    assert "." not in session_value, "an opaque id, not a token"
    assert len(session_value) < 64
    csrf_header = next(h for h in _set_cookie_headers(done) if h.startswith("alur_csrf="))
    assert "HttpOnly" not in csrf_header

    me = await client.get("/api/me", cookies={"alur_session": session_value})
    assert me.status_code == 200
    body = me.json()
    assert body["user"]["nip"] == user["nip"]
    assert body["user"]["name"] == user["name"]
    assert body["tenant"]["slug"] == slug
    assert [p["code"] for p in body["user"]["positions"]] == [position]
    assert "id_token" not in me.text
    assert "eyJ" not in me.text
    assert await _user_count(owner_conn, tenant_ids[slug], user["nip"]) == 1

    # A second login reuses the user (provisioned once) and rotates the session id.
    again = await sign_in(client, slug, user["nip"])
    assert again["alur_session"] != session_value
    assert await _user_count(owner_conn, tenant_ids[slug], user["nip"]) == 1


async def test_logout_ends_the_session_and_points_at_the_idp(client: Any) -> None:
    user = demo_user("kaltim", "kasubbag-umum")
    cookies = await sign_in(client, "kaltim", user["nip"])
    no_csrf = await client.post("/auth/logout", cookies={"alur_session": cookies["alur_session"]})
    assert no_csrf.status_code == 403
    out = await client.post(
        "/auth/logout",
        cookies={"alur_session": cookies["alur_session"]},
        headers={"x-csrf-token": cookies["alur_csrf"]},
    )
    assert out.status_code == 200
    target = out.json()["redirect"]
    assert target.startswith(os.environ["ALUR_IDP_KALTIM_ISSUER"] + "/session/end")
    assert "id_token_hint=" in target
    after = await client.get("/api/me", cookies={"alur_session": cookies["alur_session"]})
    assert after.status_code == 401


async def _start(client: Any, slug: str) -> tuple[str, str]:
    start = await client.get(f"/auth/{slug}/login", follow_redirects=False)
    return start.headers["location"], start.cookies["alur_login"]


async def _callback(client: Any, slug: str, code: str, state: str, binding: str) -> httpx.Response:
    return await client.get(
        f"/auth/{slug}/callback",
        params={"code": code, "state": state},
        cookies={"alur_login": binding},
        follow_redirects=False,
    )


async def test_tampered_state_is_refused(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    user = demo_user("kaltim", "pengelola-kepegawaian")
    before = await _sign_in_traces(owner_conn, tenant_ids["kaltim"])
    location, binding = await _start(client, "kaltim")
    result = await login_at_idp(location, user["nip"])
    response = await _callback(client, "kaltim", result.code, result.state + "x", binding)
    assert response.status_code == 400
    assert "alur_session" not in response.cookies
    assert await _sign_in_traces(owner_conn, tenant_ids["kaltim"]) == before


async def test_callback_from_another_browser_is_refused(client: Any) -> None:
    user = demo_user("kaltim", "sekretaris")
    location, _ = await _start(client, "kaltim")
    result = await login_at_idp(location, user["nip"])
    response = await _callback(client, "kaltim", result.code, result.state, "someone-else")
    assert response.status_code == 400
    assert "peramban" in response.json()["detail"]


async def test_replayed_authorization_code_is_refused(client: Any) -> None:
    user = demo_user("lampung", "kepala-dinas")
    location, binding = await _start(client, "lampung")
    result = await login_at_idp(location, user["nip"])
    first = await _callback(client, "lampung", result.code, result.state, binding)
    assert first.status_code == 303
    replay = await _callback(client, "lampung", result.code, result.state, binding)
    assert replay.status_code == 400
    # Even with a fresh state, the IdP refuses a code it already redeemed.
    location2, binding2 = await _start(client, "lampung")
    state2 = dict(httpx.URL(location2).params)["state"]
    reused = await _callback(client, "lampung", result.code, state2, binding2)
    assert reused.status_code == 400
    assert "refused the code" in reused.json()["detail"]


async def test_state_started_for_one_office_is_refused_at_the_other(client: Any) -> None:
    user = demo_user("lampung", "kepala-dinas")
    location, binding = await _start(client, "lampung")
    result = await login_at_idp(location, user["nip"])
    response = await _callback(client, "kaltim", result.code, result.state, binding)
    assert response.status_code == 400


async def test_wrong_nonce_is_refused(
    client: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    from alur.core.redis import get_redis
    from alur.core.settings import get_settings

    user = demo_user("kaltim", "kabid-industri")
    before = await _sign_in_traces(owner_conn, tenant_ids["kaltim"])
    location, binding = await _start(client, "kaltim")
    state = dict(httpx.URL(location).params)["state"]
    key = get_settings().redis.key("login", state)
    pending = json.loads(await get_redis().get(key))
    pending["nonce"] = "nonce-yang-lain"
    await get_redis().set(key, json.dumps(pending), ex=600)
    result = await login_at_idp(location, user["nip"])
    response = await _callback(client, "kaltim", result.code, result.state, binding)
    assert response.status_code == 400
    assert "nonce" in response.json()["detail"]
    assert await _sign_in_traces(owner_conn, tenant_ids["kaltim"]) == before


async def _real_id_token(slug: str, nip: str, nonce: str) -> tuple[OidcProvider, str]:
    """An ID token freshly issued by the real IdP for `slug` (code flow, PKCE)."""
    issuer = os.environ[f"ALUR_IDP_{slug.upper()}_ISSUER"]
    provider = OidcProvider(
        issuer=issuer,
        client_id=f"alur-{slug}",
        client_secret=os.environ[f"ALUR_IDP_{slug.upper()}_CLIENT_SECRET"],
        scopes=["openid", "profile", "email", "alur"],
    )
    redirect = f"{os.environ['ALUR_PUBLIC_URL']}/auth/{slug}/callback"
    verifier = uuid.uuid4().hex * 2
    url = await provider.authorization_url(
        redirect_uri=redirect, state="s" * 16, nonce=nonce, code_verifier=verifier
    )
    result = await login_at_idp(url, nip)
    token = await provider.exchange_code(
        code=result.code, code_verifier=verifier, redirect_uri=redirect
    )
    return provider, str(token["id_token"])


def _kaltim_validator() -> OidcProvider:
    return OidcProvider(
        issuer=os.environ["ALUR_IDP_KALTIM_ISSUER"],
        client_id="alur-kaltim",
        client_secret=os.environ["ALUR_IDP_KALTIM_CLIENT_SECRET"],
        scopes=["openid"],
    )


async def test_id_token_checks_on_real_tokens() -> None:
    kaltim_user = demo_user("kaltim", "kasi-pembinaan-usaha-industri")
    provider, token = await _real_id_token("kaltim", kaltim_user["nip"], "n-1")
    claims = await provider.validate_id_token(token, nonce="n-1")
    assert claims["preferred_username"] == kaltim_user["nip"]

    with pytest.raises(OidcError, match="nonce"):
        await provider.validate_id_token(token, nonce="n-2")
    with pytest.raises(OidcError, match="exp"):
        await provider.validate_id_token(token, nonce="n-1", now=int(claims["exp"]) + 3600)
    other_client = OidcProvider(
        issuer=provider.issuer, client_id="alur-lain", client_secret="x", scopes=["openid"]
    )
    with pytest.raises(OidcError, match="aud"):
        await other_client.validate_id_token(token, nonce="n-1")
    header, payload, signature = token.split(".")
    flipped = signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")
    with pytest.raises(OidcError):
        await provider.validate_id_token(f"{header}.{payload}.{flipped}", nonce="n-1")
    # A payload edited after signing (e.g. the NIP) breaks the signature.
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["preferred_username"] = "000000000000000000"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    with pytest.raises(OidcError):
        await provider.validate_id_token(f"{header}.{forged}.{signature}", nonce="n-1")


async def test_token_from_the_other_offices_issuer_is_refused() -> None:
    lampung_user = demo_user("lampung", "sekretaris")
    _, token = await _real_id_token("lampung", lampung_user["nip"], "n-3")
    with pytest.raises(OidcError):
        await _kaltim_validator().validate_id_token(token, nonce="n-3")


async def test_session_of_one_office_gives_nothing_of_the_other(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    user = demo_user("kaltim", "kepala-dinas")
    cookies = await sign_in(client, "kaltim", user["nip"])
    lampung_unit = None
    from tests.isolation.harness import login_as

    lampung = await login_as("lampung", tenant_ids["lampung"], ())
    lampung_unit = (await client.get("/api/org/units", cookies=lampung.cookies)).json()["items"][0]
    foreign = await client.get(
        f"/api/org/units/{lampung_unit['id']}", cookies={"alur_session": cookies["alur_session"]}
    )
    assert foreign.status_code == 404
    own = (
        await client.get("/api/org/units", cookies={"alur_session": cookies["alur_session"]})
    ).json()
    assert lampung_unit["id"] not in {u["id"] for u in own["items"]}


async def test_unknown_office_is_404(client: Any) -> None:
    assert (await client.get("/auth/kalbar/login", follow_redirects=False)).status_code == 404
