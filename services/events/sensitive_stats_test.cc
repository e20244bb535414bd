// LOW_INCOME and DISABLED outcomes in the campaign statistics, end to end on
// MariaDB through a real server: the profiles service's sealed copy of a
// person's sensitive groups reaches profile_facts through the relay, never
// the feed; the person's views, applications, hires and placements count in
// those groups for the roles allowed to see them, under small-cell
// suppression; a copy sealed under another key, or none, counts in none.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/crypto/sealed_groups.h"
#include "services/common/sensitive_groups.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;

constexpr uint32_t kLowIncome = 1u << v1::KEY_GROUP_LOW_INCOME;
constexpr uint32_t kDisabled = 1u << v1::KEY_GROUP_DISABLED;

class SensitiveStatsTest : public ::testing::Test {
 protected:
  SensitiveStatsTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {
    schemas_.PublishPost("p1", 20, {v1::KEY_GROUP_GROUP_4050}, {"spring"});
  }

  // A profile change as the profiles service writes it: `sealed` is its
  // sealed sensitive groups ("" as from a profiles service without the key).
  void Person(const std::string& id, const std::string& sealed) {
    v1::Event e;
    e.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
    e.set_profile_id(id);
    e.set_region_code("430281001001");
    e.add_key_groups(v1::KEY_GROUP_GROUP_4050);
    e.mutable_change()->set_change_type(v1::CHANGE_TYPE_UPDATED);
    e.set_sealed_sensitive_groups(sealed);
    schemas_.WriteOutbox(schemas_.profiles(), e);
  }
  std::string Sealed(const std::string& id, uint32_t mask) {
    return SealSensitiveGroups(server_.stats_key(), id, mask);
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& role) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("jobmatch-role", role);
    ctx->AddMetadata("jobmatch-subject", role + "-1");
    return ctx;
  }

  // `person` views p1, applies, and (when `hire`) is hired.
  void Acts(const std::string& person, bool hire) {
    v1::RecordViewRequest view;
    view.set_request_id("view-" + person);
    view.set_profile_id(person);
    view.set_post_id("p1");
    view.mutable_view()->set_channel("app");
    v1::RecordViewResponse viewed;
    ASSERT_TRUE(stub_->RecordView(As("service").get(), view, &viewed).ok());
    v1::SubmitApplicationRequest apply;
    apply.set_request_id("apply-" + person);
    apply.set_profile_id(person);
    apply.set_post_id("p1");
    v1::SubmitApplicationResponse applied;
    ASSERT_TRUE(stub_->SubmitApplication(As("service").get(), apply, &applied).ok());
    if (!hire) return;
    v1::RecordHireRequest h;
    h.set_request_id("hire-" + person);
    h.set_profile_id(person);
    h.set_post_id("p1");
    v1::RecordHireResponse hired;
    grpc::Status s = stub_->RecordHire(As("service").get(), h, &hired);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The campaign's figures by group (0: everyone) as `role` is answered.
  std::map<int, v1::GroupStats> Stats(const std::string& role) {
    v1::CampaignStatsRequest req;
    req.set_campaign_id("spring");
    v1::CampaignStatsResponse resp;
    grpc::Status s = stub_->CampaignStats(As(role).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::map<int, v1::GroupStats> out{{0, resp.total()}};
    for (const v1::GroupStats& g : resp.by_group()) out[g.group()] = g;
    return out;
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(SensitiveStatsTest, LowIncomeOutcomesCountForStaffAndNeverReachTheFeed) {
  for (int i = 1; i <= 5; ++i) {
    const std::string id = absl::StrCat("li-", i);
    Person(id, Sealed(id, kLowIncome));
  }
  Person("ann", Sealed("ann", 0));
  // Sealed under another stats key, or for another person: count in no
  // sensitive group. Without a sealed copy (profiles run without the key): none.
  Person("forged", SealSensitiveGroups(DataProtector::Random(KeyUse::kStatsGroups), "forged",
                                       kLowIncome | kDisabled));
  Person("moved", Sealed("li-1", kLowIncome));
  Person("old", "");
  ASSERT_TRUE(server_.core().RelayOnce().ok());
  for (int i = 1; i <= 5; ++i) Acts(absl::StrCat("li-", i), /*hire=*/true);
  for (const char* other : {"ann", "forged", "moved", "old"}) Acts(other, /*hire=*/true);

  std::map<int, v1::GroupStats> staff = Stats("analyst");
  EXPECT_EQ(staff[0].views(), 9);
  EXPECT_EQ(staff[0].hires(), 9);
  ASSERT_TRUE(staff.count(v1::KEY_GROUP_LOW_INCOME));
  const v1::GroupStats& low_income = staff[v1::KEY_GROUP_LOW_INCOME];
  EXPECT_FALSE(low_income.suppressed());
  EXPECT_EQ(low_income.views(), 5);
  EXPECT_EQ(low_income.applications(), 5);
  EXPECT_EQ(low_income.hires(), 5);
  EXPECT_EQ(low_income.people_placed(), 5);
  // The post does not target the group: no posts of its own there.
  EXPECT_EQ(low_income.posts(), 0);
  EXPECT_FALSE(staff.count(v1::KEY_GROUP_DISABLED)) << "the forged DISABLED counted";
  EXPECT_EQ(staff[v1::KEY_GROUP_GROUP_4050].hires(), 9);
  for (const char* role : {"admin", "recruiter"}) {
    EXPECT_EQ(Stats(role)[v1::KEY_GROUP_LOW_INCOME].hires(), 5) << role;
  }
  for (const char* role : {"employer", "live_host", "jobseeker"}) {
    std::map<int, v1::GroupStats> shown = Stats(role);
    EXPECT_FALSE(shown.count(v1::KEY_GROUP_LOW_INCOME)) << role;
    EXPECT_EQ(shown[0].hires(), 9) << role;
  }

  // Nothing in the feed holds the status, in the clear or sealed.
  absl::StatusOr<std::vector<v1::Event>> feed = server_.feed().ReadAfter(0, 1000);
  ASSERT_TRUE(feed.ok());
  int people = 0;
  for (const v1::Event& e : *feed) {
    EXPECT_TRUE(e.sealed_sensitive_groups().empty()) << e.ShortDebugString();
    for (int g : e.key_groups()) EXPECT_FALSE(IsSensitiveGroup(g)) << e.ShortDebugString();
    if (e.kind() == v1::EVENT_KIND_PROFILE_CHANGED) ++people;
  }
  EXPECT_EQ(people, 9);
}

TEST_F(SensitiveStatsTest, UndoingAHireTakesItFromTheGroupAndSmallFiguresAreWithheld) {
  for (int i = 1; i <= 5; ++i) {
    const std::string id = absl::StrCat("li-", i);
    Person(id, Sealed(id, kLowIncome | kDisabled));
  }
  ASSERT_TRUE(server_.core().RelayOnce().ok());
  for (int i = 1; i <= 5; ++i) Acts(absl::StrCat("li-", i), /*hire=*/true);
  EXPECT_EQ(Stats("admin")[v1::KEY_GROUP_DISABLED].people_placed(), 5);

  v1::UndoHireRequest undo;
  undo.set_request_id("undo-1");
  undo.set_profile_id("li-5");
  undo.set_post_id("p1");
  undo.mutable_undo()->set_reason("recorded against the wrong person");
  v1::UndoHireResponse undone;
  grpc::Status s = stub_->UndoHire(As("admin").get(), undo, &undone);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Four hires of the group could point at four households: withheld, for
  // staff too, with the figures zeroed.
  std::map<int, v1::GroupStats> staff = Stats("admin");
  for (int group : {v1::KEY_GROUP_LOW_INCOME, v1::KEY_GROUP_DISABLED}) {
    ASSERT_TRUE(staff.count(group)) << group;
    EXPECT_TRUE(staff[group].suppressed()) << group;
    EXPECT_EQ(staff[group].hires(), 0) << group;
  }
  EXPECT_EQ(staff[0].hires(), 4);
  EXPECT_EQ(staff[0].people_placed(), 4);

  // A status that ends stops counting what the person does next.
  Person("li-1", Sealed("li-1", 0));
  Person("li-6", Sealed("li-6", kLowIncome | kDisabled));
  ASSERT_TRUE(server_.core().RelayOnce().ok());
  Acts("li-6", /*hire=*/true);
  v1::RecordViewRequest again;
  again.set_request_id("view-again-li-1");
  again.set_profile_id("li-1");
  again.set_post_id("p1");
  again.mutable_view()->set_channel("app");
  v1::RecordViewResponse viewed;
  ASSERT_TRUE(stub_->RecordView(As("service").get(), again, &viewed).ok());
  // Both groups are back at 5 hires (li-1..4 and li-6): shown again. (Had
  // one stayed at 4, the other would be withheld with it as its complement.)
  staff = Stats("admin");
  for (int group : {v1::KEY_GROUP_LOW_INCOME, v1::KEY_GROUP_DISABLED}) {
    EXPECT_FALSE(staff[group].suppressed()) << group;
    EXPECT_EQ(staff[group].hires(), 5) << group;
    // li-1..5 and li-6; li-1 viewed again after the status ended.
    EXPECT_EQ(staff[group].views(), 6) << group;
  }
  EXPECT_EQ(staff[0].views(), 7);
}

TEST_F(SensitiveStatsTest, CellsCountTheGroupByResidenceForStaffOnly) {
  for (int i = 1; i <= 6; ++i) {
    const std::string id = absl::StrCat("li-", i);
    Person(id, Sealed(id, kLowIncome));
  }
  ASSERT_TRUE(server_.core().RelayOnce().ok());
  for (int i = 1; i <= 6; ++i) Acts(absl::StrCat("li-", i), /*hire=*/i <= 5);
  v1::CampaignStatsRequest req;
  req.set_campaign_id("spring");
  req.set_region_level(v1::STATS_REGION_LEVEL_COUNTY);
  req.set_period(v1::STATS_PERIOD_MONTH);
  v1::CampaignStatsResponse staff, employer;
  ASSERT_TRUE(stub_->CampaignStats(As("analyst").get(), req, &staff).ok());
  ASSERT_TRUE(stub_->CampaignStats(As("employer").get(), req, &employer).ok());
  int64_t hires = 0, applications = 0;
  for (const v1::StatsCell& c : staff.cells()) {
    if (c.stats().group() != v1::KEY_GROUP_LOW_INCOME) continue;
    EXPECT_EQ(c.region_code(), "430281");
    hires += c.stats().hires();
    applications += c.stats().applications();
  }
  EXPECT_EQ(hires, 5);
  EXPECT_EQ(applications, 6);
  for (const v1::StatsCell& c : employer.cells()) {
    EXPECT_FALSE(IsSensitiveGroup(c.stats().group())) << c.ShortDebugString();
  }
  EXPECT_GT(employer.cells_size(), 0);
}

}  // namespace
}  // namespace jobmatch::events
