# Starts the whole platform for a load run, as deploy/run.sh does (the real
# binaries, TLS with a private CA, a bearer token on every call, each service
# as its own database user), on loopback ports of its own, and seeds it with
# the demo's posts. Sourced after BUILD, SRC and E2E_NAME are set, with
# JOBMATCH_TEST_DB_URL naming a running MariaDB (and JOBMATCH_DB_DIR its
# folder, for the root password); uses tests/e2e/harness.sh, so everything it
# starts is stopped, and its schemas dropped, when the script exits.
#
# LOAD_PORTS="P Q R S" picks the postings, profiles, events and matcher ports
# (default: free ones); LOAD_DEMO_ARGS passes flags to jobmatch-demo-postings
# (default: the demo's full 90,000-post fair). Sets P_POST P_PROF P_EVENTS
# P_MATCH, the PID_* of each service, LOAD_FLAGS (targets, CA and token files
# for jobmatch-load) and SESSION.
# shellcheck shell=bash
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"
# shellcheck source=bench/load/steps.sh
source "$SRC/bench/load/steps.sh"
load_sql() { db_sh sql "$@"; }
EVENTS_SCHEMA=${PREFIX}events

require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events matcher/service/jobmatch-matcher \
  services/postings/jobmatch-demo-postings services/common/jobmatch-migrate \
  services/common/jobmatch-health clients/load/jobmatch-load

if [ -n "${LOAD_PORTS:-}" ]; then
  read -r P_POST P_PROF P_EVENTS P_MATCH <<<"$LOAD_PORTS"
else
  read -r P_POST P_PROF P_EVENTS P_MATCH < <(free_ports 4)
fi
migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key")
make_certs
# The tokens deploy/run.sh mints, and the load's own callers: the city app's
# backend (a trusted service), the live host of one session, staff for setup.
mint "$WORK/matcher.token" --role=service --subject=matcher --audience=postings,profiles,events --ttl=2h
mint "$WORK/notifier.token" --role=service --subject=notifier --audience=matcher --ttl=2h
mint "$WORK/admin.token" --role=admin --subject=load-admin --audience=postings,profiles,events,matcher --ttl=2h
mint "$WORK/app.token" --role=service --subject=city-app --audience=postings,events,matcher --ttl=2h
mint "$WORK/host.token" --role=live_host --subject=load-host-1 --sessions=$SESSION --audience=events --ttl=2h
CA=$WORK/certs/ca.pem

healthy() {  # port
  "$BUILD/services/common/jobmatch-health" --target="127.0.0.1:$1" --ca_file="$CA" --wait="${2:-60s}" \
    >/dev/null 2>&1 || fail "the service on port $1 is not serving"
}

start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${SECURE[@]}" \
  --trusted_import_sources=czt-fair-2026,spring-breeze-2026,village-outreach-2026,demo-village-fair
PID_POSTINGS=${PIDS[-1]}
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" --data_key_file="$WORK/profiles.key" \
  "${SECURE[@]}"
PID_PROFILES=${PIDS[-1]}
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
  --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
  "${SECURE[@]}" --notifications_file="$WORK/notifications.jsonl" \
  --matcher=127.0.0.1:$P_MATCH --ca_file="$CA" --token_file="$WORK/notifier.token"
PID_EVENTS=${PIDS[-1]}
for port in $P_POST $P_PROF $P_EVENTS; do healthy "$port"; done

seed_demo 127.0.0.1:$P_POST "$CA" "$WORK/admin.token" "$WORK/demo-postings.log" \
  || fail "demo postings loader: $(tail -3 "$WORK/demo-postings.log")"

start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:$P_MATCH \
  --events=127.0.0.1:$P_EVENTS --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF \
  "${SECURE[@]}" --ca_file="$CA" --token_file="$WORK/matcher.token"
PID_MATCHER=${PIDS[-1]}
healthy "$P_MATCH" 300s

load_flags 127.0.0.1:$P_POST 127.0.0.1:$P_PROF 127.0.0.1:$P_EVENTS 127.0.0.1:$P_MATCH "$CA" \
  "$WORK/app.token" "$WORK/host.token" "$WORK/admin.token"
