#!/usr/bin/env bash
# The matcher's start without a checkpoint (a snapshot start) at city scale,
# through the real binaries: a private MariaDB (deploy/db.sh) holding POSTS
# open posts and PEOPLE people, the postings, profiles and events services
# on it (plaintext, loopback), and jobmatch-matcher started with no checkpoint.
# Each run times the matcher from its start to health SERVING (it lists every
# post and person from the services, builds its index and catches up with the
# feed), and reports the log's split, its CPU time, its peak memory and the
# load average.
#
#   tests/bench/matcher_snapshot_start.sh [POSTS [PEOPLE [RUNS]]]
#       (defaults 1000000 1000000 3)
#
# The database is filled once, up to POSTS and PEOPLE (what is there is
# kept): posts through `jobctl import postings` (tests/bench/fair_file.py),
# people through `jobctl profiles create --file` (tests/bench/people_file.py)
# on eight connections; the events relay then passes every change into the
# feed. While filling, the server runs with flush-log-at-trx-commit=2 (this
# is set-up, not what is measured); it is 1 again for the runs.
#
# Settings (environment): JOBMATCH_DB_DIR (default <repo>/var/snapdb),
# JOBMATCH_DB_PORT (default 33308), JOBMATCH_BENCH_PORT (first of four service
# ports, default 50161), JOBMATCH_BUILD_DIR, JOBMATCH_MATCHER (the matcher binary
# to time, default the build's). Stops what it started but the
# data folder, kept for the next run (remove it to start afresh).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
POSTS=${1:-1000000}
PEOPLE=${2:-1000000}
RUNS=${3:-3}
export JOBMATCH_DB_DIR=${JOBMATCH_DB_DIR:-$ROOT/var/snapdb}
export JOBMATCH_DB_PORT=${JOBMATCH_DB_PORT:-33308}
export JOBMATCH_DB_SECRETS_DIR=$JOBMATCH_DB_DIR/keys
BASE=${JOBMATCH_BENCH_PORT:-50161}
P_POST=$BASE P_PROF=$((BASE + 1)) P_EVENTS=$((BASE + 2)) P_MATCHER=$((BASE + 3))
DB_URL=tcp://127.0.0.1:$JOBMATCH_DB_PORT
WORK=$JOBMATCH_DB_DIR/bench
PIDS=()

say() { echo "[$(date -u +%H:%M:%S)] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
finish() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  "$ROOT/deploy/db.sh" stop >/dev/null
}
trap finish EXIT
start() {  # name binary args...
  local name=$1 bin=$2; shift 2
  "$bin" "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  PIDS+=($!)
}
sql() { "$ROOT/deploy/db.sh" client -N -B -e "$1"; }
JOBCTL=("$BUILD/clients/jobctl/jobctl" --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF
        --events=127.0.0.1:$P_EVENTS)
wait_answers() {  # what jobctl-args...
  local what=$1; shift
  for _ in $(seq 1 120); do
    "${JOBCTL[@]}" "$@" >/dev/null 2>&1
    [ $? -ne 6 ] && return 0
    sleep 0.5
  done
  fail "$what does not answer; see $WORK/$what.log"
}

for bin in services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
    services/events/jobmatch-events matcher/service/jobmatch-matcher clients/jobctl/jobctl \
    services/common/jobmatch-health services/common/jobmatch-migrate; do
  [ -x "$BUILD/$bin" ] || fail "$BUILD/$bin is not built (deploy/build.sh)"
done
"$ROOT/deploy/db.sh" start || fail "database"
mkdir -p "$WORK"
"$ROOT/deploy/db.sh" migrate >"$WORK/migrate.log" 2>&1 || fail "migrations: $(tail -3 "$WORK/migrate.log")"
KEY=$JOBMATCH_DB_DIR/profiles.key
[ -s "$KEY" ] || (umask 077; openssl rand -hex 32 >"$KEY")
as_user() { echo "--db_user=jobmatch_$1"; echo "--db_password_file=$JOBMATCH_DB_SECRETS_DIR/db-$1.password"; }
mapfile -t AS_POSTINGS < <(as_user postings)
mapfile -t AS_PROFILES < <(as_user profiles)
mapfile -t AS_EVENTS < <(as_user events)
start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  "${AS_POSTINGS[@]}" --plaintext_development --trusted_import_sources=bench-fair
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  "${AS_PROFILES[@]}" --data_key_file="$KEY" --plaintext_development
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  "${AS_EVENTS[@]}" --plaintext_development
wait_answers postings --deadline=2s campaigns list
wait_answers profiles --deadline=2s profiles list --page_size=1
wait_answers events --deadline=2s feed tail --count=1 --timeout=1s

# ---- fill up to POSTS and PEOPLE ---------------------------------------------
have_posts=$(sql "SELECT COUNT(*) FROM jobmatch_postings.posts")
have_people=$(sql "SELECT COUNT(*) FROM jobmatch_profiles.profiles")
if [ "$have_posts" -lt "$POSTS" ] || [ "$have_people" -lt "$PEOPLE" ]; then
  sql "SET GLOBAL innodb_flush_log_at_trx_commit = 2"
  employer=$(sql "SELECT employer_id FROM jobmatch_postings.employers LIMIT 1")
  if [ -z "$employer" ]; then
    employer=$("${JOBCTL[@]}" --json employers create --name 株洲市荷塘区鑫达物流有限公司 \
      --credit_code 91430203MA4L000026 --region 430203 | sed -n 's/.*"employer_id":"\([^"]*\)".*/\1/p')
  fi
  [ -n "$employer" ] || fail "no employer"
  # Posts in files of 100,000 (ids F-<n>, so a second fill adds the rest).
  while [ "$have_posts" -lt "$POSTS" ]; do
    n=$(( POSTS - have_posts < 100000 ? POSTS - have_posts : 100000 ))
    python3 "$ROOT/tests/bench/fair_file.py" "$n" "$have_posts" >"$WORK/posts.csv"
    started=$SECONDS
    "${JOBCTL[@]}" import postings "$WORK/posts.csv" --employer="$employer" --source=bench-fair \
      >"$WORK/import.log" 2>&1 || fail "import: $(tail -3 "$WORK/import.log")"
    before=$have_posts
    have_posts=$(sql "SELECT COUNT(*) FROM jobmatch_postings.posts")
    [ "$have_posts" -gt "$before" ] || fail "no post imported: $(tail -3 "$WORK/import.log")"
    say "posts: $have_posts ($n in $((SECONDS - started)) s)"
  done
  # People on eight connections at once, each its own file.
  while [ "$have_people" -lt "$PEOPLE" ]; do
    n=$(( PEOPLE - have_people < 200000 ? PEOPLE - have_people : 200000 ))
    started=$SECONDS
    part_pids=()
    for part in 0 1 2 3 4 5 6 7; do
      python3 "$ROOT/tests/bench/people_file.py" $(( (n + 7) / 8 )) \
        $(( have_people + part * ((n + 7) / 8) )) >"$WORK/people$part.jsonl"
      "${JOBCTL[@]}" profiles create --file "$WORK/people$part.jsonl" >/dev/null \
        2>"$WORK/people$part.err" &
      part_pids+=($!)
    done
    for pid in "${part_pids[@]}"; do wait "$pid"; done
    before=$have_people
    have_people=$(sql "SELECT COUNT(*) FROM jobmatch_profiles.profiles")
    say "people: $have_people ($n in $((SECONDS - started)) s; refusals: $(cat "$WORK"/people?.err | wc -l))"
    [ "$have_people" -gt "$before" ] || fail "no person registered: $(head -3 "$WORK/people0.err")"
  done
  sql "SET GLOBAL innodb_flush_log_at_trx_commit = 1"
fi
# The relay has passed every outbox row into the feed (so a run times the
# matcher, not a backlog of the relay).
for _ in $(seq 1 1200); do
  behind=$(sql "SELECT
      (SELECT COALESCE(MAX(id), 0) FROM jobmatch_postings.outbox) +
      (SELECT COALESCE(MAX(id), 0) FROM jobmatch_profiles.outbox) -
      (SELECT COALESCE(SUM(high_id), 0) FROM jobmatch_events.relay_positions)")
  [ "${behind:-1}" -le 0 ] && break
  sleep 1
done
say "feed: $(sql "SELECT last_cursor FROM jobmatch_events.feed_head") events, relay $behind behind"
open_posts=$(sql "SELECT COUNT(*) FROM jobmatch_postings.posts WHERE state IN (2, 3)")
people=$(sql "SELECT COUNT(*) FROM jobmatch_profiles.profiles WHERE erased = 0")
say "database: $open_posts current posts, $people people (data $(du -sh "$JOBMATCH_DB_DIR/data" | cut -f1))"

# ---- runs --------------------------------------------------------------------
for run in $(seq 1 "$RUNS"); do
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(date +%s.%N)
  "${JOBMATCH_MATCHER:-$BUILD/matcher/service/jobmatch-matcher}" --listen=127.0.0.1:$P_MATCHER \
    --events=127.0.0.1:$P_EVENTS --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF \
    --plaintext_development >"$WORK/matcher.log" 2>&1 </dev/null &
  matcher=$!
  PIDS+=("$matcher")
  peak=0 serving=
  for _ in $(seq 1 3000); do
    if "$BUILD/services/common/jobmatch-health" --target=127.0.0.1:$P_MATCHER --plaintext_development \
        --wait=0.2s >/dev/null 2>&1; then
      serving=$(date +%s.%N)
      break
    fi
    kill -0 "$matcher" 2>/dev/null || fail "the matcher exited: $(tail -5 "$WORK/matcher.log")"
  done
  [ -n "$serving" ] || fail "not SERVING in time: $(tail -3 "$WORK/matcher.log")"
  # utime + stime of the process, in clock ticks.
  ticks=$(awk '{print $14 + $15}' "/proc/$matcher/stat")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$matcher/status")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$matcher/status")
  kill "$matcher"; wait "$matcher" 2>/dev/null
  printf 'run %d: SERVING after %.1f s; CPU %.1f s; peak %d MB, then %d MB; load average %s before, %s after\n' \
    "$run" "$(echo "$serving - $t0" | bc)" "$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)" \
    $((hwm / 1024)) $((rss / 1024)) "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E 'snapshot|SERVING|catching up|replay' "$WORK/matcher.log" | sed 's/^/    /'
done
