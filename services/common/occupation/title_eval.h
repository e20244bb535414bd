// Measures the classifier on a labelled corpus of titles (title, description,
// occupation_code, sector, split): rows kept, coverage (coded without review)
// and accuracy at the detailed, second and major-group levels.
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_EVAL_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/occupation/classifier.h"

namespace jobmatch::occupation {

struct EvalCounts {
  int rows = 0;
  int kept = 0;              // given a code (every row with a title)
  int covered = 0;           // coded without review
  int detailed = 0;          // right at the 4-level code, of all rows
  int second = 0;            // right at the 2-level code ("6-18")
  int major = 0;             // right at the major group ("6")
  int covered_detailed = 0;  // the same, of the rows coded without review
  int covered_second = 0;
  int covered_major = 0;
};

// A row and its answer, for tuning on the dev split.
struct EvalRow {
  std::string title;
  std::string expected;
  Classification got;
};

struct EvalReport {
  EvalCounts all;
  std::map<std::string, EvalCounts> by_sector;
  std::map<std::string, EvalCounts> by_method;  // "lexicon", "ngram", ...
  std::vector<EvalRow> rows;
};

// Classifies the rows of `corpus_csv` whose split is `split` ("" for every
// row). INVALID_ARGUMENT when a column is missing.
absl::StatusOr<EvalReport> EvaluateCorpus(const OccupationClassifier& classifier,
                                          const std::string& corpus_csv, const std::string& split);

// True when `code` agrees with `expected` down to `level` (1 major, 2 second,
// 4 detailed); a major-group answer agrees at level 1 only.
bool AgreesAt(const std::string& code, const std::string& expected, int level);

// The report as Markdown tables: the total, then one line per sector; then
// one line per method.
std::string FormatReport(const EvalReport& report, const std::string& split);

}  // namespace jobmatch::occupation

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_EVAL_H_
