#include "clients/live/viewer_swarm.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"

namespace jobmatch::live {
namespace {

// A well-mixed 64-bit hash of (a, b, salt) mapped to [0, 1).
double Draw(uint64_t a, uint64_t b, uint64_t salt) {
  uint64_t x = a * 0x9E3779B97F4A7C15ull ^ (b + salt) * 0xC2B2AE3D27D4EB4Full;
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return static_cast<double>(x >> 11) / static_cast<double>(1ull << 53);
}

}  // namespace

// One viewer's WatchMatches stream (gRPC callback API). Owned by the swarm,
// which destroys it only after OnDone.
class ViewerSwarm::Stream final : public grpc::ClientReadReactor<v1::WatchMatchesResponse> {
 public:
  Stream(ViewerSwarm* swarm, int viewer, v1::MatcherService::Stub* stub)
      : swarm_(swarm), viewer_(viewer) {
    request_.set_profile_id(swarm->profile_ids_[viewer]);
    request_.set_session_id(swarm->options_.session_id);
    swarm->runner_.Prepare(&context_, absl::Hours(24));
    const client::CallerIdentity& id = swarm->options_.client.identity;
    if (id.role.empty() && id.bearer_token.empty()) {
      context_.AddMetadata("jobmatch-role", "jobseeker");
      context_.AddMetadata("jobmatch-subject", request_.profile_id());
    }
    stub->async()->WatchMatches(&context_, &request_, this);
    if (swarm->options_.read) StartRead(&message_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended; OnDone follows
    if (!started_) {
      started_ = true;
      swarm_->Started(true);
    }
    if (message_.has_pushed()) swarm_->Arrived(viewer_, message_);
    StartRead(&message_);
  }

  void OnDone(const grpc::Status& status) override {
    if (!swarm_->options_.read) {
      // Never read, so never started: refused unless we closed it ourselves.
      if (status.error_code() != grpc::StatusCode::CANCELLED) {
        swarm_->Refused(status);
        swarm_->failed_.fetch_add(1);
        swarm_->open_.fetch_sub(1);
      }
      done_.Notify();
      return;
    }
    if (!started_) {
      swarm_->Refused(status);
      swarm_->Started(false);
    }
    if (started_) swarm_->open_.fetch_sub(1);
    done_.Notify();
  }

  void Close() { context_.TryCancel(); }
  void WaitDone() { done_.WaitForNotification(); }

 private:
  ViewerSwarm* swarm_;
  const int viewer_;
  grpc::ClientContext context_;
  v1::WatchMatchesRequest request_;
  v1::WatchMatchesResponse message_;
  bool started_ = false;  // only the reactor's own callbacks touch it, one at a time
  absl::Notification done_;
};

ViewerSwarm::ViewerSwarm(std::vector<std::string> profile_ids,
                         std::function<std::shared_ptr<grpc::Channel>()> make_channel,
                         std::shared_ptr<grpc::Channel> events, SwarmOptions options)
    : profile_ids_(std::move(profile_ids)),
      make_channel_(std::move(make_channel)),
      options_(std::move(options)),
      runner_(options_.client),
      events_(v1::EventsService::NewStub(events)) {
  for (int i = 0; i < options_.reply_threads; ++i) {
    reply_threads_.emplace_back([this] { ReplyLoop(); });
  }
}

ViewerSwarm::~ViewerSwarm() {
  for (auto& s : streams_) s->Close();
  for (auto& s : streams_) s->WaitDone();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& t : reply_threads_) t.join();
}

int ViewerSwarm::Open(absl::Duration timeout) {
  const int per_channel = std::max(1, options_.streams_per_channel);
  for (int i = 0; i < static_cast<int>(profile_ids_.size()); ++i) {
    if (i % per_channel == 0) {
      channels_.push_back(make_channel_());
      stubs_.push_back(v1::MatcherService::NewStub(channels_.back()));
    }
    if (!options_.read) open_.fetch_add(1);  // until refused
    streams_.push_back(std::make_unique<Stream>(this, i, stubs_.back().get()));
  }
  const absl::Time until = absl::Now() + timeout;
  if (!options_.read) {
    // Nothing arrives on a stream that is not read; give refusals a moment.
    absl::SleepFor(std::min(timeout, absl::Seconds(3)));
    return open_.load();
  }
  while (started_.load() < static_cast<int>(profile_ids_.size()) && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  return open_.load();
}

void ViewerSwarm::Started(bool ok) {
  (ok ? open_ : failed_).fetch_add(1);
  started_.fetch_add(1);
}

void ViewerSwarm::Refused(const grpc::Status& status) {
  absl::MutexLock lock(&mu_);
  if (first_refusal_.empty()) {
    first_refusal_ = absl::StrCat(status.error_code(), ": ", status.error_message());
  }
}

std::string ViewerSwarm::first_refusal() const {
  absl::MutexLock lock(&mu_);
  return first_refusal_;
}

bool ViewerSwarm::Views(int viewer, int64_t cursor) const {
  return Draw(viewer, cursor, 1) < options_.view_share;
}

bool ViewerSwarm::Applies(int viewer, int64_t cursor) const {
  return Draw(viewer, cursor, 2) < options_.apply_share;
}

void ViewerSwarm::Arrived(int viewer, const v1::WatchMatchesResponse& message) {
  Arrival a{viewer, message.cursor(), message.pushed().post_id(), absl::Now()};
  absl::MutexLock lock(&mu_);
  if (Views(viewer, a.cursor) || Applies(viewer, a.cursor)) replies_.push_back(a);
  arrivals_.push_back(std::move(a));
}

bool ViewerSwarm::WaitForArrivals(size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return arrivals_.size() >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

void ViewerSwarm::WaitForReplies() {
  absl::MutexLock lock(&mu_);
  auto idle = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return replies_.empty() && replying_ == 0; };
  mu_.Await(absl::Condition(&idle));
}

std::vector<Arrival> ViewerSwarm::arrivals() const {
  absl::MutexLock lock(&mu_);
  return arrivals_;
}

void ViewerSwarm::ReplyLoop() {
  while (true) {
    Arrival a;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || !replies_.empty(); };
      mu_.Await(absl::Condition(&ready));
      if (replies_.empty()) return;
      a = std::move(replies_.front());
      replies_.pop_front();
      ++replying_;
    }
    client::ClientOptions as = options_.client;
    if (as.identity.role.empty() && as.identity.bearer_token.empty()) {
      as.identity.role = "jobseeker";
      as.identity.subject = profile_ids_[a.viewer];
    }
    const client::CallRunner runner(as);
    const std::string& profile = profile_ids_[a.viewer];
    if (Views(a.viewer, a.cursor)) {
      v1::RecordViewRequest view;
      client::EnsureRequestId(&view);
      view.set_profile_id(profile);
      view.set_post_id(a.post_id);
      view.mutable_view()->set_channel("live");
      absl::Status s =
          runner.Unary(events_.get(), &v1::EventsService::Stub::RecordView, view).status();
      (s.ok() ? views_sent_ : reply_errors_).fetch_add(1);
    }
    if (Applies(a.viewer, a.cursor)) {
      v1::SubmitApplicationRequest apply;
      client::EnsureRequestId(&apply);
      apply.set_profile_id(profile);
      apply.set_post_id(a.post_id);
      apply.mutable_application()->set_channel("live");
      absl::Status s =
          runner.Unary(events_.get(), &v1::EventsService::Stub::SubmitApplication, apply).status();
      // Applied before (another push of the same post): one application per person per post.
      (s.ok() || absl::IsAlreadyExists(s) ? applications_sent_ : reply_errors_).fetch_add(1);
    }
    absl::MutexLock lock(&mu_);
    --replying_;
  }
}

double Quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * values.size()));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace jobmatch::live
