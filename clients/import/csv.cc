#include "clients/import/csv.h"

#include "clients/import/text.h"

namespace jobmatch::import {
namespace {

// Skips to just past the next line end at or after `i`; counts the line.
size_t SkipLine(absl::string_view s, size_t i, int* line) {
  while (i < s.size() && s[i] != '\n') ++i;
  if (i < s.size()) {
    ++i;
    ++*line;
  }
  return i;
}

}  // namespace

std::vector<CsvRecord> ParseCsv(absl::string_view data) {
  const absl::string_view s = StripBom(data);
  std::vector<CsvRecord> records;
  int line = 1;
  size_t i = 0;
  while (i < s.size()) {
    CsvRecord rec;
    rec.line = line;
    const size_t record_start = i;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < s.size() && s[i] == '"') {
        // Quoted field: runs to the closing quote, across line ends.
        ++i;
        bool closed = false;
        while (i < s.size()) {
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (s[i] == '\n') ++line;
          field.push_back(s[i++]);
        }
        if (!closed) {
          rec.error = "quoted field never closed";
          // Resume after the line where the record started: one stray quote
          // must not swallow the rest of the file.
          rec.fields.push_back(field);
          line = rec.line;
          i = SkipLine(s, record_start, &line);
          break;
        }
        rec.fields.push_back(field);
        if (i < s.size() && s[i] == '\r') ++i;
        if (i >= s.size() || s[i] == '\n') {
          i = SkipLine(s, i, &line);
          record_done = true;
        } else if (s[i] == ',') {
          ++i;
          if (i >= s.size()) {
            rec.fields.emplace_back();
            record_done = true;
          }
        } else if (line > rec.line) {
          // A quote that ran across lines and closed mid-field was a stray
          // opening quote: report the record's first line, re-read the rest.
          rec.error = "quoted field never closed";
          line = rec.line;
          i = SkipLine(s, record_start, &line);
          record_done = true;
        } else {
          rec.error = "text after a closing quote";
          i = SkipLine(s, i, &line);
          record_done = true;
        }
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\n') field.push_back(s[i++]);
        if (!field.empty() && field.back() == '\r' && (i >= s.size() || s[i] == '\n')) {
          field.pop_back();
        }
        rec.fields.push_back(field);
        if (i < s.size() && s[i] == ',') {
          ++i;
          if (i >= s.size()) {
            rec.fields.emplace_back();
            record_done = true;
          }
        } else {
          i = SkipLine(s, i, &line);
          record_done = true;
        }
      }
    }
    const bool blank = rec.error.empty() && rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) records.push_back(std::move(rec));
  }
  return records;
}

}  // namespace jobmatch::import
