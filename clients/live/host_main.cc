// jobmatch-live-host: the live-stream host's console. Pushes posts into the
// host's live session one after another and prints the session's live
// counters (posts pushed, viewers, views, applications) as they move.
//
//   jobmatch-live-host --events=127.0.0.1:50053 --host_id=h-1 --session=s-1
//       --push=POST_ID,POST_ID --interval_seconds=20 --watch_seconds=60
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/lib/call_runner.h"
#include "clients/lib/channel.h"
#include "clients/lib/secret_flags.h"
#include "clients/live/live_host.h"
#include "jobmatch/v1/events.grpc.pb.h"

ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service (host:port)");
ABSL_FLAG(std::string, host_id, "", "the host's id");
ABSL_FLAG(std::string, session, "", "the live session");
ABSL_FLAG(std::vector<std::string>, push, {}, "post ids to push, in order");
ABSL_FLAG(int, interval_seconds, 10, "pause between two pushes");
ABSL_FLAG(int, watch_seconds, 30, "how long to keep showing counters after the last push");
ABSL_FLAG(int64_t, after_cursor, 0, "count feed events after this cursor (0: all the feed keeps)");
ABSL_FLAG(std::string, campaign, "", "also show CampaignStats of this campaign");
ABSL_FLAG(std::string, ca_file, "", "CA of the servers (TLS); empty: plaintext development server");
ABSL_FLAG(std::string, token_file, "",
          "file holding the host's bearer token (live_host role); default $JOBMATCH_TOKEN");
ABSL_FLAG(std::string, stats_token_file, "",
          "file holding a staff token for the counters (Subscribe, CampaignStats)");

namespace jobmatch::live {
namespace {

// Tokens come in files, never as flags (ps would show them).
constexpr client::RefusedFlag kRefused[] = {
    client::kTokenFlag,
    {"stats_token", "--stats_token_file FILE"},
};

void Show(const SessionCounters& c, v1::EventsService::Stub* stats,
          const client::CallRunner& staff) {
  std::cout << absl::FormatTime("%H:%M:%S", absl::Now(), absl::LocalTimeZone()) << "  pushed "
            << c.pushes << "  viewers " << c.viewers << "  views " << c.views << "  applications "
            << c.applications;
  if (const std::string campaign = absl::GetFlag(FLAGS_campaign); !campaign.empty()) {
    v1::CampaignStatsRequest req;
    req.set_campaign_id(campaign);
    auto resp = staff.Unary(stats, &v1::EventsService::Stub::CampaignStats, req);
    if (resp.ok()) {
      std::cout << "  | campaign views " << resp->total().views() << " applications "
                << resp->total().applications() << " hires " << resp->total().hires();
    } else {
      std::cout << "  | campaign stats: " << resp.status().message();
    }
  }
  std::cout << std::endl;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& token_file) {
  client::ConnectionSettings settings;
  settings.ca_file = absl::GetFlag(FLAGS_ca_file);
  settings.token_file = token_file;
  return client::MakeChannel(absl::GetFlag(FLAGS_events), client::FromEnvironment(settings));
}

int Run() {
  const std::string session = absl::GetFlag(FLAGS_session);
  const std::string host_id = absl::GetFlag(FLAGS_host_id);
  if (session.empty() || host_id.empty()) {
    std::cerr << "jobmatch-live-host: --session and --host_id are required\n";
    return 2;
  }
  auto host_channel = Channel(absl::GetFlag(FLAGS_token_file));
  auto stats_channel = Channel(absl::GetFlag(FLAGS_stats_token_file));
  if (!host_channel.ok() || !stats_channel.ok()) {
    std::cerr << "jobmatch-live-host: "
              << (host_channel.ok() ? stats_channel.status() : host_channel.status()) << "\n";
    return 1;
  }
  // Identity metadata matters only on plaintext development servers.
  client::ClientOptions host_options;
  host_options.identity = {"live_host", host_id, {}, {session}, ""};
  client::ClientOptions staff_options;
  staff_options.identity = {"admin", host_id, {}, {}, ""};
  const client::CallRunner host_calls(host_options), staff(staff_options);
  auto stats = v1::EventsService::NewStub(*stats_channel);

  LiveHost host(*host_channel, &host_calls, host_id, session);
  SessionCounter counter(*stats_channel, &staff, session, absl::GetFlag(FLAGS_after_cursor));
  const std::vector<std::string> posts = absl::GetFlag(FLAGS_push);
  int failures = 0;
  for (size_t i = 0; i < posts.size(); ++i) {
    if (i > 0) {
      for (int s = 0; s < absl::GetFlag(FLAGS_interval_seconds); ++s) {
        absl::SleepFor(absl::Seconds(1));
        Show(counter.Now(), stats.get(), staff);
      }
    }
    absl::StatusOr<v1::Event> pushed = host.Push(posts[i]);
    if (pushed.ok()) {
      std::cout << "pushed " << posts[i] << " (feed cursor " << pushed->cursor() << ")\n";
    } else {
      std::cerr << "push of " << posts[i] << " failed: " << pushed.status() << "\n";
      ++failures;
    }
  }
  for (int s = 0; s < absl::GetFlag(FLAGS_watch_seconds); ++s) {
    absl::SleepFor(absl::Seconds(1));
    Show(counter.Now(), stats.get(), staff);
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace jobmatch::live

int main(int argc, char** argv) {
  using jobmatch::live::kRefused;
  absl::SetProgramUsageMessage("pushes posts into a live session and shows its live counters");
  if (const std::string refused = jobmatch::client::RefusedSecretFlag(argc, argv, kRefused);
      !refused.empty()) {
    std::cerr << "jobmatch-live-host: " << refused << "\n";
    return 2;
  }
  absl::ParseCommandLine(argc, argv);
  return jobmatch::live::Run();
}
