#!/usr/bin/env bash
# The run command: installs what is needed, builds, starts the private MariaDB
# and every service on localhost, loads the demo data, and prints how to call
# the platform. Every service serves TLS (private CA from deploy/certs.sh) and
# checks a bearer token on every call; nothing listens in plaintext.
#
#   deploy/run.sh          start everything (again: restarts the services)
#   deploy/run.sh stop     stop the services and the database
#
# Ports: postings 50051, profiles 50052, events 50053, matcher 50054; the
# database on 33306 (JOBMATCH_DB_PORT). Logs and pids under var/run/; data
# keys and the database users' passwords under var/keys/ (mode 0600 each);
# certificates and tokens under var/certs/ (JOBMATCH_CERTS_DIR).
# Metrics (README "Metrics, alerts and logs") on 127.0.0.1:9151-9154 in the
# same order (JOBMATCH_METRICS_BASE=9150), one JSON line per call in
# var/run/<service>.rpc.jsonl; with JOBMATCH_PROMETHEUS=1 also Prometheus on
# 127.0.0.1:9090 (JOBMATCH_PROM_PORT) with its data in var/prometheus.
set -euo pipefail
# No step fails silently: say which command failed and where (the steps
# name their own logs: var/db/install.log, var/db/mysqld.log, var/run/*.log).
trap 'echo "deploy/run.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
RUN=$ROOT/var/run
KEYS=$ROOT/var/keys
CERTS=${JOBMATCH_CERTS_DIR:-$ROOT/var/certs}
DB_URL=tcp://127.0.0.1:${JOBMATCH_DB_PORT:-33306}
METRICS_BASE=${JOBMATCH_METRICS_BASE:-9150}
export JOBMATCH_PROM_DIR=${JOBMATCH_PROM_DIR:-$ROOT/var/prometheus}

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
  deploy/prometheus.sh stop
  deploy/db.sh stop
  exit 0
fi

deploy/install-deps.sh
deploy/build.sh
deploy/db.sh start
mkdir -p "$RUN" "$KEYS"
chmod 700 "$KEYS"
export JOBMATCH_DB_SECRETS_DIR=$KEYS
# Migrations as the database's administrator, then one user per service with
# rights on its own schema's rows only; passwords in var/keys/db-*.password.
deploy/db.sh migrate
# One key per use, made on this machine and never committed, each given only
# to the service that uses it: profiles.key seals the profiles' ID numbers,
# phones and statuses; matcher-checkpoint.key seals the matcher's checkpoint;
# stats.key, given to profiles and events alone, seals each person's
# LOW_INCOME/DISABLED status for the staff statistics (sealed_groups.h).
# A run folder from before the split kept one data.key for both: it becomes
# the profiles' key (it sealed their rows), and those rows are bound to their
# places once (`jobmatch-profiles --reseal_unbound`, below, until it has
# succeeded); the matcher's old checkpoint no longer opens, so it starts once
# from the services.
if [ -s "$KEYS/data.key" ] && [ ! -e "$KEYS/profiles.key" ]; then
  touch "$KEYS/reseal.pending"
  mv "$KEYS/data.key" "$KEYS/profiles.key"
fi
new_key() { [ -s "$1" ] || (umask 077; openssl rand -hex 32 >"$1"); chmod 600 "$1"; }
new_key "$KEYS/profiles.key"
new_key "$KEYS/matcher-checkpoint.key"
new_key "$KEYS/stats.key"
# The private CA, the services' certificate and the token key pair; kept when
# they exist already.
deploy/certs.sh "$CERTS"
stop_services

# Tokens, minted fresh on every start: the matcher's own `service` token for
# calling events, postings and profiles, and an admin token for local tools
# (the demo loader, jobctl, deploy/demo.sh).
TOKEN_BIN=$BUILD/services/common/jobmatch-token
mint() {  # file args...
  local file=$1; shift
  (umask 077; "$TOKEN_BIN" --private_key_file="$CERTS/token.key" "$@" >"$file.tmp")
  mv "$file.tmp" "$file"
}
# Each token names the services it is for (aud); tokens live at most 24 h
# (720 h for the service role).
mint "$CERTS/matcher.token" --role=service --subject=matcher --audience=postings,profiles,events \
  --ttl=720h
# The events service's notifier asks the matcher who wants a new post.
mint "$CERTS/notifier.token" --role=service --subject=notifier --audience=matcher --ttl=720h
mint "$CERTS/admin.token" --role=admin --subject=local-admin \
  --audience=postings,profiles,events,matcher --ttl=24h
SECURE=(--tls_cert_file="$CERTS/server.pem" --tls_key_file="$CERTS/server.key"
        --token_public_key_file="$CERTS/token.pub"
        --token_revocation_file="$CERTS/revoked-tokens")

# Every service also serves its metrics (port: its number in the list
# postings profiles events matcher, after METRICS_BASE) and logs its calls.
observe() {  # name
  local i
  case $1 in postings) i=1 ;; profiles) i=2 ;; events) i=3 ;; matcher) i=4 ;; esac
  echo "--metrics_port=$((METRICS_BASE + i))"
  echo "--rpc_log=$RUN/$1.rpc.jsonl"
  echo "--metrics_disk_paths=$ROOT/var"
}
start() {  # name binary args...
  local name=$1 bin=$2; shift 2
  if [ ! -x "$bin" ]; then echo "skip $name: $bin not built"; return 0; fi
  local observed
  mapfile -t observed < <(observe "$name")
  setsid "$bin" "$@" "${observed[@]}" >"$RUN/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}
# Waits until the service on port $1 answers health checks over TLS.
wait_port() {
  "$BUILD/services/common/jobmatch-health" --target="127.0.0.1:$1" --ca_file="$CERTS/ca.pem" \
    --wait=30s >/dev/null && return 0
  echo "port $1 is not serving over TLS; see $RUN/*.log" >&2
  return 1
}

# The matcher listens at once and answers NOT_SERVING until its index is
# ready: loaded from its checkpoint (or, without one, listed from the postings
# and profiles services) and caught up with the events feed. The limit fits
# the data (rates in matcher/README.md, with a wide margin): a minute, plus
# 10 s per 100 MB of checkpoint, or, without one, 2 s per 10,000 current
# posts and people. Says what it waits for, and the matcher's own account.
wait_matcher() {
  local checkpoint=$RUN/matcher.checkpoint limit what rows said="" now
  if [ -s "$checkpoint" ]; then
    local mb=$(( $(stat -L -c %s "$checkpoint") / 1000000 ))
    limit=$(( 60 + mb / 10 ))
    what="load its checkpoint ($mb MB)"
  else
    rows=$(deploy/db.sh client -N -e "SELECT
        (SELECT COUNT(*) FROM jobmatch_postings.posts WHERE state IN (2, 3)) +
        (SELECT COUNT(*) FROM jobmatch_profiles.profiles WHERE erased = 0)" 2>/dev/null || echo 0)
    limit=$(( 60 + ${rows:-0} / 5000 ))
    what="list ${rows:-0} current posts and people from the services (no checkpoint)"
  fi
  echo "matcher: waiting up to ${limit} s for it to $what and catch up with the events feed"
  local start=$SECONDS
  until "$BUILD/services/common/jobmatch-health" --target=127.0.0.1:50054 --ca_file="$CERTS/ca.pem" \
      --wait=2s >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$RUN/matcher.pid")" 2>/dev/null; then
      echo "matcher: exited while getting ready; the end of $RUN/matcher.log:" >&2
      tail -5 "$RUN/matcher.log" >&2
      return 1
    fi
    now=$(grep -E 'NOT_SERVING|resuming|snapshot:' "$RUN/matcher.log" | tail -1 | sed 's/^jobmatch-matcher: //' || true)
    if [ -n "$now" ] && [ "$now" != "$said" ]; then echo "matcher: $now ($(( SECONDS - start )) s)"; said=$now; fi
    if (( SECONDS - start >= limit )); then
      echo "matcher: not SERVING after ${limit} s; see $RUN/matcher.log" >&2
      return 1
    fi
  done
  echo "matcher: SERVING after $(( SECONDS - start )) s"
  grep -E 'resuming from|snapshot:|starting afresh' "$RUN/matcher.log" | tail -2 | sed 's/^jobmatch-matcher: /matcher: /' || true
}

# Each service connects as its own database user (deploy/db.sh users).
as_user() { echo "--db_user=jobmatch_$1"; echo "--db_password_file=$KEYS/db-$1.password"; }
mapfile -t POSTINGS_DB < <(as_user postings)
mapfile -t PROFILES_DB < <(as_user profiles)
mapfile -t EVENTS_DB < <(as_user events)
PROFILES=("$BUILD/services/profiles/jobmatch-profiles" --db="$DB_URL" "${PROFILES_DB[@]}"
          --data_key_file="$KEYS/profiles.key" --stats_key_file="$KEYS/stats.key")
if [ -e "$KEYS/reseal.pending" ]; then
  "${PROFILES[@]}" --reseal_unbound
  rm "$KEYS/reseal.pending"
fi
# Imports from these sources (the bureau's own fairs, and the demo's) are
# published without moderation; any other source's posts wait for staff.
start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:50051 --db="$DB_URL" \
  "${POSTINGS_DB[@]}" "${SECURE[@]}" \
  --trusted_import_sources=czt-fair-2026,spring-breeze-2026,village-outreach-2026,demo-village-fair
start profiles "${PROFILES[@]}" --listen=127.0.0.1:50052 "${SECURE[@]}"
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:50053 --db="$DB_URL" \
  "${EVENTS_DB[@]}" "${SECURE[@]}" --notifications_file="$RUN/notifications.jsonl" \
  --stats_key_file="$KEYS/stats.key" \
  --matcher=127.0.0.1:50054 --ca_file="$CERTS/ca.pem" --token_file="$CERTS/notifier.token"
for port in 50051 50052 50053; do wait_port $port; done
start matcher "$BUILD/matcher/service/jobmatch-matcher" --listen=127.0.0.1:50054 \
  --events=127.0.0.1:50053 --postings=127.0.0.1:50051 --profiles=127.0.0.1:50052 \
  "${SECURE[@]}" --ca_file="$CERTS/ca.pem" --token_file="$CERTS/matcher.token" \
  --checkpoint_file="$RUN/matcher.checkpoint" --checkpoint_key_file="$KEYS/matcher-checkpoint.key"
wait_matcher
if [ "${JOBMATCH_PROMETHEUS:-0}" = 1 ]; then
  deploy/prometheus.sh start postings=127.0.0.1:$((METRICS_BASE + 1)) \
    profiles=127.0.0.1:$((METRICS_BASE + 2)) events=127.0.0.1:$((METRICS_BASE + 3)) \
    matcher=127.0.0.1:$((METRICS_BASE + 4))
fi

# What clients use (jobctl, deploy/demo.sh): the CA to trust and a token file.
export JOBMATCH_CA_FILE=$CERTS/ca.pem
export JOBMATCH_TOKEN_FILE=$CERTS/admin.token
if [ -x "$BUILD/services/postings/jobmatch-demo-postings" ]; then
  "$BUILD/services/postings/jobmatch-demo-postings" --target=127.0.0.1:50051 \
    --ca_file="$JOBMATCH_CA_FILE" --token_file="$JOBMATCH_TOKEN_FILE"
fi

# ---- the web console (services/console) -------------------------------------
# HTTPS on 127.0.0.1:${JOBMATCH_CONSOLE_PORT:-8443} with the services'
# certificate; the development sign-in issues tokens with this machine's token
# key (a local run only); a service token of its own reads the feed for the
# live counters.
mint "$CERTS/console-feed.token" --role=service --subject=console-feed --audience=events --ttl=720h
CONSOLE_PORT=${JOBMATCH_CONSOLE_PORT:-8443}
start console "$BUILD/services/console/jobmatch-console" --listen=127.0.0.1:$CONSOLE_PORT \
  --tls_cert_file="$CERTS/server.pem" --tls_key_file="$CERTS/server.key" \
  --token_public_key_file="$CERTS/token.pub" --ca_file="$CERTS/ca.pem" \
  --dev_signin_key_file="$CERTS/token.key" --feed_token_file="$CERTS/console-feed.token" \
  --static_dir="$BUILD/services/console/static" --regions_file="$ROOT/deploy/refdata/regions.csv"

cat <<INFO

jobmatch is running on localhost:
  postings  127.0.0.1:50051    profiles 127.0.0.1:50052
  events    127.0.0.1:50053    matcher  127.0.0.1:50054
  database  $DB_URL (deploy/db.sh client)
Every service serves TLS only, reflection and grpc.health.v1 (open without a
token). Every other call needs \`authorization: Bearer <token>\`:
  CA to trust      $CERTS/ca.pem            (JOBMATCH_CA_FILE)
  admin token      $CERTS/admin.token       (JOBMATCH_TOKEN_FILE, valid 24 h)
  mint a token     $TOKEN_BIN --private_key_file=$CERTS/token.key \\
                     --role=employer --subject=<employer id> --audience=postings,matcher --ttl=8h
                   (roles: jobseeker employer recruiter live_host analyst admin service;
                    --regions=430281 for recruiters, --sessions=<id> for live hosts;
                    at most 24 h, 720 h for service)
  revoke a subject $TOKEN_BIN revoke --revocation_file=$CERTS/revoked-tokens --subject=<id>
                   (its tokens issued before now are refused within a second)
  health           $BUILD/services/common/jobmatch-health --target=127.0.0.1:50051 --ca_file=$CERTS/ca.pem
Metrics: http://127.0.0.1:$((METRICS_BASE + 1))/metrics (postings; +2 profiles, +3 events,
  +4 matcher); calls logged as JSON lines in var/run/*.rpc.jsonl;
  Prometheus (JOBMATCH_PROMETHEUS=1): http://127.0.0.1:${JOBMATCH_PROM_PORT:-9090}
The planner CLI works offline:
  $BUILD/matcher/planning/jobmatch-plan --random_people=2000 --mode=optimal
Keys (one per use) and the services' database passwords: $KEYS (mode 0600).
Logs: var/run/*.log.  Stop: deploy/run.sh stop
Web console: https://127.0.0.1:$CONSOLE_PORT/ (trust $CERTS/ca.pem; paste a token, or use the
  development sign-in on the page)
INFO

# ---- demo scenario (deploy/demo.sh, when present) ---------------------------
# Runs with JOBMATCH_CA_FILE and JOBMATCH_TOKEN_FILE exported above.
if [ -x deploy/demo.sh ]; then deploy/demo.sh; fi
