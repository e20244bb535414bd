// The matcher's index kept on disk: every post and person it holds, what
// people did (applications, hires), and the feed cursor all of it reflects.
// A restarted matcher loads it and follows the feed from that cursor instead
// of listing every post and person again. The file is sealed under the
// matcher's own checkpoint key (KeyUse::kMatcherCheckpoint; people's key
// groups include LOW_INCOME and DISABLED), and each replica keeps its own.
#ifndef JOBMATCH_MATCHER_SERVICE_CHECKPOINT_H_
#define JOBMATCH_MATCHER_SERVICE_CHECKPOINT_H_

#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "matcher/index/match_index.h"
#include "services/common/crypto/data_protector.h"

namespace jobmatch::matcher {

// Writes the whole index and its cursor, consistently (MatchIndex::TakeSnapshot),
// to a temporary file renamed over `path`, so a crash leaves the old one.
absl::Status SaveCheckpoint(const MatchIndex& index, const DataProtector& key,
                            const std::string& path);

// Where a load spent its time, for the log: the file read in one go, its
// seal opened, the records decoded, the index's entries and lists made
// (restored in the order written, nothing sorted).
struct CheckpointLoadTimes {
  size_t bytes = 0;
  absl::Duration read;
  absl::Duration unseal;
  absl::Duration decode;
  absl::Duration build;
};

// Fills an empty `index` from `path`, cursor included. NOT_FOUND when there
// is no file; DATA_LOSS when it is damaged, sealed under another key or of
// another version; the errno's code when it cannot be read. On any error the
// index is unchanged. `times`, if given, says where the time went.
absl::Status LoadCheckpoint(const std::string& path, const DataProtector& key, MatchIndex* index,
                            CheckpointLoadTimes* times = nullptr);

// Saves every `interval` while the cursor moves, and once more on Stop.
class CheckpointWriter {
 public:
  // `index` must outlive the writer.
  CheckpointWriter(const MatchIndex* index, DataProtector key, std::string path,
                   absl::Duration interval);
  ~CheckpointWriter();  // stops

  void Start();
  void Stop();

 private:
  void SaveIfMoved();

  const MatchIndex* index_;
  const DataProtector key_;
  const std::string path_;
  const absl::Duration interval_;
  int64_t saved_cursor_ = -1;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_CHECKPOINT_H_
