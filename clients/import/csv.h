// An RFC 4180 CSV reader: comma-separated, fields optionally in double quotes,
// "" for a quote inside a quoted field, quoted fields may span lines, CRLF or
// LF line ends, an optional UTF-8 byte-order mark. Lenient where files in the
// wild are: a quote inside an unquoted field is kept as a character.
#ifndef JOBMATCH_CLIENTS_IMPORT_CSV_H_
#define JOBMATCH_CLIENTS_IMPORT_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jobmatch::import {

struct CsvRecord {
  int line = 0;                     // 1-based line where the record starts
  std::vector<std::string> fields;  // as written, unquoted
  std::string error;                // non-empty: the record is malformed (fields partial)
};

// Every record of `data`, in order. Empty lines yield no record. A malformed
// record (text after a closing quote, a quote never closed) carries `error`;
// reading resumes at the next line so one bad row does not hide the rest.
std::vector<CsvRecord> ParseCsv(absl::string_view data);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_CSV_H_
