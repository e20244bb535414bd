// CPU time a process has used, from /proc: how the load report prices each
// service's work per request.
#ifndef JOBMATCH_CLIENTS_LOAD_PROC_CPU_H_
#define JOBMATCH_CLIENTS_LOAD_PROC_CPU_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::load {

// User plus system CPU seconds of process `pid` (and its threads) so far, from
// /proc/PID/stat. NOT_FOUND when the process is gone.
absl::StatusOr<double> ProcessCpuSeconds(int pid);

// The same parsed from the text of a /proc/PID/stat file (the command name
// in parentheses may hold spaces and parentheses). INVALID_ARGUMENT when it
// does not parse.
absl::StatusOr<double> CpuSecondsFromStat(absl::string_view stat, long ticks_per_second);

// The three load averages, "0.35 1.04 1.43"; "?" when /proc/loadavg is unreadable.
std::string LoadAverage();

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_PROC_CPU_H_
