#!/usr/bin/env bash
# Backs up both databases of a production installation: the engine's (act_* tables) and the workers' ledger.
#
#   deploy/backup/backup.sh <engine database URL> <ledger database URL> <folder>
#   e.g. deploy/backup/backup.sh postgres://anquan@db/anquan postgres://anquan@db/anquan_ledger /backups/2026-12-02
#
# Run it while everything keeps running: pg_dump reads one consistent snapshot per database. The engine is
# dumped first and the ledger second, on purpose: the ledger copy is then at least as new as the engine's,
# so after a restore every job the engine runs again finds its side effect (notice, letter, ledger row)
# already recorded under its key and does not repeat it. Passwords come from PGPASSWORD or ~/.pgpass,
# never from the command line.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "用法 / usage: $0 <引擎数据库 engine database URL> <台账数据库 ledger database URL> <备份目录 folder>" >&2
  exit 2
fi
engine_url=$1
ledger_url=$2
folder=$3

if [ -e "$folder" ] && [ -n "$(ls -A "$folder" 2>/dev/null)" ]; then
  echo "备份目录 $folder 不为空，不覆盖已有备份 / folder $folder is not empty; an existing backup is never overwritten" >&2
  exit 2
fi
mkdir -p "$folder"

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pg_dump --format=custom --no-owner --no-privileges --file="$folder/engine.dump" "$engine_url"
engine_done=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pg_dump --format=custom --no-owner --no-privileges --file="$folder/ledger.dump" "$ledger_url"
ledger_done=$(date -u +%Y-%m-%dT%H:%M:%SZ)

cat > "$folder/manifest.txt" <<MANIFEST
started     $started
engine.dump $engine_done
ledger.dump $ledger_done
order       engine first, ledger second
MANIFEST
echo "已备份 / backed up: $folder/engine.dump, $folder/ledger.dump"
