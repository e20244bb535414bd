// Reads a postings file as job boards and fairs publish it (CSV or JSONL,
// columns named in Chinese or English) into posts for ImportPostings, and
// reports every row it cannot use with its line number and reason.
//
// Entry point for `jobctl import postings FILE`:
//   auto result = jobmatch::import::ImportFile(path, {});
//   for (const auto& p : result->posts) ...  // send p.post after resolving p.employer_name
//   for (const auto& r : result->reports) std::cerr << r.ToString() << "\n";
#ifndef JOBMATCH_CLIENTS_IMPORT_IMPORT_FILE_H_
#define JOBMATCH_CLIENTS_IMPORT_IMPORT_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/import/normalise.h"
#include "clients/import/reference.h"

namespace jobmatch::import {

enum class FileFormat {
  kAuto,  // from the file name: .jsonl/.ndjson/.json -> JSONL, else CSV
  kCsv,
  kJsonl,  // one flat JSON object per line
};

struct ImportOptions {
  FileFormat format = FileFormat::kAuto;
  NormaliseOptions normalise;
  // Region and occupation tables; nullptr means DefaultReference(). Must
  // outlive the call.
  const Reference* reference = nullptr;
};

enum class RowProblem {
  kInvalid,              // a value cannot be used; see issues
  kMalformed,            // the line itself cannot be read (CSV quoting, JSON, UTF-8)
  kRepeatedHeader,       // a copy of the header line (files concatenated by hand)
  kDuplicate,            // the same content as an earlier row; dropped
  kDuplicateExternalId,  // another row already has this id with other content
};

absl::string_view RowProblemName(RowProblem problem);

struct RowReport {
  int line = 0;  // 1-based line where the row starts
  RowProblem problem = RowProblem::kInvalid;
  std::string external_id;       // when the row had one
  std::vector<RowIssue> issues;  // at least one, saying why
  // "line 7: invalid: salary \"若干\": cannot read \"若\"; region_code ..."
  std::string ToString() const;
  // What the row is counted under in a summary: its first issue's field and
  // reason without the particulars ("region_code: outside the platform's
  // area"), or the problem's name ("duplicate").
  std::string Reason() const;
};

struct ImportResult {
  std::vector<ImportedPost> posts;           // usable rows, in file order
  std::vector<RowReport> reports;            // every row not used, in file order
  std::vector<std::string> ignored_columns;  // header names no column matched
  int rows_read = 0;                         // data rows seen (header and blank lines excluded)
};

// Reads and normalises the file at `path`. NOT_FOUND if it cannot be read;
// INVALID_ARGUMENT if it is not UTF-8, its header names no title column, or
// it has no rows (empty, or a header only).
// Row-level problems never fail the call: they are reported.
absl::StatusOr<ImportResult> ImportFile(const std::string& path, const ImportOptions& options);

// The same for text already in memory; `format` must not be kAuto.
absl::StatusOr<ImportResult> ImportText(absl::string_view data, FileFormat format,
                                        const ImportOptions& options);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_IMPORT_FILE_H_
