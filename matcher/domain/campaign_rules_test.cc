// Campaign kinds, rule by rule: the audience (regions, targeting rules) for
// every kind, the CZT graduate season's widened reach, the village outreach
// near-home boost; each through IsEligible, CheckAllRules and Score, so the
// index, ExplainMatch, live push and planning (which all use them) agree.
#include "matcher/domain/campaign_rules.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/domain/convert.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/scoring.h"

namespace jobmatch::matcher {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kNow = 1775000000;  // 2026-04-01 (China)
const QueryTime kAt{kNow, 20260401};
const std::vector<std::string> kCzt = {"4301", "4302", "4303"};

// Lives in 株洲 荷塘 (430202), registered home in 炎陵 (430225).
Seeker BaseSeeker() {
  Seeker s;
  s.id = "p1";
  s.birth_yyyymmdd = 19960501;
  s.education = 5;
  s.residence_region = "430202001";
  s.hukou_region = "430225100";
  s.residence = {113.16, 27.83};
  s.hukou = {113.77, 26.49};
  s.travel_radius_km = 30;
  return s;
}

// About 11 km from the residence, in 株洲 石峰.
PostRecord BasePost() {
  PostRecord p;
  p.id = "post1";
  p.region_code = "430204";
  p.point = {113.27, 27.83};
  p.state = kPostStateOpen;
  return p;
}

CampaignInfo Running(int kind) {
  CampaignInfo c;
  c.id = "c1";
  c.name = "活动";
  c.start = kNow - 86400;
  c.end = kNow + 86400;
  c.kind = kind;
  return c;
}

RuleCheck Check(const Seeker& s, const PostRecord& p, Rule rule, bool may_see = true) {
  for (const RuleCheck& c : CheckAllRules(s, p, kAt, DistancesOf(s, p), may_see)) {
    if (c.rule == rule) return c;
  }
  ADD_FAILURE() << "no such rule";
  return {};
}

struct AudienceRow {
  std::string name;
  std::function<void(Seeker&, PostRecord&)> change;
  bool eligible;
};

class AudienceTest : public ::testing::TestWithParam<AudienceRow> {};

TEST_P(AudienceTest, OnlyThePeopleARunningCampaignIsFor) {
  Seeker s = BaseSeeker();
  PostRecord p = BasePost();
  GetParam().change(s, p);
  const Distances d = DistancesOf(s, p);
  EXPECT_EQ(IsEligible(s, p, kAt, d), GetParam().eligible);
  const RuleCheck check = Check(s, p, Rule::kCampaignAudience);
  EXPECT_EQ(check.passed, GetParam().eligible) << check.text;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, AudienceTest,
    ::testing::Values(
        AudienceRow{"NoCampaign", [](Seeker&, PostRecord&) {}, true},
        AudienceRow{"OpenCampaign", [](Seeker&, PostRecord& p) { p.campaigns = {Running(1)}; },
                    true},
        AudienceRow{"LivesInItsRegion",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns = {Running(2)};
                      p.campaigns[0].regions = {"430202"};
                    },
                    true},
        AudienceRow{"RegisteredHomeInItsRegion",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns = {Running(2)};
                      p.campaigns[0].regions = {"430225"};
                    },
                    true},
        AudienceRow{"NeitherHomeInItsRegions",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns = {Running(2)};
                      p.campaigns[0].regions = {"430281", "430224"};
                    },
                    false},
        AudienceRow{"MeetsARule",
                    [](Seeker& s, PostRecord& p) {
                      s.groups = GroupBit(5);
                      p.campaigns = {Running(1)};
                      p.campaigns[0].rules = {{"留株就地过年", {"4302"}, 0},
                                              {"脱贫劳动力", {}, GroupBit(5)}};
                    },
                    true},
        AudienceRow{
            "MeetsNoRule",
            [](Seeker& s, PostRecord& p) {
              p.campaigns = {Running(1)};
              p.campaigns[0].rules = {{"留湘", {"4303"}, 0}, {"脱贫劳动力", {}, GroupBit(5)}};
            },
            false},
        AudienceRow{"RuleNeedsBothResidenceAndGroup",
                    [](Seeker& s, PostRecord& p) {
                      p.campaigns = {Running(1)};
                      p.campaigns[0].rules = {{"株洲脱贫劳动力", {"4302"}, GroupBit(5)}};
                    },
                    false},
        // Regions and rules both bind.
        AudienceRow{"InRegionButNoRule",
                    [](Seeker& s, PostRecord& p) {
                      p.campaigns = {Running(2)};
                      p.campaigns[0].regions = {"4302"};
                      p.campaigns[0].rules = {{"脱贫劳动力", {}, GroupBit(5)}};
                    },
                    false},
        // Any running campaign admitting the person suffices.
        AudienceRow{"AnotherRunningCampaignIsOpen",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns = {Running(2), Running(1)};
                      p.campaigns[0].regions = {"430281"};
                    },
                    true},
        // A campaign that has ended no longer narrows (nor admits).
        AudienceRow{"NarrowCampaignOver",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns = {Running(2), Running(1)};
                      p.campaigns[0].regions = {"430281"};
                      p.campaigns[0].end = kNow;
                    },
                    true},
        // The post's own priority does not widen its campaign's audience.
        AudienceRow{"PostTargetsDoNotWiden",
                    [](Seeker& s, PostRecord& p) {
                      s.groups = GroupBit(1);
                      p.target_groups = GroupBit(1);
                      p.relaxations = {{1, 0, 0, true, false, false}};
                      p.campaigns = {Running(2)};
                      p.campaigns[0].rules = {{"脱贫劳动力", {}, GroupBit(5)}};
                    },
                    false}),
    [](const auto& row) { return row.param.name; });

TEST(AudienceTextTest, NamesTheCampaignAndHidesSensitiveGroupsFromEmployers) {
  Seeker s = BaseSeeker();
  PostRecord p = BasePost();
  p.campaigns = {Running(1)};
  p.campaigns[0].name = "低保家庭专场";
  p.campaigns[0].rules = {{"困难群体", {}, GroupBit(6) | GroupBit(7)}};
  const RuleCheck staff = Check(s, p, Rule::kCampaignAudience, true);
  EXPECT_FALSE(staff.passed);
  EXPECT_THAT(staff.text, HasSubstr("不在招聘活动"));
  EXPECT_THAT(staff.text, HasSubstr("低收入家庭成员"));
  const RuleCheck employer = Check(s, p, Rule::kCampaignAudience, false);
  EXPECT_THAT(employer.text, Not(HasSubstr("低收入")));
  EXPECT_THAT(employer.text, Not(HasSubstr("残疾")));
  EXPECT_THAT(employer.text, HasSubstr("重点群体"));
  s.groups = GroupBit(6);
  EXPECT_TRUE(Check(s, p, Rule::kCampaignAudience).passed);
  EXPECT_THAT(Check(s, p, Rule::kCampaignAudience).text, HasSubstr("符合招聘活动"));
}

// A graduate living in 长沙 and a post in 株洲 about 50 km away, beyond a
// 30 km radius: only a running CZT graduate season lets them meet.
struct WideningRow {
  std::string name;
  std::function<void(Seeker&, PostRecord&)> change;
  bool eligible;
};

Seeker ChangshaGraduate() {
  Seeker s = BaseSeeker();
  s.groups = GroupBit(kGroupGraduate);
  s.residence_region = "430104001";
  s.hukou_region = "430104001";
  s.residence = {112.94, 28.23};
  s.hukou = s.residence;
  return s;
}

PostRecord CztPost() {
  PostRecord p = BasePost();
  CampaignInfo c = Running(kCampaignCztGraduateSeason);
  c.name = "长株潭高校毕业生就业服务季";
  c.widened_area = kCzt;
  p.campaigns = {c};
  return p;
}

class WideningTest : public ::testing::TestWithParam<WideningRow> {};

TEST_P(WideningTest, GraduatesOfTheThreeCitiesReachPastTheirRadius) {
  Seeker s = ChangshaGraduate();
  PostRecord p = CztPost();
  GetParam().change(s, p);
  const Distances d = DistancesOf(s, p);
  ASSERT_GT(d.nearest(), s.travel_radius_km);
  EXPECT_EQ(IsEligible(s, p, kAt, d), GetParam().eligible);
  const RuleCheck check = Check(s, p, Rule::kDistance);
  EXPECT_EQ(check.passed, GetParam().eligible) << check.text;
  EXPECT_EQ(check.relaxed, GetParam().eligible) << check.text;
  if (GetParam().eligible) {
    EXPECT_THAT(check.text, HasSubstr("长株潭高校毕业生就业服务季"));
    EXPECT_THAT(check.text, HasSubstr("不受距离限制"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, WideningTest,
    ::testing::Values(
        WideningRow{"Graduate", [](Seeker&, PostRecord&) {}, true},
        WideningRow{"NotAGraduate", [](Seeker& s, PostRecord&) { s.groups = GroupBit(4); }, false},
        WideningRow{"LivesOutsideTheThreeCities",
                    [](Seeker& s, PostRecord&) { s.residence_region = "430602001"; }, false},
        // Only where the person lives now counts ("living in the three cities").
        WideningRow{"OnlyRegisteredInTheThreeCities",
                    [](Seeker& s, PostRecord&) {
                      s.residence_region = "430602001";
                      s.hukou_region = "430104001";
                    },
                    false},
        WideningRow{"PostOutsideTheThreeCities",
                    [](Seeker&, PostRecord& p) { p.region_code = "430602"; }, false},
        WideningRow{"NotACztCampaign", [](Seeker&, PostRecord& p) { p.campaigns[0].kind = 1; },
                    false},
        WideningRow{"NoCitiesKnown",
                    [](Seeker&, PostRecord& p) { p.campaigns[0].widened_area.clear(); }, false},
        WideningRow{"CztSeasonOverAnotherRunning",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns[0].end = kNow;
                      p.campaigns.push_back(Running(1));
                    },
                    false},
        // The season's own audience still applies.
        WideningRow{"OutsideTheSeasonsAudience",
                    [](Seeker&, PostRecord& p) {
                      p.campaigns[0].rules = {{"株洲生源", {"4302"}, 0}};
                    },
                    false}),
    [](const auto& row) { return row.param.name; });

TEST(WideningTest, EarnsNoDistancePart) {
  const Seeker s = ChangshaGraduate();
  const PostRecord p = CztPost();
  std::vector<Reason> reasons;
  Score(s, p, kAt, DistancesOf(s, p), OccupationFit::kNone, &reasons, true);
  for (const Reason& r : reasons) {
    EXPECT_NE(r.code, ReasonCode::kNearResidence);
    EXPECT_NE(r.code, ReasonCode::kNearHukou);
  }
}

double NearHomePart(const Seeker& s, const PostRecord& p, std::string* text = nullptr) {
  std::vector<Reason> reasons;
  Score(s, p, kAt, DistancesOf(s, p), OccupationFit::kNone, &reasons, true);
  for (const Reason& r : reasons) {
    if (r.code != ReasonCode::kNearHomeCampaign) continue;
    if (text != nullptr) *text = r.text;
    return r.contribution;
  }
  return 0;
}

TEST(NearHomeBoostTest, VillagePostsRankHigherTheNearerHome) {
  Seeker s = BaseSeeker();
  PostRecord p = BasePost();  // ~11 km from the residence
  CampaignInfo village = Running(kCampaignVillageOutreach);
  village.name = "百人百企进百村";
  p.campaigns = {village};
  const double km = DistancesOf(s, p).nearest();
  std::string text;
  EXPECT_NEAR(NearHomePart(s, p, &text), kMaxNearHomeBoost * (1 - km / kNearHomeKm), 1e-9);
  EXPECT_THAT(text, HasSubstr("百人百企进百村"));
  EXPECT_THAT(text, HasSubstr("距您家11公里"));

  // Nearer earns more, never more than the bound.
  PostRecord nearer = p;
  nearer.point = s.residence;
  EXPECT_DOUBLE_EQ(NearHomePart(s, nearer), kMaxNearHomeBoost);
  // Measured from the registered home too (就地就近 for returning migrants).
  PostRecord by_hukou = p;
  by_hukou.point = {s.hukou.lng + 0.05, s.hukou.lat};
  EXPECT_GT(NearHomePart(s, by_hukou), 0);
  // Nothing at kNearHomeKm or beyond, outside the window, for another kind,
  // or for someone the campaign is not for.
  PostRecord far = p;
  far.point = {113.60, 27.83};
  ASSERT_GE(DistancesOf(s, far).nearest(), kNearHomeKm);
  EXPECT_EQ(NearHomePart(s, far), 0);
  PostRecord over = p;
  over.campaigns[0].end = kNow;
  EXPECT_EQ(NearHomePart(s, over), 0);
  PostRecord spring = p;
  spring.campaigns[0].kind = 1;
  EXPECT_EQ(NearHomePart(s, spring), 0);
  PostRecord elsewhere = p;
  elsewhere.campaigns[0].regions = {"430281"};
  EXPECT_EQ(NearHomePart(s, elsewhere), 0);
}

TEST(NearHomeBoostTest, TheRestBoundCoversIt) {
  Seeker s = BaseSeeker();
  PostRecord p = BasePost();
  p.point = s.residence;
  p.campaigns = {Running(kCampaignVillageOutreach)};
  const Distances d = DistancesOf(s, p);
  const double rest =
      Score(s, p, kAt, d, OccupationFit::kNone, nullptr, true) - DistanceScore(s, d.nearest());
  EXPECT_GE(rest, kMaxNearHomeBoost);  // the boost is in it
  EXPECT_LE(rest, RestUpperBound(s.min_salary, s.groups, BoundOf(p), kNow));
  EXPECT_TRUE(BoundOf(p).near_home);
  EXPECT_FALSE(BoundOf(BasePost()).near_home);
}

TEST(ConvertCampaignTest, CarriesKindRegionsRulesAndTheCztArea) {
  v1::Campaign czt;
  czt.set_campaign_id("c-czt");
  czt.set_kind(v1::CAMPAIGN_KIND_CZT_GRADUATE_SEASON);
  czt.add_region_codes("4302");
  v1::TargetingRule* rule = czt.add_targeting_rules();
  rule->set_name("株洲生源");
  rule->add_residence_region_prefixes("4302");
  rule->add_any_of_groups(v1::KEY_GROUP_GRADUATE);
  v1::Campaign village;
  village.set_campaign_id("c-v");
  village.set_kind(v1::CAMPAIGN_KIND_VILLAGE_OUTREACH);
  v1::Post post;
  post.set_post_id("p");
  post.add_campaign_ids("c-czt");
  post.add_campaign_ids("c-v");
  const PostRecord r =
      PostFromProto(post, {{"c-czt", czt}, {"c-v", village}}, RegionCentre(), kCzt);
  ASSERT_EQ(r.campaigns.size(), 2u);
  EXPECT_EQ(r.campaigns[0].kind, kCampaignCztGraduateSeason);
  EXPECT_EQ(r.campaigns[0].regions, std::vector<std::string>{"4302"});
  ASSERT_EQ(r.campaigns[0].rules.size(), 1u);
  EXPECT_EQ(r.campaigns[0].rules[0].name, "株洲生源");
  EXPECT_EQ(r.campaigns[0].rules[0].residence_prefixes, std::vector<std::string>{"4302"});
  EXPECT_EQ(r.campaigns[0].rules[0].any_of, GroupBit(kGroupGraduate));
  EXPECT_EQ(r.campaigns[0].widened_area, kCzt);
  // Only a CZT season widens.
  EXPECT_EQ(r.campaigns[1].kind, kCampaignVillageOutreach);
  EXPECT_TRUE(r.campaigns[1].widened_area.empty());
  EXPECT_TRUE(MayWiden(r));
  EXPECT_TRUE(MayBoostNearHome(r));
}

}  // namespace
}  // namespace jobmatch::matcher
