#!/usr/bin/env bash
# Metrics and alerts end to end: the real postings, profiles, events and
# matcher binaries with --metrics_port and --rpc_log, scraped every second by
# a real Prometheus (deploy/prometheus.sh, the rules of
# deploy/prometheus/alerts.yml). Calls made with jobctl are read back through
# Prometheus's HTTP API (/api/v1/query): the exact counts by method and code,
# an INVALID_ARGUMENT among them. Then the postings service is killed (-9)
# and the ServiceDown alert must fire (/api/v1/alerts). The call log must
# hold one JSON line per call.
#
#   metrics_flow_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
E2E_NAME=metrics
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"
# shellcheck source=tests/e2e/prometheus_api.sh
source "$SRC/tests/e2e/prometheus_api.sh"

require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events matcher/service/jobmatch-matcher clients/jobctl/jobctl \
  services/common/jobmatch-migrate
command -v prometheus >/dev/null || fail "prometheus is not installed (deploy/install-deps.sh)"

read -r P_POST P_PROF P_EVENTS P_MATCH M_POST M_PROF M_EVENTS M_MATCH P_PROM < <(free_ports 9)
export JOBMATCH_PROM_DIR=$WORK/prometheus JOBMATCH_PROM_PORT=$P_PROM
export JOBMATCH_PROM_SCRAPE_INTERVAL=1s JOBMATCH_PROM_EVAL_INTERVAL=1s
trap '"$SRC/deploy/prometheus.sh" stop; cleanup' EXIT

migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key")
unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE
DEV=(--plaintext_development)
start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${DEV[@]}" \
  --metrics_port=$M_POST --rpc_log="$WORK/postings.rpc.jsonl"
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" --data_key_file="$WORK/profiles.key" \
  "${DEV[@]}" --metrics_port=$M_PROF --rpc_log="$WORK/profiles.rpc.jsonl"
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
  --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
  "${DEV[@]}" --keepalive=1s --metrics_port=$M_EVENTS --rpc_log="$WORK/events.rpc.jsonl" \
  --notifications_file="$WORK/notifications.jsonl"
start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:$P_MATCH \
  --events=127.0.0.1:$P_EVENTS --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF \
  "${DEV[@]}" --metrics_port=$M_MATCH

"$SRC/deploy/prometheus.sh" start postings=127.0.0.1:$M_POST profiles=127.0.0.1:$M_PROF \
  events=127.0.0.1:$M_EVENTS matcher=127.0.0.1:$M_MATCH >"$WORK/prometheus-start.log" 2>&1 \
  || fail "prometheus did not start: $(cat "$WORK/prometheus-start.log")"

JOBCTL=$BUILD/clients/jobctl/jobctl
admin() { "$JOBCTL" --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF --role=admin "$@"; }
wait_for postings admin --deadline=2s campaigns list
wait_for profiles admin --deadline=2s profiles list

# A PromQL query's single value ("" when it has no result), from the HTTP API.
promql() { prom_query "$P_PROM" "$1"; }
# Waits (up to $3 s) until the query's value is $2; fails the test otherwise.
expect_value() {  # query want [seconds]
  local got=""
  for _ in $(seq 1 "${3:-30}"); do
    got=$(promql "$1")
    [ "$got" = "$2" ] && return 0
    sleep 1
  done
  fail "Prometheus: $1 is '$got', not $2"
}
# Waits (up to 30 s) until the query (a filter) has a result.
expect_some() {  # query
  for _ in $(seq 1 30); do
    [ -n "$(promql "$1")" ] && return 0
    sleep 1
  done
  fail "Prometheus: nothing matches $1"
}

# Every target scraped, the matcher's index ready and following the feed.
for job in postings profiles events matcher; do expect_value "up{job=\"$job\"}" 1 60; done
expect_value 'jobmatch_matcher_ready' 1 60
expect_some 'jobmatch_feed_lag_seconds{job="matcher",follower="matcher"} < 5'
expect_some 'jobmatch_feed_lag_seconds{job="events",follower="notifier"} < 5'
expect_some "jobmatch_feed_lag_seconds{job=\"events\",follower=\"relay/${PREFIX}postings\"} < 5"
expect_value 'jobmatch_db_pool_max_connections{job="events"}' 32

# Seven campaign lists and one employer with a malformed credit code.
CALLS=7
for i in $(seq 1 $CALLS); do admin campaigns list >/dev/null || fail "campaigns list $i"; done
admin employers create --name 株洲测试物流 --credit_code 123 --region 430203 >"$WORK/bad.out" 2>&1 \
  && fail "a malformed credit code was accepted"
grep -q INVALID_ARGUMENT "$WORK/bad.out" || fail "not INVALID_ARGUMENT: $(cat "$WORK/bad.out")"

# wait_for's polls above were ListCampaigns calls too: count them from the log.
polls=$(grep -c '"method":"ListCampaigns"' "$WORK/postings.rpc.jsonl")
[ "$polls" -ge $CALLS ] || fail "the call log has $polls ListCampaigns lines, fewer than $CALLS"
H='grpc_server_handled_total{job="postings",grpc_service="jobmatch.v1.PostingsService"'
expect_value "sum(${H},grpc_method=\"ListCampaigns\",grpc_code=\"OK\"})" "$polls"
expect_value "sum(${H},grpc_method=\"CreateEmployer\",grpc_code=\"INVALID_ARGUMENT\"})" 1
expect_value "sum(${H},grpc_method=\"CreateEmployer\"})" 1
expect_value "sum(grpc_server_handling_seconds_count{job=\"postings\",grpc_method=\"ListCampaigns\"})" "$polls"
expect_value "sum(grpc_server_started_total{job=\"postings\",grpc_method=\"CreateEmployer\"})" 1

# The call log: one JSON object per line, the refused call with its code.
python3 - "$WORK/postings.rpc.jsonl" <<'PY' || fail "postings.rpc.jsonl is not one JSON object per line"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
records = [json.loads(l) for l in lines]
bad = [r for r in records if r["method"] == "CreateEmployer"]
assert len(bad) == 1 and bad[0]["code"] == "INVALID_ARGUMENT" and bad[0]["role"] == "admin", bad
assert all(set(r) >= {"time", "service", "method", "code", "duration_ms"} for r in records)
PY

# A service dies: the alert fires within its 30 s `for`, plus scrapes.
kill -9 "${PIDS[0]}"
for _ in $(seq 1 90); do
  firing=$(prom_firing "$P_PROM")
  case " $firing " in *" ServiceDown/postings/"*) break ;; esac
  sleep 1
done
case " $firing " in
  *" ServiceDown/postings/"*) ;;
  *) fail "ServiceDown did not fire for postings (firing: '$firing')" ;;
esac
case " $firing " in
  *" ServiceDown/profiles/"* | *" ServiceDown/events/"* | *" ServiceDown/matcher/"*)
    fail "ServiceDown fired for a service that runs: $firing" ;;
esac
echo "PASS: metrics read back through Prometheus; ServiceDown fired for the killed postings service"
