# syntax=docker/dockerfile:1.7
# nginx serving the built SPA and proxying /api, /auth, /health and /schema to the `api` service.
# Build from the repository root:  docker build -f infra/docker/web.Dockerfile -t alur-web:local .

ARG NODE_IMAGE=node:22-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

FROM ${NODE_IMAGE} AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# nginx-unprivileged runs as uid 101 and listens on 8080.
FROM ${NGINX_IMAGE} AS runtime
COPY infra/docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=spa /src/frontend/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
