"""python -m devstack {up,services,down,env} --profile {dev,test}"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.request
from types import FrameType
from typing import Any

import yaml

from . import stack
from .profiles import REPO_ROOT, get_profile


def _wait_ready(url: str, timeout: float = 90.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - our own URL
                return dict(json.load(resp))
        except Exception as exc:
            body = getattr(exc, "read", lambda: b"")()
            last = json.loads(body) if body else {"error": str(exc)}
        time.sleep(1)
    raise RuntimeError(f"/health/ready did not turn green: {json.dumps(last)}")


def _print_logins(public_url: str, password: str) -> None:
    print(f"\nAlur is running: open {public_url}/  (API docs: {public_url}/schema)")
    print(f"Log in through each office's SSO with one of these NIPs, password {password!r}:")
    for slug in stack.tenant_slugs():
        users = yaml.safe_load((stack.TENANTS_DIR / slug / "demo-users.yaml").read_text())["users"]
        print(f"  {slug}:")
        for u in users:
            if u.get("generated"):
                continue
            roles = f" [{', '.join(u['roles'])}]" if u.get("roles") else ""
            print(f"    {u['nip']}  {u['name']} — {u['position']}{roles}")
        invented = sum(1 for u in users if u.get("generated"))
        if invented:
            print(f"    … and {invented} invented holders of the other positions (same password):")
            print(f"      tenants/{slug}/demo-users.yaml")
    print(
        f"To try onboarding an office: the dev IdP also serves '{stack.SPARE_SLUG}', not yet in"
        " Alur (docs/offices.md; issuer and secret in .data/dev/env)."
    )
    print("Stop with Ctrl-C (every process this command started is stopped).", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    parser.add_argument("command", choices=["up", "services", "down", "env"])
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--detach", action="store_true", help="up: return once ready")
    args = parser.parse_args(argv)
    profile = get_profile(args.profile)

    if args.command == "down":
        stack.app_stop(profile)
        stack.services_down(profile)
        print(f"[alur] {profile.name} stack stopped")
        return 0

    env = stack.services_up(profile)
    stack.prepare(env)
    if args.command == "env":
        sys.stdout.write((profile.data_dir / "env").read_text())
        return 0
    if args.command == "services":
        print(f"[alur] services ready; environment in {profile.data_dir / 'env'}")
        return 0

    stack.demo_office(profile, env)
    spa = REPO_ROOT / "frontend" / "dist" / "index.html"
    if spa.exists():
        env["ALUR_SPA_DIR"] = str(spa.parent)
    platform_admin = stack.dev_platform_admin(profile, env)
    stack.app_start(profile, env)
    report = _wait_ready(f"{profile.public_url}/health/ready")
    print(f"[alur] ready: {', '.join(str(c['name']) for c in report['checks'])}")
    _print_logins(profile.public_url, env.get("ALUR_DEMO_PASSWORD", "(your IdP's)"))
    if platform_admin:
        print(f"Platform admin (/platform, dev only): {platform_admin}")
    if args.detach:
        return 0

    def shutdown(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shutdown)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\n[alur] stopping…", flush=True)
    finally:
        stack.app_stop(profile)
        stack.services_down(profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
