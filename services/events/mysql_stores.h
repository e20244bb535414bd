// The MariaDB implementations of the events service's storage interfaces
// (schema: deploy/migrations/events). Every class is thread-safe and keeps a
// reference to a Database that must outlive it.
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_STORES_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_STORES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/events/application_store.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// The stores that count events in the campaign aggregates take the stats
// key (nullable, and outliving them), which opens people's sealed sensitive
// groups (sealed_groups.h); without it nothing counts in LOW_INCOME or
// DISABLED but the posts that target them.

// The feed, behaviour events and campaign aggregates of the events schema.
class MysqlFeedStore final : public FeedReader, public BehaviourStore, public StatsStore {
 public:
  explicit MysqlFeedStore(db::Database* db, const DataProtector* stats_key = nullptr)
      : db_(*db), stats_key_(stats_key) {}

  absl::StatusOr<std::vector<v1::Event>> ReadAfter(int64_t after, int limit) override;
  absl::StatusOr<std::vector<v1::Event>> ReadAfterOfKinds(int64_t after, int limit,
                                                          const std::set<int>& kinds) override;
  absl::StatusOr<int64_t> Head() override;
  absl::StatusOr<int64_t> Oldest() override;
  absl::StatusOr<int64_t> DeleteOlderThan(absl::Time cutoff) override;

  absl::StatusOr<std::vector<absl::StatusOr<Accepted>>> AcceptBatch(
      const std::vector<Submission>& batch) override;
  absl::StatusOr<std::optional<RecordedRequest>> LookupRequest(
      const std::string& request_id) override;

  absl::StatusOr<std::vector<GroupFigures>> CampaignFigures(
      const std::string& campaign_id) override;

 private:
  db::Database& db_;
  const DataProtector* const stats_key_;
};

// Hires against `postings_schema`.posts, on the events schema's connections
// (both schemas live on the same server).
class MysqlPostCapacityStore final : public PostCapacityStore {
 public:
  MysqlPostCapacityStore(db::Database* db, std::string postings_schema,
                         const DataProtector* stats_key = nullptr)
      : db_(*db), postings_(std::move(postings_schema)), stats_key_(stats_key) {}
  absl::StatusOr<Accepted> Hire(const Submission& hire) override;

 private:
  db::Database& db_;
  const std::string postings_;
  const DataProtector* const stats_key_;
};

// Owners of posts and residences of people, read from `postings_schema`.posts
// and `profiles_schema`.profiles on the events schema's connections.
class MysqlOwnershipStore final : public OwnershipStore {
 public:
  MysqlOwnershipStore(db::Database* db, std::string postings_schema, std::string profiles_schema)
      : db_(*db), postings_(std::move(postings_schema)), profiles_(std::move(profiles_schema)) {}
  absl::StatusOr<std::optional<std::string>> EmployerOf(const std::string& post_id) override;
  absl::StatusOr<std::optional<std::string>> ResidenceOf(const std::string& profile_id) override;
  absl::StatusOr<bool> PushedIn(const std::string& post_id,
                                const std::vector<std::string>& session_ids) override;

 private:
  db::Database& db_;
  const std::string postings_, profiles_;
};

// Relays `<source>`.outbox into the feed. Post changes also refresh
// post_facts, post_counts and the posts/openings aggregates per campaign and
// targeted key group, reading the post's campaigns, target groups and
// openings from `postings_schema`.posts; profile changes refresh profile_facts.
class MysqlRelayStore final : public RelayStore {
 public:
  MysqlRelayStore(db::Database* db, std::string postings_schema)
      : db_(*db), postings_(std::move(postings_schema)) {}
  absl::StatusOr<int> RelayOnce(const std::string& source_schema, int limit,
                                absl::Duration gap_grace) override;
  int64_t RelayedUpTo(const std::string& source_schema) override;

 private:
  db::Database& db_;
  const std::string postings_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, int64_t> relayed_up_to_ ABSL_GUARDED_BY(mu_);
};

// The application pipeline (applications table) in the events schema; reads
// post states and titles from, and returns openings to,
// `postings_schema`.posts on the same server.
class MysqlApplicationStore final : public ApplicationStore {
 public:
  MysqlApplicationStore(db::Database* db, std::string postings_schema,
                        const DataProtector* stats_key = nullptr)
      : db_(*db), postings_(std::move(postings_schema)), stats_key_(stats_key) {}
  absl::StatusOr<Accepted> Advance(const Submission& step) override;
  absl::StatusOr<Accepted> UndoHire(const Submission& undo) override;
  absl::StatusOr<ApplicationPage> ForPerson(const std::string& profile_id, int limit,
                                            int64_t before_seq) override;
  absl::StatusOr<ApplicationPage> ForPost(const std::string& post_id,
                                          const std::vector<v1::ApplicationStatus>& statuses,
                                          int limit, int64_t before_seq) override;

 private:
  // A page of the applications matching `where` (SQL over `a`, the
  // applications table, with one "?" bound to `key`), newest first.
  absl::StatusOr<ApplicationPage> ReadPage(const std::string& where, const std::string& key,
                                           int limit, int64_t before_seq);

  db::Database& db_;
  const std::string postings_;
  const DataProtector* const stats_key_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_STORES_H_
