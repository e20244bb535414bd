#include "services/common/refdata/occupations.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/refdata/csv.h"
#include "services/common/refdata/regions.h"
#include "services/common/status_macros.h"

namespace jobmatch::refdata {
namespace {

using internal::CsvTable;
using internal::ReadCsv;

// True when `code` has the shape of a level-`level` code: "6", "6-18",
// "6-18-02", "6-18-02-04".
bool FitsLevel(absl::string_view code, int level) {
  static constexpr size_t kSizes[] = {0, 1, 4, 7, 10};
  if (level < 1 || level > 4 || code.size() != kSizes[level]) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const bool dash = i == 1 || i == 4 || i == 7;
    if (dash ? code[i] != '-' : (code[i] < '0' || code[i] > '9')) return false;
  }
  return true;
}

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

absl::StatusOr<OccupationTable> OccupationTable::Load(const std::string& occupations_csv,
                                                      const std::string& related_terms_csv) {
  JM_ASSIGN_OR_RETURN(const CsvTable t, ReadCsv(occupations_csv));
  JM_ASSIGN_OR_RETURN(const size_t c_code, t.Column("code"));
  JM_ASSIGN_OR_RETURN(const size_t c_name, t.Column("name"));
  JM_ASSIGN_OR_RETURN(const size_t c_level, t.Column("level"));
  JM_ASSIGN_OR_RETURN(const size_t c_parent, t.Column("parent_code"));

  OccupationTable table;
  table.occupations_.reserve(t.rows.size());
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::vector<std::string>& row = t.rows[i];
    Occupation o{row[c_code], row[c_name], 0, row[c_parent]};
    const auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat(occupations_csv, ":", i + 2, ": ", o.code, ": ", what));
    };
    if (!absl::SimpleAtoi(row[c_level], &o.level) || !FitsLevel(o.code, o.level)) {
      return error("code does not fit its level");
    }
    if (o.name.empty()) return error("empty name");
    const std::string expected_parent = o.level == 1 ? "" : o.code.substr(0, o.code.rfind('-'));
    if (o.parent_code != expected_parent) return error("parent_code is not the code's prefix");
    table.occupations_.push_back(std::move(o));
  }
  std::sort(table.occupations_.begin(), table.occupations_.end(),
            [](const Occupation& a, const Occupation& b) { return a.code < b.code; });
  for (size_t i = 0; i < table.occupations_.size(); ++i) {
    const Occupation& o = table.occupations_[i];
    if (!table.by_code_.emplace(o.code, i).second) {
      return absl::InvalidArgumentError(absl::StrCat(occupations_csv, ": duplicate ", o.code));
    }
    if (o.level == 4) table.codes_by_name_[o.name].push_back(o.code);
  }
  for (const Occupation& o : table.occupations_) {
    if (!o.parent_code.empty() && !table.by_code_.contains(o.parent_code)) {
      return absl::InvalidArgumentError(
          absl::StrCat(occupations_csv, ": ", o.code, " has no parent ", o.parent_code));
    }
  }

  JM_ASSIGN_OR_RETURN(const CsvTable r, ReadCsv(related_terms_csv));
  JM_ASSIGN_OR_RETURN(const size_t r_word, r.Column("word"));
  JM_ASSIGN_OR_RETURN(const size_t r_codes, r.Column("codes"));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::vector<std::string> codes = absl::StrSplit(r.rows[i][r_codes], '|', absl::SkipEmpty());
    for (const std::string& code : codes) {
      if (!table.IsDetailed(code)) {
        return absl::InvalidArgumentError(absl::StrCat(related_terms_csv, ":", i + 2, ": ", code,
                                                       " is not a detailed occupation"));
      }
    }
    SortUnique(codes);
    for (const std::string& a : codes) {
      std::vector<std::string>& related = table.related_[a];
      related.insert(related.end(), codes.begin(), codes.end());
    }
    std::vector<std::string>& for_word = table.codes_for_word_[r.rows[i][r_word]];
    for_word.insert(for_word.end(), codes.begin(), codes.end());
    SortUnique(for_word);
  }
  for (auto& [code, related] : table.related_) SortUnique(related);
  return table;
}

const Occupation* OccupationTable::Find(absl::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &occupations_[it->second];
}

bool OccupationTable::IsDetailed(absl::string_view code) const {
  const Occupation* o = Find(code);
  return o != nullptr && o->level == 4;
}

std::string OccupationTable::MinorGroupOf(absl::string_view code) {
  if (std::count(code.begin(), code.end(), '-') == 3) {
    return std::string(code.substr(0, code.rfind('-')));
  }
  return std::string(code);
}

std::vector<std::string> OccupationTable::CodesForWord(absl::string_view word) const {
  if (auto it = codes_for_word_.find(word); it != codes_for_word_.end()) return it->second;
  if (auto it = codes_by_name_.find(word); it != codes_by_name_.end()) return it->second;
  return {};
}

bool OccupationTable::Related(absl::string_view a, absl::string_view b) const {
  if (!IsDetailed(a) || !IsDetailed(b)) return false;
  if (a == b) return true;
  auto it = related_.find(a);
  return it != related_.end() &&
         std::binary_search(it->second.begin(), it->second.end(), b,
                            [](absl::string_view x, absl::string_view y) { return x < y; });
}

const OccupationTable& DefaultOccupations() {
  static const OccupationTable* const table = [] {
    const std::string dir = RefdataDir();
    absl::StatusOr<OccupationTable> t =
        OccupationTable::Load(dir + "/occupations.csv", dir + "/related_terms.csv");
    if (!t.ok()) {
      std::fprintf(stderr, "cannot load the occupation table: %s\n", t.status().ToString().c_str());
      std::abort();
    }
    return new OccupationTable(std::move(*t));
  }();
  return *table;
}

}  // namespace jobmatch::refdata
