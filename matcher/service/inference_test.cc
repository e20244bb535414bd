// What an employer can infer from the matcher's answers about LOW_INCOME and
// DISABLED, and about where a person lives. The attack: bureau staff make a
// post that targets and relaxes for the sensitive groups (employers cannot,
// see services/postings/sensitive_targeting.h), and its employer compares the
// candidates' scores, reasons, rule checks and distances. Through a real
// in-process server on port 0.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/domain/eligibility.h"
#include "matcher/index/match_index.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "services/common/server.h"

namespace jobmatch::matcher {
namespace {

constexpr GeoPt kHome{113.13, 27.83};
constexpr int kAge40 = 19860101;  // 40 on synthetic::At() (1 April 2026)
constexpr int kAge50 = 19760101;
constexpr GroupMask kLowIncome = GroupBit(6);
constexpr GroupMask kDisabled = GroupBit(7);

Seeker Person(const std::string& id, int birth, GroupMask groups, GeoPt home = kHome) {
  Seeker s;
  s.id = id;
  s.name = "王小红";
  s.birth_yyyymmdd = birth;
  s.sex = 2;
  s.education = 3;
  s.residence = s.hukou = home;
  s.residence_region = s.hukou_region = "430211";
  s.wanted_occupations = {"4-10-01-06"};
  s.travel_radius_km = 50;
  s.groups = groups;
  return s;
}

// Aimed at, and relaxing its age limit for, the sensitive groups: made by
// staff for the employer "emp-1".
PostRecord SensitivePost(const std::string& id, GeoPt at) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "家政服务员";
  p.occupation_code = "4-10-01-06";
  p.region_code = "430211";
  p.point = at;
  p.max_age = 45;
  p.salary_min = 3500;
  p.salary_max = 5000;
  p.relaxations.push_back({6, 60});
  p.relaxations.push_back({7, 60});
  p.target_groups = kLowIncome | kDisabled;
  p.reserves.push_back({6, 1});
  p.create_time = synthetic::At().now - 3600;
  return p;
}

class InferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    stub_ = v1::MatcherService::NewStub(
        grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { host_->Shutdown(); }

  std::unique_ptr<grpc::ClientContext> As(const std::string& role) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("jobmatch-role", role);
    ctx->AddMetadata("jobmatch-subject", role == "employer" ? "emp-1" : "staff-1");
    return ctx;
  }

  v1::RecommendSeekersResponse Candidates(const std::string& role, const std::string& post) {
    v1::RecommendSeekersRequest req;
    req.set_post_id(post);
    v1::RecommendSeekersResponse resp;
    const grpc::Status s = stub_->RecommendSeekers(As(role).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
  v1::ExplainMatchResponse Explain(const std::string& role, const std::string& profile,
                                   const std::string& post) {
    v1::ExplainMatchRequest req;
    req.set_profile_id(profile);
    req.set_post_id(post);
    v1::ExplainMatchResponse resp;
    const grpc::Status s = stub_->ExplainMatch(As(role).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
  static const v1::SeekerMatch* Find(const v1::RecommendSeekersResponse& r, const std::string& id) {
    for (const auto& m : r.matches()) {
      if (m.profile_id() == id) return &m;
    }
    return nullptr;
  }
  // Everything of an answer about a person but their id and name.
  static std::string Comparable(v1::SeekerMatch m) {
    m.clear_profile_id();
    m.clear_display_name();
    return m.SerializeAsString();
  }

  synthetic::Relations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

TEST_F(InferenceTest, TwinsDifferingOnlyInASensitiveGroupLookTheSameToTheEmployer) {
  index_.UpsertSeeker(Person("plain", kAge40, 0));
  index_.UpsertSeeker(Person("low-income", kAge40, kLowIncome));
  index_.UpsertSeeker(Person("disabled", kAge40, kDisabled));
  // Over the base age limit: eligible only through the relaxation.
  index_.UpsertSeeker(Person("older-low-income", kAge50, kLowIncome));
  index_.UpsertPost(SensitivePost("post-1", {113.15, 27.84}));

  // Staff see the effect: there is something to hide.
  const v1::RecommendSeekersResponse staff = Candidates("admin", "post-1");
  ASSERT_NE(Find(staff, "plain"), nullptr);
  ASSERT_NE(Find(staff, "low-income"), nullptr);
  ASSERT_NE(Find(staff, "older-low-income"), nullptr);
  EXPECT_GT(Find(staff, "low-income")->score(), Find(staff, "plain")->score());
  bool relaxed = false;
  const v1::ExplainMatchResponse staff_older = Explain("admin", "older-low-income", "post-1");
  for (const auto& c : staff_older.checks()) {
    relaxed = relaxed || c.relaxed();
  }
  EXPECT_TRUE(relaxed);

  // The employer's answers about the twins are identical, field by field.
  const v1::RecommendSeekersResponse employer = Candidates("employer", "post-1");
  ASSERT_NE(Find(employer, "plain"), nullptr);
  ASSERT_NE(Find(employer, "low-income"), nullptr);
  ASSERT_NE(Find(employer, "disabled"), nullptr);
  EXPECT_EQ(Comparable(*Find(employer, "low-income")), Comparable(*Find(employer, "plain")));
  EXPECT_EQ(Comparable(*Find(employer, "disabled")), Comparable(*Find(employer, "plain")));
  // The one eligible only through the relaxation is not among them at all.
  EXPECT_EQ(Find(employer, "older-low-income"), nullptr);

  const v1::ExplainMatchResponse plain = Explain("employer", "plain", "post-1");
  for (const char* twin : {"low-income", "disabled"}) {
    const v1::ExplainMatchResponse other = Explain("employer", twin, "post-1");
    EXPECT_EQ(other.SerializeAsString(), plain.SerializeAsString()) << twin;
  }
  for (const auto& reason : plain.reasons()) {
    EXPECT_NE(reason.code(), v1::REASON_CODE_TARGETS_GROUP);
    EXPECT_NE(reason.code(), v1::REASON_CODE_RELAXED_FOR_GROUP);
  }
  // Her explanation says what it would say of anyone aged 50: over the limit.
  const v1::ExplainMatchResponse older = Explain("employer", "older-low-income", "post-1");
  EXPECT_FALSE(older.eligible());
  for (const auto& c : older.checks()) EXPECT_FALSE(c.relaxed()) << c.text();
}

TEST_F(InferenceTest, EmployersGetDistancesOnlyInWholeKilometres) {
  // Two people ~300 m apart, 5-6 km from the post.
  index_.UpsertSeeker(Person("a", kAge40, 0, {113.130, 27.830}));
  index_.UpsertSeeker(Person("b", kAge40, 0, {113.130, 27.8327}));
  const GeoPt post_at{113.130, 27.880};
  index_.UpsertPost(SensitivePost("post-1", post_at));

  const v1::RecommendSeekersResponse staff = Candidates("admin", "post-1");
  ASSERT_EQ(staff.matches_size(), 2);
  const double exact_a = Find(staff, "a")->distance_km();
  EXPECT_NE(std::floor(exact_a), exact_a);  // staff see the exact figure

  const v1::RecommendSeekersResponse employer = Candidates("employer", "post-1");
  ASSERT_EQ(employer.matches_size(), 2);
  for (const auto& m : employer.matches()) {
    EXPECT_EQ(m.distance_km(), std::ceil(m.distance_km())) << m.profile_id();
  }
  EXPECT_EQ(Find(employer, "a")->distance_km(), std::ceil(SurfaceKm({113.130, 27.830}, post_at)));
  // Nothing else in the answer tells them apart either: not the score, not
  // the distance part of it.
  EXPECT_EQ(Comparable(*Find(employer, "a")), Comparable(*Find(employer, "b")));
  EXPECT_EQ(Explain("employer", "a", "post-1").SerializeAsString(),
            Explain("employer", "b", "post-1").SerializeAsString());
}

}  // namespace
}  // namespace jobmatch::matcher
