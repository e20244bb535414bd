#!/usr/bin/env bash
# Runs the project's private MariaDB server under a data folder in the working
# tree, on a unix socket and a loopback port. Never touches a system server.
#
#   deploy/db.sh start     start (or restart after a crash); harmless if running
#   deploy/db.sh stop      stop; leaves no process behind
#   deploy/db.sh status    exit 0 when the server answers
#   deploy/db.sh migrate   apply every service's versioned migrations
#   deploy/db.sh url       print the Connector/C++ URL
#   deploy/db.sh client    open a mariadb shell (extra args passed on)
#
# Settings (environment): JOBMATCH_DB_DIR (default <repo>/var/db),
# JOBMATCH_DB_PORT (default 33306), JOBMATCH_DB_SOCKET (default $JOBMATCH_DB_DIR/mysqld.sock).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB_DIR=${JOBMATCH_DB_DIR:-$ROOT/var/db}
PORT=${JOBMATCH_DB_PORT:-33306}
SOCK=${JOBMATCH_DB_SOCKET:-$DB_DIR/mysqld.sock}
DATA=$DB_DIR/data
PIDFILE=$DB_DIR/mysqld.pid
LOG=$DB_DIR/mysqld.log

client() { mariadb --no-defaults --protocol=socket --socket="$SOCK" -uroot "$@"; }
answers() { mariadb-admin --no-defaults --protocol=socket --socket="$SOCK" -uroot ping >/dev/null 2>&1; }

server_pid() {
  # The pid file may outlive a crashed server; trust it only if that process
  # is a mariadbd using our data folder.
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--datadir=$DATA" || return 1
  echo "$pid"
}

start() {
  mkdir -p "$DB_DIR"
  if pid=$(server_pid) && answers; then
    echo "jobmatch db: already running (pid $pid, port $PORT)"
    return 0
  fi
  if pid=$(server_pid); then
    # Alive but not answering: a hung server is treated as crashed.
    echo "jobmatch db: pid $pid is not answering; restarting it"
    kill -9 "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PIDFILE" "$SOCK"
  if [ ! -d "$DATA/mysql" ]; then
    # --skip-name-resolve: grants name 127.0.0.1/localhost, so a machine whose
    # own hostname does not resolve can still initialise the server.
    if ! mariadb-install-db --no-defaults --datadir="$DATA" --skip-name-resolve \
      --auth-root-authentication-method=normal --skip-test-db >"$DB_DIR/install.log" 2>&1; then
      echo "jobmatch db: initialising $DATA failed; see $DB_DIR/install.log:" >&2
      tail -20 "$DB_DIR/install.log" >&2 || true
      # A half-made data folder would be taken for a made one next time.
      rm -rf "$DATA"
      return 1
    fi
  fi
  # mariadbd is started detached; it survives this script and is stopped by `stop`.
  setsid mariadbd --no-defaults --datadir="$DATA" --socket="$SOCK" --port="$PORT" \
    --bind-address=127.0.0.1 --user=root --pid-file="$PIDFILE" --log-error="$LOG" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
    --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
    --local-infile=1 --skip-name-resolve=0 </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    if answers; then
      # TCP connections from 127.0.0.1 log in as root without a password, as
      # the socket does: this server is private to the checkout.
      client -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
                 GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" >/dev/null
      echo "jobmatch db: running (port $PORT, socket $SOCK)"
      return 0
    fi
    sleep 0.5
  done
  echo "jobmatch db: failed to start; see $LOG" >&2
  tail -20 "$LOG" >&2 || true
  return 1
}

stop() {
  local pid
  if pid=$(server_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      [ -d "/proc/$pid" ] || break
      sleep 0.5
    done
    if [ -d "/proc/$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$PIDFILE" "$SOCK"
  echo "jobmatch db: stopped"
}

migrate() {
  local bin=${JOBMATCH_BUILD_DIR:-$ROOT/build}/services/common/jobmatch-migrate
  [ -x "$bin" ] || { echo "build first: $bin is missing" >&2; return 1; }
  "$bin" --db="$(url)" --migrations="$ROOT/deploy/migrations"
}

url() { echo "tcp://127.0.0.1:$PORT"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  migrate) migrate ;;
  url) url ;;
  client) shift; client "$@" ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
