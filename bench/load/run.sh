#!/usr/bin/env bash
# Open-loop load on the whole platform (issue 19, item 5): starts a private
# MariaDB and the four services (real binaries, TLS, tokens) on ports of
# their own, seeds the demo's 90,000 posts, registers seekers, then runs
# jobmatch-load at rising rates until some call's p99 passes 50 ms, and
# profiles the busiest service with perf at the last sustained rate.
#
#   bench/load/run.sh
#
# Settings (environment): LOAD_RATES (calls/s, in order; "25 50 100 150 200
# 300 400 600 800"), LOAD_DURATION (measured seconds a step, 20), LOAD_MIX
# (jobmatch-load --mix), LOAD_PEOPLE (2000), LOAD_WATCHERS (200),
# LOAD_DB_PORT (a free port), LOAD_DB_DIR (var/loaddb), LOAD_PORTS ("P Q R S":
# the services; free ones), LOAD_DEMO_ARGS (jobmatch-demo-postings flags),
# LOAD_OUT (var/load/DATE: steps.md, summary.tsv, perf.txt, run.log),
# LOAD_PERF_SECONDS (15; 0 skips the profile), LOAD_ATTRIBUTE_RATE (10: each
# call kind alone at this rate, for its CPU per call in each process; 0
# skips). Needs `deploy/build.sh` first.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$SRC/build}
RATES=${LOAD_RATES:-25 50 100 150 200 300 400 600 800}
DURATION=${LOAD_DURATION:-20}
PERF_SECONDS=${LOAD_PERF_SECONDS:-15}
OUT=${LOAD_OUT:-$SRC/var/load/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
exec > >(tee "$OUT/run.log") 2>&1

export JOBMATCH_DB_DIR=${LOAD_DB_DIR:-$SRC/var/loaddb}
DB_PORT=${LOAD_DB_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export JOBMATCH_TEST_DB_URL=tcp://127.0.0.1:$DB_PORT
JOBMATCH_DB_PORT=$DB_PORT "$SRC/deploy/db.sh" start || exit 1
DB_PID=$(cat "$JOBMATCH_DB_DIR/mysqld.pid")

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r)"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); uptime: $(uptime)"
E2E_NAME=load
# shellcheck source=bench/load/platform.sh
source "$SRC/bench/load/platform.sh"
# The harness cleans up on exit; the database this script started goes too.
trap 'cleanup; JOBMATCH_DB_PORT=$DB_PORT "$SRC/deploy/db.sh" stop >/dev/null' EXIT

PIDS_FLAG=postings=$PID_POSTINGS,profiles=$PID_PROFILES,events=$PID_EVENTS,matcher=$PID_MATCHER,mariadb=$DB_PID
COMMON=("${LOAD_FLAGS[@]}" --people="${LOAD_PEOPLE:-2000}" --watchers="${LOAD_WATCHERS:-200}"
        --duration_seconds="$DURATION" --service_pids="$PIDS_FLAG")
[ -n "${LOAD_MIX:-}" ] && COMMON+=(--mix="$LOAD_MIX")

run_steps --attribute_rate="${LOAD_ATTRIBUTE_RATE:-10}" || fail "jobmatch-load failed"

# The last sustained rate (else the first tried), and the service that spent
# the most CPU per call there.
RATE=$(awk -F'\t' '$1=="sustainable" {print $2}' "$OUT/summary.tsv")
[ "${RATE:-0}" = 0 ] && RATE=${RATES%% *}
read -r BUSIEST BUSIEST_MS < <(awk -F'\t' -v r="$RATE" \
  '$1=="cpu" && $2==r && $3!="load generator" && $5>m {m=$5; s=$3} END {print s, m}' "$OUT/summary.tsv")
echo "== sustainable: $RATE calls/s; busiest process there: $BUSIEST ($BUSIEST_MS ms CPU per call)"

if [ "$PERF_SECONDS" -gt 0 ] && command -v perf >/dev/null; then
  case $BUSIEST in
    postings) PID=$PID_POSTINGS ;; profiles) PID=$PID_PROFILES ;; events) PID=$PID_EVENTS ;;
    matcher) PID=$PID_MATCHER ;; *) PID=$DB_PID ;;
  esac
  # A second run at that rate on fresh (person, post) pairs; perf samples the
  # busiest process during its measured part only.
  "$BUILD/clients/load/jobmatch-load" "${COMMON[@]}" --rates="$RATE" --first_application=5000000 \
    --duration_seconds=$((PERF_SECONDS + 5)) >"$OUT/profiled-run.md" 2>&1 &
  LOAD_PID=$!
  until grep -q '^measuring' "$OUT/profiled-run.md" 2>/dev/null; do
    kill -0 $LOAD_PID 2>/dev/null || fail "the profiled run ended early: $(tail -3 "$OUT/profiled-run.md")"
    sleep 0.2
  done
  sleep 2
  perf record -F 499 -g -p "$PID" -o "$OUT/perf.data" -- sleep "$PERF_SECONDS" 2>"$OUT/perf-record.log"
  wait $LOAD_PID
  {
    echo "perf of $BUSIEST (pid $PID) at $RATE calls/s for $PERF_SECONDS s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo; echo "-- by library (self time)"
    perf report -i "$OUT/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null \
      | grep -v '^#' | grep -v '^$' | head -15
    echo; echo "-- by function (self time, top 40)"
    perf report -i "$OUT/perf.data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null \
      | grep -v '^#' | grep -v '^$' | head -40
    echo; echo "-- by function with callees (inclusive time, top 40)"
    perf report -i "$OUT/perf.data" --stdio --children --sort symbol -g none 2>/dev/null \
      | grep -v '^#' | grep -v '^$' | head -40
  } >"$OUT/perf.txt"
  cat "$OUT/perf.txt"
fi
echo "== results in $OUT; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
