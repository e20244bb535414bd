#!/usr/bin/env bash
# Runs the project's private MariaDB server under a data folder in the working
# tree, on a unix socket and a loopback port. Never touches a system server.
#
#   deploy/db.sh start     start (or restart after a crash); harmless if running
#   deploy/db.sh stop      stop; leaves no process behind
#   deploy/db.sh status    exit 0 when the server answers
#   deploy/db.sh migrate   apply every service's versioned migrations (as the
#                          administrator), then make the service users (`users`)
#   deploy/db.sh users     create or update one least-privilege user per service
#   deploy/db.sh drop-users   drop them (the tests' throwaway users)
#   deploy/db.sh url       print the Connector/C++ URL
#   deploy/db.sh client    open a mariadb shell as root on the socket (extra args passed on)
#   deploy/db.sh sql       the same over loopback TCP to JOBMATCH_DB_PORT (for the tests)
#   deploy/db.sh root-password-file   print where root's password is kept
#
# Settings (environment): JOBMATCH_DB_DIR (default <repo>/var/db),
# JOBMATCH_DB_PORT (default 33306), JOBMATCH_DB_SOCKET (default $JOBMATCH_DB_DIR/mysqld.sock),
# JOBMATCH_DB_ROOT_PASSWORD_FILE (default $JOBMATCH_DB_DIR/root.password),
# JOBMATCH_DB_SECRETS_DIR (default <repo>/var/keys: the service users' password
# files), JOBMATCH_DB_SCHEMA_PREFIX (default jobmatch_: schema and user names).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB_DIR=${JOBMATCH_DB_DIR:-$ROOT/var/db}
PORT=${JOBMATCH_DB_PORT:-33306}
SOCK=${JOBMATCH_DB_SOCKET:-$DB_DIR/mysqld.sock}
SECRETS=${JOBMATCH_DB_SECRETS_DIR:-$ROOT/var/keys}
PREFIX=${JOBMATCH_DB_SCHEMA_PREFIX:-jobmatch_}
DATA=$DB_DIR/data
PIDFILE=$DB_DIR/mysqld.pid
LOG=$DB_DIR/mysqld.log
# The administrator's (root's) password: made at the first start, mode 0600,
# beside the data it guards. The migrations, `users`, `client` and the tests'
# fixtures read it from here (services/common/testing/test_database.cc).
ROOT_PASSWORD_FILE=${JOBMATCH_DB_ROOT_PASSWORD_FILE:-$DB_DIR/root.password}

# Client options for root: the password travels in an option file read from
# a pipe, never on a command line (`ps`) or in the environment. Without the
# file (a server older than the password) root is tried without one.
root_options() {
  printf '[client]\nuser=root\n'
  if [ -s "$ROOT_PASSWORD_FILE" ]; then printf 'password=%s\n' "$(cat "$ROOT_PASSWORD_FILE")"; fi
}
client() { mariadb --defaults-file=<(root_options) --protocol=socket --socket="$SOCK" "$@"; }
# The administrator over loopback TCP: works wherever the port is known (the
# end-to-end tests know only the URL of the test server).
admin_tcp() { mariadb --defaults-file=<(root_options) --protocol=tcp -h127.0.0.1 -P"$PORT" "$@"; }
# Whether the server is up (any answer, even "access denied", says so).
answers() {
  mariadb-admin --no-defaults --protocol=socket --socket="$SOCK" -uroot ping >/dev/null 2>&1
}

# Gives root its password, made once into $ROOT_PASSWORD_FILE. Every root
# account (socket and 127.0.0.1) takes it, and anonymous accounts are
# dropped; the server still listens on loopback only. A server from before
# (root without a password) is given one at its next start.
secure_root() {
  mkdir -p "$(dirname "$ROOT_PASSWORD_FILE")"
  [ -s "$ROOT_PASSWORD_FILE" ] || (umask 077; openssl rand -hex 24 >"$ROOT_PASSWORD_FILE")
  chmod 600 "$ROOT_PASSWORD_FILE"
  if client -e "SELECT 1" >/dev/null 2>&1 && admin_tcp -e "SELECT 1" >/dev/null 2>&1; then
    return 0
  fi
  # Root without a password (first start, or a server from before): over the
  # socket, set it for every root account and drop anonymous ones.
  local password statements
  password=$(cat "$ROOT_PASSWORD_FILE")
  if ! statements=$(mariadb --no-defaults --protocol=socket --socket="$SOCK" -uroot -N <<SQL 2>&1
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
SELECT CONCAT('ALTER USER \'root\'@\'', Host, '\' IDENTIFIED BY \'$password\';')
  FROM mysql.user WHERE User = 'root'
UNION ALL
SELECT CONCAT('DROP USER \'\'@\'', Host, '\';') FROM mysql.user WHERE User = '';
SQL
  ); then
    echo "jobmatch db: root has a password other than the one in $ROOT_PASSWORD_FILE;" \
      "restore that file (or remove $DB_DIR to start afresh): $statements" >&2
    return 1
  fi
  mariadb --no-defaults --protocol=socket --socket="$SOCK" -uroot <<<"$statements"
  client -e "SELECT 1" >/dev/null && admin_tcp -e "SELECT 1" >/dev/null
}

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
  chmod 700 "$DB_DIR"
  if pid=$(server_pid) && answers; then
    secure_root
    # A server started by an older version of this script keeps its flags
    # until restarted; these settings are dynamic, so they are set now.
    client -e "SET GLOBAL innodb_flush_log_at_trx_commit = 1, sync_binlog = 1, local_infile = 0"
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
  # Durability: the redo log is written and flushed at every commit
  # (flush-log-at-trx-commit=1), so a write a service has acknowledged survives
  # a power cut; with 2 the last second of commits could be lost. sync-binlog=1
  # does the same for the binary log whenever one is turned on (log-bin).
  # local-infile=0: the server never asks a client for a file of its own.
  setsid mariadbd --no-defaults --datadir="$DATA" --socket="$SOCK" --port="$PORT" \
    --bind-address=127.0.0.1 --user=root --pid-file="$PIDFILE" --log-error="$LOG" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
    --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 --max-connections=500 \
    --local-infile=0 --skip-name-resolve=0 </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    if answers; then
      # The administrator (migrations, test fixtures, `client`): root on the
      # socket and from 127.0.0.1, with the password in $ROOT_PASSWORD_FILE;
      # this server listens on loopback only. Services never use it: each has
      # its own user (`users`).
      if ! secure_root; then
        echo "jobmatch db: could not give root its password; see above and $LOG" >&2
        return 1
      fi
      echo "jobmatch db: running (port $PORT, socket $SOCK; root's password in $ROOT_PASSWORD_FILE)"
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
  "$bin" --db="$(url)" --db_password_file="$ROOT_PASSWORD_FILE" \
    --migrations="$ROOT/deploy/migrations" --schema_prefix="$PREFIX"
  # Campaign cells for events older than events/0006, from the feed
  # (services/events/cells_backfill.h); it changes nothing when they add up.
  "${JOBMATCH_BUILD_DIR:-$ROOT/build}/services/events/jobmatch-events-backfill-cells" \
    --db="$(url)" --db_password_file="$ROOT_PASSWORD_FILE" --schema="${PREFIX}events"
  users
}

# One user per service, named as its schema (jobmatch_postings, ...), from
# 127.0.0.1 only, with a random password kept in $SECRETS/db-<service>.password
# (mode 0600; made once, then kept). Each may read and write the rows of its
# own schema and nothing else: no DDL, no TRIGGER, no FILE, no GRANT, so a
# service cannot alter its tables or drop the audit log's append-only triggers;
# migrations are a separate step run by the administrator (`migrate`). The
# events service also gets exactly what it reads or takes from the other
# schemas (outboxes, posts' openings, where a person lives), column by column
# where personal data is near. Re-running sets every grant afresh. Passwords
# reach the server on the client's standard input, never on a command line.
users() {
  mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
  local sql="" service user file password
  for service in postings profiles events; do
    user="'${PREFIX}${service}'@'127.0.0.1'"
    file="$SECRETS/db-${service}.password"
    [ -s "$file" ] || (umask 077; openssl rand -hex 24 >"$file")
    chmod 600 "$file"
    password=$(cat "$file")
    sql+="CREATE USER IF NOT EXISTS $user IDENTIFIED BY '$password';
ALTER USER $user IDENTIFIED BY '$password';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM $user;
GRANT SELECT, INSERT, UPDATE, DELETE ON \`${PREFIX}${service}\`.* TO $user;
"
  done
  local events="'${PREFIX}events'@'127.0.0.1'" postings="\`${PREFIX}postings\`"
  local profiles="\`${PREFIX}profiles\`"
  sql+="GRANT SELECT, INSERT ON $postings.outbox TO $events;
GRANT SELECT, UPDATE (remaining_openings, state, version) ON $postings.posts TO $events;
GRANT SELECT ON $profiles.outbox TO $events;
GRANT SELECT (profile_id, residence_region_code) ON $profiles.profiles TO $events;
"
  admin_tcp <<<"$sql"
  echo "jobmatch db: service users ${PREFIX}postings, ${PREFIX}profiles, ${PREFIX}events (passwords in $SECRETS)"
}

# Drops the service users of $PREFIX (the end-to-end tests clean up with it).
drop_users() {
  local sql="" service
  for service in postings profiles events; do
    sql+="DROP USER IF EXISTS '${PREFIX}${service}'@'127.0.0.1';
"
  done
  admin_tcp <<<"$sql"
}

url() { echo "tcp://127.0.0.1:$PORT"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  migrate) migrate ;;
  users) users ;;
  drop-users) drop_users ;;
  url) url ;;
  client) shift; client "$@" ;;
  sql) shift; admin_tcp "$@" ;;
  root-password-file) echo "$ROOT_PASSWORD_FILE" ;;
  *) sed -n '2,21p' "$0"; exit 2 ;;
esac
