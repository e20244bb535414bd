// How fast a fair's file is read and normalised, titles classified included
// (no network, no database). The first iteration meets every title spelling
// for the first time; the classifier caches answers after that, as it does
// across the rows of a real fair.
//   cmake --build build-<name> --target import_benchmark &&
//   build-<name>/clients/import/import_benchmark
// Not run by ctest.
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "clients/import/import_file.h"

namespace jobmatch::import {
namespace {

// Job titles as fairs and boards write them: everyday names the lexicon knows,
// names it finds inside longer titles, and a few it has never seen.
// clang-format off
constexpr const char* kTitles[] = {
    "电焊工", "普工", "家政服务员", "会计", "服务员", "缝纫工", "叉车司机", "保安", "文员", "销售代表", "月嫂", "育婴师", "保姆",
    "护工", "陶瓷工", "装配工", "仓管员", "搬运工", "外卖骑手", "主播", "电商运营", "客服", "前台", "施釉工", "烧窑工", "贴花工",
    "CNC操机员", "数控车工", "转向架装配工", "机车钳工", "电工", "水电工", "钢筋工", "木工", "泥瓦工", "架子工", "厨师", "帮厨",
    "洗碗工", "收银员", "导购", "店长", "快递员", "分拣员", "货车司机", "网约车司机", "养猪工", "采茶工", "农机手", "幼师", "小学老师",
    "护士", "药店营业员", "美发师", "保洁员", "物业管家", "质检员", "包装工", "注塑工", "电子厂普工", "汽修工", "带货主播", "短视频剪辑",
    "Java开发工程师", "人事专员", "出纳", "平面设计", "面点师", "烧腊师傅", "瓷厂拣选工", "锂电池车间操作工", "轨道车辆布线工", "鱼塘看护"};
// clang-format on
constexpr const char* kTitlePrefixes[] = {"", "株洲·", "醴陵", "【急招】", "高级", "长沙-"};
constexpr const char* kTitleSuffixes[] = {"", "（包吃住）", " 月入8000+", "学徒", "(长白班)", "★"};

// A fair-sized CSV: `rows` distinct rows over the forms the tests cover, with
// about 2,600 distinct title spellings.
std::string FairCsv(int rows) {
  static constexpr const char* kRegions[] = {"株洲·天元区", "醴陵",         "长沙-岳麓区",
                                             "攸县",        "株洲市芦淞区", "湖南省株洲市荷塘区"};
  static constexpr const char* kSalaries[] = {
      "3000-5000元/月", "0.6-1万/月",   "4.5-6千/月",
      "7-14万/年",      "300-330元/天", "25-35K·13薪",
      "8000以上",       "面议",         "３０００～４０００元／月"};
  static constexpr const char* kBenefits[] = {"五险一金,包吃住", "包住、年终奖", "岗前培训", ""};
  constexpr int kTitleCount = sizeof(kTitles) / sizeof(kTitles[0]);
  std::string csv = "编号,岗位名称,公司,薪资,学历,经验,招聘人数,工作地点,福利\n";
  for (int i = 0; i < rows; ++i) {
    const std::string title =
        absl::StrCat(kTitlePrefixes[(i / kTitleCount) % 6], kTitles[i % kTitleCount],
                     kTitleSuffixes[(i / (kTitleCount * 6)) % 6]);
    absl::StrAppend(&csv, "F-", i, ",", title, ",株洲某某公司", i % 997, ",", kSalaries[i % 9],
                    ",大专及以上,1-3年,招", 1 + i % 20, "人,", kRegions[i % 6], ",\"",
                    kBenefits[i % 4], "\"\n");
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
