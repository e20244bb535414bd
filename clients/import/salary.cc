#include "clients/import/salary.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

enum class Tok { kUnit, kSep, kPeriod, kMonthsPay, kOpenUp, kOpenDown, kNegotiable, kIgnore };
enum class Period { kMonth, kYear, kDay, kHour, kWeek };

struct Word {
  absl::string_view text;
  Tok tok;
  int64_t value;  // unit multiplier or Period
};

constexpr Word kWords[] = {
    {"元", Tok::kUnit, 1},
    {"块", Tok::kUnit, 1},
    {"百", Tok::kUnit, 100},
    {"千", Tok::kUnit, 1000},
    {"k", Tok::kUnit, 1000},
    {"万", Tok::kUnit, 10000},
    {"w", Tok::kUnit, 10000},
    {"-", Tok::kSep, 0},
    {"~", Tok::kSep, 0},
    {"至", Tok::kSep, 0},
    {"到", Tok::kSep, 0},
    {"小时", Tok::kPeriod, int(Period::kHour)},
    {"时", Tok::kPeriod, int(Period::kHour)},
    {"个月", Tok::kPeriod, int(Period::kMonth)},
    {"月", Tok::kPeriod, int(Period::kMonth)},
    {"年", Tok::kPeriod, int(Period::kYear)},
    {"天", Tok::kPeriod, int(Period::kDay)},
    {"日", Tok::kPeriod, int(Period::kDay)},
    {"周", Tok::kPeriod, int(Period::kWeek)},
    {"薪", Tok::kMonthsPay, 0},
    {"及以上", Tok::kOpenUp, 0},
    {"以上", Tok::kOpenUp, 0},
    {"起", Tok::kOpenUp, 0},
    {"以下", Tok::kOpenDown, 0},
    {"以内", Tok::kOpenDown, 0},
    {"面议", Tok::kNegotiable, 0},
    {"可议", Tok::kNegotiable, 0},
    {"negotiable", Tok::kNegotiable, 0},
    {"可面议", Tok::kNegotiable, 0},
    {"日结", Tok::kPeriod, int(Period::kDay)},
    {"面谈", Tok::kNegotiable, 0},
    {"协商", Tok::kNegotiable, 0},
    {"保底", Tok::kIgnore, 0},
    {"上下", Tok::kIgnore, 0},
    {"/", Tok::kIgnore, 0},
    {"每", Tok::kIgnore, 0},
    {"·", Tok::kIgnore, 0},
    {"*", Tok::kIgnore, 0},
    {"x", Tok::kIgnore, 0},
    {"×", Tok::kIgnore, 0},
    {"¥", Tok::kIgnore, 0},
    {"￥", Tok::kIgnore, 0},
    {"人民币", Tok::kIgnore, 0},
    {"rmb", Tok::kIgnore, 0},
    {"cny", Tok::kIgnore, 0},
    {"税前", Tok::kIgnore, 0},
    {"底薪", Tok::kIgnore, 0},
    {"工资", Tok::kIgnore, 0},
    {"薪资", Tok::kIgnore, 0},
    {"薪酬", Tok::kIgnore, 0},
    {"待遇", Tok::kIgnore, 0},
    {"综合", Tok::kIgnore, 0},
    {"左右", Tok::kIgnore, 0},
    {"约", Tok::kIgnore, 0},
    {":", Tok::kIgnore, 0},
    {",", Tok::kIgnore, 0},
};

struct Amount {
  int64_t mantissa = 0;  // the digits without the decimal point
  int scale = 0;         // digits after the decimal point
  int64_t unit = 0;      // 0 until a unit word follows
};

// Drops "(...)", "[...]", "【...】" notes.
std::string DropNotes(absl::string_view s) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '(' || s[i] == '[') {
      ++depth, ++i;
    } else if (s.substr(i, 3) == "【") {
      ++depth, i += 3;
    } else if ((s[i] == ')' || s[i] == ']') && depth > 0) {
      --depth, ++i;
    } else if (s.substr(i, 3) == "】" && depth > 0) {
      --depth, i += 3;
    } else {
      if (depth == 0) out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

// Rounds num/den (both positive) half up.
int64_t RoundHalfUp(int64_t num, int64_t den) { return (2 * num + den) / (2 * den); }

absl::Status Bad(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("salary \"", text, "\": ", why));
}

}  // namespace

absl::StatusOr<ParsedSalary> ParseSalary(absl::string_view text) {
  ParsedSalary out;
  const std::string original(absl::StripAsciiWhitespace(text));
  out.range.set_original_text(original);
  const std::string s = DropNotes(FoldCompact(original));

  std::vector<Amount> amounts;
  Period period = Period::kMonth;
  int64_t months_pay = 12;
  bool open_up = false, open_down = false, negotiable = false, seps = false;
  bool after_number = false;  // the previous token was a bare number
  bool period_named = false;  // a period word other than 日结 was read
  std::string skipped;        // words before the first amount that were not read
  for (size_t i = 0; i < s.size();) {
    if (absl::ascii_isdigit(s[i]) ||
        (s[i] == '.' && i + 1 < s.size() && absl::ascii_isdigit(s[i + 1]))) {
      Amount a;
      bool point = false;
      int digits = 0;
      for (; i < s.size() && (absl::ascii_isdigit(s[i]) || (s[i] == '.' && !point)); ++i) {
        if (s[i] == '.') {
          point = true;
          continue;
        }
        if (++digits > 12) return Bad(original, "number too long");
        a.mantissa = a.mantissa * 10 + (s[i] - '0');
        if (point) ++a.scale;
      }
      amounts.push_back(a);
      after_number = true;
      continue;
    }
    if (s[i] == '+') {
      // "8000+" and "8000+/月" are open-ended, and so is a single amount plus
      // something ("底薪3000+提成"): pay starts there. A range plus something
      // ("2000-3000+提成") keeps its range. What follows goes to `trailing`.
      absl::string_view rest = absl::string_view(s).substr(i + 1);
      if (rest.empty() || rest[0] == '/' || rest.substr(0, 3) == "月") {
        open_up = true;
        ++i;
        continue;
      }
      if (amounts.size() == 1 && !seps) open_up = true;
      out.trailing = std::string(rest);
      break;
    }
    const Word* match = nullptr;
    for (const Word& w : kWords) {  // the longest word wins: 薪资 over 薪
      if (absl::string_view(s).substr(i, w.text.size()) == w.text &&
          (match == nullptr || w.text.size() > match->text.size())) {
        match = &w;
      }
    }
    if (match == nullptr) {
      // "4000-6000元/月 包吃住": words after the amount are for the caller.
      if ((!amounts.empty() && !(seps && amounts.size() == 1)) || negotiable) {
        out.trailing = s.substr(i);
        break;
      }
      // "计件，平均6000-9000": words before the amount are passed over.
      const std::string skip = SplitCodePoints(s.substr(i, 4))[0];
      if (skipped.empty()) skipped = skip;
      i += skip.size();
      continue;
    }
    i += match->text.size();
    const bool number_before = after_number;
    after_number = false;
    switch (match->tok) {
      case Tok::kUnit:
        if (amounts.empty() || amounts.back().unit != 0) return Bad(original, "misplaced unit");
        amounts.back().unit = match->value;
        break;
      case Tok::kSep:
        if (amounts.size() != 1 || seps) return Bad(original, "misplaced range separator");
        seps = true;
        break;
      case Tok::kPeriod:
        // "20元/小时 日结": paid daily, but the rate is per hour.
        if (match->text == "日结" && period_named) break;
        period_named = period_named || match->text != "日结";
        period = static_cast<Period>(match->value);
        break;
      case Tok::kMonthsPay:
        // "13薪" counts months of pay; the 薪 of "月薪"/"年薪" is just a word.
        if (number_before && amounts.back().scale == 0) {
          months_pay = amounts.back().mantissa;
          amounts.pop_back();
          if (months_pay < 12 || months_pay > 24) {
            return Bad(original, "months of pay must be 12-24");
          }
        }
        break;
      case Tok::kOpenUp:
        open_up = true;
        break;
      case Tok::kOpenDown:
        open_down = true;
        break;
      case Tok::kNegotiable:
        negotiable = true;
        break;
      case Tok::kIgnore:
        break;
    }
  }

  if (amounts.empty()) {
    if (negotiable || s.empty()) {
      out.range.set_negotiable(true);
      return out;
    }
    if (!skipped.empty()) return Bad(original, absl::StrCat("cannot read \"", skipped, "\""));
    return Bad(original, "no amount");
  }
  if (amounts.size() > 2) return Bad(original, "more than two amounts");
  if (seps != (amounts.size() == 2)) return Bad(original, "incomplete range");
  if (open_up && open_down) return Bad(original, "both 以上 and 以下");
  if ((open_up || open_down) && amounts.size() == 2) {
    return Bad(original, "a range cannot also be open-ended");
  }
  // A unit written once covers both ends: "0.6-1万", "3000-5000元", "5k-8".
  if (amounts.size() == 2) {
    if (amounts[0].unit == 0) amounts[0].unit = amounts[1].unit;
    if (amounts[1].unit == 0) amounts[1].unit = amounts[0].unit;
  }

  // Monthly yuan = mantissa * unit / 10^scale * period_num / period_den * months_pay / 12.
  int64_t period_num = 1, period_den = 1;
  switch (period) {
    case Period::kMonth:
      break;
    case Period::kYear:
      period_den = 12;
      break;
    case Period::kDay:  // x 21.75
      period_num = 87, period_den = 4;
      break;
    case Period::kHour:  // x 8 x 21.75
      period_num = 174;
      break;
    case Period::kWeek:
      period_num = 52, period_den = 12;
      break;
  }
  int64_t monthly[2] = {0, 0};
  for (size_t k = 0; k < amounts.size(); ++k) {
    const Amount& a = amounts[k];
    int64_t den = period_den * 12;
    for (int d = 0; d < a.scale; ++d) den *= 10;
    const int64_t unit = a.unit == 0 ? 1 : a.unit;
    // mantissa < 10^12 and the factors stay small, but guard the product anyway.
    if (a.mantissa > INT64_MAX / (unit * period_num * months_pay)) {
      return Bad(original, "amount too large");
    }
    monthly[k] = RoundHalfUp(a.mantissa * unit * period_num * months_pay, den);
  }
  if (amounts.size() == 1) monthly[1] = monthly[0];
  for (int64_t m : {monthly[0], monthly[1]}) {
    if (m < 100) return Bad(original, "under 100 yuan a month (unit missing?)");
    if (m > 10'000'000) return Bad(original, "over 10,000,000 yuan a month");
  }
  if (monthly[0] > monthly[1]) return Bad(original, "minimum above maximum");
  out.range.set_min_monthly_cny(open_down ? 0 : static_cast<int32_t>(monthly[0]));
  out.range.set_max_monthly_cny(open_up ? 0 : static_cast<int32_t>(monthly[1]));
  out.thirteenth_month = months_pay > 12;
  return out;
}

}  // namespace jobmatch::import
