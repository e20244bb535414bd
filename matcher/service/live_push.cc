#include "matcher/service/live_push.h"

#include "matcher/domain/convert.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/public_view.h"
#include "services/common/proto_time.h"

namespace jobmatch::matcher {

v1::PostMatch ToPostMatch(const PostRecord& post, double score, double distance_km,
                          const std::vector<Reason>& reasons) {
  v1::PostMatch m;
  m.set_post_id(post.id);
  m.set_title(post.title);
  m.set_employer_id(post.employer_id);
  m.set_region_code(post.region_code);
  m.set_distance_km(distance_km);
  m.mutable_salary()->set_min_monthly_cny(post.salary_min);
  m.mutable_salary()->set_max_monthly_cny(post.salary_max);
  m.mutable_salary()->set_negotiable(post.negotiable);
  m.set_score(score);
  for (const Reason& r : reasons) {
    v1::Reason* out = m.add_reasons();
    out->set_code(static_cast<v1::ReasonCode>(r.code));
    out->set_text(r.text);
    out->set_contribution(r.contribution);
  }
  return m;
}

LivePushHub::LivePushHub(const MatchIndex* index, Clock now, absl::Duration keepalive)
    : index_(index), now_(std::move(now)), keepalive_(keepalive) {
  keepalive_thread_ = std::thread([this] { KeepaliveLoop(); });
}

LivePushHub::~LivePushHub() {
  stop_.Notify();
  keepalive_thread_.join();
}

int64_t LivePushHub::Add(std::string profile_id, std::string session_id, WatchSink* sink) {
  absl::MutexLock lock(&mu_);
  const int64_t handle = next_handle_++;
  watchers_[handle] =
      std::make_shared<Watcher>(handle, std::move(profile_id), std::move(session_id), sink);
  return handle;
}

void LivePushHub::Remove(int64_t handle) {
  std::shared_ptr<Watcher> w;
  {
    absl::MutexLock lock(&mu_);
    auto it = watchers_.find(handle);
    if (it == watchers_.end()) return;
    w = std::move(it->second);
    watchers_.erase(it);
  }
  // Waits for a Send in progress on another thread, and stops later ones.
  absl::MutexLock lock(&w->mu);
  w->sink = nullptr;
}

size_t LivePushHub::watcher_count() const {
  absl::MutexLock lock(&mu_);
  return watchers_.size();
}

std::vector<std::shared_ptr<LivePushHub::Watcher>> LivePushHub::Snapshot(
    const std::string* session_id) const {
  std::vector<std::shared_ptr<Watcher>> out;
  absl::MutexLock lock(&mu_);
  out.reserve(watchers_.size());
  for (const auto& [handle, w] : watchers_) {
    if (session_id != nullptr && !w->Watches(*session_id)) continue;
    out.push_back(w);
  }
  return out;
}

bool LivePushHub::SendTo(Watcher& w, const v1::WatchMatchesResponse& message, absl::Time now) {
  absl::MutexLock lock(&w.mu);
  if (w.sink == nullptr) return false;
  if (!w.sink->Send(message)) {
    w.sink = nullptr;
    return false;
  }
  w.last_sent = now;
  return true;
}

void LivePushHub::Forget(const std::vector<int64_t>& handles) {
  if (handles.empty()) return;
  absl::MutexLock lock(&mu_);
  for (int64_t h : handles) watchers_.erase(h);
}

int LivePushHub::Push(const std::string& post_id, const std::string& session_id, int64_t cursor) {
  std::shared_ptr<const PostRecord> post = index_->FindPost(post_id);
  if (post == nullptr) return 0;
  const int64_t now = now_();
  const QueryTime at = QueryTimeAt(now);
  PushAudience audience{post_id, cursor, now};
  std::vector<int64_t> cut_off;
  const std::vector<std::shared_ptr<Watcher>> watchers = Snapshot(&session_id);
  audience.watching = static_cast<int>(watchers.size());
  for (const std::shared_ptr<Watcher>& w : watchers) {
    std::shared_ptr<const Seeker> seeker = index_->FindSeeker(w->profile_id);
    if (seeker == nullptr) continue;
    const Distances d = DistancesOf(*seeker, *post);
    if (!IsEligible(*seeker, *post, at, d)) continue;
    std::vector<Reason> reasons;
    const double score =
        Score(*seeker, *post, at, d,
              FitOf(seeker->wanted_occupations, post->occupation_code, index_->relations()),
              &reasons, /*may_see_sensitive=*/true);  // the viewer is the person
    v1::WatchMatchesResponse message;
    *message.mutable_pushed() = ToPostMatch(*post, score, d.nearest(), reasons);
    message.set_session_id(session_id);
    message.set_cursor(cursor);
    if (!SendTo(*w, message, absl::Now())) {
      cut_off.push_back(w->handle);
      continue;
    }
    ++audience.eligible;
    if ((seeker->groups & kSensitiveGroups) == 0 ||
        IsEligible(WithoutSensitiveGroups(*seeker), *post, at, d)) {
      ++audience.eligible_public;
    }
  }
  Forget(cut_off);
  const int delivered = audience.eligible;
  Remember(session_id, std::move(audience));
  return delivered;
}

void LivePushHub::Remember(const std::string& session_id, PushAudience audience) {
  absl::MutexLock lock(&audience_mu_);
  SessionPushes& session = audiences_[session_id];
  session.last_cursor = std::max(session.last_cursor, audience.cursor);
  session.pushes.push_front(std::move(audience));
  if (session.pushes.size() > kPushesKept) session.pushes.pop_back();
  if (audiences_.size() <= kSessionsKept) return;
  // Rare (once per session past the limit), so a scan is fine.
  auto oldest = audiences_.begin();
  for (auto it = audiences_.begin(); it != audiences_.end(); ++it) {
    if (it->second.last_cursor < oldest->second.last_cursor) oldest = it;
  }
  audiences_.erase(oldest);
}

SessionAudience LivePushHub::Audience(const std::string& session_id) const {
  SessionAudience out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [handle, w] : watchers_) {
      if (w->Watches(session_id)) ++out.watching;
    }
  }
  absl::MutexLock lock(&audience_mu_);
  auto it = audiences_.find(session_id);
  if (it != audiences_.end()) out.pushes.assign(it->second.pushes.begin(), it->second.pushes.end());
  return out;
}

void LivePushHub::KeepaliveLoop() {
  const absl::Duration tick = std::min(keepalive_ / 2, absl::Seconds(1));
  while (!stop_.WaitForNotificationWithTimeout(tick)) {
    const absl::Time now = absl::Now();
    std::vector<int64_t> cut_off;
    for (const std::shared_ptr<Watcher>& w : Snapshot(nullptr)) {
      {
        absl::MutexLock lock(&w->mu);
        if (now - w->last_sent < keepalive_) continue;
      }
      v1::WatchMatchesResponse message;
      *message.mutable_keepalive() = ToProto(now);
      message.set_cursor(index_->cursor());
      if (!SendTo(*w, message, now)) cut_off.push_back(w->handle);
    }
    Forget(cut_off);
  }
}

}  // namespace jobmatch::matcher
