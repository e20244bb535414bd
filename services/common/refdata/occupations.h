// The national occupation classification 职业分类大典 (2022): major (1-digit),
// middle ("6-18"), minor ("6-18-02") and detailed ("6-18-02-04") entries, plus
// a table of colloquial job words and what they relate to (普工 -> 装配, 搬运).
// Loaded from deploy/refdata/occupations.csv and related_terms.csv.
#ifndef JOBMATCH_SERVICES_COMMON_REFDATA_OCCUPATIONS_H_
#define JOBMATCH_SERVICES_COMMON_REFDATA_OCCUPATIONS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::refdata {

struct Occupation {
  std::string code;  // "6-18-02-04"
  std::string name;  // 焊工
  int level = 0;     // 1 major, 2 middle, 3 minor, 4 detailed
  std::string parent_code;
};

// Immutable after Load; safe to share between threads.
class OccupationTable {
 public:
  // Reads the derived CSVs. INVALID_ARGUMENT if a code does not fit its level,
  // a parent is missing, a code repeats, or a related term names an unknown
  // or non-detailed code.
  static absl::StatusOr<OccupationTable> Load(const std::string& occupations_csv,
                                              const std::string& related_terms_csv);

  const Occupation* Find(absl::string_view code) const;
  bool IsKnown(absl::string_view code) const { return Find(code) != nullptr; }
  // True for a level-4 (detailed) code.
  bool IsDetailed(absl::string_view code) const;
  // "6-18-02" for "6-18-02-04"; the code itself above level 4.
  static std::string MinorGroupOf(absl::string_view code);
  // Detailed codes whose names the colloquial `word` relates to (may be empty),
  // sorted. A word missing from the synonym table that is itself the name of
  // a detailed occupation (家政服务员) gives that occupation's code.
  std::vector<std::string> CodesForWord(absl::string_view word) const;
  // True when the two detailed codes are related through the synonym table
  // (some related word names both), beyond sharing a minor group. A detailed
  // code is related to itself; unknown codes are related to nothing.
  bool Related(absl::string_view a, absl::string_view b) const;
  const std::vector<Occupation>& all() const { return occupations_; }

 private:
  std::vector<Occupation> occupations_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, std::vector<std::string>> codes_for_word_;
  absl::flat_hash_map<std::string, std::vector<std::string>> related_;        // sorted values
  absl::flat_hash_map<std::string, std::vector<std::string>> codes_by_name_;  // detailed only
};

// Loaded once from $JOBMATCH_REFDATA_DIR or the checkout's deploy/refdata.
const OccupationTable& DefaultOccupations();

}  // namespace jobmatch::refdata

#endif  // JOBMATCH_SERVICES_COMMON_REFDATA_OCCUPATIONS_H_
