// Loads generated demo data into a running postings service through its RPCs:
// shared by the demo loader and the import benchmark. Every call carries a
// request id derived from the seed, so loading twice changes nothing.
#ifndef JOBMATCH_SERVICES_POSTINGS_DEMO_DEMO_CLIENT_H_
#define JOBMATCH_SERVICES_POSTINGS_DEMO_DEMO_CLIENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/postings/demo/generator.h"

namespace jobmatch::postings::demo {

struct LoadedBase {
  // As returned by the server (ids set), in generator order.
  std::vector<v1::Employer> employers;
  // Spring Breeze, Village Outreach, CZT graduate season.
  std::vector<v1::Campaign> campaigns;
};

// Creates the generator's campaigns and `employer_count` employers.
absl::StatusOr<LoadedBase> CreateBase(v1::PostingsService::Stub& stub,
                                      const DemoGenerator& generator, int employer_count,
                                      const std::string& request_prefix);

// Streams `posts` through ImportPostings under one header.
absl::StatusOr<v1::ImportPostingsResponse> ImportPosts(v1::PostingsService::Stub& stub,
                                                       const std::string& request_id,
                                                       const std::string& source,
                                                       const std::vector<std::string>& campaign_ids,
                                                       const std::vector<v1::Post>& posts);

}  // namespace jobmatch::postings::demo

#endif  // JOBMATCH_SERVICES_POSTINGS_DEMO_DEMO_CLIENT_H_
