#!/usr/bin/env bash
# End-to-end test of the intake review queue through the running postings
# service and jobctl: posts whose occupation is only a guess are listed for
# review, a staff confirmation codes one, resolves the other queued post of
# the same title, and a new post with that title is coded by the lesson
# without review; then the same through `jobctl import postings` of two fair
# files whose title the importer cannot code (kept for review, not refused).
# The real postings binary runs on a free loopback port
# against the test MariaDB (schemas unique to this run, dropped afterwards).
#
#   review_flow_test.sh BUILD_DIR SOURCE_DIR [tls]
#
# With `tls` the service checks a bearer token on every call: posts are
# created with an admin token, the queue is worked with a recruiter's, and an
# employer's token is refused the queue (exit 5).
set -uo pipefail
BUILD=$1
SRC=$2
MODE=${3:-plaintext}
E2E_NAME=review
# shellcheck source=tests/e2e/harness.sh
source "$SRC/tests/e2e/harness.sh"

require_built services/postings/jobmatch-postings clients/jobctl/jobctl services/common/jobmatch-migrate
read -r P_POST < <(free_ports 1)
migrate

unset JOBMATCH_CA_FILE JOBMATCH_TOKEN JOBMATCH_TOKEN_FILE
JOBCTL=$BUILD/clients/jobctl/jobctl
if [ "$MODE" = tls ]; then
  make_certs
  mint "$WORK/admin.token" --role=admin --subject=e2e-admin --audience=postings,profiles,events,matcher --ttl=1h
  mint "$WORK/staff.token" --role=recruiter --subject=r-zhou --regions=430203 --audience=postings --ttl=1h
  mint "$WORK/employer.token" --role=employer --subject=E0 --audience=postings --ttl=1h
  ADMIN=(--postings=127.0.0.1:$P_POST --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/admin.token")
  STAFF=(--postings=127.0.0.1:$P_POST --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/staff.token")
  REVIEWER=r-zhou
else
  SECURE=(--plaintext_development)
  ADMIN=(--postings=127.0.0.1:$P_POST)
  STAFF=(--postings=127.0.0.1:$P_POST --role=recruiter --subject=r-zhou)
  REVIEWER=r-zhou
fi

# The flow's fair files come from the bureau's own fairs: published without
# moderation (still coded and queued for occupation review).
start postings "$BUILD/services/postings/jobmatch-postings" --listen=127.0.0.1:$P_POST \
  --db="$DB_URL" --db_schema="${PREFIX}postings" "${AS_POSTINGS[@]}" "${SECURE[@]}" \
  --trusted_import_sources=review-fair-1,review-fair-2
wait_for postings "$JOBCTL" "${ADMIN[@]}" --deadline=2s campaigns list

# A title the importer's classifier cannot code with confidence.
ODD_TITLE=${REVIEW_ODD_TITLE:-摸鱼专员}
admin() { "$JOBCTL" "${ADMIN[@]}" "$@"; }
staff() { "$JOBCTL" "${STAFF[@]}" "$@"; }

employer=$(admin --json employers create --name 株洲巾帼家政服务有限公司 --credit_code 91430203MA4L000026 \
  --region 430203 2>"$WORK/employer.err" | field employer_id)
if [ -z "$employer" ]; then
  # The credit code's check character, if the one above was wrong, is named in the error.
  cat "$WORK/employer.err"
  fail "employer not created"
fi

# Three posts whose occupation is only a guess (the major group 4), one coded.
create() {  # title extra-args...
  local title=$1; shift
  admin --json posts create --employer "$employer" --title "$title" --region 430203 "$@" | field post_id
}
first=$(create 月嫂 --occupation 4 --needs_review)
second=$(create " 月嫂" --occupation 4 --needs_review)
nanny=$(create 保姆 --occupation 4 --needs_review)
coded=$(create 家政服务员 --occupation 4-10-01-06)
[ -n "$first" ] && [ -n "$second" ] && [ -n "$nanny" ] && [ -n "$coded" ] || fail "posts not created"

# The queue: the three guesses, oldest first, not the coded post.
staff --json review list >"$WORK/queue.json" || fail "review list"
[ "$(field post_id <"$WORK/queue.json" | tr '\n' ' ')" = "$first $second $nanny " ] \
  || fail "queue is not the three guesses in order: $(cat "$WORK/queue.json")"
staff review list | grep -q 月嫂 || fail "the queue table does not show the title"

if [ "$MODE" = tls ]; then
  "$JOBCTL" --postings=127.0.0.1:$P_POST --ca_file="$WORK/certs/ca.pem" --token_file="$WORK/employer.token" \
    review list >/dev/null 2>&1
  code=$?
  [ "$code" -eq 5 ] || fail "an employer was not refused the queue (exit $code)"
fi

# A stale version is refused (exit 7) and changes nothing.
staff review confirm "$first" 4-10-01-06 --expected_version 5 >/dev/null 2>&1
code=$?
[ "$code" -eq 7 ] || fail "a stale version was not refused with exit 7 (exit $code)"

# Confirm the first: it is coded by staff, and the other 月嫂 is resolved.
staff --json review confirm "$first" 4-10-01-06 --expected_version 1 --request_id confirm-1 \
  >"$WORK/confirm.json" || fail "review confirm"
grep -q '"also_resolved":1' "$WORK/confirm.json" || fail "the other queued post was not resolved: $(cat "$WORK/confirm.json")"
# The same request again: the same answer, no second effect.
staff --json review confirm "$first" 4-10-01-06 --expected_version 1 --request_id confirm-1 \
  >"$WORK/confirm-again.json" || fail "retried review confirm"
cmp -s "$WORK/confirm.json" "$WORK/confirm-again.json" || fail "a retried confirm answered differently"

admin --json posts get "$first" >"$WORK/first.json" || fail "posts get first"
grep -q '"occupation_code":"4-10-01-06"' "$WORK/first.json" || fail "first post not coded: $(cat "$WORK/first.json")"
grep -q '"method":"staff"' "$WORK/first.json" || fail "first post not coded by staff"
grep -q "\"reviewed_by\":\"$REVIEWER\"" "$WORK/first.json" || fail "first post does not name its reviewer"
grep -q '"version":"2"' "$WORK/first.json" || fail "the retry changed the post again: $(cat "$WORK/first.json")"
admin --json posts get "$second" >"$WORK/second.json" || fail "posts get second"
grep -q '"occupation_code":"4-10-01-06"' "$WORK/second.json" || fail "second post not resolved: $(cat "$WORK/second.json")"
grep -q '"method":"learned"' "$WORK/second.json" || fail "second post not coded by the lesson"
grep -q '"needs_review":true' "$WORK/second.json" && fail "second post still needs review"

staff --json review list >"$WORK/queue-after.json" || fail "review list after"
[ "$(field post_id <"$WORK/queue-after.json")" = "$nanny" ] || fail "queue after: $(cat "$WORK/queue-after.json")"
staff review learned | grep -q "月嫂 *4-10-01-06 *$REVIEWER" || fail "the lesson is not listed: $(staff review learned)"

# A new post with the taught title is coded by the lesson and never queued.
admin --json posts create --employer "$employer" --title 月嫂 --occupation 4 --region 430203 --needs_review \
  >"$WORK/later.json" || fail "later post"
grep -q '"occupation_code":"4-10-01-06"' "$WORK/later.json" || fail "later post not coded: $(cat "$WORK/later.json")"
grep -q '"method":"learned"' "$WORK/later.json" || fail "later post not coded by the lesson"
staff --json review list >"$WORK/queue-last.json" || fail "review list last"
[ "$(field post_id <"$WORK/queue-last.json")" = "$nanny" ] || fail "the later post was queued: $(cat "$WORK/queue-last.json")"

# A fair's file through jobctl: rows whose titles the importer cannot code are
# kept for review (not refused); confirming one teaches its title, which
# resolves the other queued row and codes the same title in the next file.
printf '编号,岗位名称,薪资,工作地点\nRV-1,%s,3000-4000元/月,芦淞区\nRV-2,%s,3000-4000元/月,芦淞区\n' \
  "$ODD_TITLE" "$ODD_TITLE" >"$WORK/fair-1.csv"
printf '编号,岗位名称,薪资,工作地点\nRV-3,%s,3500元/月,芦淞区\n' "$ODD_TITLE" >"$WORK/fair-2.csv"
admin --json import postings "$WORK/fair-1.csv" --source review-fair-1 --employer "$employer" \
  >"$WORK/import-1.json" 2>"$WORK/import-1.err" || fail "import of the first file: $(cat "$WORK/import-1.err")"
grep -q '"created":2' "$WORK/import-1.json" || fail "the uncodable rows were not kept: $(cat "$WORK/import-1.json")"
staff --json review list --source review-fair-1 >"$WORK/queue-import.json" || fail "review list --source"
imported=$(field post_id <"$WORK/queue-import.json" | head -1)
[ "$(field post_id <"$WORK/queue-import.json" | wc -l)" -eq 2 ] || fail "imported rows not queued: $(cat "$WORK/queue-import.json")"
staff --json review confirm "$imported" 6-20-01-01 >"$WORK/confirm-import.json" || fail "confirm an imported post"
grep -q '"also_resolved":1' "$WORK/confirm-import.json" || fail "the other imported row was not resolved"
admin --json import postings "$WORK/fair-2.csv" --source review-fair-2 --employer "$employer" \
  >"$WORK/import-2.json" 2>"$WORK/import-2.err" || fail "import of the second file: $(cat "$WORK/import-2.err")"
grep -q '"created":1' "$WORK/import-2.json" || fail "second file: $(cat "$WORK/import-2.json")"
[ -z "$(staff --json review list --source review-fair-2)" ] || fail "a row of a taught title was queued"
admin --json posts list --occupation 6-20-01-01 >"$WORK/learned-import.json" || fail "posts list"
[ "$(grep -c '"method":"learned"' "$WORK/learned-import.json")" -eq 2 ] \
  || fail "the resolved row and the new row are not coded by the lesson: $(cat "$WORK/learned-import.json")"

echo "review flow ($MODE): 3 guesses queued, one confirmed, one resolved by the lesson, a new post of the title coded without review; the same through two imported files"
