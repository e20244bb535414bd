#include "clients/import/fields.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

using ::jobmatch::v1::Benefit;
using ::jobmatch::v1::Education;

bool IsNoRequirement(absl::string_view s) {
  return s.empty() || s == "不限" || s == "无" || s == "无要求" || s == "-" || s == "/" ||
         s == "any" || s == "none" || s == "n/a";
}

// Integers written in ASCII digits or simple Chinese numerals (一 .. 九十九),
// read from the front of `s`; advances `s`. -1 when there is none.
int ReadCount(absl::string_view* s) {
  size_t i = 0;
  int64_t n = 0;
  while (i < s->size() && absl::ascii_isdigit((*s)[i])) {
    n = n * 10 + ((*s)[i] - '0');
    if (n > 1'000'000'000) return -1;
    ++i;
  }
  if (i > 0) {
    s->remove_prefix(i);
    return static_cast<int>(n);
  }
  // 三, 十, 十二, 二十, 二十五.
  int value = 0;
  bool any = false;
  int current = 0;
  while (s->size() >= 3) {
    int d = ChineseDigit(s->substr(0, 3));
    if (d < 0) break;
    any = true;
    if (d == 10) {
      value += (current == 0 ? 1 : current) * 10;
      current = 0;
    } else {
      current = d;
    }
    s->remove_prefix(3);
  }
  return any ? value + current : -1;
}

// Internship terms as boards show them ("实习", "4天/周", "3个月", "4天/周3个月",
// "在校生"): days a week and months of the placement, no experience asked.
bool IsInternship(absl::string_view s) {
  if (absl::StrContains(s, "实习") || absl::StrContains(s, "在校")) return true;
  absl::string_view rest = s;
  bool any = false;
  while (!rest.empty()) {
    if (ReadCount(&rest) < 0) return false;
    if (absl::ConsumePrefix(&rest, "天/周") || absl::ConsumePrefix(&rest, "天每周") ||
        absl::ConsumePrefix(&rest, "个月") || absl::ConsumePrefix(&rest, "月")) {
      any = true;
      absl::ConsumePrefix(&rest, ",");
      continue;
    }
    return false;
  }
  return any;
}

}  // namespace

absl::StatusOr<Education> ParseEducation(absl::string_view text) {
  const std::string s = FoldCompact(text);
  // "初中及以下", "高中以下": at most that level, so no minimum at all.
  if (IsNoRequirement(s) || absl::StrContains(s, "不限") || absl::StrContains(s, "以下") ||
      absl::StrContains(s, "无要求") || absl::StrContains(s, "无学历") ||
      absl::StrContains(s, "识字") || absl::StrContains(s, "不要求")) {
    return jobmatch::v1::EDUCATION_UNSPECIFIED;
  }
  struct Level {
    absl::string_view word;
    Education level;
  };
  // Higher levels first: "硕士及以上" must not read as anything lower, and
  // "中专" must not be found inside "大专" (it is not: different characters).
  static constexpr Level kLevels[] = {
      {"博士", jobmatch::v1::EDUCATION_DOCTORATE},
      {"doctor", jobmatch::v1::EDUCATION_DOCTORATE},
      {"phd", jobmatch::v1::EDUCATION_DOCTORATE},
      {"硕士", jobmatch::v1::EDUCATION_MASTER},
      {"研究生", jobmatch::v1::EDUCATION_MASTER},
      {"master", jobmatch::v1::EDUCATION_MASTER},
      {"本科", jobmatch::v1::EDUCATION_BACHELOR},
      {"学士", jobmatch::v1::EDUCATION_BACHELOR},
      {"bachelor", jobmatch::v1::EDUCATION_BACHELOR},
      {"大专", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
      {"专科", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
      {"高职", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
      {"college", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
      {"高中", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"中专", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"中技", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"职高", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"技校", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"中职", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"senior high", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"seniorhigh", jobmatch::v1::EDUCATION_SENIOR_HIGH},
      {"初中", jobmatch::v1::EDUCATION_JUNIOR_HIGH},
      {"juniorhigh", jobmatch::v1::EDUCATION_JUNIOR_HIGH},
      {"小学", jobmatch::v1::EDUCATION_PRIMARY},
      {"primary", jobmatch::v1::EDUCATION_PRIMARY},
  };
  // The lowest level named is the minimum: "大专/本科", "大专及以上，本科优先".
  const Level* lowest = nullptr;
  for (const Level& l : kLevels) {
    if (absl::StrContains(s, l.word)) lowest = &l;
  }
  if (lowest != nullptr) return lowest->level;
  return absl::InvalidArgumentError(absl::StrCat("education \"", text, "\": unknown level"));
}

absl::StatusOr<Experience> ParseExperience(absl::string_view text) {
  const std::string folded = FoldCompact(text);
  Experience out;
  if (absl::StrContains(folded, "应届")) {
    out.graduate = true;
    return out;
  }
  absl::string_view s = folded;
  absl::ConsumePrefix(&s, "工作经验");
  absl::ConsumePrefix(&s, "经验");
  absl::ConsumePrefix(&s, ":");
  if (IsNoRequirement(s) || absl::StrContains(s, "不限") || absl::StrContains(s, "无经验") ||
      absl::StrContains(s, "无需") || absl::StrContains(s, "无要求") || s == "半年" ||
      absl::StartsWith(s, "半年") || IsInternship(s) ||
      (absl::StrContains(s, "优先") && !std::any_of(s.begin(), s.end(), absl::ascii_isdigit))) {
    // "有相关工作经验者优先": preferred, not required.
    return out;
  }
  const int years = ReadCount(&s);
  if (years < 0 || years > 50) {
    return absl::InvalidArgumentError(
        absl::StrCat("experience \"", text, "\": no number of years"));
  }
  // What follows must be a range end, a unit and an open/closed marker only.
  absl::string_view rest = s;
  if (absl::ConsumePrefix(&rest, "-") || absl::ConsumePrefix(&rest, "~") ||
      absl::ConsumePrefix(&rest, "至") || absl::ConsumePrefix(&rest, "到")) {
    if (ReadCount(&rest) < years) {
      return absl::InvalidArgumentError(absl::StrCat("experience \"", text, "\": bad range"));
    }
  }
  const bool in_years = absl::ConsumePrefix(&rest, "年") || absl::ConsumePrefix(&rest, "years") ||
                        absl::ConsumePrefix(&rest, "year") || absl::ConsumePrefix(&rest, "y");
  absl::ConsumePrefix(&rest, "工作");
  absl::ConsumePrefix(&rest, "经验");
  bool below = false;
  if (absl::ConsumePrefix(&rest, "以下") || absl::ConsumePrefix(&rest, "以内")) {
    below = true;
  } else {
    absl::ConsumePrefix(&rest, "及以上") || absl::ConsumePrefix(&rest, "以上") ||
        absl::ConsumePrefix(&rest, "+");
  }
  absl::ConsumePrefix(&rest, "工作");
  absl::ConsumePrefix(&rest, "经验");
  // "2年以上相关经验", "五年以上A2驾龄": words after the years say of what.
  if (in_years && !rest.empty() && !absl::ascii_isdigit(rest[0]) && rest[0] != '-' &&
      rest[0] != '~') {
    rest = "";
  }
  if (!rest.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("experience \"", text, "\": cannot read \"", rest, "\""));
  }
  // "1年以下" asks for less than a year: no minimum.
  out.min_years = below ? 0 : years;
  return out;
}

absl::StatusOr<int> ParseHeadcount(absl::string_view text, int unspecified) {
  // "3人(男女不限)": a parenthesised note says nothing of the count.
  std::string folded;
  int depth = 0;
  for (char c : FoldCompact(text)) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0) {
      folded.push_back(c);
    }
  }
  absl::string_view s = folded;
  if (absl::StartsWith(s, "-")) {
    return absl::InvalidArgumentError(absl::StrCat("headcount \"", text, "\": negative"));
  }
  if (IsNoRequirement(s) || absl::StrContains(s, "若干") || absl::StrContains(s, "不限") ||
      absl::StrContains(s, "多名") || absl::StrContains(s, "数名") ||
      absl::StrContains(s, "多人") || absl::StrContains(s, "数人") ||
      absl::StrContains(s, "大量") || s == "n") {
    return unspecified;
  }
  // Every count in the text, with whether a unit follows it and whether a
  // range separator joins it to the next: "急招20名", "3人(男女不限)",
  // "男3名 女2名", "10人-20人", "40人 长期", "20人人" (a doubled unit).
  struct Count {
    int value;
    bool unit = false;
    bool range_to_next = false;
  };
  std::vector<Count> counts;
  while (!s.empty()) {
    {
      absl::string_view rest = s;
      const int n = ReadCount(&rest);
      if (n >= 0) {
        s = rest;
        counts.push_back({n});
        while (absl::ConsumePrefix(&s, "人") || absl::ConsumePrefix(&s, "名") ||
               absl::ConsumePrefix(&s, "个") || absl::ConsumePrefix(&s, "位")) {
          counts.back().unit = true;
        }
        counts.back().range_to_next =
            absl::ConsumePrefix(&s, "-") || absl::ConsumePrefix(&s, "~") ||
            absl::ConsumePrefix(&s, "至") || absl::ConsumePrefix(&s, "到");
        continue;
      }
    }
    s.remove_prefix(std::min(s.size(), SplitCodePoints(s.substr(0, 4))[0].size()));
  }
  int n = -1;
  for (size_t i = 0; i + 1 < counts.size() && n < 0; ++i) {
    // A range: the upper end (the employer takes up to that many).
    if (counts[i].range_to_next && counts[i + 1].value >= counts[i].value) n = counts[i + 1].value;
  }
  if (n < 0 && counts.size() == 1) n = counts[0].value;
  if (n < 0 && counts.size() > 1) {
    // "男3名 女2名": the counts with a unit add up.
    int sum = 0;
    for (const Count& c : counts) sum += c.unit ? c.value : 0;
    if (sum > 0) n = sum;
  }
  // "男女各5人": each of two.
  if (n >= 0 && counts.size() == 1 && absl::StrContains(folded, "男女各")) n *= 2;
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("headcount \"", text, "\": not a number"));
  }
  if (n < 1 || n > 100'000) {
    return absl::InvalidArgumentError(absl::StrCat("headcount \"", text, "\": must be 1-100000"));
  }
  return n;
}

absl::StatusOr<AgeRange> ParseAgeRange(absl::string_view text) {
  const std::string folded = FoldCompact(text);
  absl::string_view s = folded;
  AgeRange out;
  if (IsNoRequirement(s) || absl::StrContains(s, "不限")) return out;
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("age \"", text, "\": ", why));
  };
  absl::ConsumePrefix(&s, "年龄");
  absl::ConsumePrefix(&s, ":");
  const int first = ReadCount(&s);
  if (first < 0) return bad("no age");
  int second = -1;
  absl::ConsumePrefix(&s, "周岁") || absl::ConsumePrefix(&s, "岁");
  if (absl::ConsumePrefix(&s, "-") || absl::ConsumePrefix(&s, "~") ||
      absl::ConsumePrefix(&s, "至") || absl::ConsumePrefix(&s, "到")) {
    second = ReadCount(&s);
    if (second < first) return bad("bad range");
  }
  absl::ConsumePrefix(&s, "周岁") || absl::ConsumePrefix(&s, "岁");
  if (second >= 0) {
    out.min_age = first;
    out.max_age = second;
  } else if (absl::ConsumePrefix(&s, "以下") || absl::ConsumePrefix(&s, "以内")) {
    out.max_age = first;
  } else if (absl::ConsumePrefix(&s, "及以上") || absl::ConsumePrefix(&s, "以上")) {
    out.min_age = first;
  } else {
    return bad("a single age is not a range");
  }
  if (!s.empty()) return bad("cannot read the end");
  for (int a : {out.min_age, out.max_age}) {
    if (a != 0 && (a < 16 || a > 70)) return bad("ages must be 16-70");
  }
  return out;
}

std::vector<Benefit> ParseBenefits(absl::string_view text) {
  struct Rule {
    absl::string_view word;
    Benefit first;
    Benefit second;  // UNSPECIFIED when the word names one benefit
  };
  using jobmatch::v1::BENEFIT_UNSPECIFIED;
  static constexpr Rule kRules[] = {
      {"包吃住", jobmatch::v1::BENEFIT_MEALS, jobmatch::v1::BENEFIT_LODGING},
      {"包食宿", jobmatch::v1::BENEFIT_MEALS, jobmatch::v1::BENEFIT_LODGING},
      {"提供食宿", jobmatch::v1::BENEFIT_MEALS, jobmatch::v1::BENEFIT_LODGING},
      {"包吃", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"包餐", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"包三餐", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"工作餐", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"餐补", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"饭补", jobmatch::v1::BENEFIT_MEALS, BENEFIT_UNSPECIFIED},
      {"包住", jobmatch::v1::BENEFIT_LODGING, BENEFIT_UNSPECIFIED},
      {"住宿", jobmatch::v1::BENEFIT_LODGING, BENEFIT_UNSPECIFIED},
      {"宿舍", jobmatch::v1::BENEFIT_LODGING, BENEFIT_UNSPECIFIED},
      {"五险一金", jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, jobmatch::v1::BENEFIT_HOUSING_FUND},
      {"六险一金", jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, jobmatch::v1::BENEFIT_HOUSING_FUND},
      {"五险", jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, BENEFIT_UNSPECIFIED},
      {"社保", jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, BENEFIT_UNSPECIFIED},
      {"社会保险", jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, BENEFIT_UNSPECIFIED},
      {"公积金", jobmatch::v1::BENEFIT_HOUSING_FUND, BENEFIT_UNSPECIFIED},
      {"交通补", jobmatch::v1::BENEFIT_TRANSPORT, BENEFIT_UNSPECIFIED},
      {"车补", jobmatch::v1::BENEFIT_TRANSPORT, BENEFIT_UNSPECIFIED},
      {"班车", jobmatch::v1::BENEFIT_TRANSPORT, BENEFIT_UNSPECIFIED},
      {"带薪年假", jobmatch::v1::BENEFIT_PAID_LEAVE, BENEFIT_UNSPECIFIED},
      {"年假", jobmatch::v1::BENEFIT_PAID_LEAVE, BENEFIT_UNSPECIFIED},
      {"带薪休假", jobmatch::v1::BENEFIT_PAID_LEAVE, BENEFIT_UNSPECIFIED},
      {"培训", jobmatch::v1::BENEFIT_TRAINING, BENEFIT_UNSPECIFIED},
      {"年终奖", jobmatch::v1::BENEFIT_BONUS, BENEFIT_UNSPECIFIED},
      {"13薪", jobmatch::v1::BENEFIT_BONUS, BENEFIT_UNSPECIFIED},
      {"十三薪", jobmatch::v1::BENEFIT_BONUS, BENEFIT_UNSPECIFIED},
      {"奖金", jobmatch::v1::BENEFIT_BONUS, BENEFIT_UNSPECIFIED},
  };
  const std::string folded = FoldCompact(text);
  const absl::string_view s = folded;
  bool found[jobmatch::v1::Benefit_ARRAYSIZE] = {};
  for (const Rule& r : kRules) {
    for (size_t pos = s.find(r.word); pos != absl::string_view::npos;
         pos = s.find(r.word, pos + r.word.size())) {
      // "不包住", "无五险": the word is negated.
      const absl::string_view before = s.substr(0, pos);
      if (absl::EndsWith(before, "不") || absl::EndsWith(before, "无") ||
          absl::EndsWith(before, "没有")) {
        continue;
      }
      found[r.first] = true;
      if (r.second != BENEFIT_UNSPECIFIED) found[r.second] = true;
    }
  }
  std::vector<Benefit> out;
  for (int b = 1; b < jobmatch::v1::Benefit_ARRAYSIZE; ++b) {
    if (found[b]) out.push_back(static_cast<Benefit>(b));
  }
  return out;
}

}  // namespace jobmatch::import
