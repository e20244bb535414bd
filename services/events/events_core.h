// The events service's domain: accepts behaviour events (group-committed),
// hires (one transaction each), relays the other services' outboxes, keeps
// the retention, answers campaign statistics and owns the subscription hub.
// It knows nothing of gRPC or SQL: storage arrives as interfaces.
#ifndef JOBMATCH_SERVICES_EVENTS_EVENTS_CORE_H_
#define JOBMATCH_SERVICES_EVENTS_EVENTS_CORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/metrics/feed_lag.h"
#include "services/events/application_store.h"
#include "services/events/batch_writer.h"
#include "services/events/event_store.h"
#include "services/events/feed_hub.h"
#include "services/events/outcome_store.h"

namespace jobmatch::events {

// Not owned; each must outlive the core.
struct Stores {
  FeedReader* feed = nullptr;
  BehaviourStore* behaviour = nullptr;
  PostCapacityStore* capacity = nullptr;
  RelayStore* relay = nullptr;
  StatsStore* stats = nullptr;
  OwnershipStore* owners = nullptr;
  ApplicationStore* applications = nullptr;
  // Follow-ups, separations, the due list and the region × period cells.
  OutcomeStore* outcomes = nullptr;
};

struct CoreOptions {
  // Schemas whose `outbox` tables are relayed into the feed.
  std::vector<std::string> source_schemas;
  // How often the relay looks at the outboxes; zero: no relay thread (tests
  // call RelayOnce()).
  absl::Duration relay_interval = absl::Milliseconds(20);
  // How long an outbox id passed over uncommitted is looked for again.
  absl::Duration gap_grace = absl::Minutes(10);
  // How long the feed keeps events; zero keeps them forever.
  absl::Duration retention = absl::Hours(24 * 30);
  absl::Duration retention_interval = absl::Minutes(1);
  // Group commit: writer threads, each writing up to max_batch events per
  // transaction (a bulk call of 1,000 views travels in one). Batches meet on
  // the feed's sequencer row and hold it through their flushed commit, so
  // more writers do not add up: four measured no faster than two under
  // durable commits (events_bench IngestViewBatches/1000/4/{2,4}, run in
  // turn: 64-71k events/s either way).
  int writers = 2;
  int max_batch = 2000;
  // Threads that run hires and the other steps of the application pipeline
  // (each one transaction that may wait on the post's or application's row lock).
  int hire_threads = 8;
  HubOptions hub;
};

class EventsCore {
 public:
  using Done = std::function<void(absl::StatusOr<Accepted>)>;

  EventsCore(Stores stores, CoreOptions options);
  // Finishes accepted work, then stops every thread.
  ~EventsCore();
  EventsCore(const EventsCore&) = delete;
  EventsCore& operator=(const EventsCore&) = delete;

  // Accepts a validated submission; `done` runs once, on a worker thread.
  void Record(Submission sub, Done done);

  using ManyDone = std::function<void(std::vector<absl::StatusOr<Accepted>>)>;
  // Accepts validated behaviour submissions (no hires) through the group
  // commit; `done` runs once, on a worker thread, with one answer per item in
  // order, after every accepted item is durable.
  void RecordMany(std::vector<Submission> subs, ManyDone done);

  // Statistics of `campaign_id` from the maintained aggregates; LOW_INCOME and
  // DISABLED rows only when `sensitive_allowed`.
  // With `level` and `period` set, also the cells by key group × region ×
  // period, under the same rules (stats_cells.h).
  absl::StatusOr<v1::CampaignStatsResponse> CampaignStats(
      const std::string& campaign_id, bool sensitive_allowed,
      v1::StatsRegionLevel level = v1::STATS_REGION_LEVEL_UNSPECIFIED,
      v1::StatsPeriod period = v1::STATS_PERIOD_UNSPECIFIED);

  // Follow-ups due (see OutcomeStore::ListDue).
  absl::StatusOr<std::vector<DueFollowUp>> ListDue(const DueQuery& query) {
    return stores_.outcomes->ListDue(query);
  }

  // The application pipeline's lists (see ApplicationStore).
  ApplicationStore& applications() { return *stores_.applications; }

  // Whose records are (see OwnershipStore), for the service's checks.
  OwnershipStore& owners() { return *stores_.owners; }

  // One relay pass over every source; the number of events relayed.
  absl::StatusOr<int> RelayOnce();
  // Removes what is older than the retention.
  absl::Status ApplyRetention();

  FeedHub& hub() { return *hub_; }

 private:
  // Runs one transaction of the pipeline (a hire, its undoing, another step).
  void Step(Submission sub, Done done);
  // A follow-up or separation: one transaction each, like a hire.
  void Outcome(Submission sub, Done done);
  // An ALREADY_EXISTS from a one-per-subject write may be a retry of `sub`
  // that raced with its first attempt: the answer recorded for its request
  // id, when there is one, replaces it.
  absl::StatusOr<Accepted> ResolveRace(const Submission& sub, absl::StatusOr<Accepted> result);
  void RelayLoop();
  void RetentionLoop();

  const Stores stores_;
  const CoreOptions options_;
  std::unique_ptr<FeedHub> hub_;
  std::unique_ptr<BatchWriter> writer_;
  class HirePool;
  std::unique_ptr<HirePool> hires_;
  absl::Notification stopping_;
  std::thread relay_thread_;
  std::thread retention_thread_;
  // Per source schema, in the order of options_.source_schemas: the relay as
  // a feed follower ("relay/<schema>") and the events it relayed.
  std::vector<std::unique_ptr<metrics::FeedLag>> relay_lags_;
  std::vector<metrics::Counter*> relayed_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_EVENTS_CORE_H_
