#!/usr/bin/env bash
# The run command: installs what is needed, builds, starts the private MariaDB
# and every service on localhost, loads the demo data, and prints how to call
# the platform.
#
#   deploy/run.sh          start everything (again: restarts the services)
#   deploy/run.sh stop     stop the services and the database
#
# Ports: postings 50051, profiles 50052, events 50053, matcher 50054; the
# database on 33306 (JOBMATCH_DB_PORT). Logs and pids under var/run/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
RUN=$ROOT/var/run
KEYS=$ROOT/var/keys
DB_URL=tcp://127.0.0.1:${JOBMATCH_DB_PORT:-33306}

stop_services() {
  for pidfile in "$RUN"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "${1:-}" = stop ]; then
  stop_services
  deploy/db.sh stop
  exit 0
fi

deploy/install-deps.sh
deploy/build.sh
deploy/db.sh start
deploy/db.sh migrate
mkdir -p "$RUN" "$KEYS"
# Keys are made on this machine and never committed.
[ -s "$KEYS/data.key" ] || { umask 077; openssl rand -hex 32 >"$KEYS/data.key"; }
stop_services

start() {  # name binary args...
  local name=$1 bin=$2; shift 2
  if [ ! -x "$bin" ]; then echo "skip $name: $bin not built"; return 0; fi
  setsid "$bin" "$@" >"$RUN/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}
wait_port() {
  for _ in $(seq 1 80); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.25
  done
  echo "port $1 did not open; see $RUN/*.log" >&2
  return 1
}

start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:50051 --db="$DB_URL"
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:50052 --db="$DB_URL" \
  --data_key_file="$KEYS/data.key"
# Local runs are plaintext on loopback; TLS and tokens: see README "Security".
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:50053 --db="$DB_URL" \
  --plaintext_development
for port in 50051 50052 50053; do wait_port $port; done
start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:50054 \
  --events=127.0.0.1:50053 --postings=127.0.0.1:50051 --profiles=127.0.0.1:50052
wait_port 50054

if [ -x "$BUILD/services/postings/jobmatch-demo-postings" ]; then
  "$BUILD/services/postings/jobmatch-demo-postings" --target=127.0.0.1:50051
fi

cat <<INFO

jobmatch is running on localhost:
  postings  127.0.0.1:50051    profiles 127.0.0.1:50052
  events    127.0.0.1:50053    matcher  127.0.0.1:50054
  database  $DB_URL (deploy/db.sh client)
Every service serves reflection and grpc.health.v1 (any gRPC client with
reflection can list and call them). The planner CLI works offline:
  $BUILD/matcher/planning/jobmatch-plan --random_people=2000 --mode=optimal
Logs: var/run/*.log.  Stop: deploy/run.sh stop
INFO
