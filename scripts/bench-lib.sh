# What the two benchmark scripts share, sourced by each after setting CONCURRENCY, PORT and
# (optionally) POOL_SIZE: the release build, the generated data set, the server, capturing
# the SQL one request runs, and the measurements.
#
# Sets CASES, DURATION, DATA, BASE, WORK (removed on exit), BIN and PSQL.

CASES=${CASES:-1000000}
DURATION=${DURATION:-15s}
DATA=${BENCH_DATA_DIR:-$PWD/target/bench-data-$CASES}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; wait "${server:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

scripts/setup.sh
command -v oha >/dev/null || { echo "installing oha (cargo install oha)"; cargo install oha --locked; }
command -v pgbench >/dev/null || PATH="$PATH:/usr/lib/postgresql/15/bin"
command -v pgbench >/dev/null || { echo "pgbench is missing: apt-get install postgresql-client" >&2; exit 1; }
SQLX_OFFLINE=true cargo build --release --quiet
BIN=target/release/oversight
unset DATABASE_URL
PSQL=(psql -X -q -At "postgresql://postgres@/oversight?host=$DATA/socket&port=5432")

if [[ ! -f $DATA/.generated ]]; then
  echo "generating $CASES cases into $DATA (once)"
  mkdir -p "$DATA"
  "$BIN" demo --data-dir "$DATA" --synthetic 0 >/dev/null
  "$BIN" generate --data-dir "$DATA" --cases "$CASES"
  touch "$DATA/.generated"
fi

# Starts the service on the data set and waits until it answers.
start_server() {
  ${POOL_SIZE:+env OVERSIGHT_DB_POOL_SIZE=$POOL_SIZE} "$BIN" serve --data-dir "$DATA" \
    --bind "127.0.0.1:$PORT" --no-demo >"$WORK/server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$BASE/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }
}

# capture_sql path cookie out: the SQL one request for `path` runs, with its parameters,
# from the database's statement log, as a pgbench script in `out`. The pool is warmed first:
# a connection's first use of each enum type costs a type lookup that steady-state requests
# never pay: by WARM requests (60 unless set), enough for every connection of the pool.
capture_sql() {
  for _ in $(seq "${WARM:-60}"); do curl -fs -o /dev/null -H "Cookie: $2" "$BASE$1"; done
  local log="$DATA/postgres.log" before
  "${PSQL[@]}" -c "alter system set log_statement = 'all'" -c "select pg_reload_conf()" >/dev/null
  sleep 1
  before=$(wc -l <"$log")
  curl -fs -o /dev/null -H "Cookie: $2" "$BASE$1"
  sleep 1
  "${PSQL[@]}" -c "alter system reset log_statement" -c "select pg_reload_conf()" >/dev/null
  tail -n +"$((before + 1))" "$log" | python3 scripts/bench_sql_from_log.py >"$3"
}

# measure name path [cookie]: oha's JSON report in $WORK/name.json. A short warm-up first,
# so the pools are full and the caches warm (pgbench leaves its connection set-up out of its
# figure too).
measure() {
  oha --no-tui -c "$CONCURRENCY" -z 2s ${3:+-H "Cookie: $3"} "$BASE$2" >/dev/null
  oha --no-tui --output-format json -c "$CONCURRENCY" -z "$DURATION" ${3:+-H "Cookie: $3"} "$BASE$2" >"$WORK/$1.json"
}

# run_pgbench script [count]: pgbench replaying `script` into $WORK/pgbench.txt, under the
# application role as the service runs it (PostgreSQL checks table privileges for it): for
# DURATION, or `count` times by each client.
run_pgbench() {
  local limit=(-T "${DURATION%s}")
  [[ -n ${2:-} ]] && limit=(-t "$2")
  PGOPTIONS="-c role=oversight_app" \
    pgbench -n -M prepared -c "$CONCURRENCY" -j 2 "${limit[@]}" -f "$1" \
    -h "$DATA/socket" -p 5432 -U postgres oversight >"$WORK/pgbench.txt" 2>&1
}
