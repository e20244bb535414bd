#!/usr/bin/env bash
# Restarts the matcher that deploy/run.sh started, with the same command line,
# and prints how long until it answers a recommendation again: the figure the
# checkpoint exists for. With --fresh the checkpoint is removed first, so the
# matcher starts from the services' snapshot instead.
#
#   deploy/restart_matcher.sh [--fresh] PROFILE_ID
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${JOBMATCH_BUILD_DIR:-$ROOT/build}
RUN=$ROOT/var/run
fresh=false
if [ "${1:-}" = "--fresh" ]; then fresh=true; shift; fi
profile=${1:?usage: deploy/restart_matcher.sh [--fresh] PROFILE_ID}
export JOBMATCH_CA_FILE=${JOBMATCH_CA_FILE:-$ROOT/var/certs/ca.pem}
export JOBMATCH_TOKEN_FILE=${JOBMATCH_TOKEN_FILE:-$ROOT/var/certs/admin.token}

pid=$(cat "$RUN/matcher.pid")
mapfile -d '' args <"/proc/$pid/cmdline"
kill -TERM "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done  # it saves its checkpoint on the way out
if $fresh; then rm -f "$RUN/matcher.checkpoint"; fi

start=$(date +%s.%N)
setsid "${args[@]}" >>"$RUN/matcher.log" 2>&1 </dev/null &
echo $! >"$RUN/matcher.pid"
until "$BUILD/clients/jobctl/jobctl" --json recommend posts --profile "$profile" --limit 3 2>/dev/null |
  grep -q post_id; do
  sleep 0.05
done
end=$(date +%s.%N)
printf 'matcher answered %.2f s after its restart (%s)\n' "$(echo "$end - $start" | bc)" \
  "$($fresh && echo 'from the snapshot' || echo 'from its checkpoint')"
