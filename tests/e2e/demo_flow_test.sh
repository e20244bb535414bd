#!/usr/bin/env bash
# End-to-end test of the run command's demo: starts the real service binaries
# on free loopback ports against the test MariaDB (schemas unique to this run,
# dropped afterwards), loads a small demo data set, runs deploy/demo.sh and
# checks what it did: the fair file's usable rows imported, every person with
# at least one recommendation that gives a reason, a village plan that places
# people, and the pushed post received by the watching viewer.
#
#   demo_flow_test.sh BUILD_DIR SOURCE_DIR [tls]
#
# With `tls` the services run as deploy/run.sh starts them: TLS with a
# private CA and a bearer token on every call (certificates and tokens made
# for this run), and the demo finds its CA and admin token in
# JOBMATCH_CA_FILE / JOBMATCH_TOKEN_FILE; otherwise everything is plaintext.
set -uo pipefail
BUILD=$1
SRC=$2
MODE=${3:-plaintext}
E2E_NAME=
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"

require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events matcher/service/jobmatch-matcher clients/jobctl/jobctl \
  services/postings/jobmatch-demo-postings services/common/jobmatch-migrate

read -r P_POST P_PROF P_EVENTS P_MATCH < <(free_ports 4)
migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key")

unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE
if [ "$MODE" = tls ]; then
  make_certs
  mint "$WORK/matcher.token" --role=service --subject=matcher --audience=postings,profiles,events --ttl=1h
  mint "$WORK/admin.token" --role=admin --subject=e2e-admin --audience=postings,profiles,events,matcher --ttl=1h
  LOADER=(--ca_file="$WORK/certs/ca.pem" --token_file="$WORK/admin.token")
  MATCHER_CLIENT=(--ca_file="$WORK/certs/ca.pem" --token_file="$WORK/matcher.token")
  export JOBMATCH_CA_FILE=$WORK/certs/ca.pem
  export JOBMATCH_TOKEN_FILE=$WORK/admin.token
else
  SECURE=(--plaintext_development)
  LOADER=(--plaintext_development)
  MATCHER_CLIENT=()
fi

# The demo's imports stand for the bureau's own fairs: trusted, so published
# without moderation.
start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${SECURE[@]}" \
  --trusted_import_sources=czt-fair-2026,spring-breeze-2026,village-outreach-2026,demo-village-fair
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" --data_key_file="$WORK/profiles.key" \
  "${SECURE[@]}"
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
  --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
  "${SECURE[@]}"
# No database password on any command line (what `ps` shows every user):
# each is in its file. Bash's own tests, so no process carries one to look.
for f in "$WORK"/secrets/db-*.password; do
  pw=$(<"$f")
  for c in /proc/[0-9]*/cmdline; do
    args=$(tr '\0' ' ' <"$c" 2>/dev/null) || continue
    [[ $args == *"$pw"* ]] && fail "a database password shows on a command line: $args"
  done
done

JOBCTL=$BUILD/clients/jobctl/jobctl
TARGETS="--postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF --events=127.0.0.1:$P_EVENTS --matcher=127.0.0.1:$P_MATCH"
# shellcheck disable=SC2086
ask() { "$JOBCTL" $TARGETS --deadline=2s "$@"; }
wait_for postings ask campaigns list
wait_for profiles ask profiles list
wait_for events ask feed tail --count=1 --timeout=1s

"$BUILD/services/postings/jobmatch-demo-postings" --target=127.0.0.1:$P_POST "${LOADER[@]}" \
  --employers=40 --fair_posts=200 --spring_posts=50 --village_posts=120 >"$WORK/demo-postings.log" 2>&1 \
  || fail "demo postings loader"

start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:$P_MATCH \
  --events=127.0.0.1:$P_EVENTS --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF \
  "${SECURE[@]}" "${MATCHER_CLIENT[@]}"
wait_for matcher ask recommend posts --profile=nobody

OUT=$WORK/out
JOBCTL=$JOBCTL JOBCTL_ARGS=$TARGETS JOBMATCH_DEMO_OUT=$OUT JOBMATCH_BUILD_DIR=$BUILD \
  "$SRC/deploy/demo.sh" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; fail "deploy/demo.sh exited non-zero"; }
cat "$WORK/demo.log"

# The fair file: 11 usable rows of registered employers (a duplicate, a
# repeated header, a row without title, one with an unknown place and one of
# an unregistered employer are left out); all are received and none refused.
grep -q '"received":11' "$OUT/import.json" || fail "import did not send 11 posts: $(cat "$OUT/import.json")"
grep -q '"created":11' "$OUT/import.json" || fail "import did not create 11 posts: $(cat "$OUT/import.json")"
grep -q '"failed"' "$OUT/import.json" && fail "import refused rows: $(cat "$OUT/import.json")"

# Six people, each with at least one recommendation carrying a reason.
[ "$(grep -c '"profile_id"' "$OUT/people.json")" -eq 6 ] || fail "not six people registered"
for id in $(sed -n 's/.*"profile_id":"\([^"]*\)".*/\1/p' "$OUT/people.json"); do
  [ -s "$OUT/rec-$id.json" ] || fail "no recommendation for $id"
  grep -q '"reasons":\[{[^]]*"text":"[^"]' "$OUT/rec-$id.json" || fail "no reason text for $id"
done

# The plan places people and writes their dockets.
placed=$(sed -n 's/.*: \([0-9]*\) people placed.*/\1/p' "$OUT/plan.txt")
[ -n "$placed" ] && [ "$placed" -gt 0 ] || fail "the plan placed nobody: $(head -3 "$OUT/plan.txt")"
[ "$(wc -l <"$OUT/plan/dockets.csv")" -gt 1 ] || fail "no docket rows"

# The watcher received the pushed post.
grep -q '^pushed ' "$OUT/watch.txt" || fail "the viewer received nothing"

# Run again: nothing new is created, the same people come back.
OUT2=$WORK/again
JOBCTL=$JOBCTL JOBCTL_ARGS=$TARGETS JOBMATCH_DEMO_OUT=$OUT2 JOBMATCH_BUILD_DIR=$BUILD \
  "$SRC/deploy/demo.sh" >"$WORK/demo-again.log" 2>&1 || { cat "$WORK/demo-again.log"; fail "second demo run"; }
grep -q '"unchanged":11' "$OUT2/import.json" || fail "second import changed posts: $(cat "$OUT2/import.json")"
grep -q '"created"' "$OUT2/import.json" && fail "second import created posts: $(cat "$OUT2/import.json")"
cmp -s <(sed -n 's/.*"profile_id":"\([^"]*\)".*/\1/p' "$OUT/people.json") \
  <(sed -n 's/.*"profile_id":"\([^"]*\)".*/\1/p' "$OUT2/people.json") || fail "second run registered other people"

# Every service did its work with its own user's rights: none was refused.
denied=$(grep -l -E "command denied|Access denied" "$WORK"/*.log)
[ -z "$denied" ] || fail "the database refused a service: $denied"

echo "demo flow ($MODE): 11 imported, 6 people recommended with reasons, $placed placed, live push delivered; a second run changed nothing"
