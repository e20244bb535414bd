#!/usr/bin/env bash
# Checks the systemd units of deploy/systemd/:
#   - `systemd-analyze verify` accepts every unit with no warning, with the
#     install paths (/opt/jobmatch/bin, /opt/jobmatch/deploy) pointed at this
#     build's binaries and this checkout's scripts, so a renamed binary or
#     script fails here;
#   - every binary the platform runs has a unit;
#   - each service unit keeps its hardening (NoNewPrivileges, ProtectSystem=
#     strict, PrivateTmp, no capabilities, a system-call filter) and takes its
#     secrets as credentials: every key, password, token and TLS key flag
#     points into the credentials folder (%d), none at a file path of its own,
#     and no unit sets a secret with Environment=.
# Exit 77 (skipped) where systemd is not installed.
#
#   systemd_units_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
UNITS=$SRC/deploy/systemd
fail() { echo "FAIL: $*"; exit 1; }

for unit in mariadb postings profiles events matcher backup; do
  [ -f "$UNITS/jobmatch-$unit.service" ] || fail "no unit jobmatch-$unit.service"
done
[ -f "$UNITS/jobmatch-backup.timer" ] || fail "no jobmatch-backup.timer"
[ -f "$UNITS/jobmatch.env.example" ] || fail "no EnvironmentFile example"

for unit in postings profiles events matcher; do
  file=$UNITS/jobmatch-$unit.service
  for want in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes 'CapabilityBoundingSet=' \
      SystemCallFilter=@system-service EnvironmentFile=/etc/jobmatch/jobmatch.env; do
    grep -qx -- "$want" "$file" || fail "$file lacks $want"
  done
  # Secret-bearing flags read from the credentials folder only.
  bad=$(grep -oE -- '--(db_password|data_key|checkpoint_key|token|tls_key)_file=[^ ]*' "$file" \
    | grep -v '=%d/' || true)
  [ -z "$bad" ] || fail "$file passes a secret by path, not as a credential: $bad"
  if [ "$unit" != matcher ]; then  # the matcher has no database access
    grep -q -- '--db_password_file=%d/db.password' "$file" \
      || fail "$file does not take its database password as a credential"
  fi
  grep -q '^LoadCredential=tls.key:' "$file" || fail "$file does not load its TLS key as a credential"
done
grep -q -- '--data_key_file=%d/profiles.key' "$UNITS/jobmatch-profiles.service" \
  || fail "the profiles unit does not take profiles.key as a credential"
# The stats key: profiles and events, and no other unit.
for unit in profiles events; do
  grep -q -- '--stats_key_file=%d/stats.key' "$UNITS/jobmatch-$unit.service" \
    || fail "the $unit unit does not take stats.key as a credential"
done
others=$(grep -l 'stats.key' "$UNITS"/*.service | grep -vE 'jobmatch-(profiles|events)\.service' || true)
[ -z "$others" ] || fail "stats.key given to $others"
grep -q -- '--checkpoint_key_file=%d/checkpoint.key' "$UNITS/jobmatch-matcher.service" \
  || fail "the matcher unit does not take its checkpoint key as a credential"
bad=$(grep -iE '^Environment=.*(PASSWORD|KEY|TOKEN)' "$UNITS"/*.service || true)
[ -z "$bad" ] || fail "a secret in the environment: $bad"

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd is not installed; systemd-analyze verify not run"
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$UNITS"/*.service "$UNITS"/*.timer "$UNITS"/*.target "$WORK"/
sed -i -e "s#/opt/jobmatch/bin/jobmatch-postings#$BUILD/services/postings/jobmatch-postings#" \
  -e "s#/opt/jobmatch/bin/jobmatch-profiles#$BUILD/services/profiles/jobmatch-profiles#" \
  -e "s#/opt/jobmatch/bin/jobmatch-events#$BUILD/services/events/jobmatch-events#" \
  -e "s#/opt/jobmatch/bin/jobmatch-matcher#$BUILD/matcher/service/jobmatch-matcher#" \
  -e "s#/opt/jobmatch/deploy/#$SRC/deploy/#" "$WORK"/*
grep -q '/opt/jobmatch/bin' "$WORK"/* && fail "a unit runs a binary this test does not know: \
$(grep -h 'ExecStart=/opt/jobmatch/bin' "$WORK"/*)"
out=$(cd "$WORK" && systemd-analyze verify --man=no ./*.service ./*.timer ./*.target 2>&1)
rc=$?
# Warnings (an unknown key, a bad value) are reported with exit code 0: fail on them too.
[ $rc -eq 0 ] && [ -z "$out" ] || fail "systemd-analyze verify (exit $rc): $out"
echo "PASS: $(ls "$WORK" | wc -l) units verified"
