#include "services/common/occupation/setting_rules.h"

#include "absl/strings/match.h"
#include "services/common/occupation/title_normaliser.h"

namespace jobmatch::occupation {
namespace {

struct SettingRule {
  // Words (in normal form) that name the setting.
  const absl::string_view* settings;
  size_t n_settings;
  // Codes, or code prefixes, of the trades the setting changes.
  const absl::string_view* trades;
  size_t n_trades;
  absl::string_view code;  // what those trades are in the setting
};

// A car repair shop. 汽车 alone is no such setting: 汽车钣金件 and 汽车总装 are
// factory work.
constexpr absl::string_view kCarRepairShops[] = {"汽修", "4s店",   "4s",       "修理厂", "汽车维修",
                                                 "修车", "快修",   "汽车服务", "汽服",   "汽车美容",
                                                 "车行", "保养店", "轮胎店",   "汽配城"};
constexpr absl::string_view kCarRepairTrades[] = {
    "6-18-01-11",  // 钣金工
    "6-18-03-03",  // 涂装工 (喷漆)
    "6-31-01",     // 机修钳工, 电工 and other maintenance trades
    "6-14-01",     // 轮胎 (tyre plant)
    "6-29-04-01",  // 装饰装修工 (油漆, 贴膜)
    "6-22-01",     // 汽车装调工
    "4-10-03-01",  // 美容师 (汽车美容)
    "4-09-08-01",  // 保洁员 (洗车)
    "6-20-01-01",  // 装配钳工
};

// A teacher of a subject (数学老师, 辅导老师: 2-08-02-04 when no school is
// named) teaches at the level of school the title names.
constexpr absl::string_view kTeachers[] = {"2-08-02-04"};
constexpr absl::string_view kKindergartens[] = {"幼儿园", "幼教"};
constexpr absl::string_view kJuniorHighs[] = {"初中", "初一", "初二", "初三", "中考"};
constexpr absl::string_view kSeniorHighs[] = {"高中", "高一", "高二", "高三", "高考"};
constexpr absl::string_view kVocationalSchools[] = {"中职", "职高", "技校", "中专"};
constexpr absl::string_view kUniversities[] = {"大学", "高校"};

constexpr SettingRule kRules[] = {
    {kCarRepairShops, std::size(kCarRepairShops), kCarRepairTrades, std::size(kCarRepairTrades),
     "4-12-01-01"},
    {kKindergartens, std::size(kKindergartens), kTeachers, std::size(kTeachers), "2-08-03-00"},
    {kJuniorHighs, std::size(kJuniorHighs), kTeachers, std::size(kTeachers), "2-08-02-03"},
    {kSeniorHighs, std::size(kSeniorHighs), kTeachers, std::size(kTeachers), "2-08-02-01"},
    {kVocationalSchools, std::size(kVocationalSchools), kTeachers, std::size(kTeachers),
     "2-08-02-02"},
    {kUniversities, std::size(kUniversities), kTeachers, std::size(kTeachers), "2-08-01-01"},
};

bool NamesAny(absl::string_view text, const absl::string_view* words, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (absl::StrContains(text, words[i])) return true;
  }
  return false;
}

}  // namespace

std::string CodeInSetting(absl::string_view code, absl::string_view title,
                          absl::string_view description) {
  for (const SettingRule& rule : kRules) {
    bool trade = false;
    for (size_t i = 0; i < rule.n_trades && !trade; ++i) {
      trade = absl::StartsWith(code, rule.trades[i]);
    }
    if (!trade) continue;
    // Normalised only here: most codes have no setting rule, and a fair's
    // rows must stay cheap.
    if (NamesAny(NormaliseTitle(title), rule.settings, rule.n_settings) ||
        (!description.empty() &&
         NamesAny(NormaliseTitle(description), rule.settings, rule.n_settings))) {
      return std::string(rule.code);
    }
  }
  return std::string(code);
}

}  // namespace jobmatch::occupation
