#include "services/postings/screening.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"

namespace jobmatch::postings {
namespace {

using Words = std::initializer_list<std::u32string_view>;

// One text rule: any of `words` flags `rule`, unless the clause says the
// opposite — a negation just before the words ("不限男女", "无需押金") or a
// release just after them ("体检费公司报销", "乙肝携带者亦可").
struct TextRule {
  v1::ScreeningRule rule;
  Words words;
  Words negated_before;
  Words released_after;
};

// The table. Words are as employers write them in Zhuzhou's posts; add here
// what reviewers find slipping through.
const TextRule kTextRules[] = {
    {v1::SCREENING_RULE_FEE,
     {U"押金", U"保证金", U"培训费", U"服装费", U"工装费", U"体检费", U"介绍费", U"中介费",
      U"报名费", U"手续费", U"资料费"},
     {U"无", U"不", U"免", U"没有", U"零"},
     {U"全免", U"免费", U"报销", U"公司承担", U"公司出", U"由公司", U"公司负责", U"单位承担"}},
    {v1::SCREENING_RULE_SEX,
     {U"限男", U"限女", U"男性优先", U"女性优先", U"男士优先", U"女士优先", U"只招男", U"只招女",
      U"只要男", U"只要女", U"仅招男", U"仅招女", U"性别：男", U"性别：女", U"性别:男", U"性别:女",
      U"性别要求：男", U"性别要求：女"},
     {U"不"},
     {U"女不限", U"女均可", U"女皆可", U"男不限", U"男均可", U"男皆可", U"不限"}},
    {v1::SCREENING_RULE_HUKOU,
     {U"本地户口", U"本地户籍", U"本市户口", U"本市户籍", U"株洲户口", U"株洲户籍", U"城镇户口",
      U"农村户口", U"限本地人", U"户籍要求"},
     {U"不限", U"不要求", U"无"},
     {U"不限", U"均可", U"皆可"}},
    {v1::SCREENING_RULE_ETHNICITY,
     {U"汉族", U"限汉", U"少数民族勿", U"民族要求"},
     {U"不限"},
     {U"不限", U"均可", U"皆可"}},
    {v1::SCREENING_RULE_HEPATITIS_B,
     {U"乙肝", U"乙型肝炎", U"大三阳", U"小三阳", U"两对半", U"HBsAg"},
     {U"不查", U"不检查", U"不歧视", U"接受", U"不限"},
     {U"者可", U"可以", U"亦可", U"也可", U"均可", U"不限", U"不影响", U"不歧视"}},
};

// How far (in characters) a negation or release may sit from the words; it
// must also be in the same clause.
constexpr size_t kReach = 8;

bool IsClauseBreak(char32_t c) {
  switch (c) {
    case U'，':
    case U'。':
    case U'；':
    case U'！':
    case U'？':
    case U',':
    case U';':
    case U'!':
    case U'?':
    case U'\n':
    case U' ':
    case U'　':
      return true;
    default:
      return false;
  }
}

// The clause text within kReach characters before `begin` / from `end`.
std::u32string_view Before(std::u32string_view text, size_t begin) {
  size_t from = begin;
  while (from > 0 && begin - from < kReach && !IsClauseBreak(text[from - 1])) --from;
  return text.substr(from, begin - from);
}
std::u32string_view After(std::u32string_view text, size_t end) {
  size_t to = end;
  while (to < text.size() && to - end < kReach && !IsClauseBreak(text[to])) ++to;
  return text.substr(end, to - end);
}

bool ContainsAny(std::u32string_view text, Words words) {
  for (std::u32string_view w : words) {
    if (text.find(w) != std::u32string_view::npos) return true;
  }
  return false;
}

// The first words of `rule` in `text` that the clause does not take back.
std::optional<std::u32string_view> FindRule(std::u32string_view text, const TextRule& rule) {
  for (std::u32string_view w : rule.words) {
    for (size_t at = text.find(w); at != std::u32string_view::npos; at = text.find(w, at + 1)) {
      if (ContainsAny(Before(text, at), rule.negated_before)) continue;
      if (ContainsAny(After(text, at + w.size()), rule.released_after)) continue;
      return w;
    }
  }
  return std::nullopt;
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// An upper age limit written in `text` ("35岁以下", "18-30周岁", "不超过35岁")
// that shuts out workers older than 35; the words, if any. Limits under 20
// guard against child labour and are left alone.
std::optional<std::u32string> FindAgeLimit(std::u32string_view text) {
  for (size_t at = text.find(U'岁'); at != std::u32string_view::npos;
       at = text.find(U'岁', at + 1)) {
    size_t end = at;  // digits end here (before 周 if present)
    if (end > 0 && text[end - 1] == U'周') --end;
    size_t begin = end;
    while (begin > 0 && IsDigit(text[begin - 1])) --begin;
    if (begin == end || end - begin > 2) continue;
    int age = 0;
    for (size_t i = begin; i < end; ++i) age = age * 10 + static_cast<int>(text[i] - U'0');
    const std::u32string_view after = After(text, at + 1);
    const std::u32string_view before = Before(text, begin);
    const bool upper =
        after.substr(0, 2) == U"以下" || after.substr(0, 2) == U"以内" ||
        after.substr(0, 2) == U"之内" ||
        (!before.empty() &&
         std::u32string_view(U"-－~～至到—").find(before.back()) != std::u32string_view::npos) ||
        ContainsAny(before, {U"不超过", U"不大于", U"不高于", U"低于", U"小于", U"未满"});
    if (upper && age >= 20 && age <= 35) {
      size_t from = begin;
      while (from > 0 && begin - from < 3 && !IsClauseBreak(text[from - 1])) --from;
      size_t to = at + 1 + std::min<size_t>(2, after.size());
      return std::u32string(text.substr(from, to - from));
    }
  }
  return std::nullopt;
}

v1::ScreeningFlag Flag(v1::ScreeningRule rule, absl::string_view field, std::string matched) {
  v1::ScreeningFlag f;
  f.set_rule(rule);
  f.set_field(std::string(field));
  f.set_matched(std::move(matched));
  return f;
}

// Major groups 4-6 (services, farming, production): pay above this a month is
// not believable in Hunan whatever the county pays.
constexpr int kImplausibleManualPay = 30000;
// Any occupation.
constexpr int kImplausiblePay = 100000;

}  // namespace

int SalaryKeyOf(const v1::SalaryRange& s) {
  if (s.negotiable()) return 0;
  return s.max_monthly_cny() > 0 ? s.max_monthly_cny() : s.min_monthly_cny();
}

std::string CountyOf(absl::string_view region_code) {
  return region_code.size() < 6 ? std::string() : std::string(region_code.substr(0, 6));
}

int HunanMinimumWage(absl::string_view region_code) {
  // Hunan's three classes of 2022: 1930, 1740 and 1550 CNY a month. Class 1:
  // the urban districts of Changsha, Zhuzhou and Xiangtan; class 2: their
  // county-level cities. Everywhere else takes class 3, the lowest, so that a
  // doubtful county under-flags rather than over-flags. The bureau should
  // confirm the county list against the province's current notice.
  static constexpr std::string_view kClass1[] = {
      "430102", "430103", "430104", "430105", "430111", "430112",  // 长沙 districts
      "430121",                                                    // 长沙县
      "430202", "430203", "430204", "430211", "430212",            // 株洲 districts
      "430302", "430304",                                          // 湘潭 districts
  };
  static constexpr std::string_view kClass2[] = {
      "430181", "430182",  // 浏阳, 宁乡
      "430281",            // 醴陵
      "430381", "430382",  // 湘乡, 韶山
  };
  const std::string county = CountyOf(region_code);
  for (std::string_view c : kClass1) {
    if (county == c) return 1930;
  }
  for (std::string_view c : kClass2) {
    if (county == c) return 1740;
  }
  return 1550;
}

std::vector<v1::ScreeningFlag> ScreenPost(const v1::Post& post, const ScreeningContext& context) {
  std::vector<v1::ScreeningFlag> flags;
  const std::u32string title = DecodeUtf8(post.title());
  const std::u32string description = DecodeUtf8(post.description());
  for (const TextRule& rule : kTextRules) {
    if (auto w = FindRule(title, rule)) {
      flags.push_back(Flag(rule.rule, "title", EncodeUtf8(*w)));
    } else if (auto d = FindRule(description, rule)) {
      flags.push_back(Flag(rule.rule, "description", EncodeUtf8(*d)));
    }
    if (rule.rule == v1::SCREENING_RULE_SEX &&
        post.requirements().required_sex() != v1::SEX_UNSPECIFIED) {
      flags.push_back(Flag(rule.rule, "requirements.required_sex",
                           absl::StrCat(v1::Sex_Name(post.requirements().required_sex()), ": ",
                                        post.requirements().required_sex_reason())));
    }
  }

  const int max_age = post.requirements().max_age();
  if (max_age > 0 && max_age <= 35) {
    flags.push_back(
        Flag(v1::SCREENING_RULE_AGE, "requirements.max_age", absl::StrCat("max_age ", max_age)));
  }
  if (auto w = FindAgeLimit(title)) {
    flags.push_back(Flag(v1::SCREENING_RULE_AGE, "title", EncodeUtf8(*w)));
  } else if (auto d = FindAgeLimit(description)) {
    flags.push_back(Flag(v1::SCREENING_RULE_AGE, "description", EncodeUtf8(*d)));
  }

  const v1::SalaryRange& s = post.salary();
  const int pay = SalaryKeyOf(s);
  if (pay > 0) {
    const char major = post.occupation_code().empty() ? '0' : post.occupation_code()[0];
    const int implausible =
        (major >= '4' && major <= '6') ? kImplausibleManualPay : kImplausiblePay;
    if (context.county_median && *context.county_median > 0 &&
        pay > kLureMultiple * *context.county_median) {
      flags.push_back(Flag(
          v1::SCREENING_RULE_SALARY_LURE, "salary",
          absl::StrCat(pay, " > ", kLureMultiple, " × county median ", *context.county_median)));
    } else if (pay > implausible) {
      flags.push_back(Flag(v1::SCREENING_RULE_SALARY_LURE, "salary",
                           absl::StrCat(pay, " > ", implausible, " a month")));
    }
    const int floor = s.min_monthly_cny() > 0 ? s.min_monthly_cny() : pay;
    const int minimum = HunanMinimumWage(post.region_code());
    // The monthly minimum binds full-time work; part-time has an hourly one.
    if (post.schedule() != v1::SCHEDULE_PART_TIME && floor < minimum) {
      flags.push_back(Flag(v1::SCREENING_RULE_SALARY_BELOW_MINIMUM, "salary",
                           absl::StrCat(floor, " < minimum wage ", minimum)));
    }
  }
  return flags;
}

int ScreeningMask(const google::protobuf::RepeatedPtrField<v1::ScreeningFlag>& flags) {
  int mask = 0;
  for (const v1::ScreeningFlag& f : flags) mask |= 1 << f.rule();
  return mask;
}

}  // namespace jobmatch::postings
