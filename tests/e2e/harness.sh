# The harness the end-to-end tests share; sourced after BUILD and SRC are set
# (and E2E_NAME, which tells this run's schemas and folder from another's).
# Sets DB_URL, DB_PORT, PREFIX, WORK and PIDS. On exit it stops every process
# in PIDS (TERM, then KILL after 10 s), drops this run's schemas and database
# users, and removes WORK.
# shellcheck shell=bash
DB_URL=${JOBMATCH_TEST_DB_URL:-tcp://127.0.0.1:33306}
DB_PORT=${DB_URL##*:}
PREFIX="e2e_${E2E_NAME:+${E2E_NAME}_}$$_"
WORK=$(mktemp -d "/tmp/jobmatch-e2e-${E2E_NAME:+${E2E_NAME}-}XXXXXX")
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null
  done
  for s in postings profiles events; do
    db_sh sql -e "DROP DATABASE IF EXISTS \`${PREFIX}$s\`" 2>/dev/null
  done
  db_sh drop-users >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# Says what failed, shows the end of every log of the run, and stops the test.
fail() {
  echo "FAIL: $*"
  for log in "$WORK"/*.log; do [ -e "$log" ] || continue; echo "--- $log"; tail -n 20 "$log"; done
  exit 1
}

require_built() {  # build-relative paths...
  for bin in "$@"; do [ -x "$BUILD/$bin" ] || fail "$BUILD/$bin is not built"; done
}

# shellcheck source=tests/e2e/ports.sh
source "$SRC/tests/e2e/ports.sh"

# deploy/db.sh against the test server, for this run's schemas and users.
db_sh() {
  JOBMATCH_DB_PORT=$DB_PORT JOBMATCH_DB_SCHEMA_PREFIX=$PREFIX JOBMATCH_DB_SECRETS_DIR=$WORK/secrets \
    "$SRC/deploy/db.sh" "$@"
}

# Every service's schema, under this run's prefix (as the administrator), and
# each service's own database user, as deploy/run.sh makes them. Services are
# started with "${AS_POSTINGS[@]}", "${AS_PROFILES[@]}" or "${AS_EVENTS[@]}".
migrate() {
  "$BUILD/services/common/jobmatch-migrate" --db="$DB_URL" --migrations="$SRC/deploy/migrations" \
    --db_password_file="$(db_sh root-password-file)" --schema_prefix="$PREFIX" \
    >"$WORK/migrate.log" 2>&1 || fail "migrations"
  db_sh users >>"$WORK/migrate.log" 2>&1 || fail "database users"
  AS_POSTINGS=(--db_user="${PREFIX}postings" --db_password_file="$WORK/secrets/db-postings.password")
  AS_PROFILES=(--db_user="${PREFIX}profiles" --db_password_file="$WORK/secrets/db-profiles.password")
  AS_EVENTS=(--db_user="${PREFIX}events" --db_password_file="$WORK/secrets/db-events.password")
}

# A private CA, server certificate and token key pair in $WORK/certs, and
# SECURE: the flags that make a service serve TLS and check bearer tokens.
make_certs() {
  require_built services/common/jobmatch-token
  "$SRC/deploy/certs.sh" "$WORK/certs" >"$WORK/certs.log" 2>&1 || fail "certificates"
  SECURE=(--tls_cert_file="$WORK/certs/server.pem" --tls_key_file="$WORK/certs/server.key"
          --token_public_key_file="$WORK/certs/token.pub"
          --token_revocation_file="$WORK/certs/revoked-tokens")
}

# Waits until a command (a jobctl call) gets any answer but UNAVAILABLE
# (jobctl's exit 6); fails the test after 60 s.
wait_for() {  # what command...
  local what=$1; shift
  for _ in $(seq 1 120); do
    "$@" >/dev/null 2>&1
    [ $? -ne 6 ] && return 0
    sleep 0.5
  done
  fail "$what does not answer"
}

# The value of a top-level string field in a protobuf JSON line.
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

mint() {  # file jobmatch-token-args...
  local file=$1; shift
  "$BUILD/services/common/jobmatch-token" --private_key_file="$WORK/certs/token.key" "$@" >"$file" \
    || fail "token $file"
}

# Starts a binary in the background with its log in $WORK/NAME.log.
start() {  # name binary args...
  local name=$1 bin=$2; shift 2
  "$bin" "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  PIDS+=($!)
}
