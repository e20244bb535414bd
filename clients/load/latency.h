// What one step of a load run saw, per call kind: how many calls were sent,
// answered OK or failed (by status code), and the latency of every answered
// call, measured from the time the call was scheduled, not the time it was
// sent, so a client or server that falls behind shows as latency (no
// coordinated omission).
#ifndef JOBMATCH_CLIENTS_LOAD_LATENCY_H_
#define JOBMATCH_CLIENTS_LOAD_LATENCY_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "clients/load/mix.h"

namespace jobmatch::load {

using Clock = std::chrono::steady_clock;

struct KindSummary {
  int64_t sent = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  // Of the OK calls, in milliseconds; 0 when none.
  double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
  // Failures by gRPC status code name, and the first failure's message.
  std::map<std::string, int64_t> failures;
  std::string first_failure;
};

// Thread-safe: calls complete on gRPC's threads.
class LatencyRecorder {
 public:
  void Sent(CallKind kind);
  // An answered call: `latency` from its scheduled time. A failure's
  // latency is not mixed into the quantiles (a refusal can be fast).
  void Done(CallKind kind, Clock::duration latency, bool ok, const std::string& code,
            const std::string& message);
  // A second series kept under a name of its own (the live push's arrivals
  // at its watchers): latency only.
  void Extra(const std::string& name, Clock::duration latency);

  KindSummary Summary(CallKind kind) const;
  KindSummary ExtraSummary(const std::string& name) const;
  int64_t TotalSent() const;
  int64_t TotalDone() const;

 private:
  struct Series {
    KindSummary counts;
    std::vector<double> ms;
  };
  static KindSummary Summarise(const Series& series);

  mutable absl::Mutex mu_;
  std::array<Series, kCallKinds> kinds_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Series> extra_ ABSL_GUARDED_BY(mu_);
};

// The q-quantile (0..1) of `sorted` by nearest rank: the smallest value with
// at least q of the values at or below it; 0 if empty.
double NearestRank(const std::vector<double>& sorted, double q);

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_LATENCY_H_
