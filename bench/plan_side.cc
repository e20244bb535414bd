// The platform's side of the campaign-plan comparison: writes the plan
// benchmark's random instance (matcher/planning/plan_benchmark.cc, scaled
// by --people) as CSV, reads it back (so both solvers see the very same
// rounded scores), solves it with SolveOptimal and prints one JSON line:
// seconds, total score, the objective in the solver's integer thousandths
// and the reserve fills. bench/plan_vs_highs.py gives HiGHS the same files.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "matcher/planning/plan_io.h"
#include "matcher/planning/random_instance.h"
#include "matcher/planning/solvers.h"

ABSL_FLAG(int, people, 100000, "people; posts are a tenth of them");
ABSL_FLAG(std::string, dir, "", "folder for the instance's CSV files");
ABSL_FLAG(int, repetitions, 3, "solves timed; the median is reported");

int main(int argc, char** argv) {
  using namespace jobmatch::planning;
  absl::ParseCommandLine(argc, argv);
  RandomInstanceOptions o;  // plan_benchmark's BarOptions at --people
  o.people = absl::GetFlag(FLAGS_people);
  o.posts = o.people / 10;
  o.pairs_per_person = 20;
  o.max_openings = 10;
  o.villages = 400;
  o.employers = 2000;
  o.reasons = false;
  o.seed = 2026;
  const std::string dir = absl::GetFlag(FLAGS_dir);
  if (absl::Status s = WriteInstance(RandomInstance(o), dir); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  absl::StatusOr<PlanInput> input = ReadInstance(dir);
  if (!input.ok()) {
    std::fprintf(stderr, "%s\n", input.status().ToString().c_str());
    return 1;
  }
  std::vector<double> seconds;
  absl::StatusOr<Plan> plan;
  for (int i = 0; i < absl::GetFlag(FLAGS_repetitions); ++i) {
    const auto start = std::chrono::steady_clock::now();
    plan = SolveOptimal(*input);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!plan.ok()) {
      std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
      return 1;
    }
  }
  std::sort(seconds.begin(), seconds.end());
  int64_t thousandths = 0;
  int seat_fills = 0, floor_fills = 0;
  for (const Assignment& a : plan->assignments) {
    thousandths += std::llround(input->pairs[a.pair].score * 1000);
    seat_fills += a.post_seat_group != kNoGroup;
    floor_fills += a.campaign_group != kNoGroup;
  }
  std::printf(
      "{\"people\": %zu, \"posts\": %zu, \"pairs\": %zu, \"seconds\": %.4f, \"placed\": %zu, "
      "\"total_score\": %.3f, \"objective_thousandths\": %lld, \"seat_fills\": %d, "
      "\"floor_fills\": %d}\n",
      input->people.size(), input->posts.size(), input->pairs.size(), seconds[seconds.size() / 2],
      plan->assignments.size(), plan->total_score, static_cast<long long>(thousandths), seat_fills,
      floor_fills);
  return 0;
}
