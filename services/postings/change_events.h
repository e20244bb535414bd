// The feed events that record changes to postings entities. They carry ids,
// the new version and (for posts) the new state; never entity content.
#ifndef JOBMATCH_SERVICES_POSTINGS_CHANGE_EVENTS_H_
#define JOBMATCH_SERVICES_POSTINGS_CHANGE_EVENTS_H_

#include "jobmatch/v1/events.pb.h"
#include "jobmatch/v1/postings.pb.h"

namespace jobmatch::postings {

v1::Event EmployerChanged(const v1::Employer& employer, int64_t version, v1::ChangeType type);
v1::Event CampaignChanged(const v1::Campaign& campaign, int64_t version, v1::ChangeType type);
// REMOVED when the post left the open/paused/draft states, else `type`.
v1::Event PostChanged(const v1::Post& post, v1::ChangeType type);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_CHANGE_EVENTS_H_
