"""Per-profile generated credentials, kept under the git-ignored data folder."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

NAMES = ("db_owner", "db_app", "s3_access", "s3_secret", "idp_kaltim", "idp_lampung")


def load_or_create(data_dir: Path, extra: tuple[str, ...] = ()) -> dict[str, str]:
    path = data_dir / "secrets.json"
    data_dir.mkdir(parents=True, exist_ok=True)
    current: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [n for n in (*NAMES, *extra) if n not in current]
    for name in missing:
        current[name] = secrets.token_urlsafe(24)
    if missing:
        path.write_text(json.dumps(current, indent=2))
        path.chmod(0o600)
    return current
