// The whole write-then-read path in one process, as deployed: postings and
// profiles over their own MariaDB schemas, the events service relaying both
// outboxes into its feed every `relay_interval`, and the matcher (wired by
// MatcherServer, as jobmatch-matcher) following the feed and re-reading
// changed posts and people from the two services. Plaintext, with the
// development identity metadata.
#ifndef JOBMATCH_TESTS_CONSISTENCY_PLATFORM_H_
#define JOBMATCH_TESTS_CONSISTENCY_PLATFORM_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/matcher_server.h"
#include "matcher/service/refdata_adapters.h"
#include "services/common/server.h"
#include "services/common/testing/test_database.h"
#include "services/events/events_core.h"
#include "services/events/events_service.h"
#include "services/events/mysql_outcome_store.h"
#include "services/events/mysql_stores.h"
#include "services/postings/testing/service_fixture.h"
#include "services/profiles/mysql_profile_store.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/profiles_service.h"
#include "services/profiles/testing/ids.h"

namespace jobmatch::consistency {

struct PlatformOptions {
  absl::Duration relay_interval = absl::Milliseconds(20);
  absl::Duration consistency_wait_limit = absl::Seconds(2);
};

class Platform {
 public:
  explicit Platform(PlatformOptions options = {});
  ~Platform();

  v1::PostingsService::Stub& postings() { return postings_.stub(); }
  v1::ProfilesService::Stub& profiles() { return *profiles_; }
  v1::MatcherService::Stub& matcher() { return *matcher_; }
  v1::EventsService::Stub& events() { return *events_; }
  const std::string& postings_schema() { return postings_.db().config().schema; }
  postings::testing::PostingsServer& postings_server() { return postings_; }

  // A context acting as staff, with a deadline.
  static std::unique_ptr<grpc::ClientContext> AsAdmin(absl::Duration deadline = absl::Seconds(10));
  // A registration of a woman of 醴陵 wanting welding work; `seq`
  // varies the person (28,000 different people).
  static v1::RegisterProfileRequest NewPerson(const std::string& request_id, int seq);

 private:
  postings::testing::PostingsServer postings_;

  jobmatch::testing::TestDatabase profiles_db_{"profiles"};
  profiles::FixedRegionDirectory regions_ = profiles::testing::TestRegions();
  std::unique_ptr<profiles::MySqlProfileStore> profile_store_;
  std::unique_ptr<profiles::ProfileManager> profile_manager_;
  std::unique_ptr<profiles::ProfilesService> profiles_service_;
  std::unique_ptr<ServiceHost> profiles_host_;
  std::unique_ptr<v1::ProfilesService::Stub> profiles_;

  jobmatch::testing::TestDatabase events_db_{"events"};
  std::unique_ptr<events::MysqlFeedStore> feed_;
  std::unique_ptr<events::MysqlPostCapacityStore> capacity_;
  std::unique_ptr<events::MysqlRelayStore> relay_;
  std::unique_ptr<events::MysqlOwnershipStore> owners_;
  std::unique_ptr<events::MysqlApplicationStore> applications_;
  std::unique_ptr<events::MysqlOutcomeStore> outcomes_;
  std::unique_ptr<events::EventsCore> core_;
  std::unique_ptr<events::EventsService> events_service_;
  std::unique_ptr<ServiceHost> events_host_;
  std::unique_ptr<v1::EventsService::Stub> events_;

  matcher::RefdataRelations relations_{&refdata::DefaultOccupations()};
  std::unique_ptr<matcher::GrpcEntitySource> source_;
  std::unique_ptr<matcher::MatcherServer> matcher_server_;
  std::unique_ptr<ServiceHost> matcher_host_;
  std::unique_ptr<v1::MatcherService::Stub> matcher_;
};

}  // namespace jobmatch::consistency

#endif  // JOBMATCH_TESTS_CONSISTENCY_PLATFORM_H_
