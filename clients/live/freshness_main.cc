// jobmatch-freshness: the load tool for the freshness bar (p99 ≤ 500 ms from
// a write acknowledged to the matcher answering with it). Through the
// running services only: registers one seeker, then creates posts one at a
// time and, from the moment CreatePost answers, asks the matcher to explain
// the (seeker, post) pair every --poll_ms until it knows the post and finds
// the pair eligible. The seeker's own registration is timed the same way
// (until RecommendPosts knows the person). Prints p50/p99/max.
//
//   jobmatch-freshness --ca_file=var/certs/ca.pem --token_file=var/certs/admin.token --posts=200
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/lib/channel.h"
#include "clients/lib/secret_flags.h"
#include "clients/live/live_setup.h"
#include "clients/live/viewer_swarm.h"
#include "jobmatch/v1/matcher.grpc.pb.h"

ABSL_FLAG(std::string, matcher, "127.0.0.1:50054", "matcher service (host:port)");
ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052", "profiles service");
ABSL_FLAG(int, posts, 200, "how many posts to create and time");
ABSL_FLAG(int, pause_ms, 50, "pause between two posts");
ABSL_FLAG(int, poll_ms, 2, "how often the matcher is asked while waiting");
ABSL_FLAG(int, give_up_seconds, 30, "a write not visible after this long counts as lost");
ABSL_FLAG(int, first_seq, 0, "numbering of the seeker registered (0: from the clock)");
ABSL_FLAG(std::string, ca_file, "", "CA of the servers (TLS); empty: plaintext development server");
ABSL_FLAG(std::string, token_file, "",
          "file holding an admin token (creates posts, registers, asks the matcher); default "
          "$JOBMATCH_TOKEN");

namespace jobmatch::live {
namespace {

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& target) {
  client::ConnectionSettings settings;
  settings.ca_file = absl::GetFlag(FLAGS_ca_file);
  settings.token_file = absl::GetFlag(FLAGS_token_file);
  return client::MakeChannel(target, client::FromEnvironment(settings));
}

// Calls `visible` every --poll_ms until it says yes; the time from `since`,
// or nullopt after --give_up_seconds.
template <typename Visible>
std::optional<absl::Duration> TimeUntil(absl::Time since, Visible visible) {
  const absl::Time give_up = since + absl::Seconds(absl::GetFlag(FLAGS_give_up_seconds));
  while (absl::Now() < give_up) {
    if (visible()) return absl::Now() - since;
    absl::SleepFor(absl::Milliseconds(absl::GetFlag(FLAGS_poll_ms)));
  }
  return std::nullopt;
}

int Run() {
  client::ClientOptions options;
  if (absl::GetFlag(FLAGS_token_file).empty()) {
    options.identity.role = "admin";
    options.identity.subject = "freshness";
  }
  const client::CallRunner staff(options);
  auto postings = Channel(absl::GetFlag(FLAGS_postings));
  auto profiles = Channel(absl::GetFlag(FLAGS_profiles));
  auto matcher = Channel(absl::GetFlag(FLAGS_matcher));
  for (const auto* c : {&postings, &profiles, &matcher}) {
    if (!c->ok()) {
      std::cerr << "jobmatch-freshness: " << c->status() << "\n";
      return 1;
    }
  }
  auto stub = v1::MatcherService::NewStub(*matcher);
  int first_seq = absl::GetFlag(FLAGS_first_seq);
  if (first_seq == 0)
    first_seq = static_cast<int>(absl::ToUnixSeconds(absl::Now()) % 1'000'000) * 100;
  const std::string tag = absl::StrCat("fresh-", first_seq);

  // The first of a registration batch is made too old for the posts; the
  // second is the seeker.
  auto seekers = RegisterViewers(*profiles, staff, 2, first_seq);
  const absl::Time registered = absl::Now();
  if (!seekers.ok()) {
    std::cerr << "jobmatch-freshness: register: " << seekers.status() << "\n";
    return 1;
  }
  const std::string seeker = (*seekers)[1];
  auto profile_seen = TimeUntil(registered, [&] {
    v1::RecommendPostsRequest req;
    req.set_profile_id(seeker);
    req.set_page_size(1);
    return staff.Unary(stub.get(), &v1::MatcherService::Stub::RecommendPosts, req).ok();
  });
  if (!profile_seen) {
    std::cerr << "jobmatch-freshness: the matcher never learnt of seeker " << seeker << "\n";
    return 1;
  }
  std::cout << "seeker " << seeker << " visible after "
            << absl::StrFormat("%.1f ms", absl::ToDoubleMilliseconds(*profile_seen)) << std::endl;

  auto employer = CreateLiveEmployer(*postings, staff, tag);
  if (!employer.ok()) {
    std::cerr << "jobmatch-freshness: employer: " << employer.status() << "\n";
    return 1;
  }
  std::vector<double> ms;
  int lost = 0;
  for (int i = 0; i < absl::GetFlag(FLAGS_posts); ++i) {
    auto post = CreateLivePost(*postings, staff, *employer, absl::StrCat(tag, "-", i), i + 1);
    const absl::Time created = absl::Now();
    if (!post.ok()) {
      std::cerr << "jobmatch-freshness: post " << i << ": " << post.status() << "\n";
      return 1;
    }
    auto seen = TimeUntil(created, [&] {
      v1::ExplainMatchRequest req;
      req.set_profile_id(seeker);
      req.set_post_id(*post);
      auto answer = staff.Unary(stub.get(), &v1::MatcherService::Stub::ExplainMatch, req);
      return answer.ok() && answer->eligible();
    });
    if (seen) {
      ms.push_back(absl::ToDoubleMilliseconds(*seen));
    } else {
      ++lost;
    }
    absl::SleepFor(absl::Milliseconds(absl::GetFlag(FLAGS_pause_ms)));
  }
  const size_t n = ms.size();
  std::cout << absl::StrFormat(
                   "posts %zu, freshness CreatePost->ExplainMatch p50 %.1f ms, p99 %.1f ms, max "
                   "%.1f ms; not visible within %d s: %d",
                   n, Quantile(ms, 0.5), Quantile(ms, 0.99), Quantile(ms, 1.0),
                   absl::GetFlag(FLAGS_give_up_seconds), lost)
            << std::endl;
  return lost == 0 ? 0 : 1;
}

}  // namespace
}  // namespace jobmatch::live

int main(int argc, char** argv) {
  constexpr jobmatch::client::RefusedFlag kRefused[] = {jobmatch::client::kTokenFlag};
  absl::SetProgramUsageMessage(
      "Times how long a new post takes to reach the matcher, through the running services.");
  if (const std::string refused = jobmatch::client::RefusedSecretFlag(argc, argv, kRefused);
      !refused.empty()) {
    std::cerr << "jobmatch-freshness: " << refused << "\n";
    return 2;
  }
  absl::ParseCommandLine(argc, argv);
  return jobmatch::live::Run();
}
