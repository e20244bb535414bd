#include "clients/live/live_host.h"

#include <utility>

namespace jobmatch::live {

LiveHost::LiveHost(std::shared_ptr<grpc::Channel> events, const client::CallRunner* runner,
                   std::string host_id, std::string session_id)
    : stub_(v1::EventsService::NewStub(events)),
      runner_(runner),
      host_id_(std::move(host_id)),
      session_id_(std::move(session_id)) {}

absl::StatusOr<v1::Event> LiveHost::Push(const std::string& post_id) const {
  v1::PushLivePostRequest request;
  client::EnsureRequestId(&request);
  request.set_post_id(post_id);
  request.mutable_live_push()->set_host_id(host_id_);
  request.mutable_live_push()->set_session_id(session_id_);
  absl::StatusOr<v1::PushLivePostResponse> response =
      runner_->Unary(stub_.get(), &v1::EventsService::Stub::PushLivePost, request);
  if (!response.ok()) return response.status();
  return response->event();
}

SessionCounter::SessionCounter(std::shared_ptr<grpc::Channel> events,
                               const client::CallRunner* runner, std::string session_id,
                               int64_t after_cursor)
    : stub_(v1::EventsService::NewStub(events)),
      runner_(runner),
      session_id_(std::move(session_id)) {
  counters_.cursor = after_cursor;
  thread_ = std::thread([this] { Follow(); });
}

SessionCounter::~SessionCounter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  thread_.join();
}

SessionCounters SessionCounter::Now() const {
  absl::MutexLock lock(&mu_);
  return counters_;
}

bool SessionCounter::WaitForCursor(int64_t cursor, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto reached = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return counters_.cursor >= cursor; };
  return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
}

void SessionCounter::Count(const v1::Event& event) {
  counters_.cursor = std::max(counters_.cursor, event.cursor());
  switch (event.kind()) {
    case v1::EVENT_KIND_LIVE_PUSH:
      if (event.live_push().session_id() == session_id_) {
        ++counters_.pushes;
        pushed_posts_.insert(event.post_id());
      }
      break;
    case v1::EVENT_KIND_VIEW:
      if (event.view().channel() == "live" && pushed_posts_.contains(event.post_id())) {
        ++counters_.views;
        viewers_.insert(event.profile_id());
      }
      break;
    case v1::EVENT_KIND_APPLICATION:
      if (event.application().channel() == "live" && pushed_posts_.contains(event.post_id())) {
        ++counters_.applications;
        viewers_.insert(event.profile_id());
      }
      break;
    default:
      break;
  }
  counters_.viewers = static_cast<int64_t>(viewers_.size());
}

void SessionCounter::Follow() {
  while (true) {
    grpc::ClientContext context;
    v1::SubscribeRequest request;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      current_ = &context;
      request.set_after_cursor(counters_.cursor);
    }
    request.add_kinds(v1::EVENT_KIND_LIVE_PUSH);
    request.add_kinds(v1::EVENT_KIND_VIEW);
    request.add_kinds(v1::EVENT_KIND_APPLICATION);
    // A stream has no deadline; identity metadata only.
    runner_->Prepare(&context, absl::Hours(24 * 365));
    std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> stream =
        stub_->Subscribe(&context, request);
    v1::SubscribeResponse message;
    while (stream->Read(&message)) {
      absl::MutexLock lock(&mu_);
      if (message.has_event()) Count(message.event());
      if (message.has_keepalive()) {
        counters_.cursor = std::max(counters_.cursor, message.keepalive().cursor());
      }
    }
    stream->Finish().ok();
    absl::MutexLock lock(&mu_);
    current_ = nullptr;
    if (stopping_) return;
    // Resubscribe after a pause; the cursor makes it lose and repeat nothing.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(500));
  }
}

}  // namespace jobmatch::live
