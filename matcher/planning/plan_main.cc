// jobmatch-plan: plan a campaign from CSV files or a random instance, print
// dockets as tables and write CSV. Stands in for `jobctl plan` until it exists.
//   jobmatch-plan --instance=DIR [--mode=optimal|stable|greedy] [--out=DIR]
//   jobmatch-plan --random_people=2000 --random_posts=200 --seed=7 --out=/tmp/plan
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "matcher/planning/plan_check.h"
#include "matcher/planning/plan_io.h"
#include "matcher/planning/plan_report.h"
#include "matcher/planning/random_instance.h"
#include "matcher/planning/solvers.h"

ABSL_FLAG(std::string, instance, "",
          "folder with people.csv, posts.csv, pairs.csv (see plan_io.h)");
ABSL_FLAG(int, random_people, 0, "instead of --instance: people in a random instance");
ABSL_FLAG(int, random_posts, 0, "posts in the random instance (default people / 10)");
ABSL_FLAG(int, pairs_per_person, 20, "average candidate posts per person in the random instance");
ABSL_FLAG(uint64_t, seed, 1, "seed of the random instance");
ABSL_FLAG(std::string, mode, "optimal", "optimal, stable or greedy");
ABSL_FLAG(std::string, out, "", "write plan_assignments.csv and plan_groups.csv here");
ABSL_FLAG(std::string, write_instance, "", "write the instance's CSV files here");
ABSL_FLAG(int, dockets, 5, "dockets to print (all are in the CSV)");
ABSL_FLAG(bool, show_sensitive, false, "show LOW_INCOME and DISABLED seats on assignments");

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "jobmatch-plan: " << status << "\n";
  return absl::IsInvalidArgument(status) ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Plans a campaign: jobmatch-plan --instance=DIR or --random_people=N");
  absl::ParseCommandLine(argc, argv);
  using namespace jobmatch::planning;

  PlanMode mode;
  const std::string mode_name = absl::GetFlag(FLAGS_mode);
  if (mode_name == "optimal") {
    mode = PlanMode::kOptimal;
  } else if (mode_name == "stable") {
    mode = PlanMode::kStable;
  } else if (mode_name == "greedy") {
    mode = PlanMode::kGreedy;
  } else {
    return Fail(absl::InvalidArgumentError("--mode must be optimal, stable or greedy"));
  }

  PlanInput input;
  if (!absl::GetFlag(FLAGS_instance).empty()) {
    absl::StatusOr<PlanInput> read = ReadInstance(absl::GetFlag(FLAGS_instance));
    if (!read.ok()) return Fail(read.status());
    input = *std::move(read);
  } else if (absl::GetFlag(FLAGS_random_people) > 0) {
    RandomInstanceOptions options;
    options.people = absl::GetFlag(FLAGS_random_people);
    options.posts = absl::GetFlag(FLAGS_random_posts) > 0 ? absl::GetFlag(FLAGS_random_posts)
                                                          : std::max(1, options.people / 10);
    options.pairs_per_person = absl::GetFlag(FLAGS_pairs_per_person);
    options.villages = std::max(1, std::min(400, options.people / 50));
    options.seed = absl::GetFlag(FLAGS_seed);
    input = RandomInstance(options);
  } else {
    return Fail(absl::InvalidArgumentError("give --instance=DIR or --random_people=N"));
  }
  if (!absl::GetFlag(FLAGS_write_instance).empty()) {
    if (absl::Status s = WriteInstance(input, absl::GetFlag(FLAGS_write_instance)); !s.ok())
      return Fail(s);
  }

  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Plan> plan = Solve(input, mode);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!plan.ok()) return Fail(plan.status());
  if (absl::Status s = CheckPlan(input, *plan); !s.ok()) return Fail(s);

  ReportOptions options;
  options.show_sensitive_groups = absl::GetFlag(FLAGS_show_sensitive);
  const PlanReport report = BuildReport(input, *plan, options);
  PrintReport(report, absl::GetFlag(FLAGS_dockets), std::cout);
  std::printf("\n%zu people, %zu posts, %zu candidate pairs; solved in %.2f s; plan checked\n",
              input.people.size(), input.posts.size(), input.pairs.size(), seconds);
  if (!absl::GetFlag(FLAGS_out).empty()) {
    if (absl::Status s = WriteReportCsv(report, absl::GetFlag(FLAGS_out)); !s.ok()) return Fail(s);
    std::printf("wrote %s/plan_assignments.csv and plan_groups.csv\n",
                absl::GetFlag(FLAGS_out).c_str());
  }
  return 0;
}
