// One step of a rising-rate load run: what each call kind saw, what each
// service process spent, and whether the platform sustained the rate. Printed
// as Markdown tables (for the README) and as tab-separated lines (for scripts).
#ifndef JOBMATCH_CLIENTS_LOAD_STEP_REPORT_H_
#define JOBMATCH_CLIENTS_LOAD_STEP_REPORT_H_

#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/load/latency.h"
#include "clients/load/mix.h"
#include "clients/load/open_loop.h"

namespace jobmatch::load {

struct ServiceCpu {
  std::string name;  // "postings", "matcher", ..., "load generator"
  double seconds = 0;
};

struct StepResult {
  double rate = 0;  // calls a second scheduled
  absl::Duration duration;
  std::array<KindSummary, kCallKinds> kinds;
  KindSummary deliveries;  // pushed posts arriving at watchers, from the push's due time
  int64_t pushes = 0;
  ScheduleReport schedule;
  std::vector<ServiceCpu> cpu;
  std::string load_before, load_after;
  bool sustained = false;
  std::string verdict;  // why (not)
};

struct SustainRule {
  double p99_limit_ms = 50;          // every call kind's p99 at or under this
  double max_failure_share = 0.001;  // of each kind's calls
};

// Sets `step->sustained` and `step->verdict` by `rule`.
void Judge(const SustainRule& rule, StepResult* step);

// Markdown: the step's heading, its latency table and its CPU table.
void PrintStep(const StepResult& step, std::ostream& out);
// Tab-separated: "kind", "delivery", "cpu" and "verdict" lines, each led by the rate.
void WriteStepTsv(const StepResult& step, std::ostream& out);

// One call kind sent alone (jobmatch-load --attribute_rate): its share of
// the mix and the step that measured it.
struct AttributedKind {
  CallKind kind;
  double share = 0;
  StepResult step;
};

// Markdown: CPU ms one call of each kind costs each process, its p50/p99
// alone, and what it adds to one call of the mix (× its share).
void PrintAttribution(const std::vector<AttributedKind>& rows, std::ostream& out);
// Tab-separated "attrib" lines: kind, process, CPU ms per call of the kind.
void WriteAttributionTsv(const std::vector<AttributedKind>& rows, std::ostream& out);

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_STEP_REPORT_H_
