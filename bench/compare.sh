#!/usr/bin/env bash
# The platform side by side with the systems a bureau might pick instead, on
# the same data in one run; prints a Markdown table (ours, the peer, ours /
# peer) with the machine, the date and the load average. bench/README.md
# says what each row compares and how.
#
#   bench/compare.sh [recommend] [ingest] [import] [plan]   (default: all four)
#
# Needs the build (deploy/build.sh, or the targets below) and the peers'
# packages (bench/install-peers.sh). Starts the bench's private MariaDB,
# PostgreSQL + PostGIS and Redis (bench/peers.sh) and stops them at the end.
#
# Settings (environment): BENCH_POSTS and BENCH_PEOPLE (100000 each),
# BENCH_SAMPLE (people and posts asked about, 100), BENCH_PLAN_SIZES (people
# of the plan instances, "10000"; posts are a tenth), BENCH_HIGHS_TIME_LIMIT
# (seconds, 900), BENCH_KEEP_PEERS=1 (leave them running), JOBMATCH_BUILD_DIR,
# JOBMATCH_BENCH_DIR (<repo>/var/bench) and bench/peers.sh's ports.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
export JOBMATCH_BENCH_DIR=${JOBMATCH_BENCH_DIR:-$ROOT/var/bench}
DIR=$JOBMATCH_BENCH_DIR
MARIADB_PORT=${BENCH_MARIADB_PORT:-33348}
PG_PORT=${BENCH_PG_PORT:-33448}
REDIS_PORT=${BENCH_REDIS_PORT:-33548}
POSTS=${BENCH_POSTS:-100000}
PEOPLE=${BENCH_PEOPLE:-100000}
SAMPLE=${BENCH_SAMPLE:-100}
PLAN_SIZES=${BENCH_PLAN_SIZES:-10000}
PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(recommend ingest import plan)
wants() { local p; for p in "${PARTS[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

cmake --build "$BUILD" -j"${JOBMATCH_JOBS:-2}" --target recommend_bench plan_side import_side \
  redis_ingest events_bench >/dev/null

mkdir -p "$DIR"
"$ROOT/bench/peers.sh" start >&2
[ "${BENCH_KEEP_PEERS:-0}" = 1 ] || trap '"$ROOT/bench/peers.sh" stop >&2' EXIT
MARIADB_PASSWORD_FILE=$DIR/mariadb/root.password
test_db=(env JOBMATCH_TEST_DB_URL="tcp://127.0.0.1:$MARIADB_PORT" JOBMATCH_DB_DIR="$DIR/mariadb")

echo "Command: bench/compare.sh ${PARTS[*]} (BENCH_POSTS=$POSTS BENCH_PEOPLE=$PEOPLE" \
  "BENCH_SAMPLE=$SAMPLE BENCH_PLAN_SIZES=\"$PLAN_SIZES\")"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "$(free -g | awk '/^Mem:/ {print $2}') GiB; $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| comparison | ours | peer | ours / peer |"
echo "|---|---|---|---|"

# The rows of posts and of people each SQL peer holds ("N M"; empty if none):
# the peers keep one data set at a time, whichever size was loaded last.
peer_rows() {
  "$ROOT/bench/peers.sh" mariadb -N -e \
    "SELECT CONCAT((SELECT COUNT(*) FROM bench.posts), ' ', (SELECT COUNT(*) FROM bench.people))" \
    2>/dev/null || true
  "$ROOT/bench/peers.sh" psql -d bench -At -c \
    "SELECT (SELECT COUNT(*) FROM posts) || ' ' || (SELECT COUNT(*) FROM people)" 2>/dev/null || true
}

if wants recommend; then
  data=$DIR/recommend-$POSTS-$PEOPLE
  if [ "$(peer_rows | tr '\n' ' ')" != "$POSTS $PEOPLE $POSTS $PEOPLE " ]; then
    if [ ! -f "$data/.written" ]; then
      rm -rf "$data" && mkdir -p "$data"
      "$BUILD/bench/recommend_bench" --posts="$POSTS" --people="$PEOPLE" --write="$data"
      touch "$data/.written"
    fi
    (cd "$data" &&
      "$ROOT/bench/peers.sh" mariadb --local-infile=1 <"$ROOT/bench/sql/mariadb_recommend.sql" >/dev/null &&
      "$ROOT/bench/peers.sh" psql -q -v ON_ERROR_STOP=1 <"$ROOT/bench/sql/postgres_recommend.sql" >/dev/null)
  fi
  "$BUILD/bench/recommend_bench" --posts="$POSTS" --people="$PEOPLE" --sample="$SAMPLE" \
    --mariadb_port="$MARIADB_PORT" --mariadb_password_file="$MARIADB_PASSWORD_FILE" \
    --pg="host=$DIR/postgres port=$PG_PORT user=postgres dbname=bench"
fi

if wants ingest; then
  # events_bench's batch sizes and calls in flight (the service's default two
  # writers), then Redis the same way.
  # The last shape again with Redis fsyncing before it answers (appendfsync
  # always), as durable as the events service's acknowledgement.
  for shape in 100/8/everysec 500/4/everysec 1000/4/everysec 500/4/always; do
    IFS=/ read -r per_call in_flight fsync <<<"$shape"
    ours=$("${test_db[@]}" "$BUILD/services/events/events_bench" \
      --benchmark_filter="BM_IngestViewBatches/$per_call/$in_flight/2/" \
      --benchmark_format=json 2>/dev/null)
    theirs=$("$BUILD/bench/redis_ingest" --port="$REDIS_PORT" --per_call="$per_call" \
      --in_flight="$in_flight" --seconds=5 --appendfsync="$fsync")
    /usr/bin/python3 - "$per_call" "$in_flight" "$ours" "$theirs" "$fsync" <<'PY'
import json, sys
per_call, in_flight, fsync = sys.argv[1], sys.argv[2], sys.argv[5]
b = json.loads(sys.argv[3])["benchmarks"][0]
r = json.loads(sys.argv[4])
if b.get("error_occurred") or r["acked"] != r["in_stream"]:
    sys.exit(f"ingest {per_call}/{in_flight}: a count does not add up: {b} {r}")
ours, theirs = b["items_per_second"], r["events_per_s"]
print(f"| views ingest, {per_call} a call, {in_flight} calls in flight (batch p99 "
      f"{b['p99_ms']:.3g} ms against {r['p99_ms']:.3g} ms) | RecordViews into MariaDB: "
      f"{ours:,.0f} events/s | Redis XADD pipelined, appendfsync {fsync}: {theirs:,.0f} events/s "
      f"| {ours / theirs:.3g} |")
PY
  done
fi

if wants import; then
  "${test_db[@]}" "$BUILD/bench/import_side" --dump_dir="$DIR/import" 2>"$DIR/import.log"
fi

if wants plan; then
  # shellcheck disable=SC2086
  BENCH_HIGHS_TIME_LIMIT=${BENCH_HIGHS_TIME_LIMIT:-900} \
    /usr/bin/python3 "$ROOT/bench/plan_vs_highs.py" "$BUILD" "$DIR" $PLAN_SIZES
fi

echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
