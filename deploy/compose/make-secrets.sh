#!/bin/sh
# Makes the secret files that compose.yaml reads, in secrets/ beside this script, with random values.
# A file that exists is kept, so a second run changes nothing; delete a file to make it anew (and
# change the value where it is already in use: PostgreSQL keeps the password of its first start).
#
#   sh deploy/compose/make-secrets.sh
#
# The folder is readable by its owner only; the files in it are world-readable so that the
# containers' users (uid 10001, 1000) can read them through the bind mounts Compose makes.
# modeler-users.json gets one process-owner login, anwei-ban, whose password is printed once: its
# bcrypt hash is made with the repository's bcryptjs, so run this from a checkout after npm install
# (or write the file yourself, format in modeler-ui/README.md).
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
dir="$here/secrets"
mkdir -p "$dir"
chmod 700 "$dir"

random() {
  # 36 bytes of randomness as 48 characters of [A-Za-z0-9] (no character that needs quoting in a URL).
  head -c 64 /dev/urandom | base64 | tr -d '\n+/=' | cut -c1-48
}

write() {
  if [ -e "$dir/$1" ]; then
    echo "kept    secrets/$1"
    return
  fi
  printf '%s\n' "$2" >"$dir/$1"
  chmod 644 "$dir/$1"
  echo "created secrets/$1"
}

write postgres_password "$(random)"
write ledger_database_url "postgres://anquan:$(cat "$dir/postgres_password")@postgres:5432/anquan_ledger"
write engine_admin_password "$(random)"
write engine_password "$(random)"
write user_token_secret "$(random)"
write modeler_session_secret "$(random)"

if [ -e "$dir/modeler-users.json" ]; then
  echo "kept    secrets/modeler-users.json"
else
  owner_password="$(random | cut -c1-20)"
  (cd "$here/../.." && OWNER_PASSWORD="$owner_password" node --input-type=module -e '
    import bcrypt from "bcryptjs";
    const hash = bcrypt.hashSync(process.env.OWNER_PASSWORD, 10);
    const users = [{ username: "anwei-ban", displayName: "安委办", passwordHash: hash, groups: ["anwei-ban"] }];
    process.stdout.write(JSON.stringify({ users }, null, 2) + "\n");
  ') >"$dir/modeler-users.json.tmp"
  mv "$dir/modeler-users.json.tmp" "$dir/modeler-users.json"
  chmod 644 "$dir/modeler-users.json"
  echo "created secrets/modeler-users.json: modeler login anwei-ban, password $owner_password"
fi
