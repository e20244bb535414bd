// Who may aim a post at a sensitive group. LOW_INCOME and DISABLED may drive
// priority, but never from an employer's hand: a post an employer aims at,
// relaxes for or reserves places for such a group would make its candidate
// lists, and which of its requirements a candidate passed, say who is in it.
// Bureau staff may (a village outreach post relaxing education for 低保
// households, say); the matcher then keeps the effect from the employer's
// answers (matcher/service).
#ifndef JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_
#define JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_

#include "google/protobuf/field_mask.pb.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/caller.h"
#include "services/common/field_violations.h"

namespace jobmatch::postings {

// True for the bureau (admins, services); false for employers.
bool MayTargetSensitiveGroups(const Caller& caller);

// Adds a violation for every LOW_INCOME or DISABLED entry in the post's
// target_groups, relaxations and reserved_quotas ("target_groups[0]",
// "relaxations[1].group", "reserved_quotas[0].group"). With `mask` given,
// only the fields it names are looked at (an employer's update leaves what
// staff set in the others alone).
void CheckNoSensitiveTargeting(const v1::Post& post, const google::protobuf::FieldMask* mask,
                               FieldViolations& v);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_
