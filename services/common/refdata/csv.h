// A minimal reader for the derived reference CSVs (RFC 4180 quoting, a header
// row, UTF-8). Internal to refdata: the tables are small and written by
// deploy/refdata/derive.py, so this favours clear errors over generality.
#ifndef JOBMATCH_SERVICES_COMMON_REFDATA_CSV_H_
#define JOBMATCH_SERVICES_COMMON_REFDATA_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::refdata::internal {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each has header.size() fields

  // Index of column `name` in the header, or NOT_FOUND naming `path`.
  absl::StatusOr<size_t> Column(absl::string_view name) const;
  std::string path;
};

// Reads the whole file. NOT_FOUND if it cannot be opened; INVALID_ARGUMENT
// (with the line number) if a row's field count differs from the header's or
// a quote is unterminated.
absl::StatusOr<CsvTable> ReadCsv(const std::string& path);

}  // namespace jobmatch::refdata::internal

#endif  // JOBMATCH_SERVICES_COMMON_REFDATA_CSV_H_
