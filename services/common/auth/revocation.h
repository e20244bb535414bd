// Revocation of a subject's tokens before they expire (a lost tablet, a
// recruiter who left): `jobmatch-token revoke` appends a line to a file that
// every service reads (--token_revocation_file) and reloads when it changes.
// A token is refused when its subject is listed with an issued-before time
// later than the token's iat, so the subject's new tokens work again.
//
// The file: one revocation a line, "SUBJECT<TAB>UNIX-SECONDS[<TAB>note]";
// blank lines and lines starting with # are skipped; a subject listed twice
// counts with its latest time.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_REVOCATION_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_REVOCATION_H_

#include <sys/types.h>

#include <ctime>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jobmatch::auth {

// Appends the revocation of `subject`'s tokens issued before `issued_before`
// to `path` (created mode 0600), durably. INVALID_ARGUMENT for an empty
// subject or one with whitespace; INTERNAL when the file cannot be written.
absl::Status AppendRevocation(const std::string& path, absl::string_view subject,
                              absl::Time issued_before);

// The revocations of one file, reloaded when the file changes. Thread-safe.
class RevocationList {
 public:
  // How often IsRevoked looks at the file's modification time (one stat).
  static constexpr absl::Duration kCheckEvery = absl::Seconds(1);

  explicit RevocationList(std::string path) : path_(std::move(path)) {}

  // Reads the file: FAILED_PRECONDITION when it is missing or unreadable,
  // INVALID_ARGUMENT naming the first bad line. Call once before serving, so
  // a mistyped path stops the service instead of revoking nothing.
  absl::Status Load();

  // Whether tokens of `subject` issued at `issued_at` are revoked. Looks for
  // a changed file at most once per kCheckEvery (by `now`); a changed file
  // that cannot be read keeps the last list (and says so on stderr).
  bool IsRevoked(absl::string_view subject, absl::Time issued_at, absl::Time now = absl::Now());

 private:
  struct FileStamp {
    ino_t inode = 0;
    off_t size = -1;
    timespec mtime{};
    bool operator==(const FileStamp& o) const {
      return inode == o.inode && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
             mtime.tv_nsec == o.mtime.tv_nsec;
    }
  };
  absl::Status ReloadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Time> issued_before_ ABSL_GUARDED_BY(mu_);
  FileStamp stamp_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_REVOCATION_H_
