"""The deployment descriptions agree with the code and with each other.

Nothing is built or run (no Docker engine, no cluster, no network): docker-compose.yml,
infra/docker/*, infra/keycloak/*-realm.json, infra/k8s/*.yaml and .env.example are parsed and
cross-checked against backend/alur/core/settings.py (ENVIRONMENT_VARIABLES) and
tenants/*/tenant.yaml. Every assertion message names the file and the offending key.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DOCKERIGNORE = REPO / ".dockerignore"
DOCKER_DIR = REPO / "infra" / "docker"
API_DOCKERFILE = DOCKER_DIR / "api.Dockerfile"
WEB_DOCKERFILE = DOCKER_DIR / "web.Dockerfile"
NGINX_CONF = DOCKER_DIR / "nginx.conf"
PG_INIT_DIR = DOCKER_DIR / "postgres-init"
KEYCLOAK_DIR = REPO / "infra" / "keycloak"
K8S_DIR = REPO / "infra" / "k8s"
TENANTS_DIR = REPO / "tenants"


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def _settings_module() -> ModuleType:
    """backend/alur/core/settings.py, imported (installed package or straight from the tree)."""
    try:
        from alur.core import settings
    except ImportError:
        path = REPO / "backend" / "alur" / "core" / "settings.py"
        spec = importlib.util.spec_from_file_location("_alur_settings_for_manifests", path)
        assert spec is not None
        assert spec.loader is not None
        settings = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(settings)
    return settings


ENVIRONMENT_VARIABLES: tuple[str, ...] = _settings_module().ENVIRONMENT_VARIABLES

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

ANY_IP = "0.0.0.0"  # noqa: S104 - a listen address / published-port host IP, compared only

APP_SERVICES = ("api", "worker", "scheduler", "migrate")
EXPECTED_COMMANDS: dict[str, list[str]] = {
    "api": ["uvicorn", "alur.app:create_app", "--factory", "--host", ANY_IP, "--port", "8000"],
    "worker": ["dramatiq", "alur_workers.actors", "--processes", "2", "--threads", "4"],
    "scheduler": ["python", "-m", "alur_workers.scheduler"],
    "migrate": ["sh", "-c", "alur db migrate && alur tenants sync"],
}
# Services whose env holds the compose-only IdP stand-in and its client.
COMPOSE_IDP_SERVICE = "keycloak"

# Environment variables the Alur code does not read but a container needs, by compose service.
ALLOWED_EXTRA_ENV: dict[str, dict[str, str]] = {
    "postgres": {
        "POSTGRES_PASSWORD": "superuser password, read by the postgres image's entrypoint",
        "ALUR_DB_OWNER_PASSWORD": "read by infra/docker/postgres-init/10-alur-roles.sh",
        "ALUR_DB_APP_PASSWORD": "read by infra/docker/postgres-init/10-alur-roles.sh",
    },
    "redis": {
        "REDISCLI_AUTH": "redis-cli in the healthcheck authenticates with it",
    },
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
}
# ENV in Dockerfiles that the code does not read.
ALLOWED_DOCKERFILE_ENV: dict[str, str] = {
    "PATH": "puts /opt/venv/bin first",
    "PYTHONUNBUFFERED": "logs reach the container runtime at once",
    "PYTHONDONTWRITEBYTECODE": "read-only root filesystem in Kubernetes",
    "PIP_NO_CACHE_DIR": "build stage only: smaller layers",
    "PIP_DISABLE_PIP_VERSION_CHECK": "build stage only: no network check",
}
# URLs that must not name a compose service: the browser's address of the app.
BROWSER_FACING_URL_VARS: dict[str, str] = {
    "ALUR_PUBLIC_URL": "the address users' browsers open (localhost in compose)",
}
# Files the images need that another part of the project has yet to commit.
PENDING_FILES: dict[str, str] = {
    "frontend/package-lock.json": "`npm ci` in api.Dockerfile and web.Dockerfile needs it",
}

SECRET_NAME_RE = re.compile(r"(SECRET|PASSWORD|PASSWD|TOKEN|_AUTH$)")
# Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?err}, ${NAME?err}.
COMPOSE_VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")
PURE_SECRET_REF_RE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\}$")
# tenant.yaml placeholders: ${NAME} or ${NAME:-default}.
TENANT_VAR_RE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}")
# Keycloak realm import placeholders: ${NAME} or ${NAME:default}.
KEYCLOAK_VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}")
URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"]+")
K8S_SECRET_NAME = "alur-secrets"
K8S_NAMESPACE = "alur"
K8S_APP_IMAGE = "alur"
K8S_WORKLOADS = {
    "api": ("Deployment", "alur-api"),
    "worker": ("Deployment", "alur-worker"),
    "scheduler": ("Deployment", "alur-scheduler"),
    "migrate": ("Job", "alur-migrate"),
}
CLUSTER_SCOPED_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding", "IngressClass"}


# --- loading -------------------------------------------------------------------------------------


def _walk_strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


@dataclass(frozen=True)
class Tenant:
    slug: str
    path: Path
    data: dict[str, Any]
    env_defaults: dict[str, str | None]
    """Every ${VAR:-default} in tenant.yaml, plus client_secret_env (no default)."""
    secret_env: str
    client_id_default: str
    issuer_env: str


def _load_tenants() -> dict[str, Tenant]:
    tenants: dict[str, Tenant] = {}
    for path in sorted(TENANTS_DIR.glob("*/tenant.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        slug = data["slug"]
        assert slug == path.parent.name, f"{_rel(path)}: slug {slug!r} != directory name"
        idp = data["idp"]
        # Placeholders in values only: the file's comments mention ${VAR:-default} too.
        env_defaults: dict[str, str | None] = {
            m.group(1): m.group(2)
            for _, value in _walk_strings(data, "")
            for m in TENANT_VAR_RE.finditer(value)
        }
        secret_env = idp["client_secret_env"]
        env_defaults[secret_env] = None
        client_id = TENANT_VAR_RE.fullmatch(idp["client_id"])
        issuer = TENANT_VAR_RE.fullmatch(idp["issuer"])
        assert client_id, f"{_rel(path)}: idp.client_id is not ${{VAR:-default}}"
        assert client_id.group(2), f"{_rel(path)}: idp.client_id is not ${{VAR:-default}}"
        assert issuer, f"{_rel(path)}: idp.issuer is not ${{VAR:-default}}"
        tenants[slug] = Tenant(
            slug=slug,
            path=path,
            data=data,
            env_defaults=env_defaults,
            secret_env=secret_env,
            client_id_default=client_id.group(2),
            issuer_env=issuer.group(1),
        )
    return tenants


TENANTS = _load_tenants()
TENANT_ENV: frozenset[str] = frozenset(v for t in TENANTS.values() for v in t.env_defaults)
TENANT_SECRET_ENV: frozenset[str] = frozenset(t.secret_env for t in TENANTS.values())
KNOWN_ENV: frozenset[str] = frozenset(ENVIRONMENT_VARIABLES) | TENANT_ENV


def _compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{_rel(COMPOSE)}: not a mapping"
    assert isinstance(data.get("services"), dict), f"{_rel(COMPOSE)}: no `services` mapping"
    return data


def _services() -> dict[str, dict[str, Any]]:
    return _compose()["services"]


def _compose_env(service: str, svc: dict[str, Any]) -> dict[str, str | None]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        out: dict[str, str | None] = {}
        for item in env:
            key, sep, value = str(item).partition("=")
            out[key] = value if sep else None
        return out
    assert isinstance(env, dict), f"{_rel(COMPOSE)}: services.{service}.environment: not a map/list"
    return {str(k): (None if v is None else str(v)) for k, v in env.items()}


def _resolve_compose(value: str) -> str:
    """What a value looks like with defaults taken and required values filled with `x`."""

    def sub(m: re.Match[str]) -> str:
        op, arg = m.group(2), m.group(3)
        if op in (":-", "-"):
            return arg or ""
        return "x"

    return COMPOSE_VAR_RE.sub(sub, value.replace("$$", "\0")).replace("\0", "$")


def _as_argv(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return shlex.split(value)
    return [str(v) for v in value]


# Dockerfiles -------------------------------------------------------------------------------------


@dataclass
class Stage:
    name: str | None
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def _dockerfile(path: Path) -> list[Stage]:
    lines: list[str] = []
    buf = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        lines.append(buf + stripped)
        buf = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        rest = rest.strip()
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif keyword == "FROM":
            parts = rest.split()
            parts = [p for p in parts if not p.startswith("--")]
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), parts[0])
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(name=name, base=base))
        else:
            assert stages, f"{_rel(path)}: {keyword} before FROM"
            stages[-1].instructions.append((keyword, rest))
    assert stages, f"{_rel(path)}: no FROM"
    return stages


def _stage_env(path: Path, stage: Stage) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, rest in stage.instructions:
        if keyword != "ENV":
            continue
        tokens = shlex.split(rest)
        if tokens and "=" not in tokens[0]:  # legacy `ENV KEY value`
            env[tokens[0]] = " ".join(tokens[1:])
            continue
        for token in tokens:
            key, sep, value = token.partition("=")
            assert sep, f"{_rel(path)}: ENV {rest!r}: cannot parse {token!r}"
            env[key] = value
    return env


def _json_instruction(path: Path, stage: Stage, keyword: str) -> list[str] | None:
    found = [rest for kw, rest in stage.instructions if kw == keyword]
    if not found:
        return None
    value = json.loads(found[-1])
    assert isinstance(value, list), f"{_rel(path)}: {keyword} must use the JSON (exec) form"
    return [str(v) for v in value]


def _copies(stage: Stage) -> list[tuple[str | None, list[str], str]]:
    """(from-stage or None, sources, destination) of every COPY/ADD."""
    out = []
    for keyword, rest in stage.instructions:
        if keyword not in ("COPY", "ADD"):
            continue
        tokens = shlex.split(rest)
        src_stage = None
        plain = []
        for token in tokens:
            if token.startswith("--from="):
                src_stage = token.split("=", 1)[1]
            elif not token.startswith("--"):
                plain.append(token)
        out.append((src_stage, plain[:-1], plain[-1]))
    return out


def _image_env(dockerfile: Path) -> dict[str, str]:
    return _stage_env(dockerfile, _dockerfile(dockerfile)[-1])


# Kubernetes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class K8sDoc:
    path: Path
    index: int
    obj: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{_rel(self.path)}[doc {self.index}] {self.obj.get('kind')}/" + str(
            self.obj.get("metadata", {}).get("name")
        )


def _k8s_files() -> list[Path]:
    return sorted(p for p in K8S_DIR.glob("*.y*ml") if p.name != "kustomization.yaml")


def _k8s_docs() -> list[K8sDoc]:
    docs = []
    for path in _k8s_files():
        for i, obj in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            if obj is None:
                continue
            docs.append(K8sDoc(path, i, obj))
    return docs


def _k8s_find(kind: str, name: str) -> K8sDoc:
    matches = [
        d for d in _k8s_docs() if d.obj.get("kind") == kind and d.obj["metadata"]["name"] == name
    ]
    assert len(matches) == 1, f"{_rel(K8S_DIR)}: expected one {kind}/{name}, found {len(matches)}"
    return matches[0]


def _pod_spec(doc: K8sDoc) -> dict[str, Any]:
    return doc.obj["spec"]["template"]["spec"]


def _k8s_config_map(name: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in (_k8s_find("ConfigMap", name).obj.get("data") or {}).items()}


def _k8s_container_env(doc: K8sDoc, container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """name -> {"value": ..., "secretKeyRef": ..., "from": ...} with envFrom ConfigMaps expanded."""
    env: dict[str, dict[str, Any]] = {}
    for source in container.get("envFrom") or []:
        assert "secretRef" not in source, (
            f"{doc.where}: containers.{container['name']}.envFrom.secretRef: name secret keys "
            "one by one with secretKeyRef so the test can see them"
        )
        cm = source["configMapRef"]["name"]
        for key, value in _k8s_config_map(cm).items():
            env[key] = {"value": value, "from": f"ConfigMap/{cm}"}
    for item in container.get("env") or []:
        entry: dict[str, Any] = {"from": "env"}
        if "value" in item:
            entry["value"] = str(item["value"])
        ref = (item.get("valueFrom") or {}).get("secretKeyRef")
        if ref:
            entry["secretKeyRef"] = ref
        env[item["name"]] = entry
    return env


def _k8s_app_container(component: str) -> tuple[K8sDoc, dict[str, Any]]:
    kind, name = K8S_WORKLOADS[component]
    doc = _k8s_find(kind, name)
    containers = _pod_spec(doc)["containers"]
    matches = [c for c in containers if c["name"] == component]
    assert len(matches) == 1, f"{doc.where}: no container named {component!r}"
    return doc, matches[0]


# --- tenants -------------------------------------------------------------------------------------


def test_tenants_are_discovered() -> None:
    assert TENANTS, f"{_rel(TENANTS_DIR)}: no */tenant.yaml"
    for t in TENANTS.values():
        assert t.secret_env in t.env_defaults, f"{_rel(t.path)}: idp.client_secret_env"
        assert t.issuer_env.startswith("ALUR_IDP_"), f"{_rel(t.path)}: idp.issuer variable name"


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


# --- docker-compose.yml: structure ---------------------------------------------------------------


def test_compose_services_have_image_or_build() -> None:
    for name, svc in _services().items():
        where = f"{_rel(COMPOSE)}: services.{name}"
        assert "image" in svc or "build" in svc, f"{where}: neither image nor build"
        if "build" in svc:
            build = svc["build"]
            if isinstance(build, str):
                build = {"context": build}
            context = (REPO / build.get("context", ".")).resolve()
            assert context.is_dir(), f"{where}.build.context: {context} does not exist"
            dockerfile = context / build.get("dockerfile", "Dockerfile")
            assert dockerfile.is_file(), f"{where}.build.dockerfile: {dockerfile} does not exist"
        else:
            image = svc["image"]
            tag = image.rsplit("/", 1)[-1].partition(":")[2]
            assert tag not in ("", "latest"), f"{where}.image: {image!r} is not pinned to a tag"


def test_compose_app_services_exist_and_share_the_app_image() -> None:
    services = _services()
    for name in APP_SERVICES:
        assert name in services, f"{_rel(COMPOSE)}: services.{name} missing"
        svc = services[name]
        build = svc.get("build")
        assert isinstance(build, dict), f"{_rel(COMPOSE)}: services.{name}.build missing"
        assert (
            REPO / build.get("context", ".") / build["dockerfile"]
        ).resolve() == API_DOCKERFILE, (
            f"{_rel(COMPOSE)}: services.{name}.build.dockerfile is not {_rel(API_DOCKERFILE)}"
        )
        assert str(svc.get("image", "")).split(":")[0] == K8S_APP_IMAGE, (
            f"{_rel(COMPOSE)}: services.{name}.image should be {K8S_APP_IMAGE}:<tag>, "
            "the name infra/k8s uses"
        )
    assert "web" in services, f"{_rel(COMPOSE)}: services.web missing"
    web_build = services["web"].get("build") or {}
    assert (REPO / web_build.get("context", ".") / web_build.get("dockerfile", "")).resolve() == (
        WEB_DOCKERFILE
    ), f"{_rel(COMPOSE)}: services.web.build.dockerfile is not {_rel(WEB_DOCKERFILE)}"


def _depends_on(svc: dict[str, Any]) -> dict[str, str]:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return {d: "service_started" for d in deps}
    return {k: (v or {}).get("condition", "service_started") for k, v in deps.items()}


def test_compose_depends_on_targets_exist_and_are_acyclic() -> None:
    services = _services()
    for name, svc in services.items():
        for target, condition in _depends_on(svc).items():
            where = f"{_rel(COMPOSE)}: services.{name}.depends_on.{target}"
            assert target in services, f"{where}: no such service"
            assert condition in {
                "service_started",
                "service_healthy",
                "service_completed_successfully",
            }, f"{where}.condition: {condition!r}"
            if condition == "service_healthy":
                assert "healthcheck" in services[target], (
                    f"{where}: waits for healthy but services.{target} has no healthcheck"
                )
            if condition == "service_completed_successfully":
                assert str(services[target].get("restart", "no")) == "no", (
                    f'{where}: waits for completion but services.{target}.restart is not "no"'
                )

    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, (
            f"{_rel(COMPOSE)}: depends_on cycle {' -> '.join([*trail, node])}"
        )
        state[node] = 1
        for dep in _depends_on(services[node]):
            visit(dep, [*trail, node])
        state[node] = 2

    for name in services:
        visit(name, [])


def test_compose_app_services_wait_for_migrate_and_backends() -> None:
    services = _services()
    migrate_deps = _depends_on(services["migrate"])
    assert migrate_deps.get("postgres") == "service_healthy", (
        f"{_rel(COMPOSE)}: services.migrate.depends_on.postgres must be service_healthy"
    )
    assert str(services["migrate"].get("restart")) == "no", (
        f'{_rel(COMPOSE)}: services.migrate.restart must be "no" (one-shot)'
    )
    for name in ("api", "worker", "scheduler"):
        deps = _depends_on(services[name])
        where = f"{_rel(COMPOSE)}: services.{name}.depends_on"
        assert deps.get("migrate") == "service_completed_successfully", f"{where}.migrate"
        assert deps.get("postgres") == "service_healthy", f"{where}.postgres"
        assert deps.get("redis") == "service_healthy", f"{where}.redis"


def _published_ports(service: str, svc: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for entry in svc.get("ports") or []:
        where = f"{_rel(COMPOSE)}: services.{service}.ports"
        if isinstance(entry, dict):
            published = entry.get("published")
            assert published is not None, f"{where}: {entry} publishes a random port"
            yield (
                str(entry.get("host_ip", ANY_IP)),
                str(published),
                str(entry.get("protocol", "tcp")),
            )
            continue
        spec, _, proto = str(entry).partition("/")
        parts = _resolve_compose(spec).split(":")
        assert len(parts) in (2, 3), f"{where}: {entry!r} must be [ip:]host:container"
        host_ip = parts[0] if len(parts) == 3 else ANY_IP
        yield host_ip, parts[-2], proto or "tcp"


def test_compose_published_ports_do_not_collide() -> None:
    seen: dict[tuple[str, str], str] = {}
    for name, svc in _services().items():
        for host_ip, port, proto in _published_ports(name, svc):
            slot = f"{port}/{proto}"
            for (other_ip, other_slot), other in seen.items():
                clash = other_slot == slot and (
                    other_ip == host_ip or ANY_IP in (other_ip, host_ip)
                )
                assert not clash, (
                    f"{_rel(COMPOSE)}: services.{name}.ports {slot} also published by "
                    f"services.{other}"
                )
            seen[(host_ip, slot)] = name


def test_compose_data_lives_in_named_volumes() -> None:
    compose = _compose()
    declared = set((compose.get("volumes") or {}).keys())
    data_paths = {
        "postgres": "/var/lib/postgresql/data",
        "redis": "/data",
        "minio": "/data",
    }
    for service, path in data_paths.items():
        mounts = [str(v) for v in _services()[service].get("volumes") or []]
        named = [m for m in mounts if m.split(":")[1:2] == [path]]
        assert named, f"{_rel(COMPOSE)}: services.{service}.volumes: nothing mounted at {path}"
        source = named[0].split(":")[0]
        assert source in declared, (
            f"{_rel(COMPOSE)}: services.{service}.volumes: {source!r} is not a named volume "
            "declared under top-level `volumes`"
        )


# --- docker-compose.yml: environment -------------------------------------------------------------


def _effective_compose_env(name: str) -> dict[str, str | None]:
    env: dict[str, str | None] = dict(_image_env(API_DOCKERFILE))
    env.update(_compose_env(name, _services()[name]))
    return env


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_app_env_is_complete(service: str) -> None:
    env = _effective_compose_env(service)
    required = [*REQUIRED_APP_ENV, *sorted(TENANT_ENV)]
    if service == "migrate":
        required += list(MIGRATE_ONLY)
    for name in required:
        assert name in env, (
            f"{_rel(COMPOSE)}: services.{service}.environment.{name} missing "
            f"(nor set by {_rel(API_DOCKERFILE)})"
        )
        assert env[name] not in (None, ""), (
            f"{_rel(COMPOSE)}: services.{service}.environment.{name} empty"
        )
    if service != "migrate":
        for name in MIGRATE_ONLY:
            assert name not in env, (
                f"{_rel(COMPOSE)}: services.{service}.environment.{name}: "
                f"only migrate may have it ({MIGRATE_ONLY[name]})"
            )


def test_compose_env_names_are_read_by_something() -> None:
    for service, svc in _services().items():
        allowed = ALLOWED_EXTRA_ENV.get(service, {})
        for name in _compose_env(service, svc):
            assert name in KNOWN_ENV or name in allowed, (
                f"{_rel(COMPOSE)}: services.{service}.environment.{name}: not in "
                "alur.core.settings.ENVIRONMENT_VARIABLES nor tenants/*/tenant.yaml (a typo?); "
                f"if the image needs it, add it to ALLOWED_EXTRA_ENV[{service!r}] with a reason"
            )


@pytest.mark.parametrize("dockerfile", [API_DOCKERFILE, WEB_DOCKERFILE], ids=lambda p: p.name)
def test_dockerfile_env_names_are_read_by_something(dockerfile: Path) -> None:
    for stage in _dockerfile(dockerfile):
        for name in _stage_env(dockerfile, stage):
            assert name in KNOWN_ENV or name in ALLOWED_DOCKERFILE_ENV, (
                f"{_rel(dockerfile)}: ENV {name} (stage {stage.name}): not read by the code; "
                "add it to ALLOWED_DOCKERFILE_ENV with a reason if it is needed"
            )


def test_compose_urls_name_compose_services() -> None:
    services = _services()
    checked = 0
    for service, svc in services.items():
        for key, value in _compose_env(service, svc).items():
            if value is None or key in BROWSER_FACING_URL_VARS:
                continue
            where = f"{_rel(COMPOSE)}: services.{service}.environment.{key}"
            resolved = _resolve_compose(value)
            for url in URL_RE.findall(resolved):
                host = urlsplit(url).hostname
                assert host in services, (
                    f"{where}: host {host!r} in {url!r} is not a compose service"
                )
                checked += 1
            if key == "S3_ENDPOINT":
                assert "://" not in resolved, (
                    f"{where}: host:port without a scheme (S3_SECURE says)"
                )
                host = resolved.rsplit(":", 1)[0]
                assert host in services, f"{where}: host {host!r} is not a compose service"
    assert checked, f"{_rel(COMPOSE)}: no URL found to check"
    public = _resolve_compose(_compose_env("api", services["api"])["ALUR_PUBLIC_URL"] or "")
    assert urlsplit(public).hostname in {"localhost", "127.0.0.1"}, (
        f"{_rel(COMPOSE)}: services.api.environment.ALUR_PUBLIC_URL default should be the "
        "published localhost address"
    )
    port = str(urlsplit(public).port or 80)
    published = {p for _, p, _ in _published_ports("api", services["api"])} | {
        p for _, p, _ in _published_ports("web", services["web"])
    }
    assert port in published, (
        f"{_rel(COMPOSE)}: ALUR_PUBLIC_URL port {port} is not published by services.api or .web"
    )


def _url_user(url: str) -> str | None:
    return urlsplit(_resolve_compose(url)).username


def test_compose_database_roles() -> None:
    services = _services()
    owner = services["migrate"]["environment"]["ALUR_DATABASE_OWNER_URL"]
    app = services["api"]["environment"]["ALUR_DATABASE_APP_URL"]
    owner_user, app_user = _url_user(owner), _url_user(app)
    assert owner_user, f"{_rel(COMPOSE)}: ALUR_DATABASE_OWNER_URL must name its user"
    assert app_user, f"{_rel(COMPOSE)}: ALUR_DATABASE_APP_URL must name its user"
    assert owner_user != app_user, (
        f"{_rel(COMPOSE)}: ALUR_DATABASE_APP_URL user {app_user!r} must differ from "
        f"ALUR_DATABASE_OWNER_URL user {owner_user!r}"
    )
    assert app_user != "postgres", f"{_rel(COMPOSE)}: ALUR_DATABASE_APP_URL uses the superuser"
    assert owner_user != "postgres", f"{_rel(COMPOSE)}: ALUR_DATABASE_OWNER_URL uses the superuser"
    owner_db = urlsplit(_resolve_compose(owner)).path
    assert urlsplit(_resolve_compose(app)).path == owner_db, (
        f"{_rel(COMPOSE)}: ALUR_DATABASE_APP_URL and ALUR_DATABASE_OWNER_URL name "
        "different databases"
    )
    for other in ("worker", "scheduler", "migrate"):
        assert services[other]["environment"]["ALUR_DATABASE_APP_URL"] == app, (
            f"{_rel(COMPOSE)}: services.{other}.environment.ALUR_DATABASE_APP_URL "
            "differs from api's"
        )


def test_postgres_init_creates_the_roles() -> None:
    services = _services()
    pg = services["postgres"]
    mounts = [str(v) for v in pg.get("volumes") or []]
    assert any(
        m.split(":")[0].rstrip("/") in ("./" + _rel(PG_INIT_DIR), _rel(PG_INIT_DIR))
        and m.split(":")[1] == "/docker-entrypoint-initdb.d"
        for m in mounts
    ), (
        f"{_rel(COMPOSE)}: services.postgres.volumes must mount {_rel(PG_INIT_DIR)} "
        "at /docker-entrypoint-initdb.d"
    )
    scripts = sorted(p for p in PG_INIT_DIR.iterdir() if p.suffix in (".sh", ".sql"))
    assert scripts, f"{_rel(PG_INIT_DIR)}: no init script"
    text = "\n".join(p.read_text(encoding="utf-8") for p in scripts)
    flat = " ".join(text.split())
    where = _rel(PG_INIT_DIR)

    owner_user = _url_user(services["migrate"]["environment"]["ALUR_DATABASE_OWNER_URL"])
    app_user = _url_user(services["api"]["environment"]["ALUR_DATABASE_APP_URL"])
    database = urlsplit(
        _resolve_compose(services["api"]["environment"]["ALUR_DATABASE_APP_URL"])
    ).path.lstrip("/")

    app_role = re.search(rf"CREATE ROLE {app_user}\b([^;]*);", flat)
    assert app_role, f"{where}: no CREATE ROLE {app_user}"
    for attribute in ("LOGIN", "NOSUPERUSER", "NOBYPASSRLS", "NOCREATEROLE", "NOCREATEDB"):
        assert re.search(rf"\b{attribute}\b", app_role.group(1)), (
            f"{where}: CREATE ROLE {app_user} lacks {attribute}"
        )
    owner_role = re.search(rf"CREATE ROLE {owner_user}\b([^;]*);", flat)
    assert owner_role, f"{where}: no CREATE ROLE {owner_user}"
    assert "NOSUPERUSER" in owner_role.group(1), f"{where}: {owner_user} must not be superuser"
    assert re.search(rf"CREATE DATABASE {database}\b[^;]*\bOWNER {owner_user}\b", flat), (
        f"{where}: CREATE DATABASE {database} OWNER {owner_user} missing"
    )
    grants = re.findall(
        rf"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_user}\b[^;]*?"
        rf"GRANT ([^;]*?) ON TABLES TO {app_user}\b",
        flat,
    )
    assert grants, (
        f"{where}: no ALTER DEFAULT PRIVILEGES FOR ROLE {owner_user} ... ON TABLES TO {app_user}"
    )
    granted = {g.strip() for g in grants[0].split(",")}
    assert granted == {"SELECT", "INSERT", "UPDATE", "DELETE"}, (
        f"{where}: default table privileges for {app_user} are {sorted(granted)}"
    )
    assert "PASSWORD '" not in flat, f"{where}: a literal password"

    env = _compose_env("postgres", pg)
    for var in set(re.findall(r"\$\{(\w+):\?", text)):
        assert var in env, (
            f"{_rel(COMPOSE)}: services.postgres.environment.{var} missing ({where} requires it)"
        )


# --- secrets -------------------------------------------------------------------------------------


def test_compose_has_no_literal_secrets() -> None:
    for service, svc in _services().items():
        for key, value in _compose_env(service, svc).items():
            where = f"{_rel(COMPOSE)}: services.{service}.environment.{key}"
            if SECRET_NAME_RE.search(key):
                assert PURE_SECRET_REF_RE.match(value or ""), (
                    f"{where}: must be exactly a ${{VAR}} / ${{VAR:?message}} reference "
                    f"(no literal, no default), got {value!r}"
                )
            if value:
                for url in URL_RE.findall(value):
                    raw_password = urlsplit(url).password
                    if raw_password is not None:
                        assert PURE_SECRET_REF_RE.match(raw_password) or re.fullmatch(
                            r"\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}@]*)?", raw_password
                        ), f"{where}: the password in {url!r} must be a ${{VAR:?...}} reference"
        argv = _as_argv(svc.get("command"))
        for i, arg in enumerate(argv[:-1]):
            if re.search(r"pass|secret|token", arg, re.IGNORECASE) and arg.startswith("--"):
                assert PURE_SECRET_REF_RE.match(argv[i + 1]), (
                    f"{_rel(COMPOSE)}: services.{service}.command {arg}: value must be a "
                    "${VAR:?...} reference"
                )
    for m in _compose_references():
        if SECRET_NAME_RE.search(m.group(1)):
            assert m.group(2) in (":?", "?"), (
                f"{_rel(COMPOSE)}: ${{{m.group(1)}...}} must be required (:?), not defaulted"
            )


def _compose_references() -> list[re.Match[str]]:
    """Every ${...} interpolation in docker-compose.yml's values (comments excluded)."""
    return [
        m
        for _, value in _walk_strings(_compose(), "")
        for m in COMPOSE_VAR_RE.finditer(value.replace("$$", ""))
    ]


def _env_example() -> dict[str, tuple[str, bool]]:
    """name -> (value, commented-out)."""
    out: dict[str, tuple[str, bool]] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if m:
            out[m.group(2)] = (m.group(3), bool(m.group(1)))
    return out


def test_env_example_lists_the_compose_variables() -> None:
    refs = _compose_references()
    required = {m.group(1) for m in refs if m.group(2) in (":?", "?")}
    referenced = {m.group(1) for m in refs}
    example = _env_example()
    for name in sorted(required):
        assert not example.get(name, ("", True))[1], (
            f"{_rel(ENV_EXAMPLE)}: {name} (required by {_rel(COMPOSE)}) missing or commented out"
        )
        assert example[name][0] == "", (
            f"{_rel(ENV_EXAMPLE)}: {name} must be empty in the example, not {example[name][0]!r}"
        )
    for name in example:
        assert name in referenced, f"{_rel(ENV_EXAMPLE)}: {name} is not used by {_rel(COMPOSE)}"


def test_gitignore_keeps_env_out() -> None:
    lines = {ln.strip() for ln in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()}
    assert ".env" in lines, ".gitignore: `.env` must be ignored"
    ignored = {ln.strip() for ln in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    assert ".env" in ignored, f"{_rel(DOCKERIGNORE)}: `.env` must be excluded from build contexts"


# --- commands and health -------------------------------------------------------------------------


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_commands(service: str) -> None:
    svc = _services()[service]
    assert "entrypoint" not in svc, (
        f"{_rel(COMPOSE)}: services.{service}.entrypoint: keep the image's tini entrypoint"
    )
    assert _as_argv(svc.get("command")) == EXPECTED_COMMANDS[service], (
        f"{_rel(COMPOSE)}: services.{service}.command is {svc.get('command')!r}"
    )


def test_api_image() -> None:
    stages = _dockerfile(API_DOCKERFILE)
    final = stages[-1]
    where = _rel(API_DOCKERFILE)
    assert len(stages) >= 2, f"{where}: expected a multi-stage build"
    assert any(s.base.startswith("node:") for s in stages), f"{where}: no node stage for the SPA"
    assert final.base.startswith("python:3.11"), f"{where}: final stage FROM {final.base!r}"
    assert _json_instruction(API_DOCKERFILE, final, "CMD") == EXPECTED_COMMANDS["api"], (
        f"{where}: CMD is not the api command"
    )
    entrypoint = _json_instruction(API_DOCKERFILE, final, "ENTRYPOINT")
    assert entrypoint, f"{where}: no ENTRYPOINT (tini)"
    assert "tini" in entrypoint[0], f"{where}: ENTRYPOINT should be tini"
    user = [rest for kw, rest in final.instructions if kw == "USER"]
    assert user, f"{where}: no USER"
    assert user[-1].split(":")[0] not in ("root", "0"), f"{where}: USER must be non-root"

    spa_stages = {s.name for s in stages if s.base.startswith("node:")}
    spa_text = " ".join(rest for s in stages if s.name in spa_stages for _, rest in s.instructions)
    for step in ("npm ci", "npm run build"):
        assert step in spa_text, f"{where}: the node stage must run `{step}`"
    env = _stage_env(API_DOCKERFILE, final)
    copies = _copies(final)
    spa_dest = [dst for src_stage, srcs, dst in copies if src_stage in spa_stages]
    assert spa_dest, f"{where}: the built SPA is not copied into the final stage"
    assert env.get("ALUR_SPA_DIR", "").rstrip("/") == spa_dest[0].rstrip("/"), (
        f"{where}: ENV ALUR_SPA_DIR={env.get('ALUR_SPA_DIR')!r} but the SPA is copied to "
        f"{spa_dest[0]!r}"
    )
    tenants_dest = [dst for src_stage, srcs, dst in copies if not src_stage and "tenants/" in srcs]
    assert tenants_dest, f"{where}: tenants/ is not copied into the final stage"
    assert env.get("ALUR_TENANTS_DIR", "").rstrip("/") == tenants_dest[0].rstrip("/"), (
        f"{where}: ENV ALUR_TENANTS_DIR={env.get('ALUR_TENANTS_DIR')!r} but tenants/ goes to "
        f"{tenants_dest[0]!r}"
    )
    build_text = " ".join(rest for s in stages for _, rest in s.instructions)
    for package_dir in ("backend/", "workers/", "pyproject.toml"):
        assert package_dir in build_text, f"{where}: {package_dir} is not copied for `pip install`"
    if (REPO / "requirements.lock").exists():
        assert re.search(r"pip install [^&]*(-c|--constraint) requirements\.lock", build_text), (
            f"{where}: `pip install` must be constrained by requirements.lock"
        )


def _dockerignore_patterns() -> list[str]:
    return [
        ln.strip()
        for ln in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.strip().startswith("#") and not ln.strip().startswith("!")
    ]


def _ignored(path: str, patterns: list[str]) -> str | None:
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        pat = pattern.strip("/")
        for prefix in prefixes:
            if fnmatch.fnmatch(prefix, pat) or (
                pat.startswith("**/") and fnmatch.fnmatch(prefix.split("/")[-1], pat[3:])
            ):
                return pattern
    return None


@pytest.mark.parametrize("dockerfile", [API_DOCKERFILE, WEB_DOCKERFILE], ids=lambda p: p.name)
def test_dockerfile_copy_sources_exist(dockerfile: Path) -> None:
    patterns = _dockerignore_patterns()
    stages = _dockerfile(dockerfile)
    stage_names = {s.name for s in stages}
    for stage in stages:
        for src_stage, sources, _dst in _copies(stage):
            if src_stage is not None:
                assert src_stage in stage_names, (
                    f"{_rel(dockerfile)}: COPY --from={src_stage}: no such stage"
                )
                continue
            for source in sources:
                where = f"{_rel(dockerfile)}: COPY {source}"
                if source.rstrip("/") in PENDING_FILES:
                    continue
                assert list(REPO.glob(source.rstrip("/"))), f"{where}: not in the repository"
                pattern = _ignored(source, patterns)
                assert pattern is None, (
                    f"{where}: excluded by {_rel(DOCKERIGNORE)} pattern {pattern!r}"
                )


@pytest.mark.parametrize("pending", sorted(PENDING_FILES))
def test_pending_build_inputs(pending: str) -> None:
    if not (REPO / pending).exists():
        pytest.xfail(f"{pending} not committed yet: {PENDING_FILES[pending]}")


def test_web_image_and_nginx() -> None:
    final = _dockerfile(WEB_DOCKERFILE)[-1]
    where = _rel(WEB_DOCKERFILE)
    assert "nginx" in final.base, f"{where}: final stage FROM {final.base!r}"
    copied = {src for src_stage, srcs, _ in _copies(final) if not src_stage for src in srcs}
    assert _rel(NGINX_CONF) in copied, f"{where}: does not COPY {_rel(NGINX_CONF)}"
    user = [rest for kw, rest in final.instructions if kw == "USER"]
    assert user, f"{where}: no USER"
    assert user[-1].split(":")[0] not in ("root", "0"), f"{where}: USER must be non-root"

    conf = NGINX_CONF.read_text(encoding="utf-8")
    services = _services()
    api_port = EXPECTED_COMMANDS["api"][EXPECTED_COMMANDS["api"].index("--port") + 1]
    upstreams = re.findall(r"\bhttp://([a-z0-9-]+):(\d+)", conf)
    assert upstreams, f"{_rel(NGINX_CONF)}: no proxy upstream"
    for host, port in upstreams:
        assert host in services, (
            f"{_rel(NGINX_CONF)}: upstream host {host!r} is not a compose service"
        )
        assert (host, port) == ("api", api_port), f"{_rel(NGINX_CONF)}: upstream {host}:{port}"
    proxied = set()
    for m in re.finditer(r"location\s+(~\*?|=|\^~)?\s*(\S+)\s*\{([^}]*)\}", conf):
        if "proxy_pass" in m.group(3):
            proxied.add(m.group(2))
    for prefix in ("/api", "/auth", "/health", "/schema"):
        assert any(prefix.strip("/") in loc for loc in proxied), (
            f"{_rel(NGINX_CONF)}: {prefix} is not proxied to the api"
        )
    assert re.search(r"try_files [^;]*/index\.html;", conf), (
        f"{_rel(NGINX_CONF)}: SPA routes must fall back to /index.html"
    )
    listen = re.search(r"listen\s+(\d+)", conf)
    assert listen, f"{_rel(NGINX_CONF)}: no listen port"
    container_ports = {
        str(p).split(":")[-1].split("/")[0] for p in services["web"].get("ports") or []
    }
    assert listen.group(1) in container_ports, (
        f"{_rel(COMPOSE)}: services.web.ports do not map nginx's port {listen.group(1)}"
    )


def _health_timeout(env: dict[str, Any]) -> float:
    settings_default = 3.0
    value = env.get("ALUR_HEALTH_TIMEOUT_SECONDS")
    if isinstance(value, dict):
        value = value.get("value")
    return float(value) if value else settings_default


def _seconds(value: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", str(value))
    assert m, f"cannot read duration {value!r}"
    scale = {"ms": 0.001, "s": 1, "m": 60, None: 1}[m.group(2)]
    return float(m.group(1)) * scale


def test_compose_api_healthcheck_is_readiness() -> None:
    svc = _services()["api"]
    check = svc.get("healthcheck") or {}
    test = " ".join(_as_argv(check.get("test")))
    assert "/health/ready" in test, (
        f"{_rel(COMPOSE)}: services.api.healthcheck.test must hit /health/ready"
    )
    timeout = _seconds(check.get("timeout", "30s"))
    limit = _health_timeout(_effective_compose_env("api"))
    assert timeout > limit, (
        f"{_rel(COMPOSE)}: services.api.healthcheck.timeout {timeout}s must exceed "
        f"ALUR_HEALTH_TIMEOUT_SECONDS ({limit}s)"
    )


# --- Keycloak ------------------------------------------------------------------------------------


def _realm(slug: str) -> tuple[Path, dict[str, Any]]:
    path = KEYCLOAK_DIR / f"{slug}-realm.json"
    assert path.is_file(), f"{_rel(KEYCLOAK_DIR)}: no {path.name} for tenant {slug}"
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_every_realm_file_is_a_tenant() -> None:
    for path in sorted(KEYCLOAK_DIR.glob("*.json")):
        realm = json.loads(path.read_text(encoding="utf-8"))
        assert realm.get("realm") in TENANTS, (
            f"{_rel(path)}: realm {realm.get('realm')!r} has no tenants/<slug>/tenant.yaml"
        )
        assert path.name == f"{realm['realm']}-realm.json", (
            f"{_rel(path)}: name it <slug>-realm.json"
        )


def _mapper_claim(mapper: dict[str, Any]) -> str | None:
    if mapper.get("protocolMapper") == "oidc-full-name-mapper":
        return "name"
    if mapper.get("protocolMapper") == "oidc-sub-mapper":
        return "sub"
    return (mapper.get("config") or {}).get("claim.name")


@pytest.mark.parametrize("slug", sorted(TENANTS))
def test_keycloak_realm(slug: str) -> None:
    tenant = TENANTS[slug]
    path, realm = _realm(slug)
    where = _rel(path)
    assert realm.get("realm") == slug, f"{where}: realm is {realm.get('realm')!r}, not {slug!r}"
    assert realm.get("enabled") is True, f"{where}: enabled"
    assert realm.get("registrationAllowed") is False, f"{where}: registrationAllowed must be false"
    role_names = {r["name"] for r in (realm.get("roles") or {}).get("realm", [])}
    assert "tenant_admin" in role_names, f"{where}: roles.realm lacks tenant_admin"
    for i, user in enumerate(realm.get("users") or []):
        assert not user.get("credentials"), f"{where}: users[{i}].credentials: no passwords in git"

    clients = [
        c for c in realm.get("clients") or [] if c.get("clientId") == tenant.client_id_default
    ]
    assert len(clients) == 1, (
        f"{where}: clients: no client {tenant.client_id_default!r} "
        f"(the default of idp.client_id in {_rel(tenant.path)})"
    )
    client = clients[0]
    cwhere = f"{where}: clients[{tenant.client_id_default}]"
    assert client.get("publicClient") is False, (
        f"{cwhere}.publicClient must be false (confidential)"
    )
    assert client.get("standardFlowEnabled") is True, f"{cwhere}.standardFlowEnabled must be true"
    assert client.get("implicitFlowEnabled") is False, f"{cwhere}.implicitFlowEnabled must be false"
    assert client.get("directAccessGrantsEnabled") is False, (
        f"{cwhere}.directAccessGrantsEnabled must be false"
    )
    assert client.get("serviceAccountsEnabled", False) is False, f"{cwhere}.serviceAccountsEnabled"
    attributes = client.get("attributes") or {}
    assert attributes.get("pkce.code.challenge.method") == "S256", (
        f"{cwhere}.attributes.pkce.code.challenge.method must be S256"
    )
    assert attributes.get("post.logout.redirect.uris"), (
        f"{cwhere}.attributes.post.logout.redirect.uris"
    )
    redirects = client.get("redirectUris") or []
    assert redirects, f"{cwhere}.redirectUris is empty"
    for uri in redirects:
        assert uri.endswith(f"/auth/{slug}/callback"), f"{cwhere}.redirectUris: {uri!r}"
        assert "*" not in uri, f"{cwhere}.redirectUris: {uri!r} has a wildcard"
    assert client.get("secret") == f"${{{tenant.secret_env}}}", (
        f"{cwhere}.secret must be the placeholder ${{{tenant.secret_env}}}, not a literal"
    )

    scopes = {s["name"]: s for s in realm.get("clientScopes") or []}
    assigned = [
        *(client.get("defaultClientScopes") or []),
        *(client.get("optionalClientScopes") or []),
    ]
    for name in assigned:
        assert name in scopes, f"{cwhere}: client scope {name!r} is not defined in clientScopes"
    for name in tenant.data["idp"].get("scopes", []):
        if name != "openid":
            assert name in assigned, (
                f"{cwhere}: scope {name!r} requested by {_rel(tenant.path)} idp.scopes is not "
                "assigned to the client (Keycloak rejects unknown scopes)"
            )
    mappers = [
        m
        for name in client.get("defaultClientScopes") or []
        for m in scopes[name].get("protocolMappers") or []
    ] + list(client.get("protocolMappers") or [])
    claims = {_mapper_claim(m): m for m in mappers}
    wanted = {"preferred_username", "name", "email", "groups", "roles"}
    wanted |= set((tenant.data["idp"].get("claims") or {}).values())
    for claim in sorted(wanted):
        assert claim in claims, f"{cwhere}: no default-scope mapper emits the {claim!r} claim"
        config = claims[claim].get("config") or {}
        assert config.get("id.token.claim", "true") == "true", (
            f"{cwhere}: mapper for {claim!r} is not in the ID token"
        )
    roles = claims["roles"]
    assert roles["protocolMapper"] == "oidc-usermodel-realm-role-mapper", (
        f"{cwhere}: the roles claim must come from oidc-usermodel-realm-role-mapper"
    )
    assert roles["config"].get("multivalued") == "true", (
        f"{cwhere}: roles mapper must be multivalued"
    )
    groups = claims["groups"]
    assert groups["protocolMapper"] == "oidc-group-membership-mapper", (
        f"{cwhere}: groups mapper type"
    )
    assert groups["config"].get("full.path") == "true", f"{cwhere}: groups mapper full.path"
    assert claims["preferred_username"]["config"].get("user.attribute") == "username", (
        f"{cwhere}: preferred_username must be the username (NIP)"
    )


def test_compose_keycloak_matches_the_realms_and_the_app() -> None:
    services = _services()
    kc = services[COMPOSE_IDP_SERVICE]
    where = f"{_rel(COMPOSE)}: services.{COMPOSE_IDP_SERVICE}"
    argv = _as_argv(kc.get("command"))
    assert "--import-realm" in argv, f"{where}.command lacks --import-realm"
    mounts = [str(v) for v in kc.get("volumes") or []]
    assert any(
        m.split(":")[0].rstrip("/") in ("./" + _rel(KEYCLOAK_DIR), _rel(KEYCLOAK_DIR))
        and m.split(":")[1] == "/opt/keycloak/data/import"
        for m in mounts
    ), f"{where}.volumes: {_rel(KEYCLOAK_DIR)} is not mounted at /opt/keycloak/data/import"
    kc_env = _compose_env(COMPOSE_IDP_SERVICE, kc)
    for path in sorted(KEYCLOAK_DIR.glob("*.json")):
        for m in KEYCLOAK_VAR_RE.finditer(path.read_text(encoding="utf-8")):
            name, default = m.group(1), m.group(2)
            assert name in kc_env or default is not None, (
                f"{where}.environment.{name} missing: {_rel(path)} uses ${{{name}}}"
            )
            if name in kc_env:
                app_value = _compose_env("api", services["api"]).get(name)
                assert app_value is None or app_value == kc_env[name], (
                    f"{where}.environment.{name} differs from services.api.environment.{name}"
                )
    hostname = _resolve_compose(kc_env.get("KC_HOSTNAME") or "")
    api_env = _compose_env("api", services["api"])
    for slug, tenant in TENANTS.items():
        issuer = api_env.get(tenant.issuer_env) or ""
        assert issuer == f"{hostname}/realms/{slug}", (
            f"{_rel(COMPOSE)}: services.api.environment.{tenant.issuer_env}={issuer!r}, expected "
            f"the realm at KC_HOSTNAME: {hostname}/realms/{slug}"
        )
        client_id_env = [v for v in tenant.env_defaults if v.endswith("_CLIENT_ID")]
        for var in client_id_env:
            value = _resolve_compose(api_env.get(var) or tenant.env_defaults[var] or "")
            _, realm = _realm(slug)
            assert value in {c["clientId"] for c in realm["clients"]}, (
                f"{_rel(COMPOSE)}: services.api.environment.{var}={value!r} is no client of "
                f"realm {slug}"
            )


# --- Kubernetes ----------------------------------------------------------------------------------


def test_k8s_documents_parse() -> None:
    docs = _k8s_docs()
    assert docs, f"{_rel(K8S_DIR)}: no manifests"
    for doc in docs:
        for key in ("apiVersion", "kind", "metadata"):
            assert key in doc.obj, f"{doc.where}: no {key}"
        assert doc.obj["metadata"].get("name"), f"{doc.where}: metadata.name"
        kind = doc.obj["kind"]
        assert kind != "StatefulSet", (
            f"{doc.where}: PostgreSQL/Redis/S3 are external, no StatefulSet"
        )
        if kind not in CLUSTER_SCOPED_KINDS:
            assert doc.obj["metadata"].get("namespace") == K8S_NAMESPACE, (
                f"{doc.where}: metadata.namespace must be {K8S_NAMESPACE!r}"
            )
    assert any(
        d.obj["kind"] == "Namespace" and d.obj["metadata"]["name"] == K8S_NAMESPACE for d in docs
    ), f"{_rel(K8S_DIR)}: no Namespace {K8S_NAMESPACE}"


def test_k8s_kustomization_lists_every_manifest() -> None:
    path = K8S_DIR / "kustomization.yaml"
    kust = yaml.safe_load(path.read_text(encoding="utf-8"))
    resources = kust.get("resources") or []
    for res in resources:
        assert (K8S_DIR / res).is_file(), f"{_rel(path)}: resources: {res} does not exist"
    for file in _k8s_files():
        assert file.name in resources, f"{_rel(path)}: resources does not list {file.name}"
    assert kust.get("namespace") == K8S_NAMESPACE, f"{_rel(path)}: namespace"
    images = {i["name"] for i in kust.get("images") or []}
    assert K8S_APP_IMAGE in images, f"{_rel(path)}: images has no entry for {K8S_APP_IMAGE!r}"


def test_k8s_secrets_are_not_in_git() -> None:
    for doc in _k8s_docs():
        if doc.obj["kind"] == "Secret":
            for section in ("data", "stringData"):
                for key, value in (doc.obj.get(section) or {}).items():
                    assert "REPLACE_ME" in str(value), (
                        f"{doc.where}: {section}.{key}: a Secret in git may only hold REPLACE_ME"
                    )
        for path, value in _walk_strings(doc.obj, ""):
            for url in URL_RE.findall(value):
                assert urlsplit(url).password is None, (
                    f"{doc.where}: {path}: credentials in {url!r}"
                )


def _credential_var(name: str) -> bool:
    return bool(SECRET_NAME_RE.search(name)) or name in {
        "ALUR_DATABASE_OWNER_URL",
        "ALUR_DATABASE_APP_URL",
        "REDIS_URL",
        "S3_ACCESS_KEY",
    }


def test_k8s_config_map() -> None:
    doc = _k8s_find("ConfigMap", "alur-config")
    data = _k8s_config_map("alur-config")
    for key in data:
        assert key in KNOWN_ENV, f"{doc.where}: data.{key}: not read by the code (a typo?)"
        assert not _credential_var(key), (
            f"{doc.where}: data.{key} is a credential: use {K8S_SECRET_NAME}"
        )
    assert data.get("ALUR_ENV") == "production", f"{doc.where}: data.ALUR_ENV must be production"
    assert urlsplit(data.get("ALUR_PUBLIC_URL", "")).scheme == "https", (
        f"{doc.where}: data.ALUR_PUBLIC_URL"
    )
    assert data.get("S3_SECURE") == "true", f"{doc.where}: data.S3_SECURE must be true"
    assert "://" not in data.get("S3_ENDPOINT", ""), f"{doc.where}: data.S3_ENDPOINT is host:port"
    assert data.get("ALUR_SECURE_COOKIES", "true") == "true", (
        f"{doc.where}: data.ALUR_SECURE_COOKIES"
    )
    for tenant in TENANTS.values():
        assert urlsplit(data.get(tenant.issuer_env, "")).scheme == "https", (
            f"{doc.where}: data.{tenant.issuer_env} must be an https issuer"
        )
    ingress = _k8s_find("Ingress", "alur")
    hosts = {r.get("host") for r in ingress.obj["spec"]["rules"]}
    assert urlsplit(data["ALUR_PUBLIC_URL"]).hostname in hosts, (
        f"{doc.where}: data.ALUR_PUBLIC_URL host is not an Ingress host of {ingress.where}"
    )


@pytest.mark.parametrize("component", list(K8S_WORKLOADS))
def test_k8s_workload(component: str) -> None:
    doc, container = _k8s_app_container(component)
    cwhere = f"{doc.where}: containers.{component}"
    assert "command" not in container, (
        f"{cwhere}.command: use args, keep the image's tini entrypoint"
    )
    assert [str(a) for a in container.get("args") or []] == EXPECTED_COMMANDS[component], (
        f"{cwhere}.args is {container.get('args')!r}"
    )
    compose_cmd = _as_argv(_services()[component].get("command"))
    assert [str(a) for a in container["args"]] == compose_cmd, (
        f"{cwhere}.args differs from {_rel(COMPOSE)} services.{component}.command"
    )
    image = str(container["image"])
    assert image.rsplit("/", 1)[-1].split(":")[0] == K8S_APP_IMAGE, f"{cwhere}.image {image!r}"

    env = _k8s_container_env(doc, container)
    image_env = _image_env(API_DOCKERFILE)
    required = [*REQUIRED_APP_ENV, *sorted(TENANT_ENV)]
    if component == "migrate":
        required += list(MIGRATE_ONLY)
    for name in required:
        assert name in env or name in image_env, (
            f"{cwhere}.env.{name} missing (nor in the ConfigMap or image)"
        )
    if component != "migrate":
        for name in MIGRATE_ONLY:
            assert name not in env, f"{cwhere}.env.{name}: only the migrate Job may have it"
    for name, entry in env.items():
        assert name in KNOWN_ENV, f"{cwhere}.env.{name} ({entry['from']}): not read by the code"
        if _credential_var(name):
            ref = entry.get("secretKeyRef")
            assert ref, f"{cwhere}.env.{name} must come from a secretKeyRef"
            assert "value" not in entry, f"{cwhere}.env.{name} must come from a secretKeyRef"
            assert (ref["name"], ref["key"]) == (K8S_SECRET_NAME, name), (
                f"{cwhere}.env.{name}.valueFrom.secretKeyRef must be {K8S_SECRET_NAME}/{name}"
            )
        elif entry.get("secretKeyRef"):
            pytest.fail(f"{cwhere}.env.{name} is not a secret: put it in the ConfigMap")

    pod = _pod_spec(doc)
    sec = container.get("securityContext") or {}
    psec = pod.get("securityContext") or {}
    assert sec.get("runAsNonRoot") or psec.get("runAsNonRoot"), (
        f"{cwhere}.securityContext.runAsNonRoot"
    )
    assert sec.get("allowPrivilegeEscalation") is False, (
        f"{cwhere}.securityContext.allowPrivilegeEscalation"
    )
    assert "ALL" in (sec.get("capabilities") or {}).get("drop", []), (
        f"{cwhere}.securityContext.capabilities"
    )
    assert (container.get("resources") or {}).get("requests", {}).get("cpu"), (
        f"{cwhere}.resources.requests.cpu (the HPA needs it)"
    )


def test_k8s_secret_keys_are_documented() -> None:
    readme = (K8S_DIR / "README.md").read_text(encoding="utf-8")
    keys = set()
    for component in K8S_WORKLOADS:
        doc, container = _k8s_app_container(component)
        for entry in _k8s_container_env(doc, container).values():
            if entry.get("secretKeyRef"):
                keys.add(entry["secretKeyRef"]["key"])
    assert keys >= TENANT_SECRET_ENV, f"{_rel(K8S_DIR)}: tenant client secrets not all referenced"
    for key in sorted(keys):
        assert f"`{key}`" in readme, (
            f"{_rel(K8S_DIR / 'README.md')}: Secret key {key} is not documented"
        )


def test_k8s_api_probes_service_ingress_and_scaling() -> None:
    doc, container = _k8s_app_container("api")
    cwhere = f"{doc.where}: containers.api"
    readiness = (container.get("readinessProbe") or {}).get("httpGet") or {}
    liveness = (container.get("livenessProbe") or {}).get("httpGet") or {}
    assert readiness.get("path") == "/health/ready", f"{cwhere}.readinessProbe.httpGet.path"
    assert liveness.get("path") == "/health/live", f"{cwhere}.livenessProbe.httpGet.path"
    port_names = {p.get("name"): p["containerPort"] for p in container.get("ports") or []}
    api_port = int(EXPECTED_COMMANDS["api"][EXPECTED_COMMANDS["api"].index("--port") + 1])
    for probe_name, probe in (("readinessProbe", readiness), ("livenessProbe", liveness)):
        port = probe.get("port")
        assert port_names.get(port, port) == api_port, (
            f"{cwhere}.{probe_name}.httpGet.port {port!r}"
        )
    limit = _health_timeout(_k8s_container_env(doc, container))
    assert container["readinessProbe"].get("timeoutSeconds", 1) > limit, (
        f"{cwhere}.readinessProbe.timeoutSeconds must exceed ALUR_HEALTH_TIMEOUT_SECONDS ({limit}s)"
    )
    assert doc.obj["spec"].get("replicas", 1) >= 2, f"{doc.where}: spec.replicas must be >= 2"

    pod_labels = doc.obj["spec"]["template"]["metadata"]["labels"]
    services = [d for d in _k8s_docs() if d.obj["kind"] == "Service"]
    api_services = [s for s in services if s.obj["spec"]["selector"].items() <= pod_labels.items()]
    assert api_services, f"{_rel(K8S_DIR)}: no Service selects {doc.where}'s pods"
    svc = api_services[0]
    svc_ports = {}
    for p in svc.obj["spec"]["ports"]:
        target = p.get("targetPort", p["port"])
        assert port_names.get(target, target) == api_port, (
            f"{svc.where}: ports.targetPort {target!r}"
        )
        svc_ports[p.get("name")] = p["port"]
        svc_ports[p["port"]] = p["port"]
    ingresses = [d for d in _k8s_docs() if d.obj["kind"] == "Ingress"]
    assert ingresses, f"{_rel(K8S_DIR)}: no Ingress"
    for ing in ingresses:
        for rule in ing.obj["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] == svc.obj["metadata"]["name"], (
                    f"{ing.where}: backend service {backend['name']!r}"
                )
                port = backend["port"].get("name", backend["port"].get("number"))
                assert port in svc_ports, f"{ing.where}: backend port {port!r} not on {svc.where}"

    hpas = {
        d.obj["spec"]["scaleTargetRef"]["name"]: d
        for d in _k8s_docs()
        if d.obj["kind"] == "HorizontalPodAutoscaler"
    }
    deployments = {d.obj["metadata"]["name"] for d in _k8s_docs() if d.obj["kind"] == "Deployment"}
    for target, hpa in hpas.items():
        assert target in deployments, f"{hpa.where}: scaleTargetRef {target!r} is no Deployment"
    for component in ("api", "worker"):
        name = K8S_WORKLOADS[component][1]
        assert name in hpas, f"{_rel(K8S_DIR)}: no HorizontalPodAutoscaler for {name}"
    assert hpas["alur-api"].obj["spec"].get("minReplicas", 1) >= 2, (
        f"{hpas['alur-api'].where}: spec.minReplicas must be >= 2"
    )


def test_k8s_scheduler_is_single() -> None:
    doc, _ = _k8s_app_container("scheduler")
    assert doc.obj["spec"].get("replicas", 1) == 1, (
        f"{doc.where}: spec.replicas must be 1 (see {_rel(K8S_DIR / 'README.md')})"
    )
    assert (doc.obj["spec"].get("strategy") or {}).get("type") == "Recreate", (
        f"{doc.where}: spec.strategy.type must be Recreate so two never overlap"
    )
    for d in _k8s_docs():
        if d.obj["kind"] == "HorizontalPodAutoscaler":
            assert d.obj["spec"]["scaleTargetRef"]["name"] != doc.obj["metadata"]["name"], (
                f"{d.where}: the scheduler must not autoscale"
            )


def test_k8s_migrate_job() -> None:
    doc, _ = _k8s_app_container("migrate")
    pod = _pod_spec(doc)
    assert pod.get("restartPolicy") in ("Never", "OnFailure"), f"{doc.where}: restartPolicy"
    assert doc.obj["spec"].get("backoffLimit") is not None, f"{doc.where}: spec.backoffLimit"


# --- optional: the real tools, when installed ----------------------------------------------------
