#!/usr/bin/env bash
# Restores a backup made by backup.sh into two EMPTY databases, then the engine and the workers are started
# on them as usual: running instances go on where they were, due timers fire, and jobs run again only where
# the engine had not recorded them, each finding its side effect in the ledger.
#
#   deploy/backup/restore.sh <folder> <engine database URL> <ledger database URL>
#
# Create the databases first (createdb, owned by the application's role). The engine nodes and the workers
# must be stopped while restoring.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "用法 / usage: $0 <备份目录 folder> <引擎数据库 engine database URL> <台账数据库 ledger database URL>" >&2
  exit 2
fi
folder=$1
engine_url=$2
ledger_url=$3

for dump in engine.dump ledger.dump; do
  if [ ! -s "$folder/$dump" ]; then
    echo "备份目录 $folder 中缺少 $dump / $dump is missing from $folder" >&2
    exit 2
  fi
done

# Restoring over live data would mix two states of the procedures: refuse anything but an empty database.
for url in "$engine_url" "$ledger_url"; do
  tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
    --command="select count(*) from information_schema.tables where table_schema = 'public'")
  if [ "$tables" != "0" ]; then
    echo "数据库 ${url%%\?*} 不是空库（已有 $tables 张表），不恢复 / database ${url%%\?*} is not empty ($tables tables); nothing restored" >&2
    exit 2
  fi
done

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$engine_url" "$folder/engine.dump"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$ledger_url" "$folder/ledger.dump"
echo "已恢复 / restored: engine and ledger from $folder"
