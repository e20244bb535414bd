#include "clients/load/step_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace jobmatch::load {
namespace {

int64_t TotalSent(const StepResult& step) {
  int64_t n = 0;
  for (const KindSummary& k : step.kinds) n += k.sent;
  return n;
}

std::string Failures(const KindSummary& k) {
  std::vector<std::string> parts;
  for (const auto& [code, n] : k.failures) parts.push_back(absl::StrCat(code, " ", n));
  return absl::StrJoin(parts, ", ");
}

}  // namespace

void Judge(const SustainRule& rule, StepResult* step) {
  std::vector<std::string> broken;
  for (int k = 0; k < kCallKinds; ++k) {
    const KindSummary& s = step->kinds[k];
    if (s.sent == 0) continue;
    const std::string name(KindName(static_cast<CallKind>(k)));
    if (s.p99_ms > rule.p99_limit_ms) {
      broken.push_back(absl::StrFormat("%s p99 %.1f ms", name, s.p99_ms));
    }
    if (static_cast<double>(s.failed) > rule.max_failure_share * static_cast<double>(s.sent)) {
      broken.push_back(
          absl::StrFormat("%s %d of %d failed (%s)", name, s.failed, s.sent, s.first_failure));
    }
  }
  step->sustained = broken.empty();
  step->verdict = step->sustained
                      ? absl::StrFormat("sustained: every p99 ≤ %.0f ms, failures ≤ %.1f%%",
                                        rule.p99_limit_ms, 100 * rule.max_failure_share)
                      : absl::StrCat("broken: ", absl::StrJoin(broken, "; "));
}

void PrintStep(const StepResult& step, std::ostream& out) {
  const int64_t sent = TotalSent(step);
  out << absl::StrFormat(
      "\n### %.0f calls/s for %s: %d calls (load average %s before, %s after)\n\n", step.rate,
      absl::FormatDuration(step.duration), sent, step.load_before, step.load_after);
  out << "| call | RPC | sent | ok | failed | p50 ms | p99 ms | p99.9 ms | max ms |\n"
         "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (int k = 0; k < kCallKinds; ++k) {
    const KindSummary& s = step.kinds[k];
    if (s.sent == 0) continue;
    const CallKind kind = static_cast<CallKind>(k);
    out << absl::StrFormat("| %s | %s | %d | %d | %d%s | %.2f | %.2f | %.2f | %.2f |\n",
                           KindName(kind), KindRpc(kind), s.sent, s.ok, s.failed,
                           s.failed > 0 ? absl::StrCat(" (", Failures(s), ")") : "", s.p50_ms,
                           s.p99_ms, s.p999_ms, s.max_ms);
  }
  if (step.pushes > 0) {
    const KindSummary& d = step.deliveries;
    out << absl::StrFormat(
        "| push → watcher | MatcherService/WatchMatches | %d pushes | %d arrivals | | %.2f | %.2f "
        "| %.2f | %.2f |\n",
        step.pushes, d.ok, d.p50_ms, d.p99_ms, d.p999_ms, d.max_ms);
  }
  out << absl::StrFormat(
      "\nIssuer: %d calls left more than 1 ms late, the latest %.1f ms late (counted in "
      "latency).\n",
      step.schedule.late, std::chrono::duration<double, std::milli>(step.schedule.max_lag).count());
  if (!step.cpu.empty()) {
    const double seconds = absl::ToDoubleSeconds(step.duration);
    out << "\n| process | CPU s | CPU ms per call | cores busy |\n|---|---:|---:|---:|\n";
    for (const ServiceCpu& c : step.cpu) {
      out << absl::StrFormat("| %s | %.2f | %.3f | %.2f |\n", c.name, c.seconds,
                             sent > 0 ? 1000 * c.seconds / static_cast<double>(sent) : 0,
                             seconds > 0 ? c.seconds / seconds : 0);
    }
  }
  out << "\n" << step.verdict << "\n";
}

void WriteStepTsv(const StepResult& step, std::ostream& out) {
  const int64_t sent = TotalSent(step);
  for (int k = 0; k < kCallKinds; ++k) {
    const KindSummary& s = step.kinds[k];
    if (s.sent == 0) continue;
    out << absl::StrFormat("kind\t%.0f\t%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", step.rate,
                           KindName(static_cast<CallKind>(k)), s.sent, s.ok, s.failed, s.p50_ms,
                           s.p99_ms, s.p999_ms, s.max_ms);
  }
  const KindSummary& d = step.deliveries;
  out << absl::StrFormat("delivery\t%.0f\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", step.rate, step.pushes,
                         d.ok, d.p50_ms, d.p99_ms, d.p999_ms, d.max_ms);
  for (const ServiceCpu& c : step.cpu) {
    out << absl::StrFormat("cpu\t%.0f\t%s\t%.3f\t%.4f\n", step.rate, c.name, c.seconds,
                           sent > 0 ? 1000 * c.seconds / static_cast<double>(sent) : 0);
  }
  out << absl::StrFormat("verdict\t%.0f\t%s\t%s\n", step.rate,
                         step.sustained ? "sustained" : "broken", step.verdict);
}

namespace {

// CPU ms per call of the step's only kind, for process `i`.
double MsPerCall(const StepResult& step, size_t i) {
  const int64_t sent = TotalSent(step);
  return sent > 0 ? 1000 * step.cpu[i].seconds / static_cast<double>(sent) : 0;
}

}  // namespace

void PrintAttribution(const std::vector<AttributedKind>& rows, std::ostream& out) {
  if (rows.empty() || rows[0].step.cpu.empty()) return;
  const std::vector<ServiceCpu>& procs = rows[0].step.cpu;
  out << absl::StrFormat("\n### Each call alone at %.0f calls/s: CPU ms per call\n\n",
                         rows[0].step.rate);
  out << "| call | p50 ms | p99 ms |";
  for (const ServiceCpu& c : procs) out << " " << c.name << " |";
  out << " all services | share of the mix | ms per call of the mix |\n|---|---:|---:|";
  for (size_t i = 0; i < procs.size(); ++i) out << "---:|";
  out << "---:|---:|---:|\n";
  double mix_total = 0;
  for (const AttributedKind& r : rows) {
    const KindSummary& k = r.step.kinds[static_cast<int>(r.kind)];
    out << absl::StrFormat("| %s | %.2f | %.2f |", KindName(r.kind), k.p50_ms, k.p99_ms);
    double services = 0;
    for (size_t i = 0; i < r.step.cpu.size(); ++i) {
      const double ms = MsPerCall(r.step, i);
      out << absl::StrFormat(" %.3f |", ms);
      if (r.step.cpu[i].name != "load generator") services += ms;
    }
    mix_total += services * r.share;
    out << absl::StrFormat(" %.3f | %.1f%% | %.3f |\n", services, 100 * r.share,
                           services * r.share);
  }
  out << absl::StrFormat(
      "\nThe services spend about %.2f ms of CPU per call of the mix: %.0f calls/s per core.\n",
      mix_total, mix_total > 0 ? 1000 / mix_total : 0);
}

void WriteAttributionTsv(const std::vector<AttributedKind>& rows, std::ostream& out) {
  for (const AttributedKind& r : rows) {
    for (size_t i = 0; i < r.step.cpu.size(); ++i) {
      out << absl::StrFormat("attrib\t%.0f\t%s\t%s\t%.4f\n", r.step.rate, KindName(r.kind),
                             r.step.cpu[i].name, MsPerCall(r.step, i));
    }
  }
}

}  // namespace jobmatch::load
