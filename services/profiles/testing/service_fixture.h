// An in-process profiles server on port 0 over a fresh migrated schema, with
// a random field key, a fixed region table and a clock the test sets.
#ifndef JOBMATCH_SERVICES_PROFILES_TESTING_SERVICE_FIXTURE_H_
#define JOBMATCH_SERVICES_PROFILES_TESTING_SERVICE_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/server.h"
#include "services/common/testing/test_database.h"
#include "services/common/testing/violation_fields.h"
#include "services/profiles/mysql_profile_store.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/profiles_service.h"
#include "services/profiles/testing/ids.h"

namespace jobmatch::profiles::testing {

class ProfilesServiceTest : public ::testing::Test {
 protected:
  ProfilesServiceTest();
  ~ProfilesServiceTest() override;

  // A client context acting as `role` ("admin", "employer", ...).
  std::unique_ptr<grpc::ClientContext> As(const std::string& role, const std::string& subject = "",
                                          const std::string& regions = "");
  // A valid registration for a woman born on 6 May 1980 in 醴陵 (seq varies the person).
  v1::RegisterProfileRequest NewPerson(const std::string& request_id, int seq);
  // Registers as admin; fails the test on error.
  v1::Profile Register(const std::string& request_id, int seq);
  // Runs a query on the test schema and returns every row's columns as text.
  std::vector<std::vector<std::string>> Query(const std::string& sql);
  int64_t Count(const std::string& table);
  // The outbox events, in order.
  std::vector<v1::Event> Outbox();
  // Sets "today" (China time, noon).
  void SetToday(absl::CivilDay day);

  jobmatch::testing::TestDatabase db_{"profiles"};
  // The profiles' field key of this test, fresh for each (tests that forge
  // old ciphertexts need its hex).
  const std::string key_hex_;
  // The stats key the manager seals people's sensitive groups with.
  const DataProtector stats_key_ = DataProtector::Random(KeyUse::kStatsGroups);
  FixedRegionDirectory regions_ = TestRegions();
  std::atomic<int64_t> now_unix_{0};
  std::unique_ptr<MySqlProfileStore> store_;
  std::unique_ptr<ProfileManager> manager_;
  std::unique_ptr<ProfilesService> service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::ProfilesService::Stub> stub_;
};

// Runs call(0) ... call(n - 1) on n threads released together (each waits
// until all have started): calls that reach the server at once, as a retry
// does while the first attempt still runs. Returns their statuses in order.
std::vector<grpc::Status> AllAtOnce(int n, const std::function<grpc::Status(int)>& call);

// The field paths of the BadRequest carried by `status`.
using ::jobmatch::testing::ViolationFields;

}  // namespace jobmatch::profiles::testing

#endif  // JOBMATCH_SERVICES_PROFILES_TESTING_SERVICE_FIXTURE_H_
