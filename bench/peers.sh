#!/usr/bin/env bash
# Starts and stops the bench's private peers, each under its own folder in
# $JOBMATCH_BENCH_DIR (default <repo>/var/bench) on its own loopback port, the
# way deploy/db.sh runs the project's MariaDB. Never touches a system server.
#
#   bench/peers.sh start     MariaDB (deploy/db.sh, local-infile on for this
#                            server only), PostgreSQL 15 + PostGIS, Redis
#   bench/peers.sh stop      stop all three; leaves no process behind
#   bench/peers.sh status    which answer
#   bench/peers.sh psql ...  a psql shell on the bench's PostgreSQL
#   bench/peers.sh mariadb ...  a mariadb shell (root) on the bench's MariaDB
#
# Ports (environment): BENCH_MARIADB_PORT (default 33348), BENCH_PG_PORT
# (33448), BENCH_REDIS_PORT (33548).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${JOBMATCH_BENCH_DIR:-$ROOT/var/bench}
MARIADB_PORT=${BENCH_MARIADB_PORT:-33348}
PG_PORT=${BENCH_PG_PORT:-33448}
REDIS_PORT=${BENCH_REDIS_PORT:-33548}
PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=$DIR/postgres
REDIS_DIR=$DIR/redis

# PostgreSQL refuses to run as root: there it runs as Debian's `postgres`
# user (made by the package), which then owns its folder.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

db() { JOBMATCH_DB_DIR=$DIR/mariadb JOBMATCH_DB_PORT=$MARIADB_PORT "$ROOT/deploy/db.sh" "$@"; }

start_mariadb() {
  db start
  # The bench loads its peers' rows with LOAD DATA LOCAL INFILE: allowed on
  # this throwaway server only (deploy/db.sh keeps it off for the services).
  db client -e "SET GLOBAL local_infile = 1"
}

start_postgres() {
  mkdir -p "$PG_DIR" && chmod 700 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; chmod o+x "$DIR"; fi
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$PG_DIR/initdb.log" 2>&1 || { tail -20 "$PG_DIR/initdb.log" >&2; rm -rf "$PG_DIR/data"; return 1; }
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    echo "bench postgres: already running (port $PG_PORT)"
    return 0
  fi
  # Loopback and a socket in its own folder only; memory like the MariaDB's
  # 1 GB buffer pool; synchronous_commit stays on (the default).
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=1GB \
        -c effective_cache_size=2GB -c work_mem=64MB -c max_connections=50 \
        -c jit=off" start >/dev/null
  echo "bench postgres: running (port $PG_PORT, socket dir $PG_DIR)"
}

start_redis() {
  mkdir -p "$REDIS_DIR" && chmod 700 "$REDIS_DIR"
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "bench redis: already running (port $REDIS_PORT)"
    return 0
  fi
  # The log a team would reach for: append-only file fsynced every second.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" \
    --appendonly yes --appendfsync everysec --save '' --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  echo "bench redis: running (port $REDIS_PORT, appendfsync everysec)"
}

stop_postgres() {
  if [ -f "$PG_DIR/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "bench postgres: stopped"
}

stop_redis() {
  local pid
  if [ -f "$REDIS_DIR/redis.pid" ] && pid=$(cat "$REDIS_DIR/redis.pid") && [ -n "$pid" ] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "redis-server.*:$REDIS_PORT"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
  fi
  rm -f "$REDIS_DIR/redis.pid"
  echo "bench redis: stopped"
}

case "${1:-}" in
  start) start_mariadb && start_postgres && start_redis ;;
  stop) stop_redis; stop_postgres; db stop ;;
  status)
    db status && echo "mariadb: up" || echo "mariadb: down"
    "$PG_BIN/pg_isready" -h "$PG_DIR" -p "$PG_PORT" >/dev/null 2>&1 && echo "postgres: up" || echo "postgres: down"
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis: up" || echo "redis: down" ;;
  psql) shift; psql -h "$PG_DIR" -p "$PG_PORT" -U postgres "$@" ;;
  mariadb) shift; db client "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
