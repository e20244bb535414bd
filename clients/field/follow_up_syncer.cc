#include "clients/field/follow_up_syncer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/status_macros.h"

namespace jobmatch::field {
namespace {

constexpr int kBatch = 100;

bool RefusedForGood(const absl::Status& s) {
  return absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s) ||
         absl::IsPermissionDenied(s) || absl::IsNotFound(s);
}

std::string Problem(const absl::Status& s) {
  std::string out = absl::StrCat(absl::StatusCodeToString(s.code()), ": ", s.message());
  // Held in a local: a range-for over a member of the temporary would dangle.
  const auto bad_request = BadRequestOf(s);
  for (const auto& v : bad_request.field_violations()) {
    absl::StrAppend(&out, "\n", v.field(), ": ", v.description());
  }
  return out;
}

}  // namespace

absl::StatusOr<FollowUpSyncReport> FollowUpSyncer::SyncAll() {
  FollowUpSyncReport report;
  while (true) {
    JM_ASSIGN_OR_RETURN(std::vector<v1::RecordFollowUpRequest> batch, outbox_->Pending(kBatch));
    if (batch.empty()) return report;
    for (const v1::RecordFollowUpRequest& request : batch) {
      absl::StatusOr<v1::RecordFollowUpResponse> answer =
          runner_->Unary(stub_, &v1::EventsService::StubInterface::RecordFollowUp, request);
      if (answer.ok() || absl::IsAlreadyExists(answer.status())) {
        // ALREADY_EXISTS: another request recorded this visit of this hire.
        ++(answer.ok() ? report.recorded : report.already_recorded);
        JM_RETURN_IF_ERROR(outbox_->MarkRecorded(request.request_id()));
      } else if (RefusedForGood(answer.status())) {
        ++report.refused;
        JM_RETURN_IF_ERROR(outbox_->MarkRefused(request.request_id(), Problem(answer.status())));
      } else {
        return answer.status();
      }
    }
  }
}

}  // namespace jobmatch::field
