#include "clients/jobctl/format.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/jobctl/cli.h"

namespace jobmatch::jobctl {
namespace {

// Decodes one UTF-8 code point at `i`, advancing it; invalid bytes count as one.
char32_t Next(absl::string_view s, size_t* i) {
  const unsigned char c = s[*i];
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (*i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += len;
  return cp;
}

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

void AppendLine(std::string* out, const std::vector<std::string>& cells,
                const std::vector<int>& widths) {
  std::string line;
  for (size_t c = 0; c < widths.size(); ++c) {
    const std::string cell = c < cells.size() ? cells[c] : "";
    absl::StrAppend(&line, cell);
    if (c + 1 < widths.size()) line.append(widths[c] - DisplayWidth(cell) + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  absl::StrAppend(out, line, "\n");
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) width += IsWide(Next(text, &i)) ? 2 : 1;
  return width;
}

std::string Table::Render() const {
  std::vector<int> widths(headers_.size(), 0);
  for (size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  std::string out;
  AppendLine(&out, headers_, widths);
  for (const auto& row : rows_) AppendLine(&out, row, widths);
  return out;
}

std::string ToJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // Printing a well-formed message cannot fail; an empty object stands in if it does.
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json = "{}";
  return json + "\n";
}

absl::StatusOr<int> ParseEnum(const google::protobuf::EnumDescriptor* type,
                              absl::string_view prefix, absl::string_view text,
                              absl::string_view flag) {
  std::string name = absl::AsciiStrToUpper(text);
  if (name.rfind(std::string(prefix), 0) != 0) name = absl::StrCat(prefix, name);
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(name);
  if (value != nullptr && value->number() != 0) return value->number();
  std::vector<std::string> names;
  for (int i = 1; i < type->value_count(); ++i) {
    names.push_back(type->value(i)->name().substr(prefix.size()));
  }
  return UsageError(
      absl::StrCat("--", flag, ": \"", text, "\" is not one of ", absl::StrJoin(names, ", ")));
}

std::string EnumName(const google::protobuf::EnumDescriptor* type, absl::string_view prefix,
                     int value) {
  const google::protobuf::EnumValueDescriptor* v = type->FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  if (value == 0) return "";
  absl::string_view name = v->name();
  if (name.substr(0, prefix.size()) == prefix) name.remove_prefix(prefix.size());
  return std::string(name);
}

std::string SalaryText(const jobmatch::v1::SalaryRange& salary) {
  if (salary.negotiable()) return "面议";
  const int lo = salary.min_monthly_cny();
  const int hi = salary.max_monthly_cny();
  if (lo > 0 && hi > 0) return lo == hi ? absl::StrCat(lo) : absl::StrCat(lo, "-", hi);
  if (lo > 0) return absl::StrCat("≥", lo);
  if (hi > 0) return absl::StrCat("≤", hi);
  return "";
}

std::string Decimal(double value) { return absl::StrFormat("%.1f", value); }

std::string ChinaTime(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(t.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

std::string ReasonsText(const google::protobuf::RepeatedPtrField<jobmatch::v1::Reason>& reasons) {
  std::vector<std::string> texts;
  for (const auto& r : reasons) {
    if (!r.text().empty()) texts.push_back(r.text());
  }
  return absl::StrJoin(texts, "；");
}

std::string GroupsText(const google::protobuf::RepeatedField<int>& groups) {
  std::vector<std::string> names;
  for (int g : groups)
    names.push_back(EnumName(jobmatch::v1::KeyGroup_descriptor(), "KEY_GROUP_", g));
  return absl::StrJoin(names, ",");
}

std::string RefusedRowText(
    const std::string& path, const std::vector<int>& lines, int index,
    const google::protobuf::RepeatedPtrField<google::rpc::BadRequest::FieldViolation>& violations) {
  const int line = index >= 0 && index < static_cast<int>(lines.size()) ? lines[index] : 0;
  std::string text = absl::StrCat(path, ": line ", line, ": refused:");
  for (const auto& v : violations)
    absl::StrAppend(&text, " ", v.field(), ": ", v.description(), ";");
  return text;
}

}  // namespace jobmatch::jobctl
