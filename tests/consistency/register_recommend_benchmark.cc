// Register a person through the profiles service, then at once ask the
// matcher for their posts with the registration's consistency token: the
// latency an app sees for "register and recommend in one breath", over the
// whole real path (profiles -> outbox -> events relay -> feed -> matcher).
// Reports p50 and p99 of the pair and of the recommendation alone, and the
// load average while it ran.
//
//   build/tests/consistency/register_recommend_benchmark [--benchmark_min_time=…]
// (needs the test database: JOBMATCH_TEST_DB_URL, as the db tests).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/consistency/platform.h"

namespace jobmatch::consistency {
namespace {

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

void BM_RegisterThenRecommend(benchmark::State& state) {
  PlatformOptions options;
  options.relay_interval = absl::Milliseconds(state.range(0));
  Platform platform(options);
  std::vector<double> pair_ms, read_ms;
  int seq = 0, failed = 0;
  for (auto _ : state) {
    const absl::Time start = absl::Now();
    v1::RegisterProfileResponse registered;
    grpc::Status s = platform.profiles().RegisterProfile(
        Platform::AsAdmin().get(), Platform::NewPerson(absl::StrCat("bench-", seq), seq),
        &registered);
    ++seq;
    const absl::Time read_start = absl::Now();
    v1::RecommendPostsRequest req;
    req.set_profile_id(registered.profile().profile_id());
    req.add_consistency_tokens(registered.consistency_token());
    v1::RecommendPostsResponse resp;
    if (s.ok()) s = platform.matcher().RecommendPosts(Platform::AsAdmin().get(), req, &resp);
    const absl::Time end = absl::Now();
    if (!s.ok() && ++failed <= 3) {
      std::cerr << "register-then-recommend " << seq << ": " << s.error_code() << " "
                << s.error_message() << "\n";
    }
    pair_ms.push_back(absl::ToDoubleMilliseconds(end - start));
    read_ms.push_back(absl::ToDoubleMilliseconds(end - read_start));
    state.SetIterationTime(absl::ToDoubleSeconds(end - start));
  }
  state.counters["pair_p50_ms"] = Percentile(pair_ms, 0.50);
  state.counters["pair_p99_ms"] = Percentile(pair_ms, 0.99);
  state.counters["read_p50_ms"] = Percentile(read_ms, 0.50);
  state.counters["read_p99_ms"] = Percentile(read_ms, 0.99);
  state.counters["failed"] = failed;
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) state.counters["loadavg_1m"] = load[0];
}
// The argument is the relay interval in ms (20: the events service's default).
BENCHMARK(BM_RegisterThenRecommend)
    ->Arg(20)
    ->Iterations(300)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace jobmatch::consistency

BENCHMARK_MAIN();
