// PlanCampaign through a real in-process server on port 0: the planner's
// instance from the index (campaign posts, people by region, eligible pairs,
// reserves), the plan's guarantees, dockets by village, what an employer sees,
// and request validation.
#include "matcher/service/campaign_planner.h"

#include <grpcpp/grpcpp.h>

#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_service.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/server.h"
#include "services/common/testing/violation_fields.h"

namespace jobmatch::matcher {
namespace {

using ::testing::UnorderedElementsAre;

constexpr GeoPt kYanling{113.77, 26.49};
// Two communities of 霞阳镇, 炎陵县 (deploy/refdata/regions.csv).
constexpr char kVillageA[] = "430225100001";
constexpr char kVillageB[] = "430225100002";

Seeker Person(const std::string& id, const std::string& village, int birth) {
  Seeker s;
  s.id = id;
  s.name = "李四";
  s.birth_yyyymmdd = birth;
  s.sex = 1;
  s.education = 3;
  s.residence = s.hukou = kYanling;
  s.residence_region = s.hukou_region = village;
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

PostRecord Post(const std::string& id, int openings, const std::string& campaign) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "焊工";
  p.occupation_code = "6-18-02-04";
  p.region_code = "430225100";
  p.point = kYanling;
  p.openings = p.remaining = openings;
  p.max_age = 45;
  p.salary_min = 4000;
  p.salary_max = 6000;
  p.create_time = synthetic::At().now - 86400;
  if (!campaign.empty()) {
    CampaignInfo c;
    c.id = campaign;
    p.campaigns.push_back(c);
  }
  return p;
}

class PlanCampaignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Post "a" keeps its one seat for LOW_INCOME; "b" has two open seats
    // for men;
    // "other" is outside the campaign and "far" outside the asked county.
    PostRecord a = Post("a", 1, "spring");
    a.reserves.push_back({6, 1});
    index_.UpsertPost(a);
    PostRecord b = Post("b", 2, "spring");
    b.required_sex = 1;
    index_.UpsertPost(b);
    index_.UpsertPost(Post("other", 5, ""));
    PostRecord far = Post("far", 5, "spring");
    far.region_code = "430224100";
    index_.UpsertPost(far);
    for (const char* id : {"p1", "p2"}) index_.UpsertSeeker(Person(id, kVillageA, 19900101));
    index_.UpsertSeeker(Person("p3", kVillageB, 19900101));
    // The least attractive candidate (farther away, and only "a" takes her)
    // but LOW_INCOME: only the reserved seat places her.
    Seeker poor = Person("poor", kVillageB, 19900101);
    poor.sex = 2;
    poor.residence = poor.hukou = {113.90, 26.49};
    poor.groups = GroupBit(6);
    index_.UpsertSeeker(poor);
    index_.UpsertSeeker(Person("old", kVillageA, 19600101));  // over max_age 45
    Seeker elsewhere = Person("elsewhere", "430224100301", 19900101);
    index_.UpsertSeeker(elsewhere);

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

  grpc::Status Plan(const std::string& role, const v1::PlanCampaignRequest& request,
                    v1::PlanCampaignResponse* response) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", role);
    ctx.AddMetadata("jobmatch-subject", role == "employer" ? "emp-1" : "staff");
    return stub_->PlanCampaign(&ctx, request, response);
  }

  static v1::PlanCampaignRequest Spring() {
    v1::PlanCampaignRequest r;
    r.set_campaign_id("spring");
    r.add_region_prefixes("430225");
    return r;
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

using ::jobmatch::testing::ViolationFields;

TEST_F(PlanCampaignTest, PlannerBuildsTheCampaignInstance) {
  CampaignPlanner planner(&index_);
  EXPECT_TRUE(planner.KnowsCampaign("spring"));
  EXPECT_FALSE(planner.KnowsCampaign("autumn"));
  // The campaign's own floor (kept beside each of its posts) plus an extra one.
  PostRecord a = *index_.FindPost("a");
  a.campaign_reserves.push_back({"spring", {6, 1}});
  index_.UpsertPost(a);
  const planning::PlanInput in =
      planner.Build({"spring", {"430225"}, {{3, 2}, {6, 1}}}, synthetic::At(), true);
  ASSERT_EQ(in.posts.size(), 2u);
  EXPECT_EQ(in.posts[0].id, "a");
  ASSERT_EQ(in.posts[0].reserves.size(), 1u);
  EXPECT_EQ(in.posts[0].reserves[0].group, 6);
  EXPECT_EQ(in.posts[1].id, "b");
  EXPECT_EQ(in.posts[1].openings, 2);
  std::vector<std::string> people;
  for (const auto& p : in.people) people.push_back(p.id);
  EXPECT_THAT(people, UnorderedElementsAre("old", "p1", "p2", "p3", "poor"));
  ASSERT_EQ(in.campaign_reserves.size(), 2u);
  EXPECT_EQ(in.campaign_reserves[0].group, 3);
  EXPECT_EQ(in.campaign_reserves[0].places, 2);
  EXPECT_EQ(in.campaign_reserves[1].group, 6);
  EXPECT_EQ(in.campaign_reserves[1].places, 1);  // 2 asked, cut to the 3 seats
  // Every eligible pair and no other: 3 people x 2 posts, and poor x "a".
  EXPECT_EQ(in.pairs.size(), 7u);
  for (const auto& pair : in.pairs) {
    EXPECT_NE(in.people[pair.person].id, "old");
    EXPECT_GT(pair.score, 0);
    EXPECT_FALSE(pair.reasons.empty());
  }
  EXPECT_TRUE(planning::ValidatePlanInput(in).ok());
}

TEST_F(PlanCampaignTest, PlanKeepsCapacityEligibilityReservesAndVillages) {
  for (v1::PlanMode mode : {v1::PLAN_MODE_UNSPECIFIED, v1::PLAN_MODE_STABLE}) {
    v1::PlanCampaignRequest request = Spring();
    request.set_mode(mode);
    v1::PlanCampaignResponse response;
    grpc::Status s = Plan("admin", request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.campaign_id(), "spring");
    EXPECT_EQ(response.mode(),
              mode == v1::PLAN_MODE_STABLE ? v1::PLAN_MODE_STABLE : v1::PLAN_MODE_OPTIMAL);
    EXPECT_EQ(response.people_placed(), 3);
    std::map<std::string, std::string> post_of;
    for (const v1::PostPlan& post : response.posts()) {
      EXPECT_LE(post.assignments_size(), post.openings()) << post.post_id();
      EXPECT_TRUE(post.post_id() == "a" || post.post_id() == "b") << post.post_id();
      for (const v1::Assignment& a : post.assignments()) {
        EXPECT_NE(a.profile_id(), "old");
        EXPECT_NE(a.profile_id(), "elsewhere");
        EXPECT_TRUE(post_of.emplace(a.profile_id(), post.post_id()).second) << "placed twice";
        if (post.post_id() == "a") {
          EXPECT_EQ(a.profile_id(), "poor");
          EXPECT_EQ(a.reserved_for(), v1::KEY_GROUP_LOW_INCOME);
        }
      }
    }
    EXPECT_EQ(post_of["poor"], "a");
    const std::map<std::string, std::string> village = {
        {"p1", kVillageA}, {"p2", kVillageA}, {"p3", kVillageB}, {"poor", kVillageB}};
    const std::map<std::string, std::string> village_name = {
        {kVillageA, "炎陵县 霞阳镇 东区社区居委会"}, {kVillageB, "炎陵县 霞阳镇 南区社区居委会"}};
    int docketed = 0;
    for (const v1::Docket& d : response.dockets()) {
      EXPECT_EQ(d.region_name(), village_name.at(d.region_code()));
      for (const v1::Assignment& a : d.assignments()) {
        EXPECT_EQ(village.at(a.profile_id()), d.region_code()) << a.profile_id();
        ++docketed;
      }
    }
    EXPECT_EQ(docketed, 3);
    bool low_income_listed = false;
    for (const v1::GroupPlacement& g : response.groups()) {
      low_income_listed = low_income_listed || g.group() == v1::KEY_GROUP_LOW_INCOME;
    }
    EXPECT_TRUE(low_income_listed);
  }
}

// The greedy baseline through the API: reported as such, within capacity and
// eligibility, and keeping no reserved place (so it may score more than the
// optimal plan, which gives up score to keep the LOW_INCOME seat).
TEST_F(PlanCampaignTest, GreedyIsTheBaselineTheOtherModesAreMeasuredAgainst) {
  v1::PlanCampaignRequest request = Spring();
  v1::PlanCampaignResponse optimal;
  ASSERT_TRUE(Plan("admin", request, &optimal).ok());
  request.set_mode(v1::PLAN_MODE_GREEDY);
  v1::PlanCampaignResponse greedy;
  grpc::Status s = Plan("admin", request, &greedy);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(greedy.mode(), v1::PLAN_MODE_GREEDY);
  EXPECT_GT(greedy.people_placed(), 0);
  bool optimal_reserves = false;
  for (const v1::PostPlan& post : optimal.posts()) {
    for (const v1::Assignment& a : post.assignments()) {
      optimal_reserves = optimal_reserves || a.reserved_for() != v1::KEY_GROUP_UNSPECIFIED;
    }
  }
  EXPECT_TRUE(optimal_reserves) << "the optimal plan keeps a reserved seat";
  std::set<std::string> placed;
  double total = 0;
  for (const v1::PostPlan& post : greedy.posts()) {
    EXPECT_LE(post.assignments_size(), post.openings()) << post.post_id();
    for (const v1::Assignment& a : post.assignments()) {
      EXPECT_TRUE(placed.insert(a.profile_id()).second) << "placed twice: " << a.profile_id();
      EXPECT_NE(a.profile_id(), "old");
      EXPECT_NE(a.profile_id(), "elsewhere");
      EXPECT_EQ(a.reserved_for(), v1::KEY_GROUP_UNSPECIFIED) << a.profile_id();
      total += a.score();
    }
  }
  EXPECT_EQ(static_cast<int>(placed.size()), greedy.people_placed());
  EXPECT_NEAR(total, greedy.total_score(), 1e-6);
  for (const v1::GroupPlacement& g : greedy.groups()) EXPECT_EQ(g.reserved_used(), 0);
}

TEST_F(PlanCampaignTest, EmployerSeesNoSensitiveGroup) {
  v1::PlanCampaignResponse response;
  grpc::Status s = Plan("employer", Spring(), &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.people_placed(), 3);
  for (const v1::GroupPlacement& g : response.groups()) {
    EXPECT_NE(g.group(), v1::KEY_GROUP_LOW_INCOME);
    EXPECT_NE(g.group(), v1::KEY_GROUP_DISABLED);
  }
  for (const v1::PostPlan& post : response.posts()) {
    for (const v1::Assignment& a : post.assignments()) {
      EXPECT_NE(a.reserved_for(), v1::KEY_GROUP_LOW_INCOME);
      for (const v1::Reason& r : a.reasons()) {
        EXPECT_EQ(r.text().find("低保"), std::string::npos) << r.text();
      }
    }
  }
  for (const v1::Docket& d : response.dockets()) {
    for (const v1::Assignment& a : d.assignments()) {
      EXPECT_NE(a.reserved_for(), v1::KEY_GROUP_LOW_INCOME);
    }
  }
}

TEST_F(PlanCampaignTest, InvalidRequestsNameEachField) {
  v1::PlanCampaignRequest request;
  request.set_mode(static_cast<v1::PlanMode>(42));
  request.add_region_prefixes("4302");
  request.add_region_prefixes("43x2");
  v1::ReservedQuota* q = request.add_extra_reserves();
  q->set_group(static_cast<v1::KeyGroup>(9));
  q->set_places(0);
  v1::PlanCampaignResponse response;
  grpc::Status s = Plan("admin", request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              UnorderedElementsAre("campaign_id", "mode", "region_prefixes[1]",
                                   "extra_reserves[0].group", "extra_reserves[0].places"));

  v1::PlanCampaignRequest unknown;
  unknown.set_campaign_id("autumn");
  EXPECT_EQ(Plan("admin", unknown, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace jobmatch::matcher
