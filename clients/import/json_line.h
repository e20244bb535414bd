// A parser for one line of a JSONL postings file: a flat JSON object whose
// values are strings, numbers, booleans, null, or arrays of those. Nested
// objects are refused: postings rows are flat.
#ifndef JOBMATCH_CLIENTS_IMPORT_JSON_LINE_H_
#define JOBMATCH_CLIENTS_IMPORT_JSON_LINE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::import {

// Key/value pairs in the order written. Values become text: strings decoded
// (all escapes, \u surrogate pairs included), numbers as written, true/false
// as such, null as "", arrays joined with "、" ("["五险一金","包住"]" reads as
// "五险一金、包住", which the benefit parser splits again). INVALID_ARGUMENT,
// with the byte offset, for anything else.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseFlatJsonObject(
    absl::string_view line);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_JSON_LINE_H_
