# The external-task workers (workers/, `npm run workers`), all topics in one process.
# Build from the repository root:
#   docker build -f deploy/containers/workers.Dockerfile -t anquan-workers .
# Ignore rules: workers.Dockerfile.dockerignore beside this file.
#
# Runs on Node 24's own TypeScript support (type stripping), so the image needs no tsx and keeps only
# the production dependencies (npm ci --omit=dev); test/unit/deploy/containers checks that everything
# the workers import is strippable and a production dependency. Configuration: the environment keys
# of workers/config.ts only; secrets also as files /run/secrets/<KEY> (secrets-env.sh). Nothing
# secret is baked into the image.

# ---- dependencies: production only, no install scripts (none of the workers' packages needs one) ----
FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----
FROM node:24.21.0-bookworm-slim
# The monitoring endpoint listens on every interface of the container (its default 127.0.0.1 is for
# a workstation): Kubernetes probes and Prometheus reach it on the pod's address.
ENV NODE_ENV=production \
    WORKERS_METRICS_HOST=0.0.0.0
WORKDIR /app
COPY --chmod=0755 deploy/containers/secrets-env.sh /usr/local/bin/secrets-env
COPY --chmod=0755 deploy/containers/http-probe.sh /usr/local/bin/http-probe
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY workers ./workers
# Jurisdiction profiles, calendar overrides, the recipient directory and the 双随机 registers.
COPY processes ./processes
# var/: mailbox, public page, 调度表 (PUBLIC_DIR, NOTIFY_MAILBOX_DIR, REPORTS_DIR); a shared volume
# in Compose and Kubernetes, so both replicas write to one place.
RUN mkdir -p /app/var && chown 1000:1000 /app/var

# The image's own user "node" (uid 1000), never root.
USER 1000:1000
# Health and metrics server (WORKERS_METRICS_PORT, default 9400): /health/live, /health/ready, /metrics.
EXPOSE 9400
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=3 \
  CMD http-probe "${WORKERS_METRICS_PORT:-9400}" /health/ready
STOPSIGNAL SIGTERM
ENTRYPOINT ["secrets-env"]
CMD ["node", "workers/main.ts"]
