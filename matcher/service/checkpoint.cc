#include "matcher/service/checkpoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jobmatch::matcher {
namespace {

// The file: this line, then the sealed body. The body starts with its
// version; a file of another version is not loaded (the matcher starts from
// the services). 2: the index's image (MatchIndex::WriteImage), lists included.
// 3: people carry their registration time, last application or hire and
// visit-recorded wishes; campaigns their kind, regions, targeting rules and
// widened area. 4: the visits of households with no profile (先有需求).
constexpr absl::string_view kMagic = "jobmatch-matcher-checkpoint\n";
constexpr uint64_t kVersion = 4;
// The seal names what it holds, so no other ciphertext under the checkpoint
// key passes for a checkpoint. A file sealed before this opens no more, and
// the matcher starts from the services once.
constexpr SealContext kSealedAt{"matcher", "checkpoint", "index"};

// The whole file in one read.
absl::Status ReadWhole(const std::string& path, std::string* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // Absent is the usual first start; anything else (permissions) is worth saying.
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no checkpoint at ", path));
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path));
  }
  struct stat st;
  absl::Status status;
  if (::fstat(fd, &st) != 0) {
    status = absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path));
  } else {
    out->resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < out->size()) {
      const ssize_t n = ::read(fd, out->data() + done, out->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        status = absl::ErrnoToStatus(n < 0 ? errno : EIO, absl::StrCat("cannot read ", path));
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  return status;
}

}  // namespace

absl::Status SaveCheckpoint(const MatchIndex& index, const DataProtector& key,
                            const std::string& path) {
  std::string out;
  {
    codec::Writer body;
    body.Field(kVersion);
    index.WriteImage(body);
    out = std::move(body).Take();
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << kMagic << key.Seal(out, kSealedAt);
    file.flush();
    if (!file) {
      std::remove(tmp.c_str());
      return absl::InternalError(absl::StrCat("cannot write ", tmp));
    }
  }
  // Sealed, but nobody else's business either.
  if (::chmod(tmp.c_str(), 0600) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return absl::InternalError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

absl::Status LoadCheckpoint(const std::string& path, const DataProtector& key, MatchIndex* index,
                            CheckpointLoadTimes* times) {
  absl::Time t = absl::Now();
  auto lap = [&t](absl::Duration* into) {
    const absl::Time now = absl::Now();
    if (into != nullptr) *into = now - t;
    t = now;
  };
  CheckpointLoadTimes unused;
  if (times == nullptr) times = &unused;
  absl::StatusOr<std::string> body;
  {
    std::string bytes;
    if (absl::Status read = ReadWhole(path, &bytes); !read.ok()) return read;
    times->bytes = bytes.size();
    lap(&times->read);
    if (absl::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
      return absl::DataLossError(absl::StrCat(path, " is not a matcher checkpoint"));
    }
    body = key.Open(absl::string_view(bytes).substr(kMagic.size()), kSealedAt);
    if (!body.ok()) return body.status();
    lap(&times->unseal);
  }  // the sealed bytes are freed before the index grows

  codec::Reader in(*body);
  uint64_t version = 0;
  in.Field(version);
  if (!in.ok() || version != kVersion) {
    return absl::DataLossError(absl::StrCat(path, ": checkpoint version ", version, ", not ",
                                            kVersion, " (written by another matcher version)"));
  }
  MatchIndex::ImageTimes image;
  absl::Status read = index->ReadImage(in, &image);
  times->decode = image.decode;
  times->build = image.build;
  if (!read.ok()) return absl::Status(read.code(), absl::StrCat(path, ": ", read.message()));
  return absl::OkStatus();
}

CheckpointWriter::CheckpointWriter(const MatchIndex* index, DataProtector key, std::string path,
                                   absl::Duration interval)
    : index_(index), key_(std::move(key)), path_(std::move(path)), interval_(interval) {}

CheckpointWriter::~CheckpointWriter() { Stop(); }

void CheckpointWriter::Start() {
  thread_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(interval_)) SaveIfMoved();
  });
}

void CheckpointWriter::Stop() {
  if (!thread_.joinable()) return;
  stop_.Notify();
  thread_.join();
  SaveIfMoved();
}

void CheckpointWriter::SaveIfMoved() {
  const int64_t cursor = index_->cursor();
  if (cursor == saved_cursor_ || cursor == 0) return;  // nothing new, or nothing yet
  if (absl::Status s = SaveCheckpoint(*index_, key_, path_); !s.ok()) {
    std::fprintf(stderr, "jobmatch-matcher: checkpoint: %s\n", s.ToString().c_str());
    return;
  }
  saved_cursor_ = cursor;
}

}  // namespace jobmatch::matcher
