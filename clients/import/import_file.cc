#include "clients/import/import_file.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/import/columns.h"
#include "clients/import/csv.h"
#include "clients/import/json_line.h"
#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

constexpr absl::string_view kNotUtf8 =
    "not UTF-8 text (a GBK file? convert it: iconv -f GBK -t UTF-8)";

// Sorts rows into posts and reports; shared by both formats.
class RowSink {
 public:
  RowSink(const ImportOptions& options, ImportResult* result)
      : options_(options),
        reference_(options.reference != nullptr ? *options.reference : DefaultReference()),
        result_(result) {}

  void Malformed(int line, absl::string_view reason) {
    ++result_->rows_read;
    Report(line, RowProblem::kMalformed, "", {{"", "", std::string(reason)}});
  }

  // `header_like`: every non-empty cell is a header word.
  void Add(const RawRow& row, bool header_like) {
    ++result_->rows_read;
    const std::string& external_id = row.cell(Column::kExternalId);
    if (header_like) {
      Report(row.line, RowProblem::kRepeatedHeader, "", {{"", "", "a repeated header line"}});
      return;
    }
    // Keyed by content, two rows differing only in their ids are one post.
    const auto [seen, inserted] =
        seen_content_.emplace(RowContentKey(row, !options_.normalise.key_by_content), row.line);
    if (!inserted) {
      Report(row.line, RowProblem::kDuplicate, external_id,
             {{"", "", absl::StrCat("same content as line ", seen->second)}});
      return;
    }
    ImportedPost post;
    std::vector<RowIssue> issues = NormaliseRow(row, reference_, options_.normalise, &post);
    if (!issues.empty()) {
      Report(row.line, RowProblem::kInvalid, external_id, std::move(issues));
      return;
    }
    const auto [first, fresh] = seen_ids_.emplace(post.post.external_id(), row.line);
    if (!fresh) {
      Report(row.line, RowProblem::kDuplicateExternalId, external_id,
             {{"external_id", external_id,
               absl::StrCat("line ", first->second, " has this id with other content")}});
      return;
    }
    result_->posts.push_back(std::move(post));
  }

 private:
  void Report(int line, RowProblem problem, absl::string_view external_id,
              std::vector<RowIssue> issues) {
    result_->reports.push_back({line, problem, std::string(external_id), std::move(issues)});
  }

  const ImportOptions& options_;
  const Reference& reference_;
  ImportResult* result_;
  absl::flat_hash_map<std::string, int> seen_content_;
  absl::flat_hash_map<std::string, int> seen_ids_;
};

bool IsBlank(const std::vector<std::string>& cells) {
  for (const std::string& c : cells) {
    if (!absl::StripAsciiWhitespace(c).empty()) return false;
  }
  return true;
}

// A copy of the header: at least two of the row's known columns hold a word
// naming that very column, and none holds anything else.
bool LooksLikeHeader(const RawRow& row) {
  int named = 0;
  for (int c = 1; c < kColumnCount; ++c) {
    if (absl::StripAsciiWhitespace(row.cells[c]).empty()) continue;
    if (ColumnForHeader(row.cells[c]) != static_cast<Column>(c)) return false;
    ++named;
  }
  return named >= 2;
}

absl::StatusOr<ImportResult> ImportCsv(absl::string_view data, const ImportOptions& options) {
  ImportResult result;
  std::vector<CsvRecord> records = ParseCsv(data);
  size_t k = 0;
  while (k < records.size() && records[k].error.empty() && IsBlank(records[k].fields)) ++k;
  if (k == records.size()) return absl::InvalidArgumentError("the file has no header line");
  const CsvRecord& header = records[k];
  if (!header.error.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("header line: ", header.error));
  }
  for (const std::string& f : header.fields) {
    if (!IsValidUtf8(f)) return absl::InvalidArgumentError(kNotUtf8);
  }
  std::vector<Column> columns;
  bool used[kColumnCount] = {};
  for (const std::string& name : header.fields) {
    Column c = ColumnForHeader(name);
    if (c != Column::kUnknown && used[static_cast<int>(c)]) c = Column::kUnknown;
    if (c == Column::kUnknown && !absl::StripAsciiWhitespace(name).empty()) {
      result.ignored_columns.push_back(std::string(absl::StripAsciiWhitespace(name)));
    }
    used[static_cast<int>(c)] = true;
    columns.push_back(c);
  }
  if (!used[static_cast<int>(Column::kTitle)]) {
    return absl::InvalidArgumentError(
        absl::StrCat("no title column (岗位名称/title/职位) in the header: ",
                     absl::StrJoin(header.fields, ",")));
  }

  RowSink sink(options, &result);
  for (++k; k < records.size(); ++k) {
    const CsvRecord& rec = records[k];
    if (!rec.error.empty()) {
      sink.Malformed(rec.line, rec.error);
      continue;
    }
    if (IsBlank(rec.fields)) continue;
    bool utf8 = true;
    for (const std::string& f : rec.fields) utf8 = utf8 && IsValidUtf8(f);
    if (!utf8) {
      sink.Malformed(rec.line, kNotUtf8);
      continue;
    }
    // RFC 4180: every line has the header's fields. More means an unquoted
    // comma shifted the row (fewer is read as empty trailing cells).
    if (rec.fields.size() > columns.size()) {
      sink.Malformed(rec.line, absl::StrCat(rec.fields.size(), " fields but the header has ",
                                            columns.size(), " (an unquoted comma?)"));
      continue;
    }
    RawRow row;
    row.line = rec.line;
    for (size_t i = 0; i < rec.fields.size() && i < columns.size(); ++i) {
      if (columns[i] != Column::kUnknown) row.cells[static_cast<int>(columns[i])] = rec.fields[i];
    }
    sink.Add(row, LooksLikeHeader(row));
  }
  return result;
}

absl::StatusOr<ImportResult> ImportJsonl(absl::string_view data, const ImportOptions& options) {
  ImportResult result;
  RowSink sink(options, &result);
  absl::flat_hash_map<std::string, bool> ignored;
  int line = 0;
  for (absl::string_view text : absl::StrSplit(StripBom(data), '\n')) {
    ++line;
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    if (!IsValidUtf8(text)) {
      sink.Malformed(line, kNotUtf8);
      continue;
    }
    auto fields = ParseFlatJsonObject(text);
    if (!fields.ok()) {
      sink.Malformed(line, fields.status().message());
      continue;
    }
    RawRow row;
    row.line = line;
    bool any = false;
    for (const auto& [key, value] : *fields) {
      const Column c = ColumnForHeader(key);
      if (c == Column::kUnknown) {
        if (ignored.emplace(key, true).second) result.ignored_columns.push_back(key);
        continue;
      }
      row.cells[static_cast<int>(c)] = value;
      any = any || !absl::StripAsciiWhitespace(value).empty();
    }
    if (!any) {
      sink.Malformed(line, "no known field has a value");
      continue;
    }
    sink.Add(row, LooksLikeHeader(row));
  }
  return result;
}

}  // namespace

absl::string_view RowProblemName(RowProblem problem) {
  switch (problem) {
    case RowProblem::kInvalid:
      return "invalid";
    case RowProblem::kMalformed:
      return "malformed";
    case RowProblem::kRepeatedHeader:
      return "repeated header";
    case RowProblem::kDuplicate:
      return "duplicate";
    case RowProblem::kDuplicateExternalId:
      return "duplicate external id";
  }
  return "invalid";
}

std::string RowReport::Reason() const {
  if (problem != RowProblem::kInvalid || issues.empty()) {
    return std::string(RowProblemName(problem));
  }
  // "outside the platform's area: 江苏省..." -> "outside the platform's area".
  const RowIssue& first = issues.front();
  const absl::string_view reason = first.reason;
  const absl::string_view head = reason.substr(0, reason.find(": "));
  return first.field.empty() ? std::string(head) : absl::StrCat(first.field, ": ", head);
}

std::string RowReport::ToString() const {
  std::string out = absl::StrCat("line ", line, ": ", RowProblemName(problem));
  if (!external_id.empty()) absl::StrAppend(&out, " [", external_id, "]");
  absl::StrAppend(&out, ":");
  for (size_t i = 0; i < issues.size(); ++i) {
    const RowIssue& issue = issues[i];
    absl::StrAppend(&out, i == 0 ? " " : "; ");
    if (!issue.field.empty()) {
      absl::StrAppend(&out, issue.field, " \"", issue.value, "\": ");
    }
    absl::StrAppend(&out, issue.reason);
  }
  return out;
}

absl::StatusOr<ImportResult> ImportText(absl::string_view data, FileFormat format,
                                        const ImportOptions& options) {
  absl::StatusOr<ImportResult> result;
  switch (format) {
    case FileFormat::kCsv:
      result = ImportCsv(data, options);
      break;
    case FileFormat::kJsonl:
      result = ImportJsonl(data, options);
      break;
    case FileFormat::kAuto:
      return absl::InvalidArgumentError("ImportText needs an explicit format");
  }
  // An export that went wrong often leaves just the header: say so, loudly.
  if (result.ok() && result->rows_read == 0) {
    return absl::InvalidArgumentError(
        format == FileFormat::kCsv ? "the file has a header but no rows" : "the file has no rows");
  }
  return result;
}

absl::StatusOr<ImportResult> ImportFile(const std::string& path, const ImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  FileFormat format = options.format;
  if (format == FileFormat::kAuto) {
    const std::string lower = absl::AsciiStrToLower(path);
    format = absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson") ||
                     absl::EndsWith(lower, ".json")
                 ? FileFormat::kJsonl
                 : FileFormat::kCsv;
  }
  return ImportText(buffer.str(), format, options);
}

}  // namespace jobmatch::import
