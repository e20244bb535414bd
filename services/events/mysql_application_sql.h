// SQL steps on the applications table shared by the pipeline store and the
// hire (mysql_capacity_store.cc). Like mysql_feed_sql.h: every function runs
// inside the caller's transaction and throws sql::SQLException.
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_

#include <optional>
#include <string>

#include "jobmatch/v1/events.pb.h"
#include "services/events/event_store.h"

namespace sql {
class Connection;
}

namespace jobmatch::events::internal {

// Where an application stands.
struct ApplicationRow {
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  // Set while HIRED: the status the hire was taken from.
  std::optional<v1::ApplicationStatus> before_hire;
};

// Reads the application of `profile_id` to `post_id` and, with `lock`, locks
// its row (or its gap, when there is none) until the transaction ends.
std::optional<ApplicationRow> LockApplication(sql::Connection& conn, const std::string& profile_id,
                                              const std::string& post_id, bool lock = true);

// Moves (or, for `was` empty, creates) the application of appended `event`
// to `to`, keeping what its lists show: times, channel, the latest
// invitation, a proposed time; a hire remembers where it came from and its
// undoing goes back there.
void WriteStep(sql::Connection& conn, const v1::Event& event, v1::ApplicationStatus to,
               const std::optional<ApplicationRow>& was);

}  // namespace jobmatch::events::internal

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_
