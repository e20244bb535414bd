#include "clients/load/platform_load.h"

#include <functional>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"

namespace jobmatch::load {

uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

namespace {

const std::string& Pick(const std::vector<std::string>& from, uint64_t n) {
  return from[n % from.size()];
}

}  // namespace

template <typename Request, typename Response>
struct PlatformLoad::Call {
  grpc::ClientContext context;
  Request request;
  Response response;
};

PlatformLoad::PlatformLoad(LoadTargets targets, LoadFixture fixture, LoadOptions options)
    : targets_(std::move(targets)),
      fixture_(std::move(fixture)),
      options_(options),
      app_(targets_.app),
      host_(targets_.host),
      postings_(v1::PostingsService::NewStub(targets_.postings)),
      events_(v1::EventsService::NewStub(targets_.events)),
      host_events_(v1::EventsService::NewStub(targets_.host_events)),
      matcher_(v1::MatcherService::NewStub(targets_.matcher)) {}

template <typename Request, typename Response, typename Start>
void PlatformLoad::Launch(CallKind kind, Clock::time_point due, LatencyRecorder* recorder,
                          const client::CallRunner& runner, Request request, Start start) {
  auto* call = new Call<Request, Response>;
  call->request = std::move(request);
  runner.Prepare(&call->context, options_.deadline);
  {
    absl::MutexLock lock(&mu_);
    ++in_flight_;
  }
  recorder->Sent(kind);
  start(&call->context, &call->request, &call->response,
        [this, call, kind, due, recorder](grpc::Status status) {
          const Clock::time_point now = Clock::now();
          const std::string code(
              absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())));
          recorder->Done(kind, now - due, status.ok(), code, status.error_message());
          absl::MutexLock lock(&mu_);
          if constexpr (std::is_same_v<Response, v1::PushLivePostResponse>) {
            if (status.ok()) {
              pushes_[call->response.event().cursor()] = absl::Now() - absl::FromChrono(now - due);
            }
          }
          delete call;
          --in_flight_;
        });
}

void PlatformLoad::Issue(CallKind kind, int64_t seq, Clock::time_point due,
                         LatencyRecorder* recorder) {
  using Done = std::function<void(grpc::Status)>;
  const uint64_t draw = Mix64(static_cast<uint64_t>(seq));
  switch (kind) {
    case CallKind::kRecommendPosts: {
      v1::RecommendPostsRequest r;
      r.set_profile_id(Pick(fixture_.people, draw));
      r.set_page_size(options_.recommend_page_size);
      Launch<v1::RecommendPostsRequest, v1::RecommendPostsResponse>(
          kind, due, recorder, app_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            matcher_->async()->RecommendPosts(c, q, p, std::move(d));
          });
      return;
    }
    case CallKind::kGetPost: {
      v1::GetPostRequest r;
      r.set_post_id(Pick(fixture_.posts, draw));
      Launch<v1::GetPostRequest, v1::GetPostResponse>(
          kind, due, recorder, app_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            postings_->async()->GetPost(c, q, p, std::move(d));
          });
      return;
    }
    case CallKind::kSearchPosts: {
      v1::SearchPostsRequest r;
      r.set_query(Pick(fixture_.queries, draw));
      r.set_page_size(20);
      Launch<v1::SearchPostsRequest, v1::SearchPostsResponse>(
          kind, due, recorder, app_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            postings_->async()->SearchPosts(c, q, p, std::move(d));
          });
      return;
    }
    case CallKind::kRecordViews: {
      v1::RecordViewsRequest r;
      for (int i = 0; i < options_.views_per_call; ++i) {
        v1::RecordViewRequest* view = r.add_views();
        view->set_request_id(client::NewRequestId());
        view->set_profile_id(Pick(fixture_.people, Mix64(draw + 2 * i)));
        view->set_post_id(Pick(fixture_.posts, Mix64(draw + 2 * i + 1)));
        view->mutable_view()->set_channel("app");
      }
      Launch<v1::RecordViewsRequest, v1::RecordViewsResponse>(
          kind, due, recorder, app_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            events_->async()->RecordViews(c, q, p, std::move(d));
          });
      return;
    }
    case CallKind::kSubmitApplication: {
      // Pair k: person p = k mod P applies to post (p + k div P) mod M, so
      // each person's posts differ until P × M pairs, and consecutive
      // applications spread over the posts as a city's do (no hot post).
      const uint64_t k = static_cast<uint64_t>(options_.first_application + applications_++);
      const uint64_t person = k % fixture_.people.size();
      v1::SubmitApplicationRequest r;
      r.set_request_id(client::NewRequestId());
      r.set_profile_id(fixture_.people[person]);
      r.set_post_id(Pick(fixture_.posts, person + k / fixture_.people.size()));
      r.mutable_application()->set_channel("app");
      Launch<v1::SubmitApplicationRequest, v1::SubmitApplicationResponse>(
          kind, due, recorder, app_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            events_->async()->SubmitApplication(c, q, p, std::move(d));
          });
      return;
    }
    case CallKind::kPushLivePost: {
      v1::PushLivePostRequest r;
      r.set_request_id(client::NewRequestId());
      r.set_post_id(Pick(fixture_.live_posts, static_cast<uint64_t>(seq)));
      r.mutable_live_push()->set_host_id(fixture_.host_id);
      r.mutable_live_push()->set_session_id(fixture_.session_id);
      Launch<v1::PushLivePostRequest, v1::PushLivePostResponse>(
          kind, due, recorder, host_, std::move(r), [this](auto* c, auto* q, auto* p, Done d) {
            host_events_->async()->PushLivePost(c, q, p, std::move(d));
          });
      return;
    }
  }
}

bool PlatformLoad::WaitIdle(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return in_flight_ == 0; };
  return mu_.AwaitWithTimeout(absl::Condition(&idle), timeout);
}

std::map<int64_t, absl::Time> PlatformLoad::Pushes() const {
  absl::MutexLock lock(&mu_);
  return pushes_;
}

void PlatformLoad::ForgetPushes() {
  absl::MutexLock lock(&mu_);
  pushes_.clear();
}

}  // namespace jobmatch::load
