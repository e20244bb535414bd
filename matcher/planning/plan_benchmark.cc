// Campaign plan at the design's size: 100,000 people x 10,000 posts with
// about 2 million candidate pairs. Bar: exact optimum <= 5 s and <= 1 GiB
// peak memory. Prints peak RSS and compares the optimal plan with the greedy
// baseline and the stable plan (total score, per-group placements, reserve
// fills). Not run by ctest:
//   build/matcher/planning/plan_benchmark --benchmark_min_time=1
#include <sys/resource.h>

#include <cstdio>
#include <map>

#include "benchmark/benchmark.h"
#include "matcher/planning/plan_check.h"
#include "matcher/planning/random_instance.h"
#include "matcher/planning/solvers.h"

namespace jobmatch::planning {
namespace {

const PlanInput& Instance() {
  static const PlanInput* instance = [] {
    RandomInstanceOptions o;
    o.people = 100'000;
    o.posts = 10'000;
    o.pairs_per_person = 20;
    o.max_openings = 10;
    o.villages = 400;
    o.employers = 2'000;
    o.reasons = false;
    o.seed = 2026;
    return new PlanInput(RandomInstance(o));
  }();
  return *instance;
}

double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
}

std::map<PlanMode, Plan>& Results() {
  static auto* results = new std::map<PlanMode, Plan>();
  return *results;
}

void BM_Plan(benchmark::State& state, PlanMode mode) {
  const PlanInput& in = Instance();
  for (auto _ : state) {
    absl::StatusOr<Plan> plan = Solve(in, mode);
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      return;
    }
    Results()[mode] = *std::move(plan);
  }
  state.counters["pairs"] = static_cast<double>(in.pairs.size());
  state.counters["placed"] = static_cast<double>(Results()[mode].assignments.size());
  state.counters["total_score"] = Results()[mode].total_score;
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}
BENCHMARK_CAPTURE(BM_Plan, optimal, PlanMode::kOptimal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Plan, greedy, PlanMode::kGreedy)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Plan, stable, PlanMode::kStable)->Unit(benchmark::kMillisecond);

void PrintComparison() {
  const PlanInput& in = Instance();
  std::printf("\nmode      placed     total_score  post_seat_fills  floor_fills  plan_ok\n");
  for (const auto& [mode, plan] : Results()) {
    int seats = 0, floors = 0;
    for (const Assignment& a : plan.assignments) {
      seats += a.post_seat_group != kNoGroup;
      floors += a.campaign_group != kNoGroup;
    }
    const char* name = mode == PlanMode::kOptimal ? "optimal" : mode == PlanMode::kStable ? "stable" : "greedy";
    std::printf("%-8s %7zu %15.2f %16d %12d  %s\n", name, plan.assignments.size(), plan.total_score,
                seats, floors, CheckPlan(in, plan).ok() ? "yes" : "NO");
  }
  std::printf("\nplaced per group (group: optimal / greedy / stable)\n");
  for (Group g = 1; g <= kMaxGroup; ++g) {
    std::printf("  group %d:", g);
    for (PlanMode mode : {PlanMode::kOptimal, PlanMode::kGreedy, PlanMode::kStable}) {
      int placed = 0;
      for (const Assignment& a : Results()[mode].assignments) {
        placed += (GroupMask(in.people[in.pairs[a.pair].person]) >> g) & 1;
      }
      std::printf(" %6d", placed);
    }
    std::printf("\n");
  }
  std::printf("peak RSS %.0f MiB\n", PeakRssMiB());
}

}  // namespace
}  // namespace jobmatch::planning

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  jobmatch::planning::PrintComparison();
  return 0;
}
