// The notifier's wishers and the 救助找人 worklist: the rules on a real
// index, and MatcherWorkService through a real in-process server (who may
// ask for which regions, what each role sees).
#include "matcher/service/work_lists.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/campaign_planner.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/matcher_work_service.h"
#include "matcher/service/testing/unreachable_source.h"
#include "services/common/auth/policy.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/server.h"
#include "services/common/testing/violation_fields.h"

namespace jobmatch::matcher {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr int64_t kDay = 86400;
const int64_t kNow = synthetic::At().now;

Seeker Person(const std::string& id, const std::string& village, GroupMask groups,
              int64_t registered_days_ago) {
  Seeker s;
  s.id = id;
  s.name = "王五";
  s.birth_yyyymmdd = 19800101;
  s.residence_region = s.hukou_region = village;
  s.residence = s.hukou = {113.5, 27.6};
  s.groups = groups;
  s.registered = kNow - registered_days_ago * kDay;
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

constexpr GroupMask kPoverty = GroupBit(5);
constexpr GroupMask kLowIncome = GroupBit(6);
constexpr GroupMask kGraduate = GroupBit(1);

TEST(WishNamesTest, WholeCodesOrWholePartPrefixes) {
  EXPECT_TRUE(WishNames({"6-18-02-04"}, "6-18-02-04"));
  EXPECT_TRUE(WishNames({"4-10", "6-18"}, "6-18-02-04"));
  EXPECT_FALSE(WishNames({"6-1"}, "6-18-02-04"));
  EXPECT_FALSE(WishNames({"6-18-02-04"}, "6-18-02"));
  EXPECT_FALSE(WishNames({}, "6-18-02-04"));
  EXPECT_FALSE(WishNames({""}, "6-18-02-04"));
}

class WorklistTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Idle since registration 40 days ago: listed at 30 days.
    index_.UpsertSeeker(Person("idle", "430225101201", kPoverty, 40));
    // Registered 10 days ago: not idle yet.
    index_.UpsertSeeker(Person("new", "430225101201", kPoverty, 10));
    // Applied 5 days ago: reached.
    index_.UpsertSeeker(Person("applied", "430225101201", kPoverty, 90));
    index_.RecordApplication("applied", "p1", std::nullopt, kNow - 5 * kDay);
    // Hired 60 days ago and nothing since: idle again.
    index_.UpsertSeeker(Person("hired", "430225101202", kLowIncome, 200));
    index_.RecordHire("hired", "p2", std::nullopt, kNow - 60 * kDay);
    // No key group: not on the list.
    index_.UpsertSeeker(Person("plain", "430225101201", 0, 400));
    // Another county (茶陵).
    index_.UpsertSeeker(Person("chaling", "430224101201", kGraduate, 100));
  }

  std::vector<std::string> Ids(const WorklistQuery& q) {
    std::vector<std::string> ids;
    for (const auto& [region, people] : BuildWorklist(index_, q, kNow)) {
      for (const WorklistEntry& e : people) ids.push_back(region + "/" + e.seeker->id);
    }
    return ids;
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
};

TEST_F(WorklistTest, KeyGroupPeopleWithoutApplicationOrPlacementInNDaysByVillage) {
  EXPECT_THAT(Ids({30, "", 0, {}}),
              ElementsAre("430224101201/chaling", "430225101201/idle", "430225101202/hired"));
  EXPECT_THAT(Ids({30, "430225", 0, {}}), ElementsAre("430225101201/idle", "430225101202/hired"));
  EXPECT_THAT(Ids({50, "430225", 0, {}}), ElementsAre("430225101202/hired"));
  EXPECT_THAT(Ids({3, "430225", 0, {}}), ElementsAre("430225101201/idle", "430225101201/new",
                                                     "430225101201/applied", "430225101202/hired"));
  EXPECT_THAT(Ids({30, "", 5, {}}), ElementsAre("430225101201/idle"));  // POVERTY_LABOR only
  EXPECT_THAT(Ids({30, "", 0, {"430224"}}), ElementsAre("430224101201/chaling"));
}

TEST_F(WorklistTest, LastActivitySurvivesAProfileReRead) {
  // A profile change re-reads the person; what they did stays.
  class Source final : public EntitySource {
   public:
    absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string&) override {
      return std::nullopt;
    }
    absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& id) override {
      return Person(id, "430225101201", kPoverty, 90);
    }
  } source;
  FeedApplier applier(&index_, &source, nullptr);
  v1::Event changed;
  changed.set_cursor(1);
  changed.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
  changed.set_profile_id("applied");
  ASSERT_TRUE(applier.Apply(changed).ok());
  v1::Event applied;
  applied.set_cursor(2);
  applied.set_kind(v1::EVENT_KIND_APPLICATION);
  applied.set_profile_id("idle");
  applied.set_post_id("p9");
  applied.mutable_time()->set_seconds(kNow - kDay);
  ASSERT_TRUE(applier.Apply(applied).ok());
  EXPECT_THAT(Ids({30, "430225101201", 0, {}}), ElementsAre());
}

TEST_F(WorklistTest, APlanForTheWorklistTakesOnlyItsPeople) {
  PostRecord post;
  post.id = "p1";
  post.employer_id = "emp-1";
  post.title = "焊工";
  post.occupation_code = "6-18-02-04";
  post.region_code = "430225";
  post.point = {113.5, 27.6};
  post.openings = post.remaining = 5;
  post.campaigns = {CampaignInfo{"c1", "百人百企进百村"}};
  index_.UpsertPost(post);
  auto people = [&](int days) {
    CampaignPlanQuery query;
    query.campaign_id = "c1";
    query.worklist_days = days;
    std::vector<std::string> ids;
    for (const planning::Person& p :
         CampaignPlanner(&index_).Build(query, synthetic::At(), true).people) {
      ids.push_back(p.id);
    }
    return ids;
  };
  EXPECT_THAT(people(0), ElementsAre("applied", "chaling", "hired", "idle", "new", "plain"));
  EXPECT_THAT(people(30), ElementsAre("chaling", "hired", "idle"));
}

TEST_F(WorklistTest, DemandRecordedOnAVisitBecomesAWishThatAProfileReReadKeeps) {
  class Source final : public EntitySource {
   public:
    absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string&) override {
      return std::nullopt;
    }
    absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& id) override {
      return Person(id, "430225101201", kPoverty, 40);  // wants 6-18-02-04 only
    }
  } source;
  FeedApplier applier(&index_, &source, nullptr);
  v1::Event visit;
  visit.set_cursor(1);
  visit.set_kind(v1::EVENT_KIND_FIELD_VISIT);
  visit.set_profile_id("idle");
  visit.mutable_field_visit()->set_village_code("430225101201");
  visit.mutable_field_visit()->add_wanted_occupation_codes("4-10-01-06");
  ASSERT_TRUE(applier.Apply(visit).ok());
  EXPECT_THAT(index_.FindSeeker("idle")->wanted_occupations,
              ElementsAre("6-18-02-04", "4-10-01-06"));
  EXPECT_EQ(index_.cursor(), 1);

  v1::Event changed;
  changed.set_cursor(2);
  changed.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
  changed.set_profile_id("idle");
  ASSERT_TRUE(applier.Apply(changed).ok());
  EXPECT_THAT(index_.FindSeeker("idle")->wanted_occupations,
              ElementsAre("6-18-02-04", "4-10-01-06"));
  EXPECT_THAT(index_.FindSeeker("idle")->visit_wants, ElementsAre("4-10-01-06"));

  // A new 家政服务员 post near home is now one to tell them about.
  PostRecord post;
  post.id = "p2";
  post.employer_id = "emp-1";
  post.title = "家政服务员";
  post.occupation_code = "4-10-01-06";
  post.region_code = "430225";
  post.point = {113.5, 27.6};
  index_.UpsertPost(post);
  std::vector<std::string> told;
  for (const SeekerHit& h : WishersOf(index_, post, synthetic::At(), 10)) told.push_back(h.id());
  EXPECT_THAT(told, ElementsAre("idle"));
}

// 先有需求 for households with no profile: the feed's visit becomes the
// index's household visit (a visit naming an unknown person does not), and
// the plan counts it per village and occupation with the posts that fit and
// reach the village.
TEST_F(WorklistTest, AHouseholdWithoutAProfileBecomesItsVillagesDemandInThePlan) {
  testing::UnreachableSource source;  // nothing is re-read for a visit
  FeedApplier applier(&index_, &source, nullptr);
  int64_t cursor = 0;
  auto visit = [&](const std::string& profile_id, const std::string& village,
                   std::vector<std::string> wanted, int64_t days_ago) {
    v1::Event e;
    e.set_cursor(++cursor);
    e.set_kind(v1::EVENT_KIND_FIELD_VISIT);
    e.set_profile_id(profile_id);
    e.mutable_time()->set_seconds(kNow - days_ago * kDay);
    e.mutable_field_visit()->set_village_code(village);
    for (std::string& w : wanted) e.mutable_field_visit()->add_wanted_occupation_codes(w);
    ASSERT_TRUE(applier.Apply(e).ok());
  };
  const std::string near = "430225101201", far = "430225101299", other = "430224101201";
  visit("", near, {"6-18-02-04"}, 400);  // a year before the next: forgotten by then
  visit("", near, {"6-18-02-04", "6-18-02-04", "4-10-01-06"}, 20);
  visit("", near, {"6-18-02-04"}, 3);
  visit("", far, {"6-18-02-04"}, 3);
  visit("", other, {"6-18-02-04"}, 3);       // another county
  visit("", near, {}, 3);                    // no demand recorded
  visit("nobody", near, {"6-18-02-04"}, 3);  // a person the matcher does not hold
  EXPECT_EQ(index_.cursor(), cursor);
  EXPECT_EQ(index_.HouseholdVisits().size(), 4u);

  auto post = [&](const std::string& id, const std::string& occupation, GeoPt at,
                  const std::string& campaign) {
    PostRecord p;
    p.id = id;
    p.employer_id = "emp-" + id;
    p.occupation_code = occupation;
    p.region_code = "430225";
    p.point = at;
    p.openings = p.remaining = 50;
    if (!campaign.empty()) p.campaigns = {CampaignInfo{campaign, "百人百企进百村"}};
    index_.UpsertPost(p);
  };
  const GeoPt home{113.5, 27.6};                    // where `near` lies
  const GeoPt away{114.0, 27.6};                    // ~49 km east: beyond a household's 30 km
  post("weld", "6-18-02-04", {113.6, 27.6}, "c1");  // ~10 km
  post("weld-away", "6-18-02-04", away, "c1");
  post("maid", "4-10-01-06", home, "c1");
  post("weld-other", "6-18-02-04", home, "c2");  // another campaign
  const RegionCentre centres = [&](absl::string_view code) -> std::optional<GeoPt> {
    if (code == near) return home;
    if (code == far) return away;
    return std::nullopt;  // `other`: its county's posts reach it
  };
  CampaignPlanQuery query;
  query.campaign_id = "c1";
  query.region_prefixes = {"430225"};
  const planning::PlanInput input =
      CampaignPlanner(&index_, nullptr, centres).Build(query, synthetic::At(), false);
  std::vector<std::string> rows;
  for (const planning::HouseholdDemand& d : input.household_demand) {
    std::vector<std::string> posts;
    for (int j : d.posts) posts.push_back(input.posts[j].id);
    rows.push_back(absl::StrCat(d.region_code, " ", d.occupation_code, " x", d.households, " [",
                                absl::StrJoin(posts, ","), "]"));
  }
  EXPECT_THAT(rows,
              ElementsAre("430225101201 4-10-01-06 x1 [maid]", "430225101201 6-18-02-04 x2 [weld]",
                          "430225101299 6-18-02-04 x1 [weld-away]"));
  // Without centres, a post reaches every village of its county.
  query.region_prefixes = {};
  const planning::PlanInput anywhere =
      CampaignPlanner(&index_).Build(query, synthetic::At(), false);
  ASSERT_EQ(anywhere.household_demand.size(), 4u);
  EXPECT_EQ(anywhere.household_demand[0].region_code, other);
  EXPECT_TRUE(anywhere.household_demand[0].posts.empty());   // its county has no post
  EXPECT_EQ(anywhere.household_demand[2].posts.size(), 2u);  // weld, weld-away
  EXPECT_EQ(anywhere.household_demand[2].households, 2);

  // 350 days on, the visit of 20 days ago is more than a year old.
  QueryTime later = synthetic::At();
  later.now += 350 * kDay;
  const planning::PlanInput aged = CampaignPlanner(&index_).Build(query, later, false);
  ASSERT_EQ(aged.household_demand.size(), 3u);  // no 4-10-01-06 any more
  EXPECT_EQ(aged.household_demand[1].occupation_code, "6-18-02-04");
  EXPECT_EQ(aged.household_demand[1].households, 1);
}

class MatcherWorkServiceTest : public WorklistTest {
 protected:
  void SetUp() override {
    WorklistTest::SetUp();
    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    stub_ = v1::MatcherWorkService::NewStub(
        grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { host_->Shutdown(); }

  grpc::Status Worklist(const std::string& role, const std::string& regions,
                        const v1::WorklistRequest& req, v1::WorklistResponse* resp) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", role);
    ctx.AddMetadata("jobmatch-subject", "r-1");
    if (!regions.empty()) ctx.AddMetadata("jobmatch-regions", regions);
    return stub_->Worklist(&ctx, req, resp);
  }

  MatcherWorkService service_{&index_, /*hub=*/nullptr, [] { return kNow; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherWorkService::Stub> stub_;
};

TEST_F(MatcherWorkServiceTest, ARecruiterGetsTheirOwnRegionsGroupedByVillage) {
  v1::WorklistRequest req;
  req.set_days(30);
  v1::WorklistResponse resp;
  //炎陵 recruiter asking for everything: cut to 炎陵.
  ASSERT_TRUE(Worklist("recruiter", "430225", req, &resp).ok());
  ASSERT_EQ(resp.villages_size(), 2);
  EXPECT_EQ(resp.people(), 2);
  EXPECT_EQ(resp.villages(0).region_code(), "430225101201");
  ASSERT_EQ(resp.villages(0).people_size(), 1);
  const v1::WorklistPerson& p = resp.villages(0).people(0);
  EXPECT_EQ(p.profile_id(), "idle");
  EXPECT_EQ(p.display_name(), "王*");
  EXPECT_EQ(p.idle_days(), 40);
  EXPECT_THAT(p.key_groups(), ElementsAre(v1::KEY_GROUP_POVERTY_LABOR));
  // Recruiters are staff: the low-income person's status is shown to them.
  EXPECT_THAT(resp.villages(1).people(0).key_groups(), ElementsAre(v1::KEY_GROUP_LOW_INCOME));
}

TEST_F(MatcherWorkServiceTest, ARecruiterAskingForAnotherRegionIsRefused) {
  v1::WorklistRequest req;
  req.set_days(30);
  req.set_region_prefix("430224");  // 茶陵
  v1::WorklistResponse resp;
  EXPECT_EQ(Worklist("recruiter", "430225", req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(resp.villages_size(), 0);
  // Without regions a recruiter sees nothing at all.
  req.clear_region_prefix();
  EXPECT_EQ(Worklist("recruiter", "", req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Employers, hosts and jobseekers are kept out by the platform's policy.
  const auth::AccessPolicy& policy = auth::AccessPolicy::Default();
  for (Role role : {Role::kEmployer, Role::kLiveHost, Role::kJobseeker, Role::kAnalyst}) {
    EXPECT_FALSE(policy.Allows("/jobmatch.v1.MatcherWorkService/Worklist", role));
    EXPECT_FALSE(policy.Allows("/jobmatch.v1.MatcherWorkService/ListWishers", role));
  }
  EXPECT_TRUE(policy.Allows("/jobmatch.v1.MatcherWorkService/Worklist", Role::kRecruiter));
  EXPECT_FALSE(policy.Allows("/jobmatch.v1.MatcherWorkService/ListWishers", Role::kRecruiter));
}

TEST_F(MatcherWorkServiceTest, StaffSeeEveryRegionAndBadRequestsNameTheirFields) {
  v1::WorklistRequest req;
  req.set_days(30);
  v1::WorklistResponse resp;
  ASSERT_TRUE(Worklist("admin", "", req, &resp).ok());
  EXPECT_EQ(resp.people(), 3);

  req.set_days(0);
  req.set_region_prefix("43x");
  req.set_key_group(static_cast<v1::KeyGroup>(42));
  grpc::Status s = Worklist("admin", "", req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::vector<std::string> fields = ::jobmatch::testing::ViolationFields(s);
  EXPECT_THAT(fields, UnorderedElementsAre("days", "region_prefix", "key_group"));
}

}  // namespace
}  // namespace jobmatch::matcher
