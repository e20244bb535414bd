// jobmatch-live-viewers: the viewer simulator and load tool for the
// live-push bar (5,000 watchers, p99 ≤ 1 s). Opens one WatchMatches stream
// per seeker profile, pushes posts as a host (or lets a host console push),
// records when each pushed post reaches each viewer, answers a share of them
// with views and applications, and reports delivery latency from push to
// arrival (p50/p99/max).
//
//   jobmatch-live-viewers --matcher=127.0.0.1:50054 --events=127.0.0.1:50053
//       --profiles_file=viewers.txt --session=s-1 --push=POST_ID --pushes=20
//   # on a fresh platform, make the data first (also writes --profiles_file):
//   jobmatch-live-viewers ... --setup_viewers=5000 --postings=… --profiles=…
//   # the resource-limits bar: 20,000 more streams held open idle, and a
//   # hostile caller holding streams it never reads, while the 5,000 watch:
//   jobmatch-live-viewers ... --idle_streams=20000 --hostile_streams=2000
#include <fstream>
#include <iostream>
#include <map>
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
#include "clients/live/live_host.h"
#include "clients/live/live_setup.h"
#include "clients/live/viewer_swarm.h"

ABSL_FLAG(std::string, matcher, "127.0.0.1:50054", "matcher service (host:port)");
ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service (host:port)");
ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service, for --setup_viewers");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052", "profiles service, for --setup_viewers");
ABSL_FLAG(std::string, profiles_file, "live-viewers.txt", "seeker profile ids, one a line");
ABSL_FLAG(int, setup_viewers, 0,
          "first register this many seekers and create posts (fresh platform)");
ABSL_FLAG(int, setup_posts, 5, "posts created by --setup_viewers");
ABSL_FLAG(int, setup_first_seq, 0, "numbering of the seekers --setup_viewers registers");
ABSL_FLAG(std::string, session, "live-1", "the live session watched");
ABSL_FLAG(std::string, host_id, "live-host-1", "the host pushing (--push)");
ABSL_FLAG(std::vector<std::string>, push, {}, "post ids pushed in turn; empty: the setup's posts");
ABSL_FLAG(int, pushes, 10, "how many pushes to make (0: only watch, a host console pushes)");
ABSL_FLAG(int, interval_ms, 2000, "pause between pushes");
ABSL_FLAG(double, view_share, 1.0, "share of arrivals answered with a view");
ABSL_FLAG(double, apply_share, 0.1, "share of arrivals answered with an application");
ABSL_FLAG(int, open_timeout_seconds, 60, "wait for the streams to open (first keepalive)");
ABSL_FLAG(int, watch_seconds, 5, "keep watching this long after the last push");
ABSL_FLAG(int, idle_streams, 0,
          "also hold this many idle streams open (another session, nothing pushed to them), "
          "each as one of the viewers in turn, so no caller passes its stream cap");
ABSL_FLAG(int, hostile_streams, 0,
          "also open this many streams of the pushed session as one caller that never reads "
          "them (plaintext servers only): the server refuses those past the caller's cap and "
          "cuts off the rest once they fall behind");
ABSL_FLAG(std::string, hostile_subject, "hostile-viewer", "the caller of --hostile_streams");
ABSL_FLAG(std::string, ca_file, "", "CA of the servers (TLS); empty: plaintext development server");
ABSL_FLAG(std::string, token_file, "",
          "file holding a service/admin token for watching, viewing and applying; default "
          "$JOBMATCH_TOKEN");
ABSL_FLAG(std::string, host_token_file, "", "file holding the host's token for pushing");
ABSL_FLAG(std::string, staff_token_file, "", "file holding an admin token for --setup_viewers");

namespace jobmatch::live {
namespace {

// Tokens come in files, never as flags (ps would show them).
constexpr client::RefusedFlag kRefused[] = {
    client::kTokenFlag,
    {"host_token", "--host_token_file FILE"},
    {"staff_token", "--staff_token_file FILE"},
};

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& target,
                                                       const std::string& token_file) {
  client::ConnectionSettings settings;
  settings.ca_file = absl::GetFlag(FLAGS_ca_file);
  settings.token_file = token_file;
  return client::MakeChannel(target, client::FromEnvironment(settings));
}

client::ClientOptions Identity(const std::string& role, const std::string& subject,
                               const std::string& token_file) {
  client::ClientOptions options;
  if (token_file.empty()) {
    options.identity.role = role;
    options.identity.subject = subject;
  }
  return options;
}

absl::StatusOr<std::vector<std::string>> Setup(std::vector<std::string>* posts) {
  const std::string token = absl::GetFlag(FLAGS_staff_token_file);
  const client::CallRunner staff(Identity("admin", "live-setup", token));
  auto postings = Channel(absl::GetFlag(FLAGS_postings), token);
  auto profiles = Channel(absl::GetFlag(FLAGS_profiles), token);
  if (!postings.ok()) return postings.status();
  if (!profiles.ok()) return profiles.status();
  const int first = absl::GetFlag(FLAGS_setup_first_seq);
  auto made =
      CreateLivePosts(*postings, staff, absl::GetFlag(FLAGS_setup_posts), absl::StrCat(first));
  if (!made.ok()) return made.status();
  *posts = *made;
  auto ids = RegisterViewers(*profiles, staff, absl::GetFlag(FLAGS_setup_viewers), first);
  if (!ids.ok()) return ids.status();
  std::ofstream out(absl::GetFlag(FLAGS_profiles_file));
  for (const std::string& id : *ids) out << id << "\n";
  std::cout << "registered " << ids->size()
            << " seekers (every fifth too old for the posts), created " << posts->size()
            << " posts";
  for (const auto& p : *posts) std::cout << " " << p;
  std::cout << std::endl;
  return ids;
}

int Run() {
  std::vector<std::string> posts = absl::GetFlag(FLAGS_push);
  std::vector<std::string> ids;
  if (absl::GetFlag(FLAGS_setup_viewers) > 0) {
    std::vector<std::string> made;
    auto registered = Setup(&made);
    if (!registered.ok()) {
      std::cerr << "jobmatch-live-viewers: setup: " << registered.status() << "\n";
      return 1;
    }
    ids = *registered;
    if (posts.empty()) posts = made;
    // The matcher learns of new people and posts from the feed.
    std::cout << "waiting 10 s for the matcher to index them" << std::endl;
    absl::SleepFor(absl::Seconds(10));
  } else {
    std::ifstream in(absl::GetFlag(FLAGS_profiles_file));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) ids.push_back(line);
    }
  }
  if (ids.empty()) {
    std::cerr << "jobmatch-live-viewers: no viewers (--profiles_file or --setup_viewers)\n";
    return 2;
  }
  const std::string token = absl::GetFlag(FLAGS_token_file);
  auto events = Channel(absl::GetFlag(FLAGS_events), token);
  if (!events.ok()) {
    std::cerr << "jobmatch-live-viewers: " << events.status() << "\n";
    return 1;
  }
  SwarmOptions options;
  options.session_id = absl::GetFlag(FLAGS_session);
  options.view_share = absl::GetFlag(FLAGS_view_share);
  options.apply_share = absl::GetFlag(FLAGS_apply_share);
  // Without a token each viewer calls as the jobseeker it is; with one the
  // channel carries it on every call.
  const std::string matcher = absl::GetFlag(FLAGS_matcher);
  int pool = 0;
  auto make_channel = [&]() -> std::shared_ptr<grpc::Channel> {
    // A distinct argument per pool keeps gRPC from sharing one connection.
    grpc::ChannelArguments args;
    args.SetInt("jobmatch.viewer_pool", ++pool);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    client::ConnectionSettings settings;
    settings.ca_file = absl::GetFlag(FLAGS_ca_file);
    settings.token_file = token;
    settings = client::FromEnvironment(settings);
    if (settings.ca_file.empty()) {
      return grpc::CreateCustomChannel(matcher, grpc::InsecureChannelCredentials(), args);
    }
    auto channel = client::MakeChannel(matcher, settings);
    return channel.ok() ? *channel : nullptr;
  };
  ViewerSwarm swarm(ids, make_channel, *events, options);
  const absl::Time open_start = absl::Now();
  const int open = swarm.Open(absl::Seconds(absl::GetFlag(FLAGS_open_timeout_seconds)));
  std::cout << "viewers " << ids.size() << ": " << open << " streams open, "
            << swarm.failed_streams() << " refused, in "
            << absl::FormatDuration(absl::Now() - open_start);
  if (swarm.failed_streams() > 0) std::cout << " (first refusal: " << swarm.first_refusal() << ")";
  std::cout << std::endl;

  // Load that must not slow the viewers down: idle streams spread over the
  // viewers' own identities, and one hostile caller that never reads.
  std::unique_ptr<ViewerSwarm> idle, hostile;
  if (const int n = absl::GetFlag(FLAGS_idle_streams); n > 0) {
    std::vector<std::string> idle_ids;
    for (int i = 0; i < n; ++i) idle_ids.push_back(ids[i % ids.size()]);
    SwarmOptions idle_options = options;
    idle_options.session_id = options.session_id + "-idle";
    idle_options.view_share = idle_options.apply_share = 0;
    idle = std::make_unique<ViewerSwarm>(idle_ids, make_channel, *events, idle_options);
    const absl::Time start = absl::Now();
    const int opened = idle->Open(absl::Seconds(absl::GetFlag(FLAGS_open_timeout_seconds)));
    std::cout << "idle streams " << n << ": " << opened << " open, " << idle->failed_streams()
              << " refused, in " << absl::FormatDuration(absl::Now() - start);
    if (idle->failed_streams() > 0)
      std::cout << " (first refusal: " << idle->first_refusal() << ")";
    std::cout << std::endl;
  }
  if (const int n = absl::GetFlag(FLAGS_hostile_streams); n > 0) {
    SwarmOptions hostile_options = options;
    hostile_options.read = false;
    hostile_options.view_share = hostile_options.apply_share = 0;
    hostile_options.client.identity.role = "admin";
    hostile_options.client.identity.subject = absl::GetFlag(FLAGS_hostile_subject);
    hostile = std::make_unique<ViewerSwarm>(std::vector<std::string>(n, ids[0]), make_channel,
                                            *events, hostile_options);
    const int opened = hostile->Open(absl::Seconds(absl::GetFlag(FLAGS_open_timeout_seconds)));
    std::cout << "hostile streams " << n << " (never read): " << opened << " accepted, "
              << hostile->failed_streams() << " refused";
    if (hostile->failed_streams() > 0) {
      std::cout << " (first refusal: " << hostile->first_refusal() << ")";
    }
    std::cout << std::endl;
  }

  const std::string host_token = absl::GetFlag(FLAGS_host_token_file);
  client::ClientOptions host_options =
      Identity("live_host", absl::GetFlag(FLAGS_host_id), host_token);
  host_options.identity.session_ids = {options.session_id};
  const client::CallRunner host_calls(host_options);
  auto host_channel = Channel(absl::GetFlag(FLAGS_events), host_token);
  if (!host_channel.ok()) {
    std::cerr << "jobmatch-live-viewers: " << host_channel.status() << "\n";
    return 1;
  }
  LiveHost host(*host_channel, &host_calls, absl::GetFlag(FLAGS_host_id), options.session_id);
  std::map<int64_t, absl::Time> pushed_at;  // feed cursor -> when the push was sent
  const int pushes = posts.empty() ? 0 : absl::GetFlag(FLAGS_pushes);
  for (int i = 0; i < pushes; ++i) {
    if (i > 0) absl::SleepFor(absl::Milliseconds(absl::GetFlag(FLAGS_interval_ms)));
    const absl::Time start = absl::Now();
    absl::StatusOr<v1::Event> pushed = host.Push(posts[i % posts.size()]);
    if (!pushed.ok()) {
      std::cerr << "push " << i << " failed: " << pushed.status() << "\n";
      continue;
    }
    pushed_at[pushed->cursor()] = start;
  }
  absl::SleepFor(absl::Seconds(absl::GetFlag(FLAGS_watch_seconds)));
  swarm.WaitForReplies();

  std::vector<double> latency_ms;
  std::map<int64_t, int> per_push;
  for (const Arrival& a : swarm.arrivals()) {
    ++per_push[a.cursor];
    auto it = pushed_at.find(a.cursor);
    if (it != pushed_at.end()) latency_ms.push_back(absl::ToDoubleMilliseconds(a.at - it->second));
  }
  for (const auto& [cursor, n] : per_push) {
    std::cout << "push at cursor " << cursor << ": reached " << n << " viewers\n";
  }
  const size_t deliveries = latency_ms.size();
  const double p50 = Quantile(latency_ms, 0.5), p99 = Quantile(latency_ms, 0.99),
               max = Quantile(latency_ms, 1.0);
  std::cout << absl::StrFormat(
      "pushes %d, deliveries %d, latency push->arrival p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
      "views %d, applications %d, reply errors %d\n",
      static_cast<int>(pushed_at.size()), static_cast<int>(deliveries), p50, p99, max,
      swarm.views_sent(), swarm.applications_sent(), swarm.reply_errors());
  if (idle != nullptr) {
    std::cout << "idle streams still open " << idle->open_streams() << ", pushes they got "
              << idle->arrivals().size() << " (none expected)\n";
  }
  if (std::ifstream load("/proc/loadavg"); load) {
    std::string one, five, fifteen;
    load >> one >> five >> fifteen;
    std::cout << "load average " << one << " " << five << " " << fifteen << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace jobmatch::live

int main(int argc, char** argv) {
  using jobmatch::live::kRefused;
  absl::SetProgramUsageMessage("simulates live-stream viewers and measures push delivery latency");
  if (const std::string refused = jobmatch::client::RefusedSecretFlag(argc, argv, kRefused);
      !refused.empty()) {
    std::cerr << "jobmatch-live-viewers: " << refused << "\n";
    return 2;
  }
  absl::ParseCommandLine(argc, argv);
  return jobmatch::live::Run();
}
