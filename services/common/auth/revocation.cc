#include "services/common/auth/revocation.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace jobmatch::auth {
namespace {

bool ValidSubject(absl::string_view subject) {
  if (subject.empty()) return false;
  for (char c : subject) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || absl::ascii_iscntrl(c)) return false;
  }
  return true;
}

}  // namespace

absl::Status AppendRevocation(const std::string& path, absl::string_view subject,
                              absl::Time issued_before) {
  if (!ValidSubject(subject)) {
    return absl::InvalidArgumentError("--subject: required, without spaces");
  }
  const std::string line =
      absl::StrCat(subject, "\t", absl::ToUnixSeconds(issued_before), "\t",
                   absl::FormatTime(absl::RFC3339_sec, issued_before, absl::UTCTimeZone()), "\n");
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  // One write of one line with O_APPEND: a reader never sees half of it
  // joined to another writer's line.
  const bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const int err = errno;
  const bool synced = written && fsync(fd) == 0;
  close(fd);
  if (!synced) {
    return absl::InternalError(absl::StrCat("cannot write ", path, ": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

absl::Status RevocationList::Load() {
  absl::MutexLock lock(&mu_);
  next_check_ = absl::Now() + kCheckEvery;
  return ReloadLocked();
}

absl::Status RevocationList::ReloadLocked() {
  struct stat st {};
  if (stat(path_.c_str(), &st) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("revocation file ", path_, ": ", std::strerror(errno)));
  }
  FileStamp stamp{st.st_ino, st.st_size, st.st_mtim};
  std::ifstream in(path_);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path_));
  absl::flat_hash_map<std::string, absl::Time> loaded;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(text, '\t');
    int64_t seconds = 0;
    if (parts.size() < 2 || !ValidSubject(parts[0]) || !absl::SimpleAtoi(parts[1], &seconds)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path_, " line ", number, ": expected SUBJECT<TAB>UNIX-SECONDS"));
    }
    absl::Time& before = loaded[std::string(parts[0])];
    before = std::max(before, absl::FromUnixSeconds(seconds));
  }
  issued_before_ = std::move(loaded);
  stamp_ = stamp;
  return absl::OkStatus();
}

bool RevocationList::IsRevoked(absl::string_view subject, absl::Time issued_at, absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (now >= next_check_) {
    next_check_ = now + kCheckEvery;
    struct stat st {};
    const bool changed =
        stat(path_.c_str(), &st) != 0 || !(FileStamp{st.st_ino, st.st_size, st.st_mtim} == stamp_);
    if (changed) {
      if (absl::Status s = ReloadLocked(); !s.ok()) {
        std::cerr << "token revocations: keeping the last list: " << s << "\n";
      }
    }
  }
  auto it = issued_before_.find(subject);
  return it != issued_before_.end() && issued_at < it->second;
}

}  // namespace jobmatch::auth
