// Storage interfaces of the events service. The domain (events_core.h) sees
// only these; the MariaDB implementations live in mysql_*.cc.
//
// Feed order. Every append locks one sequencer row (feed_head) as its last
// step before commit and takes the next cursors from it, so cursors are dense
// (1, 2, 3, ... with no holes) and handed out in commit order: a transaction
// that gets cursor N+1 can only do so after the one holding N has committed.
// We chose this over a reader-side watermark because it also holds across
// several service replicas and because density gives readers a cheap proof
// that nothing is in flight below what they read (a hole can only be an
// uncommitted row, and readers stop before it; see FeedReader::ReadAfter).
// The lock is held only for the final multi-row insert, and behaviour events
// are group-committed (batch_writer.h), so it is taken a few hundred times a
// second, not once per event.
#ifndef JOBMATCH_SERVICES_EVENTS_EVENT_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_EVENT_STORE_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"

namespace jobmatch::events {

// One behaviour event to accept, built from a validated request.
struct Submission {
  std::string request_id;
  // Hash of the whole request; a request id reused with another hash is refused.
  uint64_t request_hash = 0;
  // Kind, subjects and payload; cursor, time and enrichment are filled in.
  v1::Event event;
};

// What an accepted submission answered (also what a retry answers again).
struct Accepted {
  v1::Event event;
  // Hires only: openings left on the post after the hire.
  int32_t remaining_openings = 0;
};

// The per-request id guard's view of an earlier request.
struct RecordedRequest {
  uint64_t request_hash = 0;
  Accepted answer;
};

// Reads the feed. Thread-safe.
class FeedReader {
 public:
  virtual ~FeedReader() = default;
  // Up to `limit` events with cursor > `after`, in cursor order, stopping
  // before the first hole (an uncommitted cursor), so the result is always
  // the contiguous run after+1, after+2, ... . If retention has removed
  // after+1, the run starts at the oldest kept event instead: callers compare
  // the first cursor with after+1 to detect that.
  virtual absl::StatusOr<std::vector<v1::Event>> ReadAfter(int64_t after, int limit) = 0;
  // As ReadAfter, for a reader that wants only some kinds: an event of
  // another kind comes back with its cursor and kind alone (its body is
  // neither read nor parsed), so a filtered reader far behind the head
  // passes over a feed of millions of other events cheaply. Empty `kinds`:
  // every event whole.
  virtual absl::StatusOr<std::vector<v1::Event>> ReadAfterOfKinds(int64_t after, int limit,
                                                                  const std::set<int>& kinds) {
    return ReadAfter(after, limit);
  }
  // The last committed cursor (0 for an empty feed).
  virtual absl::StatusOr<int64_t> Head() = 0;
  // The oldest cursor still kept (Head()+1 when nothing is kept).
  virtual absl::StatusOr<int64_t> Oldest() = 0;
  // Removes events (and request ids) committed before `cutoff`, always a
  // prefix of the feed. Returns how many events went.
  virtual absl::StatusOr<int64_t> DeleteOlderThan(absl::Time cutoff) = 0;
};

// Accepts behaviour events outside the application pipeline (views, live
// pushes, fair check-ins, field visits; the pipeline's steps each take their
// own transaction, see application_store.h). Thread-safe.
class BehaviourStore {
 public:
  virtual ~BehaviourStore() = default;
  // Accepts `batch` in ONE transaction: enriches each event (campaign,
  // region, key groups from what the feed said about its post and person),
  // appends them to the feed, records their request ids and updates the
  // campaign aggregates. Per item: the answer. Items whose request id was recorded
  // before answer what they answered then (INVALID_ARGUMENT if the request
  // differs). A non-OK outer status means nothing was written.
  virtual absl::StatusOr<std::vector<absl::StatusOr<Accepted>>> AcceptBatch(
      const std::vector<Submission>& batch) = 0;
  // The recorded answer for `request_id`, if any.
  virtual absl::StatusOr<std::optional<RecordedRequest>> LookupRequest(
      const std::string& request_id) = 0;
};

// Takes openings of posts. The posts table belongs to the postings schema
// (post_id, openings, remaining_openings, state, version); the hire is one
// transaction spanning both schemas on the same server. Thread-safe.
class PostCapacityStore {
 public:
  virtual ~PostCapacityStore() = default;
  // Atomically takes one opening of `hire.event.post_id()` and appends the
  // hire event. When no opening is left afterwards the post becomes FILLED
  // and a POST_CHANGED event says so in the postings outbox, in the same
  // transaction. NOT_FOUND for an unknown post; FAILED_PRECONDITION when the
  // post is not open or has no opening left, or when the person is not an
  // applicant still in play for it (applications.h) and the hire is not an
  // on-site placement (Hire.on_site_channel); the application becomes HIRED
  // in the same transaction. ALREADY_EXISTS when this person
  // was already hired for it (or the request id raced with itself: look it up).
  virtual absl::StatusOr<Accepted> Hire(const Submission& hire) = 0;
};

// Whose a record is, for the service's checks that callers act only on their
// own: read from the postings and profiles schemas, which hold the truth.
class OwnershipStore {
 public:
  virtual ~OwnershipStore() = default;
  // The employer that owns `post_id`; nullopt if there is no such post.
  virtual absl::StatusOr<std::optional<std::string>> EmployerOf(const std::string& post_id) = 0;
  // The residence region code of `profile_id`; nullopt if there is no such profile.
  virtual absl::StatusOr<std::optional<std::string>> ResidenceOf(const std::string& profile_id) = 0;
  // True when `post_id` was pushed in one of `session_ids`.
  virtual absl::StatusOr<bool> PushedIn(const std::string& post_id,
                                        const std::vector<std::string>& session_ids) = 0;
};

// Relays one source schema's outbox into the feed. Thread-safe.
class RelayStore {
 public:
  virtual ~RelayStore() = default;
  // Moves up to `limit` committed outbox rows of `source_schema` that were
  // not relayed yet into the feed, and stores the source's new position, in
  // one transaction (exactly once). Ids passed over because their
  // transaction had not committed are looked for again on later calls for
  // `gap_grace`; after that they are taken for rolled back. Returns the
  // number of events relayed.
  virtual absl::StatusOr<int> RelayOnce(const std::string& source_schema, int limit,
                                        absl::Duration gap_grace) = 0;
  // The highest outbox id of `source_schema` this store has relayed (0
  // before its first RelayOnce of it), for the relay's lag metrics.
  virtual int64_t RelayedUpTo(const std::string& source_schema) = 0;
};

// Figures for one campaign and key group (0: everyone).
struct GroupFigures {
  int key_group = 0;
  int64_t posts = 0, openings = 0, views = 0, applications = 0, hires = 0, people_placed = 0;
  // Outcomes of hires (see outcome_store.h).
  int64_t follow_ups = 0, retained_7d = 0, retained_30d = 0, separations = 0;
};

// Reads the maintained campaign aggregates. Thread-safe.
class StatsStore {
 public:
  virtual ~StatsStore() = default;
  // Every row of `campaign_id`, group 0 first; empty if nothing was recorded.
  virtual absl::StatusOr<std::vector<GroupFigures>> CampaignFigures(
      const std::string& campaign_id) = 0;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_EVENT_STORE_H_
