#!/usr/bin/env bash
# The load generator's smoke run (ctest load_smoke): the real services over
# TLS with tokens on free ports against the test MariaDB, a small demo seed,
# then a few seconds of jobmatch-load at a low rate with every call kind
# weighted alike. It passes when every call kind was answered OK, none failed,
# latencies were recorded and the live pushes reached the watchers
# (jobmatch-load --strict), and the report holds a row for each kind.
#
#   smoke_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
E2E_NAME=load
LOAD_DEMO_ARGS="--employers=20 --fair_posts=300 --spring_posts=50 --village_posts=50"
# shellcheck source=bench/load/platform.sh
source "$SRC/bench/load/platform.sh"

"$BUILD/clients/load/jobmatch-load" "${LOAD_FLAGS[@]}" --people=60 --watchers=20 --sample_posts=200 \
  --rates=20 --duration_seconds=4 --warmup_seconds=1 --views_per_call=5 \
  --mix=recommend=1,get_post=1,search=1,views=1,apply=1,live_push=1 \
  --service_pids=postings=$PID_POSTINGS,events=$PID_EVENTS,matcher=$PID_MATCHER \
  --summary_out="$WORK/summary.tsv" --strict >"$WORK/load.log" 2>&1
status=$?
cat "$WORK/load.log"
[ $status -eq 0 ] || fail "jobmatch-load --strict exited $status"

# One row per call kind with calls answered and a latency, the pushes'
# arrivals, and the CPU of each service named.
for kind in recommend get_post search views apply live_push; do
  awk -F'\t' -v k=$kind '$1=="kind" && $3==k && $5>0 && $6==0 && $7>0 {found=1} END {exit !found}' \
    "$WORK/summary.tsv" || fail "no answered $kind calls with a latency in the summary"
done
awk -F'\t' '$1=="delivery" && $4>0 {found=1} END {exit !found}' "$WORK/summary.tsv" \
  || fail "no push arrivals in the summary"
for p in postings events matcher; do
  grep -q "^cpu	20	$p	" "$WORK/summary.tsv" || fail "no CPU figure for $p"
done
echo "PASS"
