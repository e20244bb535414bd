#include "clients/field/field_syncer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace jobmatch::field {

using Result = v1::FieldRecordResult;

absl::StatusOr<SyncReport> FieldSyncer::SyncAll() {
  SyncReport report;
  while (true) {
    JM_ASSIGN_OR_RETURN(std::vector<OutboxEntry> batch, outbox_->Pending(batch_size_));
    if (batch.empty()) return report;
    v1::SyncFieldRecordsRequest request;
    client::EnsureRequestId(&request);
    std::vector<std::string> keys;
    for (OutboxEntry& e : batch) {
      keys.push_back(e.idempotency_key);
      *request.add_records() = std::move(e.record);
    }
    JM_ASSIGN_OR_RETURN(
        v1::SyncFieldRecordsResponse response,
        runner_->Unary(stub_, &v1::ProfilesService::StubInterface::SyncFieldRecords, request));
    if (response.results_size() != request.records_size()) {
      return absl::InternalError(absl::StrCat("the server answered ", response.results_size(),
                                              " of ", request.records_size(), " records"));
    }
    // Answers come by index; match them to keys by it, not by position.
    std::vector<Result> results(keys.size());
    for (const Result& r : response.results()) {
      if (r.index() < 0 || r.index() >= static_cast<int>(keys.size())) {
        return absl::InternalError(absl::StrCat("answer for record ", r.index(), " out of range"));
      }
      results[r.index()] = r;
      switch (r.outcome()) {
        case Result::OUTCOME_APPLIED:
          ++report.applied;
          break;
        case Result::OUTCOME_DUPLICATE:
          ++report.duplicates;
          break;
        case Result::OUTCOME_CONFLICT:
          ++report.conflicts;
          break;
        case Result::OUTCOME_INVALID:
          ++report.invalid;
          break;
        case Result::OUTCOME_ALREADY_EXISTS:
          ++report.already_registered;
          break;
        default:
          return absl::InternalError(absl::StrCat("unknown outcome for record ", r.index()));
      }
    }
    JM_RETURN_IF_ERROR(outbox_->RecordResults(keys, results, absl::Now()));
    ++report.batches;
  }
}

}  // namespace jobmatch::field
