#!/usr/bin/env bash
# Refreshes the committed offline query data (.sqlx/) that lets the project build without a
# database. Run it after changing a query!/query_as! macro or a migration. It starts a
# throwaway PostgreSQL cluster, applies the migrations, runs `cargo sqlx prepare` and stops.
# Needs sqlx-cli: cargo install sqlx-cli --locked --no-default-features --features postgres,rustls
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
dir=$(mktemp -d /tmp/oversight-sqlx.XXXXXX)
chmod 755 "$dir"
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT

"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" start -w -D "$dir/data" -l "$dir/log" \
  -o "-c listen_addresses='' -k $dir -p 5432" >/dev/null
export DATABASE_URL="postgresql://postgres@localhost/oversight?host=$dir&port=5432"
sqlx database create
sqlx migrate run --source migrations >/dev/null
if [ "${1:-}" = "--shell" ]; then
  echo "DATABASE_URL=$DATABASE_URL (exit the shell to stop the database)"
  "${SHELL:-bash}"
else
  cargo sqlx prepare -- --all-targets
fi
