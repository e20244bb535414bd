// Test fixtures for the events service: a fresh events schema plus the two
// source schemas it reads (a postings schema with a minimal `posts` table and
// an outbox, a profiles schema with an outbox), and an in-process server on
// port 0 over them.
#ifndef JOBMATCH_SERVICES_EVENTS_TESTING_EVENTS_FIXTURE_H_
#define JOBMATCH_SERVICES_EVENTS_TESTING_EVENTS_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "jobmatch/v1/events.grpc.pb.h"
#include "services/common/server.h"
#include "services/common/testing/test_database.h"
#include "services/events/events_core.h"
#include "services/events/events_service.h"
#include "services/events/mysql_outcome_store.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events::testing {

// Schemas for one test; dropped on destruction.
class EventsSchemas {
 public:
  EventsSchemas();
  ~EventsSchemas();

  db::Database& events() { return test_db_.db(); }
  db::Database& postings() { return *postings_; }
  db::Database& profiles() { return *profiles_; }
  const std::string& postings_schema() const { return postings_schema_; }
  const std::string& profiles_schema() const { return profiles_schema_; }

  // Inserts a post with `openings` (all remaining) in `state`, version 1.
  void AddPost(const std::string& post_id, int openings, int state = 2,
               const std::string& employer_id = "e-1");
  // Inserts a person living in region `residence`.
  void AddProfile(const std::string& profile_id, const std::string& residence);
  // Sets a post's openings (all remaining), targeted key groups and campaigns
  // in the postings schema, as an update through the postings service would.
  void SetPostTargets(const std::string& post_id, int openings,
                      const std::vector<v1::KeyGroup>& groups,
                      const std::vector<std::string>& campaigns);
  // Commits `event` into `source`'s outbox on its own.
  void WriteOutbox(db::Database& source, const v1::Event& event);
  // A post published as the postings service leaves it: AddPost,
  // SetPostTargets, and its CREATED change in the postings outbox (in its
  // first campaign, region 430281) for the relay to take.
  void PublishPost(const std::string& post_id, int openings,
                   const std::vector<v1::KeyGroup>& groups,
                   const std::vector<std::string>& campaigns);
  // remaining_openings, state, version of a post.
  std::tuple<int, int, int64_t> PostRow(const std::string& post_id);

 private:
  jobmatch::testing::TestDatabase test_db_;
  std::string postings_schema_, profiles_schema_;
  std::unique_ptr<db::Database> postings_, profiles_;
};

// Stores, core, service and a started host over an EventsSchemas.
class EventsServer {
 public:
  // `options.source_schemas` is set to the fixture's two schemas; Subscribe
  // streams are capped by `limits`.
  EventsServer(EventsSchemas& schemas, CoreOptions options, StreamLimitOptions limits = {});
  ~EventsServer();

  EventsCore& core() { return *core_; }
  MysqlFeedStore& feed() { return *feed_; }
  std::unique_ptr<v1::EventsService::Stub> NewStub() const;
  std::string target() const { return host_->target(); }
  // The stats key the stores open people's sealed sensitive groups with, as
  // the profiles service would share it (sealed_groups.h).
  const DataProtector& stats_key() const { return stats_key_; }

 private:
  const DataProtector stats_key_ = DataProtector::Random(KeyUse::kStatsGroups);
  std::unique_ptr<MysqlFeedStore> feed_;
  std::unique_ptr<MysqlPostCapacityStore> capacity_;
  std::unique_ptr<MysqlRelayStore> relay_;
  std::unique_ptr<MysqlOwnershipStore> owners_;
  std::unique_ptr<MysqlApplicationStore> applications_;
  std::unique_ptr<MysqlOutcomeStore> outcomes_;
  std::unique_ptr<EventsCore> core_;
  std::unique_ptr<StreamLimiter> streams_;
  std::unique_ptr<EventsService> service_;
  std::unique_ptr<ServiceHost> host_;
};

// Options for tests: no background relay (tests call RelayOnce), short keepalives.
CoreOptions TestOptions();

}  // namespace jobmatch::events::testing

#endif  // JOBMATCH_SERVICES_EVENTS_TESTING_EVENTS_FIXTURE_H_
