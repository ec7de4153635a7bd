#!/bin/sh
# Entry point of every image of this project: turns secret files into environment variables, then runs
# the command (exec, so the application stays PID 1 and receives SIGTERM itself).
#
# The applications read their settings from the environment only (workers/config.ts, the engine's
# application.yaml). Docker Compose and Swarm hand secrets over as files in /run/secrets/<target>:
# every such file whose name is an environment variable name (A-Z, 0-9, _; not starting with a
# digit), e.g. /run/secrets/ENGINE_PASSWORD, becomes that variable, its trailing newlines removed.
# A variable that is already set and not empty is kept: an explicit setting wins over a file.
# Other files (postgres_password, modeler-users.json) are left alone. Kubernetes passes Secrets as
# variables directly (envFrom / secretKeyRef), so there the folder is usually absent.
#
# SECRETS_ENV_DIR moves the folder (for tests); nothing in the deployment sets it.
set -eu

dir="${SECRETS_ENV_DIR:-/run/secrets}"
if [ -d "$dir" ]; then
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    name="${file##*/}"
    case "$name" in
      '' | [0-9]* | *[!A-Z0-9_]*) continue ;;
    esac
    eval "current=\${$name:-}"
    [ -z "$current" ] || continue
    value="$(cat "$file")"
    export "$name=$value"
  done
fi

if [ "$#" -eq 0 ]; then
  echo "secrets-env: no command given" >&2
  exit 64
fi
exec "$@"
