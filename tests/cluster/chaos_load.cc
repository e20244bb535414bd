// jobmatch-chaos-load: the chaos test's client (tests/cluster/chaos_test.sh).
// Through the load balancer, at a steady rate, it creates posts, registers
// people, submits applications, records hires (more applicants than
// openings, so hires race for the last opening) and asks the matcher for
// recommendations, every call through the client library with its retries.
// Meanwhile a feed reader follows the events feed, resuming after its last
// cursor whenever its stream breaks.
//
// What it writes into --out_dir, for the test to check against the database:
//   acked.tsv    one line per acknowledged write: kind, request id, ids
//   failed.tsv   one line per call that failed after the retries: kind, code, message, when
//   feed.txt     every event the reader got: cursor, kind, post, profile
//   summary.txt  calls made, answered, failed (after retries) by kind
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/lib/call_runner.h"
#include "clients/lib/channel.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/profiles/testing/ids.h"

ABSL_FLAG(std::string, postings, "127.0.0.1:24051", "postings through the load balancer");
ABSL_FLAG(std::string, profiles, "127.0.0.1:24052", "profiles through the load balancer");
ABSL_FLAG(std::string, events, "127.0.0.1:24053", "events through the load balancer");
ABSL_FLAG(std::string, matcher, "127.0.0.1:24054", "matcher through the load balancer");
ABSL_FLAG(std::string, ca_file, "", "PEM CA of the services' certificate");
ABSL_FLAG(std::string, token_file, "", "an admin token");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(90), "how long the load runs");
ABSL_FLAG(double, rate, 12, "calls per second, all kinds together");
ABSL_FLAG(int, workers, 6, "calls in flight at most");
ABSL_FLAG(absl::Duration, drain, absl::Seconds(8),
          "after the load, the feed reader stops once no event came for this long");
ABSL_FLAG(int, id_offset, 0, "first person number (ID numbers differ between runs)");
ABSL_FLAG(std::string, out_dir, ".", "where acked.tsv, failed.tsv, feed.txt and summary.txt go");

namespace {

using namespace jobmatch;  // NOLINT(build/namespaces): a test tool's main file

// The kinds of call, in the order the steady schedule takes them.
enum Kind { kPost, kPerson, kApply, kHire, kRecommend, kKinds };
constexpr const char* kKindNames[] = {"post", "person", "apply", "hire", "recommend"};
constexpr int kOpenings = 2;

struct Tally {
  int64_t calls = 0, answered = 0, failed = 0;
};

class Load {
 public:
  Load(client::CallRunner runner, std::shared_ptr<grpc::Channel> postings,
       std::shared_ptr<grpc::Channel> profiles, std::shared_ptr<grpc::Channel> events,
       std::shared_ptr<grpc::Channel> matcher, const std::string& out_dir)
      : runner_(std::move(runner)),
        postings_(v1::PostingsService::NewStub(postings)),
        profiles_(v1::ProfilesService::NewStub(profiles)),
        events_(v1::EventsService::NewStub(events)),
        matcher_(v1::MatcherService::NewStub(matcher)),
        acked_(out_dir + "/acked.tsv"),
        failed_(out_dir + "/failed.tsv") {}

  absl::Status CreateEmployer() {
    v1::CreateEmployerRequest request;
    request.set_request_id(client::NewRequestId());
    v1::Employer* e = request.mutable_employer();
    e->set_name("醴陵市华联瓷业有限公司");
    e->set_credit_code("91350100M000100Y43");
    e->set_industry("日用陶瓷制造");
    e->set_region_code("430281");
    auto r = runner_.Unary(postings_.get(), &v1::PostingsService::Stub::CreateEmployer, request);
    if (!r.ok()) return r.status();
    employer_id_ = r->employer().employer_id();
    Acked("employer", request.request_id(), {employer_id_});
    return absl::OkStatus();
  }

  // One call of the schedule; `n` picks the kind and the person.
  void Call(int64_t n, std::mt19937_64& random) {
    Kind kind = static_cast<Kind>(n % kKinds);
    // Applications and hires need posts and people first.
    if ((kind == kApply && (Count(posts_) == 0 || Count(people_) == 0)) ||
        (kind == kHire && Count(applications_) == 0) ||
        (kind == kRecommend && Count(people_) == 0)) {
      kind = n % 2 == 0 ? kPost : kPerson;
    }
    const std::string request_id = client::NewRequestId();
    const absl::Time began = absl::Now();
    absl::Status status;
    switch (kind) {
      case kPost:
        status = Post(request_id, n);
        break;
      case kPerson:
        status = Person(request_id, n);
        break;
      case kApply:
        status = Apply(request_id, random);
        break;
      case kHire:
        status = Hire(request_id, random);
        break;
      case kRecommend:
        status = Recommend(random);
        break;
      case kKinds:
        break;
    }
    // The platform's answers to what the schedule asks at random (a person
    // applying twice, a hire with no opening left, a recommendation for a
    // person a matcher has not read from the feed yet) are answers, not
    // failures.
    const bool answered = status.ok() || absl::IsAlreadyExists(status) ||
                          absl::IsFailedPrecondition(status) || absl::IsResourceExhausted(status) ||
                          (kind == kRecommend && absl::IsNotFound(status));
    absl::MutexLock lock(&mu_);
    Tally& t = tally_[kind];
    ++t.calls;
    if (answered) {
      ++t.answered;
    } else {
      ++t.failed;
      // When, so that a failure can be set beside the kills and HAProxy's log.
      auto clock = [](absl::Time at) {
        return absl::FormatTime("%H:%M:%E3S", at, absl::UTCTimeZone());
      };
      failed_ << kKindNames[kind] << '\t' << absl::StatusCodeToString(status.code()) << '\t'
              << status.message() << "\t(" << clock(began) << " to " << clock(absl::Now())
              << " UTC)\n"
              << std::flush;
    }
  }

  void WriteSummary(std::ostream& out) {
    absl::MutexLock lock(&mu_);
    int64_t calls = 0, failed = 0;
    for (int k = 0; k < kKinds; ++k) {
      const Tally& t = tally_[k];
      out << absl::StrFormat("%-10s calls %6d answered %6d failed %4d\n", kKindNames[k], t.calls,
                             t.answered, t.failed);
      calls += t.calls;
      failed += t.failed;
    }
    out << absl::StrFormat("all        calls %6d failed after retries %d (%.3f%%)\n", calls, failed,
                           calls ? 100.0 * failed / calls : 0.0);
  }

 private:
  template <typename T>
  size_t Count(const std::vector<T>& v) {
    absl::MutexLock lock(&mu_);
    return v.size();
  }

  void Acked(const char* kind, const std::string& request_id, const std::vector<std::string>& ids)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    AckedLocked(kind, request_id, ids);
  }
  void AckedLocked(const char* kind, const std::string& request_id,
                   const std::vector<std::string>& ids) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    acked_ << kind << '\t' << request_id;
    for (const auto& id : ids) acked_ << '\t' << id;
    acked_ << '\n' << std::flush;
  }

  absl::Status Post(const std::string& request_id, int64_t n) {
    v1::CreatePostRequest request;
    request.set_request_id(request_id);
    v1::Post* p = request.mutable_post();
    p->set_employer_id(employer_id_);
    p->set_occupation_code("6-18-02-04");
    p->set_title(absl::StrCat("陶瓷机械焊工（", n, "号岗）"));
    p->set_description("醴陵陶瓷产业园，包吃住，五险一金，持焊工证优先");
    p->set_region_code("430281");
    p->set_openings(kOpenings);
    p->mutable_salary()->set_min_monthly_cny(5000);
    p->mutable_salary()->set_max_monthly_cny(8000);
    p->set_schedule(v1::SCHEDULE_FULL_TIME);
    auto r = runner_.Unary(postings_.get(), &v1::PostingsService::Stub::CreatePost, request);
    if (!r.ok()) return r.status();
    absl::MutexLock lock(&mu_);
    posts_.push_back(r->post().post_id());
    AckedLocked(kKindNames[kPost], request_id, {r->post().post_id()});
    return absl::OkStatus();
  }

  absl::Status Person(const std::string& request_id, int64_t n) {
    const int seq = absl::GetFlag(FLAGS_id_offset) + static_cast<int>(n);
    v1::RegisterProfileRequest request;
    request.set_request_id(request_id);
    v1::Profile* p = request.mutable_profile();
    p->set_name("李秀英");
    p->mutable_sensitive()->set_id_number(profiles::testing::MakeId(
        "430281", 1980 + (seq / 28000) % 20, 5, 1 + (seq / 1000) % 28, seq % 1000));
    p->mutable_sensitive()->set_phone("13812345678");
    p->set_residence_region_code("430202001001");
    p->set_hukou_region_code("430202");
    p->set_education(v1::EDUCATION_JUNIOR_HIGH);
    p->add_wanted_occupation_codes("6-18-02-04");
    auto r = runner_.Unary(profiles_.get(), &v1::ProfilesService::Stub::RegisterProfile, request);
    if (!r.ok()) return r.status();
    absl::MutexLock lock(&mu_);
    people_.push_back(r->profile().profile_id());
    AckedLocked(kKindNames[kPerson], request_id, {r->profile().profile_id()});
    return absl::OkStatus();
  }

  // A random person applies to one of the newest posts, so each post gets
  // more applicants than it has openings.
  absl::Status Apply(const std::string& request_id, std::mt19937_64& random) {
    v1::SubmitApplicationRequest request;
    request.set_request_id(request_id);
    {
      absl::MutexLock lock(&mu_);
      const size_t recent = std::min<size_t>(posts_.size(), 4);
      request.set_post_id(posts_[posts_.size() - 1 - random() % recent]);
      request.set_profile_id(people_[random() % people_.size()]);
    }
    auto r = runner_.Unary(events_.get(), &v1::EventsService::Stub::SubmitApplication, request);
    if (!r.ok()) return r.status();
    absl::MutexLock lock(&mu_);
    applications_.push_back({request.profile_id(), request.post_id()});
    AckedLocked(kKindNames[kApply], request_id, {request.profile_id(), request.post_id()});
    return absl::OkStatus();
  }

  absl::Status Hire(const std::string& request_id, std::mt19937_64& random) {
    v1::RecordHireRequest request;
    request.set_request_id(request_id);
    {
      absl::MutexLock lock(&mu_);
      const auto& [profile, post] = applications_[random() % applications_.size()];
      request.set_profile_id(profile);
      request.set_post_id(post);
    }
    auto r = runner_.Unary(events_.get(), &v1::EventsService::Stub::RecordHire, request);
    if (!r.ok()) return r.status();
    Acked(kKindNames[kHire], request_id,
          {request.profile_id(), request.post_id(), absl::StrCat(r->remaining_openings())});
    return absl::OkStatus();
  }

  absl::Status Recommend(std::mt19937_64& random) {
    v1::RecommendPostsRequest request;
    {
      absl::MutexLock lock(&mu_);
      request.set_profile_id(people_[random() % people_.size()]);
    }
    return runner_.Unary(matcher_.get(), &v1::MatcherService::Stub::RecommendPosts, request)
        .status();
  }

  const client::CallRunner runner_;
  std::unique_ptr<v1::PostingsService::Stub> postings_;
  std::unique_ptr<v1::ProfilesService::Stub> profiles_;
  std::unique_ptr<v1::EventsService::Stub> events_;
  std::unique_ptr<v1::MatcherService::Stub> matcher_;
  std::string employer_id_;

  absl::Mutex mu_;
  std::vector<std::string> posts_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> people_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, std::string>> applications_ ABSL_GUARDED_BY(mu_);
  Tally tally_[kKinds] ABSL_GUARDED_BY(mu_);
  std::ofstream acked_ ABSL_GUARDED_BY(mu_);
  std::ofstream failed_ ABSL_GUARDED_BY(mu_);
};

// Follows the feed from its start until `stop` is set and no event has come
// for --drain; every break of the stream (a killed events replica, a
// database fail-over) is resumed after the last cursor written.
void FollowFeed(const client::CallRunner& runner, std::shared_ptr<grpc::Channel> channel,
                const std::string& path, const std::atomic<bool>& stop, int64_t* resumes) {
  auto stub = v1::EventsService::NewStub(channel);
  std::ofstream out(path);
  int64_t last = 0;
  absl::Time last_event = absl::Now();
  const absl::Duration drain = absl::GetFlag(FLAGS_drain);
  while (!(stop && absl::Now() - last_event > drain)) {
    grpc::ClientContext context;
    // Each stream lives a few seconds at most, so that the end of the load
    // is noticed; a resume is the same call with the last cursor.
    runner.Prepare(&context, absl::Seconds(3));
    v1::SubscribeRequest request;
    request.set_after_cursor(last);
    auto reader = stub->Subscribe(&context, request);
    v1::SubscribeResponse item;
    while (reader->Read(&item)) {
      if (!item.has_event()) continue;
      const v1::Event& e = item.event();
      out << e.cursor() << ' ' << e.kind() << ' ' << (e.post_id().empty() ? "-" : e.post_id())
          << ' ' << (e.profile_id().empty() ? "-" : e.profile_id()) << '\n';
      last = e.cursor();
      last_event = absl::Now();
    }
    const grpc::Status status = reader->Finish();
    if (status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      ++*resumes;
      absl::SleepFor(absl::Milliseconds(200));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  client::ConnectionSettings settings;
  settings.ca_file = absl::GetFlag(FLAGS_ca_file);
  settings.token_file = absl::GetFlag(FLAGS_token_file);
  settings = client::FromEnvironment(settings);
  client::ClientOptions options;
  options.identity.role = "admin";
  auto token = client::BearerToken(settings);
  if (!token.ok()) {
    std::cerr << "jobmatch-chaos-load: " << token.status() << "\n";
    return 2;
  }
  options.identity.bearer_token = *token;
  options.deadline = absl::Seconds(5);
  // Six attempts, about 3 s of backoff in all: what a client that must ride
  // out a database fail-over (HAProxy moves the writes within a second or
  // two) sets on the library's retry policy.
  options.retry.max_attempts = 6;
  const client::CallRunner runner(options);
  auto channel = [&](const std::string& target) {
    auto c = client::MakeChannel(target, settings);
    if (!c.ok()) {
      std::cerr << "jobmatch-chaos-load: " << target << ": " << c.status() << "\n";
      std::exit(2);
    }
    return *c;
  };
  const std::string out_dir = absl::GetFlag(FLAGS_out_dir);
  Load load(runner, channel(absl::GetFlag(FLAGS_postings)), channel(absl::GetFlag(FLAGS_profiles)),
            channel(absl::GetFlag(FLAGS_events)), channel(absl::GetFlag(FLAGS_matcher)), out_dir);
  if (absl::Status s = load.CreateEmployer(); !s.ok()) {
    std::cerr << "jobmatch-chaos-load: the employer: " << s << "\n";
    return 1;
  }

  std::atomic<bool> stop{false};
  int64_t resumes = 0;
  std::thread feed([&] {
    FollowFeed(runner, channel(absl::GetFlag(FLAGS_events)), out_dir + "/feed.txt", stop, &resumes);
  });

  // A steady schedule: call n is due at start + n / rate, taken by whichever
  // worker is free; a worker never runs a call before it is due.
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::GetFlag(FLAGS_duration);
  const double rate = absl::GetFlag(FLAGS_rate);
  std::atomic<int64_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < absl::GetFlag(FLAGS_workers); ++w) {
    workers.emplace_back([&, w] {
      std::mt19937_64 random(w + 1);
      while (true) {
        const int64_t n = next++;
        const absl::Time due = start + absl::Seconds(n / rate);
        if (due >= end) break;
        absl::SleepFor(due - absl::Now());
        load.Call(n, random);
      }
    });
  }
  for (auto& w : workers) w.join();
  stop = true;
  feed.join();

  std::ofstream summary(out_dir + "/summary.txt");
  load.WriteSummary(summary);
  summary << "feed reader resumed its stream " << resumes << " times\n";
  summary.close();
  load.WriteSummary(std::cout);
  std::cout << "feed reader resumed its stream " << resumes << " times\n";
  return 0;
}
