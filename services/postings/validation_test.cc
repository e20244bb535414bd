// Table tests of the input rules: each case breaks one rule of an otherwise
// valid message and names the one field path that must be reported.
#include "services/postings/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "services/common/proto_time.h"

namespace jobmatch::postings {
namespace {

using ::testing::ElementsAre;

v1::Post ValidPost() {
  v1::Post p;
  p.set_employer_id("E0000000000000001");
  p.set_occupation_code("6-18-02-04");
  p.set_title("醴陵陶瓷厂招聘焊工");
  p.set_region_code("430281");
  p.set_openings(5);
  p.mutable_salary()->set_min_monthly_cny(4500);
  p.mutable_salary()->set_max_monthly_cny(6000);
  p.mutable_requirements()->set_min_age(18);
  p.mutable_requirements()->set_max_age(45);
  auto* r = p.add_relaxations();
  r->set_group(v1::KEY_GROUP_GROUP_4050);
  r->set_max_age(55);
  auto* q = p.add_reserved_quotas();
  q->set_group(v1::KEY_GROUP_POVERTY_LABOR);
  q->set_places(2);
  return p;
}

// Marks `p` as waiting for review, as an importer's best guess would be.
v1::OccupationCoding& NeedsReview(v1::Post& p) {
  v1::OccupationCoding& c = *p.mutable_occupation_coding();
  c.set_needs_review(true);
  c.set_confidence(0.4f);
  c.set_method("major_group");
  return c;
}

std::vector<std::string> PostViolations(const v1::Post& p) {
  FieldViolations v("post");
  ValidatePost(p, v);
  std::vector<std::string> out;
  for (const auto& f : v.proto().field_violations()) out.push_back(f.field());
  return out;
}

struct PostCase {
  const char* name;
  std::function<void(v1::Post&)> breakit;
  const char* field;
};

class PostRuleTest : public ::testing::TestWithParam<PostCase> {};

TEST(PostRuleBaseTest, ValidPostHasNoViolations) {
  EXPECT_TRUE(PostViolations(ValidPost()).empty());
}

// A post waiting for review may carry any entry of the classification as its
// best guess; once confirmed it needs a detailed code again.
TEST(PostRuleBaseTest, ReviewCodingAcceptsCoarseCodes) {
  for (const char* code : {"6", "6-18", "6-18-02", "6-18-02-04"}) {
    v1::Post p = ValidPost();
    p.set_occupation_code(code);
    NeedsReview(p);
    EXPECT_TRUE(PostViolations(p).empty()) << code;
    p.mutable_occupation_coding()->set_needs_review(false);
    EXPECT_EQ(PostViolations(p).empty(), std::string(code) == "6-18-02-04") << code;
  }
  v1::Post given = ValidPost();
  given.mutable_occupation_coding()->set_method("given");
  given.mutable_occupation_coding()->set_confidence(1);
  EXPECT_TRUE(PostViolations(given).empty());
}

TEST_P(PostRuleTest, NamesTheField) {
  v1::Post p = ValidPost();
  GetParam().breakit(p);
  EXPECT_THAT(PostViolations(p), ElementsAre(GetParam().field));
}

absl::Time Day(int d) { return absl::FromCivil(absl::CivilDay(2026, 3, d), ChinaTimeZone()); }

INSTANTIATE_TEST_SUITE_P(
    Table, PostRuleTest,
    ::testing::Values(
        PostCase{"unknown_region", [](v1::Post& p) { p.set_region_code("439999"); }, "post.region_code"},
        PostCase{"city_region", [](v1::Post& p) { p.set_region_code("4302"); }, "post.region_code"},
        PostCase{"missing_region", [](v1::Post& p) { p.clear_region_code(); }, "post.region_code"},
        PostCase{"salary_inverted", [](v1::Post& p) { p.mutable_salary()->set_min_monthly_cny(9000); },
                 "post.salary.min_monthly_cny"},
        PostCase{"salary_negative", [](v1::Post& p) { p.mutable_salary()->set_max_monthly_cny(-1); },
                 "post.salary.max_monthly_cny"},
        PostCase{"age_too_low", [](v1::Post& p) { p.mutable_requirements()->set_min_age(15); },
                 "post.requirements.min_age"},
        PostCase{"age_too_high", [](v1::Post& p) { p.mutable_requirements()->set_max_age(71); },
                 "post.requirements.max_age"},
        PostCase{"age_inverted",
                 [](v1::Post& p) {
                   p.mutable_requirements()->set_min_age(50);
                   p.mutable_relaxations(0)->set_max_age(0);
                 },
                 "post.requirements.max_age"},
        PostCase{"no_openings",
                 [](v1::Post& p) {
                   p.set_openings(0);
                   p.clear_reserved_quotas();
                 },
                 "post.openings"},
        PostCase{"unknown_occupation", [](v1::Post& p) { p.set_occupation_code("9-99-99-99"); },
                 "post.occupation_code"},
        PostCase{"coarse_occupation", [](v1::Post& p) { p.set_occupation_code("6-18-02"); },
                 "post.occupation_code"},
        PostCase{"unknown_occupation_for_review",
                 [](v1::Post& p) {
                   p.set_occupation_code("9");
                   NeedsReview(p);
                 },
                 "post.occupation_code"},
        PostCase{"no_occupation_for_review",
                 [](v1::Post& p) {
                   p.clear_occupation_code();
                   NeedsReview(p);
                 },
                 "post.occupation_code"},
        PostCase{"confidence_above_one", [](v1::Post& p) { NeedsReview(p).set_confidence(1.5f); },
                 "post.occupation_coding.confidence"},
        PostCase{"confidence_negative", [](v1::Post& p) { NeedsReview(p).set_confidence(-0.1f); },
                 "post.occupation_coding.confidence"},
        PostCase{"unknown_method", [](v1::Post& p) { NeedsReview(p).set_method("guess"); },
                 "post.occupation_coding.method"},
        PostCase{"coding_without_method", [](v1::Post& p) { NeedsReview(p).clear_method(); },
                 "post.occupation_coding.method"},
        PostCase{"missing_title", [](v1::Post& p) { p.clear_title(); }, "post.title"},
        PostCase{"long_title", [](v1::Post& p) { p.set_title(std::string(101 * 3, 'x').substr(0, 101)); },
                 "post.title"},
        PostCase{"long_title_chinese",
                 [](v1::Post& p) {
                   std::string title;
                   for (int i = 0; i < 101; ++i) title += "焊";
                   p.set_title(title);
                 },
                 "post.title"},
        PostCase{"long_description", [](v1::Post& p) { p.set_description(std::string(5001, 'x')); },
                 "post.description"},
        PostCase{"window_inverted",
                 [](v1::Post& p) {
                   *p.mutable_validity()->mutable_start_time() = ToProto(Day(10));
                   *p.mutable_validity()->mutable_end_time() = ToProto(Day(9));
                 },
                 "post.validity.end_time"},
        PostCase{"relaxation_unknown_group",
                 [](v1::Post& p) { p.mutable_relaxations(0)->set_group(static_cast<v1::KeyGroup>(42)); },
                 "post.relaxations[0].group"},
        PostCase{"relaxation_unspecified_group",
                 [](v1::Post& p) { p.mutable_relaxations(0)->set_group(v1::KEY_GROUP_UNSPECIFIED); },
                 "post.relaxations[0].group"},
        PostCase{"relaxation_duplicated",
                 [](v1::Post& p) { p.add_relaxations()->set_group(v1::KEY_GROUP_GROUP_4050); },
                 "post.relaxations[1].group"},
        PostCase{"relaxation_age", [](v1::Post& p) { p.mutable_relaxations(0)->set_max_age(80); },
                 "post.relaxations[0].max_age"},
        PostCase{"quota_over_openings", [](v1::Post& p) { p.mutable_reserved_quotas(0)->set_places(6); },
                 "post.reserved_quotas"},
        PostCase{"quota_zero", [](v1::Post& p) { p.mutable_reserved_quotas(0)->set_places(0); },
                 "post.reserved_quotas[0].places"},
        PostCase{"sex_without_reason",
                 [](v1::Post& p) { p.mutable_requirements()->set_required_sex(v1::SEX_FEMALE); },
                 "post.requirements.required_sex_reason"},
        PostCase{"unknown_target_group", [](v1::Post& p) { p.add_target_groups(v1::KEY_GROUP_UNSPECIFIED); },
                 "post.target_groups[0]"},
        PostCase{"duplicate_campaign",
                 [](v1::Post& p) {
                   p.add_campaign_ids("C1");
                   p.add_campaign_ids("C1");
                 },
                 "post.campaign_ids[1]"},
        PostCase{"missing_employer", [](v1::Post& p) { p.clear_employer_id(); }, "post.employer_id"},
        PostCase{"bad_location", [](v1::Post& p) { p.mutable_location()->set_lat(91); }, "post.location.lat"},
        PostCase{"bad_benefit", [](v1::Post& p) { p.add_benefits(v1::BENEFIT_UNSPECIFIED); }, "post.benefits[0]"},
        PostCase{"long_external_id", [](v1::Post& p) { p.set_external_id(std::string(101, 'x')); },
                 "post.external_id"}),
    [](const ::testing::TestParamInfo<PostCase>& test_case) { return std::string(test_case.param.name); });

v1::Employer ValidEmployer() {
  v1::Employer e;
  e.set_name("株洲中车时代电气股份有限公司");
  e.set_credit_code("91350100M000100Y43");
  e.set_region_code("430211");
  e.set_labor_brand(v1::LABOR_BRAND_RAIL_TRANSIT);
  return e;
}

std::vector<std::string> EmployerViolations(const v1::Employer& e) {
  FieldViolations v("employer");
  ValidateEmployer(e, v);
  std::vector<std::string> out;
  for (const auto& f : v.proto().field_violations()) out.push_back(f.field());
  return out;
}

TEST(EmployerRuleTest, Table) {
  EXPECT_TRUE(EmployerViolations(ValidEmployer()).empty());
  struct {
    std::function<void(v1::Employer&)> breakit;
    const char* field;
  } cases[] = {
      {[](v1::Employer& e) { e.set_credit_code("91350100M000100Y42"); }, "employer.credit_code"},
      {[](v1::Employer& e) { e.clear_credit_code(); }, "employer.credit_code"},
      {[](v1::Employer& e) { e.clear_name(); }, "employer.name"},
      {[](v1::Employer& e) { e.set_name(std::string(201, 'n')); }, "employer.name"},
      {[](v1::Employer& e) { e.set_region_code("000000"); }, "employer.region_code"},
      {[](v1::Employer& e) { e.set_industry(std::string(101, 'i')); }, "employer.industry"},
      {[](v1::Employer& e) { e.set_labor_brand(static_cast<v1::LaborBrand>(99)); },
       "employer.labor_brand"},
  };
  for (const auto& c : cases) {
    v1::Employer e = ValidEmployer();
    c.breakit(e);
    EXPECT_THAT(EmployerViolations(e), ElementsAre(c.field));
  }
}

TEST(CampaignRuleTest, Table) {
  v1::Campaign base;
  base.set_kind(v1::CAMPAIGN_KIND_SPRING_BREEZE);
  base.set_name("2026年春风行动·百企万岗");
  base.add_region_codes("4302");
  struct {
    std::function<void(v1::Campaign&)> breakit;
    const char* field;
  } cases[] = {
      {[](v1::Campaign& c) { c.clear_kind(); }, "campaign.kind"},
      {[](v1::Campaign& c) { c.clear_name(); }, "campaign.name"},
      {[](v1::Campaign& c) { c.add_region_codes("999999"); }, "campaign.region_codes[1]"},
      {[](v1::Campaign& c) { c.add_target_groups(v1::KEY_GROUP_UNSPECIFIED); },
       "campaign.target_groups[0]"},
      {[](v1::Campaign& c) {
         *c.mutable_window()->mutable_start_time() = ToProto(Day(20));
         *c.mutable_window()->mutable_end_time() = ToProto(Day(1));
       },
       "campaign.window.end_time"},
      {[](v1::Campaign& c) { c.add_reserved_quotas()->set_group(v1::KEY_GROUP_GRADUATE); },
       "campaign.reserved_quotas[0].places"},
  };
  {
    FieldViolations v("campaign");
    ValidateCampaign(base, v);
    EXPECT_TRUE(v.empty());
  }
  for (const auto& c : cases) {
    v1::Campaign x = base;
    c.breakit(x);
    FieldViolations v("campaign");
    ValidateCampaign(x, v);
    ASSERT_EQ(v.proto().field_violations_size(), 1) << c.field;
    EXPECT_EQ(v.proto().field_violations(0).field(), c.field);
  }
}

TEST(FilterRuleTest, Table) {
  v1::PostFilter f;
  f.set_region_prefix("43a2");
  f.set_occupation_prefix("6_18");
  f.set_salary_floor(-1);
  f.add_states(v1::POST_STATE_UNSPECIFIED);
  f.set_target_group(static_cast<v1::KeyGroup>(77));
  FieldViolations v("filter");
  ValidatePostFilter(f, v);
  std::vector<std::string> fields;
  for (const auto& x : v.proto().field_violations()) fields.push_back(x.field());
  EXPECT_THAT(fields,
              ElementsAre("filter.region_prefix", "filter.occupation_prefix", "filter.target_group",
                          "filter.salary_floor", "filter.states[0]"));
}

TEST(RequestIdRuleTest, Table) {
  for (const char* bad : {"", "has space", "x\x01"}) {
    FieldViolations v;
    ValidateRequestId(bad, v);
    EXPECT_FALSE(v.empty()) << bad;
  }
  FieldViolations v;
  ValidateRequestId(std::string(65, 'r'), v);
  ValidateRequestId("req-1", v);
  EXPECT_THAT(v.proto().field_violations(), ::testing::SizeIs(1));
}

}  // namespace
}  // namespace jobmatch::postings
