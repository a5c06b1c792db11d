"""Two side-by-side stacks: `dev` for the up command, `test` for the suite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_ROOT = REPO_ROOT / ".data"


@dataclass(frozen=True)
class Profile:
    name: str
    pg_port: int
    redis_port: int
    s3_port: int
    idp_port: int
    api_port: int
    db_name: str
    redis_prefix: str
    smtp_port: int

    @property
    def data_dir(self) -> Path:
        return DATA_ROOT / self.name

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"


PROFILES = {
    "dev": Profile("dev", 54320, 63790, 9100, 9400, 8000, "alur", "alur", 2525),
    "test": Profile("test", 54330, 63800, 9110, 9410, 8010, "alur_test", "alur_test", 2535),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise SystemExit(f"unknown profile {name!r}; choose one of {sorted(PROFILES)}") from None
