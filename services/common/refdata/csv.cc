#include "services/common/refdata/csv.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jobmatch::refdata::internal {
namespace {

// Splits one record starting at `pos`; advances `pos` past its line end.
absl::StatusOr<std::vector<std::string>> ParseRecord(const std::string& text, size_t& pos) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c != '"') {
        field.push_back(c);
      } else if (pos < text.size() && text[pos] == '"') {
        field.push_back('"');
        ++pos;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (quoted) return absl::InvalidArgumentError("unterminated quote");
  fields.push_back(std::move(field));
  return fields;
}

}  // namespace

absl::StatusOr<size_t> CsvTable::Column(absl::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return absl::NotFoundError(absl::StrCat(path, ": no column '", name, "'"));
}

absl::StatusOr<CsvTable> ReadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  CsvTable table;
  table.path = path;
  size_t pos = 0;
  for (int line = 1; pos < text.size(); ++line) {
    absl::StatusOr<std::vector<std::string>> record = ParseRecord(text, pos);
    if (!record.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line, ": ", record.status().message()));
    }
    if (record->size() == 1 && (*record)[0].empty()) continue;  // blank line
    if (table.header.empty()) {
      table.header = std::move(*record);
      if (!table.header.empty() &&
          absl::string_view(table.header[0]).substr(0, 3) == "\xEF\xBB\xBF") {
        table.header[0].erase(0, 3);  // a byte-order mark from a spreadsheet
      }
      continue;
    }
    if (record->size() != table.header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": ", record->size(),
                                                     " fields, header has ", table.header.size()));
    }
    table.rows.push_back(std::move(*record));
  }
  if (table.header.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty"));
  return table;
}

}  // namespace jobmatch::refdata::internal
