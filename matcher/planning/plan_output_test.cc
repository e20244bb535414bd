// Reports, the proto converter, CSV reading and writing, and the tables.
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "matcher/planning/csv.h"
#include "matcher/planning/plan_io.h"
#include "matcher/planning/plan_proto.h"
#include "matcher/planning/random_instance.h"
#include "matcher/planning/solvers.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::planning {
namespace {

constexpr Group k4050 = 3;
constexpr Group kLowIncome = 6;

// Two villages; post j1 (employer e1, 2 openings, 1 kept for 4050), post j2
// (employer e2, 1 opening, 1 kept for LOW_INCOME). Optimal: a (4050) -> j1
// seat, b -> j1 open, c (LOW_INCOME) -> j2 seat.
PlanInput Village() {
  PlanInput in;
  in.people = {{"a", "430225100201", {k4050}},
               {"b", "430225100201", {}},
               {"c", "430224100202", {kLowIncome}}};
  in.posts = {{"j1", "e1", 2, {{k4050, 1}}}, {"j2", "e2", 1, {{kLowIncome, 1}}}};
  in.pairs = {{0, 0, 3, {{5, "距您家12公里", 3}}}, {1, 0, 8, {}}, {2, 1, 5, {}}, {1, 1, 9, {}}};
  in.campaign_reserves = {{k4050, 1}};
  in.region_names = {{"430225100201", "炎陵县一村"}};
  return in;
}

std::string TempDir() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = jobmatch::testing::TempPath(absl::StrCat("planning_", info->name()));
  mkdir(dir.c_str(), 0700);
  return dir;
}

TEST(BuildReport, DocketsPostsAndGroups) {
  const PlanInput in = Village();
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  const PlanReport report = BuildReport(in, *plan);
  EXPECT_EQ(report.people_placed, 3);
  EXPECT_DOUBLE_EQ(report.total_score, 16);
  ASSERT_EQ(report.dockets.size(), 2u);
  const Docket& one = report.dockets[1];  // 430225... sorts after 430224...
  EXPECT_EQ(one.region_name, "炎陵县一村");
  EXPECT_EQ(one.employer_ids, std::vector<std::string>{"e1"});
  EXPECT_EQ(one.post_ids, std::vector<std::string>{"j1"});
  ASSERT_EQ(one.assignments.size(), 2u);
  EXPECT_EQ(one.assignments[0].person_id, "a");
  EXPECT_EQ(one.assignments[0].reserved_for, k4050);
  EXPECT_EQ(one.assignments[0].reasons[0].text, "距您家12公里");
  // c takes the LOW_INCOME seat, but the docket must not say so.
  ASSERT_EQ(report.dockets[0].assignments.size(), 1u);
  EXPECT_EQ(report.dockets[0].assignments[0].reserved_for, kNoGroup);
  ReportOptions staff;
  staff.show_sensitive_groups = true;
  EXPECT_EQ(BuildReport(in, *plan, staff).dockets[0].assignments[0].reserved_for, kLowIncome);
  ASSERT_EQ(report.posts.size(), 2u);
  EXPECT_EQ(report.posts[0].assignments.size(), 2u);
  ASSERT_EQ(report.groups.size(), 2u);
  const GroupReport& g4050 = report.groups[0];
  EXPECT_EQ(g4050.group, k4050);
  EXPECT_EQ(g4050.candidates, 1);
  EXPECT_EQ(g4050.placed, 1);
  EXPECT_EQ(g4050.post_reserved, 1);
  EXPECT_EQ(g4050.post_reserved_used, 1);
  EXPECT_EQ(g4050.campaign_reserved, 1);
  EXPECT_EQ(g4050.campaign_reserved_used, 1);
  EXPECT_DOUBLE_EQ(g4050.cutoff_score, 3);
}

// Households with no profile asked for work: the report lists, beside each
// village's demand, the fitting posts the plan leaves openings in.
TEST(BuildReport, HouseholdDemandGetsThePostsThePlanLeavesOpen) {
  PlanInput in = Village();
  in.posts.push_back({"j3", "e3", 3, {}});  // nobody is eligible: all 3 stay open
  in.household_demand = {{"430225100201", "6-18-02-04", 2, {0, 2}},  // j1 fills, j3 does not
                         {"430225100299", "4-10-01-06", 1, {1}}};    // j2 fills
  in.region_names.push_back({"430225100299", "炎陵县二村"});
  ASSERT_TRUE(ValidatePlanInput(in).ok());
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  const PlanReport report = BuildReport(in, *plan);
  EXPECT_EQ(report.people_placed, 3);  // the demand changes no assignment
  ASSERT_EQ(report.dockets.size(), 3u);
  const Docket& one = report.dockets[1];
  ASSERT_EQ(one.region_code, "430225100201");
  ASSERT_EQ(one.household_demand.size(), 1u);
  EXPECT_EQ(one.household_demand[0].households, 2);
  EXPECT_EQ(one.household_demand[0].post_ids, std::vector<std::string>{"j3"});
  EXPECT_EQ(one.household_demand[0].openings_left, 3);
  EXPECT_EQ(one.post_ids, (std::vector<std::string>{"j1", "j3"}));
  EXPECT_EQ(one.employer_ids, (std::vector<std::string>{"e1", "e3"}));
  const Docket& two = report.dockets[2];  // demand only: a docket of its own
  EXPECT_EQ(two.region_code, "430225100299");
  EXPECT_EQ(two.region_name, "炎陵县二村");
  EXPECT_TRUE(two.assignments.empty());
  ASSERT_EQ(two.household_demand.size(), 1u);
  EXPECT_TRUE(two.household_demand[0].post_ids.empty());  // j2 is full
  EXPECT_EQ(two.household_demand[0].openings_left, 0);
  EXPECT_TRUE(two.post_ids.empty());

  const jobmatch::v1::PlanCampaignResponse out = ToProto("c1", report);
  ASSERT_EQ(out.dockets(1).household_demand_size(), 1);
  EXPECT_EQ(out.dockets(1).household_demand(0).occupation_code(), "6-18-02-04");
  EXPECT_EQ(out.dockets(1).household_demand(0).households(), 2);
  EXPECT_EQ(out.dockets(1).household_demand(0).post_ids(0), "j3");
  EXPECT_EQ(out.dockets(1).household_demand(0).openings_left(), 3);

  in.household_demand = {{"", "6-18-02-04", 0, {7}}};
  const absl::Status bad = ValidatePlanInput(in);
  EXPECT_TRUE(absl::IsInvalidArgument(bad));
  for (const char* field : {"household_demand[0].region_code", "household_demand[0].households",
                            "household_demand[0].posts[0]"}) {
    EXPECT_TRUE(absl::StrContains(bad.message(), field)) << field << ": " << bad;
  }
}

TEST(ToProto, MapsEveryPart) {
  const PlanInput in = Village();
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  const jobmatch::v1::PlanCampaignResponse out = ToProto("c1", BuildReport(in, *plan));
  EXPECT_EQ(out.campaign_id(), "c1");
  EXPECT_EQ(out.mode(), jobmatch::v1::PLAN_MODE_OPTIMAL);
  EXPECT_EQ(out.people_placed(), 3);
  ASSERT_EQ(out.dockets_size(), 2);
  EXPECT_EQ(out.dockets(1).region_name(), "炎陵县一村");
  ASSERT_EQ(out.dockets(1).assignments_size(), 2);
  EXPECT_EQ(out.dockets(1).assignments(0).reserved_for(), jobmatch::v1::KEY_GROUP_GROUP_4050);
  EXPECT_EQ(out.dockets(1).assignments(0).reasons(0).code(),
            jobmatch::v1::REASON_CODE_NEAR_RESIDENCE);
  EXPECT_EQ(out.dockets(0).assignments(0).reserved_for(), jobmatch::v1::KEY_GROUP_UNSPECIFIED);
  ASSERT_EQ(out.posts_size(), 2);
  EXPECT_EQ(out.posts(0).openings(), 2);
  ASSERT_EQ(out.groups_size(), 2);
  EXPECT_EQ(out.groups(0).group(), jobmatch::v1::KEY_GROUP_GROUP_4050);
  EXPECT_EQ(out.groups(0).reserved_used(), 1);
  EXPECT_EQ(out.groups(0).campaign_reserved(), 1);
  EXPECT_DOUBLE_EQ(out.groups(0).cutoff_score(), 3);
}

TEST(Csv, QuotesRoundTrip) {
  const CsvRow row = {"plain", "有,逗号", "say \"hi\"", "two\nlines", ""};
  absl::StatusOr<std::vector<CsvRow>> parsed = ParseCsv(CsvLine(row) + CsvLine({"x"}));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0], row);
  EXPECT_FALSE(ParseCsv("\"open").ok());
}

TEST(Instance, WriteThenReadGivesTheSamePlan) {
  RandomInstanceOptions o;
  o.people = 300;
  o.posts = 30;
  o.pairs_per_person = 5;
  o.villages = 5;
  const PlanInput in = RandomInstance(o);
  const std::string dir = TempDir();
  ASSERT_TRUE(WriteInstance(in, dir).ok());
  absl::StatusOr<PlanInput> back = ReadInstance(dir);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->pairs.size(), in.pairs.size());
  EXPECT_EQ(back->pairs[7].reasons[0].text, in.pairs[7].reasons[0].text);
  EXPECT_EQ(back->campaign_reserves.size(), in.campaign_reserves.size());
  absl::StatusOr<Plan> a = SolveOptimal(in), b = SolveOptimal(*back);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->total_score, b->total_score, 1e-6);
  EXPECT_EQ(a->assignments.size(), b->assignments.size());

  const PlanReport report = BuildReport(in, *a);
  ASSERT_TRUE(WriteReportCsv(report, dir).ok());
  absl::StatusOr<std::string> text = ReadFileToString(dir + "/plan_assignments.csv");
  ASSERT_TRUE(text.ok());
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(*text);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), a->assignments.size() + 1);
  EXPECT_EQ((*rows)[0][0], "region_code");
}

TEST(Instance, ReadNamesTheBadLine) {
  const std::string dir = TempDir();
  ASSERT_TRUE(
      WriteStringToFile(dir + "/people.csv", "id,region_code,groups\na,v,GROUP_4050\n").ok());
  ASSERT_TRUE(
      WriteStringToFile(dir + "/posts.csv", "id,employer_id,openings,reserves\nj,e,2,\n").ok());
  ASSERT_TRUE(
      WriteStringToFile(dir + "/pairs.csv", "person_id,post_id,score\na,j,3\nzz,j,1\n").ok());
  absl::StatusOr<PlanInput> in = ReadInstance(dir);
  ASSERT_EQ(in.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(in.status().message().find("pairs.csv line 3: person_id"), absl::string_view::npos)
      << in.status();
  EXPECT_TRUE(absl::IsNotFound(ReadInstance(dir + "/missing").status()));
}

TEST(PrintReport, ShowsGroupsAndDockets) {
  const PlanInput in = Village();
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  std::ostringstream out;
  PrintReport(BuildReport(in, *plan), 10, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("4050人员"), std::string::npos);
  EXPECT_NE(text.find("村/社区 430225100201 炎陵县一村"), std::string::npos);
  EXPECT_NE(text.find("距您家12公里"), std::string::npos);
}

}  // namespace
}  // namespace jobmatch::planning
