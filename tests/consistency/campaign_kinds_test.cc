// Campaign kinds through the real services: a campaign's regions and
// targeting rules, a CZT graduate season's widened reach and a village
// outreach campaign's near-home boost, each made and changed through the
// postings service and seen by the matcher through the feed (no restart),
// with the consistency token of the change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/consistency/platform.h"

namespace jobmatch::consistency {
namespace {

using postings::testing::SamplePost;
using ::testing::HasSubstr;

class CampaignKindsTest : public ::testing::Test {
 protected:
  Platform platform_;

  // A campaign running from yesterday for a month.
  v1::CreateCampaignResponse CreateCampaign(const std::string& request_id, v1::CampaignKind kind,
                                            const std::string& name) {
    v1::CreateCampaignRequest req;
    req.set_request_id(request_id);
    v1::Campaign* c = req.mutable_campaign();
    c->set_kind(kind);
    c->set_name(name);
    const int64_t now = std::time(nullptr);
    c->mutable_window()->mutable_start_time()->set_seconds(now - 86400);
    c->mutable_window()->mutable_end_time()->set_seconds(now + 30 * 86400);
    v1::CreateCampaignResponse resp;
    grpc::Status s = platform_.postings().CreateCampaign(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // Changes the fields `paths` names to those of `change`; returns the token.
  std::string UpdateCampaign(const std::string& request_id, const v1::Campaign& change,
                             std::vector<std::string> paths) {
    v1::UpdateCampaignRequest req;
    req.set_request_id(request_id);
    *req.mutable_campaign() = change;
    for (std::string& p : paths) req.mutable_update_mask()->add_paths(std::move(p));
    v1::UpdateCampaignResponse resp;
    grpc::Status s = platform_.postings().UpdateCampaign(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.consistency_token();
  }

  // The sample post (醴陵) in `campaign_id` (none if empty), at `location` if given.
  v1::CreatePostResponse CreatePost(const std::string& request_id, const std::string& campaign_id,
                                    const v1::GeoPoint* location = nullptr) {
    if (employer_id_.empty()) employer_id_ = platform_.postings_server().CreateSampleEmployer();
    v1::CreatePostRequest req;
    req.set_request_id(request_id);
    *req.mutable_post() = SamplePost(employer_id_);
    if (!campaign_id.empty()) req.mutable_post()->add_campaign_ids(campaign_id);
    if (location != nullptr) *req.mutable_post()->mutable_location() = *location;
    v1::CreatePostResponse resp;
    grpc::Status s = platform_.postings().CreatePost(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // A woman of 醴陵 (Platform::NewPerson); `changsha` moves both her homes to 岳麓区,
  // `graduate` makes her a graduate of this summer.
  v1::RegisterProfileResponse Register(const std::string& request_id, int seq, bool changsha,
                                       bool graduate) {
    v1::RegisterProfileRequest req = Platform::NewPerson(request_id, seq);
    if (changsha) {
      req.mutable_profile()->set_residence_region_code("430104");
      req.mutable_profile()->set_hukou_region_code("430104");
    }
    if (graduate) {
      v1::Date* d = req.mutable_profile()->mutable_graduation_date();
      const int year = 1970 + static_cast<int>(std::time(nullptr) / (365.25 * 86400));
      d->set_year(year);
      d->set_month(6);
      d->set_day(30);
    }
    v1::RegisterProfileResponse resp;
    grpc::Status s = platform_.profiles().RegisterProfile(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // The posts recommended to the person, by id, after `tokens`.
  std::map<std::string, v1::PostMatch> PostsFor(const std::string& profile_id,
                                                std::vector<std::string> tokens) {
    v1::RecommendPostsRequest req;
    req.set_profile_id(profile_id);
    req.set_page_size(100);
    for (std::string& t : tokens) req.add_consistency_tokens(std::move(t));
    v1::RecommendPostsResponse resp;
    grpc::Status s = platform_.matcher().RecommendPosts(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    std::map<std::string, v1::PostMatch> out;
    for (const v1::PostMatch& m : resp.matches()) out[m.post_id()] = m;
    return out;
  }

  std::set<std::string> PeopleFor(const std::string& post_id, std::vector<std::string> tokens) {
    v1::RecommendSeekersRequest req;
    req.set_post_id(post_id);
    for (std::string& t : tokens) req.add_consistency_tokens(std::move(t));
    v1::RecommendSeekersResponse resp;
    grpc::Status s = platform_.matcher().RecommendSeekers(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    std::set<std::string> out;
    for (const v1::SeekerMatch& m : resp.matches()) out.insert(m.profile_id());
    return out;
  }

  v1::ExplainMatchResponse Explain(const std::string& profile_id, const std::string& post_id,
                                   std::vector<std::string> tokens) {
    v1::ExplainMatchRequest req;
    req.set_profile_id(profile_id);
    req.set_post_id(post_id);
    for (std::string& t : tokens) req.add_consistency_tokens(std::move(t));
    v1::ExplainMatchResponse resp;
    grpc::Status s = platform_.matcher().ExplainMatch(Platform::AsAdmin().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    return resp;
  }

  static const v1::RuleCheck* CheckOf(const v1::ExplainMatchResponse& r, v1::ReasonCode rule) {
    for (const v1::RuleCheck& c : r.checks()) {
      if (c.rule() == rule) return &c;
    }
    return nullptr;
  }

  std::string employer_id_;
};

TEST_F(CampaignKindsTest, ACampaignsRegionsAndRulesFollowItsEdits) {
  const v1::CreateCampaignResponse campaign =
      CreateCampaign("c-spring", v1::CAMPAIGN_KIND_SPRING_BREEZE, "2026春风行动");
  const std::string cid = campaign.campaign().campaign_id();
  const v1::CreatePostResponse post = CreatePost("p-spring", cid);
  const std::string pid = post.post().post_id();
  const v1::RegisterProfileResponse liling = Register("r-liling", 1, false, false);
  const std::string who = liling.profile().profile_id();
  const std::vector<std::string> made = {post.consistency_token(), liling.consistency_token()};
  ASSERT_TRUE(PostsFor(who, made).count(pid)) << "an open campaign admits everyone";

  // Narrowed to 荷塘区: she lives in 醴陵, so the post is no longer hers.
  v1::Campaign change;
  change.set_campaign_id(cid);
  change.add_region_codes("430202");
  std::string token = UpdateCampaign("u-1", change, {"region_codes"});
  EXPECT_FALSE(PostsFor(who, {token}).count(pid));
  EXPECT_FALSE(PeopleFor(pid, {token}).count(who));
  v1::ExplainMatchResponse why = Explain(who, pid, {token});
  EXPECT_FALSE(why.eligible());
  const v1::RuleCheck* audience = CheckOf(why, v1::REASON_CODE_OUTSIDE_CAMPAIGN_AUDIENCE);
  ASSERT_NE(audience, nullptr);
  EXPECT_FALSE(audience->passed());
  EXPECT_THAT(audience->text(), HasSubstr("2026春风行动"));

  // A targeting rule for 醴陵 residents instead: hers again.
  change.clear_region_codes();
  v1::TargetingRule* rule = change.add_targeting_rules();
  rule->set_name("醴陵本地");
  rule->add_residence_region_prefixes("430281");
  token = UpdateCampaign("u-2", change, {"region_codes", "targeting_rules"});
  EXPECT_TRUE(PostsFor(who, {token}).count(pid));
  EXPECT_TRUE(PeopleFor(pid, {token}).count(who));
  why = Explain(who, pid, {token});
  EXPECT_TRUE(why.eligible());
  audience = CheckOf(why, v1::REASON_CODE_OUTSIDE_CAMPAIGN_AUDIENCE);
  ASSERT_NE(audience, nullptr);
  EXPECT_TRUE(audience->passed());
  EXPECT_THAT(audience->text(), HasSubstr("符合招聘活动"));
}

TEST_F(CampaignKindsTest, ACztSeasonLetsGraduatesOfTheThreeCitiesReachFurther) {
  const v1::CreateCampaignResponse campaign =
      CreateCampaign("c-czt", v1::CAMPAIGN_KIND_CZT_GRADUATE_SEASON, "长株潭高校毕业生就业服务季");
  const std::string cid = campaign.campaign().campaign_id();
  const v1::CreatePostResponse post = CreatePost("p-czt", cid);  // in 醴陵
  const std::string pid = post.post().post_id();
  // Both live in 长沙, far beyond their 30 km from 醴陵; one graduated this summer.
  const v1::RegisterProfileResponse graduate = Register("r-grad", 2, true, true);
  const v1::RegisterProfileResponse other = Register("r-other", 3, true, false);
  const std::string g = graduate.profile().profile_id(), o = other.profile().profile_id();
  const std::vector<std::string> made = {post.consistency_token(), graduate.consistency_token(),
                                         other.consistency_token()};

  const std::map<std::string, v1::PostMatch> found = PostsFor(g, made);
  ASSERT_TRUE(found.count(pid));
  EXPECT_GT(found.at(pid).distance_km(), 30);
  EXPECT_FALSE(PostsFor(o, made).count(pid));
  const std::set<std::string> people = PeopleFor(pid, made);
  EXPECT_TRUE(people.count(g));
  EXPECT_FALSE(people.count(o));
  const v1::ExplainMatchResponse why = Explain(g, pid, made);
  EXPECT_TRUE(why.eligible());
  const v1::RuleCheck* distance = CheckOf(why, v1::REASON_CODE_TOO_FAR);
  ASSERT_NE(distance, nullptr);
  EXPECT_TRUE(distance->passed());
  EXPECT_TRUE(distance->relaxed());
  EXPECT_THAT(distance->text(), HasSubstr("长株潭高校毕业生就业服务季"));

  // Staff make it an ordinary campaign: the widening goes with the edit.
  v1::Campaign change;
  change.set_campaign_id(cid);
  change.set_kind(v1::CAMPAIGN_KIND_OTHER);
  const std::string token = UpdateCampaign("u-kind", change, {"kind"});
  EXPECT_FALSE(PostsFor(g, {token}).count(pid));
  EXPECT_FALSE(PeopleFor(pid, {token}).count(g));
}

TEST_F(CampaignKindsTest, VillageOutreachRanksNearHomePostsHigherAndSaysWhy) {
  const v1::CreateCampaignResponse campaign =
      CreateCampaign("c-village", v1::CAMPAIGN_KIND_VILLAGE_OUTREACH, "百人百企进百村");
  const std::string cid = campaign.campaign().campaign_id();
  // Two posts alike but for the campaign, both about 5 km from her
  // registered home (醴陵's centre; her village is not in the region table).
  v1::GeoPoint near;
  const refdata::Region* village = refdata::DefaultRegions().Find("430281");
  ASSERT_NE(village, nullptr);
  near.set_lng(village->lng + 0.05);
  near.set_lat(village->lat);
  const v1::CreatePostResponse in = CreatePost("p-in", cid, &near);
  const v1::CreatePostResponse out = CreatePost("p-out", "", &near);
  const v1::RegisterProfileResponse person = Register("r-village", 4, false, false);
  const std::string who = person.profile().profile_id();
  const std::vector<std::string> made = {in.consistency_token(), out.consistency_token(),
                                         person.consistency_token()};
  const std::map<std::string, v1::PostMatch> found = PostsFor(who, made);
  ASSERT_TRUE(found.count(in.post().post_id()));
  ASSERT_TRUE(found.count(out.post().post_id()));
  const double boost =
      found.at(in.post().post_id()).score() - found.at(out.post().post_id()).score();
  EXPECT_GT(boost, 0);
  EXPECT_LE(boost, 6);

  const v1::ExplainMatchResponse why = Explain(who, in.post().post_id(), made);
  double explained = 0;
  for (const v1::Reason& r : why.reasons()) {
    if (r.code() != v1::REASON_CODE_NEAR_HOME_CAMPAIGN) continue;
    explained = r.contribution();
    EXPECT_THAT(r.text(), HasSubstr("百人百企进百村"));
  }
  EXPECT_NEAR(explained, boost, 1e-9);

  // Once the campaign is narrowed to another county, she gets neither the post nor the boost.
  v1::Campaign change;
  change.set_campaign_id(cid);
  change.add_region_codes("430225");
  const std::string token = UpdateCampaign("u-village", change, {"region_codes"});
  const std::map<std::string, v1::PostMatch> after = PostsFor(who, {token});
  EXPECT_FALSE(after.count(in.post().post_id()));
  EXPECT_TRUE(after.count(out.post().post_id()));
}

// 先有需求: a recruiter's visit to a household with no profile reaches the
// plan of a village outreach campaign as the village's demand, beside the
// openings the plan leaves, through the events feed.
TEST_F(CampaignKindsTest, UnregisteredHouseholdsDemandReachesThePlanBesideTheOpeningsLeft) {
  const v1::CreateCampaignResponse campaign =
      CreateCampaign("c-demand", v1::CAMPAIGN_KIND_VILLAGE_OUTREACH, "百人百企进百村");
  const std::string cid = campaign.campaign().campaign_id();
  const v1::CreatePostResponse post = CreatePost("p-demand", cid);  // 10 welders, 醴陵
  const v1::RegisterProfileResponse person = Register("r-demand", 5, false, false);  // a welder
  std::vector<std::string> made = {post.consistency_token(), person.consistency_token()};
  auto visit = [&](const std::string& request_id, const std::string& village,
                   std::vector<std::string> wanted, const std::string& profile_id = "") {
    v1::RecordFieldVisitRequest req;
    req.set_request_id(request_id);
    req.set_profile_id(profile_id);
    req.set_campaign_id(cid);
    req.mutable_field_visit()->set_recruiter_id("staff-1");
    req.mutable_field_visit()->set_village_code(village);
    for (std::string& w : wanted) req.mutable_field_visit()->add_wanted_occupation_codes(w);
    v1::RecordFieldVisitResponse resp;
    grpc::Status s = platform_.events().RecordFieldVisit(Platform::AsAdmin().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    made.push_back(resp.consistency_token());
  };
  const std::string quanhu = "430281002202";   // 醴陵 泉湖村, a few km from the post
  const std::string xiayang = "430225100001";  // 炎陵 霞阳镇, some 130 km away
  visit("v-1", quanhu, {"6-18-02-04"});
  visit("v-2", quanhu, {"6-18-02-04", "4-10-01-06"});
  visit("v-2", quanhu, {"6-18-02-04", "4-10-01-06"});  // a retry: one visit
  visit("v-3", xiayang, {"6-18-02-04"});
  // The registered person's own visit is her wish, not a household's demand.
  visit("v-4", quanhu, {"6-18-02-04"}, person.profile().profile_id());

  v1::PlanCampaignRequest req;
  req.set_campaign_id(cid);
  for (const std::string& t : made) req.add_consistency_tokens(t);
  v1::PlanCampaignResponse plan;
  grpc::Status s = platform_.matcher().PlanCampaign(Platform::AsAdmin().get(), req, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(plan.posts_size(), 1);
  const int left = plan.posts(0).openings() - plan.posts(0).assignments_size();
  EXPECT_EQ(plan.posts(0).assignments_size(), 1);  // she is proposed
  std::map<std::string, const v1::Docket*> dockets;
  for (const v1::Docket& d : plan.dockets()) dockets[d.region_code()] = &d;
  ASSERT_TRUE(dockets.count(quanhu));
  const v1::Docket& near = *dockets.at(quanhu);
  EXPECT_THAT(near.region_name(), HasSubstr("泉湖村"));
  EXPECT_EQ(near.assignments_size(), 0);  // she lives in 醴陵's centre, not here
  ASSERT_EQ(near.household_demand_size(), 2);
  EXPECT_EQ(near.household_demand(0).occupation_code(), "4-10-01-06");
  EXPECT_EQ(near.household_demand(0).households(), 1);
  EXPECT_EQ(near.household_demand(0).post_ids_size(), 0);  // no housekeeping post
  EXPECT_EQ(near.household_demand(1).occupation_code(), "6-18-02-04");
  EXPECT_EQ(near.household_demand(1).households(), 2);
  ASSERT_EQ(near.household_demand(1).post_ids_size(), 1);
  EXPECT_EQ(near.household_demand(1).post_ids(0), post.post().post_id());
  EXPECT_EQ(near.household_demand(1).openings_left(), left);
  EXPECT_THAT(near.post_ids(), ::testing::ElementsAre(post.post().post_id()));
  ASSERT_TRUE(dockets.count(xiayang));
  ASSERT_EQ(dockets.at(xiayang)->household_demand_size(), 1);
  EXPECT_EQ(dockets.at(xiayang)->household_demand(0).households(), 1);
  EXPECT_EQ(dockets.at(xiayang)->household_demand(0).post_ids_size(), 0);  // too far
  EXPECT_EQ(dockets.at(xiayang)->post_ids_size(), 0);

  // A plan for 炎陵 alone holds only its own village.
  req.add_region_prefixes("430225");
  s = platform_.matcher().PlanCampaign(Platform::AsAdmin().get(), req, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(plan.dockets_size(), 1);
  EXPECT_EQ(plan.dockets(0).region_code(), xiayang);
}

}  // namespace
}  // namespace jobmatch::consistency
