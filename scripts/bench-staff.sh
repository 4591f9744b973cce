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

CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-18181}
source scripts/bench-lib.sh

start_server
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
capture_sql "/cases/$CASE_ID" "$COOKIE" "$WORK/case_page.sql"
statements=$(grep -c ';$' "$WORK/case_page.sql" || true)

echo "measuring ($DURATION each, concurrency $CONCURRENCY)…"
measure first_page "/cases" "$COOKIE"
measure filter "/cases?kind=dsi_matter&stage=under_investigation" "$COOKIE"
measure search "/cases?q=custody" "$COOKIE"
measure page_1000 "$PAGE_1000" "$COOKIE"
measure case_page "/cases/$CASE_ID" "$COOKIE"
run_pgbench "$WORK/case_page.sql"

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
