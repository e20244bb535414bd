#include "services/common/auth/audit_log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace jobmatch::auth {
namespace {

// A JSON string literal: quotes, backslashes and control characters escaped;
// UTF-8 (Chinese reasons) passes through unchanged.
std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

absl::Status Errno(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", strerror(errno)));
}

}  // namespace

AuditRecord MakeAuditRecord(const Caller& caller, absl::string_view subject_id,
                            absl::string_view what, absl::string_view reason,
                            absl::string_view method) {
  AuditRecord r;
  r.at = absl::Now();
  r.actor_role = caller.role;
  r.actor_id = caller.subject_id;
  r.subject_id = std::string(subject_id);
  r.what = std::string(what);
  r.reason = std::string(reason);
  r.method = std::string(method);
  return r;
}

absl::Status ValidateAuditRecord(const AuditRecord& record) {
  if (record.actor_role == Role::kAnonymous || record.actor_id.empty()) {
    return absl::InvalidArgumentError("an audit record needs an identified actor");
  }
  if (record.subject_id.empty())
    return absl::InvalidArgumentError("an audit record needs a subject");
  if (record.what.empty()) return absl::InvalidArgumentError("an audit record needs what was read");
  if (record.reason.empty()) return absl::InvalidArgumentError("an audit record needs a reason");
  return absl::OkStatus();
}

std::string AuditRecordJson(const AuditRecord& r) {
  return absl::StrCat(
      "{\"at\":", JsonString(absl::FormatTime(absl::RFC3339_full, r.at, absl::UTCTimeZone())),
      ",\"actor_role\":", JsonString(RoleName(r.actor_role)),
      ",\"actor_id\":", JsonString(r.actor_id), ",\"subject_id\":", JsonString(r.subject_id),
      ",\"what\":", JsonString(r.what), ",\"reason\":", JsonString(r.reason),
      ",\"method\":", JsonString(r.method), "}");
}

absl::StatusOr<std::unique_ptr<FileAuditLog>> FileAuditLog::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(absl::StrCat("cannot open audit log ", path));
  return std::unique_ptr<FileAuditLog>(new FileAuditLog(fd));
}

FileAuditLog::~FileAuditLog() { ::close(fd_); }

absl::Status FileAuditLog::Append(const AuditRecord& record) {
  if (absl::Status s = ValidateAuditRecord(record); !s.ok()) return s;
  const std::string line = AuditRecordJson(record) + "\n";
  absl::MutexLock lock(&mu_);
  // One write() per record: with O_APPEND, lines from several writers never
  // interleave, and a short write is reported rather than retried in pieces.
  const ssize_t n = ::write(fd_, line.data(), line.size());
  if (n < 0) return Errno("audit log write");
  if (static_cast<size_t>(n) != line.size()) return absl::InternalError("audit log short write");
  if (::fdatasync(fd_) != 0) return Errno("audit log sync");
  return absl::OkStatus();
}

}  // namespace jobmatch::auth
