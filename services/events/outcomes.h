// The outcomes of hires: validation of follow-up and separation requests and
// of the due-list query, who may record them through which channel, and the
// due list's page tokens. No gRPC, no SQL.
#ifndef JOBMATCH_SERVICES_EVENTS_OUTCOMES_H_
#define JOBMATCH_SERVICES_EVENTS_OUTCOMES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/caller.h"
#include "services/events/event_store.h"
#include "services/events/outcome_store.h"

namespace jobmatch::events {

// INVALID_ARGUMENT naming each bad field; `now` bounds a separation's date.
absl::StatusOr<Submission> FromRequest(const v1::RecordFollowUpRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RecordSeparationRequest& req, absl::Time now);

// Who reports through which channel, beside the record checks every event
// gets (a jobseeker only about themself, a recruiter only for people living
// in its regions): the person reports through the app; field teams from a
// tablet or as staff; bureau staff through any channel; nobody else.
// PERMISSION_DENIED otherwise.
absl::Status MayReportThrough(const Caller& caller, const v1::Event& event);

// The query a ListDueFollowUps request asks of `caller`: a recruiter's
// answer is limited to its regions (PERMISSION_DENIED for a region_prefix
// outside them). Page tokens carry the first page's as_of and prefix, so the
// pages of one listing agree. INVALID_ARGUMENT naming bad fields.
absl::StatusOr<DueQuery> DueQueryFor(const Caller& caller, const v1::ListDueFollowUpsRequest& req,
                                     absl::Time now);
// The token of the page after `last`, for `req` asked as `query`.
std::string DuePageToken(const v1::ListDueFollowUpsRequest& req, const DueQuery& query,
                         const DueFollowUp& last);

// One more row than a page is read to know whether another page follows.
inline constexpr int kDefaultDuePage = 100;
inline constexpr int kMaxDuePage = 500;

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_OUTCOMES_H_
