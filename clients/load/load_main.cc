// jobmatch-load: open-loop load on the whole platform. Sends the mix of calls
// a city's clients make (app recommendations, post reads and searches, views,
// applications, a live host's pushes to watching viewers) at a constant
// arrival rate through TLS with tokens, in steps of rising rate, and reports
// per call kind p50/p99/p99.9 measured from each call's due time, the CPU each
// service process spent per call (from /proc), and the highest rate at which
// every call kind's p99 stayed within the limit. bench/load/run.sh starts a
// platform and runs it; README "Open-loop load" has the figures.
//
//   jobmatch-load --ca_file=ca.pem --token_file=app.token --host_token_file=host.token
//       --staff_token_file=admin.token --rates=50,100,200 --duration_seconds=20
//       --service_pids=postings=PID,events=PID,matcher=PID
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/lib/channel.h"
#include "clients/lib/secret_flags.h"
#include "clients/live/viewer_swarm.h"
#include "clients/load/load_setup.h"
#include "clients/load/mix.h"
#include "clients/load/open_loop.h"
#include "clients/load/platform_load.h"
#include "clients/load/proc_cpu.h"
#include "clients/load/step_report.h"

ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service (host:port)");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052", "profiles service (host:port)");
ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service (host:port)");
ABSL_FLAG(std::string, matcher, "127.0.0.1:50054", "matcher service (host:port)");
ABSL_FLAG(std::string, ca_file, "",
          "CA of the servers (TLS); empty: plaintext development servers");
ABSL_FLAG(std::string, token_file, "",
          "the app backend's token (role service): recommendations, reads, views, applications, "
          "watching; default $JOBMATCH_TOKEN_FILE");
ABSL_FLAG(std::string, host_token_file, "", "the live host's token (role live_host, --session)");
ABSL_FLAG(std::string, staff_token_file, "", "an admin token, to register the seekers");
ABSL_FLAG(std::vector<std::string>, rates, std::vector<std::string>({"50", "100", "200", "400"}),
          "calls a second, one step each, in order");
ABSL_FLAG(int, duration_seconds, 20, "measured time of each step");
ABSL_FLAG(int, warmup_seconds, 5, "unmeasured time at each step's rate before it");
ABSL_FLAG(std::string, mix, "",
          "weights per call, e.g. recommend=25,get_post=40 (default: README)");
ABSL_FLAG(int, people, 2000, "seekers registered and used");
ABSL_FLAG(int, first_seq, 0, "numbering of the seekers (a rerun finds them again)");
ABSL_FLAG(int, watchers, 200, "seekers holding a WatchMatches stream on the live session");
ABSL_FLAG(int, live_posts, 3, "posts made for the live host to push");
ABSL_FLAG(int, sample_posts, 5000, "open posts listed for reads, views and applications");
ABSL_FLAG(int, views_per_call, 10, "views in each RecordViews call");
ABSL_FLAG(int64_t, first_application, 0,
          "first (person, post) pair number applied for; give a second run on the same data "
          "a range of its own");
ABSL_FLAG(int, deadline_ms, 5000, "deadline of each call");
ABSL_FLAG(std::string, session, "load-live-1", "the live session");
ABSL_FLAG(std::string, host_id, "load-host-1", "the live host");
ABSL_FLAG(double, p99_limit_ms, 50, "a step is sustained while every call's p99 is at most this");
ABSL_FLAG(double, max_failure_share, 0.001, "... and at most this share of each call failed");
ABSL_FLAG(bool, stop_when_broken, true, "stop after the first step not sustained");
ABSL_FLAG(std::vector<std::string>, service_pids, {},
          "name=pid of each process whose CPU is reported (postings=123,events=456,...)");
ABSL_FLAG(std::string, summary_out, "", "also write tab-separated results here");
ABSL_FLAG(double, attribute_rate, 0,
          "after the steps, send each call kind of the mix alone at this rate and report the "
          "CPU one call of it costs each process (0: not)");
ABSL_FLAG(int, attribute_seconds, 10, "measured time of each kind alone");
ABSL_FLAG(bool, setup_only, false,
          "register the seekers and make the live posts, wait for the matcher to know them, "
          "and stop (a later run finds them again)");
ABSL_FLAG(bool, strict, false,
          "exit 1 unless every call of the mix was answered OK with no failure and pushes "
          "reached the watchers (the smoke test)");

namespace jobmatch::load {
namespace {

constexpr client::RefusedFlag kRefused[] = {
    client::kTokenFlag,
    {"host_token", "--host_token_file FILE"},
    {"staff_token", "--staff_token_file FILE"},
};

struct Process {
  std::string name;
  int pid = 0;
};

absl::StatusOr<std::vector<Process>> ParsePids(const std::vector<std::string>& specs) {
  std::vector<Process> out;
  for (const std::string& spec : specs) {
    std::pair<std::string, std::string> kv = absl::StrSplit(spec, '=');
    Process p{kv.first, 0};
    if (p.name.empty() || !absl::SimpleAtoi(kv.second, &p.pid) || p.pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service_pids: \"", spec, "\" is not name=pid"));
    }
    out.push_back(p);
  }
  out.push_back({"load generator", static_cast<int>(getpid())});
  return out;
}

std::vector<double> CpuNow(const std::vector<Process>& processes) {
  std::vector<double> out;
  for (const Process& p : processes) out.push_back(ProcessCpuSeconds(p.pid).value_or(0));
  return out;
}

// Identity of one kind of caller: with TLS its token file rides on the
// channel; in plaintext its role travels as development metadata.
struct Caller {
  client::ConnectionSettings settings;
  client::ClientOptions options;
};

// `ca_file` is the same for every caller; only the app's token may come from
// the environment (JOBMATCH_TOKEN, JOBMATCH_TOKEN_FILE), as in every client.
Caller MakeCaller(const std::string& ca_file, const std::string& token_file,
                  const std::string& role, const std::string& subject, bool use_env_token) {
  Caller c;
  c.settings.ca_file = ca_file;
  c.settings.token_file = token_file;
  if (use_env_token) c.settings = client::FromEnvironment(c.settings);
  if (c.settings.ca_file.empty()) {
    c.options.identity.role = role;
    c.options.identity.subject = subject;
  }
  c.options.deadline = absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  return c;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect(const std::string& flag_target,
                                                       const Caller& caller) {
  return client::MakeChannel(flag_target, caller.settings);
}

int Fail(const absl::Status& status) {
  std::cerr << "jobmatch-load: " << status << "\n";
  return 1;
}

int Run() {
  Mix mix = DefaultMix();
  if (const std::string spec = absl::GetFlag(FLAGS_mix); !spec.empty()) {
    absl::StatusOr<Mix> parsed = ParseMix(spec);
    if (!parsed.ok()) {
      std::cerr << "jobmatch-load: " << parsed.status().message() << "\n";
      return 2;
    }
    mix = *parsed;
  }
  std::vector<double> rates;
  for (const std::string& r : absl::GetFlag(FLAGS_rates)) {
    double rate = 0;
    if (!absl::SimpleAtod(r, &rate) || rate <= 0) {
      std::cerr << "jobmatch-load: --rates: \"" << r << "\" is not a positive rate\n";
      return 2;
    }
    rates.push_back(rate);
  }
  absl::StatusOr<std::vector<Process>> processes = ParsePids(absl::GetFlag(FLAGS_service_pids));
  if (!processes.ok()) {
    std::cerr << "jobmatch-load: " << processes.status().message() << "\n";
    return 2;
  }

  const std::string session = absl::GetFlag(FLAGS_session);
  const std::string host_id = absl::GetFlag(FLAGS_host_id);
  client::ConnectionSettings given;
  given.ca_file = absl::GetFlag(FLAGS_ca_file);
  const std::string ca = client::FromEnvironment(given).ca_file;
  Caller app = MakeCaller(ca, absl::GetFlag(FLAGS_token_file), "service", "load-app", true);
  Caller host = MakeCaller(ca, absl::GetFlag(FLAGS_host_token_file), "live_host", host_id, false);
  if (ca.empty()) host.options.identity.session_ids = {session};  // with TLS the token says
  Caller staff =
      MakeCaller(ca, absl::GetFlag(FLAGS_staff_token_file), "admin", "load-setup", false);
  staff.options.deadline = absl::Seconds(60);

  auto postings_app = Connect(absl::GetFlag(FLAGS_postings), app);
  auto events_app = Connect(absl::GetFlag(FLAGS_events), app);
  auto matcher_app = Connect(absl::GetFlag(FLAGS_matcher), app);
  auto events_host = Connect(absl::GetFlag(FLAGS_events), host);
  auto postings_staff = Connect(absl::GetFlag(FLAGS_postings), staff);
  auto profiles_staff = Connect(absl::GetFlag(FLAGS_profiles), staff);
  for (const auto* c :
       {&postings_app, &events_app, &matcher_app, &events_host, &postings_staff, &profiles_staff}) {
    if (!c->ok()) return Fail(c->status());
  }

  std::cout << "jobmatch-load: mix " << FormatMix(mix) << "; load average " << LoadAverage()
            << std::endl;
  SetupOptions setup;
  setup.people = absl::GetFlag(FLAGS_people);
  setup.first_seq = absl::GetFlag(FLAGS_first_seq);
  setup.live_posts = absl::GetFlag(FLAGS_live_posts);
  setup.sample_posts = absl::GetFlag(FLAGS_sample_posts);
  setup.session_id = session;
  setup.host_id = host_id;
  absl::StatusOr<LoadFixture> fixture = BuildFixture(
      {*postings_staff, *profiles_staff, *postings_app, *matcher_app, staff.options, app.options},
      setup, std::cout);
  if (!fixture.ok()) return Fail(fixture.status());
  if (absl::GetFlag(FLAGS_setup_only)) return 0;

  // The live session's audience: the first --watchers seekers, four in five
  // of whom fit the host's posts (live_setup.h).
  std::vector<std::string> watcher_ids(
      fixture->people.begin(),
      fixture->people.begin() +
          std::min<size_t>(absl::GetFlag(FLAGS_watchers), fixture->people.size()));
  live::SwarmOptions swarm_options;
  swarm_options.session_id = session;
  swarm_options.view_share = swarm_options.apply_share = 0;
  swarm_options.reply_threads = 1;
  swarm_options.client = app.options;
  live::ViewerSwarm watchers(
      watcher_ids,
      [&]() -> std::shared_ptr<grpc::Channel> {
        auto channel = Connect(absl::GetFlag(FLAGS_matcher), app);
        return channel.ok() ? *channel : nullptr;
      },
      *events_app, swarm_options);
  if (!watcher_ids.empty()) {
    const int open = watchers.Open(absl::Seconds(60));
    std::cout << "watchers: " << open << " of " << watcher_ids.size() << " streams open";
    if (watchers.failed_streams() > 0)
      std::cout << " (refused: " << watchers.first_refusal() << ")";
    std::cout << std::endl;
  }

  LoadOptions options;
  options.deadline = app.options.deadline;
  options.views_per_call = absl::GetFlag(FLAGS_views_per_call);
  options.first_application = absl::GetFlag(FLAGS_first_application);
  LoadTargets targets{*postings_app, *events_app, *matcher_app,
                      *events_host,  app.options, host.options};
  PlatformLoad load(targets, *fixture, options);

  std::ofstream tsv;
  if (const std::string path = absl::GetFlag(FLAGS_summary_out); !path.empty()) tsv.open(path);
  const SustainRule rule{absl::GetFlag(FLAGS_p99_limit_ms), absl::GetFlag(FLAGS_max_failure_share)};
  const absl::Duration drain = options.deadline + absl::Seconds(2);
  int64_t seq = 0;
  // One step: warm-up, then `duration` measured at `rate` with `step_mix`.
  auto run_step = [&](const Mix& step_mix, double rate, absl::Duration duration) {
    MixSequence kinds(step_mix);
    auto issue_into = [&](LatencyRecorder* recorder) {
      return [&, recorder](int64_t, Clock::time_point due) {
        load.Issue(kinds.Next(), seq++, due, recorder);
      };
    };
    LatencyRecorder warm;
    RunOpenLoop(rate, absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds)), issue_into(&warm));
    load.WaitIdle(drain);
    load.ForgetPushes();

    StepResult step;
    step.rate = rate;
    step.duration = duration;
    step.load_before = LoadAverage();
    std::cout << "measuring " << rate << " calls/s for " << absl::FormatDuration(step.duration)
              << std::endl;
    const std::vector<double> cpu_before = CpuNow(*processes);
    LatencyRecorder recorder;
    step.schedule = RunOpenLoop(rate, step.duration, issue_into(&recorder));
    const std::vector<double> cpu_after = CpuNow(*processes);
    step.load_after = LoadAverage();
    if (!load.WaitIdle(drain)) std::cerr << "jobmatch-load: calls still in flight\n";
    absl::SleepFor(absl::Seconds(1));  // the last pushes reach the watchers
    const std::map<int64_t, absl::Time> pushes = load.Pushes();
    for (const live::Arrival& a : watchers.arrivals()) {
      auto it = pushes.find(a.cursor);
      if (it != pushes.end())
        recorder.Extra("delivery", absl::ToChronoNanoseconds(a.at - it->second));
    }
    for (int k = 0; k < kCallKinds; ++k) step.kinds[k] = recorder.Summary(static_cast<CallKind>(k));
    step.deliveries = recorder.ExtraSummary("delivery");
    step.pushes = static_cast<int64_t>(pushes.size());
    for (size_t i = 0; i < processes->size(); ++i) {
      step.cpu.push_back({(*processes)[i].name, cpu_after[i] - cpu_before[i]});
    }
    Judge(rule, &step);
    return step;
  };

  double sustainable = 0;
  StepResult last;
  for (double rate : rates) {
    StepResult step = run_step(mix, rate, absl::Seconds(absl::GetFlag(FLAGS_duration_seconds)));
    PrintStep(step, std::cout);
    if (tsv.is_open()) WriteStepTsv(step, tsv);
    std::cout.flush();
    last = step;
    if (step.sustained) sustainable = rate;
    if (!step.sustained && absl::GetFlag(FLAGS_stop_when_broken)) break;
  }
  std::cout << "\nsustainable rate: " << sustainable << " calls/s (p99 ≤ " << rule.p99_limit_ms
            << " ms for every call); load average " << LoadAverage() << std::endl;
  if (tsv.is_open()) tsv << "sustainable\t" << sustainable << "\n";

  // Each call kind of the mix alone, for what one call of it costs each process.
  if (const double rate = absl::GetFlag(FLAGS_attribute_rate); rate > 0) {
    std::vector<AttributedKind> rows;
    for (int k = 0; k < kCallKinds; ++k) {
      if (mix.weights[k] <= 0) continue;
      Mix alone;
      alone.weights[k] = 1;
      const StepResult step =
          run_step(alone, rate, absl::Seconds(absl::GetFlag(FLAGS_attribute_seconds)));
      rows.push_back({static_cast<CallKind>(k), mix.Share(static_cast<CallKind>(k)), step});
    }
    PrintAttribution(rows, std::cout);
    if (tsv.is_open()) WriteAttributionTsv(rows, tsv);
  }

  if (absl::GetFlag(FLAGS_strict)) {
    bool ok = true;
    for (int k = 0; k < kCallKinds; ++k) {
      const KindSummary& s = last.kinds[k];
      if (mix.weights[k] <= 0) continue;
      if (s.ok == 0 || s.failed > 0 || s.p50_ms <= 0) {
        std::cerr << "strict: " << KindName(static_cast<CallKind>(k)) << ": " << s.ok << " ok, "
                  << s.failed << " failed " << s.first_failure << "\n";
        ok = false;
      }
    }
    if (mix.weights[static_cast<int>(CallKind::kPushLivePost)] > 0 && !watcher_ids.empty() &&
        last.deliveries.ok == 0) {
      std::cerr << "strict: no push reached a watcher\n";
      ok = false;
    }
    if (!ok) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace jobmatch::load

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "open-loop load on the whole platform at rising rates (README \"Open-loop load\")");
  if (const std::string refused =
          jobmatch::client::RefusedSecretFlag(argc, argv, jobmatch::load::kRefused);
      !refused.empty()) {
    std::cerr << "jobmatch-load: " << refused << "\n";
    return 2;
  }
  absl::ParseCommandLine(argc, argv);
  return jobmatch::load::Run();
}
