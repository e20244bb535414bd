// ParseCsv over any bytes: it returns, and its records start on lines in
// increasing order; the well-formed ones hold no more text than the input had
// (a malformed record keeps its partial fields, and the lines after its start
// are read again, as csv.h says).
#include <cstdint>

#include "clients/import/csv.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  int last_line = 0;
  size_t text = 0;
  for (const jobmatch::import::CsvRecord& record : jobmatch::import::ParseCsv(in)) {
    FUZZ_CHECK(record.line > last_line);
    last_line = record.line;
    if (!record.error.empty()) continue;
    for (const std::string& field : record.fields) text += field.size();
  }
  FUZZ_CHECK(text <= size);
  return 0;
}
