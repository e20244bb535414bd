// Whether ThreadSanitizer sees absl::Mutex (deploy/sanitize.sh thread runs
// this before the suites): two threads add to one counter, under an
// absl::Mutex ("guarded") or not ("racy"). With the TSan-built
// libabsl_synchronization (deploy/tsan-abseil.sh) the guarded run is clean
// and the racy one reported; with Debian's, TSan reports the guarded one too,
// and a clean suite would mean nothing.
//   tsan_absl_mutex_probe guarded|racy
#include <cstdio>
#include <cstring>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace {

constexpr int kAdds = 10000;

int RunGuarded() {
  absl::Mutex mu;
  long counter = 0;
  auto add = [&] {
    for (int i = 0; i < kAdds; ++i) {
      absl::MutexLock lock(&mu);
      ++counter;
    }
  };
  std::thread a(add), b(add);
  a.join();
  b.join();
  // A hand-off through a Notification only: written before Notify, read after.
  long handed = 0;
  absl::Notification ready;
  std::thread writer([&] {
    handed = counter;
    ready.Notify();
  });
  ready.WaitForNotification();
  const long seen = handed;
  writer.join();
  return seen == 2 * kAdds ? 0 : 1;
}

int RunRacy() {
  long counter = 0;
  auto add = [&] {
    for (int i = 0; i < kAdds; ++i) ++counter;
  };
  std::thread a(add), b(add);
  a.join();
  b.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "guarded") == 0) return RunGuarded();
  if (argc == 2 && std::strcmp(argv[1], "racy") == 0) return RunRacy();
  std::fprintf(stderr, "usage: tsan_absl_mutex_probe guarded|racy\n");
  return 2;
}
