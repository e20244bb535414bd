#include "clients/load/open_loop.h"

#include <thread>

namespace jobmatch::load {

ScheduleReport RunOpenLoop(double rate, absl::Duration duration,
                           const std::function<void(int64_t, Clock::time_point)>& issue) {
  ScheduleReport report;
  if (rate <= 0) return report;
  const Clock::time_point start = Clock::now();
  const int64_t calls = static_cast<int64_t>(absl::ToDoubleSeconds(duration) * rate);
  for (int64_t i = 0; i < calls; ++i) {
    const Clock::time_point due = start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(i / rate));
    Clock::time_point now = Clock::now();
    if (now < due) {
      std::this_thread::sleep_until(due);
      now = Clock::now();
    }
    const Clock::duration lag = now - due;
    if (lag > report.max_lag) report.max_lag = lag;
    if (lag > std::chrono::milliseconds(1)) ++report.late;
    issue(i, due);
    ++report.issued;
  }
  return report;
}

}  // namespace jobmatch::load
