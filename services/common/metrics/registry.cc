#include "services/common/metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace jobmatch::metrics {
namespace {

// Prometheus accepts any float; integers (counts, cursors) are written in
// full rather than rounded to 6 digits.
std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 9e15) return absl::StrCat(static_cast<int64_t>(v));
  // The shortest of 15 or 17 digits that reads back as `v` (0.1, not
  // 0.10000000000000001).
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// `{a="x",b="y"}` (with `extra` last), or "" for no labels at all.
std::string LabelText(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      const std::string& extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"", EscapeLabelValue(values[i]),
                    "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? "" : absl::StrCat("{", out, "}");
}

void AddDouble(std::atomic<double>& target, double delta) {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + delta, std::memory_order_relaxed)) {
  }
}

}  // namespace

void Gauge::Add(double delta) { AddDouble(value_, delta); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  // Bounds are few (about 15): a linear scan beats a binary search.
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  AddDouble(sum_, v);
}

std::vector<uint64_t> Histogram::BucketCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  for (size_t i = 0; i < out.size(); ++i) out[i] = buckets_[i].load(std::memory_order_relaxed);
  return out;
}

const std::vector<double>& LatencyBuckets() {
  static const auto* const kBuckets = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

CallbackHandle& CallbackHandle::operator=(CallbackHandle&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->Remove(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CallbackHandle::~CallbackHandle() {
  if (registry_ != nullptr) registry_->Remove(id_);
}

Registry::Entry& Registry::EntryFor(const std::string& name, const std::string& help,
                                    const char* type) {
  Entry& entry = families_[name];
  if (entry.type.empty()) {
    entry.help = help;
    entry.type = type;
  }
  return entry;
}

Family<Counter>& Registry::CounterFamily(const std::string& name, const std::string& help,
                                         std::vector<std::string> label_names) {
  absl::MutexLock lock(&mu_);
  Entry& entry = EntryFor(name, help, "counter");
  if (!entry.counters) {
    entry.counters = std::make_unique<Family<Counter>>(std::move(label_names),
                                                       [] { return std::make_unique<Counter>(); });
  }
  return *entry.counters;
}

Family<Gauge>& Registry::GaugeFamily(const std::string& name, const std::string& help,
                                     std::vector<std::string> label_names) {
  absl::MutexLock lock(&mu_);
  Entry& entry = EntryFor(name, help, "gauge");
  if (!entry.gauges) {
    entry.gauges = std::make_unique<Family<Gauge>>(std::move(label_names),
                                                   [] { return std::make_unique<Gauge>(); });
  }
  return *entry.gauges;
}

Family<Histogram>& Registry::HistogramFamily(const std::string& name, const std::string& help,
                                             std::vector<std::string> label_names,
                                             std::vector<double> bounds) {
  absl::MutexLock lock(&mu_);
  Entry& entry = EntryFor(name, help, "histogram");
  if (!entry.histograms) {
    entry.histograms = std::make_unique<Family<Histogram>>(
        std::move(label_names), [bounds] { return std::make_unique<Histogram>(bounds); });
  }
  return *entry.histograms;
}

CallbackHandle Registry::AddCallback(const std::string& name, const std::string& help,
                                     Labels labels, std::function<double()> read, bool counter) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_callback_++;
  callbacks_[id] = {name, help, std::move(labels), std::move(read), counter};
  return CallbackHandle(this, id);
}

void Registry::Remove(uint64_t id) {
  absl::MutexLock lock(&mu_);
  callbacks_.erase(id);
}

std::string Registry::Render() const {
  // Callbacks run under the lock, so that a handle being destroyed (and the
  // object its callback reads) waits for the scrape to finish.
  absl::MutexLock lock(&mu_);
  std::map<std::string, std::vector<const Callback*>> by_name;
  for (const auto& [id, callback] : callbacks_) by_name[callback.name].push_back(&callback);
  std::string out;
  auto header = [&out](const std::string& name, const std::string& help, const std::string& type) {
    absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
  };
  for (const auto& [name, entry] : families_) {
    header(name, entry.help, entry.type);
    if (entry.counters) {
      entry.counters->ForEach([&](const std::vector<std::string>& values, const Counter& c) {
        absl::StrAppend(&out, name, LabelText(entry.counters->label_names(), values), " ",
                        c.value(), "\n");
      });
    }
    if (entry.gauges) {
      entry.gauges->ForEach([&](const std::vector<std::string>& values, const Gauge& g) {
        absl::StrAppend(&out, name, LabelText(entry.gauges->label_names(), values), " ",
                        FormatValue(g.value()), "\n");
      });
    }
    if (entry.histograms) {
      const std::vector<std::string>& names = entry.histograms->label_names();
      entry.histograms->ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
        const std::vector<uint64_t> counts = h.BucketCounts();
        uint64_t cumulative = 0;
        for (size_t i = 0; i < counts.size(); ++i) {
          cumulative += counts[i];
          const std::string le =
              i < h.bounds().size() ? FormatValue(h.bounds()[i]) : std::string("+Inf");
          absl::StrAppend(&out, name, "_bucket", LabelText(names, values, "le=\"" + le + "\""), " ",
                          cumulative, "\n");
        }
        // The sum and count as of the buckets above, so that count equals
        // the +Inf bucket even while observations arrive.
        absl::StrAppend(&out, name, "_sum", LabelText(names, values), " ", FormatValue(h.sum()),
                        "\n", name, "_count", LabelText(names, values), " ", cumulative, "\n");
      });
    }
  }
  for (const auto& [name, callbacks] : by_name) {
    header(name, callbacks.front()->help, callbacks.front()->counter ? "counter" : "gauge");
    for (const Callback* c : callbacks) {
      std::vector<std::string> names, values;
      for (const auto& [label, value] : c->labels) {
        names.push_back(label);
        values.push_back(value);
      }
      absl::StrAppend(&out, name, LabelText(names, values), " ", FormatValue(c->read()), "\n");
    }
  }
  return out;
}

Registry& DefaultRegistry() {
  static auto* const kRegistry = new Registry();
  return *kRegistry;
}

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace jobmatch::metrics
