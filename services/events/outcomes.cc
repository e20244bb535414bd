#include "services/events/outcomes.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/events/requests.h"

namespace jobmatch::events {
namespace {

constexpr size_t kMaxOtherVisit = 20;

// Outcomes are reported by the person (app), a field team (tablet) or staff.
void CheckOutcomeChannel(const std::string& channel, const char* field, FieldViolations& v) {
  CheckChannelIn(channel, field, {"app", "tablet", "staff"}, /*required=*/true, v);
}

}  // namespace

absl::StatusOr<Submission> FromRequest(const v1::RecordFollowUpRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  const v1::FollowUp& f = req.follow_up();
  if (f.visit() == v1::FOLLOW_UP_VISIT_UNSPECIFIED || !v1::FollowUpVisit_IsValid(f.visit())) {
    v.Add("follow_up.visit", "must be DAY_7, DAY_30 or OTHER");
  }
  if (f.visit() == v1::FOLLOW_UP_VISIT_OTHER) {
    if (f.other_visit().empty() || f.other_visit().size() > kMaxOtherVisit) {
      v.Add("follow_up.other_visit", "must name the visit in 1-20 characters");
    }
  } else if (!f.other_visit().empty()) {
    v.Add("follow_up.other_visit", "is only for OTHER visits");
  }
  CheckTextLength(f.reason(), "follow_up.reason", v);
  if (f.still_employed() && !f.reason().empty()) {
    v.Add("follow_up.reason", "is for people who left the job");
  }
  CheckOutcomeChannel(f.channel(), "follow_up.channel", v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_FOLLOW_UP, req.profile_id(), req.post_id());
  *e.mutable_follow_up() = f;
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RecordSeparationRequest& req, absl::Time now) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  const v1::Separation& s = req.separation();
  if (!s.has_date() || s.date().seconds() <= 0) {
    v.Add("separation.date", "is required");
  } else if (FromProto(s.date()) > now + absl::Hours(24)) {
    v.Add("separation.date", "must not be in the future");
  }
  CheckTextLength(s.reason(), "separation.reason", v);
  CheckOutcomeChannel(s.channel(), "separation.channel", v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_SEPARATION, req.profile_id(), req.post_id());
  *e.mutable_separation() = s;
  return BuildSubmission(req, v, std::move(e));
}

absl::Status MayReportThrough(const Caller& caller, const v1::Event& event) {
  const std::string& channel =
      event.has_follow_up() ? event.follow_up().channel() : event.separation().channel();
  const char* field = event.has_follow_up() ? "follow_up.channel" : "separation.channel";
  // The access policy keeps other roles out already; this holds on a
  // development server without it too: an employer's word on its own
  // hire's retention is not a follow-up.
  if (!ActsForBureau(caller) && caller.role != Role::kJobseeker &&
      caller.role != Role::kRecruiter) {
    return absl::PermissionDeniedError("outcomes are reported by the person, field teams or staff");
  }
  bool allowed = true;
  if (caller.role == Role::kJobseeker) allowed = channel == "app";
  if (caller.role == Role::kRecruiter) allowed = channel == "tablet" || channel == "staff";
  if (allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(field, ": a ", RoleName(caller.role),
                                                  " does not report through \"", channel, "\""));
}

namespace {

// Token: as_of|prefix|due|profile|post|visit, web-safe base64.
struct DueToken {
  int64_t as_of_us = 0;
  std::string prefix;
  DueQuery::Key key;
};

absl::StatusOr<DueToken> ParseDueToken(const std::string& token) {
  const absl::Status bad = InvalidField("page_token", "is not a token of this listing");
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) return bad;
  std::vector<std::string> parts = absl::StrSplit(text, '|');
  DueToken t;
  int64_t due_us = 0;
  if (parts.size() != 6 || !absl::SimpleAtoi(parts[0], &t.as_of_us) ||
      !absl::SimpleAtoi(parts[2], &due_us) || !absl::SimpleAtoi(parts[5], &t.key.visit) ||
      parts[3].empty()) {
    return bad;
  }
  t.prefix = parts[1];
  t.key.due = absl::FromUnixMicros(due_us);
  t.key.profile_id = parts[3];
  t.key.post_id = parts[4];
  return t;
}

}  // namespace

absl::StatusOr<DueQuery> DueQueryFor(const Caller& caller, const v1::ListDueFollowUpsRequest& req,
                                     absl::Time now) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  CheckRegionPrefix(req.region_prefix(), v);
  if (req.page_size() < 0 || req.page_size() > kMaxDuePage) {
    v.Add("page_size", absl::StrCat("must be 0-", kMaxDuePage));
  }
  if (req.has_as_of() && req.as_of().seconds() <= 0) v.Add("as_of", "must be a real time");
  DueQuery q;
  q.as_of = req.has_as_of() ? FromProto(req.as_of()) : now;
  if (!req.page_token().empty()) {
    absl::StatusOr<DueToken> t = ParseDueToken(req.page_token());
    if (!t.ok() || t->prefix != req.region_prefix() ||
        (req.has_as_of() && absl::ToUnixMicros(q.as_of) != t->as_of_us)) {
      v.Add("page_token", "is not a token of this listing");
    } else {
      q.as_of = absl::FromUnixMicros(t->as_of_us);
      q.after = t->key;
    }
  }
  JM_RETURN_IF_ERROR(v.ToStatus());
  q.limit = req.page_size() == 0 ? kDefaultDuePage : req.page_size();
  if (caller.role == Role::kRecruiter) {
    if (req.region_prefix().empty()) {
      q.region_prefixes = caller.region_prefixes;
      // A recruiter with no regions sees nothing, never everything: "-"
      // starts no region code.
      if (q.region_prefixes.empty()) q.region_prefixes = {"-"};
    } else if (CoversRegion(caller, req.region_prefix())) {
      q.region_prefixes = {req.region_prefix()};
    } else {
      return absl::PermissionDeniedError(
          absl::StrCat("region ", req.region_prefix(), " is outside your assigned regions"));
    }
  } else if (!req.region_prefix().empty()) {
    q.region_prefixes = {req.region_prefix()};
  }
  return q;
}

std::string DuePageToken(const v1::ListDueFollowUpsRequest& req, const DueQuery& query,
                         const DueFollowUp& last) {
  return absl::WebSafeBase64Escape(
      absl::StrJoin({absl::StrCat(absl::ToUnixMicros(query.as_of)), req.region_prefix(),
                     absl::StrCat(absl::ToUnixMicros(last.due)), last.profile_id, last.post_id,
                     absl::StrCat(static_cast<int>(last.visit))},
                    "|"));
}

}  // namespace jobmatch::events
