// How jobctl shows answers: aligned tables (Chinese characters count as two
// columns, as terminals draw them), protobuf JSON for scripts, and the few
// value formats the tables share.
#ifndef JOBMATCH_CLIENTS_JOBCTL_FORMAT_H_
#define JOBMATCH_CLIENTS_JOBCTL_FORMAT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/rpc/error_details.pb.h"
#include "jobmatch/v1/common.pb.h"
#include "jobmatch/v1/matcher.pb.h"

namespace jobmatch::jobctl {

// Columns a terminal uses for `text` (UTF-8): East Asian wide characters take two.
int DisplayWidth(absl::string_view text);

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t size() const { return rows_.size(); }

  // Headers, then rows; columns separated by two spaces and padded to the
  // widest cell; the last column is not padded; no trailing spaces.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// One line of protobuf JSON with the .proto field names, ending in "\n".
std::string ToJsonLine(const google::protobuf::Message& message);

// An enum value from its short name, case-insensitive ("graduate" with prefix
// "KEY_GROUP_" -> KEY_GROUP_GRADUATE). INVALID_ARGUMENT naming `flag` and
// listing the accepted names otherwise.
absl::StatusOr<int> ParseEnum(const google::protobuf::EnumDescriptor* type,
                              absl::string_view prefix, absl::string_view text,
                              absl::string_view flag);
// The short name ("GRADUATE"); "" for the unspecified value.
std::string EnumName(const google::protobuf::EnumDescriptor* type, absl::string_view prefix,
                     int value);

// "5000-8000", "≥8000", "面议", "" (nothing known).
std::string SalaryText(const jobmatch::v1::SalaryRange& salary);
// "12.3" (one decimal).
std::string Decimal(double value);
// "2026-12-04 18:00:00", in China time (UTC+8), as bureau staff read it.
std::string ChinaTime(const google::protobuf::Timestamp& t);
// Reason texts joined with "；" ("距您家12公里；技能匹配 3/4").
std::string ReasonsText(const google::protobuf::RepeatedPtrField<jobmatch::v1::Reason>& reasons);
// "GRADUATE,GROUP_4050".
std::string GroupsText(const google::protobuf::RepeatedField<int>& groups);

// "FILE: line N: refused: field: why; ..." for row `index` of a batch whose
// rows came from `lines` of the file (0 when the index is out of range).
std::string RefusedRowText(
    const std::string& path, const std::vector<int>& lines, int index,
    const google::protobuf::RepeatedPtrField<google::rpc::BadRequest::FieldViolation>& violations);

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_FORMAT_H_
