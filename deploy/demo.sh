#!/usr/bin/env bash
# The run command's short demo of the whole flow, through jobctl: a fair's
# postings file imported (messy rows reported), one person of each key group
# registered, recommendations with their reasons, the village outreach plan,
# and a post pushed live to a watching viewer.
#
# Runs against the services deploy/run.sh started, with JOBMATCH_CA_FILE and
# JOBMATCH_TOKEN_FILE from it (TLS and an admin token); with neither set it
# calls plaintext development servers as admin. Running it again changes
# nothing that is already there.
#
#   JOBCTL             the jobctl binary (default: $JOBMATCH_BUILD_DIR/clients/jobctl/jobctl)
#   JOBCTL_ARGS        extra global flags, e.g. targets: "--postings=127.0.0.1:6001 ..."
#   JOBMATCH_DEMO_OUT  folder for the demo's JSON answers and plan CSV (default: a new temporary one)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
JOBCTL=${JOBCTL:-$BUILD/clients/jobctl/jobctl}
DEMO=$ROOT/clients/jobctl/demo
OUT=${JOBMATCH_DEMO_OUT:-$(mktemp -d /tmp/jobmatch-demo-XXXXXX)}
mkdir -p "$OUT"
read -r -a EXTRA <<<"${JOBCTL_ARGS:-}"
jobctl() { "$JOBCTL" "${EXTRA[@]}" "$@"; }
step() { printf '\n== %s\n' "$*"; }
# The value of a string field in one line of protobuf JSON.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }

if [ ! -x "$JOBCTL" ]; then echo "demo: $JOBCTL is not built" >&2; exit 1; fi

step "The village outreach campaign (百人百企进百村) the demo data loader created"
VILLAGE=$(jobctl --json campaigns list --kind VILLAGE_OUTREACH | field campaign_id)
if [ -z "$VILLAGE" ]; then echo "demo: no VILLAGE_OUTREACH campaign; load the demo postings first" >&2; exit 1; fi
jobctl campaigns list --kind VILLAGE_OUTREACH

step "Employers of the fair"
while IFS=, read -r name code region industry; do
  case "$name" in '#'*|'') continue ;; esac
  # ALREADY_EXISTS (7) on a second run is expected.
  jobctl employers create --name "$name" --credit_code "$code" --region "$region" \
    --industry "$industry" --request_id "demo-employer-$code" >/dev/null || [ $? -eq 7 ]
done <"$DEMO/employers.csv"
echo "$(grep -vc '^#' "$DEMO/employers.csv") employers registered"

step "Import the fair's postings file (messy rows are reported, the rest imported)"
status=0
jobctl --json import postings "$DEMO/fair_postings.csv" --source demo-village-fair \
  --campaigns "$VILLAGE" >"$OUT/import.json" || status=$?
# 8: imported, with rows left out (this file has some on purpose).
if [ $status -ne 0 ] && [ $status -ne 8 ]; then exit $status; fi
sed 's/[{}"]//g; s/,/  /g' "$OUT/import.json"

step "One jobseeker of each key group"
status=0
jobctl --json profiles create --file "$DEMO/people.jsonl" --request_id demo-people >"$OUT/people.json" || status=$?
if [ $status -ne 0 ] && [ $status -ne 8 ]; then exit $status; fi
id_of() { grep "\"name\":\"$1\"" "$OUT/people.json" | field profile_id; }
GRADUATE=$(id_of 刘晓雯); MIGRANT=$(id_of 谭建国); G4050=$(id_of 周桂兰)
LAID_OFF=$(id_of 陈志强); POVERTY=$(id_of 段小军); LOW_INCOME=$(id_of 罗春梅)
jobctl profiles declare --profile "$MIGRANT" --group RETURNING_MIGRANT --source 茶陵县人社局 \
  --request_id "demo-declare-$MIGRANT" >/dev/null
jobctl profiles declare --profile "$LAID_OFF" --group LAID_OFF --source 攸县就业服务中心 \
  --request_id "demo-declare-$LAID_OFF" >/dev/null
jobctl profiles import-groups "$DEMO/key_groups.jsonl" --source "民政数据共享 demo" \
  --request_id demo-key-groups >/dev/null
for id in "$GRADUATE" "$MIGRANT" "$G4050" "$LAID_OFF" "$POVERTY" "$LOW_INCOME"; do
  jobctl profiles get "$id" | tail -n +2
done | sed '1i (profile, name, age, sex, education, residence, ID number masked, key groups)'

step "Recommendations with reasons"
: >"$OUT/recommendations.json"
for id in "$GRADUATE" "$MIGRANT" "$G4050" "$LAID_OFF" "$POVERTY" "$LOW_INCOME"; do
  # The matcher follows the feed; a person registered a moment ago may need a
  # moment, and a matcher just started loads every current post and person
  # first, so this waits up to two minutes.
  for _ in $(seq 1 240); do
    jobctl --json recommend posts --profile "$id" --limit 3 >"$OUT/rec-$id.json" || true
    [ -s "$OUT/rec-$id.json" ] && break
    sleep 0.5
  done
  sed "s/^/{\"for\":\"$id\"} /" "$OUT/rec-$id.json" >>"$OUT/recommendations.json"
done
for id in "$GRADUATE" "$G4050" "$POVERTY"; do
  echo "-- for $id"
  jobctl recommend posts --profile "$id" --limit 3
done

step "Village plan (先有需求, 后有计划, 再有对接)"
jobctl plan --campaign "$VILLAGE" --regions 430225,430224,430223,430281 --csv "$OUT/plan" \
  | tee "$OUT/plan.txt" | head -n 40

step "Live push (直播送岗): a post pushed while a viewer watches"
POST=$(field post_id <"$OUT/rec-$GRADUATE.json")
if [ -z "$POST" ]; then echo "demo: no post to push" >&2; exit 1; fi
# The matcher delivers the push when it reaches it in the feed: at once,
# unless it was just started and is still loading.
jobctl live watch --profile "$GRADUATE" --count 1 --timeout 180s >"$OUT/watch.txt" 2>"$OUT/watch.err" &
WATCHER=$!
# The push reaches only streams already open: wait for the watcher's start line.
for _ in $(seq 1 20); do grep -q watching "$OUT/watch.err" 2>/dev/null && break; sleep 0.25; done
sleep 1
jobctl live push --post "$POST" --session demo-live-1 --host demo-host
for _ in $(seq 1 20); do [ -s "$OUT/watch.txt" ] && break; sleep 0.5; done
if [ ! -s "$OUT/watch.txt" ]; then
  # The stream may have opened after the push; push once more.
  jobctl live push --post "$POST" --session demo-live-1 --host demo-host
fi
status=0
wait "$WATCHER" || status=$?
echo "viewer $GRADUATE received:"
cat "$OUT/watch.txt"
if [ $status -ne 0 ]; then cat "$OUT/watch.err" >&2; exit $status; fi
echo "the session's audience, as its host's console shows it:"
jobctl live audience --session demo-live-1

step "Done; answers kept in $OUT"
