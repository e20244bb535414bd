// Test helpers: well-formed ID numbers and a small fixed region table.
#ifndef JOBMATCH_SERVICES_PROFILES_TESTING_IDS_H_
#define JOBMATCH_SERVICES_PROFILES_TESTING_IDS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/profiles/id_number.h"
#include "services/profiles/region_directory.h"

namespace jobmatch::profiles::testing {

// An ID number with a correct check character. `seq` is 3 digits; its last
// digit odd means male.
inline std::string MakeId(const std::string& region, int y, int m, int d, int seq) {
  const std::string first17 = absl::StrFormat("%s%04d%02d%02d%03d", region, y, m, d, seq);
  return first17 + IdCheckCharacter(first17);
}

// Zhuzhou's counties, one township and one village of 醴陵, and a few others.
inline FixedRegionDirectory TestRegions() {
  return FixedRegionDirectory({"430202", "430203", "430204", "430211", "430212", "430223", "430224",
                               "430225", "430281001001", "110105", "440524", "430104"});
}

}  // namespace jobmatch::profiles::testing

#endif  // JOBMATCH_SERVICES_PROFILES_TESTING_IDS_H_
