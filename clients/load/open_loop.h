// The open-loop schedule: call i is due at start + i / rate, whatever became
// of the calls before it. The issuing thread never waits for an answer, so a
// slow server meets the same arrival rate a city's users would keep up, and
// its queueing shows in latencies measured from the due time.
#ifndef JOBMATCH_CLIENTS_LOAD_OPEN_LOOP_H_
#define JOBMATCH_CLIENTS_LOAD_OPEN_LOOP_H_

#include <cstdint>
#include <functional>

#include "absl/time/time.h"
#include "clients/load/latency.h"

namespace jobmatch::load {

struct ScheduleReport {
  int64_t issued = 0;
  // How late the issuing thread was at worst, and how many calls left more
  // than 1 ms after their due time (the generator itself short of CPU; their
  // lateness is in their latency all the same).
  Clock::duration max_lag{};
  int64_t late = 0;
};

// Calls `issue(i, due)` for every i with due time within `duration` of now,
// at `rate` calls a second, on this thread. `issue` must start its call and
// return at once. A late issuer catches up without skipping any call.
ScheduleReport RunOpenLoop(double rate, absl::Duration duration,
                           const std::function<void(int64_t, Clock::time_point)>& issue);

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_OPEN_LOOP_H_
