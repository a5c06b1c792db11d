"""The SPA's API client is generated from frontend/openapi.json, which must match the API."""

from __future__ import annotations

import json
from pathlib import Path

from alur.app import create_app

SNAPSHOT = Path(__file__).resolve().parents[2] / "frontend" / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    generated = create_app().openapi_schema.to_schema()
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(generated)), (
        "frontend/openapi.json is stale: run `alur openapi -o frontend/openapi.json` "
        "and `npm run gen:api` in frontend/"
    )


def test_operation_ids_the_spa_relies_on() -> None:
    schema = create_app().openapi_schema.to_schema()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"listPublicTenants", "getMe", "getReadiness"} <= ids
