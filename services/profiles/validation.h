// Field-by-field checks of profile data and update masks. Paths follow the
// request ("profile.sensitive.id_number"); callers pass the prefix.
#ifndef JOBMATCH_SERVICES_PROFILES_VALIDATION_H_
#define JOBMATCH_SERVICES_PROFILES_VALIDATION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/field_mask.pb.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/field_violations.h"
#include "services/profiles/region_directory.h"

namespace jobmatch::profiles {

// A request_id: 1-64 characters.
void ValidateRequestId(absl::string_view request_id, FieldViolations& v);

// Length in Unicode code points of UTF-8 text (invalid bytes count one each).
size_t TextLength(absl::string_view utf8);

// Checks the person-entered fields of `profile` at `path` (e.g. "profile"):
// name, the clear ID number (required) and the sex and birth date it implies,
// phone, regions, coordinates, education, dates, skills, work history, wanted
// work (codes, and texts: CheckWantedTexts) and availability. Output-only
// fields are not looked at. On success fills in sex and birth date from the ID
// number and upper-cases its X.
void ValidateProfileData(v1::Profile& profile, const std::string& path, absl::CivilDay today,
                         const RegionDirectory& regions, FieldViolations& v);

// For a new profile: output-only and separately managed fields must be empty.
void ValidateNewProfileExtras(const v1::Profile& profile, const std::string& path,
                              FieldViolations& v);

// Checks that every path of `mask` names a field a client may update.
// Violations at "<mask_path>" (empty) or "<mask_path>.paths[i]".
void ValidateUpdateMask(const google::protobuf::FieldMask& mask, const std::string& mask_path,
                        FieldViolations& v);

// Replaces in `target` each field `mask` names with its value in `source`
// (repeated and message fields replaced, not merged). Mask validated before.
void ApplyUpdateMask(const google::protobuf::FieldMask& mask, const v1::Profile& source,
                     v1::Profile& target);

// A known-form occupation code: "6", "6-18", "6-18-02" or "6-18-02-04".
bool IsOccupationCode(absl::string_view code);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_VALIDATION_H_
