#!/usr/bin/env bash
# Backup and restore under load (deploy/backup.sh), with real servers: a
# private MariaDB of its own (deploy/db.sh on free ports, in a folder of this
# run), the postings, profiles and events binaries, and jobctl.
#
# A writer creates posts, registers people and applies them to the posts,
# logging each write once acknowledged, while deploy/backup.sh takes the
# backup. The backup is restored into an empty folder, a second MariaDB
# started on it and the services started again on that one. Then:
#   - every post, person and application acknowledged before the backup
#     started is there, once; nothing acknowledged after it ended is;
#   - the feed has no gap (cursors 1..head, the sequencer row at the head),
#     and once the restored events service has relayed what the outboxes held
#     at the backup's point, every restored post, person and application has
#     exactly one event in it;
#   - the restored services answer (a post, a masked profile, a new write);
#   - the backup folder is 0700 and its files 0600.
#
#   backup_restore_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
E2E_NAME=backup
# The harness's database is this run's own server, started below.
# shellcheck source=tests/e2e/ports.sh
source "$SRC/tests/e2e/ports.sh"
read -r DB1_PORT DB2_PORT < <(free_ports 2)
export JOBMATCH_TEST_DB_URL=tcp://127.0.0.1:$DB1_PORT
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"
export JOBMATCH_DB_DIR=$WORK/db1
WRITER=
# The database servers go before the harness's cleanup removes their folders.
stop_databases() {
  JOBMATCH_DB_DIR=$WORK/db1 JOBMATCH_DB_PORT=$DB1_PORT "$SRC/deploy/db.sh" stop >/dev/null 2>&1
  JOBMATCH_DB_DIR=$WORK/db2 JOBMATCH_DB_PORT=$DB2_PORT "$SRC/deploy/db.sh" stop >/dev/null 2>&1
}
finish() {
  touch "$WORK/stop"
  [ -z "$WRITER" ] || wait "$WRITER" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  stop_databases
  cleanup
}
trap finish EXIT

command -v mariadb-backup >/dev/null || fail "mariadb-backup is not installed (deploy/install-deps.sh)"
require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events clients/jobctl/jobctl services/common/jobmatch-migrate

db_sh start >"$WORK/db1.log" 2>&1 || fail "first database"
migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key")
unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE

# The three services on a database URL ($1), ports from free_ports, logs
# named with $2.
start_services() {  # db-url log-suffix
  read -r P_POST P_PROF P_EVENTS < <(free_ports 3)
  start "postings$2" "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST \
    --db="$1" --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" --plaintext_development
  start "profiles$2" "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF \
    --db="$1" --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" \
    --data_key_file="$WORK/profiles.key" --plaintext_development
  start "events$2" "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$1" \
    --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
    --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
    --plaintext_development
  JOBCTL=("$BUILD/clients/jobctl/jobctl" --postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF
          --events=127.0.0.1:$P_EVENTS)
  wait_for postings "${JOBCTL[@]}" --deadline=2s campaigns list
  wait_for profiles "${JOBCTL[@]}" --deadline=2s profiles list
  wait_for events "${JOBCTL[@]}" --deadline=2s feed tail --count=1 --timeout=1s
}
start_services "$DB_URL" 1

employer=$("${JOBCTL[@]}" --json employers create --name 株洲市荷塘区鑫达物流有限公司 \
  --credit_code 91430203MA4L000026 --region 430203 2>"$WORK/employer.err" | field employer_id)
[ -n "$employer" ] || fail "employer not created: $(cat "$WORK/employer.err")"

# A valid national ID number for person $1 (ISO 7064 MOD 11-2 check digit).
id_number() {
  local body w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 k
  body=$(printf '43020219%02d%02d01%03d' $((70 + $1 / 1000 % 30)) $((1 + $1 / 100 % 12)) \
    $(($1 % 1000)))
  for k in $(seq 0 16); do sum=$((sum + ${body:k:1} * w[k])); done
  echo "$body${CHECK:sum%11:1}"
}
CHECK=10X98765432

# The writer: post, person, application, each logged with the time it was
# acknowledged (after the call returned), until $WORK/stop appears.
writer() {
  local i=0 post person
  while [ ! -e "$WORK/stop" ] && [ $i -lt 9000 ]; do
    i=$((i + 1))
    post=$("${JOBCTL[@]}" --json posts create --employer "$employer" --title "仓库管理员$i" \
      --occupation 4-02-06-01 --region 430202 --openings 2 --salary_min 4000 --salary_max 5000 \
      --request_id "post-$i" 2>>"$WORK/writer.err" | field post_id)
    [ -n "$post" ] || continue
    echo "$EPOCHREALTIME post $post" >>"$WORK/acks"
    person=$("${JOBCTL[@]}" --json profiles create --id_number "$(id_number $i)" \
      --phone "$(printf '138%08d' $i)" --name "测试$i" --residence 430202 --hukou 430202 \
      --education BACHELOR --wants 4-02-06-01 --request_id "person-$i" 2>>"$WORK/writer.err" \
      | field profile_id)
    [ -n "$person" ] || continue
    echo "$EPOCHREALTIME person $person" >>"$WORK/acks"
    "${JOBCTL[@]}" --json applications apply --profile "$person" --post "$post" \
      --request_id "apply-$i" >/dev/null 2>>"$WORK/writer.err" || continue
    echo "$EPOCHREALTIME apply $person $post" >>"$WORK/acks"
  done
}
acked() { [ -e "$WORK/acks" ] && wc -l <"$WORK/acks" || echo 0; }

writer &
WRITER=$!
# Some writes before the backup, more during it and after it.
for _ in $(seq 1 120); do [ "$(acked)" -ge 60 ] && break; sleep 0.5; done
[ "$(acked)" -ge 60 ] || fail "the writer made $(acked) writes in 60 s: $(tail -3 "$WORK/writer.err")"
BEFORE=$EPOCHREALTIME
JOBMATCH_DB_PORT=$DB1_PORT "$SRC/deploy/backup.sh" backup "$WORK/backups/one" >"$WORK/backup.log" 2>&1 \
  || fail "backup: $(cat "$WORK/backup.log")"
AFTER=$EPOCHREALTIME
during=$(awk -v b="$BEFORE" '$1 >= b' "$WORK/acks" | wc -l)
# A few writes after the backup's end: these must not be in it.
start_count=$(acked)
for _ in $(seq 1 60); do [ "$(acked)" -ge $((start_count + 6)) ] && break; sleep 0.5; done
touch "$WORK/stop"
wait "$WRITER"
echo "writes acknowledged: $(acked) in all, $during from the backup's start on"
[ "$during" -gt 0 ] || fail "no write was acknowledged while the backup ran"

# The backup: owner-only folders and files.
bad=$(find "$WORK/backups/one" \( -type d ! -perm 700 \) -o \( -type f ! -perm 600 \) | head -3)
[ -z "$bad" ] || fail "not owner-only in the backup: $bad"
[ "$(stat -c %a "$WORK/backups/one")" = 700 ] || fail "the backup folder is not 0700"

# Restore into an empty folder and start a second server on it.
mkdir -p "$WORK/db2"
JOBMATCH_DB_PORT=$DB1_PORT "$SRC/deploy/backup.sh" restore "$WORK/backups/one" "$WORK/db2" \
  >"$WORK/restore.log" 2>&1 || fail "restore: $(cat "$WORK/restore.log")"
JOBMATCH_DB_PORT=$DB1_PORT "$SRC/deploy/backup.sh" restore "$WORK/backups/one" "$WORK/db2" \
  >"$WORK/restore-again.log" 2>&1 && fail "a restore over a data folder in use was not refused"
# The first server goes: the restored one must stand alone.
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
PIDS=()
JOBMATCH_DB_DIR=$WORK/db1 JOBMATCH_DB_PORT=$DB1_PORT "$SRC/deploy/db.sh" stop >/dev/null
db2() { JOBMATCH_DB_DIR=$WORK/db2 JOBMATCH_DB_PORT=$DB2_PORT "$SRC/deploy/db.sh" "$@"; }
db2 start >"$WORK/db2.log" 2>&1 || fail "restored database: $(cat "$WORK/db2.log")"
sql2() { db2 sql -N -B -e "$1" 2>>"$WORK/sql.err"; }
[ "$(sql2 'SELECT 1')" = 1 ] || fail "root's password does not open the restored server"

# What the restored database holds, against what was acknowledged.
sql2 "SELECT post_id FROM \`${PREFIX}postings\`.posts" | sort >"$WORK/posts.have"
sql2 "SELECT profile_id FROM \`${PREFIX}profiles\`.profiles" | sort >"$WORK/people.have"
sql2 "SELECT CONCAT(profile_id, ' ', post_id) FROM \`${PREFIX}events\`.applications" \
  | sort >"$WORK/apply.have"
check_kind() {  # kind have-file
  local kind=$1 have=$2 want missing extra dup
  want=$(awk -v k="$kind" -v b="$BEFORE" '$2 == k && $1 < b {$1=$2=""; sub(/^  /, ""); print}' \
    "$WORK/acks" | sort)
  missing=$(comm -23 <(echo "$want" | sed '/^$/d') "$have" | head -3)
  [ -z "$missing" ] || fail "$kind acknowledged before the backup but not restored: $missing"
  after=$(awk -v k="$kind" -v a="$AFTER" '$2 == k && $1 > a {$1=$2=""; sub(/^  /, ""); print}' \
    "$WORK/acks" | sort)
  extra=$(comm -12 <(echo "$after" | sed '/^$/d') "$have" | head -3)
  [ -z "$extra" ] || fail "$kind acknowledged after the backup ended is in it: $extra"
  dup=$(uniq -d "$have" | head -3)
  [ -z "$dup" ] || fail "$kind restored twice: $dup"
  echo "$kind: $(echo "$want" | sed '/^$/d' | wc -l) acknowledged before the backup, $(wc -l <"$have") restored"
}
check_kind post "$WORK/posts.have"
check_kind person "$WORK/people.have"
check_kind apply "$WORK/apply.have"

# The feed: cursors 1..head with no gap, the sequencer row at the head.
feed_has_no_gap() {
  local row count low high head
  row=$(sql2 "SELECT COUNT(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0),
                (SELECT last_cursor FROM \`${PREFIX}events\`.feed_head WHERE id = 1)
              FROM \`${PREFIX}events\`.feed")
  read -r count low high head <<<"$row"
  [ "$count" -gt 0 ] && [ "$low" = 1 ] && [ "$count" = "$high" ] && [ "$high" = "$head" ] \
    || fail "feed $1: $count events, cursors $low..$high, head $head"
  echo "feed $1: cursors 1..$high, no gap"
}
feed_has_no_gap "as restored"
# Each application's event is in the restored feed at the cursor the
# application row names: written in one transaction, restored together.
orphans=$(sql2 "SELECT COUNT(*) FROM \`${PREFIX}events\`.applications a
                LEFT JOIN \`${PREFIX}events\`.feed f ON f.seq = a.seq WHERE f.seq IS NULL")
[ "$orphans" = 0 ] || fail "$orphans restored applications have no feed event"

# The services on the restored database, as they were (same users, same key).
start_services "tcp://127.0.0.1:$DB2_PORT" 2
# The relay passes on what the outboxes held at the backup's point; then each
# post and person has exactly one POST_CHANGED / PROFILE_CHANGED creation
# event, each application one APPLICATION event.
posts=$(wc -l <"$WORK/posts.have")
people=$(wc -l <"$WORK/people.have")
applications=$(wc -l <"$WORK/apply.have")
want_events=$((posts + people + applications))
for _ in $(seq 1 60); do
  have=$(sql2 "SELECT COUNT(*) FROM \`${PREFIX}events\`.feed")
  [ "${have:-0}" -ge "$want_events" ] && break
  sleep 0.5
done
feed_has_no_gap "after the relay caught up"
"${JOBCTL[@]}" --json feed tail --count="$have" --timeout=20s >"$WORK/feed.jsonl" 2>"$WORK/feed.err" \
  || fail "feed tail: $(cat "$WORK/feed.err")"
python3 - "$WORK" <<'PY' || fail "the restored feed does not hold each write exactly once"
import collections, json, sys
work = sys.argv[1]
def lines(name):
    with open(f"{work}/{name}") as f:
        return [l.split() for l in f if l.strip()]
posts = {l[0] for l in lines("posts.have")}
people = {l[0] for l in lines("people.have")}
apps = {(l[0], l[1]) for l in lines("apply.have")}
created = collections.Counter()
applied = collections.Counter()
cursors = []
for line in open(f"{work}/feed.jsonl"):
    e = json.loads(line)
    cursors.append(int(e.get("cursor", 0)))
    kind = e.get("kind")
    made = e.get("change", {}).get("change_type") == "CHANGE_TYPE_CREATED"
    if kind == "EVENT_KIND_POST_CHANGED" and made:
        created["post", e["post_id"]] += 1
    elif kind == "EVENT_KIND_PROFILE_CHANGED" and made:
        created["person", e["profile_id"]] += 1
    elif kind == "EVENT_KIND_APPLICATION":
        applied[e["profile_id"], e["post_id"]] += 1
ok = True
def expect(what, want, counter, key):
    global ok
    bad = [k for k in want if counter[key(k)] != 1]
    if bad:
        ok = False
        print(f"{what}: {len(bad)} of {len(want)} not exactly once in the feed, e.g. "
              f"{bad[:3]} -> {[counter[key(k)] for k in bad[:3]]}")
    else:
        print(f"{what}: {len(want)}, each exactly once in the feed")
expect("posts", posts, created, lambda p: ("post", p))
expect("people", people, created, lambda p: ("person", p))
expect("applications", apps, applied, lambda a: a)
if cursors != list(range(1, len(cursors) + 1)):
    ok = False
    print("feed cursors are not 1..n in order")
sys.exit(0 if ok else 1)
PY

# The restored services answer reads and take new writes.
post=$(head -1 "$WORK/posts.have")
"${JOBCTL[@]}" --json posts get "$post" >"$WORK/post.json" 2>&1 || fail "posts get on the restored services"
grep -q "$post" "$WORK/post.json" || fail "posts get answered another post"
person=$(head -1 "$WORK/people.have")
"${JOBCTL[@]}" --json profiles get "$person" >"$WORK/person.json" 2>&1 \
  || fail "profiles get on the restored services: $(cat "$WORK/person.json")"
grep -q '"id_number":"430202\*\{8\}[0-9X]\{4\}"' "$WORK/person.json" \
  || fail "the restored profile's ID number is not there masked (is the key the same?): $(cat "$WORK/person.json")"
new=$("${JOBCTL[@]}" --json posts create --employer "$employer" --title 叉车司机 \
  --occupation 6-29-03-05 --region 430202 2>"$WORK/new.err" | field post_id)
[ -n "$new" ] || fail "a new post on the restored services: $(cat "$WORK/new.err")"
echo "PASS"
