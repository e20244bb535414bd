#include "services/events/notifier.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/proto_time.h"
#include "services/events/notification_texts.h"

namespace jobmatch::events {
namespace {

NotificationDraft Draft(const v1::Event& event, v1::NotificationKind kind, std::string text) {
  NotificationDraft d;
  d.profile_id = event.profile_id();
  d.cause = absl::StrCat("feed:", event.cursor());
  d.cause_cursor = event.cursor();
  d.kind = kind;
  d.post_id = event.post_id();
  d.text = std::move(text);
  return d;
}

}  // namespace

Notifier::Notifier(FeedReader* feed, NotificationStore* store, WisherSource* wishers,
                   NotificationGateway* gateway, RecipientDirectory* directory,
                   NotifierOptions options, Clock now)
    : feed_(feed),
      store_(store),
      wishers_(wishers),
      gateway_(gateway),
      directory_(directory),
      options_(options),
      now_(std::move(now)) {}

Notifier::~Notifier() { Stop(); }

absl::Status Notifier::DraftsFor(const v1::Event& event, std::vector<NotificationDraft>* drafts,
                                 std::vector<std::string>* seen_posts) {
  switch (event.kind()) {
    case v1::EVENT_KIND_INTERVIEW_INVITATION:
    case v1::EVENT_KIND_HIRE:
    case v1::EVENT_KIND_REJECTION: {
      if (event.profile_id().empty()) return absl::OkStatus();
      absl::StatusOr<std::string> title = store_->PostTitle(event.post_id());
      if (!title.ok()) return title.status();
      if (event.kind() == v1::EVENT_KIND_INTERVIEW_INVITATION) {
        drafts->push_back(Draft(event, v1::NOTIFICATION_KIND_INTERVIEW_INVITATION,
                                InterviewText(*title, event.interview())));
      } else if (event.kind() == v1::EVENT_KIND_HIRE) {
        drafts->push_back(
            Draft(event, v1::NOTIFICATION_KIND_HIRED, HiredText(*title, event.hire())));
      } else {
        drafts->push_back(Draft(event, v1::NOTIFICATION_KIND_REJECTED, RejectedText(*title)));
      }
      return absl::OkStatus();
    }
    case v1::EVENT_KIND_POST_CHANGED: {
      // A post is new to people the first time the feed shows it open
      // (created open, or approved); later edits ask nobody again.
      if (wishers_ == nullptr || !event.has_change() ||
          event.change().post_state() != v1::POST_STATE_OPEN) {
        return absl::OkStatus();
      }
      for (const std::string& p : *seen_posts) {
        if (p == event.post_id()) return absl::OkStatus();
      }
      absl::StatusOr<bool> seen = store_->PostSeen(event.post_id());
      if (!seen.ok()) return seen.status();
      if (*seen) return absl::OkStatus();
      absl::StatusOr<Wishers> wishers = wishers_->WishersOf(event.post_id(), event.cursor());
      if (absl::IsNotFound(wishers.status())) {
        // Gone again before the matcher saw it open: nobody to tell.
        seen_posts->push_back(event.post_id());
        return absl::OkStatus();
      }
      if (!wishers.ok()) return wishers.status();
      for (const std::string& profile : wishers->profile_ids) {
        NotificationDraft d;
        d.profile_id = profile;
        d.cause = absl::StrCat("post:", event.post_id());
        d.cause_cursor = event.cursor();
        d.kind = v1::NOTIFICATION_KIND_NEW_POST;
        d.post_id = event.post_id();
        d.text = NewPostText(wishers->title);
        drafts->push_back(std::move(d));
      }
      seen_posts->push_back(event.post_id());
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

absl::StatusOr<int> Notifier::FollowOnce() {
  const absl::Time start = absl::Now();
  absl::StatusOr<int64_t> from = store_->Position();
  if (!from.ok()) return from.status();
  absl::StatusOr<std::vector<v1::Event>> events = feed_->ReadAfter(*from, options_.batch);
  if (!events.ok()) return events.status();
  if (events->empty()) {
    lag_.CaughtUp(*from, start);
    return 0;
  }
  if (events->front().cursor() != *from + 1) {
    std::cerr << "jobmatch-events: notifier: the feed no longer holds cursors " << *from + 1 << "-"
              << events->front().cursor() - 1 << " (retention); their notifications are lost\n";
  }
  std::vector<NotificationDraft> drafts;
  std::vector<std::string> seen_posts;
  int64_t to = *from;
  int taken = 0;
  absl::Status failed;
  for (const v1::Event& event : *events) {
    std::vector<NotificationDraft> mine;
    std::vector<std::string> seen = seen_posts;
    if (absl::Status s = DraftsFor(event, &mine, &seen); !s.ok()) {
      failed = s;
      break;
    }
    drafts.insert(drafts.end(), mine.begin(), mine.end());
    seen_posts = std::move(seen);
    to = event.cursor();
    ++taken;
  }
  if (taken > 0) {
    if (absl::Status s = store_->Commit(*from, to, drafts, seen_posts); !s.ok()) return s;
    lag_.Applied(to, FromProto((*events)[taken - 1].time()));
  }
  if (!failed.ok()) return failed;
  // A short read that was taken whole was everything committed at the start.
  if (static_cast<int>(events->size()) < options_.batch) lag_.CaughtUp(to, start);
  return taken;
}

std::optional<absl::Time> Notifier::RetryAt(int attempt, absl::Time now) const {
  if (attempt >= options_.max_attempts) return std::nullopt;
  absl::Duration wait = options_.first_backoff;
  for (int i = 1; i < attempt && wait < options_.max_backoff; ++i) wait *= 2;
  return now + std::min(wait, options_.max_backoff);
}

absl::StatusOr<int> Notifier::DeliverOnce() {
  absl::StatusOr<std::vector<DueNotification>> due =
      store_->ClaimDue(now_(), options_.delivery_batch, options_.lease);
  if (!due.ok()) return due.status();
  int delivered = 0;
  for (const DueNotification& n : *due) {
    absl::StatusOr<Delivery> delivery = directory_->AddressOf(n.profile_id);
    absl::Status sent = delivery.status();
    if (delivery.ok()) {
      delivery->notification_id = absl::StrCat(n.id);
      delivery->text = n.text;
      sent = gateway_->Deliver(*delivery);
    }
    const std::optional<absl::Time> retry = sent.ok() ? std::nullopt : RetryAt(n.attempt, now_());
    if (!sent.ok()) {
      std::cerr << "jobmatch-events: notification " << n.id << " attempt " << n.attempt
                << " failed: " << sent.message()
                << (retry ? absl::StrCat("; again at ", absl::FormatTime(*retry))
                          : std::string("; giving up"))
                << "\n";
    }
    if (absl::Status s =
            store_->RecordAttempt(n.id, n.attempt, sent.ok(), std::string(sent.message()), retry);
        !s.ok()) {
      return s;  // the lease runs out and the attempt is made again
    }
    if (sent.ok()) ++delivered;
  }
  return delivered;
}

void Notifier::Loop(const std::function<absl::StatusOr<int>()>& pass, const char* what) {
  absl::Duration backoff = options_.poll;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<int> done = pass();
    if (!done.ok()) {
      std::cerr << "jobmatch-events: notifier " << what << ": " << done.status() << "\n";
      backoff = std::min(backoff * 2, absl::Seconds(30));
    } else {
      backoff = options_.poll;
      if (*done > 0) continue;  // more may be waiting
    }
    stop_.WaitForNotificationWithTimeout(backoff);
  }
}

void Notifier::Start() {
  threads_.emplace_back([this] { Loop([this] { return FollowOnce(); }, "feed"); });
  threads_.emplace_back([this] { Loop([this] { return DeliverOnce(); }, "delivery"); });
}

void Notifier::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

}  // namespace jobmatch::events
