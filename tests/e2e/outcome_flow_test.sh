#!/usr/bin/env bash
# End-to-end test of what follows a match, through the running postings,
# profiles and events binaries and jobctl, each role with its own token over
# TLS: a graduate applies to a Spring Breeze post, the employer sees the
# application, opens it and invites, the graduate accepts, the employer hires,
# a recruiter records the 7-day follow-up, and the campaign's figures (by key
# group and village, this month) and the CSV export both show the hire and
# the retention. Hostile calls are refused on the way: another employer
# listing the applicants or hiring, another jobseeker answering the
# invitation, the graduate hiring themself.
#
#   outcome_flow_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
E2E_NAME=outcome
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"

require_built services/postings/jobmatch-postings services/profiles/jobmatch-profiles \
  services/events/jobmatch-events clients/jobctl/jobctl services/postings/jobmatch-demo-postings \
  services/common/jobmatch-migrate services/common/jobmatch-token

read -r P_POST P_PROF P_EVENTS < <(free_ports 3)
migrate
(umask 077; openssl rand -hex 32 >"$WORK/profiles.key"; openssl rand -hex 32 >"$WORK/stats.key")
unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE
make_certs
mint "$WORK/admin.token" --role=admin --subject=e2e-admin --audience=postings,profiles,events --ttl=1h
mint "$WORK/analyst.token" --role=analyst --subject=e2e-analyst --audience=events --ttl=1h

start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST --db="$DB_URL" \
  --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${SECURE[@]}"
start profiles "$BUILD/services/profiles/jobmatch-profiles" --listen=127.0.0.1:$P_PROF --db="$DB_URL" \
  --db_schema="${PREFIX}profiles" "${AS_PROFILES[@]}" --data_key_file="$WORK/profiles.key" \
  --stats_key_file="$WORK/stats.key" "${SECURE[@]}"
start events "$BUILD/services/events/jobmatch-events" --listen=127.0.0.1:$P_EVENTS --db="$DB_URL" \
  --schema="${PREFIX}events" --source_schemas="${PREFIX}postings,${PREFIX}profiles" \
  --postings_schema="${PREFIX}postings" --profiles_schema="${PREFIX}profiles" "${AS_EVENTS[@]}" \
  --stats_key_file="$WORK/stats.key" "${SECURE[@]}"

JOBCTL=$BUILD/clients/jobctl/jobctl
TARGETS=(--postings=127.0.0.1:$P_POST --profiles=127.0.0.1:$P_PROF --events=127.0.0.1:$P_EVENTS
         --ca_file="$WORK/certs/ca.pem")
as() {  # token-name jobctl-args...
  local who=$1; shift
  "$JOBCTL" "${TARGETS[@]}" --token_file="$WORK/$who.token" "$@"
}
# Refused with exit code $1 (or either of $1 and $2).
refused() {  # what code code2 as-args...
  local what=$1 want=$2 want2=$3; shift 3
  as "$@" >"$WORK/refused.out" 2>&1
  local code=$?
  [ "$code" -eq "$want" ] || [ "$code" -eq "$want2" ] || fail "$what was not refused (exit $code): $(cat "$WORK/refused.out")"
}
wait_for postings as admin --deadline=2s campaigns list
wait_for profiles as admin --deadline=2s profiles list
wait_for events as admin --deadline=2s feed tail --count=1 --timeout=1s

# The city's campaigns, as the demo loader makes them; the flow uses Spring Breeze.
"$BUILD/services/postings/jobmatch-demo-postings" --target=127.0.0.1:$P_POST \
  --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/admin.token" \
  --employers=2 --fair_posts=0 --spring_posts=1 --village_posts=0 >"$WORK/demo-postings.log" 2>&1 \
  || fail "demo postings loader"
campaign=$(as admin --json campaigns list --kind SPRING_BREEZE | field campaign_id | head -1)
[ -n "$campaign" ] || fail "no Spring Breeze campaign"

employer=$(as admin --json employers create --name 株洲市荷塘区鑫达物流有限公司 \
  --credit_code 91430203MA4L000026 --region 430203 2>"$WORK/employer.err" | field employer_id)
[ -n "$employer" ] || fail "employer not created: $(cat "$WORK/employer.err")"
post=$(as admin --json posts create --employer "$employer" --title 仓库管理员 --occupation 4-02-06-01 \
  --region 430202 --openings 2 --salary_min 4000 --salary_max 5000 --campaigns "$campaign" \
  2>"$WORK/post.err" | field post_id)
[ -n "$post" ] || fail "post not created: $(cat "$WORK/post.err")"

# A graduate of last summer living in 泮坑村 (炎陵县), and another person.
VILLAGE=430225101204
grad=$(as admin --json profiles create --id_number 430225200205150016 --phone 13807330001 \
  --name 李明 --residence $VILLAGE --hukou $VILLAGE --education BACHELOR --wants 4-02-06-01 \
  --graduation 2026-06-30 2>"$WORK/grad.err" | field profile_id)
[ -n "$grad" ] || fail "graduate not registered: $(cat "$WORK/grad.err")"
other=$(as admin --json profiles create --id_number 430202199001010011 --phone 13807330002 \
  --name 王芳 --residence 430202001001 --education SENIOR_HIGH 2>"$WORK/other.err" | field profile_id)
[ -n "$other" ] || fail "second person not registered: $(cat "$WORK/other.err")"

mint "$WORK/seeker.token" --role=jobseeker --subject="$grad" --audience=events --ttl=1h
mint "$WORK/stranger.token" --role=jobseeker --subject="$other" --audience=events --ttl=1h
mint "$WORK/employer.token" --role=employer --subject="$employer" --audience=events,postings --ttl=1h
mint "$WORK/rival.token" --role=employer --subject=E-rival --audience=events,postings --ttl=1h
mint "$WORK/recruiter.token" --role=recruiter --subject=r-yanling --regions=430225 --audience=events --ttl=1h

# Apply; the employer sees it, and no other employer does.
as seeker --json applications apply --post "$post" --request_id apply-1 >"$WORK/apply.json" \
  || fail "apply: $(cat "$WORK/apply.json")"
as employer --json applications list --post "$post" >"$WORK/applicants.json" || fail "applicants list"
[ "$(field profile_id <"$WORK/applicants.json")" = "$grad" ] || fail "the employer does not see the application: $(cat "$WORK/applicants.json")"
grep -q '"status":"APPLICATION_STATUS_APPLIED"' "$WORK/applicants.json" || fail "not APPLIED: $(cat "$WORK/applicants.json")"
grep -q -E 'LOW_INCOME|DISABLED|id_number|phone' "$WORK/applicants.json" && fail "the applicants list shows personal data"
refused "another employer's applicants list" 5 4 rival applications list --post "$post"

# Open, invite; a stranger cannot answer it; the graduate accepts.
as employer applications view --profile "$grad" --post "$post" >/dev/null || fail "view"
as employer applications invite --profile "$grad" --post "$post" --time 2026-12-10T14:00:00+08:00 \
  --place 荷塘区金山路88号 >/dev/null || fail "invite"
refused "a stranger answering the invitation" 5 4 stranger applications respond --profile "$grad" \
  --post "$post" --answer ACCEPT
as seeker applications respond --post "$post" --answer ACCEPT >/dev/null || fail "accept"
as seeker --json applications mine >"$WORK/mine.json" || fail "applications mine"
grep -q '"status":"APPLICATION_STATUS_INTERVIEW_ACCEPTED"' "$WORK/mine.json" || fail "not accepted: $(cat "$WORK/mine.json")"

# Nobody but the post's employer (or staff) hires: not a rival, not the graduate.
refused "a rival employer's hire" 5 4 rival applications hire --profile "$grad" --post "$post"
refused "a jobseeker hiring themself" 5 5 seeker applications hire --profile "$grad" --post "$post"
as employer --json applications hire --profile "$grad" --post "$post" --request_id hire-1 >"$WORK/hire.json" \
  || fail "hire: $(cat "$WORK/hire.json")"
grep -q '"remaining_openings":1' "$WORK/hire.json" || fail "the hire did not take one opening: $(cat "$WORK/hire.json")"
as employer --json applications hire --profile "$grad" --post "$post" --request_id hire-1 >"$WORK/hire-again.json" \
  || fail "retried hire"
grep -q '"remaining_openings":1' "$WORK/hire-again.json" || fail "a retried hire took another opening"
as seeker --json applications mine >"$WORK/mine.json" || fail "applications mine after the hire"
grep -q '"status":"APPLICATION_STATUS_HIRED"' "$WORK/mine.json" || fail "not hired: $(cat "$WORK/mine.json")"

# The 7-day follow-up, by the recruiter of 炎陵县 at the door.
as recruiter --json outcomes follow-up --profile "$grad" --post "$post" --visit DAY_7 --employed yes \
  --channel tablet >"$WORK/follow-up.json" || fail "follow-up: $(cat "$WORK/follow-up.json")"

# The campaign's figures: one hire, retained at 7 days, a graduate, in the village, this month.
as analyst --json stats show --campaign "$campaign" --by community --period month >"$WORK/stats.json" \
  || fail "stats show"
python3 - "$WORK/stats.json" "$VILLAGE" <<'EOF' || fail "stats: $(cat "$WORK/stats.json")"
import json, sys
s = json.loads(open(sys.argv[1]).readline())
total = s["total"]
assert int(total.get("hires", 0)) == 1 and int(total.get("retained_7d", 0)) == 1, total
assert int(total.get("applications", 0)) == 1, total
grad = [g for g in s.get("by_group", []) if g.get("group") == "KEY_GROUP_GRADUATE"]
assert grad and int(grad[0].get("hires", 0)) == 1, s.get("by_group")
cells = [c for c in s.get("cells", []) if c.get("region_code") == sys.argv[2]]
grad_cells = [c for c in cells if c["stats"].get("group") == "KEY_GROUP_GRADUATE"]
assert grad_cells and int(grad_cells[0]["stats"].get("hires", 0)) == 1, cells
assert int(grad_cells[0]["stats"].get("retained_7d", 0)) == 1, cells
EOF
as analyst stats export --campaign "$campaign" --by community --period month --format csv \
  --out "$WORK/stats.csv" >/dev/null || fail "stats export"
grep -q "^$VILLAGE," "$WORK/stats.csv" || fail "the export has no row for the village: $(cat "$WORK/stats.csv")"
python3 - "$WORK/stats.csv" "$VILLAGE" <<'EOF' || fail "export: $(cat "$WORK/stats.csv")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = rows[0]
hires, kept = head.index("录用"), head.index("7日在岗")
village = [r for r in rows[1:] if r[0] == sys.argv[2]]
assert village and all(int(r[hires]) == 1 and int(r[kept]) == 1 for r in village), village
EOF

# A DISABLED status reaches the staff statistics, sealed, through the
# profiles service and the relay: the second person is declared DISABLED by
# staff and applies. The post targets no such group, so a DISABLED row can
# only come from her application; one application is a small cell, withheld.
as analyst --json stats show --campaign "$campaign" >"$WORK/stats-before.json" || fail "stats show"
grep -q KEY_GROUP_DISABLED "$WORK/stats-before.json" && fail "a DISABLED row before anyone in it acted"
as admin profiles declare --profile "$other" --group DISABLED --source 荷塘区残联 >/dev/null \
  || fail "declare DISABLED"
# Her status must be in the events schema before she acts: it is once the
# relay has put her second profile change (the declaration) in the feed.
for _ in $(seq 1 40); do
  changes=$(as admin --json feed tail --kinds PROFILE_CHANGED --count=0 --timeout=1s 2>/dev/null \
    | grep -c "\"profile_id\":\"$other\"")
  [ "$changes" -ge 2 ] && break
  sleep 0.5
done
[ "$changes" -ge 2 ] || fail "the declaration never reached the feed"
as stranger --json applications apply --post "$post" --request_id apply-2 >"$WORK/apply-2.json" \
  || fail "second application: $(cat "$WORK/apply-2.json")"
as analyst --json stats show --campaign "$campaign" >"$WORK/stats-after.json" || fail "stats show"
python3 - "$WORK/stats-after.json" <<'EOF' || fail "the DISABLED row: $(cat "$WORK/stats-after.json")"
import json, sys
s = json.loads(open(sys.argv[1]).readline())
assert int(s["total"].get("applications", 0)) == 2, s["total"]
rows = [g for g in s.get("by_group", []) if g.get("group") == "KEY_GROUP_DISABLED"]
assert len(rows) == 1 and rows[0].get("suppressed") is True, rows
assert int(rows[0].get("applications", 0)) == 0, rows
EOF
# Nothing of it in the feed.
as admin --json feed tail --count=0 --timeout=2s >"$WORK/feed.json" 2>/dev/null || true
grep -q -E 'DISABLED|sealed' "$WORK/feed.json" && fail "the feed carries the status"
grep -q "$other" "$WORK/feed.json" || fail "the feed tail did not read the events: $(head -c 300 "$WORK/feed.json")"

echo "outcome flow: applied, seen, invited, accepted, hired (one opening), followed up at 7 days; stats and export show it for the graduate's village; a DISABLED applicant counted, withheld, in the staff figures; 5 hostile calls refused"
