# syntax=docker/dockerfile:1.7
# The Alur application image: one image, four commands (see docker-compose.yml and infra/k8s/):
#   api        uvicorn alur.app:create_app --factory --host 0.0.0.0 --port 8000   (default CMD)
#   worker     dramatiq alur_workers.actors --processes 2 --threads 4
#   scheduler  python -m alur_workers.scheduler
#   migrate    alur db migrate && alur tenants sync                               (one-shot)
# Build from the repository root:  docker build -f infra/docker/api.Dockerfile -t alur:local .

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:22-bookworm-slim

# --- 1. the SPA: frontend/ -> frontend/dist ---------------------------------------------------
FROM ${NODE_IMAGE} AS spa
WORKDIR /src/frontend
# package-lock.json is required: `npm ci` installs exactly what it pins.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- 2. the Python package, installed into a virtualenv ---------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml requirements.lock ./
COPY backend/ backend/
COPY workers/ workers/
COPY infra/devstack/ infra/devstack/
# A regular (non-editable) install: the runtime stage has no source tree. requirements.lock
# (the development lock) serves as constraints: the runtime dependencies get exactly its
# versions, and its development tools are not installed.
RUN pip install --constraint requirements.lock .

# --- 3. runtime --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to uvicorn / dramatiq / the scheduler and reaps children.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 alur \
    && useradd --system --uid 10001 --gid alur --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin alur
COPY --from=build /opt/venv /opt/venv
COPY --from=spa /src/frontend/dist /app/frontend/dist
COPY tenants/ /app/tenants/
# The package is installed in site-packages, so the settings' repository-relative defaults
# for the tenants and SPA directories do not apply: point them at what this image ships.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ALUR_TENANTS_DIR=/app/tenants \
    ALUR_SPA_DIR=/app/frontend/dist
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# Compose `command:` and Kubernetes `args:` replace CMD only, so tini stays PID 1.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["uvicorn", "alur.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
