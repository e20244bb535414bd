// Soft-score parts: each one present with its reason, absent when it should
// be, and sensitive groups never named to callers who may not see them.
#include "matcher/domain/scoring.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::matcher {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1775000000;
const QueryTime kAt{kNow, 20260401};

class FakeRelations final : public OccupationRelations {
 public:
  bool Related(absl::string_view a, absl::string_view b) const override {
    return (a == "6-18-02-04" && b == "6-20-01-01") || (b == "6-18-02-04" && a == "6-20-01-01");
  }
};

Seeker Person() {
  Seeker s;
  s.id = "p";
  s.residence = {113.16, 27.83};
  s.hukou = {113.16, 27.83};
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

PostRecord Post() {
  PostRecord p;
  p.id = "x";
  p.occupation_code = "6-18-02-04";
  p.point = {113.27, 27.83};
  p.applicants = 1;
  p.remaining = 1;
  p.create_time = kNow - 30 * 86400;
  return p;
}

const Reason* Find(const std::vector<Reason>& reasons, ReasonCode code) {
  for (const Reason& r : reasons) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

std::vector<Reason> ReasonsOf(const Seeker& s, const PostRecord& p, bool may_see = true,
                              double* score = nullptr) {
  std::vector<Reason> reasons;
  const FakeRelations rel;
  const double total =
      Score(s, p, kAt, DistancesOf(s, p), FitOf(s.wanted_occupations, p.occupation_code, rel),
            &reasons, may_see);
  double sum = 0;
  for (const Reason& r : reasons) sum += r.contribution;
  EXPECT_DOUBLE_EQ(sum, total) << "reasons add up to the score";
  const double without =
      Score(s, p, kAt, DistancesOf(s, p), FitOf(s.wanted_occupations, p.occupation_code, rel),
            nullptr, may_see);
  EXPECT_EQ(without, total) << "the score does not depend on asking for reasons";
  if (score != nullptr) *score = total;
  return reasons;
}

TEST(FitTest, ExactBeatsGroupBeatsRelated) {
  const FakeRelations rel;
  EXPECT_EQ(FitOf({"6-18-02-04"}, "6-18-02-04", rel), OccupationFit::kExact);
  EXPECT_EQ(FitOf({"6-18-02-05"}, "6-18-02-04", rel), OccupationFit::kSameGroup);
  EXPECT_EQ(FitOf({"6-20-01-01"}, "6-18-02-04", rel), OccupationFit::kRelated);
  EXPECT_EQ(FitOf({"4-10-01-06"}, "6-18-02-04", rel), OccupationFit::kNone);
  EXPECT_EQ(FitOf({"6-20-01-01", "6-18-02-01", "6-18-02-04"}, "6-18-02-04", rel),
            OccupationFit::kExact);
  EXPECT_EQ(MinorGroupOf("6-18-02-04"), "6-18-02");
}

TEST(ScoreTest, OccupationAndDistanceReasons) {
  const auto reasons = ReasonsOf(Person(), Post());
  ASSERT_NE(Find(reasons, ReasonCode::kOccupationExact), nullptr);
  const Reason* near = Find(reasons, ReasonCode::kNearResidence);
  ASSERT_NE(near, nullptr);
  EXPECT_EQ(near->text, "距您家11公里");
  EXPECT_EQ(Find(reasons, ReasonCode::kNearHukou), nullptr);
}

TEST(ScoreTest, NearerHukouIsNamed) {
  Seeker s = Person();
  s.residence = {112.0, 28.5};
  s.relocate = true;
  const auto reasons = ReasonsOf(s, Post());
  const Reason* near = Find(reasons, ReasonCode::kNearHukou);
  ASSERT_NE(near, nullptr);
  EXPECT_EQ(near->text, "距您户籍地11公里");
}

TEST(ScoreTest, NearerPostScoresHigher) {
  PostRecord close = Post(), far = Post();
  far.point = {113.40, 27.83};
  double a = 0, b = 0;
  ReasonsOf(Person(), close, true, &a);
  ReasonsOf(Person(), far, true, &b);
  EXPECT_GT(a, b);
}

TEST(ScoreTest, SkillsOverlapCounts) {
  Seeker s = Person();
  s.skills = {{"焊工", "", 0}};
  PostRecord p = Post();
  p.required_skills = {{"焊工", "", 0}, {"电工证", "", 0}};
  const auto reasons = ReasonsOf(s, p);
  const Reason* r = Find(reasons, ReasonCode::kSkillsOverlap);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->text, "技能匹配 1/2");
  EXPECT_DOUBLE_EQ(r->contribution, 5);
}

TEST(ScoreTest, SalaryAgainstMinimum) {
  Seeker s = Person();
  s.min_salary = 4000;
  PostRecord p = Post();
  p.salary_min = 3000;
  p.salary_max = 5000;
  EXPECT_NE(Find(ReasonsOf(s, p), ReasonCode::kSalaryMeetsMinimum), nullptr);
  p.salary_max = 3500;
  EXPECT_EQ(Find(ReasonsOf(s, p), ReasonCode::kSalaryMeetsMinimum), nullptr);
  p.negotiable = true;
  p.salary_max = 9000;
  EXPECT_EQ(Find(ReasonsOf(s, p), ReasonCode::kSalaryMeetsMinimum), nullptr);
}

TEST(ScoreTest, BoardMattersOnlyFarFromHome) {
  PostRecord p = Post();
  p.benefits = (1u << kBenefitMeals) | (1u << kBenefitLodging);
  EXPECT_EQ(Find(ReasonsOf(Person(), p), ReasonCode::kBenefits), nullptr);
  p.point = {113.50, 27.83};  // ~33 km
  Seeker s = Person();
  s.travel_radius_km = 50;
  const auto reasons = ReasonsOf(s, p);
  const Reason* r = Find(reasons, ReasonCode::kBenefits);
  ASSERT_NE(r, nullptr);
  EXPECT_THAT(r->text, HasSubstr("包吃住"));
}

TEST(ScoreTest, FreshnessAndCongestion) {
  PostRecord p = Post();
  p.create_time = kNow - 86400;
  p.applicants = 0;
  auto reasons = ReasonsOf(Person(), p);
  EXPECT_NE(Find(reasons, ReasonCode::kFresh), nullptr);
  EXPECT_NE(Find(reasons, ReasonCode::kFewApplicants), nullptr);
  p.applicants = 30;
  p.remaining = 2;
  reasons = ReasonsOf(Person(), p);
  const Reason* many = Find(reasons, ReasonCode::kManyApplicants);
  ASSERT_NE(many, nullptr);
  EXPECT_EQ(many->text, "已有30人申请2个名额");
  EXPECT_LT(many->contribution, 0);
}

TEST(ScoreTest, PriorityForTargetedGroupAndCampaign) {
  Seeker s = Person();
  s.groups = GroupBit(3);
  PostRecord p = Post();
  double plain = 0, targeted = 0, by_campaign = 0, expired = 0;
  ReasonsOf(s, p, true, &plain);
  p.target_groups = GroupBit(3);
  const auto reasons = ReasonsOf(s, p, true, &targeted);
  const Reason* r = Find(reasons, ReasonCode::kTargetsGroup);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->text, "该岗位优先招聘4050人员");
  EXPECT_GT(targeted, plain);
  p.target_groups = 0;
  p.campaigns = {{"c", "春风行动", kNow - 1, kNow + 1, GroupBit(3)}};
  ReasonsOf(s, p, true, &by_campaign);
  EXPECT_EQ(by_campaign, targeted);
  p.campaigns[0].end = kNow;
  ReasonsOf(s, p, true, &expired);
  EXPECT_EQ(expired, plain);
}

TEST(ScoreTest, SensitiveGroupCountsButIsNotNamed) {
  Seeker s = Person();
  s.groups = GroupBit(6);
  PostRecord p = Post();
  Relaxation r;
  r.group = 6;
  r.max_age = 55;
  p.relaxations = {r};
  p.target_groups = GroupBit(6);
  double hidden = 0, shown = 0;
  const auto hidden_reasons = ReasonsOf(s, p, false, &hidden);
  const auto shown_reasons = ReasonsOf(s, p, true, &shown);
  EXPECT_EQ(hidden, shown);
  for (const Reason& x : hidden_reasons) {
    EXPECT_THAT(x.text, ::testing::Not(HasSubstr("低收入")));
  }
  EXPECT_EQ(Find(hidden_reasons, ReasonCode::kTargetsGroup)->text, "该岗位优先招聘重点群体");
  EXPECT_EQ(Find(hidden_reasons, ReasonCode::kRelaxedForGroup)->text,
            "该岗位对重点群体放宽年龄至55岁");
  EXPECT_EQ(Find(shown_reasons, ReasonCode::kTargetsGroup)->text, "该岗位优先招聘低收入家庭成员");
}

}  // namespace
}  // namespace jobmatch::matcher
