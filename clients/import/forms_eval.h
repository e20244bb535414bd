// Measures the importer's readers against a labelled corpus
// (tests/intake/corpus: regions.csv and forms.csv, see its README): region
// text -> region code or "outside", and the education, experience, headcount
// and salary forms -> the values the importer would store.
#ifndef JOBMATCH_CLIENTS_IMPORT_FORMS_EVAL_H_
#define JOBMATCH_CLIENTS_IMPORT_FORMS_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::import {

struct Score {
  int right = 0;
  int total = 0;
  double Share() const { return total == 0 ? 1.0 : static_cast<double>(right) / total; }
};

// One row the readers got wrong, for the report.
struct Miss {
  std::string kind;  // "region", "salary", ...
  std::string text;
  std::string expected;
  std::string got;
};

struct Evaluation {
  std::map<std::string, Score> forms;  // by kind: education, experience, headcount, salary
  Score region_exact;                  // the label exactly (a code, outside:NN or unknown)
  Score region_county;   // rows labelled inside the area at county level or below: the county
  Score region_outside;  // rows labelled outside: recognised as outside
  int region_false_outside = 0;  // rows labelled inside the area or unknown, called outside
  std::vector<Miss> misses;
};

// The label the importer gives: a region code, "outside:NN", or "unknown".
std::string RegionLabel(const refdata::Place& place);
// The label for a form ("EDUCATION_UNSPECIFIED", "1;graduate", "unspecified",
// "3000,5000", "negotiable"), or "refused: <reason>".
std::string FormLabel(absl::string_view kind, absl::string_view text);

// Reads `corpus_dir`/regions.csv and forms.csv and scores the rows of
// `split` ("dev", "heldout" or "all"). NOT_FOUND or INVALID_ARGUMENT when a
// file is missing or malformed.
absl::StatusOr<Evaluation> EvaluateCorpus(const std::string& corpus_dir, absl::string_view split,
                                          const refdata::RegionTable& regions);

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_FORMS_EVAL_H_
