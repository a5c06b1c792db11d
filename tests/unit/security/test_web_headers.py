"""The response hook on a small app of its own: HSTS only when asked for, the SPA's index
revalidated and its hashed bundles left cacheable, API answers never cached; a multipart
file name is checked like any other text; and nginx, which serves the SPA itself in the
compose deployment, sends the same policy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from litestar import Litestar, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.testing import TestClient

from alur.core.errors import DomainError
from alur.core.input_guard import NUL_MESSAGE, check_request
from alur.core.web_headers import SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY, security_headers
from alur.spa import spa_router

ROOT = Path(__file__).resolve().parents[3]
NGINX_CONF = ROOT / "infra" / "docker" / "nginx.conf"


@get("/api/thing", sync_to_thread=False)
def thing() -> dict[str, str]:
    return {"ok": "ya"}


@get("/auth/thing", sync_to_thread=False)
def auth_thing() -> Response[str]:
    return Response("ok", headers={"Cache-Control": "public, max-age=60"})


@post("/api/upload", sync_to_thread=False)
def upload(
    data: Annotated[dict[str, UploadFile], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> dict[str, str]:
    return {name: file.filename for name, file in data.items()}


def _domain_error(_: Any, exc: DomainError) -> Response[dict[str, object]]:
    return Response(
        {"status_code": exc.status_code, "detail": exc.message, "field": exc.field},
        status_code=exc.status_code,
    )


def _client(dist: Path, *, hsts: bool) -> TestClient[Litestar]:
    app = Litestar(
        route_handlers=[thing, auth_thing, upload, spa_router(dist)],
        before_request=check_request,
        before_send=[security_headers(hsts=hsts)],
        exception_handlers={DomainError: _domain_error},
    )
    return TestClient(app)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>'
    )
    (tmp_path / "assets" / "index-AbC123.js").write_text("console.log('alur')")
    return tmp_path


@pytest.fixture
def client(dist: Path) -> Iterator[TestClient[Litestar]]:
    with _client(dist, hsts=True) as test_client:
        yield test_client


def _assert_secure(response: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name
    assert response.headers["strict-transport-security"] == STRICT_TRANSPORT_SECURITY
    assert response.headers["x-request-id"]


def test_the_spa_index_is_revalidated_and_bundles_stay_cacheable(
    client: TestClient[Litestar],
) -> None:
    for page in ("/", "/cases/mine", "/org"):
        index = client.get(page)
        assert index.status_code == 200
        _assert_secure(index)
        assert index.headers["cache-control"] == "no-cache"
    bundle = client.get("/assets/index-AbC123.js")
    assert bundle.status_code == 200
    _assert_secure(bundle)
    assert "no-cache" not in bundle.headers.get("cache-control", "")


def test_api_and_auth_answers_are_never_cached(client: TestClient[Litestar]) -> None:
    for path in ("/api/thing", "/auth/thing", "/api/missing"):
        response = client.get(path)
        _assert_secure(response)
        assert response.headers["cache-control"] == "no-store", path


def test_hsts_only_with_secure_cookies(dist: Path) -> None:
    with _client(dist, hsts=False) as plain:
        response = plain.get("/api/thing")
    assert "strict-transport-security" not in response.headers
    assert (
        response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    )


def test_a_multipart_file_name_is_checked(client: TestClient[Litestar]) -> None:
    fine = client.post(
        "/api/upload", files={"berkas": ("surat.pdf", b"%PDF-1.7", "application/pdf")}
    )
    assert fine.status_code == 201, fine.text
    assert fine.json() == {"berkas": "surat.pdf"}
    # Written by hand: httpx would percent-encode the NUL, a hostile client does not.
    raw = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="berkas"; filename="surat\x00.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--b0undary--\r\n"
    )
    bad = client.post(
        "/api/upload",
        content=raw,
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert bad.status_code == 422, bad.text
    assert bad.json() == {"status_code": 422, "detail": NUL_MESSAGE, "field": "berkas.filename"}
    _assert_secure(bad)


def _nginx_headers(location: str) -> dict[str, str]:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    block = re.search(rf"location\s+{re.escape(location)}\s*\{{([^}}]*)\}}", conf)
    assert block, f"no location {location} in {NGINX_CONF}"
    return dict(re.findall(r'add_header\s+(\S+)\s+"([^"]*)"\s+always;', block.group(1)))


def test_nginx_serves_the_spa_with_the_same_policy() -> None:
    sent = _nginx_headers("/")
    for name, value in SECURITY_HEADERS.items():
        assert sent.get(name) == value, f"{NGINX_CONF}: {name} differs from alur.core.web_headers"
    assert sent["Cache-Control"] == "no-cache"
    assert "no-cache" not in _nginx_headers("/assets/").get("Cache-Control", "")
