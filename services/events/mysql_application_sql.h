// SQL steps on the applications table shared by the pipeline store and the
// hire (mysql_capacity_store.cc). Like mysql_feed_sql.h: every function runs
// inside the caller's transaction and throws sql::SQLException.
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
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

// "cannot hire: the application is WITHDRAWN" gains whose application it is
// (the person and post of `e`).
absl::Status AboutApplication(const absl::Status& s, const v1::Event& e);

// What a hire or its undoing leaves of a post's openings.
struct PostCounts {
  int remaining_openings = 0;
  int state = 0;
  int64_t version = 0;
};

// Reads the openings, state and version of `post_id` from `posts` (the
// postings schema's table, quoted); nullopt when there is no such post.
std::optional<PostCounts> ReadPostCounts(sql::Connection& conn, const std::string& posts,
                                         const std::string& post_id);

// Writes a POST_CHANGED of `post_id` (campaign and region from enriched
// `about`) into the outbox of the `postings` schema, so every reader of post
// changes sees what a hire or its undoing did to the post.
void WritePostChanged(sql::Connection& conn, const std::string& postings, const v1::Event& about,
                      v1::ChangeType change_type, int64_t version, int state);

}  // namespace jobmatch::events::internal

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_APPLICATION_SQL_H_
