"""The SPA as the API serves it (backend/alur/spa.py behind the app's response hook): hashed
bundles kept a year, index.html revalidated by its ETag (304 when unchanged), the build's
brotli or gzip twin sent to a browser that takes it, with Content-Encoding and Vary; a bundle
of an earlier build is a 404, not index.html. And the same from the real build when there is
one (frontend/dist, `npm run build`)."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from alur.core.web_headers import security_headers
from alur.spa import IMMUTABLE, accepted_encodings, spa_router

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = "/assets/index-AbC123.js"
SOURCE = b"console.log('alur');" * 200


def fake_brotli(data: bytes) -> bytes:
    """Stands for the build's brotli twin: the server sends the file, whatever it holds."""
    return b"BR" + gzip.compress(data)


def fake_unbrotli(data: bytes) -> bytes:
    assert data.startswith(b"BR"), "not the .br twin"
    return gzip.decompress(data[2:])


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    index = b'<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>'
    (tmp_path / "index.html").write_bytes(index)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(index))
    (tmp_path / "index.html.br").write_bytes(fake_brotli(index))
    js = tmp_path / "assets" / "index-AbC123.js"
    js.write_bytes(SOURCE)
    (tmp_path / "assets" / "index-AbC123.js.gz").write_bytes(gzip.compress(SOURCE))
    (tmp_path / "assets" / "index-AbC123.js.br").write_bytes(fake_brotli(SOURCE))
    (tmp_path / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return tmp_path


def _client(dist: Path) -> TestClient[Litestar]:
    app = Litestar(route_handlers=[spa_router(dist)], before_send=[security_headers(hsts=False)])
    return TestClient(app)


@pytest.fixture
def client(dist: Path) -> Iterator[TestClient[Litestar]]:
    with _client(dist) as test_client:
        yield test_client


def _raw(
    client: TestClient[Litestar], path: str, encoding: str, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """The answer as sent (httpx would undo the Content-Encoding)."""
    with client.stream("GET", path, headers={"Accept-Encoding": encoding, **headers}) as r:
        return r.status_code, dict(r.headers), b"".join(r.iter_raw())


def test_hashed_bundles_are_kept_a_year_in_the_coding_the_browser_takes(
    client: TestClient[Litestar],
) -> None:
    for accept, coding, decode in (
        ("gzip, deflate, br, zstd", "br", fake_unbrotli),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
        ("identity", None, lambda b: b),
    ):
        status, headers, body = _raw(client, BUNDLE, accept)
        assert status == 200, accept
        assert headers["cache-control"] == IMMUTABLE
        assert headers["content-type"].startswith(("application/javascript", "text/javascript"))
        assert headers["vary"] == "Accept-Encoding"
        assert headers.get("content-encoding") == coding, accept
        assert decode(body) == SOURCE, accept
        assert int(headers["content-length"]) == len(body)


def test_index_html_is_revalidated_and_answers_304_when_unchanged(
    client: TestClient[Litestar],
) -> None:
    for page in ("/", "/kasus/123", "/katalog"):
        status, headers, body = _raw(client, page, "gzip, br")
        assert status == 200
        assert headers["cache-control"] == "no-cache"
        assert headers["content-encoding"] == "br"
        assert headers["content-type"].startswith("text/html")
        assert b"/assets/index-AbC123.js" in fake_unbrotli(body)
        etag = headers["etag"]
        again, again_headers, again_body = _raw(client, page, "gzip, br", **{"If-None-Match": etag})
        assert again == 304
        assert again_body == b""
        assert again_headers["etag"] == etag
        assert again_headers["cache-control"] == "no-cache"
        # W/ and lists match too; another ETag (or another coding's) does not.
        assert _raw(client, page, "gzip, br", **{"If-None-Match": f'"x", W/{etag}'})[0] == 304
        assert _raw(client, page, "gzip", **{"If-None-Match": etag})[0] == 200
    plain = client.get("/favicon.svg", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == 200
    assert plain.headers["cache-control"] == "no-cache"
    assert "content-encoding" not in plain.headers, "no twin: sent as it is"
    assert "vary" not in plain.headers
    assert (
        client.get("/favicon.svg", headers={"If-None-Match": plain.headers["etag"]}).status_code
        == 304
    )


def test_a_bundle_of_an_earlier_build_is_not_found(client: TestClient[Litestar]) -> None:
    gone = client.get("/assets/index-OLD999.js")
    assert gone.status_code == 404
    assert client.get("/assets/../index.html").status_code in (200, 404)
    assert client.get("/api/nothing").status_code == 404


def test_accept_encoding_is_read_with_its_weights() -> None:
    assert accepted_encodings("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("BR ; q=1.0") == {"br"}
    assert accepted_encodings("") == set()


def test_the_real_build_is_split_and_precompressed() -> None:
    built = ROOT / "frontend" / "dist"
    if not (built / "index.html").exists():
        pytest.skip("SPA not built (npm run build in frontend/)")
    html = (built / "index.html").read_text()
    assert 'rel="preload" href="/api/me" as="fetch"' in html, "the session is asked for early"
    scripts = list((built / "assets").glob("*.js"))
    assert len(scripts) > 3, "route-split: a chunk per page, not one bundle"
    for file in [*scripts, *(built / "assets").glob("*.css"), built / "index.html"]:
        for twin in (".br", ".gz"):
            assert file.with_name(file.name + twin).is_file(), f"{file.name}{twin}"
    with _client(built) as client:
        entry = re.search(r'src="(/assets/[^"]+\.js)"', html)
        assert entry, html
        status, headers, body = _raw(client, entry.group(1), "gzip, deflate, br")
        assert (status, headers["content-encoding"]) == (200, "br")
        bundle = built / entry.group(1).lstrip("/")
        assert body == bundle.with_name(bundle.name + ".br").read_bytes()
        assert len(body) < bundle.stat().st_size / 2
