// Follow-ups, separations, the due list and the outcome figures, through a
// real in-process server on port 0 against the real MariaDB.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/events/cells_backfill.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;
using Stub = v1::EventsService::Stub;

// Who calls: role, subject and (for recruiters) regions.
struct As {
  std::string role = "admin";
  std::string subject = "staff-1";
  std::string regions;
};

std::set<std::string> Fields(const grpc::Status& s) {
  std::set<std::string> out;
  const google::rpc::BadRequest bad = BadRequestOf(FromGrpcStatus(s));
  for (const auto& v : bad.field_violations()) out.insert(v.field());
  return out;
}

class OutcomesTest : public ::testing::Test {
 protected:
  OutcomesTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {}

  template <typename Req, typename Resp, typename Method>
  grpc::Status Call(Method method, const Req& req, Resp* resp, const As& as = {}) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    ctx.AddMetadata("jobmatch-role", as.role);
    ctx.AddMetadata("jobmatch-subject", as.subject);
    if (!as.regions.empty()) ctx.AddMetadata("jobmatch-regions", as.regions);
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  // A published post of `campaigns` targeting `groups`, relayed into the feed.
  void Post(const std::string& id, int openings, const std::vector<v1::KeyGroup>& groups,
            const std::vector<std::string>& campaigns) {
    schemas_.PublishPost(id, openings, groups, campaigns);
    ASSERT_TRUE(server_.core().RelayOnce().ok());
  }

  // A person living in `residence` with (non-sensitive) `groups`.
  void Person(const std::string& id, const std::string& residence,
              const std::vector<v1::KeyGroup>& groups = {}) {
    schemas_.AddProfile(id, residence);
    v1::Event e;
    e.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
    e.set_profile_id(id);
    e.set_region_code(residence);
    for (v1::KeyGroup g : groups) e.add_key_groups(g);
    schemas_.WriteOutbox(schemas_.profiles(), e);
    ASSERT_TRUE(server_.core().RelayOnce().ok());
  }

  grpc::Status Hire(const std::string& person, const std::string& post,
                    absl::Time start = absl::InfinitePast()) {
    v1::RecordHireRequest r;
    r.set_request_id(absl::StrCat("h-", person, "-", post));
    r.set_profile_id(person);
    r.set_post_id(post);
    r.mutable_hire()->set_on_site_channel("fair");  // placed at the fair, no application
    if (start != absl::InfinitePast()) *r.mutable_hire()->mutable_start_date() = ToProto(start);
    v1::RecordHireResponse resp;
    return Call(&Stub::RecordHire, r, &resp);
  }

  static v1::RecordFollowUpRequest FollowUp(const std::string& id, const std::string& person,
                                            const std::string& post, v1::FollowUpVisit visit,
                                            bool employed = true,
                                            const std::string& channel = "staff") {
    v1::RecordFollowUpRequest r;
    r.set_request_id(id);
    r.set_profile_id(person);
    r.set_post_id(post);
    r.mutable_follow_up()->set_visit(visit);
    r.mutable_follow_up()->set_still_employed(employed);
    if (!employed) r.mutable_follow_up()->set_reason("工资太低");
    r.mutable_follow_up()->set_channel(channel);
    return r;
  }

  static v1::RecordSeparationRequest Separation(const std::string& id, const std::string& person,
                                                const std::string& post) {
    v1::RecordSeparationRequest r;
    r.set_request_id(id);
    r.set_profile_id(person);
    r.set_post_id(post);
    // Yesterday, the same in every call of a test (retries must be identical).
    *r.mutable_separation()->mutable_date() =
        ToProto(absl::UnixEpoch() +
                absl::Floor(absl::Now() - absl::UnixEpoch() - absl::Hours(24), absl::Hours(24)));
    r.mutable_separation()->set_reason("回家照顾老人");
    r.mutable_separation()->set_channel("tablet");
    return r;
  }

  v1::CampaignStatsResponse Stats(const std::string& campaign,
                                  v1::StatsRegionLevel level = v1::STATS_REGION_LEVEL_UNSPECIFIED,
                                  v1::StatsPeriod period = v1::STATS_PERIOD_UNSPECIFIED,
                                  const As& as = {"analyst", "an-1", ""}) {
    v1::CampaignStatsRequest req;
    req.set_campaign_id(campaign);
    req.set_region_level(level);
    req.set_period(period);
    v1::CampaignStatsResponse resp;
    grpc::Status s = Call(&Stub::CampaignStats, req, &resp, as);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<Stub> stub_;
};

// A post in two campaigns counts its views, applications, hires and
// placements in both (it used to count in the first one only).
TEST_F(OutcomesTest, EveryCampaignOfAPostCountsItsBehaviour) {
  Post("p1", 5, {v1::KEY_GROUP_GRADUATE}, {"spring", "czt"});
  Person("ann", "430202001001", {v1::KEY_GROUP_GRADUATE});
  v1::RecordViewRequest view;
  view.set_request_id("v1");
  view.set_profile_id("ann");
  view.set_post_id("p1");
  v1::RecordViewResponse viewed;
  ASSERT_TRUE(Call(&Stub::RecordView, view, &viewed).ok());
  v1::SubmitApplicationRequest apply;
  apply.set_request_id("a1");
  apply.set_profile_id("ann");
  apply.set_post_id("p1");
  v1::SubmitApplicationResponse applied;
  ASSERT_TRUE(Call(&Stub::SubmitApplication, apply, &applied).ok());
  ASSERT_TRUE(Hire("ann", "p1").ok());

  for (const char* campaign : {"spring", "czt"}) {
    SCOPED_TRACE(campaign);
    const v1::CampaignStatsResponse stats = Stats(campaign);
    EXPECT_EQ(stats.total().posts(), 1);
    EXPECT_EQ(stats.total().views(), 1);
    EXPECT_EQ(stats.total().applications(), 1);
    EXPECT_EQ(stats.total().hires(), 1);
    EXPECT_EQ(stats.total().people_placed(), 1);
  }
}

TEST_F(OutcomesTest, AFollowUpNeedsAHireAndIsOnePerVisit) {
  Post("p1", 3, {}, {"spring"});
  v1::RecordFollowUpResponse first, retry, other;
  grpc::Status no_hire =
      Call(&Stub::RecordFollowUp, FollowUp("f0", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &first);
  EXPECT_EQ(no_hire.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_FALSE(server_.feed().LookupRequest("f0")->has_value());

  ASSERT_TRUE(Hire("ann", "p1").ok());
  const int64_t head = *server_.feed().Head();
  const auto day7 = FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7);
  ASSERT_TRUE(Call(&Stub::RecordFollowUp, day7, &first).ok());
  EXPECT_EQ(first.event().kind(), v1::EVENT_KIND_FOLLOW_UP);
  EXPECT_EQ(first.event().cursor(), head + 1);
  EXPECT_EQ(first.event().campaign_id(), "spring");
  // The same request again: the same event, nothing new.
  ASSERT_TRUE(Call(&Stub::RecordFollowUp, day7, &retry).ok());
  EXPECT_EQ(retry.event().cursor(), first.event().cursor());
  // Another request for the same visit, and the same id for another request.
  EXPECT_EQ(
      Call(&Stub::RecordFollowUp, FollowUp("f2", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &other)
          .error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  grpc::Status reused =
      Call(&Stub::RecordFollowUp, FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30), &other);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(reused), std::set<std::string>{"request_id"});
  EXPECT_EQ(*server_.feed().Head(), head + 1);

  // The 30-day visit and a named other one are visits of their own.
  ASSERT_TRUE(Call(&Stub::RecordFollowUp,
                   FollowUp("f3", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30, false), &other)
                  .ok());
  auto day90 = FollowUp("f4", "ann", "p1", v1::FOLLOW_UP_VISIT_OTHER);
  day90.mutable_follow_up()->set_other_visit("day-90");
  ASSERT_TRUE(Call(&Stub::RecordFollowUp, day90, &other).ok());
  day90.set_request_id("f5");
  EXPECT_EQ(Call(&Stub::RecordFollowUp, day90, &other).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(*server_.feed().Head(), head + 3);
}

// Racing calls: the same request from eight clients has one effect; eight
// different requests for one visit leave exactly one follow-up.
TEST_F(OutcomesTest, RacingFollowUpsHaveOneEffect) {
  Post("p1", 3, {}, {"spring"});
  ASSERT_TRUE(Hire("ann", "p1").ok());
  const int64_t head = *server_.feed().Head();
  auto race = [&](bool same_id) {
    std::vector<std::future<std::pair<grpc::StatusCode, int64_t>>> calls;
    for (int i = 0; i < 8; ++i) {
      calls.push_back(std::async(std::launch::async, [&, i] {
        auto stub = server_.NewStub();
        grpc::ClientContext ctx;
        ctx.AddMetadata("jobmatch-role", "admin");
        v1::RecordFollowUpResponse resp;
        const auto visit = same_id ? v1::FOLLOW_UP_VISIT_DAY_7 : v1::FOLLOW_UP_VISIT_DAY_30;
        grpc::Status s = stub->RecordFollowUp(
            &ctx, FollowUp(same_id ? "same" : absl::StrCat("d", i), "ann", "p1", visit), &resp);
        return std::make_pair(s.error_code(), resp.event().cursor());
      }));
    }
    std::map<grpc::StatusCode, int> codes;
    std::set<int64_t> cursors;
    for (auto& c : calls) {
      auto [code, cursor] = c.get();
      ++codes[code];
      if (code == grpc::StatusCode::OK) cursors.insert(cursor);
    }
    return std::make_pair(codes, cursors);
  };
  auto [same_codes, same_cursors] = race(true);
  EXPECT_EQ(same_codes[grpc::StatusCode::OK], 8);
  EXPECT_EQ(same_cursors.size(), 1u);
  auto [other_codes, other_cursors] = race(false);
  EXPECT_EQ(other_codes[grpc::StatusCode::OK], 1);
  EXPECT_EQ(other_codes[grpc::StatusCode::ALREADY_EXISTS], 7);
  EXPECT_EQ(*server_.feed().Head(), head + 2);
  EXPECT_EQ(Stats("spring").total().follow_ups(), 2);
}

TEST_F(OutcomesTest, BadFollowUpsAndSeparationsNameEveryField) {
  v1::RecordFollowUpRequest bad;
  bad.mutable_follow_up()->set_other_visit("day-90");
  bad.mutable_follow_up()->set_still_employed(true);
  bad.mutable_follow_up()->set_reason("还在");
  bad.mutable_follow_up()->set_channel("fax");
  v1::RecordFollowUpResponse resp;
  grpc::Status s = Call(&Stub::RecordFollowUp, bad, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"request_id", "profile_id", "post_id",
                                              "follow_up.visit", "follow_up.other_visit",
                                              "follow_up.reason", "follow_up.channel"}));
  v1::RecordSeparationRequest sep = Separation("s1", "ann", "p1");
  *sep.mutable_separation()->mutable_date() = ToProto(absl::Now() + absl::Hours(24 * 10));
  sep.mutable_separation()->set_channel("");
  v1::RecordSeparationResponse sep_resp;
  s = Call(&Stub::RecordSeparation, sep, &sep_resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"separation.date", "separation.channel"}));
  EXPECT_EQ(*server_.feed().Head(), 0);
}

// The hired person reports through the app about themself only; a recruiter
// from a tablet or as staff, for people of its regions; an employer never.
TEST_F(OutcomesTest, WhoMayReportAnOutcome) {
  Post("p1", 5, {}, {"village"});
  Person("ann", "430225101201");  // 炎陵县
  Person("bob", "430102001001");  // 长沙市芙蓉区
  ASSERT_TRUE(Hire("ann", "p1").ok());
  ASSERT_TRUE(Hire("bob", "p1").ok());
  const As ann{"jobseeker", "ann", ""};
  const As recruiter{"recruiter", "r-7", "430225"};
  const As employer{"employer", "e-1", ""};  // the post's own employer
  v1::RecordFollowUpResponse resp;
  auto code = [&](const v1::RecordFollowUpRequest& r, const As& as) {
    return Call(&Stub::RecordFollowUp, r, &resp, as).error_code();
  };
  const int64_t head = *server_.feed().Head();
  EXPECT_EQ(code(FollowUp("x1", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "app"), ann),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(FollowUp("x2", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "staff"), ann),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(FollowUp("x3", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "tablet"), recruiter),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(FollowUp("x4", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "app"), recruiter),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(FollowUp("x5", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "staff"), employer),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::RecordSeparationResponse sep;
  EXPECT_EQ(
      Call(&Stub::RecordSeparation, Separation("x6", "bob", "p1"), &sep, recruiter).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), head);

  EXPECT_EQ(code(FollowUp("ok1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "app"), ann),
            grpc::StatusCode::OK);
  EXPECT_EQ(
      code(FollowUp("ok2", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30, true, "tablet"), recruiter),
      grpc::StatusCode::OK);
  EXPECT_EQ(code(FollowUp("ok3", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7, true, "staff"), {}),
            grpc::StatusCode::OK);
  EXPECT_EQ(*server_.feed().Head(), head + 3);
}

TEST_F(OutcomesTest, ASeparationNeedsAHireAndIsOnePerHire) {
  Post("p1", 3, {}, {"spring"});
  v1::RecordSeparationResponse first, retry, again;
  EXPECT_EQ(Call(&Stub::RecordSeparation, Separation("s0", "ann", "p1"), &first).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Hire("ann", "p1").ok());
  ASSERT_TRUE(Call(&Stub::RecordSeparation, Separation("s1", "ann", "p1"), &first).ok());
  EXPECT_EQ(first.event().kind(), v1::EVENT_KIND_SEPARATION);
  EXPECT_EQ(first.event().separation().reason(), "回家照顾老人");
  ASSERT_TRUE(Call(&Stub::RecordSeparation, Separation("s1", "ann", "p1"), &retry).ok());
  EXPECT_EQ(retry.event().cursor(), first.event().cursor());
  EXPECT_EQ(Call(&Stub::RecordSeparation, Separation("s2", "ann", "p1"), &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Stats("spring").total().separations(), 1);
}

// Due: 7 and 30 days after the start, until recorded; a separated hire is
// done; a recruiter sees its regions' only; pages follow one another.
TEST_F(OutcomesTest, TheDueListShowsWhatTheBureauShouldDoNow) {
  Post("p1", 10, {}, {"village", "spring"});
  Person("ann", "430225101201");
  Person("bob", "430225101202");
  Person("cat", "430102001001");
  Person("dan", "430225101203");
  const absl::Time now = absl::Now();
  ASSERT_TRUE(Hire("ann", "p1", now - absl::Hours(24 * 40)).ok());  // 7 and 30 due
  ASSERT_TRUE(Hire("bob", "p1", now - absl::Hours(24 * 10)).ok());  // 7 due
  ASSERT_TRUE(Hire("cat", "p1", now - absl::Hours(24 * 10)).ok());  // 7 due, elsewhere
  ASSERT_TRUE(Hire("dan", "p1", now - absl::Hours(24 * 3)).ok());   // nothing due yet
  v1::RecordFollowUpResponse done;

  auto list = [&](const As& as, const std::string& prefix = "", int page_size = 0,
                  const std::string& token = "") {
    v1::ListDueFollowUpsRequest req;
    req.set_region_prefix(prefix);
    req.set_page_size(page_size);
    req.set_page_token(token);
    v1::ListDueFollowUpsResponse resp;
    grpc::Status s = Call(&Stub::ListDueFollowUps, req, &resp, as);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> out;
    for (const auto& d : resp.due()) {
      out.push_back(absl::StrCat(d.profile_id(), ":", v1::FollowUpVisit_Name(d.visit())));
    }
    return std::make_pair(out, resp.next_page_token());
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list({}).first, (V{"ann:FOLLOW_UP_VISIT_DAY_7", "ann:FOLLOW_UP_VISIT_DAY_30",
                               "bob:FOLLOW_UP_VISIT_DAY_7", "cat:FOLLOW_UP_VISIT_DAY_7"}));
  // Campaigns of the post and due time come with each.
  {
    v1::ListDueFollowUpsRequest req;
    req.set_page_size(1);
    v1::ListDueFollowUpsResponse resp;
    ASSERT_TRUE(Call(&Stub::ListDueFollowUps, req, &resp).ok());
    ASSERT_EQ(resp.due_size(), 1);
    EXPECT_EQ(resp.due(0).campaign_ids_size(), 2);
    EXPECT_EQ(resp.due(0).region_code(), "430225101201");
    EXPECT_NEAR(absl::ToDoubleHours(FromProto(resp.due(0).due_time()) - now), -24 * 33, 0.1);
  }

  const As recruiter{"recruiter", "r-7", "430225"};
  EXPECT_EQ(list(recruiter).first, (V{"ann:FOLLOW_UP_VISIT_DAY_7", "ann:FOLLOW_UP_VISIT_DAY_30",
                                      "bob:FOLLOW_UP_VISIT_DAY_7"}));
  v1::ListDueFollowUpsRequest outside;
  outside.set_region_prefix("4301");
  v1::ListDueFollowUpsResponse denied;
  EXPECT_EQ(Call(&Stub::ListDueFollowUps, outside, &denied, recruiter).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Page by page, the same rows in the same order.
  V paged;
  std::string token;
  int pages = 0;
  do {
    auto [rows, next] = list({}, "", 1, token);
    paged.insert(paged.end(), rows.begin(), rows.end());
    token = next;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(paged, list({}).first);
  EXPECT_EQ(pages, 4);
  v1::ListDueFollowUpsRequest forged;
  forged.set_page_token("bm90IGEgdG9rZW4");
  EXPECT_EQ(Call(&Stub::ListDueFollowUps, forged, &denied).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Recorded visits leave the list; a 30-day visit settles the 7-day one;
  // a separation settles the hire.
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30), &done)
          .ok());
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f2", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &done)
          .ok());
  v1::RecordSeparationResponse sep;
  ASSERT_TRUE(Call(&Stub::RecordSeparation, Separation("s1", "cat", "p1"), &sep).ok());
  EXPECT_EQ(list({}).first, V{});
}

// Follow-ups, retention and separations per campaign and group, and the
// cells by residence and period add up to them.
TEST_F(OutcomesTest, OutcomeFiguresAndCellsAddUp) {
  Post("p1", 10, {v1::KEY_GROUP_GRADUATE}, {"spring", "czt"});
  Person("ann", "430225101201", {v1::KEY_GROUP_GRADUATE});
  Person("bob", "430225101202");
  Person("cat", "430281001001", {v1::KEY_GROUP_GRADUATE});
  for (const char* p : {"ann", "bob", "cat"}) ASSERT_TRUE(Hire(p, "p1").ok());
  v1::RecordFollowUpResponse r;
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &r).ok());
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f2", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_30), &r)
          .ok());
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f3", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &r).ok());
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f4", "cat", "p1", v1::FOLLOW_UP_VISIT_DAY_7, false), &r)
          .ok());
  v1::RecordSeparationResponse sep;
  ASSERT_TRUE(Call(&Stub::RecordSeparation, Separation("s1", "cat", "p1"), &sep).ok());

  for (const char* campaign : {"spring", "czt"}) {
    SCOPED_TRACE(campaign);
    const v1::CampaignStatsResponse stats =
        Stats(campaign, v1::STATS_REGION_LEVEL_COUNTY, v1::STATS_PERIOD_MONTH);
    EXPECT_EQ(stats.total().hires(), 3);
    EXPECT_EQ(stats.total().follow_ups(), 4);
    EXPECT_EQ(stats.total().retained_7d(), 2);
    EXPECT_EQ(stats.total().retained_30d(), 1);
    EXPECT_EQ(stats.total().separations(), 1);
    ASSERT_EQ(stats.by_group_size(), 1);
    EXPECT_EQ(stats.by_group(0).group(), v1::KEY_GROUP_GRADUATE);
    EXPECT_EQ(stats.by_group(0).hires(), 2);
    EXPECT_EQ(stats.by_group(0).follow_ups(), 3);
    EXPECT_EQ(stats.by_group(0).retained_7d(), 1);
    EXPECT_EQ(stats.by_group(0).separations(), 1);

    // County × month: 炎陵 (ann, bob) and 醴陵 (cat), this month, per group.
    const std::string month = absl::FormatTime("%Y-%m-01", absl::Now(), ChinaTimeZone());
    std::map<std::pair<std::string, int>, v1::GroupStats> cells;
    for (const v1::StatsCell& c : stats.cells()) {
      EXPECT_EQ(c.period_start(), month);
      cells[{c.region_code(), c.stats().group()}] = c.stats();
    }
    ASSERT_EQ(cells.size(), 4u);
    EXPECT_EQ((cells[{"430225", 0}].hires()), 2);
    EXPECT_EQ((cells[{"430225", 0}].retained_7d()), 2);
    EXPECT_EQ((cells[{"430225", 0}].retained_30d()), 1);
    EXPECT_EQ((cells[{"430225", v1::KEY_GROUP_GRADUATE}].hires()), 1);
    EXPECT_EQ((cells[{"430281", 0}].separations()), 1);
    EXPECT_EQ((cells[{"430281", 0}].follow_ups()), 1);
    EXPECT_EQ((cells[{"430281", 0}].retained_7d()), 0);
    int64_t hires = 0, follow_ups = 0;
    for (const auto& [key, g] : cells) {
      if (key.second == 0) {
        hires += g.hires();
        follow_ups += g.follow_ups();
      }
    }
    EXPECT_EQ(hires, stats.total().hires());
    EXPECT_EQ(follow_ups, stats.total().follow_ups());
  }

  // Community × day: one cell per village and group.
  const v1::CampaignStatsResponse by_village =
      Stats("spring", v1::STATS_REGION_LEVEL_COMMUNITY, v1::STATS_PERIOD_DAY);
  std::set<std::string> villages;
  for (const v1::StatsCell& c : by_village.cells()) villages.insert(c.region_code());
  EXPECT_EQ(villages, (std::set<std::string>{"430225101201", "430225101202", "430281001001"}));
}

// Undoing a hire takes it back from every campaign of the post and from
// the cell it was counted in, and its follow-ups are no longer due or
// accepted.
TEST_F(OutcomesTest, AnUndoneHireLeavesEveryCampaignAndItsCell) {
  Post("p1", 5, {v1::KEY_GROUP_GRADUATE}, {"spring", "czt"});
  Person("ann", "430225101201", {v1::KEY_GROUP_GRADUATE});
  Person("bob", "430225101202");
  ASSERT_TRUE(Hire("ann", "p1").ok());
  ASSERT_TRUE(Hire("bob", "p1").ok());
  v1::UndoHireRequest undo;
  undo.set_request_id("u1");
  undo.set_profile_id("ann");
  undo.set_post_id("p1");
  undo.mutable_undo()->set_reason("录入错误");
  v1::UndoHireResponse undone;
  grpc::Status s = Call(&Stub::UndoHire, undo, &undone);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(undone.remaining_openings(), 4);

  for (const char* campaign : {"spring", "czt"}) {
    SCOPED_TRACE(campaign);
    const v1::CampaignStatsResponse stats =
        Stats(campaign, v1::STATS_REGION_LEVEL_COUNTY, v1::STATS_PERIOD_MONTH);
    EXPECT_EQ(stats.total().hires(), 1);
    EXPECT_EQ(stats.total().people_placed(), 1);
    for (const v1::GroupStats& g : stats.by_group()) {
      if (g.group() == v1::KEY_GROUP_GRADUATE) {
        EXPECT_EQ(g.hires(), 0);
        EXPECT_EQ(g.people_placed(), 0);
      }
    }
    int64_t hires = 0;
    for (const v1::StatsCell& c : stats.cells()) {
      EXPECT_GE(c.stats().hires(), 0) << c.region_code();
      if (c.stats().group() == v1::KEY_GROUP_UNSPECIFIED) hires += c.stats().hires();
      if (c.stats().group() == v1::KEY_GROUP_GRADUATE) {
        EXPECT_EQ(c.stats().hires(), 0);
      }
    }
    EXPECT_EQ(hires, 1);
  }

  v1::RecordFollowUpResponse r;
  EXPECT_EQ(Call(&Stub::RecordFollowUp, FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &r)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f2", "bob", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &r).ok());
}

TEST_F(OutcomesTest, CellsNeedBothALevelAndAPeriod) {
  v1::CampaignStatsRequest req;
  req.set_campaign_id("spring");
  req.set_region_level(v1::STATS_REGION_LEVEL_COUNTY);
  v1::CampaignStatsResponse resp;
  grpc::Status s = Call(&Stub::CampaignStats, req, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(s), std::set<std::string>{"period"});
  req.set_region_level(v1::STATS_REGION_LEVEL_UNSPECIFIED);
  req.set_period(static_cast<v1::StatsPeriod>(9));
  s = Call(&Stub::CampaignStats, req, &resp);
  EXPECT_EQ(Fields(s), std::set<std::string>{"period"});
}

// Sensitive cells through the real service: small LOW_INCOME cells are
// withheld with their complements, and callers not allowed the group never
// see its cells. (The feed carries no person's sensitive status today, so
// the cells are seeded as a counting source of them would write them.)
TEST_F(OutcomesTest, SmallSensitiveCellsAreWithheldAndHiddenFromOthers) {
  auto seed = [&](int group, const std::string& region, int hires) {
    absl::Status s = schemas_.events().WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      st->executeUpdate(absl::StrCat(
          "INSERT INTO campaign_cells (campaign_id, key_group, region_code, day, hires) VALUES "
          "('village', ",
          group, ", '", region, "', '2026-04-02', ", hires, ")"));
      return absl::OkStatus();
    });
    ASSERT_TRUE(s.ok()) << s;
  };
  seed(0, "430225101201", 20);
  seed(v1::KEY_GROUP_LOW_INCOME, "430225101201", 2);  // small: withheld
  seed(v1::KEY_GROUP_GRADUATE, "430225101201", 6);    // its complement in the slice
  seed(v1::KEY_GROUP_GROUP_4050, "430225101201", 12);
  seed(0, "430225101202", 30);
  seed(v1::KEY_GROUP_LOW_INCOME, "430225101202", 9);  // the complement in the column
  seed(v1::KEY_GROUP_LOW_INCOME, "430225101203", 15);
  seed(0, "430225101203", 40);

  const v1::CampaignStatsResponse analyst =
      Stats("village", v1::STATS_REGION_LEVEL_COMMUNITY, v1::STATS_PERIOD_WEEK);
  std::map<std::pair<std::string, int>, v1::GroupStats> cells;
  for (const v1::StatsCell& c : analyst.cells()) {
    EXPECT_EQ(c.period_start(), "2026-03-30");  // that week's Monday
    cells[{c.region_code(), c.stats().group()}] = c.stats();
  }
  ASSERT_EQ(cells.size(), 8u);
  EXPECT_TRUE((cells[{"430225101201", v1::KEY_GROUP_LOW_INCOME}].suppressed()));
  EXPECT_EQ((cells[{"430225101201", v1::KEY_GROUP_LOW_INCOME}].hires()), 0);
  EXPECT_TRUE((cells[{"430225101201", v1::KEY_GROUP_GRADUATE}].suppressed()));
  EXPECT_FALSE((cells[{"430225101201", v1::KEY_GROUP_GROUP_4050}].suppressed()));
  EXPECT_TRUE((cells[{"430225101202", v1::KEY_GROUP_LOW_INCOME}].suppressed()));
  // Alone in its village, that one is withheld with the village's total.
  EXPECT_TRUE((cells[{"430225101202", 0}].suppressed()));
  EXPECT_FALSE((cells[{"430225101203", v1::KEY_GROUP_LOW_INCOME}].suppressed()));
  EXPECT_EQ((cells[{"430225101203", v1::KEY_GROUP_LOW_INCOME}].hires()), 15);
  EXPECT_FALSE((cells[{"430225101201", 0}].suppressed()));

  // An anonymous caller (development server, no policy) sees no LOW_INCOME cell.
  const v1::CampaignStatsResponse anonymous =
      Stats("village", v1::STATS_REGION_LEVEL_COMMUNITY, v1::STATS_PERIOD_WEEK, {"", "", ""});
  for (const v1::StatsCell& c : anonymous.cells()) {
    EXPECT_NE(c.stats().group(), v1::KEY_GROUP_LOW_INCOME) << c.region_code();
  }
  EXPECT_EQ(anonymous.cells_size(), 5);
}

// Every cell of the events schema, in key order, as text.
std::vector<std::string> AllCells(db::Database& events) {
  std::vector<std::string> out;
  (void)events.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        "SELECT campaign_id, key_group, region_code, day, views, applications, hires, follow_ups,"
        " retained_7d, retained_30d, separations FROM campaign_cells"
        " ORDER BY campaign_id, key_group, region_code, day"));
    while (rs->next()) {
      std::string row;
      for (int c = 1; c <= 11; ++c)
        absl::StrAppend(&row, c > 1 ? " " : "", std::string(rs->getString(c)));
      out.push_back(row);
    }
    return absl::OkStatus();
  });
  return out;
}

void ExecSql(db::Database& db, const std::string& sql) {
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& conn) {
                  std::unique_ptr<sql::Statement>(conn.createStatement())->execute(sql);
                  return absl::OkStatus();
                }).ok());
}

// Campaigns whose events came before migration 0006 have rows and no cells.
// The backfill rebuilds from the feed exactly the cells live counting
// writes (an undone hire included), only for campaigns out of step, once;
// a campaign whose events the feed no longer holds is left as it was.
TEST_F(OutcomesTest, BackfilledCellsAreTheCellsLiveCountingWrites) {
  Post("p1", 5, {v1::KEY_GROUP_GRADUATE}, {"spring", "czt"});
  Post("p2", 5, {}, {"spring"});
  Person("ann", "430202001001", {v1::KEY_GROUP_GRADUATE});
  Person("bob", "430281100200");
  v1::RecordViewRequest view;
  view.set_request_id("v1");
  view.set_profile_id("ann");
  view.set_post_id("p1");
  v1::RecordViewResponse viewed;
  ASSERT_TRUE(Call(&Stub::RecordView, view, &viewed).ok());
  ASSERT_TRUE(Hire("ann", "p1").ok());
  v1::RecordFollowUpResponse followed;
  ASSERT_TRUE(
      Call(&Stub::RecordFollowUp, FollowUp("f1", "ann", "p1", v1::FOLLOW_UP_VISIT_DAY_7), &followed)
          .ok());
  ASSERT_TRUE(Hire("bob", "p2").ok());
  ASSERT_TRUE(Hire("ann", "p2").ok());
  v1::UndoHireRequest undo;
  undo.set_request_id("u1");
  undo.set_profile_id("bob");
  undo.set_post_id("p2");
  undo.mutable_undo()->set_reason("recorded by mistake");
  v1::UndoHireResponse undone;
  ASSERT_TRUE(Call(&Stub::UndoHire, undo, &undone).ok());

  const std::vector<std::string> live = AllCells(schemas_.events());
  ASSERT_FALSE(live.empty());
  // In step: nothing to do.
  auto none = BackfillCampaignCells(schemas_.events());
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->rebuilt.empty());
  EXPECT_EQ(none->events_read, 0);

  // As if spring's events came before 0006, and one of czt's cells were lost.
  ExecSql(schemas_.events(), "DELETE FROM campaign_cells WHERE campaign_id = 'spring'");
  ExecSql(schemas_.events(),
          "DELETE FROM campaign_cells WHERE campaign_id = 'czt' AND key_group = 0");
  auto report = BackfillCampaignCells(schemas_.events());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rebuilt, (std::vector<std::string>{"czt", "spring"}));
  EXPECT_TRUE(report->unrecoverable.empty());
  EXPECT_GT(report->events_read, 0);
  EXPECT_EQ(AllCells(schemas_.events()), live);
  // The cells add up to the campaign rows the bureau reads.
  const v1::CampaignStatsResponse stats =
      Stats("spring", v1::STATS_REGION_LEVEL_COUNTY, v1::STATS_PERIOD_MONTH, {"admin", "s-1", ""});
  int64_t hires = 0, follow_ups = 0;
  for (const auto& cell : stats.cells()) {
    if (cell.stats().group() != v1::KEY_GROUP_UNSPECIFIED) continue;
    hires += cell.stats().hires();
    follow_ups += cell.stats().follow_ups();
  }
  EXPECT_EQ(hires, stats.total().hires());
  EXPECT_EQ(hires, 2);
  EXPECT_EQ(follow_ups, 1);

  // Idempotent: a second run finds nothing out of step.
  auto again = BackfillCampaignCells(schemas_.events());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->rebuilt.empty());
  EXPECT_EQ(AllCells(schemas_.events()), live);

  // The feed no longer holds czt's view (retention): its cells cannot be
  // rebuilt truly, and are left as they were.
  ExecSql(schemas_.events(), "DELETE FROM campaign_cells WHERE campaign_id = 'czt'");
  ExecSql(schemas_.events(),
          absl::StrCat("DELETE FROM feed WHERE seq = ", viewed.event().cursor()));
  const std::vector<std::string> without_czt = AllCells(schemas_.events());
  auto trimmed = BackfillCampaignCells(schemas_.events());
  ASSERT_TRUE(trimmed.ok()) << trimmed.status();
  EXPECT_EQ(trimmed->unrecoverable, std::vector<std::string>{"czt"});
  EXPECT_TRUE(trimmed->rebuilt.empty());
  EXPECT_EQ(AllCells(schemas_.events()), without_czt);
}

}  // namespace
}  // namespace jobmatch::events
