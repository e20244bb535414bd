// What a caller gets to see of a profile: clear identity never (only
// RevealSensitiveData returns it), masked ID number and phone, sensitive
// statuses only for callers that services/common/caller.h allows, and the
// derived facts (age, key groups) for the day of the answer.
#ifndef JOBMATCH_SERVICES_PROFILES_MASKING_H_
#define JOBMATCH_SERVICES_PROFILES_MASKING_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/caller.h"

namespace jobmatch::profiles {

// "430211********123X": first 6 and last 4 kept. Anything not 18 characters
// is masked completely.
std::string MaskIdNumber(absl::string_view id);
// "138****5678": first 3 and last 4 kept. Anything shorter than 8 characters
// is masked completely.
std::string MaskPhone(absl::string_view phone);

// Whether `caller` may see LOW_INCOME / DISABLED of this person: the roles
// MaySeeSensitiveStatus allows, a jobseeker only for themself and a
// recruiter only within their regions.
bool ShowsSensitiveStatus(const Caller& caller, const v1::Profile& profile);

// The answer for `caller` built from `full` (the stored profile with its
// decrypted SensitiveData): masked identity, statuses per
// ShowsSensitiveStatus, age and key groups as of `today` (stored ones in force
// plus derived ones; expired statuses dropped).
v1::Profile PresentProfile(const v1::Profile& full, const Caller& caller, absl::CivilDay today);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_MASKING_H_
