// Key groups: which ones exist, where each may come from, and the derivation
// rules for the two that follow from the profile's own data. Derived groups
// are never stored: they are computed for the day of the question, so that
// someone who turns 40 today is in GROUP_4050 today.
#ifndef JOBMATCH_SERVICES_PROFILES_KEY_GROUPS_H_
#define JOBMATCH_SERVICES_PROFILES_KEY_GROUPS_H_

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/field_violations.h"
#include "services/common/sensitive_groups.h"

namespace jobmatch::profiles {

// How a key group may enter a profile. One row per group (see kKeyGroupRules).
struct KeyGroupRule {
  v1::KeyGroup group;
  // Whether it is sensitive, and so only ever in SensitiveData, never in
  // key_groups or events, is IsSensitiveGroup's (services/common), not a column.
  // Computed at answer time from sex, birth date or graduation date.
  bool derived;
  // May be set by DeclareKeyGroup (self-declared or verified).
  bool declarable;
  // May be set only by the authorised ImportKeyGroups batch.
  bool importable;
};

// The rule for `group`, or nullptr for UNSPECIFIED and unknown values.
const KeyGroupRule* RuleFor(v1::KeyGroup group);

// `day` moved by `years`, with 29 February becoming 28 February when the
// target year is not a leap year.
absl::CivilDay AddYears(absl::CivilDay day, int years);

// Whole years of age on `today`; someone born on 29 February turns a year
// older on 1 March in common years.
int AgeOn(absl::CivilDay birth, absl::CivilDay today);

// GROUP_4050: women from their 40th birthday, men from their 50th.
bool IsGroup4050(v1::Sex sex, absl::CivilDay birth, absl::CivilDay today);

// GRADUATE: graduation_date within [today - 2 years, 31 December of today's
// year] — graduating this year, or left school at most 2 years ago (the last
// day of the window is the second anniversary of graduation).
bool IsGraduate(absl::CivilDay graduation, absl::CivilDay today);

// The last day IsGraduate() holds for someone who graduated on `graduation`.
absl::CivilDay GraduateUntil(absl::CivilDay graduation);

// True when `m` holds on `today` (validity bounds inclusive, unset = open).
bool InForce(const v1::KeyGroupMembership& m, absl::CivilDay today);

// The derived memberships of `profile` on `today` (provenance DERIVED).
std::vector<v1::KeyGroupMembership> DerivedGroups(const v1::Profile& profile, absl::CivilDay today);

// Checks a DeclareKeyGroup membership; violations are prefixed by `path`.
void ValidateDeclared(const v1::KeyGroupMembership& m, const std::string& path,
                      FieldViolations& violations);
// Checks an imported membership (source comes from the batch).
void ValidateImported(const v1::KeyGroupMembership& m, const std::string& path,
                      FieldViolations& violations);

// Puts `m` into `profile`: sensitive groups into `sensitive` (replacing), the
// others into key_groups (replacing a membership of the same group).
void ApplyMembership(const v1::KeyGroupMembership& m, v1::Profile& profile);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_KEY_GROUPS_H_
