#!/usr/bin/env bash
# bench/load/run.sh's open-loop load on the cluster instead of one server
# (issue 17): deploy/cluster.sh's topology (three Galera nodes, two replicas
# of each service and of the matcher behind HAProxy) in a folder and on ports
# of its own, the demo's posts seeded through HAProxy, the load's seekers
# registered, then jobmatch-load at rising rates until some call's p99
# passes 50 ms, every call through HAProxy with TLS and tokens. Its figures
# stand beside run.sh's (README, "Open-loop load"). No perf profile here:
# run.sh has one, on one process per service.
#
#   bench/load/on_cluster.sh
#
# Settings (environment): LOAD_RATES (calls/s, in order; "25 50 100 150 200
# 300"), LOAD_DURATION (measured seconds a step, 20), LOAD_MIX (jobmatch-load
# --mix), LOAD_PEOPLE (2000), LOAD_WATCHERS (200), LOAD_DEMO_ARGS
# (jobmatch-demo-postings flags), LOAD_OUT (var/load/cluster-DATE: steps.md,
# summary.tsv, run.log), JOBMATCH_CLUSTER_PORT_BASE (24600: ports
# 24600-24799). Needs `deploy/build.sh` first.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$SRC/build}
RATES=${LOAD_RATES:-25 50 100 150 200 300}
DURATION=${LOAD_DURATION:-20}
OUT=${LOAD_OUT:-$SRC/var/load/cluster-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
exec > >(tee "$OUT/run.log") 2>&1

export JOBMATCH_BUILD_DIR=$BUILD
export JOBMATCH_CLUSTER_PORT_BASE=${JOBMATCH_CLUSTER_PORT_BASE:-24600}
JOBMATCH_CLUSTER_DIR=$(mktemp -d /tmp/jobmatch-cluster-load-XXXXXX)
export JOBMATCH_CLUSTER_DIR
DIR=$JOBMATCH_CLUSTER_DIR
B=$JOBMATCH_CLUSTER_PORT_BASE
CA=$DIR/certs/ca.pem
cluster() { "$SRC/deploy/cluster.sh" "$@"; }
# shellcheck source=bench/load/steps.sh
source "$SRC/bench/load/steps.sh"
load_sql() { cluster sql "$@"; }
EVENTS_SCHEMA=jobmatch_events
cleanup() {
  cluster stop >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r)"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); uptime: $(uptime)"
cluster start >"$OUT/cluster.log" 2>&1 || fail "the cluster did not start: $(tail -3 "$OUT/cluster.log")"
cluster status | sed 's/^/cluster: /'

# The load's callers, as bench/load/platform.sh mints them, under the cluster's key.
cluster token "$DIR/app.token" --role=service --subject=city-app \
  --audience=postings,events,matcher --ttl=2h || fail "minting the app's token"
cluster token "$DIR/host.token" --role=live_host --subject=load-host-1 --sessions=$SESSION \
  --audience=events --ttl=2h || fail "minting the host's token"

seed_demo 127.0.0.1:$((B + 51)) "$CA" "$DIR/certs/admin.token" "$OUT/demo-postings.log" \
  || fail "demo postings loader: $(tail -3 "$OUT/demo-postings.log")"

load_flags 127.0.0.1:$((B + 51)) 127.0.0.1:$((B + 52)) 127.0.0.1:$((B + 53)) 127.0.0.1:$((B + 54)) \
  "$CA" "$DIR/app.token" "$DIR/host.token" "$DIR/certs/admin.token"
COMMON=("${LOAD_FLAGS[@]}" --people="${LOAD_PEOPLE:-2000}" --watchers="${LOAD_WATCHERS:-200}"
        --duration_seconds="$DURATION")
[ -n "${LOAD_MIX:-}" ] && COMMON+=(--mix="$LOAD_MIX")
run_steps || fail "jobmatch-load failed"
echo "== results in $OUT"
