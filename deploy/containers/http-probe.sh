#!/bin/bash
# Health check of the images (Docker HEALTHCHECK): http-probe PORT PATH exits 0 when
# http://127.0.0.1:PORT/PATH answers 2xx within the time limit, 1 otherwise. It needs only bash
# (its /dev/tcp), so the runtime images carry no curl or wget. Kubernetes probes the same paths
# with its own httpGet probes and does not use this script.
set -u

if [ "$#" -ne 2 ]; then
  echo "usage: http-probe PORT PATH" >&2
  exit 2
fi
port="$1"
path="$2"
case "$port" in '' | *[!0-9]*) echo "http-probe: bad port '$port'" >&2; exit 2 ;; esac
case "$path" in /*) ;; *) echo "http-probe: path must start with /" >&2; exit 2 ;; esac
limit="${HTTP_PROBE_TIMEOUT_SECONDS:-5}"

{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nUser-Agent: http-probe\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
IFS= read -r -t "$limit" status <&3 || exit 1
exec 3<&-
case "$status" in
  HTTP/1.[01]\ 2[0-9][0-9]*) exit 0 ;;
  *) exit 1 ;;
esac
