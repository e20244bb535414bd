#include "clients/load/latency.h"

#include <algorithm>
#include <cmath>

namespace jobmatch::load {

double NearestRank(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

void LatencyRecorder::Sent(CallKind kind) {
  absl::MutexLock lock(&mu_);
  ++kinds_[static_cast<int>(kind)].counts.sent;
}

void LatencyRecorder::Done(CallKind kind, Clock::duration latency, bool ok, const std::string& code,
                           const std::string& message) {
  const double ms = std::chrono::duration<double, std::milli>(latency).count();
  absl::MutexLock lock(&mu_);
  Series& s = kinds_[static_cast<int>(kind)];
  if (ok) {
    ++s.counts.ok;
    s.ms.push_back(ms);
    return;
  }
  ++s.counts.failed;
  ++s.counts.failures[code];
  if (s.counts.first_failure.empty()) s.counts.first_failure = code + ": " + message;
}

void LatencyRecorder::Extra(const std::string& name, Clock::duration latency) {
  const double ms = std::chrono::duration<double, std::milli>(latency).count();
  absl::MutexLock lock(&mu_);
  Series& s = extra_[name];
  ++s.counts.sent;
  ++s.counts.ok;
  s.ms.push_back(ms);
}

KindSummary LatencyRecorder::Summarise(const Series& series) {
  KindSummary out = series.counts;
  std::vector<double> sorted = series.ms;
  std::sort(sorted.begin(), sorted.end());
  out.p50_ms = NearestRank(sorted, 0.5);
  out.p99_ms = NearestRank(sorted, 0.99);
  out.p999_ms = NearestRank(sorted, 0.999);
  out.max_ms = sorted.empty() ? 0 : sorted.back();
  return out;
}

KindSummary LatencyRecorder::Summary(CallKind kind) const {
  absl::MutexLock lock(&mu_);
  return Summarise(kinds_[static_cast<int>(kind)]);
}

KindSummary LatencyRecorder::ExtraSummary(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  auto it = extra_.find(name);
  return it == extra_.end() ? KindSummary{} : Summarise(it->second);
}

int64_t LatencyRecorder::TotalSent() const {
  absl::MutexLock lock(&mu_);
  int64_t n = 0;
  for (const Series& s : kinds_) n += s.counts.sent;
  return n;
}

int64_t LatencyRecorder::TotalDone() const {
  absl::MutexLock lock(&mu_);
  int64_t n = 0;
  for (const Series& s : kinds_) n += s.counts.ok + s.counts.failed;
  return n;
}

}  // namespace jobmatch::load
