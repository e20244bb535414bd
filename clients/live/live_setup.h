// Data for a live-push load run on a fresh platform: an employer with welder
// posts in 荷塘区 (Zhuzhou), and seeker profiles living there who want that
// work, a share of them too old for the posts (so a push must skip them).
// Everything goes through the services' public RPCs, as staff.
#ifndef JOBMATCH_CLIENTS_LIVE_LIVE_SETUP_H_
#define JOBMATCH_CLIENTS_LIVE_LIVE_SETUP_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/call_runner.h"

namespace jobmatch::live {

// Creates (or, with the same tag, finds again) the demo welding employer.
absl::StatusOr<std::string> CreateLiveEmployer(std::shared_ptr<grpc::Channel> postings,
                                               const client::CallRunner& runner,
                                               const std::string& tag);

// Creates one open welder post (ages 16-45, no end date) of `employer_id`.
absl::StatusOr<std::string> CreateLivePost(std::shared_ptr<grpc::Channel> postings,
                                           const client::CallRunner& runner,
                                           const std::string& employer_id,
                                           const std::string& request_id, int number);

// Creates one employer and `count` open posts (welders, ages 16-45, no end
// date); returns their ids. `tag` makes request ids unique to one run.
absl::StatusOr<std::vector<std::string>> CreateLivePosts(std::shared_ptr<grpc::Channel> postings,
                                                         const client::CallRunner& runner,
                                                         int count, const std::string& tag);

// Registers `count` seekers through SyncFieldRecords in batches; person i
// is born in 1960 (too old for the posts) when i % 5 == 0, else in 1995.
// Returns their profile ids in order; people already registered by an
// earlier run with the same `first_seq` are found again, not duplicated.
absl::StatusOr<std::vector<std::string>> RegisterViewers(std::shared_ptr<grpc::Channel> profiles,
                                                         const client::CallRunner& runner,
                                                         int count, int first_seq);

}  // namespace jobmatch::live

#endif  // JOBMATCH_CLIENTS_LIVE_LIVE_SETUP_H_
