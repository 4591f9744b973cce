#!/usr/bin/env bash
# Staff pages under load, against a release build and a generated data set (1,000,000 cases by
# default), on loopback at concurrency 8:
#   - the cases list: first page, a filter, a search, and the 1,000th page reached by keyset;
#   - the case page, beside pgbench replaying the exact SQL one case-page request runs.
# Prints requests per second and p50/p95/p99 for each, the deepest-page/first-page ratio
# (target < 1.5) and the case-page/raw-SQL throughput ratio (target >= 0.5). Both ratios are
# measured in the same run, so a noisy machine moves both sides alike.
#
#   scripts/bench-staff.sh                 # 1,000,000 cases, 15 s per measurement
#   CASES=200000 DURATION=10s scripts/bench-staff.sh
#
# The data set is generated once into target/bench-data-$CASES and reused afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CASES=${CASES:-1000000}
DURATION=${DURATION:-15s}
CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-18181}
DATA=${BENCH_DATA_DIR:-$PWD/target/bench-data-$CASES}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; wait "${server:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

scripts/setup.sh
command -v oha >/dev/null || { echo "installing oha (cargo install oha)"; cargo install oha --locked; }
command -v pgbench >/dev/null || { echo "pgbench is missing: apt-get install postgresql-client" >&2; exit 1; }
SQLX_OFFLINE=true cargo build --release --quiet
BIN=target/release/oversight
unset DATABASE_URL

if [[ ! -f $DATA/.generated ]]; then
  echo "generating $CASES cases into $DATA (once)"
  mkdir -p "$DATA"
  "$BIN" demo --data-dir "$DATA" --synthetic 0 >/dev/null
  "$BIN" generate --data-dir "$DATA" --cases "$CASES"
  touch "$DATA/.generated"
fi

"$BIN" serve --data-dir "$DATA" --bind "127.0.0.1:$PORT" --no-demo >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }
PSQL=(psql -X -q -At "postgresql://postgres@/oversight?host=$DATA/socket&port=5432")
"${PSQL[@]}" -c "vacuum analyze" >/dev/null

# Sign in as the IOPC caseworker, who sees every force's cases.
curl -fs -c "$WORK/jar" -o /dev/null \
  --data-urlencode "email=caseworker@iopc.example" --data-urlencode "password=demo-password-2026" "$BASE/sign-in"
COOKIE="oversight_session=$(awk '$6 == "oversight_session" {print $7}' "$WORK/jar")"

# The 1,000th page, reached by following "Next" links as a user would.
url="/cases"
for _ in $(seq 999); do
  url=$(curl -fs -H "Cookie: $COOKIE" "$BASE$url" | grep -o 'href="/cases?[^"]*after=[^"]*"' | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
  [[ -n $url ]] || { echo "ran out of pages before page 1,000" >&2; exit 1; }
done
PAGE_1000=$url
CASE_ID=$("${PSQL[@]}" -c "select case_id from case_record where kind = 'complaint' and stage = 'under_investigation' order by case_id limit 1")

# The SQL one case-page request runs, captured from the server's log with its parameters.
# Warm the pool first: a connection's first use of each enum type costs a type lookup that
# steady-state requests never pay.
for _ in $(seq 60); do curl -fs -o /dev/null -H "Cookie: $COOKIE" "$BASE/cases/$CASE_ID"; done
LOG="$DATA/postgres.log"
"${PSQL[@]}" -c "alter system set log_statement = 'all'" -c "select pg_reload_conf()" >/dev/null
sleep 1
before=$(wc -l <"$LOG")
curl -fs -o /dev/null -H "Cookie: $COOKIE" "$BASE/cases/$CASE_ID"
sleep 1
"${PSQL[@]}" -c "alter system reset log_statement" -c "select pg_reload_conf()" >/dev/null
tail -n +"$((before + 1))" "$LOG" | python3 scripts/bench_sql_from_log.py >"$WORK/case_page.sql"
statements=$(grep -c ';$' "$WORK/case_page.sql" || true)

measure() { # name url
  # A short warm-up first, so the pools are full and the caches warm (pgbench leaves its
  # connection set-up out of its figure too).
  oha --no-tui -c "$CONCURRENCY" -z 2s -H "Cookie: $COOKIE" "$BASE$2" >/dev/null
  oha --no-tui --output-format json -c "$CONCURRENCY" -z "$DURATION" -H "Cookie: $COOKIE" "$BASE$2" >"$WORK/$1.json"
}
echo "measuring ($DURATION each, concurrency $CONCURRENCY)…"
measure first_page "/cases"
measure filter "/cases?kind=dsi_matter&stage=under_investigation"
measure search "/cases?q=custody"
measure page_1000 "$PAGE_1000"
measure case_page "/cases/$CASE_ID"
# As the service does: under the application role, which PostgreSQL checks table privileges for.
PGOPTIONS="-c role=oversight_app" \
  pgbench -n -M prepared -c "$CONCURRENCY" -j 2 -T "${DURATION%s}" -f "$WORK/case_page.sql" \
  -h "$DATA/socket" -p 5432 -U postgres oversight >"$WORK/pgbench.txt" 2>&1

python3 - "$WORK" "$statements" <<'EOF'
import json, re, sys
work, statements = sys.argv[1], sys.argv[2]
rows = {}
for name in ["first_page", "filter", "search", "page_1000", "case_page"]:
    d = json.load(open(f"{work}/{name}.json"))
    p = d.get("latencyPercentiles", {})
    ok = d.get("statusCodeDistribution", {})
    rows[name] = (d["summary"]["requestsPerSec"], p.get("p50", 0) * 1000, p.get("p95", 0) * 1000, p.get("p99", 0) * 1000, ok)
print(f"{'measurement':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
labels = {"first_page": "cases list, first page", "filter": "cases list, a filter", "search": "cases list, a search",
          "page_1000": "cases list, page 1,000 (keyset)", "case_page": "case page"}
for name, (rps, p50, p95, p99, ok) in rows.items():
    print(f"{labels[name]:<34}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}  {ok}")
tps = float(re.search(r"tps = ([0-9.]+)", open(f"{work}/pgbench.txt").read()).group(1))
print(f"{'pgbench, the case page SQL':<34}{tps:>9.1f}   ({statements} statements a page)")
print()
print(f"deepest page / first page latency (p50): {rows['page_1000'][1] / rows['first_page'][1]:.2f}  (target < 1.5)")
print(f"first page / deepest page throughput:    {rows['first_page'][0] / rows['page_1000'][0]:.2f}  (target < 1.5)")
print(f"case page / raw SQL throughput:          {rows['case_page'][0] / tps:.2f}  (target >= 0.5)")
EOF
