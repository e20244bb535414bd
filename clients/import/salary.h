// Salary text as job boards write it -> a monthly CNY range.
//
// Accepted forms (full-width digits and separators fold first):
//   "3000-5000元/月", "3000~5000", "3000至5000", "0.6-1万/月", "4.5-6千/月",
//   "7-14万/年", "300-330元/天", "150元/小时", "25-35K·13薪", "8000以上",
//   "8000元起", "3000以下", "3000元/月", "月薪3000", "时薪20元", "日结200元",
//   "面议", "3000-5000元/月，可面议" (a range with 面议 keeps the range).
// Conversion to a month, exact in rational arithmetic, then rounded half up
// to whole yuan, each end on its own:
//   per year   ÷ 12
//   per day    × 21.75 (the statutory average of paid working days a month,
//              人社部发〔2008〕3号)
//   per hour   × 8 × 21.75 = × 174 (an 8-hour statutory working day)
//   per week   × 52 / 12
//   "N薪"      × N / 12 (N months' pay a year; 12 <= N <= 24)
// Units: 元/块 ×1, 百 ×100, 千/K ×1000, 万/W ×10000; a bare number is yuan. A
// unit written once applies to both ends ("0.6-1万"). No period means a month.
// "以上"/"起"/"+" give min only (max 0 = open-ended); "以下"/"以内" give max
// only (min 0). "面议" (or an empty text) with no number is negotiable: no
// range. Parenthesised notes are ignored. Words after the amount ("包吃住",
// "+提成") end the salary and are handed back as `trailing` for the benefits;
// a single amount plus something ("底薪3000+提成") is open-ended. Leading
// words such as 底薪, 综合工资, 月薪 are dropped.
#ifndef JOBMATCH_CLIENTS_IMPORT_SALARY_H_
#define JOBMATCH_CLIENTS_IMPORT_SALARY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jobmatch/v1/common.pb.h"

namespace jobmatch::import {

struct ParsedSalary {
  jobmatch::v1::SalaryRange range;  // original_text is the trimmed source text
  bool thirteenth_month = false;    // an "N薪" with N > 12 was folded in (a bonus)
  // What followed the salary ("包吃住", "提成"), folded; for ParseBenefits.
  std::string trailing;
};

// INVALID_ARGUMENT, saying why, when `text` is not a salary this can read or
// gives a monthly figure under 100 or over 10,000,000 yuan, or min > max.
absl::StatusOr<ParsedSalary> ParseSalary(absl::string_view text);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_SALARY_H_
