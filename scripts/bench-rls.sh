#!/usr/bin/env bash
# What row-level security costs the scoped lists (migration 0054), against a release build and
# a generated data set (1,000,000 cases by default), on loopback at concurrency 8. Each page is
# measured with the policies on, then off (row-level security disabled on the case tables for
# the measurement), then on again, in the same run, so a noisy machine moves both sides alike;
# it prints requests per second for each and the ratio on/off (target >= 0.9: under 10%).
#
#   scripts/bench-rls.sh
#   CASES=200000 DURATION=8s scripts/bench-rls.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-18183}
source scripts/bench-lib.sh

start_server
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
TABLES=$("${PSQL[@]}" -c "select string_agg(relname, ' ') from pg_class where relrowsecurity")
rls() {
  for t in $TABLES; do echo "alter table $t $1 row level security;"; done | "${PSQL[@]}" >/dev/null
}
trap 'rls enable 2>/dev/null || true; kill "${server:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

sign_in() {
  curl -fs -c "$WORK/jar" -o /dev/null \
    --data-urlencode "email=$1" --data-urlencode "password=demo-password-2026" "$BASE/sign-in"
  echo "oversight_session=$(awk '$6 == "oversight_session" {print $7}' "$WORK/jar")"
}
IOPC=$(sign_in caseworker@iopc.example)
MET=$(sign_in psd@met.example)

pages=(
  "national first page|/cases|$IOPC"
  "national filter|/cases?kind=dsi_matter&stage=under_investigation|$IOPC"
  "national search|/cases?q=custody|$IOPC"
  "Met first page|/cases|$MET"
  "Met search|/cases?q=custody|$MET"
  "recommendations|/recommendations|$IOPC"
)
echo "measuring ($DURATION each, concurrency $CONCURRENCY, $CASES cases)…"
for round in on off on2; do
  if [[ $round == off ]]; then rls disable; else rls enable; fi
  for i in "${!pages[@]}"; do
    IFS='|' read -r _ path cookie <<<"${pages[$i]}"
    measure "$round-$i" "$path" "$cookie"
  done
done

python3 - "$WORK" "${pages[@]}" <<'PY'
import json, sys
work, pages = sys.argv[1], sys.argv[2:]
rps = lambda name: json.load(open(f"{work}/{name}.json"))["summary"]["requestsPerSec"]
print(f"{'page':<26}{'RLS on':>10}{'RLS off':>10}{'on/off':>8}")
worst = 1e9
for i, page in enumerate(pages):
    label = page.split("|")[0]
    on = (rps(f"on-{i}") + rps(f"on2-{i}")) / 2
    off = rps(f"off-{i}")
    worst = min(worst, on / off)
    print(f"{label:<26}{on:>10.1f}{off:>10.1f}{on / off:>8.2f}")
print(f"\nworst on/off throughput ratio: {worst:.2f}  (target >= 0.90)")
PY
