// How fast a fair's file is read and normalised (no network, no database):
//   cmake --build build-<name> --target import_benchmark &&
//   build-<name>/clients/import/import_benchmark
// Not run by ctest.
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "clients/import/import_file.h"

namespace jobmatch::import {
namespace {

// A fair-sized CSV: `rows` distinct rows over the forms the tests cover.
std::string FairCsv(int rows) {
  static constexpr const char* kTitles[] = {"电焊工", "普工", "家政服务员", "会计", "服务员",
                                            "缝纫工", "叉车司机", "保安", "文员", "销售代表"};
  static constexpr const char* kRegions[] = {"株洲·天元区", "醴陵", "长沙-岳麓区", "攸县",
                                             "株洲市芦淞区", "湖南省株洲市荷塘区"};
  static constexpr const char* kSalaries[] = {"3000-5000元/月", "0.6-1万/月", "4.5-6千/月",
                                              "7-14万/年", "300-330元/天", "25-35K·13薪",
                                              "8000以上", "面议", "３０００～４０００元／月"};
  static constexpr const char* kBenefits[] = {"五险一金,包吃住", "包住、年终奖", "岗前培训", ""};
  std::string csv = "编号,岗位名称,公司,薪资,学历,经验,招聘人数,工作地点,福利\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(&csv, "F-", i, ",", kTitles[i % 10], ",株洲某某公司", i % 997, ",",
                    kSalaries[i % 9], ",大专及以上,1-3年,招", 1 + i % 20, "人,",
                    kRegions[i % 6], ",\"", kBenefits[i % 4], "\"\n");
  }
  return csv;
}

void BM_ImportFairCsv(benchmark::State& state) {
  const std::string csv = FairCsv(static_cast<int>(state.range(0)));
  DefaultReference();  // table loading is not part of the measurement
  for (auto _ : state) {
    auto result = ImportText(csv, FileFormat::kCsv, {});
    if (!result.ok() || result->posts.size() != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("rows were refused");
      break;
    }
    benchmark::DoNotOptimize(result->posts.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ImportFairCsv)->Arg(90'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace jobmatch::import

BENCHMARK_MAIN();
