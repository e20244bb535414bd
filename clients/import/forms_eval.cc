#include "clients/import/forms_eval.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/import/csv.h"
#include "clients/import/fields.h"
#include "clients/import/salary.h"
#include "jobmatch/v1/common.pb.h"

namespace jobmatch::import {
namespace {

// The rows of a corpus file as header name -> value.
absl::StatusOr<std::vector<std::map<std::string, std::string>>> ReadRows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::vector<CsvRecord> records = ParseCsv(buffer.str());
  if (records.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty"));
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    if (!r.error.empty() || r.fields.size() != records[0].fields.size()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", r.line, ": malformed row"));
    }
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < r.fields.size(); ++k) row[records[0].fields[k]] = r.fields[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

bool InSplit(const std::map<std::string, std::string>& row, absl::string_view split) {
  return split == "all" || row.at("split") == split;
}

}  // namespace

std::string RegionLabel(const refdata::Place& place) {
  switch (place.kind) {
    case refdata::Place::Kind::kInArea:
      return place.code;
    case refdata::Place::Kind::kOutside:
      return absl::StrCat("outside:", place.code.substr(0, 2));
    case refdata::Place::Kind::kUnknown:
      break;
  }
  return "unknown";
}

std::string FormLabel(absl::string_view kind, absl::string_view text) {
  const auto refused = [](const absl::Status& s) { return absl::StrCat("refused: ", s.message()); };
  if (kind == "education") {
    auto e = ParseEducation(text);
    return e.ok() ? jobmatch::v1::Education_Name(*e) : refused(e.status());
  }
  if (kind == "experience") {
    auto e = ParseExperience(text);
    if (!e.ok()) return refused(e.status());
    return absl::StrCat(e->min_years, e->graduate ? ";graduate" : "");
  }
  if (kind == "headcount") {
    // 0 stands for "unspecified": the parser never returns it for a number.
    auto n = ParseHeadcount(text, 0);
    if (!n.ok()) return refused(n.status());
    return *n == 0 ? "unspecified" : absl::StrCat(*n);
  }
  if (kind == "salary") {
    auto s = ParseSalary(text);
    if (!s.ok()) return refused(s.status());
    if (s->range.negotiable()) return "negotiable";
    return absl::StrCat(s->range.min_monthly_cny(), ",", s->range.max_monthly_cny());
  }
  return absl::StrCat("refused: unknown kind ", kind);
}

absl::StatusOr<Evaluation> EvaluateCorpus(const std::string& corpus_dir, absl::string_view split,
                                          const refdata::RegionTable& regions) {
  if (split != "dev" && split != "heldout" && split != "all") {
    return absl::InvalidArgumentError("split must be dev, heldout or all");
  }
  Evaluation out;
  auto region_rows = ReadRows(corpus_dir + "/regions.csv");
  if (!region_rows.ok()) return region_rows.status();
  for (const auto& row : *region_rows) {
    if (!InSplit(row, split)) continue;
    const std::string& text = row.at("text");
    const std::string& expected = row.at("expected");
    const refdata::Place place = regions.ResolvePlace(text);
    const std::string got = RegionLabel(place);
    const bool exact = got == expected;
    ++out.region_exact.total;
    out.region_exact.right += exact;
    if (!exact) out.misses.push_back({"region", text, expected, got});
    const bool expected_outside = expected.rfind("outside:", 0) == 0;
    if (expected_outside) {
      ++out.region_outside.total;
      out.region_outside.right += place.kind == refdata::Place::Kind::kOutside;
    } else if (place.kind == refdata::Place::Kind::kOutside) {
      ++out.region_false_outside;
    }
    if (!expected_outside && expected.size() >= 6 && expected != "unknown") {
      ++out.region_county.total;
      out.region_county.right += place.kind == refdata::Place::Kind::kInArea &&
                                 !regions.CountyOf(got).empty() &&
                                 regions.CountyOf(got) == regions.CountyOf(expected);
    }
  }
  auto form_rows = ReadRows(corpus_dir + "/forms.csv");
  if (!form_rows.ok()) return form_rows.status();
  for (const auto& row : *form_rows) {
    if (!InSplit(row, split)) continue;
    const std::string& kind = row.at("kind");
    const std::string got = FormLabel(kind, row.at("text"));
    Score& score = out.forms[kind];
    ++score.total;
    if (got == row.at("expected")) {
      ++score.right;
    } else {
      out.misses.push_back({kind, row.at("text"), row.at("expected"), got});
    }
  }
  return out;
}

}  // namespace jobmatch::import
