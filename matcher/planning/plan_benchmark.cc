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
#include "matcher/planning/plan_report.h"
#include "matcher/planning/random_instance.h"
#include "matcher/planning/solvers.h"

namespace jobmatch::planning {
namespace {

double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
}

RandomInstanceOptions BarOptions() {
  RandomInstanceOptions o;
  o.people = 100'000;
  o.posts = 10'000;
  o.pairs_per_person = 20;
  o.max_openings = 10;
  o.villages = 400;
  o.employers = 2'000;
  o.reasons = false;
  o.seed = 2026;
  return o;
}

// About 68% of people are in some key group, 30% of posts keep seats, and
// GROUP_4050 and POVERTY_LABOR each have a campaign floor of 2% of openings.
const PlanInput& Instance() {
  static const PlanInput* instance = new PlanInput(RandomInstance(BarOptions()));
  return *instance;
}

// The same people, posts and pairs without any reserve: the cost of reserves.
void BM_OptimalWithoutReserves(benchmark::State& state) {
  static const PlanInput* instance = [] {
    PlanInput* in = new PlanInput(Instance());
    for (Post& post : in->posts) post.reserves.clear();
    in->campaign_reserves.clear();
    return in;
  }();
  double total = 0;
  for (auto _ : state) {
    absl::StatusOr<Plan> plan = SolveOptimal(*instance);
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      return;
    }
    total = plan->total_score;
  }
  state.counters["total_score"] = total;
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}

std::map<PlanMode, Plan>& Results() {
  static auto* results = new std::map<PlanMode, Plan>();
  return *results;
}

void BM_Plan(benchmark::State& state, PlanMode mode) {
  const PlanInput& in = Instance();
  PricingStats pricing;
  for (auto _ : state) {
    absl::StatusOr<Plan> plan =
        mode == PlanMode::kOptimal ? SolveOptimal(in, {}, &pricing) : Solve(in, mode);
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
  if (mode == PlanMode::kOptimal) {
    state.counters["rounds"] = pricing.rounds;
    state.counters["pairs_priced_in"] = static_cast<double>(pricing.pairs_in_network);
  }
}
BENCHMARK_CAPTURE(BM_Plan, optimal, PlanMode::kOptimal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Plan, greedy, PlanMode::kGreedy)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Plan, stable, PlanMode::kStable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OptimalWithoutReserves)->Unit(benchmark::kMillisecond);

void PrintComparison() {
  const PlanInput& in = Instance();
  std::printf("\nmode      placed     total_score  plan_ok\n");
  std::map<PlanMode, PlanReport> reports;
  for (const auto& [mode, plan] : Results()) {
    std::printf("%-8s %7zu %15.2f  %s\n", ModeName(mode), plan.assignments.size(), plan.total_score,
                CheckPlan(in, plan).ok() ? "yes" : "NO");
    reports[mode] = BuildReport(in, plan);
  }
  std::printf(
      "\nper group: placed, post seats used (of kept), floor met (of floor), cut-off score\n");
  for (const auto& [mode, report] : reports) {
    std::printf("%s\n", ModeName(mode));
    for (const GroupReport& g : report.groups) {
      std::printf("  group %d  placed %5d  seats %4d/%4d  floor %4d/%4d  cut-off %.2f\n", g.group,
                  g.placed, g.post_reserved_used, g.post_reserved, g.campaign_reserved_used,
                  g.campaign_reserved, g.cutoff_score);
    }
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
