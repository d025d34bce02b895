#!/usr/bin/env bash
# Runs the storage test suite on a real PostgreSQL as well as PGlite: a private, throwaway
# cluster in a temp folder on PG_TEST_PORT (default 55432), started and stopped here; and the
# several-instances suite (tests/integration/, `next start` on INSTANCES_TEST_PORT..+2, default
# 3311–3313), which needs a production build (`npm run build`).
# Installs Debian's postgresql first when it is missing and we are root (scripts/ensure-postgres.sh).
# With TEST_DATABASE_URL already set, uses that database instead (its tables are dropped!).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  exec npx vitest run --no-file-parallelism tests/unit/storage.test.ts tests/unit/saved-configs.test.ts tests/unit/jobs.test.ts tests/unit/shared-limits.test.ts tests/integration/instances.test.ts
fi

PORT="${PG_TEST_PORT:-55432}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

bash scripts/ensure-postgres.sh
BIN="$(bin_dir)"
DIR="$(mktemp -d /tmp/moa-pg-XXXXXX)"
AS=()
# Postgres refuses to run as root.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on port $PORT"

TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres" npx vitest run --no-file-parallelism tests/unit/storage.test.ts tests/unit/saved-configs.test.ts tests/unit/jobs.test.ts tests/unit/shared-limits.test.ts tests/integration/instances.test.ts
