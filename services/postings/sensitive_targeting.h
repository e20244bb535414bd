// Who may aim a post at a sensitive group. LOW_INCOME and DISABLED may drive
// priority, but never from an employer's hand: a post an employer aims at,
// relaxes for or reserves places for such a group would make its candidate
// lists, and which of its requirements a candidate passed, say who is in it.
// Bureau staff may (a village outreach post relaxing education for 低保
// households, say); the matcher then keeps the effect from the employer's
// answers (matcher/service).
#ifndef JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_
#define JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
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

// A campaign's targeting rules are a hard filter in the matcher: a post in a
// campaign whose rules name LOW_INCOME or DISABLED reaches (and draws
// applicants from) those groups alone, so its applicant list would say who
// is in them. Employers may therefore not put posts into such a campaign.
// Adds a violation ("campaign_ids[1]") for each such campaign of the post
// (`campaign_of` reads one; nullopt: unknown, left to the store's check);
// with `mask` given, only when it names campaign_ids. Returns the error of a
// read that failed otherwise.
absl::Status CheckNoSensitiveCampaigns(
    const v1::Post& post, const google::protobuf::FieldMask* mask,
    const std::function<absl::StatusOr<std::optional<v1::Campaign>>(const std::string&)>&
        campaign_of,
    FieldViolations& v);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SENSITIVE_TARGETING_H_
