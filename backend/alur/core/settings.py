"""One typed settings object, read from the environment once per process.

The real environment wins over any `.env` file; nothing secret has a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class DatabaseSettings:
    owner_url: str = field(default_factory=lambda: _env("ALUR_DATABASE_OWNER_URL"))
    """Migrations and provisioning: the role that owns the schema."""
    app_url: str = field(default_factory=lambda: _env("ALUR_DATABASE_APP_URL"))
    """Requests and jobs: a role that is neither owner, superuser nor BYPASSRLS."""
    pool_min: int = field(default_factory=lambda: int(_env("ALUR_DB_POOL_MIN", "1")))
    pool_max: int = field(default_factory=lambda: int(_env("ALUR_DB_POOL_MAX", "10")))


@dataclass(frozen=True)
class RedisSettings:
    url: str = field(default_factory=lambda: _env("REDIS_URL", "redis://127.0.0.1:6379/0"))
    prefix: str = field(default_factory=lambda: _env("ALUR_REDIS_PREFIX", "alur"))
    """Every key and the Dramatiq namespace start with this, so a shared Redis stays shared."""

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))


@dataclass(frozen=True)
class S3Settings:
    endpoint: str = field(default_factory=lambda: _env("S3_ENDPOINT", "127.0.0.1:9000"))
    access_key: str = field(default_factory=lambda: _env("S3_ACCESS_KEY"))
    secret_key: str = field(default_factory=lambda: _env("S3_SECRET_KEY"))
    secure: bool = field(default_factory=lambda: _flag("S3_SECURE", False))
    region: str = field(default_factory=lambda: _env("S3_REGION", "us-east-1"))
    bucket: str = field(default_factory=lambda: _env("S3_BUCKET", "alur"))


@dataclass(frozen=True)
class WebSettings:
    public_url: str = field(
        default_factory=lambda: _env("ALUR_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    )
    spa_dir: Path = field(
        default_factory=lambda: Path(_env("ALUR_SPA_DIR", str(REPO_ROOT / "frontend" / "dist")))
    )
    session_ttl_seconds: int = field(
        default_factory=lambda: int(_env("ALUR_SESSION_TTL_SECONDS", str(8 * 3600)))
    )
    secure_cookies: bool = field(default_factory=lambda: _flag("ALUR_SECURE_COOKIES", True))
    """Off only for plain-http local development."""


@dataclass(frozen=True)
class JobSettings:
    lease_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_JOB_LEASE_SECONDS", "120"))
    )
    """A sent or running job not finished within this is sent again (lost message, dead
    worker); jobs must be idempotent, and no job should run longer than this."""
    max_attempts: int = field(default_factory=lambda: int(_env("ALUR_JOB_MAX_ATTEMPTS", "10")))
    """Deliveries before a job is dead: with the 1 s doubling backoff (capped at 5 minutes)
    ten attempts ride out about eight minutes of an unreachable S3 or SMTP server."""
    backoff_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_JOB_BACKOFF_SECONDS", "1"))
    )
    """The first retry's wait; each further retry doubles it, up to 5 minutes."""
    relay_interval_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_RELAY_INTERVAL_SECONDS", "0.25"))
    )
    retention_days: float = field(
        default_factory=lambda: float(_env("ALUR_JOB_RETENTION_DAYS", "14"))
    )
    """Done jobs are deleted this long after they finished (dead ones are kept for the
    platform admin); an export's download link lives no longer than its job."""

    @property
    def time_limit_ms(self) -> int:
        """Each actor's Dramatiq time limit: well inside the lease, so a slow job is stopped
        before the relay would send it again while it still runs."""
        return int(self.lease_seconds * 1000 * 0.75)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = field(default_factory=lambda: _env("ALUR_SMTP_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("ALUR_SMTP_PORT", "1025")))
    sender: str = field(default_factory=lambda: _env("ALUR_SMTP_FROM", "alur@localhost"))
    username: str = field(default_factory=lambda: _env("ALUR_SMTP_USERNAME"))
    password: str = field(default_factory=lambda: _env("ALUR_SMTP_PASSWORD"))
    starttls: bool = field(default_factory=lambda: _flag("ALUR_SMTP_STARTTLS", False))
    timeout_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_SMTP_TIMEOUT_SECONDS", "10"))
    )


@dataclass(frozen=True)
class Rate:
    """At most `limit` requests per `window_seconds` (a fixed window, counted in Redis)."""

    limit: int
    window_seconds: int


def _rate(name: str, default: str) -> Rate:
    """`ALUR_RATE_X=<count>/<seconds>`, e.g. `30/60` for thirty a minute."""
    raw = _env(name, default).strip()
    count, _, seconds = raw.partition("/")
    try:
        rate = Rate(int(count), int(seconds))
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected <count>/<seconds>, e.g. 30/60") from None
    if rate.limit < 1 or rate.window_seconds < 1:
        raise ValueError(f"{name}={raw!r}: count and seconds must be at least 1")
    return rate


@dataclass(frozen=True)
class RateLimitSettings:
    """Defaults fit an office of a few hundred people who may all reach Alur through one
    NAT address: generous per address, tight only where guessing or cost is the concern."""

    scale: float = field(default_factory=lambda: float(_env("ALUR_RATE_SCALE", "1")))
    """Multiplies every limit below (e.g. 10 for a load test); never below one request."""
    login: Rate = field(default_factory=lambda: _rate("ALUR_RATE_LOGIN", "300/300"))
    """Per client address, counted separately for login starts and IdP callbacks."""
    token_failures: Rate = field(
        default_factory=lambda: _rate("ALUR_RATE_TOKEN_FAILURES", "10/900")
    )
    """Failed bearer-token checks per token id, before further tries get 429 unchecked."""
    token_failures_per_address: Rate = field(
        default_factory=lambda: _rate("ALUR_RATE_TOKEN_FAILURES_ADDRESS", "50/900")
    )
    uploads: Rate = field(default_factory=lambda: _rate("ALUR_RATE_UPLOADS", "60/600"))
    """Document uploads per user."""
    exports: Rate = field(default_factory=lambda: _rate("ALUR_RATE_EXPORTS", "20/600"))
    """Export jobs started per user."""
    imports: Rate = field(default_factory=lambda: _rate("ALUR_RATE_IMPORTS", "20/600"))
    """SOP document and book imports per user."""

    def scaled(self, rate: Rate) -> Rate:
        return Rate(max(1, round(rate.limit * self.scale)), rate.window_seconds)


@dataclass(frozen=True)
class Settings:
    env: str = field(default_factory=lambda: _env("ALUR_ENV", "dev"))
    tenants_dir: Path = field(
        default_factory=lambda: Path(_env("ALUR_TENANTS_DIR", str(REPO_ROOT / "tenants")))
    )
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    redis: RedisSettings = field(default_factory=RedisSettings)
    s3: S3Settings = field(default_factory=S3Settings)
    web: WebSettings = field(default_factory=WebSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    rate: RateLimitSettings = field(default_factory=RateLimitSettings)
    token_max_days: int = field(default_factory=lambda: int(_env("ALUR_TOKEN_MAX_DAYS", "90")))
    """The longest an integration token may live; a token asked for without an expiry gets
    this, so a forgotten token stops working on its own."""
    platform_admins: frozenset[str] = field(
        default_factory=lambda: frozenset(
            a.strip() for a in _env("ALUR_PLATFORM_ADMINS").split(",") if a.strip()
        )
    )
    """Who may see across tenants, as `<tenant slug>:<Alur user id>`: set by the operator,
    never by a tenant's IdP claims or a tenant admin's grants."""
    health_timeout_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_HEALTH_TIMEOUT_SECONDS", "3"))
    )
    secrets_key: str = field(default_factory=lambda: _env("ALUR_SECRETS_KEY"))
    """Seals secrets kept in the database (an office's IdP client secret). Comma-separated:
    the first seals, every one opens, so a key can be rotated (alur.core.secretbox)."""
    metrics_token: str = field(default_factory=lambda: _env("ALUR_METRICS_TOKEN"))
    """The bearer token a Prometheus scraper presents at /metrics; unset, /metrics is off."""
    idp_check_seconds: float = field(
        default_factory=lambda: float(_env("ALUR_IDP_CHECK_SECONDS", "60"))
    )
    """How often each API process asks every office's IdP for discovery (the IdP metric)."""
    worker_metrics_port: int = field(
        default_factory=lambda: int(_env("ALUR_WORKER_METRICS_PORT", "0") or "0")
    )
    """The port a worker serves its job metrics on (docs/operations.md); 0 or unset, none."""
    log_format: str = field(
        default_factory=lambda: _env(
            "ALUR_LOG_FORMAT", "text" if _env("ALUR_ENV", "dev") == "dev" else "json"
        )
    )
    """`json` (one object a line, the default outside dev) or `text` (for a developer)."""


# Every variable the code reads; deployment manifests are checked against this list.
ENVIRONMENT_VARIABLES: tuple[str, ...] = (
    "ALUR_ENV",
    "ALUR_TENANTS_DIR",
    "ALUR_DATABASE_OWNER_URL",
    "ALUR_DATABASE_APP_URL",
    "ALUR_DB_POOL_MIN",
    "ALUR_DB_POOL_MAX",
    "REDIS_URL",
    "ALUR_REDIS_PREFIX",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_SECURE",
    "S3_REGION",
    "S3_BUCKET",
    "ALUR_PUBLIC_URL",
    "ALUR_SPA_DIR",
    "ALUR_SESSION_TTL_SECONDS",
    "ALUR_SECURE_COOKIES",
    "ALUR_HEALTH_TIMEOUT_SECONDS",
    "ALUR_METRICS_TOKEN",
    "ALUR_SECRETS_KEY",
    "ALUR_IDP_CHECK_SECONDS",
    "ALUR_WORKER_METRICS_PORT",
    "ALUR_LOG_FORMAT",
    "ALUR_PLATFORM_ADMINS",
    "ALUR_JOB_LEASE_SECONDS",
    "ALUR_RELAY_INTERVAL_SECONDS",
    "ALUR_JOB_RETENTION_DAYS",
    "ALUR_JOB_BACKOFF_SECONDS",
    "ALUR_JOB_MAX_ATTEMPTS",
    "ALUR_SMTP_HOST",
    "ALUR_SMTP_PORT",
    "ALUR_SMTP_FROM",
    "ALUR_SMTP_USERNAME",
    "ALUR_SMTP_PASSWORD",
    "ALUR_SMTP_STARTTLS",
    "ALUR_SMTP_TIMEOUT_SECONDS",
    "ALUR_RATE_SCALE",
    "ALUR_RATE_LOGIN",
    "ALUR_RATE_TOKEN_FAILURES",
    "ALUR_RATE_TOKEN_FAILURES_ADDRESS",
    "ALUR_RATE_UPLOADS",
    "ALUR_RATE_EXPORTS",
    "ALUR_RATE_IMPORTS",
    "ALUR_TOKEN_MAX_DAYS",
    "ALUR_FAULTS",
)
"""Per-tenant variables (IdP issuer, client secret) are named in each tenant.yaml instead."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
