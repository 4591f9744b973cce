#!/usr/bin/env bash
# The public pages under load, against a release build and a generated data set (1,000,000
# cases by default), on loopback at concurrency 16:
#   - the status page of a signed-in complainant, beside pgbench replaying the exact SQL one
#     status request runs (captured from the database's statement log);
#   - /published with a text search, and its first page unfiltered.
# Prints requests per second and p50/p95/p99 for each, pgbench's transactions per second,
# and the status-page/raw-SQL throughput ratio (target >= 0.5), all measured in one run so a
# noisy machine moves both sides alike.
#
#   scripts/bench-public.sh                 # 1,000,000 cases, 15 s per measurement
#   CASES=200000 DURATION=10s scripts/bench-public.sh
#
# The data set is generated once into target/bench-data-$CASES (shared with
# scripts/bench-staff.sh) and reused. Generated cases have no published recommendations, so
# the first run publishes one for every 50 cases (20,000 at a million), with their texts drawn
# from a small vocabulary. The complainant's session is created directly in the database for
# a complaint under investigation (its token is known to this script only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONCURRENCY=${CONCURRENCY:-16}
# Database connections of the service: on a 2-core machine more connections than cores only
# add context switches between Postgres backends (OVERSIGHT_DB_POOL_SIZE, README).
POOL_SIZE=${POOL_SIZE:-8}
PORT=${PORT:-18182}
source scripts/bench-lib.sh

start_server

# Published recommendations: one for every 50 cases, once.
published=$("${PSQL[@]}" -c "select count(*) from recommendation where stage = 'published'")
wanted=$((CASES / 50))
if ((published < wanted)); then
  echo "publishing $wanted recommendations (once)"
  "${PSQL[@]}" <<SQL
insert into recommendation (case_id, recipient_force_id, title, recommendation_text, made_on, response_due_on,
                            stage, response, response_action, response_received_on, published_on, publication_summary)
select c.case_id, c.force_id,
       (array['Custody checks', 'Handling of 999 calls', 'Use of force training', 'Stop and search records',
              'Body-worn video retention', 'Domestic abuse risk assessment', 'Missing person searches',
              'Mental health crisis response'])[1 + n % 8] || ' at ' || f.name,
       'The force should review its ' ||
       (array['custody', 'call handling', 'use of force', 'stop and search', 'body-worn video',
              'domestic abuse', 'missing person', 'mental health'])[1 + n % 8] ||
       ' procedures, train its officers and staff in them, and check within six months that they are followed ('
       || n || ').',
       m.made_on, m.made_on + 56, 'published',
       (array['accepted', 'partially_accepted', 'not_accepted']::recommendation_response[])[1 + n % 3],
       'The force has revised its guidance and briefed its officers.',
       m.made_on + 40, m.made_on + 55,
       'An investigation found that ' ||
       (array['custody', 'call handling', 'use of force', 'stop and search', 'body-worn video',
              'domestic abuse', 'missing person', 'mental health'])[1 + (n / 8) % 8] ||
       ' procedures were not followed.'
from (select case_id, force_id, row_number() over (order by case_id) as n
        from case_record where received_on < current_date - 200 and iopc_reference is not null
        order by case_id limit $wanted) c
join police_force f on f.police_force_id = c.force_id
cross join lateral (select current_date - 60 - (c.n % 2500)::int as made_on) m;
SQL
fi
"${PSQL[@]}" -c "vacuum analyze" >/dev/null

# A complainant's session on a complaint under investigation, with a token only we know.
TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
CC=$("${PSQL[@]}" -c "select cc.case_complainant_id from case_complainant cc join case_record c using (case_id)
                        where c.kind = 'complaint' and c.stage = 'under_investigation' and cc.role = 'complainant'
                        order by cc.case_complainant_id limit 1")
"${PSQL[@]}" -c "delete from complainant_session where created_at < now() - interval '1 day'" \
  -c "insert into complainant_session (session_token_hash, case_complainant_id, csrf_token)
      values (sha256(convert_to('$TOKEN', 'UTF8')), '$CC', md5(random()::text) || md5(random()::text))" >/dev/null
COOKIE="oversight_complainant=$TOKEN"
curl -fs -o /dev/null -H "Cookie: $COOKIE" "$BASE/status" || { echo "the status page did not answer" >&2; exit 1; }
page=$(curl -fs -H "Cookie: $COOKIE" "$BASE/status")
[[ $page == *"govuk-caption-l"* ]] || { echo "not signed in" >&2; exit 1; }

# The SQL one status request runs, captured with its parameters.
capture_sql "/status" "$COOKIE" "$WORK/status.sql"
statements=$(grep -c ';$' "$WORK/status.sql" || true)

echo "measuring ($DURATION each, concurrency $CONCURRENCY, pool of $POOL_SIZE connections)…"
measure status "/status" "$COOKIE"
run_pgbench "$WORK/status.sql"
measure published_search "/published?q=custody+procedures"
measure published_first "/published"
"${PSQL[@]}" -c "delete from complainant_session where case_complainant_id = '$CC'" >/dev/null

python3 - "$WORK" "$statements" <<'EOF'
import json, re, sys
work, statements = sys.argv[1], sys.argv[2]
rows = {}
for name in ["status", "published_search", "published_first"]:
    d = json.load(open(f"{work}/{name}.json"))
    p = d.get("latencyPercentiles", {})
    ok = d.get("statusCodeDistribution", {})
    rows[name] = (d["summary"]["requestsPerSec"], p.get("p50", 0) * 1000, p.get("p95", 0) * 1000, p.get("p99", 0) * 1000, ok)
print(f"{'measurement':<38}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
labels = {"status": "status page (signed-in complainant)", "published_search": "/published, a search",
          "published_first": "/published, first page"}
for name, (rps, p50, p95, p99, ok) in rows.items():
    print(f"{labels[name]:<38}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}  {ok}")
text = open(f"{work}/pgbench.txt").read()
tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
lat = re.search(r"latency average = ([0-9.]+) ms", text)
print(f"{'pgbench, the status page SQL':<38}{tps:>9.1f}{float(lat.group(1)) if lat else 0:>9.1f} (average)  ({statements} statement(s) a page)")
print()
print(f"status page / raw SQL throughput:     {rows['status'][0] / tps:.2f}  (target >= 0.5)")
EOF
