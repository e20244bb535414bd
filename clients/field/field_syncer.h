// Sends a tablet's pending records to the profiles service (SyncFieldRecords)
// in batches and records each answer in the outbox. A record leaves the
// pending state only once the server has answered for it, and every send of
// it carries the key it got at capture, so a sync cut off at any point
// (process killed between sending and recording, network lost mid-batch) is
// finished by running it again, with nothing lost or applied twice.
#ifndef JOBMATCH_CLIENTS_FIELD_FIELD_SYNCER_H_
#define JOBMATCH_CLIENTS_FIELD_FIELD_SYNCER_H_

#include "absl/status/statusor.h"
#include "clients/field/outbox.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/profiles.grpc.pb.h"

namespace jobmatch::field {

struct SyncReport {
  int batches = 0;
  int applied = 0;     // applied by this sync
  int duplicates = 0;  // applied by an earlier, unrecorded send
  int conflicts = 0;
  int invalid = 0;
  int already_registered = 0;
};

class FieldSyncer {
 public:
  // All must outlive the syncer. `runner` retries a batch that failed in
  // transit (UNAVAILABLE, DEADLINE_EXCEEDED) with the same request.
  FieldSyncer(FieldOutbox* outbox, v1::ProfilesService::StubInterface* stub,
              const client::CallRunner* runner, int batch_size = 100)
      : outbox_(outbox), stub_(stub), runner_(runner), batch_size_(batch_size) {}

  // Sends pending records until none is left. On a failed call returns its
  // status; the batches answered before it stay recorded, the rest pending.
  absl::StatusOr<SyncReport> SyncAll();

 private:
  FieldOutbox* outbox_;
  v1::ProfilesService::StubInterface* stub_;
  const client::CallRunner* runner_;
  int batch_size_;
};

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_FIELD_SYNCER_H_
