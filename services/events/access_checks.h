// Which records a caller acts on, as the events service's handlers check it
// (recording an event, listing applications): an employer its own posts, a
// recruiter the people living in its assigned regions.
#ifndef JOBMATCH_SERVICES_EVENTS_ACCESS_CHECKS_H_
#define JOBMATCH_SERVICES_EVENTS_ACCESS_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "services/common/caller.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// OK when `post_id` is the calling employer's. An unknown post answers the
// same as another employer's, so that employers cannot probe for posts that
// are not theirs.
absl::Status RequirePostOwner(OwnershipStore& owners, const Caller& caller,
                              const std::string& post_id);

// OK when `profile_id` lives in one of the calling recruiter's regions. An
// unknown person answers like one outside the regions.
absl::Status RequireResident(OwnershipStore& owners, const Caller& caller,
                             const std::string& profile_id);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_ACCESS_CHECKS_H_
