// Append-only audit of reads of clear personal data (ID numbers, phones):
// who read, whose data, what, when and why. Services append a record BEFORE
// returning clear values and fail the call if the append fails, so that no
// reveal goes unrecorded. The profiles service keeps its own table in its
// schema (written in the reveal's transaction); this interface lets other
// paths and tools record reveals the same way.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_AUDIT_LOG_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_AUDIT_LOG_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/caller.h"

namespace jobmatch::auth {

struct AuditRecord {
  absl::Time at;
  // Who: the verified caller.
  Role actor_role = Role::kAnonymous;
  std::string actor_id;
  // Whose: the person the data belongs to (profile id).
  std::string subject_id;
  // What was revealed, e.g. "id_number,phone".
  std::string what;
  // Why, as the caller stated it (RevealSensitiveDataRequest.reason).
  std::string reason;
  // The RPC that revealed it.
  std::string method;
};

// A record of `caller` revealing `what` of `subject_id`, stamped now.
AuditRecord MakeAuditRecord(const Caller& caller, absl::string_view subject_id,
                            absl::string_view what, absl::string_view reason,
                            absl::string_view method);

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Durably appends `record`; records are never changed or removed through
  // this interface. INVALID_ARGUMENT without an actor, subject, what or reason.
  virtual absl::Status Append(const AuditRecord& record) = 0;
};

// One JSON object per line in a file opened O_APPEND (mode 0600), each record
// written with a single write() and flushed to disk with fdatasync() before
// Append returns. Thread-safe; several processes may share the file.
class FileAuditLog final : public AuditLog {
 public:
  static absl::StatusOr<std::unique_ptr<FileAuditLog>> Open(const std::string& path);
  ~FileAuditLog() override;

  absl::Status Append(const AuditRecord& record) override;

 private:
  explicit FileAuditLog(int fd) : fd_(fd) {}
  absl::Mutex mu_;
  const int fd_;
};

// Checks the fields every record needs.
absl::Status ValidateAuditRecord(const AuditRecord& record);

// The JSON line FileAuditLog writes for `record` (no trailing newline).
std::string AuditRecordJson(const AuditRecord& record);

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_AUDIT_LOG_H_
