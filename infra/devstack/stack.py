"""Bring the whole stack up or down for a profile, reusing external services when configured."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import procs, secrets, services
from .profiles import REPO_ROOT, Profile

TENANTS_DIR = REPO_ROOT / "tenants"
APP_PROCESSES = ("api", "worker", "scheduler")
# An office the dev IdP serves that is not in tenants/: a platform admin onboards it in the
# product (issue #16), as a real office would be, with no file and no restart.
SPARE_SLUG = "papua"
SPARE_HOST = "papua.alur.test"
SPARE_USERS: list[dict[str, str]] = [
    {"nip": "198503122010012003", "name": "Yohana Wenda", "email": "yohana@papua.example"},
    {"nip": "197207141998031006", "name": "Markus Kogoya", "email": "markus@papua.example"},
]


def tenant_slugs() -> list[str]:
    return sorted(p.name for p in TENANTS_DIR.iterdir() if (p / "tenant.yaml").exists())


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    return procs.port_open(parts.hostname or "127.0.0.1", parts.port or default_port)


def _log(message: str) -> None:
    print(f"[alur] {message}", flush=True)


def _idp_config(profile: Profile, keys: dict[str, str], password: str) -> Path:
    tenants = []
    for slug in tenant_slugs():
        org = yaml.safe_load((TENANTS_DIR / slug / "org.yaml").read_text())
        unit_of = {p["code"]: p["unit"] for p in org["positions"]}
        demo = yaml.safe_load((TENANTS_DIR / slug / "demo-users.yaml").read_text())
        users = [
            {
                "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"alur:{slug}:{u['nip']}")),
                "nip": u["nip"],
                "name": u["name"],
                "email": u["email"],
                "position": u["position"],
                "unit": unit_of.get(u["position"], ""),
                "roles": u.get("roles", []),
                "groups": [f"/{slug}/{u['position']}"],
            }
            for u in demo["users"]
        ]
        tenants.append(_idp_client(profile, keys, slug, users))
    spare_users: list[dict[str, Any]] = [
        {
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"alur:{SPARE_SLUG}:{u['nip']}")),
            **u,
            "unit": "",
            "position": "",
            "roles": [],
            "groups": [],
        }
        for u in SPARE_USERS
    ]
    tenants.append(_idp_client(profile, keys, SPARE_SLUG, spare_users))
    path = profile.data_dir / "idp" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "host": "127.0.0.1",
                "port": profile.idp_port,
                "password": password,
                "tenants": tenants,
            },
            indent=2,
        )
    )
    path.chmod(0o600)
    return path


def _idp_client(
    profile: Profile, keys: dict[str, str], slug: str, users: list[dict[str, Any]]
) -> dict[str, Any]:
    """One confidential client per issuer; callbacks on the public URL and, for the spare
    office, on its own host name too (an office reached on its host signs in there)."""
    urls = [profile.public_url]
    if slug == SPARE_SLUG:
        urls.append(f"http://{SPARE_HOST}:{profile.api_port}")
    return {
        "slug": slug,
        "client_id": f"alur-{slug}",
        "client_secret": keys[f"idp_{slug}"],
        "redirect_uris": [f"{u}/auth/{slug}/callback" for u in urls],
        "post_logout_redirect_uris": [p for u in urls for p in (f"{u}/", f"{u}/login")],
        "users": users,
    }


def services_up(profile: Profile) -> dict[str, str]:
    """Start whatever is not given from outside; return the environment for Alur's processes."""
    slugs = tenant_slugs()
    keys = secrets.load_or_create(
        profile.data_dir, (*(f"idp_{s}" for s in [*slugs, SPARE_SLUG]), "secrets_key")
    )
    env: dict[str, str] = {
        "ALUR_ENV": profile.name,
        "ALUR_PUBLIC_URL": profile.public_url,
        "ALUR_SECURE_COOKIES": "false",
        "ALUR_REDIS_PREFIX": profile.redis_prefix,
        "ALUR_TENANTS_DIR": str(TENANTS_DIR),
        "ALUR_SECRETS_KEY": os.environ.get("ALUR_SECRETS_KEY") or keys["secrets_key"],
    }

    admin_url = os.environ.get("DATABASE_URL", "")
    if admin_url and _reachable(admin_url, 5432):
        _log(f"PostgreSQL: using DATABASE_URL server, database {profile.db_name}")
    else:
        if admin_url:
            _log("PostgreSQL: DATABASE_URL is set but unreachable; starting the embedded server")
        admin_url = services.postgres_start(profile)
        _log(f"PostgreSQL: embedded server on {admin_url.split('@')[1].split('/')[0]}")
    from alur.core.provision import ensure_database

    owner_url, app_url = asyncio.run(
        ensure_database(admin_url, profile.db_name, keys["db_owner"], keys["db_app"])
    )
    env["ALUR_DATABASE_OWNER_URL"], env["ALUR_DATABASE_APP_URL"] = owner_url, app_url

    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url and _reachable(redis_url, 6379):
        _log(f"Redis: using REDIS_URL, key prefix {profile.redis_prefix}:")
    else:
        redis_url = services.redis_start(profile)
        _log(f"Redis: embedded server on {redis_url.split('//')[1].split('/')[0]}")
    env["REDIS_URL"] = redis_url

    if os.environ.get("S3_ENDPOINT"):
        for name in ("S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_SECURE", "S3_BUCKET"):
            if name in os.environ:
                env[name] = os.environ[name]
        _log(f"S3: using S3_ENDPOINT {env['S3_ENDPOINT']}")
    else:
        env["S3_ENDPOINT"] = services.s3_start(profile, keys["s3_access"], keys["s3_secret"])
        env["S3_ACCESS_KEY"], env["S3_SECRET_KEY"] = keys["s3_access"], keys["s3_secret"]
        env["S3_BUCKET"] = f"{profile.db_name.replace('_', '-')}"
        _log(f"S3: embedded nanio on {env['S3_ENDPOINT']}")

    external_idp = all(os.environ.get(f"ALUR_IDP_{s.upper()}_ISSUER") for s in slugs)
    if external_idp:
        for s in slugs:
            for suffix in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
                name = f"ALUR_IDP_{s.upper()}_{suffix}"
                if name in os.environ:
                    env[name] = os.environ[name]
        _log("IdP: using the configured issuers")
    else:
        password = os.environ.get("ALUR_DEMO_PASSWORD", "demo")
        base = services.idp_start(profile, _idp_config(profile, keys, password))
        for s in slugs:
            env[f"ALUR_IDP_{s.upper()}_ISSUER"] = f"{base}/{s}"
            env[f"ALUR_IDP_{s.upper()}_CLIENT_SECRET"] = keys[f"idp_{s}"]
        env["ALUR_DEMO_PASSWORD"] = password
        # For the one who onboards the spare office (and its browser test): not read by Alur.
        env["ALUR_DEV_SPARE_ISSUER"] = f"{base}/{SPARE_SLUG}"
        env["ALUR_DEV_SPARE_CLIENT_SECRET"] = keys[f"idp_{SPARE_SLUG}"]
        _log(
            f"IdP: dev oidc-provider on {base} (issuers: {', '.join(slugs)};"
            f" {SPARE_SLUG} for an office to onboard)"
        )

    if os.environ.get("ALUR_SMTP_HOST"):
        for name in ("ALUR_SMTP_HOST", "ALUR_SMTP_PORT", "ALUR_SMTP_FROM"):
            if name in os.environ:
                env[name] = os.environ[name]
        _log(f"SMTP: using ALUR_SMTP_HOST {env['ALUR_SMTP_HOST']}")
    else:
        port = services.smtp_start(profile)
        env["ALUR_SMTP_HOST"], env["ALUR_SMTP_PORT"] = "127.0.0.1", str(port)
        env["ALUR_SMTP_FROM"] = f"alur@{profile.name}.alur.test"
        _log(f"SMTP: embedded aiosmtpd on 127.0.0.1:{port} (mails in {profile.run_dir}/smtp.log)")

    env_file = profile.data_dir / "env"
    env_file.write_text("".join(f"export {k}={shlex.quote(v)}\n" for k, v in sorted(env.items())))
    env_file.chmod(0o600)
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate and load both tenants (idempotent)."""
    alur = [sys.executable, "-m", "alur.cli"]
    full = {**os.environ, **env}
    subprocess.run([*alur, "db", "migrate"], check=True, env=full, stdout=subprocess.DEVNULL)
    subprocess.run([*alur, "tenants", "sync"], check=True, env=full, stdout=subprocess.DEVNULL)


def demo_office(profile: Profile, env: dict[str, str]) -> None:
    """Dev profile only, first start only: demo people, published SOPs and six simulated
    weeks of work (`alur demo prepare` + `alur demo simulate`), so the dashboards open with
    numbers. A marker in the data folder skips it afterwards; output goes to run/demo.log."""
    marker = profile.data_dir / "demo-office.done"
    if profile.name != "dev" or marker.exists():
        return
    alur = [sys.executable, "-m", "alur.cli", "demo"]
    full = {**os.environ, **env}
    log = profile.run_dir / "demo.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("a") as out:
        for step in (["prepare"], ["simulate", "--weeks", "6"]):
            done = subprocess.run([*alur, *step], env=full, stdout=out, stderr=out, check=False)
            if done.returncode != 0:
                _log(f"demo office: `alur demo {step[0]}` failed (see {log}); continuing")
                return
    marker.write_text(f"{time.monotonic() - started:.1f} s\n")
    _log(
        f"demo office: prepared and simulated 6 weeks in {time.monotonic() - started:.0f} s ({log})"
    )


def dev_platform_admin(profile: Profile, env: dict[str, str]) -> str | None:
    """Dev profile: kaltim's demo tenant admin is also the platform admin (the operator names
    platform admins by Alur user id, known only after a first sign-in, which `demo prepare`
    made), so the platform pages and office onboarding can be walked. Returns who, or None."""
    if profile.name != "dev" or os.environ.get("ALUR_PLATFORM_ADMINS"):
        return None
    users = yaml.safe_load((TENANTS_DIR / "kaltim" / "demo-users.yaml").read_text())["users"]
    admin = next((u for u in users if "tenant_admin" in u.get("roles", [])), None)
    if admin is None:
        return None

    async def user_id() -> str | None:
        import asyncpg

        conn = await asyncpg.connect(env["ALUR_DATABASE_OWNER_URL"])
        try:
            async with conn.transaction():
                tenant = await conn.fetchval("select id from tenants where slug = 'kaltim'")
                if tenant is None:
                    return None
                await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant))
                found = await conn.fetchval("select id from users where nip = $1", admin["nip"])
                return str(found) if found else None
        finally:
            await conn.close()

    found = asyncio.run(user_id())
    if found is None:
        return None
    env["ALUR_PLATFORM_ADMINS"] = f"kaltim:{found}"
    return f"{admin['nip']}  {admin['name']} (kaltim)"


def app_start(profile: Profile, env: dict[str, str]) -> None:
    python = sys.executable
    commands = {
        "api": [
            python,
            "-m",
            "uvicorn",
            "alur.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(profile.api_port),
        ],
        "worker": [
            python,
            "-m",
            "dramatiq",
            "alur_workers.actors",
            "--processes",
            "1",
            "--threads",
            "4",
        ],
        "scheduler": [python, "-m", "alur_workers.scheduler"],
    }
    for name, argv in commands.items():
        if procs.read_pid(profile.run_dir / f"{name}.pid", argv[2]) is None:
            procs.start(name, argv, profile.run_dir, env=env, cwd=REPO_ROOT)
    procs.wait_for_port("127.0.0.1", profile.api_port, "API", profile.run_dir / "api.log")


def app_stop(profile: Profile) -> None:
    markers = {"api": "uvicorn", "worker": "dramatiq", "scheduler": "alur_workers.scheduler"}
    for name in APP_PROCESSES:
        procs.stop(name, profile.run_dir, markers[name])


def services_down(profile: Profile) -> None:
    procs.stop("smtp", profile.run_dir, "aiosmtpd")
    procs.stop("idp", profile.run_dir, "server.mjs")
    procs.stop("s3", profile.run_dir, "nanio")
    procs.stop("redis", profile.run_dir, "redis-server")
    services.postgres_stop(profile)
