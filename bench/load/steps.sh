# What a load run does on a platform that is up, wherever it runs
# (bench/load/platform.sh: one process per service; bench/load/on_cluster.sh:
# the cluster): seed the demo's posts, build jobmatch-load's flags, wait for
# the feed to settle, run the rising steps. Sourced after BUILD is set. The
# sourcing script defines load_sql (mariadb as root on the platform's
# database, its arguments passed on) and sets EVENTS_SCHEMA.
# shellcheck shell=bash

SESSION=load-live-1

# The demo's posts through the postings service at `target`, its dates moved
# so that its graduate season runs today (it began 60 days ago): its fair's
# posts are open and its campaign running, as in season. LOAD_DEMO_ARGS
# passes flags to jobmatch-demo-postings.
seed_demo() {  # target ca_file admin_token log_file
  local shift_days=$(( ($(date -u +%s) - $(date -u -d 2026-06-01 +%s)) / 86400 - 60 ))
  # shellcheck disable=SC2086
  "$BUILD/services/postings/jobmatch-demo-postings" --target="$1" --ca_file="$2" \
    --token_file="$3" --shift_days=$shift_days ${LOAD_DEMO_ARGS:-} >"$4" 2>&1 || return 1
  sed 's/^/seed: /' "$4"
}

# LOAD_FLAGS: jobmatch-load's targets (host:port), CA and callers' tokens.
# shellcheck disable=SC2034  # read by the sourcing script
load_flags() {  # postings profiles events matcher ca_file app_token host_token admin_token
  LOAD_FLAGS=(--postings="$1" --profiles="$2" --events="$3" --matcher="$4" --ca_file="$5"
              --token_file="$6" --host_token_file="$7" --staff_token_file="$8"
              --session="$SESSION" --host_id=load-host-1)
}

# Waits until the work the seed left behind is done: the events service's
# notifier (which asks the matcher who wants each new post) has read the
# feed to its head, so a measured step pays for its own calls only.
settle() {  # limit-seconds
  local head pos
  for _ in $(seq 1 $(( ${1:-600} * 2 ))); do
    read -r head pos < <(load_sql -N -e "SELECT (SELECT last_cursor FROM \`$EVENTS_SCHEMA\`.feed_head),
        (SELECT last_cursor FROM \`$EVENTS_SCHEMA\`.notifier_position)" 2>/dev/null)
    [ -n "${pos:-}" ] && [ "$pos" -ge "$head" ] && { echo "settled: the notifier is at the feed head ($head)"; return 0; }
    sleep 0.5
  done
  echo "settle: the notifier is still at ${pos:-?} of ${head:-?}; measuring anyway" >&2
}

# The seekers and the live posts first; then the feed settles (the matcher
# and the notifier take in the seed), and the steps at RATES find them again,
# reported into OUT (steps.md, summary.tsv). COMMON holds jobmatch-load's
# flags; the arguments are added to the steps' only.
run_steps() {  # extra step flags...
  "$BUILD/clients/load/jobmatch-load" "${COMMON[@]}" --setup_only || return 1
  settle 900
  echo "== uptime before the steps: $(uptime)"
  echo "== rising rates: $RATES"
  "$BUILD/clients/load/jobmatch-load" "${COMMON[@]}" --rates="${RATES// /,}" "$@" \
    --summary_out="$OUT/summary.tsv" | tee "$OUT/steps.md"
  return "${PIPESTATUS[0]}"
}
