#!/usr/bin/env bash
# The web console in a real browser against the running platform: starts the
# postings, profiles, events and matcher binaries over TLS on free ports
# (the end-to-end harness, schemas of this run), loads the demo (a few
# hundred posts, deploy/demo.sh's people, applications and a hire in the
# village campaign), starts jobmatch-console with the development sign-in
# and a feed token for live counters, and runs browser_test.js in headless
# Chromium. Screenshots and results.json go to $JOBMATCH_CONSOLE_TEST_OUT
# (default BUILD_DIR/tests/console/out).
#
# The dashboard's first load with the full demo (the 长株潭 fair's 90,000
# posts), checked against the 1 s bar:
#   JOBMATCH_CONSOLE_FAIR_POSTS=90000 JOBMATCH_CONSOLE_CHECK_BAR=1 ctest -R console_browser -V
#
#   console_browser_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
E2E_NAME=console
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"

require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events matcher/service/jobmatch-matcher clients/jobctl/jobctl \
  services/postings/jobmatch-demo-postings services/common/jobmatch-migrate \
  services/common/jobmatch-token services/console/jobmatch-console
NODE_MODULES=$BUILD/services/console/web/node_modules
STATIC=$BUILD/services/console/static
[ -f "$NODE_MODULES/puppeteer-core/package.json" ] || fail "npm packages not installed (build step)"
[ -f "$STATIC/vendor/echarts.min.js" ] || fail "console pages not built"
CHROMIUM=${CHROMIUM:-$(command -v chromium)}
[ -x "$CHROMIUM" ] || fail "chromium is not installed (deploy/install-deps.sh)"
OUT=${JOBMATCH_CONSOLE_TEST_OUT:-$BUILD/tests/console/out}
rm -rf "$OUT" && mkdir -p "$OUT"

read -r P_POST P_PROF P_EVENTS P_MATCH < <(free_ports 4)
migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key")
unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE
make_certs
mint "$WORK/matcher.token" --role=service --subject=matcher --audience=postings,profiles,events --ttl=1h
mint "$WORK/feed.token" --role=service --subject=console-feed --audience=events --ttl=1h
mint "$WORK/admin.token" --role=admin --subject=e2e-admin --audience=postings,profiles,events,matcher --ttl=1h
export JOBMATCH_CA_FILE=$WORK/certs/ca.pem JOBMATCH_TOKEN_FILE=$WORK/admin.token

start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${SECURE[@]}" \
  --trusted_import_sources=czt-fair-2026,spring-breeze-2026,village-outreach-2026,demo-village-fair
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" --data_key_file="$WORK/profiles.key" "${SECURE[@]}"
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
  --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
  "${SECURE[@]}"

JOBCTL=$BUILD/clients/jobctl/jobctl
TARGETS=(--postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF --events=127.0.0.1:$P_EVENTS
         --matcher=127.0.0.1:$P_MATCH)
ask() { "$JOBCTL" "${TARGETS[@]}" --deadline=5s "$@"; }
wait_for postings ask campaigns list
wait_for profiles ask profiles list
wait_for events ask feed tail --count=1 --timeout=1s

"$BUILD/services/postings/jobmatch-demo-postings" --target=127.0.0.1:$P_POST \
  --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/admin.token" \
  --employers=40 --fair_posts="${JOBMATCH_CONSOLE_FAIR_POSTS:-200}" --spring_posts=50 --village_posts=120 \
  >"$WORK/demo-postings.log" 2>&1 \
  || fail "demo postings loader"
start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:$P_MATCH \
  --events=127.0.0.1:$P_EVENTS --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF \
  "${SECURE[@]}" --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/matcher.token"
wait_for matcher ask recommend posts --profile=nobody

DEMO_OUT=$WORK/demo
JOBCTL=$JOBCTL JOBCTL_ARGS="${TARGETS[*]}" JOBMATCH_DEMO_OUT=$DEMO_OUT JOBMATCH_BUILD_DIR=$BUILD \
  "$SRC/deploy/demo.sh" >"$WORK/demo.log" 2>&1 || fail "deploy/demo.sh exited non-zero"
CAMPAIGN=$(ask --json campaigns list --kind VILLAGE_OUTREACH | field campaign_id | head -1)
[ -n "$CAMPAIGN" ] || fail "no village campaign"
CZT_CAMPAIGN=$(ask --json campaigns list --kind CZT_GRADUATE_SEASON | field campaign_id | head -1)

# Applications of the demo's people to their best village post, and one hire,
# so the dashboard has figures beyond posts to show. The hire goes first to
# 段小军 (脱贫劳动力), the group the village campaign keeps places for, so a
# reserved place is used.
hired=0
POVERTY=$(grep '"name":"段小军"' "$DEMO_OUT/people.json" | field profile_id)
for id in $POVERTY $(field profile_id <"$DEMO_OUT/people.json" | grep -vx "${POVERTY:-none}"); do
  post=$(ask --json recommend posts --profile "$id" --campaign "$CAMPAIGN" --limit 1 | field post_id | head -1)
  [ -n "$post" ] || continue
  ask applications apply --profile "$id" --post "$post" --request_id "console-apply-$id" >/dev/null \
    || fail "apply $id $post"
  if [ $hired -eq 0 ]; then
    ask applications hire --profile "$id" --post "$post" >/dev/null || fail "hire $id $post"
    hired=1
  fi
done
[ $hired -eq 1 ] || fail "no demo person had a village post to apply to"

# The employer's post: one the plan places someone in, preferably with a
# LOW_INCOME candidate (staff see the status, the employer must not); and a
# post of another employer.
PLAN_POSTS=$(ask --json plan --campaign "$CAMPAIGN" | python3 -c '
import json, sys
for line in sys.stdin:
    for d in json.loads(line).get("dockets", []):
        for a in d.get("assignments", []):
            print(a["post_id"])' | sort -u)
OWN_POST=""
SENSITIVE_SHOWN=0
for p in $PLAN_POSTS; do
  [ -n "$OWN_POST" ] || OWN_POST=$p
  if ask --json recommend seekers --post "$p" --limit 50 | grep -q KEY_GROUP_LOW_INCOME; then
    OWN_POST=$p SENSITIVE_SHOWN=1
    break
  fi
done
ask --json posts list --campaign "$CAMPAIGN" --state OPEN --all >"$WORK/posts.json" || fail "posts list"
read -r OWN_EMPLOYER OTHER_POST < <(python3 -c '
import json, sys
posts = []
for line in open(sys.argv[1]):
    if line.strip():
        m = json.loads(line)
        posts += m.get("posts", [m] if "post_id" in m else [])
own = next(p for p in posts if p["post_id"] == sys.argv[2])
other = next(p for p in posts if p["employer_id"] != own["employer_id"])
print(own["employer_id"], other["post_id"])' "$WORK/posts.json" "$OWN_POST")
[ -n "$OWN_POST" ] && [ -n "$OTHER_POST" ] || fail "two employers' posts not found"
PLACED=$(ask plan --campaign "$CAMPAIGN" | sed -n 's/.*: \([0-9]*\) people placed.*/\1/p')
[ -n "$PLACED" ] || fail "plan"
PLACED_GREEDY=$(ask plan --campaign "$CAMPAIGN" --mode GREEDY | sed -n 's/.*: \([0-9]*\) people placed.*/\1/p')
[ -n "$PLACED_GREEDY" ] || fail "greedy plan"

# The live session's audience: every demo person watches console-live-1 (one
# jobctl stream each, until its first pushed post). The host page pushes
# LIVE_POST, a village post recommended to one of them, so at least one
# viewer is eligible; each watcher's log says whether the push reached it.
LIVE_SESSION=console-live-1
WATCHERS=0
for id in $(field profile_id <"$DEMO_OUT/people.json"); do
  start "watch-$id" "$JOBCTL" "${TARGETS[@]}" --json live watch --profile "$id" \
    --session $LIVE_SESSION --count 1 --timeout 600s
  WATCHERS=$((WATCHERS + 1))
done
LIVE_POST=""
for id in $(field profile_id <"$DEMO_OUT/people.json"); do
  LIVE_POST=$(ask --json recommend posts --profile "$id" --campaign "$CAMPAIGN" --limit 1 | field post_id | head -1)
  [ -n "$LIVE_POST" ] && break
done
[ -n "$LIVE_POST" ] || fail "no village post to push live"
SENSITIVE_VIEWER=$(grep '"name":"罗春梅"' "$DEMO_OUT/people.json" | field profile_id)
watching() { ask --json live audience --session $LIVE_SESSION | sed -n 's/.*"watching":\([0-9]*\).*/\1/p' | head -1; }
for _ in $(seq 1 80); do [ "$(watching)" = "$WATCHERS" ] && break; sleep 0.25; done
[ "$(watching)" = "$WATCHERS" ] || fail "the matcher counts $(watching) of $WATCHERS viewers watching"

start console "$BUILD/services/console/jobmatch-console" --listen=127.0.0.1:0 \
  --port_file="$WORK/console.port" --tls_cert_file="$WORK/certs/server.pem" \
  --tls_key_file="$WORK/certs/server.key" --token_public_key_file="$WORK/certs/token.pub" \
  --dev_signin_key_file="$WORK/certs/token.key" --feed_token_file="$WORK/feed.token" \
  --ca_file="$WORK/certs/ca.pem" --static_dir="$STATIC" --regions_file="$SRC/deploy/refdata/regions.csv" \
  --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF --events=127.0.0.1:$P_EVENTS \
  --matcher=127.0.0.1:$P_MATCH
for _ in $(seq 1 40); do [ -s "$WORK/console.port" ] && break; sleep 0.25; done
[ -s "$WORK/console.port" ] || fail "the console did not start"

echo "console browser test: platform and demo ready after $SECONDS s"
JOBCTL_CMD=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$JOBCTL" "${TARGETS[@]}" --deadline=20s)
CONSOLE_URL="https://127.0.0.1:$(cat "$WORK/console.port")" NODE_MODULES=$NODE_MODULES OUT=$OUT \
  JOBCTL_CMD=$JOBCTL_CMD CAMPAIGN=$CAMPAIGN OWN_POST=$OWN_POST OWN_EMPLOYER=$OWN_EMPLOYER \
  OTHER_POST=$OTHER_POST PLACED=$PLACED PLACED_GREEDY=$PLACED_GREEDY SENSITIVE_SHOWN=$SENSITIVE_SHOWN CZT_CAMPAIGN=$CZT_CAMPAIGN \
  LIVE_SESSION=$LIVE_SESSION LIVE_POST=$LIVE_POST WATCHERS=$WATCHERS \
  WATCH_LOGS=$WORK SENSITIVE_VIEWER=$SENSITIVE_VIEWER \
  CHROMIUM=$CHROMIUM CHECK_BAR=${JOBMATCH_CONSOLE_CHECK_BAR:-0} \
  node "$SRC/tests/console/browser_test.js" || fail "browser checks failed (screenshots in $OUT)"
echo "console browser test: screenshots and results in $OUT"
