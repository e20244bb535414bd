// Table-driven validation tests: each bad request names every offending field.
#include "services/events/requests.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "google/protobuf/text_format.h"
#include "services/common/field_violations.h"

namespace jobmatch::events {
namespace {

template <typename Req>
absl::Status Check(const std::string& text) {
  Req req;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &req)) << text;
  if constexpr (std::is_same_v<Req, v1::SubscribeRequest> ||
                std::is_same_v<Req, v1::CampaignStatsRequest>) {
    return Validate(req);
  } else {
    return FromRequest(req).status();
  }
}

std::set<std::string> Fields(const absl::Status& s) {
  std::set<std::string> out;
  const google::rpc::BadRequest details = BadRequestOf(s);
  for (const auto& v : details.field_violations()) out.insert(v.field());
  return out;
}

struct Case {
  const char* name;
  std::function<absl::Status()> check;
  std::set<std::string> bad_fields;  // empty: valid
};

TEST(RequestsTest, ValidationTable) {
  const std::string long_id(41, 'x');
  const std::vector<Case> cases = {
      {"view ok",
       [] {
         return Check<v1::RecordViewRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p" view { channel: "app" })");
       },
       {}},
      {"view empty",
       [] { return Check<v1::RecordViewRequest>(""); },
       {"request_id", "profile_id", "post_id"}},
      {"view bad channel",
       [] {
         return Check<v1::RecordViewRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p" view { channel: "tv" })");
       },
       {"view.channel"}},
      {"view long id",
       [&] {
         return Check<v1::RecordViewRequest>("request_id: \"r\" profile_id: \"" + long_id +
                                             "\" post_id: \"p\"");
       },
       {"profile_id"}},
      {"application bad channel",
       [] {
         return Check<v1::SubmitApplicationRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p" application { channel: "x" })");
       },
       {"application.channel"}},
      {"request id too long",
       [] {
         return Check<v1::SubmitApplicationRequest>("request_id: \"" + std::string(65, 'r') +
                                                    "\" profile_id: \"a\" post_id: \"p\"");
       },
       {"request_id"}},
      {"interview without time",
       [] {
         return Check<v1::InviteInterviewRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p")");
       },
       {"interview.interview_time"}},
      {"interview ok",
       [] {
         return Check<v1::InviteInterviewRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p" interview { interview_time { seconds: 1800000000 } place: "醴陵" })");
       },
       {}},
      {"hire ok",
       [] {
         return Check<v1::RecordHireRequest>(R"(request_id: "r" profile_id: "a" post_id: "p")");
       },
       {}},
      {"hire bad start",
       [] {
         return Check<v1::RecordHireRequest>(
             R"(request_id: "r" profile_id: "a" post_id: "p" hire { start_date { seconds: -5 } })");
       },
       {"hire.start_date"}},
      {"rejection long reason",
       [] {
         return Check<v1::RecordRejectionRequest>(
             "request_id: \"r\" profile_id: \"a\" post_id: \"p\" rejection { reason: \"" +
             std::string(501, 'x') + "\" }");
       },
       {"rejection.reason"}},
      {"live push missing host and session",
       [] { return Check<v1::PushLivePostRequest>(R"(request_id: "r" post_id: "p")"); },
       {"live_push.host_id", "live_push.session_id"}},
      {"check-in missing",
       [] { return Check<v1::RecordFairCheckInRequest>(R"(request_id: "r")"); },
       {"profile_id", "campaign_id", "fair_check_in.fair_id"}},
      {"visit ok",
       [] {
         return Check<v1::RecordFieldVisitRequest>(
             R"(request_id: "r" campaign_id: "c" field_visit { recruiter_id: "t" village_code: "430281101201" wanted_occupation_codes: "6-18-02-04" wanted_occupation_codes: "4-10" })");
       },
       {}},
      {"visit bad",
       [] {
         return Check<v1::RecordFieldVisitRequest>(
             R"(request_id: "r" campaign_id: "c" field_visit { recruiter_id: "t" village_code: "43x" wanted_occupation_codes: "6-18-2" })");
       },
       {"field_visit.village_code", "field_visit.wanted_occupation_codes[0]"}},
      {"subscribe ok",
       [] {
         return Check<v1::SubscribeRequest>(
             R"(after_cursor: 5 kinds: EVENT_KIND_VIEW region_prefix: "4302")");
       },
       {}},
      {"subscribe bad",
       [] {
         return Check<v1::SubscribeRequest>(
             R"(after_cursor: -1 kinds: EVENT_KIND_UNSPECIFIED region_prefix: "43a")");
       },
       {"after_cursor", "kinds[0]", "region_prefix"}},
      {"stats missing", [] { return Check<v1::CampaignStatsRequest>(""); }, {"campaign_id"}},
  };
  for (const Case& c : cases) {
    const absl::Status s = c.check();
    if (c.bad_fields.empty()) {
      EXPECT_TRUE(s.ok()) << c.name << ": " << s;
    } else {
      EXPECT_TRUE(absl::IsInvalidArgument(s)) << c.name << ": " << s;
      EXPECT_EQ(Fields(s), c.bad_fields) << c.name;
    }
  }
}

TEST(RequestsTest, HashIsStableAndSeesEveryField) {
  v1::RecordViewRequest a;
  a.set_request_id("r");
  a.set_post_id("p");
  v1::RecordViewRequest b = a;
  EXPECT_EQ(StableHash(a), StableHash(b));
  b.mutable_view()->set_channel("app");
  EXPECT_NE(StableHash(a), StableHash(b));
}

}  // namespace
}  // namespace jobmatch::events
