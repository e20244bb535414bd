// Caps on concurrent server streams (matcher WatchMatches, events
// Subscribe), so that one caller holding thousands of idle streams cannot
// take the memory and threads every other caller needs. A stream past a cap
// is refused at once with RESOURCE_EXHAUSTED and a retry hint; the slot is
// held by a StreamPermit and given back when the permit is destroyed, which
// a reactor does on every way its stream ends (OnDone).
#ifndef JOBMATCH_SERVICES_COMMON_STREAM_LIMITS_H_
#define JOBMATCH_SERVICES_COMMON_STREAM_LIMITS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/caller.h"

namespace jobmatch {

struct StreamLimitOptions {
  // Most streams open at once in the process, and per caller (role and
  // subject; anonymous callers share one count). 0 means no cap.
  int64_t max_streams = 40000;
  int64_t max_streams_per_caller = 1000;
  // The delay a refused caller is asked to wait before trying again.
  absl::Duration retry_after = absl::Seconds(1);
};

class StreamLimiter;

// One admitted stream's slot; released on destruction. Movable only.
class StreamPermit {
 public:
  StreamPermit() = default;
  StreamPermit(StreamPermit&& other) noexcept;
  StreamPermit& operator=(StreamPermit&& other) noexcept;
  StreamPermit(const StreamPermit&) = delete;
  StreamPermit& operator=(const StreamPermit&) = delete;
  ~StreamPermit();

  // Gives the slot back now (idempotent).
  void Release();

 private:
  friend class StreamLimiter;
  StreamPermit(StreamLimiter* limiter, std::string key) : limiter_(limiter), key_(std::move(key)) {}
  StreamLimiter* limiter_ = nullptr;
  std::string key_;
};

// Thread-safe. Must outlive every permit it hands out.
class StreamLimiter {
 public:
  explicit StreamLimiter(StreamLimitOptions options = {}) : options_(options) {}

  // A slot for one more stream of `caller`, or RESOURCE_EXHAUSTED (with a
  // google.rpc.RetryInfo) when the process or the caller is at its cap.
  absl::StatusOr<StreamPermit> Admit(const Caller& caller);

  int64_t open_streams() const;
  int64_t open_streams_of(const Caller& caller) const;

 private:
  friend class StreamPermit;
  static std::string KeyOf(const Caller& caller);
  void Release(const std::string& key);

  const StreamLimitOptions options_;
  mutable absl::Mutex mu_;
  int64_t total_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int64_t> per_caller_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_STREAM_LIMITS_H_
