#!/usr/bin/env bash
# The statistics pages under load, against a release build and a generated data set
# (1,000,000 cases by default), on loopback at concurrency 4:
#   - the national return for the last whole financial year (Q4), as IOPC staff see it;
#   - one force's Q4 return, the largest force's (the Metropolitan Police Service), as its PSD
#     sees it, and as IOPC staff see it (beside its most similar group and England and Wales);
#   - the timeliness dashboard, national;
#   - the case page on its own, then again while a client asks for the national return over
#     and over.
# Each return and the dashboard is measured beside pgbench replaying the exact SQL one request
# runs, in the same run. Prints requests per second and p50/p95/p99 of each, and the ratios:
# page / raw SQL throughput (target >= 0.5), the national return's p95 (target < 1 s) and the
# case page's throughput while the return loops / alone (target >= 0.8).
#
#   scripts/bench-statistics.sh                 # 1,000,000 cases
#   CASES=200000 REQUESTS=40 DURATION=10s scripts/bench-statistics.sh
#
# The data set is generated once into target/bench-data-$CASES and reused afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONCURRENCY=${CONCURRENCY:-4}
PORT=${PORT:-18183}
# Each return is measured over a fixed number of requests (REQUESTS, at the concurrency), so
# that a slow one still ends, and warmed by WARM before its SQL is captured. The case page is
# measured for DURATION.
REQUESTS=${REQUESTS:-200}
WARM=${WARM:-20}
source scripts/bench-lib.sh

start_server
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
# Restarted, so that the first requests below find the database's own cache empty (and the
# operating system's too, where this machine lets it be dropped).
kill "$server"
wait "$server" 2>/dev/null || true
sync
{ echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null && echo "operating system cache dropped" || true
start_server

sign_in() {
  curl -fs -c "$WORK/jar-$1" -o /dev/null \
    --data-urlencode "email=$1" --data-urlencode "password=demo-password-2026" "$BASE/sign-in"
  echo "oversight_session=$(awk '$6 == "oversight_session" {print $7}' "$WORK/jar-$1")"
}
IOPC=$(sign_in caseworker@iopc.example)
MET=$(sign_in psd@met.example)

# The last financial year that has ended: April to March, a year before this one's start.
year=$(date +%Y)
(($(date +%-m) < 4)) && year=$((year - 1))
Q4="period=quarter&year=$((year - 1))&quarter=4"
CASE_ID=$("${PSQL[@]}" -c "select case_id from case_record where kind = 'complaint' and stage = 'under_investigation' order by case_id limit 1")

declare -A PATHS=(
  [national]="/statistics?$Q4"
  [force]="/statistics?$Q4"
  [force_iopc]="/statistics?$Q4&force=met"
  [timeliness]="/statistics/timeliness"
)
declare -A COOKIES=([national]=$IOPC [force]=$MET [force_iopc]=$IOPC [timeliness]=$IOPC)
names=(national force force_iopc timeliness)

# The first request of each page, from the cold start above.
for name in "${names[@]}"; do
  curl -fs -o /dev/null -w "%{time_total}\n" -H "Cookie: ${COOKIES[$name]}" "$BASE${PATHS[$name]}" >"$WORK/$name.cold"
done

for name in "${names[@]}"; do
  capture_sql "${PATHS[$name]}" "${COOKIES[$name]}" "$WORK/$name.sql"
done

echo "measuring ($REQUESTS requests a page, concurrency $CONCURRENCY; the case page for $DURATION)…"
for name in "${names[@]}"; do
  oha --no-tui --output-format json -c "$CONCURRENCY" -n "$REQUESTS" -H "Cookie: ${COOKIES[$name]}" \
    "$BASE${PATHS[$name]}" >"$WORK/$name.json"
  # The same number of replays of its SQL, shared among the pgbench clients.
  run_pgbench "$WORK/$name.sql" "$((REQUESTS / CONCURRENCY))"
  mv "$WORK/pgbench.txt" "$WORK/$name.pgbench"
done
measure case_alone "/cases/$CASE_ID" "$IOPC"
# One client asking for the national return without pause, as a busy statistics team would.
oha --no-tui -c 1 -z "$(( ${DURATION%s} + 4 ))s" -H "Cookie: $IOPC" "$BASE${PATHS[national]}" >/dev/null &
loop=$!
sleep 2
measure case_loaded "/cases/$CASE_ID" "$IOPC"
wait "$loop"

python3 - "$WORK" "${names[@]}" <<'EOF'
import json, re, sys
work, names = sys.argv[1], sys.argv[2:]
labels = {"national": "national return, Q4", "force": "Met PSD's own return, Q4",
          "force_iopc": "IOPC's view of the Met, Q4", "timeliness": "timeliness dashboard, national",
          "case_alone": "case page", "case_loaded": "case page, return looping"}
def oha(name):
    d = json.load(open(f"{work}/{name}.json"))
    p = d.get("latencyPercentiles", {})
    ms = lambda k: (p.get(k) or 0) * 1000
    return (d["summary"]["requestsPerSec"] or 0, ms("p50"), ms("p95"), ms("p99"),
            d.get("statusCodeDistribution", {}))
print(f"{'measurement':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'cold ms':>9}  statuses")
rows = {}
for name in names + ["case_alone", "case_loaded"]:
    rows[name] = oha(name)
    rps, p50, p95, p99, ok = rows[name]
    try:
        cold = f"{float(open(f'{work}/{name}.cold').read()) * 1000:9.0f}"
    except OSError:
        cold = f"{'':>9}"
    print(f"{labels[name]:<34}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{cold}  {ok}")
print()
for name in names:
    text = open(f"{work}/{name}.pgbench").read()
    tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
    statements = sum(1 for line in open(f"{work}/{name}.sql") if line.rstrip().endswith(";"))
    print(f"{labels[name] + ' / its raw SQL':<48} {rows[name][0] / tps:5.2f}  "
          f"({rows[name][0]:.1f} against {tps:.1f}; {statements} statements)  (target >= 0.5)")
print(f"{'national return p95':<48} {rows['national'][2]:5.0f} ms  (target < 1000 ms)")
print(f"{'case page while the return loops / alone':<48} "
      f"{rows['case_loaded'][0] / rows['case_alone'][0]:5.2f}  (target >= 0.8)")
EOF
