#include "services/common/occupation/title_eval.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/refdata/csv.h"
#include "services/common/status_macros.h"

namespace jobmatch::occupation {
namespace {

void Count(EvalCounts& c, const Classification& got, const std::string& expected) {
  ++c.rows;
  if (got.code.empty()) return;
  ++c.kept;
  const bool d = AgreesAt(got.code, expected, 4);
  const bool s = AgreesAt(got.code, expected, 2);
  const bool m = AgreesAt(got.code, expected, 1);
  c.detailed += d;
  c.second += s;
  c.major += m;
  if (!got.needs_review) {
    ++c.covered;
    c.covered_detailed += d;
    c.covered_second += s;
    c.covered_major += m;
  }
}

std::string Pct(int n, int of) { return of == 0 ? "-" : absl::StrFormat("%.1f%%", 100.0 * n / of); }

std::string Line(const std::string& name, const EvalCounts& c) {
  return absl::StrCat("| ", name, " | ", c.rows, " | ", Pct(c.kept, c.rows), " | ",
                      Pct(c.covered, c.rows), " | ", Pct(c.detailed, c.rows), " | ",
                      Pct(c.second, c.rows), " | ", Pct(c.major, c.rows), " | ",
                      Pct(c.covered_detailed, c.covered), " | ", Pct(c.covered_second, c.covered),
                      " | ", Pct(c.covered_major, c.covered), " |\n");
}

}  // namespace

bool AgreesAt(const std::string& code, const std::string& expected, int level) {
  const std::vector<absl::string_view> a = absl::StrSplit(code, '-');
  const std::vector<absl::string_view> b = absl::StrSplit(expected, '-');
  const size_t parts = level == 4 ? 4 : static_cast<size_t>(level);
  if (a.size() < parts || b.size() < parts) return false;
  for (size_t i = 0; i < parts; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

absl::StatusOr<EvalReport> EvaluateCorpus(const OccupationClassifier& classifier,
                                          const std::string& corpus_csv, const std::string& split) {
  JM_ASSIGN_OR_RETURN(const refdata::internal::CsvTable t, refdata::internal::ReadCsv(corpus_csv));
  JM_ASSIGN_OR_RETURN(const size_t c_title, t.Column("title"));
  JM_ASSIGN_OR_RETURN(const size_t c_description, t.Column("description"));
  JM_ASSIGN_OR_RETURN(const size_t c_code, t.Column("occupation_code"));
  JM_ASSIGN_OR_RETURN(const size_t c_sector, t.Column("sector"));
  JM_ASSIGN_OR_RETURN(const size_t c_split, t.Column("split"));
  EvalReport report;
  for (const std::vector<std::string>& row : t.rows) {
    if (!split.empty() && row[c_split] != split) continue;
    const Classification got = classifier.Classify(row[c_title], row[c_description]);
    Count(report.all, got, row[c_code]);
    Count(report.by_sector[row[c_sector]], got, row[c_code]);
    Count(report.by_method[got.method], got, row[c_code]);
    report.rows.push_back({row[c_title], row[c_code], got});
  }
  return report;
}

std::string FormatReport(const EvalReport& report, const std::string& split) {
  std::string out = absl::StrCat(
      "| ", split.empty() ? "all rows" : split,
      " | rows | kept | coded without review | right (4-level) | right (2-level) | right "
      "(major) | without review: right (4-level) | (2-level) | (major) |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n");
  out += Line("**all**", report.all);
  for (const auto& [sector, counts] : report.by_sector) out += Line(sector, counts);
  out +=
      "\n| method | rows | kept | coded without review | right (4-level) | right (2-level) | "
      "right (major) | without review: right (4-level) | (2-level) | (major) |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& [method, counts] : report.by_method) out += Line(method, counts);
  return out;
}

}  // namespace jobmatch::occupation
