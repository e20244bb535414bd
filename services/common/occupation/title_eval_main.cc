// jobmatch-title-eval: the occupation classifier measured on a labelled corpus.
//   build/services/common/occupation/jobmatch-title-eval
//       --corpus=tests/intake/corpus/titles.csv --split=dev
// Prints a Markdown table; with --check, exits 1 when a bar is missed.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/common/occupation/classifier.h"
#include "services/common/occupation/title_eval.h"

ABSL_FLAG(std::string, corpus, "tests/intake/corpus/titles.csv", "labelled titles (CSV)");
ABSL_FLAG(std::string, split, "dev",
          "rows of this split only (dev, heldout, fresh; empty for all)");
ABSL_FLAG(bool, check, false, "exit 1 unless the rows kept, coverage and accuracy bars are met");
ABSL_FLAG(bool, misses, false, "list the rows wrong at the second level (dev split only)");
ABSL_FLAG(bool, rows, false, "list every row with its answer (dev split only)");
ABSL_FLAG(double, min_kept, 0.97, "bar: share of rows kept");
ABSL_FLAG(double, min_covered, 0.90, "bar: share coded without review");
ABSL_FLAG(double, min_major, 0.95, "bar: share right at the major group");
ABSL_FLAG(double, min_second, 0.85, "bar: share right at the second level");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using jobmatch::occupation::EvalCounts;
  const std::string split = absl::GetFlag(FLAGS_split);
  // Held-out rows are for measuring only: their titles are never listed.
  if ((absl::GetFlag(FLAGS_misses) || absl::GetFlag(FLAGS_rows)) && split != "dev") {
    std::fprintf(stderr, "--misses and --rows list dev rows only\n");
    return 2;
  }
  auto report = jobmatch::occupation::EvaluateCorpus(jobmatch::occupation::DefaultClassifier(),
                                                     absl::GetFlag(FLAGS_corpus), split);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
    return 2;
  }
  std::fputs(jobmatch::occupation::FormatReport(*report, split).c_str(), stdout);
  if (absl::GetFlag(FLAGS_misses) || absl::GetFlag(FLAGS_rows)) {
    const auto& occupations = jobmatch::occupation::DefaultClassifier().occupations();
    const auto name = [&](const std::string& code) {
      const auto* o = occupations.Find(code);
      return o == nullptr ? std::string("?") : o->name;
    };
    for (const auto& m : report->rows) {
      if (!absl::GetFlag(FLAGS_rows) && jobmatch::occupation::AgreesAt(m.got.code, m.expected, 2)) {
        continue;
      }
      std::printf("%s\t%s %s\t%s %s\t%s %.2f\n", m.title.c_str(), m.expected.c_str(),
                  name(m.expected).c_str(), m.got.code.c_str(), name(m.got.code).c_str(),
                  m.got.method.c_str(), m.got.confidence);
    }
  }
  const EvalCounts& c = report->all;
  if (c.rows == 0) {
    std::fprintf(stderr, "no rows in split %s\n", split.c_str());
    return 2;
  }
  const auto share = [&](int n) { return static_cast<double>(n) / c.rows; };
  struct Bar {
    const char* name;
    double got, min;
  } bars[] = {{"kept", share(c.kept), absl::GetFlag(FLAGS_min_kept)},
              {"coded without review", share(c.covered), absl::GetFlag(FLAGS_min_covered)},
              {"right at the major group", share(c.major), absl::GetFlag(FLAGS_min_major)},
              {"right at the second level", share(c.second), absl::GetFlag(FLAGS_min_second)}};
  bool ok = true;
  for (const Bar& b : bars) {
    const bool met = b.got >= b.min;
    ok = ok && met;
    std::printf("%s %s: %.1f%% (bar %.0f%%)\n", met ? "met " : "MISSED", b.name, 100 * b.got,
                100 * b.min);
  }
  return absl::GetFlag(FLAGS_check) && !ok ? 1 : 0;
}
