#include "services/events/feed_hub.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"

namespace jobmatch::events {

absl::Status CursorExpired(int64_t cursor, int64_t oldest) {
  const std::string why =
      absl::StrCat("cursor ", cursor, " is older than the feed keeps; the oldest event kept is ",
                   oldest, ": resume with after_cursor=", oldest - 1);
  google::rpc::BadRequest details;
  auto* v = details.add_field_violations();
  v->set_field("after_cursor");
  v->set_description(why);
  absl::Status s = absl::OutOfRangeError(why);
  s.SetPayload(kBadRequestTypeUrl, absl::Cord(details.SerializeAsString()));
  s.SetPayload(kOldestCursorPayload, absl::Cord(absl::StrCat(oldest)));
  return s;
}

Subscription::Subscription(const v1::SubscribeRequest& request, int64_t cursor)
    : kinds_(request.kinds().begin(), request.kinds().end()),
      campaign_id_(request.campaign_id()),
      region_prefix_(request.region_prefix()),
      scanned_(cursor),
      // Never pushed: the first Serve with nothing to send says how far the
      // stream stands at once, so a reader asking for the head (a matcher
      // starting) need not wait a keepalive period.
      last_push_(absl::InfinitePast()) {}

bool Subscription::Pop(v1::SubscribeResponse* out) {
  absl::MutexLock lock(&mu_);
  if (queue_.empty()) return false;
  *out = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

absl::Status Subscription::FinalStatus() {
  absl::MutexLock lock(&mu_);
  return final_;
}

void Subscription::Close(std::function<void()> release) {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  release_ = std::move(release);
}

bool Subscription::Matches(const v1::Event& event) const {
  if (!kinds_.empty() && !kinds_.count(event.kind())) return false;
  if (!campaign_id_.empty() && event.campaign_id() != campaign_id_) return false;
  return absl::StartsWith(event.region_code(), region_prefix_);
}

FeedHub::FeedHub(FeedReader* feed, HubOptions options) : feed_(*feed), options_(options) {
  thread_ = std::thread([this] { Loop(); });
}

FeedHub::~FeedHub() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  absl::MutexLock lock(&mu_);
  for (auto* list : {&subs_, &pending_}) {
    for (auto& sub : *list) {
      absl::MutexLock sub_lock(&sub->mu_);
      if (sub->release_) sub->release_();
    }
  }
}

absl::StatusOr<std::shared_ptr<Subscription>> FeedHub::Open(const v1::SubscribeRequest& request) {
  absl::StatusOr<int64_t> head = feed_.Head();
  if (!head.ok()) return head.status();
  int64_t start = request.after_cursor();
  if (request.from_now()) {
    start = *head;
  } else {
    absl::StatusOr<int64_t> oldest = feed_.Oldest();
    if (!oldest.ok()) return oldest.status();
    if (start == 0) {
      start = *oldest - 1;
    } else if (start < *oldest - 1) {
      return CursorExpired(start, *oldest);
    } else if (start > *head) {
      return InvalidField("after_cursor",
                          absl::StrCat("is beyond the head of the feed (", *head, ")"));
    }
  }
  return std::make_shared<Subscription>(request, start);
}

void FeedHub::Register(std::shared_ptr<Subscription> sub) {
  absl::MutexLock lock(&mu_);
  pending_.push_back(std::move(sub));
  woken_ = true;
}

void FeedHub::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

void FeedHub::Loop() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(
                               +[](FeedHub* h) ABSL_EXCLUSIVE_LOCKS_REQUIRED(h->mu_) {
                                 return h->stopping_ || h->woken_;
                               },
                               this),
                           options_.poll_interval);
      if (stopping_) return;
      woken_ = false;
      for (auto& sub : pending_) subs_.push_back(std::move(sub));
      pending_.clear();
    }
    // A failed poll (database briefly away) is retried on the next tick;
    // subscribers simply wait.
    (void)Tail();
    const absl::Time now = absl::Now();
    std::vector<std::shared_ptr<Subscription>> kept;
    for (auto& sub : subs_) {
      std::function<void()> release;
      {
        absl::MutexLock lock(&sub->mu_);
        if (sub->closed_) release = std::move(sub->release_);
      }
      if (release) {
        release();
        continue;
      }
      kept.push_back(sub);
      if (!sub->failed_ && Serve(*sub, now) && sub->ready_) sub->ready_();
    }
    subs_.swap(kept);
  }
}

absl::Status FeedHub::Tail() {
  if (!head_known_) {
    absl::StatusOr<int64_t> head = feed_.Head();
    if (!head.ok()) return head.status();
    head_ = *head;
    head_known_ = true;
  }
  for (;;) {
    absl::StatusOr<std::vector<v1::Event>> page = feed_.ReadAfter(head_, 1000);
    if (!page.ok()) return page.status();
    // The window must stay contiguous; if retention cut in between, restart it.
    if (!page->empty() && page->front().cursor() != head_ + 1) window_.clear();
    for (auto& e : *page) {
      head_ = e.cursor();
      window_.push_back(std::move(e));
    }
    while (window_.size() > options_.window) window_.pop_front();
    if (page->size() < 1000) return absl::OkStatus();
  }
}

bool FeedHub::Serve(Subscription& sub, absl::Time now) {
  std::vector<v1::SubscribeResponse> out;
  size_t room;
  {
    absl::MutexLock lock(&sub.mu_);
    room = sub.queue_.size() >= options_.queue_limit ? 0 : options_.queue_limit - sub.queue_.size();
  }
  absl::Status failure;
  const int64_t scanned_before = sub.scanned_;
  while (room > 0 && sub.scanned_ < head_) {
    const int64_t first = window_.empty() ? head_ + 1 : window_.front().cursor();
    if (sub.scanned_ + 1 >= first) {
      for (size_t i = sub.scanned_ + 1 - first; i < window_.size() && room > 0; ++i) {
        const v1::Event& e = window_[i];
        if (sub.Matches(e)) {
          *out.emplace_back().mutable_event() = e;
          --room;
        }
        sub.scanned_ = e.cursor();
      }
      continue;
    }
    // Behind the window: a page from the database. A stream filtered by
    // kind gets the other kinds' cursors only, so pages can be larger (the
    // matcher's replay of applications passes over every post and person).
    absl::StatusOr<std::vector<v1::Event>> page =
        feed_.ReadAfterOfKinds(sub.scanned_, sub.kinds_.empty() ? 500 : 5000, sub.kinds_);
    if (!page.ok()) break;  // retried next tick
    if (page->empty() || page->front().cursor() != sub.scanned_ + 1) {
      absl::StatusOr<int64_t> oldest = feed_.Oldest();
      if (!oldest.ok()) break;
      if (sub.scanned_ + 1 < *oldest) failure = CursorExpired(sub.scanned_, *oldest);
      break;
    }
    for (auto& e : *page) {
      const int64_t cursor = e.cursor();
      if (cursor > head_) break;  // the window takes over from here
      if (sub.Matches(e)) {
        if (room == 0) break;
        *out.emplace_back().mutable_event() = std::move(e);
        --room;
      }
      sub.scanned_ = cursor;
    }
  }
  // A keepalive says how far the stream has read: when it is due, and at once
  // when a filtered stream has just read up to the head past its last match
  // (after the events it got, if any), so that a reader waiting to pass a
  // cursor (the matcher's replay of applications) need not wait for the next
  // period.
  const bool caught_up_unseen = sub.scanned_ != scanned_before && sub.scanned_ == head_ &&
                                (out.empty() || out.back().event().cursor() < sub.scanned_);
  const bool due = out.empty() && room > 0 && now - sub.last_push_ >= options_.keepalive_interval;
  if (failure.ok() && (caught_up_unseen || due)) {
    v1::Keepalive* k = out.emplace_back().mutable_keepalive();
    k->set_cursor(sub.scanned_);
    *k->mutable_time() = ToProto(now);
  }
  if (out.empty() && failure.ok()) return false;
  sub.last_push_ = now;
  absl::MutexLock lock(&sub.mu_);
  for (auto& m : out) sub.queue_.push_back(std::move(m));
  if (!failure.ok()) {
    sub.final_ = failure;
    sub.failed_ = true;
  }
  return true;
}

}  // namespace jobmatch::events
