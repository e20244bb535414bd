#!/usr/bin/env bash
# ctest bench_recommend_answers_agree: the matcher's top-20 posts for 40
# people and top-50 people for 40 posts, over 10,000 generated posts and
# people, are the same ids in the same order with the same scores as
# MariaDB's and PostgreSQL + PostGIS's answers to the queries of
# bench/recommend_sql.cc. The three peers run privately on free ports in a
# throwaway folder (bench/peers.sh) and are stopped at the end.
#
#   bench/agree_test.sh BUILD_DIR
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
work=$(mktemp -d /tmp/jobmatch-bench-agree.XXXXXX)
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
export JOBMATCH_BENCH_DIR=$work
export BENCH_MARIADB_PORT=$(free_port) BENCH_PG_PORT=$(free_port) BENCH_REDIS_PORT=$(free_port)
cleanup() {
  "$ROOT/bench/peers.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$ROOT/bench/peers.sh" start
mkdir "$work/data"
"$BUILD/bench/recommend_bench" --posts=10000 --people=10000 --write="$work/data"
(cd "$work/data" &&
  "$ROOT/bench/peers.sh" mariadb --local-infile=1 <"$ROOT/bench/sql/mariadb_recommend.sql" >/dev/null &&
  "$ROOT/bench/peers.sh" psql -q -v ON_ERROR_STOP=1 <"$ROOT/bench/sql/postgres_recommend.sql" >/dev/null)
"$BUILD/bench/recommend_bench" --posts=10000 --people=10000 --sample=40 --check_only \
  --mariadb_port="$BENCH_MARIADB_PORT" --mariadb_password_file="$work/mariadb/root.password" \
  --pg="host=$work/postgres port=$BENCH_PG_PORT user=postgres dbname=bench"
echo "PASS: the matcher, MariaDB and PostGIS give the same answers"
