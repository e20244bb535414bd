// Sends a tablet's pending follow-up visits to the events service
// (RecordFollowUp), one call each, oldest first, with the request id each got
// at capture: a sync cut off anywhere (killed after the server recorded one,
// an answer lost) is finished by running it again, and the server answers the
// resend with the visit it already recorded.
#ifndef JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_SYNCER_H_
#define JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_SYNCER_H_

#include "absl/status/statusor.h"
#include "clients/field/follow_up_outbox.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/events.grpc.pb.h"

namespace jobmatch::field {

struct FollowUpSyncReport {
  int recorded = 0;          // recorded (by this send or an earlier one)
  int already_recorded = 0;  // the visit was on file from another request (staff, the app)
  int refused = 0;           // kept for the recruiter: no such hire, not theirs, bad data
};

class FollowUpSyncer {
 public:
  // All must outlive the syncer. `runner` retries a call that failed in
  // transit (UNAVAILABLE, DEADLINE_EXCEEDED) with the same request.
  FollowUpSyncer(FollowUpOutbox* outbox, v1::EventsService::StubInterface* stub,
                 const client::CallRunner* runner)
      : outbox_(outbox), stub_(stub), runner_(runner) {}

  // Sends pending follow-ups until none is left. A refusal that resending
  // cannot change (INVALID_ARGUMENT, FAILED_PRECONDITION, PERMISSION_DENIED,
  // NOT_FOUND) is kept as refused and the sync goes on; any other failure
  // stops it and is returned, the rest staying pending.
  absl::StatusOr<FollowUpSyncReport> SyncAll();

 private:
  FollowUpOutbox* outbox_;
  v1::EventsService::StubInterface* stub_;
  const client::CallRunner* runner_;
};

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_SYNCER_H_
