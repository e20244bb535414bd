// Load and lookup speed of the reference tables, which every service and test
// loads at start-up. Run: build-*/services/common/refdata_benchmark
#include <benchmark/benchmark.h>

#include "services/common/refdata/occupations.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::refdata {
namespace {

void BM_LoadRegions(benchmark::State& state) {
  const std::string path = RefdataDir() + "/regions.csv";
  for (auto _ : state) {
    auto t = RegionTable::Load(path);
    if (!t.ok()) state.SkipWithError(t.status().ToString().c_str());
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_LoadRegions)->Unit(benchmark::kMillisecond);

void BM_LoadOccupations(benchmark::State& state) {
  const std::string dir = RefdataDir();
  for (auto _ : state) {
    auto t = OccupationTable::Load(dir + "/occupations.csv", dir + "/related_terms.csv");
    if (!t.ok()) state.SkipWithError(t.status().ToString().c_str());
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_LoadOccupations)->Unit(benchmark::kMillisecond);

void BM_ResolveText(benchmark::State& state) {
  const RegionTable& t = DefaultRegions();
  const char* texts[] = {"长沙-岳麓区", "湖南省 - 株洲市", "株洲·天元区", "株洲新市镇",
                         "株洲市荷塘区月塘街道文化路社区居委会"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(t.ResolveText(texts[i++ % 5]));
}
BENCHMARK(BM_ResolveText)->Unit(benchmark::kMicrosecond);

void BM_FindVillageByOldCode(benchmark::State& state) {
  const RegionTable& t = DefaultRegions();
  for (auto _ : state) benchmark::DoNotOptimize(t.Find("430221100009"));
}
BENCHMARK(BM_FindVillageByOldCode);

}  // namespace
}  // namespace jobmatch::refdata

BENCHMARK_MAIN();
