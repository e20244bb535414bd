// A small Prometheus metrics registry: counters, gauges and histograms with
// labels, and gauges computed when scraped, rendered in the Prometheus text
// exposition format (version 0.0.4). Debian ships no Prometheus C++ client.
//
// Cost on the hot path: a metric with its label values is looked up once
// (Family::WithLabels, under the family's lock) and the pointer kept; every
// update after that is a relaxed atomic operation, never a lock. Metrics live
// as long as their registry; the process-wide one (DefaultRegistry) forever.
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_REGISTRY_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_REGISTRY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jobmatch::metrics {

// Only ever goes up (requests served, rows imported). Thread-safe.
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Goes up and down (connections in use, the feed's head). Thread-safe.
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted in buckets by upper bound (call latencies in seconds).
// Thread-safe.
class Histogram {
 public:
  // `bounds`: increasing upper bounds; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations per bucket (not cumulative), the last one above every bound.
  std::vector<uint64_t> BucketCounts() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets for RPCs and passes, in seconds: 0.5 ms to 10 s.
const std::vector<double>& LatencyBuckets();

// One metric name with its label names; one metric per set of label values.
// Thread-safe.
template <typename Metric>
class Family {
 public:
  Family(std::vector<std::string> label_names, std::function<std::unique_ptr<Metric>()> make)
      : label_names_(std::move(label_names)), make_(std::move(make)) {}

  // The metric for `values` (one per label name, in order), made on first
  // use. The reference stays valid as long as the registry: keep it.
  Metric& WithLabels(const std::vector<std::string>& values) {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<Metric>& slot = metrics_[values];
    if (!slot) slot = make_();
    return *slot;
  }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Calls `visit` with each set of label values and its metric, in order.
  void ForEach(
      const std::function<void(const std::vector<std::string>&, const Metric&)>& visit) const {
    absl::MutexLock lock(&mu_);
    for (const auto& [values, metric] : metrics_) visit(values, *metric);
  }

 private:
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> metrics_ ABSL_GUARDED_BY(mu_);
};

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry;

// Keeps a scrape-time metric registered; unregisters it when destroyed, so
// the callback never outlives what it reads. Movable.
class CallbackHandle {
 public:
  CallbackHandle() = default;
  CallbackHandle(Registry* registry, uint64_t id) : registry_(registry), id_(id) {}
  CallbackHandle(CallbackHandle&& other) noexcept { *this = std::move(other); }
  CallbackHandle& operator=(CallbackHandle&& other) noexcept;
  ~CallbackHandle();

 private:
  Registry* registry_ = nullptr;
  uint64_t id_ = 0;
};

// Thread-safe.
class Registry {
 public:
  // A family by name, made on first use; later calls with the same name get
  // the same family (their label names must match; help is the first one's).
  Family<Counter>& CounterFamily(const std::string& name, const std::string& help,
                                 std::vector<std::string> label_names = {});
  Family<Gauge>& GaugeFamily(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names = {});
  Family<Histogram>& HistogramFamily(const std::string& name, const std::string& help,
                                     std::vector<std::string> label_names,
                                     std::vector<double> bounds);

  // A gauge (or, with `counter`, a counter) whose value `read` gives at each
  // scrape, for figures another object already keeps (the pool's open
  // connections, the index's size). `read` runs on the scraping thread, so it
  // must be thread-safe and quick. Series of one name share its help and type.
  [[nodiscard]] CallbackHandle AddCallback(const std::string& name, const std::string& help,
                                           Labels labels, std::function<double()> read,
                                           bool counter = false);

  // Every metric in the Prometheus text format, families in name order.
  std::string Render() const;

 private:
  friend class CallbackHandle;
  struct Callback {
    std::string name, help;
    Labels labels;
    std::function<double()> read;
    bool counter;
  };
  struct Entry {
    std::string help;
    std::string type;  // "counter", "gauge", "histogram"
    std::unique_ptr<Family<Counter>> counters;
    std::unique_ptr<Family<Gauge>> gauges;
    std::unique_ptr<Family<Histogram>> histograms;
  };
  Entry& EntryFor(const std::string& name, const std::string& help, const char* type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Remove(uint64_t id);

  mutable absl::Mutex mu_;
  std::map<std::string, Entry> families_ ABSL_GUARDED_BY(mu_);
  std::map<uint64_t, Callback> callbacks_ ABSL_GUARDED_BY(mu_);
  uint64_t next_callback_ ABSL_GUARDED_BY(mu_) = 1;
};

// The process's registry: what a binary's --metrics_port serves.
Registry& DefaultRegistry();

// `value` escaped for a label value: backslash, double quote and newline.
std::string EscapeLabelValue(const std::string& value);

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_REGISTRY_H_
