"""The invented demo holders in tenants/*/demo-users.yaml are current with org.yaml (run
`alur demo users` after changing positions) and every account is distinct."""

from __future__ import annotations

from pathlib import Path

import yaml

from alur.domain.demo.people import write_demo_users

TENANTS = Path(__file__).resolve().parents[2] / "tenants"


def test_generated_holders_are_current() -> None:
    assert write_demo_users(TENANTS, check=True) == [], "run `alur demo users`"


def test_every_position_has_a_distinct_demo_account() -> None:
    for folder in sorted(p for p in TENANTS.iterdir() if (p / "demo-users.yaml").exists()):
        users = yaml.safe_load((folder / "demo-users.yaml").read_text())["users"]
        org = yaml.safe_load((folder / "org.yaml").read_text())
        assert {p["code"] for p in org["positions"]} <= {u["position"] for u in users}
        nips = [u["nip"] for u in users]
        assert len(nips) == len(set(nips)), folder.name
        assert all(len(n) == 18 and n.isdigit() for n in nips), folder.name
        emails = [u["email"] for u in users]
        assert len(emails) == len(set(emails)), folder.name
