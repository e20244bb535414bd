// SQL building blocks shared by the MariaDB stores of the events service.
// Every function here runs on a connection inside the caller's transaction
// and throws sql::SQLException like any statement (Database::InTransaction
// turns that into a status).
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_FEED_SQL_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_FEED_SQL_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jobmatch/v1/events.pb.h"
#include "services/events/event_store.h"

namespace sql {
class Connection;
class PreparedStatement;
class ResultSet;
}  // namespace sql

namespace jobmatch::events::internal {

// An SQL literal holding `bytes` exactly (X'..', or '' when empty).
std::string Hex(absl::string_view bytes);

// "X'..',X'..'": every item of `items` as a literal, for IN lists. Sent as
// text, a list of hundreds of ids is much cheaper than as many bound
// parameters of a prepared statement in Connector/C++ 1.1.
std::string HexList(const std::set<std::string>& items);

// "?,?,?" with `n` marks.
std::string Marks(int n);

// The request that produced a feed row, recorded with it so that a retry
// finds the answer (see LoadRecorded).
struct Origin {
  std::string request_id;
  uint64_t request_hash = 0;
  // Hires only: openings left after it; negative when not a hire.
  int remaining = -1;
};

// The answer recorded in the feed for `request_id`, if any (a retry's answer).
std::optional<RecordedRequest> Recorded(sql::Connection& conn, const std::string& request_id);

// The recorded answer from the columns request_hash, event, remaining of a
// feed row, read from `rs` starting at column `first`.
RecordedRequest ReadRecorded(sql::ResultSet& rs, int first);

// The recorded answer to a retry of `sub`, or why it cannot be given (its
// request id was used for a different request); nullopt when the id is new.
std::optional<absl::StatusOr<Accepted>> Retried(sql::Connection& conn, const Submission& sub);

// Gives `events` the next cursors and the current time under the sequencer
// lock, and inserts them into the feed, with `origins[i]` for events[i] when
// given (empty for relayed events). Should come late in its transaction, to
// hold the lock briefly (see event_store.h).
void AppendToFeed(sql::Connection& conn, const std::vector<v1::Event*>& events,
                  const std::vector<Origin>& origins = {});

// Fills in what callers do not send: the campaign and region of the post (or,
// without a post, of the person) and the person's non-sensitive key groups,
// from post_facts and profile_facts.
void Enrich(sql::Connection& conn, const std::vector<v1::Event*>& events);

// Bit (1 << group) for each key group of `event`.
uint32_t GroupMask(const v1::Event& event);

// Adds up campaign aggregate changes and writes them with one upsert, keys in
// sorted order so that concurrent writers lock rows in the same order.
class StatsDelta {
 public:
  enum Field {
    kPosts,
    kOpenings,
    kViews,
    kApplications,
    kHires,
    kPeoplePlaced,
    kFollowUps,
    kRetained7d,
    kRetained30d,
    kSeparations,
    kFieldCount
  };
  // Adds `n` to `field` for the campaign's total and for every group in `mask`.
  void Add(const std::string& campaign_id, uint32_t mask, Field field, int64_t n);
  // Counts a view, application, hire (or its undoing), follow-up or
  // separation event for each of `campaigns` (a post counts for every
  // campaign it belongs to) and the groups in `mask` (the person's,
  // Attribution::GroupsOf); other kinds count nothing here.
  void CountBehaviour(const v1::Event& event, uint32_t mask,
                      const std::vector<std::string>& campaigns);
  // The fields `event` counts in (empty for kinds not counted), and whether
  // it adds 1 to them or, undoing a hire, takes 1 away.
  static std::vector<Field> FieldsOf(const v1::Event& event);
  static int64_t SignOf(const v1::Event& event);
  void Write(sql::Connection& conn) const;

 private:
  std::map<std::pair<std::string, int>, std::array<int64_t, kFieldCount>> rows_;
};

}  // namespace jobmatch::events::internal

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_FEED_SQL_H_
