// An in-process postings server on port 0 over a fresh, migrated schema of
// the real MariaDB, with a client stub and helpers for the usual inputs.
#ifndef JOBMATCH_SERVICES_POSTINGS_TESTING_SERVICE_FIXTURE_H_
#define JOBMATCH_SERVICES_POSTINGS_TESTING_SERVICE_FIXTURE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "jobmatch/v1/events.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/server.h"
#include "services/common/testing/test_database.h"
#include "services/common/testing/violation_fields.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/postings_service.h"
#include "services/postings/search_indexer.h"

namespace jobmatch::postings::testing {

class PostingsServer {
 public:
  // `import_options`: e.g. the sources trusted to skip review.
  explicit PostingsServer(ImportOptions import_options = {});
  ~PostingsServer();

  v1::PostingsService::Stub& stub() { return *stub_; }
  db::Database& db() { return database_.db(); }
  const std::string& target() const { return target_; }
  // Rows in the schema's outbox.
  int64_t OutboxCount();
  // Every outbox event, in id order.
  std::vector<v1::Event> OutboxEvents();
  // Rows of `table`.
  int64_t Count(const std::string& table);
  // Waits until the search indexer has indexed every imported post.
  void WaitForSearchIndex();
  // Creates SampleEmployer() / SampleCampaign() with `request_id` and returns
  // its id; on refusal says why on stderr and returns "".
  std::string CreateSampleEmployer(const std::string& request_id = "employer");
  std::string CreateSampleCampaign(const std::string& request_id = "campaign");

 private:
  jobmatch::testing::TestDatabase database_;
  MysqlPostingsStore store_;
  PostingsService service_;
  SearchIndexer indexer_;
  std::unique_ptr<ServiceHost> host_;
  std::string target_;
  std::unique_ptr<v1::PostingsService::Stub> stub_;
};

// Import options under which `sources` are trusted: their posts are
// published without moderation, as the bureau's own fairs are.
ImportOptions Trusting(std::vector<std::string> sources);

// A valid employer / campaign / post (tests change what they need).
v1::Employer SampleEmployer(const std::string& credit_code = "91350100M000100Y43");
v1::Campaign SampleCampaign();
v1::Post SamplePost(const std::string& employer_id);

// The field paths of the BadRequest carried by `status`.
using ::jobmatch::testing::ViolationFields;

}  // namespace jobmatch::postings::testing

#endif  // JOBMATCH_SERVICES_POSTINGS_TESTING_SERVICE_FIXTURE_H_
