// Minimal RFC 4180 CSV: quoted fields may hold commas, quotes and newlines.
#ifndef JOBMATCH_MATCHER_PLANNING_CSV_H_
#define JOBMATCH_MATCHER_PLANNING_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::planning {

using CsvRow = std::vector<std::string>;

// Every record of `text`, header included; blank lines are skipped.
// INVALID_ARGUMENT on an unterminated quote.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text);

// One record with a trailing newline, quoting fields that need it.
std::string CsvLine(const CsvRow& fields);

absl::StatusOr<std::string> ReadFileToString(const std::string& path);
absl::Status WriteStringToFile(const std::string& path, absl::string_view text);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_CSV_H_
