#include "services/events/requests.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/field_violations.h"
#include "services/common/text_checks.h"

namespace jobmatch::events {
namespace {

constexpr size_t kMaxId = 40;         // id columns are VARCHAR(40)
constexpr size_t kMaxRequestId = 64;  // feed.request_id
constexpr size_t kMaxText = 500;

void CheckRequestId(const std::string& id, FieldViolations& v) {
  if (id.empty() || id.size() > kMaxRequestId) v.Add("request_id", "must be 1-64 characters");
}

void CheckId(const std::string& id, const char* field, bool required, FieldViolations& v) {
  if (id.empty()) {
    if (required) v.Add(field, "is required");
  } else if (id.size() > kMaxId) {
    v.Add(field, "must be at most 40 characters");
  }
}

void CheckChannel(const std::string& channel, const char* field, FieldViolations& v) {
  CheckChannelIn(channel, field, {"app", "live", "fair", "tablet"}, /*required=*/false, v);
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "6", "6-18", "6-18-02" or "6-18-02-04".
bool IsOccupationCode(const std::string& code) {
  const size_t n = code.size();
  if (n != 1 && n != 4 && n != 7 && n != 10) return false;
  for (size_t i = 0; i < n; ++i) {
    const bool dash = i % 3 == 1;
    if (dash ? code[i] != '-' : !absl::ascii_isdigit(static_cast<unsigned char>(code[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

v1::Event PersonPostEvent(v1::EventKind kind, const std::string& profile_id,
                          const std::string& post_id) {
  v1::Event e;
  e.set_kind(kind);
  e.set_profile_id(profile_id);
  e.set_post_id(post_id);
  return e;
}

void CheckChannelIn(const std::string& channel, const char* field,
                    std::initializer_list<const char*> known, bool required, FieldViolations& v) {
  if (channel.empty() && !required) return;
  for (const char* k : known) {
    if (channel == k) return;
  }
  v.Add(field, absl::StrCat("must be one of ", absl::StrJoin(known, ", ")));
}

void CheckTextLength(const std::string& text, const char* field, FieldViolations& v) {
  if (text.size() > kMaxText) v.Add(field, "must be at most 500 bytes");
}

void CheckRegionPrefix(const std::string& region_prefix, FieldViolations& v) {
  if (!region_prefix.empty() && (!AllDigits(region_prefix) || region_prefix.size() > 12)) {
    v.Add("region_prefix", "must be 1-12 digits");
  }
}

void CheckPersonPost(const std::string& request_id, const std::string& profile_id,
                     const std::string& post_id, FieldViolations& v) {
  CheckRequestId(request_id, v);
  CheckId(profile_id, "profile_id", true, v);
  CheckId(post_id, "post_id", true, v);
}

uint64_t StableHash(const google::protobuf::Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

absl::StatusOr<Submission> FromRequest(const v1::RecordViewRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  CheckChannel(req.view().channel(), "view.channel", v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_VIEW, req.profile_id(), req.post_id());
  *e.mutable_view() = req.view();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::SubmitApplicationRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  CheckChannel(req.application().channel(), "application.channel", v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_APPLICATION, req.profile_id(), req.post_id());
  *e.mutable_application() = req.application();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::InviteInterviewRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  if (!req.interview().has_interview_time()) {
    v.Add("interview.interview_time", "is required");
  } else if (req.interview().interview_time().seconds() <= 0) {
    v.Add("interview.interview_time", "must be a real time");
  }
  CheckTextLength(req.interview().place(), "interview.place", v);
  v1::Event e =
      PersonPostEvent(v1::EVENT_KIND_INTERVIEW_INVITATION, req.profile_id(), req.post_id());
  *e.mutable_interview() = req.interview();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RecordHireRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  if (req.hire().has_start_date() && req.hire().start_date().seconds() <= 0) {
    v.Add("hire.start_date", "must be a real time");
  }
  const std::string& on_site = req.hire().on_site_channel();
  if (!on_site.empty() && on_site != "fair" && on_site != "tablet") {
    v.Add("hire.on_site_channel", "must be empty, fair or tablet");
  }
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_HIRE, req.profile_id(), req.post_id());
  *e.mutable_hire() = req.hire();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RecordRejectionRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  CheckTextLength(req.rejection().reason(), "rejection.reason", v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_REJECTION, req.profile_id(), req.post_id());
  *e.mutable_rejection() = req.rejection();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::PushLivePostRequest& req) {
  FieldViolations v;
  CheckRequestId(req.request_id(), v);
  CheckId(req.post_id(), "post_id", true, v);
  CheckId(req.live_push().host_id(), "live_push.host_id", true, v);
  CheckId(req.live_push().session_id(), "live_push.session_id", true, v);
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_LIVE_PUSH);
  e.set_post_id(req.post_id());
  *e.mutable_live_push() = req.live_push();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RecordFairCheckInRequest& req) {
  FieldViolations v;
  CheckRequestId(req.request_id(), v);
  CheckId(req.profile_id(), "profile_id", true, v);
  CheckId(req.campaign_id(), "campaign_id", true, v);
  CheckId(req.fair_check_in().fair_id(), "fair_check_in.fair_id", true, v);
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_FAIR_CHECK_IN);
  e.set_profile_id(req.profile_id());
  e.set_campaign_id(req.campaign_id());
  *e.mutable_fair_check_in() = req.fair_check_in();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RecordFieldVisitRequest& req) {
  FieldViolations v;
  CheckRequestId(req.request_id(), v);
  CheckId(req.profile_id(), "profile_id", false, v);
  CheckId(req.campaign_id(), "campaign_id", true, v);
  const v1::FieldVisit& visit = req.field_visit();
  CheckId(visit.recruiter_id(), "field_visit.recruiter_id", true, v);
  if (!AllDigits(visit.village_code()) || visit.village_code().size() < 6 ||
      visit.village_code().size() > 12) {
    v.Add("field_visit.village_code", "must be a region code of 6-12 digits");
  }
  for (int i = 0; i < visit.wanted_occupation_codes_size(); ++i) {
    if (!IsOccupationCode(visit.wanted_occupation_codes(i))) {
      v.Add(absl::StrCat("field_visit.wanted_occupation_codes[", i, "]"),
            "must be an occupation code like 6-18-02-04");
    }
  }
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_FIELD_VISIT);
  e.set_profile_id(req.profile_id());
  e.set_campaign_id(req.campaign_id());
  e.set_region_code(visit.village_code());
  *e.mutable_field_visit() = visit;
  return BuildSubmission(req, v, std::move(e));
}

absl::Status Validate(const v1::RecordViewsRequest& req) {
  if (req.views_size() == 0 || req.views_size() > kMaxViewsPerCall) {
    return InvalidField("views", absl::StrCat("must hold 1-", kMaxViewsPerCall, " views"));
  }
  return absl::OkStatus();
}

absl::Status WithFieldPrefix(const absl::Status& status, const std::string& prefix) {
  const google::rpc::BadRequest bad = BadRequestOf(status);
  if (bad.field_violations().empty()) return status;
  FieldViolations v(prefix);
  for (const auto& f : bad.field_violations()) v.Add(f.field(), f.description());
  return v.ToStatus();
}

absl::Status Validate(const v1::SubscribeRequest& req) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  if (req.after_cursor() < 0) v.Add("after_cursor", "must not be negative");
  for (int i = 0; i < req.kinds_size(); ++i) {
    if (req.kinds(i) == v1::EVENT_KIND_UNSPECIFIED || !v1::EventKind_IsValid(req.kinds(i))) {
      v.Add(absl::StrCat("kinds[", i, "]"), "must be a known event kind");
    }
  }
  CheckId(req.campaign_id(), "campaign_id", false, v);
  CheckRegionPrefix(req.region_prefix(), v);
  return v.ToStatus();
}

absl::Status Validate(const v1::CampaignStatsRequest& req) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  CheckId(req.campaign_id(), "campaign_id", true, v);
  // Cells need both a region level and a period, and known values of each.
  const bool has_level = v1::StatsRegionLevel_IsValid(req.region_level()) &&
                         req.region_level() != v1::STATS_REGION_LEVEL_UNSPECIFIED;
  const bool has_period =
      v1::StatsPeriod_IsValid(req.period()) && req.period() != v1::STATS_PERIOD_UNSPECIFIED;
  if (!v1::StatsRegionLevel_IsValid(req.region_level())) {
    v.Add("region_level", "must be COUNTY or COMMUNITY");
  } else if (has_period && !has_level) {
    v.Add("region_level", "is required with a period");
  }
  if (!v1::StatsPeriod_IsValid(req.period())) {
    v.Add("period", "must be DAY, WEEK or MONTH");
  } else if (has_level && !has_period) {
    v.Add("period", "is required with a region level");
  }
  return v.ToStatus();
}

absl::StatusOr<Submission> FromRequest(const v1::MarkApplicationViewedRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_APPLICATION_VIEWED, req.profile_id(), req.post_id());
  *e.mutable_application_viewed() = req.viewed();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::RespondToInvitationRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  const v1::InvitationResponse& r = req.response();
  if (r.answer() == v1::INVITATION_ANSWER_UNSPECIFIED ||
      !v1::InvitationAnswer_IsValid(r.answer())) {
    v.Add("response.answer", "must be ACCEPT, DECLINE or RESCHEDULE");
  }
  if (r.answer() == v1::INVITATION_ANSWER_RESCHEDULE) {
    if (!r.has_proposed_time() || r.proposed_time().seconds() <= 0) {
      v.Add("response.proposed_time", "is required to reschedule, as a real time");
    }
  } else if (r.has_proposed_time()) {
    v.Add("response.proposed_time", "is only for RESCHEDULE");
  }
  CheckTextLength(r.note(), "response.note", v);
  v1::Event e =
      PersonPostEvent(v1::EVENT_KIND_INVITATION_RESPONSE, req.profile_id(), req.post_id());
  *e.mutable_invitation_response() = r;
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::WithdrawApplicationRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  CheckTextLength(req.withdrawal().reason(), "withdrawal.reason", v);
  v1::Event e =
      PersonPostEvent(v1::EVENT_KIND_APPLICATION_WITHDRAWN, req.profile_id(), req.post_id());
  *e.mutable_withdrawal() = req.withdrawal();
  return BuildSubmission(req, v, std::move(e));
}

absl::StatusOr<Submission> FromRequest(const v1::UndoHireRequest& req) {
  FieldViolations v;
  CheckPersonPost(req.request_id(), req.profile_id(), req.post_id(), v);
  if (req.undo().reason().empty()) {
    v.Add("undo.reason", "is required");
  } else {
    CheckTextLength(req.undo().reason(), "undo.reason", v);
  }
  v1::Event e = PersonPostEvent(v1::EVENT_KIND_HIRE_UNDONE, req.profile_id(), req.post_id());
  *e.mutable_hire_undone() = req.undo();
  return BuildSubmission(req, v, std::move(e));
}

namespace {

void CheckPage(int32_t size, const std::string& token, FieldViolations& v, PageRequest& page) {
  if (size < 0 || size > kMaxApplicationsPage) {
    v.Add("page_size", absl::StrCat("must be 0-", kMaxApplicationsPage));
  }
  page.size = size == 0 ? kDefaultApplicationsPage : size;
  if (!token.empty() && (!AllDigits(token) || token.size() > 18 || token == "0")) {
    v.Add("page_token", "must come from a previous response");
  } else if (!token.empty()) {
    page.before_seq = std::stoll(token);
  }
}

}  // namespace

absl::StatusOr<PageRequest> Validate(const v1::ListMyApplicationsRequest& req) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  CheckId(req.profile_id(), "profile_id", true, v);
  PageRequest page;
  CheckPage(req.page_size(), req.page_token(), v, page);
  if (!v.empty()) return v.ToStatus();
  return page;
}

absl::StatusOr<PageRequest> Validate(const v1::ListApplicantsRequest& req) {
  FieldViolations v;
  CheckMessageText(req, "", v);
  CheckId(req.post_id(), "post_id", true, v);
  for (int i = 0; i < req.statuses_size(); ++i) {
    if (req.statuses(i) == v1::APPLICATION_STATUS_UNSPECIFIED ||
        !v1::ApplicationStatus_IsValid(req.statuses(i))) {
      v.Add(absl::StrCat("statuses[", i, "]"), "must be a known application status");
    }
  }
  PageRequest page;
  CheckPage(req.page_size(), req.page_token(), v, page);
  if (!v.empty()) return v.ToStatus();
  return page;
}

std::string PageToken(int64_t next_before_seq) {
  return next_before_seq > 0 ? absl::StrCat(next_before_seq) : "";
}

}  // namespace jobmatch::events
