// Live counters of the host console: one feed follower per live session
// (clients/live's SessionCounter), shared by every page watching that
// session. The feed (Subscribe) is for staff and services only, so the
// followers read it with the console's own feed token; what they hand out is
// counts of one session (posts pushed, distinct viewers, views,
// applications), never an event or a person, and the gateway gives a
// session's counts only to a host whose token names that session, or to
// bureau staff.
#ifndef JOBMATCH_SERVICES_CONSOLE_LIVE_COUNTERS_H_
#define JOBMATCH_SERVICES_CONSOLE_LIVE_COUNTERS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "clients/lib/call_runner.h"
#include "clients/live/live_host.h"

namespace jobmatch::console {

// Thread-safe. Followers live as long as this object.
class LiveCounters {
 public:
  // `feed_token`: a staff or service token for the events service.
  LiveCounters(std::shared_ptr<grpc::Channel> events, std::string feed_token);

  // The session's counters now (a follower is started on first use; it
  // reads the feed from its oldest event, so the counts are the session's
  // whole history).
  live::SessionCounters Now(const std::string& session_id);

 private:
  std::shared_ptr<grpc::Channel> events_;
  client::CallRunner runner_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<live::SessionCounter>> followers_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_LIVE_COUNTERS_H_
