# The modeler UI with the staff workbench (/tasks): modeler-ui/server, `npm run modeler`.
# Build from the repository root:
#   docker build -f deploy/containers/modeler.Dockerfile -t anquan-modeler .
# Ignore rules: modeler.Dockerfile.dockerignore beside this file.
#
# Keeps the development dependencies, unlike the workers' image: at run time the server imports
# esbuild (it checks the browser bundles' build stamp at every start), bpmnlint with
# bpmnlint-plugin-camunda-compat (the live checks and the deploy checks) and runs on tsx (the deploy
# code uses TypeScript that Node's type stripping refuses). Both browser apps are built here, at
# image build time, and the runtime stage has exactly the sources they were built from, so the
# server finds them up to date and never builds at run time (the root filesystem may be read-only).
# Configuration: the environment keys of workers/config.ts only; secrets also as files
# /run/secrets/<KEY> (secrets-env.sh). Nothing secret is baked into the image.

# ---- build: all dependencies, then the two browser bundles (var/modeler-web, var/workbench-web) ----
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
# No install scripts: esbuild finds its platform binary without its own, and the "node"
# devDependency's download is not wanted here (the image has its Node).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY workers ./workers
COPY deploy ./deploy
COPY modeler-ui ./modeler-ui
COPY workbench ./workbench
COPY processes ./processes
RUN node --import tsx modeler-ui/server/web/build-cli.ts

# ---- runtime ----
FROM node:24.21.0-bookworm-slim
# Listen on every interface of the container (the default 127.0.0.1 is for a workstation); keep the
# saved versions and deploy records in var/state (a volume); read the logins from a mounted file:
# the demo user file modeler-ui/users.json is not in the image (modeler.Dockerfile.dockerignore).
ENV NODE_ENV=production \
    MODELER_HOST=0.0.0.0 \
    MODELER_HISTORY_DIR=var/state/modeler-history \
    DEPLOY_RECORD_FILE=var/state/deployments.json \
    MODELER_USERS_FILE=/run/secrets/modeler-users.json
WORKDIR /app
COPY --chmod=0755 deploy/containers/secrets-env.sh /usr/local/bin/secrets-env
COPY --chmod=0755 deploy/containers/http-probe.sh /usr/local/bin/http-probe
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/workers ./workers
COPY --from=build /app/deploy ./deploy
COPY --from=build /app/modeler-ui ./modeler-ui
COPY --from=build /app/workbench ./workbench
COPY --from=build --chown=1000:1000 /app/processes ./processes
COPY --from=build /app/var/modeler-web ./var/modeler-web
COPY --from=build /app/var/workbench-web ./var/workbench-web
# var/state: saved versions and deploy records (a volume in Compose and Kubernetes); processes/ is
# where 保存 writes diagrams and forms (a volume too, first filled from the image).
RUN mkdir -p /app/var/state && chown 1000:1000 /app/var/state

# The image's own user "node" (uid 1000), never root.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=3 \
  CMD http-probe "${MODELER_PORT:-3000}" /api/health
STOPSIGNAL SIGTERM
ENTRYPOINT ["secrets-env"]
CMD ["node", "--import", "tsx", "modeler-ui/server/main.ts"]
