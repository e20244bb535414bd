// The data a load run needs on a platform seeded with the demo's posts:
// seekers registered through the profiles service (field-tablet sync, as a
// village team would), the live host's posts, a sample of open posts to read,
// view and apply to, and a matcher that knows them all before timing starts.
#ifndef JOBMATCH_CLIENTS_LOAD_LOAD_SETUP_H_
#define JOBMATCH_CLIENTS_LOAD_LOAD_SETUP_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/lib/call_runner.h"
#include "clients/load/platform_load.h"

namespace jobmatch::load {

struct SetupOptions {
  int people = 2000;        // seekers registered (again found, not duplicated, on a rerun)
  int first_seq = 0;        // their numbering (clients/live/live_setup.h)
  int live_posts = 3;       // posts made for the host to push
  int sample_posts = 5000;  // open posts listed for reads, views and applications
  std::vector<std::string> queries;
  std::string session_id, host_id;
  absl::Duration matcher_wait = absl::Minutes(3);  // until it knows the new people and posts
};

struct SetupChannels {
  std::shared_ptr<grpc::Channel> postings_staff, profiles_staff;  // carry the staff token
  std::shared_ptr<grpc::Channel> postings_app, matcher_app;       // carry the app's token
  client::ClientOptions staff, app;
};

// Makes the data and waits for the matcher to index it. Progress goes to `log`.
absl::StatusOr<LoadFixture> BuildFixture(const SetupChannels& channels, const SetupOptions& options,
                                         std::ostream& log);

// Words a city's jobseekers search for most (titles of the demo's posts).
std::vector<std::string> DefaultQueries();

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_LOAD_SETUP_H_
