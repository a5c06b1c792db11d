"""The deployment descriptions are valid and agree with the code and with each other.

Nothing is built or run (no Docker engine, no cluster, no network). First the real validators,
installed from requirements.lock: every manifest in infra/k8s against the published Kubernetes
JSON schemas (`kubernetes-validate`, strict: an unknown field fails), docker-compose.yml against
the Compose Specification's schema (as vendored by `check-jsonschema`), the Dockerfiles through
BuildKit's own parser (`dockerfile`) and hadolint, `.dockerignore` through docker-py's matcher.
Then the drift checks: backend/alur/core/settings.py (ENVIRONMENT_VARIABLES) vs compose vs the
k8s ConfigMap/Secret vs .env.example, no literal secrets, the IdP realms (infra/keycloak) vs the
offices (tenants/*), commands and replicas. Every message names the file and the key.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dockerfile
import jsonschema
import kubernetes_validate
import pathspec
import pytest
import yaml
from docker.utils.build import PatternMatcher

from alur.core.settings import ENVIRONMENT_VARIABLES
from alur.domain.tenants.files import interpolate, load_tenants

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DOCKERIGNORE = REPO / ".dockerignore"
API_DOCKERFILE = REPO / "infra" / "docker" / "api.Dockerfile"
WEB_DOCKERFILE = REPO / "infra" / "docker" / "web.Dockerfile"
NGINX_CONF = REPO / "infra" / "docker" / "nginx.conf"
PG_INIT_DIR = REPO / "infra" / "docker" / "postgres-init"
KEYCLOAK_DIR = REPO / "infra" / "keycloak"
K8S_DIR = REPO / "infra" / "k8s"

# The oldest Kubernetes release the manifests support, and the newest the package bundles.
K8S_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
# hadolint rules not followed, with the reason.
HADOLINT_IGNORED = {
    "DL3008": "apt-get install tini unpinned: a pinned Debian version vanishes from the mirror",
}


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


# --- what the deployments must provide -----------------------------------------------------------

# Variables whose code default is fine in production. Everything else in ENVIRONMENT_VARIABLES
# must be set for every application container, so a variable added to settings fails this test
# until it is either deployed or listed here with a reason.
SAFE_DEFAULTS: dict[str, str] = {
    "ALUR_DB_POOL_MIN": "pool sizing; the default (1) suits every process",
    "ALUR_DB_POOL_MAX": "pool sizing; the default (10) is sane, README says how to size it",
    "S3_REGION": "us-east-1 is what MinIO and most S3 implementations accept",
    "ALUR_SESSION_TTL_SECONDS": "8 hours, one working day",
    "ALUR_SECURE_COOKIES": "defaults to true, the safe side",
    "ALUR_HEALTH_TIMEOUT_SECONDS": "3 s; the probes' timeouts are checked against it below",
    "ALUR_PLATFORM_ADMINS": "empty: no platform admin until the operator names one",
    "ALUR_JOB_LEASE_SECONDS": "120 s: longer than any job runs, short enough to recover fast",
    "ALUR_RELAY_INTERVAL_SECONDS": "0.25 s between outbox polls",
    "ALUR_JOB_RETENTION_DAYS": "14 days: done jobs are deleted after, dead ones kept",
    "ALUR_JOB_BACKOFF_SECONDS": "1 s first retry, doubling",
    "ALUR_JOB_MAX_ATTEMPTS": "10 attempts ride out about 8 minutes of an outage",
    "ALUR_SMTP_USERNAME": "empty: an unauthenticated office relay",
    "ALUR_SMTP_PASSWORD": "empty with the username",
    "ALUR_SMTP_STARTTLS": "off for a relay inside the office network; turn on otherwise",
    "ALUR_SMTP_TIMEOUT_SECONDS": "10 s",
    "ALUR_FAULTS": "test-only pause points; never set in production",
    "ALUR_RATE_SCALE": "1: the limits as documented in docs/security.md",
    "ALUR_RATE_LOGIN": "300 login starts (and callbacks) per 5 minutes per address",
    "ALUR_RATE_TOKEN_FAILURES": "10 failed token checks per 15 minutes per token",
    "ALUR_RATE_TOKEN_FAILURES_ADDRESS": "50 failed token checks per 15 minutes per address",
    "ALUR_RATE_UPLOADS": "60 document uploads per 10 minutes per user",
    "ALUR_RATE_EXPORTS": "20 export jobs per 10 minutes per user",
    "ALUR_RATE_IMPORTS": "20 SOP imports per 10 minutes per user",
    "ALUR_TOKEN_MAX_DAYS": "90 days, the longest an integration token lives",
    "ALUR_METRICS_TOKEN": "empty: /metrics is off until the operator gives scrapers a token",
    "ALUR_IDP_CHECK_SECONDS": "60 s between each process's checks of every office's IdP",
    "ALUR_WORKER_METRICS_PORT": "unset: no worker metrics port until the operator opens one",
    "ALUR_LOG_FORMAT": "json outside ALUR_ENV=dev, which is what production wants",
}
# Only the one-shot migration may hold the schema owner's credentials.
MIGRATE_ONLY: dict[str, str] = {
    "ALUR_DATABASE_OWNER_URL": "schema owner: migrations and grants, never the running app",
}
REQUIRED_APP_ENV: tuple[str, ...] = tuple(
    v for v in ENVIRONMENT_VARIABLES if v not in SAFE_DEFAULTS and v not in MIGRATE_ONLY
)
# Required whatever SAFE_DEFAULTS says: a guard against classifying one of them as optional.
MUST_BE_REQUIRED = (
    "ALUR_DATABASE_APP_URL",
    "REDIS_URL",
    "ALUR_REDIS_PREFIX",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_BUCKET",
    "ALUR_PUBLIC_URL",
)
# Read by uvicorn, not by settings: the proxies whose X-Forwarded-For the api believes.
PROXY_ENV = "FORWARDED_ALLOW_IPS"

ANY_IP = "0.0.0.0"  # noqa: S104 - a listen address, compared only
APP_SERVICES = ("api", "worker", "scheduler", "migrate")
EXPECTED_COMMANDS: dict[str, list[str]] = {
    "api": ["uvicorn", "alur.app:create_app", "--factory", "--host", ANY_IP, "--port", "8000"],
    "worker": ["dramatiq", "alur_workers.actors", "--processes", "2", "--threads", "4"],
    "scheduler": ["python", "-m", "alur_workers.scheduler"],
    "migrate": ["sh", "-c", "alur db migrate && alur tenants sync"],
}
# Environment variables the Alur code does not read but a container needs, by compose service.
ALLOWED_EXTRA_ENV: dict[str, dict[str, str]] = {
    "postgres": {
        "POSTGRES_PASSWORD": "superuser password, read by the postgres image's entrypoint",
        "ALUR_DB_OWNER_PASSWORD": "read by infra/docker/postgres-init/10-alur-roles.sh",
        "ALUR_DB_APP_PASSWORD": "read by infra/docker/postgres-init/10-alur-roles.sh",
    },
    "redis": {"REDISCLI_AUTH": "redis-cli in the healthcheck authenticates with it"},
    "minio": {
        "MINIO_ROOT_USER": "read by the minio image",
        "MINIO_ROOT_PASSWORD": "read by the minio image",
    },
    "minio-init": {
        "MINIO_ROOT_USER": "read by infra/docker/minio-init.sh",
        "MINIO_ROOT_PASSWORD": "read by infra/docker/minio-init.sh",
    },
    "keycloak": {
        "KC_BOOTSTRAP_ADMIN_USERNAME": "Keycloak's initial admin",
        "KC_BOOTSTRAP_ADMIN_PASSWORD": "Keycloak's initial admin",
        "KC_HOSTNAME": "one issuer URL for the browser and the API",
        "KC_HEALTH_ENABLED": "/health/ready for the compose healthcheck",
    },
    "api": {PROXY_ENV: "read by uvicorn"},
}
# ENV in Dockerfiles that the code does not read.
ALLOWED_DOCKERFILE_ENV: dict[str, str] = {
    "PATH": "puts /opt/venv/bin first",
    "PYTHONUNBUFFERED": "logs reach the container runtime at once",
    "PYTHONDONTWRITEBYTECODE": "read-only root filesystem in Kubernetes",
    "PIP_NO_CACHE_DIR": "build stage only: smaller layers",
    "PIP_DISABLE_PIP_VERSION_CHECK": "build stage only: no network check",
}
SECRET_NAME_RE = re.compile(r"(SECRET|PASSWORD|PASSWD|TOKEN|_AUTH$)")
# Credentials whose names do not say so: k8s takes them from the Secret too.
CREDENTIALS = {"ALUR_DATABASE_OWNER_URL", "ALUR_DATABASE_APP_URL", "REDIS_URL", "S3_ACCESS_KEY"}
# Compose interpolation (${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?err}, ${NAME?err}):
# no package implements it, so this one expression does.
COMPOSE_VAR_RE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
PURE_REQUIRED_REF_RE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}")
# Keycloak realm import placeholders: ${NAME} or ${NAME:default}.
KEYCLOAK_VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}")
URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"]+")
K8S_SECRET_NAME = "alur-secrets"
K8S_APP_IMAGE = "alur"
K8S_WORKLOADS = {
    "api": ("Deployment", "alur-api"),
    "worker": ("Deployment", "alur-worker"),
    "scheduler": ("Deployment", "alur-scheduler"),
    "migrate": ("Job", "alur-migrate"),
}


def _credential(name: str) -> bool:
    return bool(SECRET_NAME_RE.search(name)) or name in CREDENTIALS


# --- the offices ---------------------------------------------------------------------------------


class _Asked(dict[str, str]):
    """An empty environment that notes which names interpolate() looks up."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __contains__(self, key: object) -> bool:
        self.names.append(str(key))
        return False


def _placeholder(value: str) -> tuple[str, str | None]:
    """The variable a tenant.yaml value reads and its default, by the app's own interpolate()."""
    env = _Asked()
    try:
        default: str | None = interpolate(value, env)
    except KeyError:
        default = None
    assert len(env.names) == 1, f"tenants/*/tenant.yaml: {value!r} is not one ${{VAR:-default}}"
    return env.names[0], default


TENANTS = {b.tenant.slug: b.tenant for b in load_tenants(REPO / "tenants")}
TENANT_ISSUER_ENV = {s: _placeholder(t.idp.issuer)[0] for s, t in TENANTS.items()}
TENANT_CLIENT_ID = {s: _placeholder(t.idp.client_id) for s, t in TENANTS.items()}
TENANT_SECRET_ENV = {s: t.idp.client_secret_env for s, t in TENANTS.items()}
TENANT_ENV = frozenset(
    [*TENANT_ISSUER_ENV.values(), *(v for v, _ in TENANT_CLIENT_ID.values())]
) | frozenset(TENANT_SECRET_ENV.values())
KNOWN_ENV = frozenset(ENVIRONMENT_VARIABLES) | TENANT_ENV

# --- docker-compose.yml --------------------------------------------------------------------------


def _interpolated(node: Any, required: str = "x") -> Any:
    """The file as compose sees it with no .env: defaults taken, required values `required`."""

    def value(m: re.Match[str]) -> str:
        return (m.group(3) or "") if m.group(2) in (":-", "-") else required

    return json.loads(COMPOSE_VAR_RE.sub(value, json.dumps(node)).replace("$$", "$"))


COMPOSE_RAW: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
COMPOSE_DATA: dict[str, Any] = _interpolated(COMPOSE_RAW)
COMPOSE_REFS = list(COMPOSE_VAR_RE.finditer(json.dumps(COMPOSE_RAW)))  # comments excluded
SERVICES: dict[str, dict[str, Any]] = COMPOSE_DATA["services"]


def _env(service: str, *, raw: bool = False) -> dict[str, str]:
    env = (COMPOSE_RAW if raw else COMPOSE_DATA)["services"][service].get("environment") or {}
    assert isinstance(env, dict), f"{_rel(COMPOSE)}: services.{service}.environment: use a map"
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _depends_on(service: str) -> dict[str, str]:
    deps = SERVICES[service].get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {k: (v or {}).get("condition", "service_started") for k, v in deps.items()}


# --- Dockerfiles ---------------------------------------------------------------------------------


def _stages(path: Path) -> dict[str, list[dockerfile.Command]]:
    """Instructions by stage name, in order, as BuildKit's parser reads them."""
    stages: dict[str, list[dockerfile.Command]] = {}
    current: list[dockerfile.Command] = []
    for cmd in dockerfile.parse_file(str(path)):
        if cmd.cmd == "FROM":
            current = stages.setdefault(cmd.value[2] if len(cmd.value) > 2 else cmd.value[0], [])
        current.append(cmd)
    return stages


def _stage_env(stage: list[dockerfile.Command]) -> dict[str, str]:
    env: dict[str, str] = {}
    for cmd in stage:
        if cmd.cmd == "ENV":
            env.update(zip(cmd.value[::2], cmd.value[1::2], strict=True))
    return env


API_STAGES = _stages(API_DOCKERFILE)
IMAGE_ENV = _stage_env(list(API_STAGES.values())[-1])

# --- infra/k8s -----------------------------------------------------------------------------------

K8S_FILES = sorted(p for p in K8S_DIR.glob("*.yaml") if p.name != "kustomization.yaml")
K8S_DOCS: list[tuple[str, dict[str, Any]]] = [
    (f"{_rel(path)}[{i}] {doc['kind']}/{doc['metadata']['name']}", doc)
    for path in K8S_FILES
    for i, doc in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    if doc
]


def _k8s(kind: str, name: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [
        (w, d)
        for w, d in K8S_DOCS
        if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)
    ]


CONFIG_MAP: dict[str, str] = {
    k: str(v) for k, v in _k8s("ConfigMap", "alur-config")[0][1]["data"].items()
}


def _workload(component: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(where, object, the container named after the component)."""
    found = _k8s(*K8S_WORKLOADS[component])
    assert len(found) == 1, f"{_rel(K8S_DIR)}: expected one {'/'.join(K8S_WORKLOADS[component])}"
    where, doc = found[0]
    containers = [
        c for c in doc["spec"]["template"]["spec"]["containers"] if c["name"] == component
    ]
    assert len(containers) == 1, f"{where}: no container named {component!r}"
    return f"{where}: containers.{component}", doc, containers[0]


def _k8s_env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """name -> the env entry (ConfigMap values as {"value": ...}), envFrom expanded."""
    env: dict[str, dict[str, Any]] = {}
    for source in container.get("envFrom") or []:
        assert "configMapRef" in source, "envFrom: only ConfigMaps; name secret keys one by one"
        env.update({k: {"value": v} for k, v in CONFIG_MAP.items()})
    env.update({e["name"]: e for e in container.get("env") or []})
    return env


def _health_limit(value: str | None) -> float:
    return float(value or 3)  # the settings default


# === the real validators =========================================================================


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize(("where", "doc"), K8S_DOCS, ids=[w for w, _ in K8S_DOCS])
def test_k8s_manifest_matches_the_kubernetes_schema(
    where: str, doc: dict[str, Any], version: str
) -> None:
    try:
        kubernetes_validate.validate(doc, version, strict=True)
    except kubernetes_validate.ValidationError as e:
        path = ".".join(str(p) for p in e.path)
        pytest.fail(f"{where}: {path}: {e.message} (Kubernetes {version} schema)")


def test_compose_matches_the_compose_specification() -> None:
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads(vendor.joinpath("compose-spec.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(COMPOSE_DATA)]
    assert not errors, f"{_rel(COMPOSE)} breaks the Compose Specification:\n" + "\n".join(errors)
    # What the schema cannot see and `docker compose config` would refuse.
    for name, svc in SERVICES.items():
        for target, condition in _depends_on(name).items():
            where = f"{_rel(COMPOSE)}: services.{name}.depends_on.{target}"
            assert target in SERVICES, f"{where}: no such service"
            if condition == "service_healthy":
                assert "healthcheck" in SERVICES[target], f"{where}: {target} has no healthcheck"
        if (svc.get("deploy") or {}).get("replicas", 1) > 1:
            assert not svc.get("ports"), (
                f"{_rel(COMPOSE)}: services.{name}: several replicas cannot publish one host port"
            )
            assert "container_name" not in svc, f"{_rel(COMPOSE)}: services.{name}.container_name"


@pytest.mark.parametrize("path", [API_DOCKERFILE, WEB_DOCKERFILE], ids=lambda p: p.name)
def test_dockerfile_passes_hadolint(path: Path) -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    assert hadolint, "hadolint is missing: `bash infra/install.sh` installs requirements.lock"
    ignores = [a for rule in HADOLINT_IGNORED for a in ("--ignore", rule)]
    out = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "info", *ignores, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, f"hadolint {_rel(path)}:\n{out.stdout}{out.stderr}"


@pytest.mark.parametrize("path", [API_DOCKERFILE, WEB_DOCKERFILE], ids=lambda p: p.name)
def test_dockerfile_copies_what_the_build_context_has(path: Path) -> None:
    ignored = PatternMatcher(
        [
            ln.strip()
            for ln in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        ]
    )
    stages = _stages(path)
    for stage in stages.values():
        for cmd in stage:
            if cmd.cmd not in ("COPY", "ADD"):
                continue
            where = f"{_rel(path)}:{cmd.start_line}: {cmd.original}"
            source_stage = [f.split("=", 1)[1] for f in cmd.flags if f.startswith("--from=")]
            if source_stage:
                assert source_stage[0] in stages, f"{where}: no such stage"
                continue
            for source in cmd.value[:-1]:
                assert list(REPO.glob(source.rstrip("/"))), (
                    f"{where}: {source} not in the repository"
                )
                assert not ignored.matches(source.rstrip("/")), (
                    f"{where}: {source} is excluded by {_rel(DOCKERIGNORE)}"
                )


# === settings vs compose vs k8s vs .env.example ==================================================


def test_env_classification_is_current() -> None:
    for name in (*SAFE_DEFAULTS, *MIGRATE_ONLY, *MUST_BE_REQUIRED):
        assert name in ENVIRONMENT_VARIABLES, (
            f"{Path(__file__).name}: {name} is classified here but no longer in "
            "alur.core.settings.ENVIRONMENT_VARIABLES"
        )
    for name in MUST_BE_REQUIRED:
        assert name in REQUIRED_APP_ENV, (
            f"{Path(__file__).name}: SAFE_DEFAULTS must not list {name}"
        )


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_app_env_is_complete(service: str) -> None:
    env = {**IMAGE_ENV, **_env(service)}
    required = [*REQUIRED_APP_ENV, *sorted(TENANT_ENV)]
    required += list(MIGRATE_ONLY) if service == "migrate" else []
    for name in required:
        assert env.get(name), (
            f"{_rel(COMPOSE)}: services.{service}.environment.{name} missing or empty "
            f"(nor set by {_rel(API_DOCKERFILE)})"
        )
    if service != "migrate":
        for name in MIGRATE_ONLY:
            assert name not in env, (
                f"{_rel(COMPOSE)}: services.{service}.environment.{name}: only migrate"
            )


@pytest.mark.parametrize("component", list(K8S_WORKLOADS))
def test_k8s_workload_env(component: str) -> None:
    where, _, container = _workload(component)
    env = _k8s_env(container)
    required = [*REQUIRED_APP_ENV, *sorted(TENANT_ENV)]
    required += list(MIGRATE_ONLY) if component == "migrate" else []
    for name in required:
        assert name in env or name in IMAGE_ENV, (
            f"{where}.env.{name} missing (nor in the ConfigMap or image)"
        )
    for name, entry in env.items():
        if name in MIGRATE_ONLY:
            assert component == "migrate", f"{where}.env.{name}: only the migrate Job may have it"
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
        if _credential(name):
            assert ref == {"name": K8S_SECRET_NAME, "key": name}, (
                f"{where}.env.{name} must come from secretKeyRef {K8S_SECRET_NAME}/{name}"
            )
        else:
            assert ref is None, f"{where}.env.{name} is not a secret: put it in the ConfigMap"


def test_env_names_are_read_by_something() -> None:
    for service in SERVICES:
        allowed = ALLOWED_EXTRA_ENV.get(service, {})
        for name in _env(service):
            assert name in KNOWN_ENV or name in allowed, (
                f"{_rel(COMPOSE)}: services.{service}.environment.{name}: not in "
                "ENVIRONMENT_VARIABLES nor tenants/*/tenant.yaml (a typo?); if the image needs "
                f"it, add it to ALLOWED_EXTRA_ENV[{service!r}] with a reason"
            )
    for name in CONFIG_MAP:
        assert name in KNOWN_ENV or name == PROXY_ENV, (
            f"{_rel(K8S_DIR / 'configmap.yaml')}: data.{name}: not read by the code (a typo?)"
        )
    for path in (API_DOCKERFILE, WEB_DOCKERFILE):
        for stage_name, stage in _stages(path).items():
            for name in _stage_env(stage):
                assert name in KNOWN_ENV or name in ALLOWED_DOCKERFILE_ENV, (
                    f"{_rel(path)}: ENV {name} (stage {stage_name}): not read by the code; add "
                    "it to ALLOWED_DOCKERFILE_ENV with a reason if it is needed"
                )


def test_env_example_matches_compose() -> None:
    required = {m.group(1) for m in COMPOSE_REFS if m.group(2) in (":?", "?")}
    example: dict[str, tuple[str, bool]] = {}  # name -> (value, commented out)
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r"(#\s*)?([A-Z][A-Z0-9_]*)=(.*)", line.strip()):
            example[m.group(2)] = (m.group(3), bool(m.group(1)))
    for name in sorted(required):
        assert example.get(name) == ("", False), (
            f"{_rel(ENV_EXAMPLE)}: {name} (required by {_rel(COMPOSE)}) must be listed, "
            f"uncommented and empty; found {example.get(name)!r}"
        )
    for name in example:
        assert name in {m.group(1) for m in COMPOSE_REFS}, (
            f"{_rel(ENV_EXAMPLE)}: {name} is not used by {_rel(COMPOSE)}"
        )


@pytest.mark.parametrize("component", APP_SERVICES)
def test_commands_agree(component: str) -> None:
    expected = EXPECTED_COMMANDS[component]
    svc = COMPOSE_RAW["services"][component]
    assert "entrypoint" not in svc, f"{_rel(COMPOSE)}: services.{component}.entrypoint: keep tini"
    assert svc.get("command") == expected, f"{_rel(COMPOSE)}: services.{component}.command"
    where, _, container = _workload(component)
    assert "command" not in container, f"{where}.command: use args, keep the image's tini"
    assert [str(a) for a in container.get("args") or []] == expected, f"{where}.args"
    if component == "api":
        final = list(API_STAGES.values())[-1]
        cmd = [c for c in final if c.cmd == "CMD"][-1]
        assert list(cmd.value) == expected, f"{_rel(API_DOCKERFILE)}: CMD"


# === secrets ======================================================================================


def test_compose_has_no_literal_secrets() -> None:
    required = "REQUIRED-FROM-ENV"
    for service, svc in COMPOSE_RAW["services"].items():
        for key, value in _env(service, raw=True).items():
            where = f"{_rel(COMPOSE)}: services.{service}.environment.{key}"
            if SECRET_NAME_RE.search(key):
                assert PURE_REQUIRED_REF_RE.fullmatch(value), (
                    f"{where}: must be exactly a required ${{VAR:?message}}, got {value!r}"
                )
            for url in URL_RE.findall(_interpolated(value, required)):
                assert urlsplit(url).password in (None, required), (
                    f"{where}: the password in {value!r} must be a ${{VAR:?...}} reference"
                )
        argv = [str(a) for a in svc.get("command") or []]
        for flag, value in itertools.pairwise(argv):
            if flag.startswith("--") and re.search(r"pass|secret|token", flag, re.IGNORECASE):
                assert PURE_REQUIRED_REF_RE.fullmatch(value), (
                    f"{_rel(COMPOSE)}: services.{service}.command {flag}: use ${{VAR:?...}}"
                )
    for m in COMPOSE_REFS:
        if SECRET_NAME_RE.search(m.group(1)):
            assert m.group(2) in (":?", "?"), (
                f"{_rel(COMPOSE)}: ${{{m.group(1)}...}} must be required (:?), not defaulted"
            )


def test_k8s_has_no_literal_secrets() -> None:
    for where, doc in K8S_DOCS:
        if doc["kind"] == "Secret":
            for section in ("data", "stringData"):
                for key, value in (doc.get(section) or {}).items():
                    assert "REPLACE_ME" in str(value), (
                        f"{where}: {section}.{key}: only REPLACE_ME in git"
                    )
        for url in URL_RE.findall(json.dumps(doc)):
            assert urlsplit(url).password is None, f"{where}: credentials in {url!r}"
    for key in CONFIG_MAP:
        assert not _credential(key), (
            f"{_rel(K8S_DIR / 'configmap.yaml')}: data.{key}: use {K8S_SECRET_NAME}"
        )


def test_k8s_secret_keys_are_documented() -> None:
    readme = (K8S_DIR / "README.md").read_text(encoding="utf-8")
    keys = {
        ref["key"]
        for component in K8S_WORKLOADS
        for entry in _k8s_env(_workload(component)[2]).values()
        if (ref := (entry.get("valueFrom") or {}).get("secretKeyRef"))
    }
    assert keys >= set(TENANT_SECRET_ENV.values()), f"{_rel(K8S_DIR)}: tenant client secrets"
    for key in sorted(keys):
        assert f"`{key}`" in readme, f"{_rel(K8S_DIR / 'README.md')}: Secret key {key} undocumented"


def test_env_file_stays_out_of_git_and_images() -> None:
    gitignore = pathspec.GitIgnoreSpec.from_lines((REPO / ".gitignore").read_text().splitlines())
    assert gitignore.match_file(".env"), ".gitignore: `.env` must be ignored"
    patterns = [ln.strip() for ln in DOCKERIGNORE.read_text().splitlines() if ln.strip()]
    assert PatternMatcher(patterns).matches(".env"), (
        f"{_rel(DOCKERIGNORE)}: `.env` must be excluded"
    )


# === compose wiring ==============================================================================


def test_compose_app_services() -> None:
    for name, svc in SERVICES.items():
        if "build" not in svc:
            tag = svc["image"].rsplit("/", 1)[-1].partition(":")[2]
            assert tag not in ("", "latest"), f"{_rel(COMPOSE)}: services.{name}.image is unpinned"
    for name in APP_SERVICES:
        svc, where = SERVICES[name], f"{_rel(COMPOSE)}: services.{name}"
        assert REPO / svc["build"]["context"] / svc["build"]["dockerfile"] == API_DOCKERFILE, (
            f"{where}.build"
        )
        assert svc["image"].split(":")[0] == K8S_APP_IMAGE, (
            f"{where}.image: the name infra/k8s uses"
        )
        deps = _depends_on(name)
        assert deps.get("postgres") == "service_healthy", f"{where}.depends_on.postgres"
        if name == "migrate":
            assert svc.get("restart") == "no", f'{where}.restart must be "no" (one-shot)'
        else:
            assert deps.get("migrate") == "service_completed_successfully", (
                f"{where}.depends_on.migrate"
            )
            assert deps.get("redis") == "service_healthy", f"{where}.depends_on.redis"
    for name in ("worker", "scheduler"):
        replicas = (SERVICES[name].get("deploy") or {}).get("replicas", 1)
        assert replicas >= 2, f"{_rel(COMPOSE)}: services.{name}.deploy.replicas must be >= 2"


def test_compose_urls_name_compose_services() -> None:
    for service in SERVICES:
        for key, value in _env(service).items():
            where = f"{_rel(COMPOSE)}: services.{service}.environment.{key}"
            if key == "ALUR_PUBLIC_URL":  # the browser's address
                assert urlsplit(value).hostname in {"localhost", "127.0.0.1"}, where
                published = {
                    str(p).split(":")[-2] for s in ("api", "web") for p in SERVICES[s]["ports"]
                }
                assert str(urlsplit(value).port or 80) in published, f"{where}: port not published"
                continue
            for url in URL_RE.findall(value):
                assert urlsplit(url).hostname in SERVICES, f"{where}: {url!r} names no service"
            if key == "S3_ENDPOINT":
                assert value.rsplit(":", 1)[0] in SERVICES, f"{where}: host:port of a service"


def test_compose_database_roles() -> None:
    owner = urlsplit(_env("migrate")["ALUR_DATABASE_OWNER_URL"])
    app = urlsplit(_env("api")["ALUR_DATABASE_APP_URL"])
    where = f"{_rel(COMPOSE)}: ALUR_DATABASE_APP_URL / ALUR_DATABASE_OWNER_URL"
    assert app.username, f"{where}: name their users"
    assert owner.username, f"{where}: name their users"
    assert len({app.username, owner.username, "postgres"}) == 3, (
        f"{where}: two roles, neither superuser"
    )
    assert app.path == owner.path, f"{where}: different databases"
    for other in ("worker", "scheduler", "migrate"):
        assert _env(other)["ALUR_DATABASE_APP_URL"] == _env("api")["ALUR_DATABASE_APP_URL"], other
    mount = f"./{_rel(PG_INIT_DIR)}:/docker-entrypoint-initdb.d:ro"
    assert mount in SERVICES["postgres"]["volumes"], f"{_rel(COMPOSE)}: postgres lacks {mount}"
    sql = " ".join(" ".join(p.read_text().split()) for p in sorted(PG_INIT_DIR.glob("*.sh")))
    app_role = re.search(rf"CREATE ROLE {app.username}\b([^;]*);", sql)
    assert app_role, f"{_rel(PG_INIT_DIR)}: no CREATE ROLE {app.username}"
    for attribute in ("LOGIN", "NOSUPERUSER", "NOBYPASSRLS", "NOCREATEROLE"):
        assert attribute in app_role.group(1).split(), (
            f"{_rel(PG_INIT_DIR)}: {app.username} lacks {attribute}"
        )
    assert f"CREATE DATABASE {app.path.lstrip('/')} OWNER {owner.username}" in sql, _rel(
        PG_INIT_DIR
    )


def test_forwarded_allow_ips() -> None:
    # compose: the api believes the `web` proxy only, at its fixed address in the fixed subnet.
    trusted = _env("api").get(PROXY_ENV)
    web_ip = (SERVICES["web"].get("networks") or {}).get("default", {}).get("ipv4_address")
    assert trusted == web_ip, (
        f"{_rel(COMPOSE)}: services.api.environment.{PROXY_ENV}={trusted!r} must be web's "
        f"networks.default.ipv4_address ({web_ip!r})"
    )
    subnets = [c["subnet"] for c in COMPOSE_DATA["networks"]["default"]["ipam"]["config"]]
    assert any(ipaddress.ip_address(web_ip) in ipaddress.ip_network(s) for s in subnets), (
        f"{_rel(COMPOSE)}: web's address {web_ip} is outside networks.default's subnets"
    )
    for service in SERVICES:
        assert service == "api" or PROXY_ENV not in _env(service), f"{service}: only the api"
    assert "X-Forwarded-For" in NGINX_CONF.read_text(), f"{_rel(NGINX_CONF)}: X-Forwarded-For"
    # k8s: the ingress controller's network, never everyone.
    value = CONFIG_MAP.get(PROXY_ENV, "")
    assert "*" not in value, f"{_rel(K8S_DIR / 'configmap.yaml')}: data.{PROXY_ENV} trusts everyone"
    networks = [ipaddress.ip_network(v.strip()) for v in value.split(",") if v.strip()]
    assert networks, f"{_rel(K8S_DIR / 'configmap.yaml')}: data.{PROXY_ENV} missing"
    assert all(n.prefixlen > 0 for n in networks), f"data.{PROXY_ENV}={value!r} trusts everyone"
    assert PROXY_ENV in _k8s_env(_workload("api")[2]), (
        f"{_rel(K8S_DIR / 'api.yaml')}: no {PROXY_ENV}"
    )


def test_compose_api_healthcheck_is_readiness() -> None:
    check = SERVICES["api"]["healthcheck"]
    assert "/health/ready" in " ".join(check["test"]), f"{_rel(COMPOSE)}: api healthcheck"
    timeout = float(check["timeout"].removesuffix("s"))
    limit = _health_limit(_env("api").get("ALUR_HEALTH_TIMEOUT_SECONDS"))
    assert timeout > limit, f"{_rel(COMPOSE)}: api healthcheck.timeout must exceed {limit}s"


# === IdP realms vs offices =======================================================================


def test_realms_are_the_offices() -> None:
    realms = {}
    for path in sorted(KEYCLOAK_DIR.glob("*.json")):
        realms[json.loads(path.read_text())["realm"]] = path.name
    assert set(realms) == set(TENANTS), (
        f"{_rel(KEYCLOAK_DIR)}: realms {sorted(realms)} vs offices {sorted(TENANTS)}"
    )
    for slug, name in realms.items():
        assert name == f"{slug}-realm.json", (
            f"{_rel(KEYCLOAK_DIR)}/{name}: name it {slug}-realm.json"
        )


@pytest.mark.parametrize("slug", sorted(TENANTS))
def test_keycloak_realm(slug: str) -> None:
    path = KEYCLOAK_DIR / f"{slug}-realm.json"
    realm, where = json.loads(path.read_text()), _rel(path)
    for i, user in enumerate(realm.get("users") or []):
        assert not user.get("credentials"), f"{where}: users[{i}].credentials: no passwords in git"
    client_id = TENANT_CLIENT_ID[slug][1]
    clients = [c for c in realm.get("clients") or [] if c.get("clientId") == client_id]
    assert len(clients) == 1, f"{where}: no client {client_id!r} (tenants/{slug}/tenant.yaml)"
    client, cwhere = clients[0], f"{where}: clients[{client_id}]"
    wanted = {
        "secret": f"${{{TENANT_SECRET_ENV[slug]}}}",  # the placeholder, never a literal
        "publicClient": False,
        "standardFlowEnabled": True,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": False,
    }
    assert {k: client.get(k) for k in wanted} == wanted, cwhere
    assert client["attributes"].get("pkce.code.challenge.method") == "S256", f"{cwhere}: PKCE"
    assert client["redirectUris"], f"{cwhere}.redirectUris is empty"
    for uri in client["redirectUris"]:
        assert uri.endswith(f"/auth/{slug}/callback"), f"{cwhere}.redirectUris: {uri!r}"
        assert "*" not in uri, f"{cwhere}.redirectUris: {uri!r}"
    scopes = {s["name"]: s for s in realm.get("clientScopes") or []}
    assigned = [*client.get("defaultClientScopes", []), *client.get("optionalClientScopes", [])]
    for name in TENANTS[slug].idp.scopes:
        assert name == "openid" or name in assigned, f"{cwhere}: scope {name!r} not assigned"
    mappers = [
        m
        for n in client.get("defaultClientScopes", [])
        for m in scopes[n].get("protocolMappers", [])
    ]
    mappers += client.get("protocolMappers", [])
    claims = {"oidc-full-name-mapper": "name", "oidc-sub-mapper": "sub"}
    emitted = {
        claims.get(m["protocolMapper"]) or m.get("config", {}).get("claim.name") for m in mappers
    }
    for claim in sorted(set(TENANTS[slug].idp.claims.values())):
        assert claim in emitted, (
            f"{cwhere}: no default-scope mapper emits {claim!r} (tenant.yaml idp.claims)"
        )


def test_compose_keycloak_matches_the_realms_and_the_app() -> None:
    kc, where = SERVICES["keycloak"], f"{_rel(COMPOSE)}: services.keycloak"
    assert "--import-realm" in kc["command"], f"{where}.command lacks --import-realm"
    assert f"./{_rel(KEYCLOAK_DIR)}:/opt/keycloak/data/import:ro" in kc["volumes"], (
        f"{where}.volumes"
    )
    kc_env, api_env = _env("keycloak"), _env("api")
    for path in sorted(KEYCLOAK_DIR.glob("*.json")):
        for m in KEYCLOAK_VAR_RE.finditer(path.read_text()):
            name = m.group(1)
            assert name in kc_env or m.group(2) is not None, (
                f"{where}.environment.{name} ({path.name})"
            )
            assert api_env.get(name, kc_env.get(name)) == kc_env.get(name), (
                f"{where}.environment.{name} != api's"
            )
    for slug in TENANTS:
        issuer = api_env.get(TENANT_ISSUER_ENV[slug])
        assert issuer == f"{kc_env['KC_HOSTNAME']}/realms/{slug}", (
            f"{_rel(COMPOSE)}: services.api.environment.{TENANT_ISSUER_ENV[slug]}={issuer!r}: "
            "not the realm at KC_HOSTNAME"
        )
        client_var, default = TENANT_CLIENT_ID[slug]
        realm = json.loads((KEYCLOAK_DIR / f"{slug}-realm.json").read_text())
        assert api_env.get(client_var, default) in {c["clientId"] for c in realm["clients"]}, (
            f"{_rel(COMPOSE)}: services.api.environment.{client_var} is no client of realm {slug}"
        )


# === Kubernetes wiring ===========================================================================


def test_k8s_kustomization_lists_every_manifest() -> None:
    path = K8S_DIR / "kustomization.yaml"
    kust = yaml.safe_load(path.read_text())
    assert sorted(kust["resources"]) == sorted(p.name for p in K8S_FILES), (
        f"{_rel(path)}: resources"
    )
    assert K8S_APP_IMAGE in {i["name"] for i in kust.get("images") or []}, f"{_rel(path)}: images"


def test_k8s_config_map_is_for_production() -> None:
    where = _rel(K8S_DIR / "configmap.yaml")
    assert CONFIG_MAP.get("ALUR_ENV") == "production", f"{where}: data.ALUR_ENV"
    assert CONFIG_MAP.get("S3_SECURE") == "true", f"{where}: data.S3_SECURE"
    assert CONFIG_MAP.get("ALUR_SECURE_COOKIES", "true") == "true", (
        f"{where}: data.ALUR_SECURE_COOKIES"
    )
    for name in ["ALUR_PUBLIC_URL", *TENANT_ISSUER_ENV.values()]:
        assert urlsplit(CONFIG_MAP.get(name, "")).scheme == "https", f"{where}: data.{name}"
    hosts = {r["host"] for _, ing in _k8s("Ingress") for r in ing["spec"]["rules"]}
    assert urlsplit(CONFIG_MAP["ALUR_PUBLIC_URL"]).hostname in hosts, (
        f"{where}: ALUR_PUBLIC_URL host"
    )


@pytest.mark.parametrize("component", list(K8S_WORKLOADS))
def test_k8s_pod_security(component: str) -> None:
    where, doc, container = _workload(component)
    sec = container.get("securityContext") or {}
    assert sec.get("runAsNonRoot") or doc["spec"]["template"]["spec"]["securityContext"].get(
        "runAsNonRoot"
    ), where
    assert sec.get("allowPrivilegeEscalation") is False, (
        f"{where}.securityContext.allowPrivilegeEscalation"
    )
    assert "ALL" in sec.get("capabilities", {}).get("drop", []), (
        f"{where}.securityContext.capabilities"
    )
    assert container.get("resources", {}).get("requests", {}).get("cpu"), (
        f"{where}.resources.requests.cpu"
    )
    assert str(container["image"]).split(":")[0] == K8S_APP_IMAGE, f"{where}.image"


def test_k8s_api_probes_service_and_ingress() -> None:
    where, doc, container = _workload("api")
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    api_port = int(EXPECTED_COMMANDS["api"][-1])
    for probe, path in (("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
        get = container[probe]["httpGet"]
        assert get["path"] == path, f"{where}.{probe}.httpGet.path"
        assert ports.get(get["port"], get["port"]) == api_port, f"{where}.{probe}.httpGet.port"
    limit = _health_limit(_k8s_env(container).get("ALUR_HEALTH_TIMEOUT_SECONDS", {}).get("value"))
    assert container["readinessProbe"].get("timeoutSeconds", 1) > limit, (
        f"{where}.readinessProbe.timeoutSeconds"
    )
    labels = doc["spec"]["template"]["metadata"]["labels"]
    services = [
        (w, s) for w, s in _k8s("Service") if s["spec"]["selector"].items() <= labels.items()
    ]
    assert len(services) == 1, f"{_rel(K8S_DIR)}: one Service must select the api pods"
    swhere, svc = services[0]
    for p in svc["spec"]["ports"]:
        assert ports.get(p["targetPort"], p["targetPort"]) == api_port, f"{swhere}: targetPort"
    for iwhere, ing in _k8s("Ingress"):
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] == svc["metadata"]["name"], f"{iwhere}: backend"
                assert backend["port"].get("name") in {
                    p.get("name") for p in svc["spec"]["ports"]
                }, iwhere


@pytest.mark.parametrize("component", ["api", "worker", "scheduler"])
def test_k8s_replicas_and_rolling_updates(component: str) -> None:
    """Two of everything, rolled one new pod at a time, kept through drains (issue #16)."""
    where, doc, _ = _workload(component)
    spec, name = doc["spec"], doc["metadata"]["name"]
    assert spec.get("replicas", 1) >= 2, f"{where}: spec.replicas must be >= 2"
    strategy = spec.get("strategy") or {}
    assert strategy.get("type") == "RollingUpdate", f"{where}: spec.strategy.type"
    assert strategy.get("rollingUpdate", {}).get("maxUnavailable") == 0, f"{where}: maxUnavailable"
    labels = spec["template"]["metadata"]["labels"]
    pdbs = [
        p
        for _, p in _k8s("PodDisruptionBudget")
        if p["spec"]["selector"]["matchLabels"].items() <= labels.items()
    ]
    assert pdbs, f"{_rel(K8S_DIR)}: no PodDisruptionBudget selects {name}'s pods"
    assert pdbs[0]["spec"].get("minAvailable", 0) >= 1, f"{name}: PodDisruptionBudget minAvailable"
    for hwhere, hpa in _k8s("HorizontalPodAutoscaler"):
        if hpa["spec"]["scaleTargetRef"]["name"] == name:
            assert hpa["spec"].get("minReplicas", 1) >= 2, f"{hwhere}: spec.minReplicas"


def test_k8s_hpas_target_deployments_and_migrate_runs_once() -> None:
    deployments = {d["metadata"]["name"] for _, d in _k8s("Deployment")}
    for where, hpa in _k8s("HorizontalPodAutoscaler"):
        assert hpa["spec"]["scaleTargetRef"]["name"] in deployments, f"{where}: scaleTargetRef"
    where, doc, _ = _workload("migrate")
    assert doc["spec"]["template"]["spec"]["restartPolicy"] == "Never", f"{where}: restartPolicy"
