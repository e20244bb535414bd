// The resident ID number (GB 11643-1999): 6 digits of region, 8 of birth date
// (YYYYMMDD), 3 of sequence (odd = male) and an ISO 7064 MOD 11-2 check
// character (0-9 or X).
#ifndef JOBMATCH_SERVICES_PROFILES_ID_NUMBER_H_
#define JOBMATCH_SERVICES_PROFILES_ID_NUMBER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "jobmatch/v1/common.pb.h"
#include "services/profiles/region_directory.h"

namespace jobmatch::profiles {

struct IdNumberFacts {
  std::string normalized;   // upper-case X
  std::string region_code;  // first 6 digits
  absl::CivilDay birth_date;
  v1::Sex sex = v1::SEX_UNSPECIFIED;
};

// The check character for the first 17 digits; '?' if they are not 17 digits.
char IdCheckCharacter(absl::string_view first17);

// Parses and checks `id` (lower-case x accepted) as of `today`: length,
// digits, check character, a real birth date not after today and not before
// 1850, and a plausible region. The region must be a valid province; codes
// the region table knows are accepted, and so are unknown ones whose city and
// county parts are not "00", because IDs keep the code of the county that
// issued them decades ago and the table does not list every retired county.
// INVALID_ARGUMENT with a description (no field path) otherwise.
absl::StatusOr<IdNumberFacts> ParseIdNumber(absl::string_view id, absl::CivilDay today,
                                            const RegionDirectory& regions);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_ID_NUMBER_H_
