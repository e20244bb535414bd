// The deadline of the call a thread is serving, for the layers below the
// transport that wait (a database connection from the pool, a retried
// transaction) and must not go on once the caller has stopped listening.
// The transport sets it for the length of a handler with ScopedCallDeadline;
// the storage layer reads it with CallDeadline() and knows nothing of gRPC.
#ifndef JOBMATCH_SERVICES_COMMON_CALL_DEADLINE_H_
#define JOBMATCH_SERVICES_COMMON_CALL_DEADLINE_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace grpc {
class ServerContextBase;
}

namespace jobmatch {

// The deadline of the call served on this thread; absl::InfiniteFuture()
// when none is set (background work, or a call without a deadline).
absl::Time CallDeadline();

// True once this thread's call deadline has passed.
inline bool CallDeadlinePassed() { return absl::Now() >= CallDeadline(); }

// Sets this thread's call deadline until destroyed (scopes nest; the inner
// one wins while it lives). Use on the thread that runs the handler.
class ScopedCallDeadline {
 public:
  explicit ScopedCallDeadline(absl::Time deadline);
  // The deadline the client set on the call (none: infinite).
  explicit ScopedCallDeadline(const grpc::ServerContextBase& context);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  absl::Time previous_;
};

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CALL_DEADLINE_H_
