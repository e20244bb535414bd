// SyncFieldRecords: a batch captured offline on a field tablet. Each record
// runs in its own transaction and is answered by its index; a record's
// (device_id, idempotency_key) makes a replay a no-op (OUTCOME_DUPLICATE);
// an edit whose base_version is not the profile's current version is
// OUTCOME_CONFLICT with the current profile, never applied.
#ifndef JOBMATCH_SERVICES_PROFILES_FIELD_SYNC_H_
#define JOBMATCH_SERVICES_PROFILES_FIELD_SYNC_H_

#include "absl/status/statusor.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/caller.h"
#include "services/profiles/profile_manager.h"

namespace jobmatch::profiles {

class FieldSync {
 public:
  // `manager` must outlive this.
  explicit FieldSync(ProfileManager* manager) : manager_(manager) {}

  // INVALID_ARGUMENT only for a malformed batch (request_id, size);
  // PERMISSION_DENIED for roles that do not do field work. Store failures of
  // one record end the batch with that status: records before it stay
  // applied and are answered as duplicates when the batch is sent again.
  absl::StatusOr<v1::SyncFieldRecordsResponse> Sync(const Caller& caller,
                                                    const v1::SyncFieldRecordsRequest& req);

 private:
  absl::StatusOr<v1::FieldRecordResult> SyncOne(const Caller& caller, const v1::FieldRecord& rec,
                                                int index);

  ProfileManager* manager_;
};

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_FIELD_SYNC_H_
