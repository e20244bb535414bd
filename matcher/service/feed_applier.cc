#include "matcher/service/feed_applier.h"

#include <algorithm>

namespace jobmatch::matcher {

bool AddVisitWants(const std::vector<std::string>& codes, Seeker& seeker) {
  bool added = false;
  for (const std::string& code : codes) {
    if (code.empty()) continue;
    if (std::find(seeker.visit_wants.begin(), seeker.visit_wants.end(), code) ==
        seeker.visit_wants.end()) {
      seeker.visit_wants.push_back(code);
    }
    if (std::find(seeker.wanted_occupations.begin(), seeker.wanted_occupations.end(), code) ==
        seeker.wanted_occupations.end()) {
      seeker.wanted_occupations.push_back(code);
      added = true;
    }
  }
  return added;
}

absl::Status FeedApplier::Apply(const v1::Event& event) {
  absl::Status applied = ApplyToIndex(event);
  if (applied.ok() && gate_ != nullptr) gate_->Applied(event);
  return applied;
}

absl::Status FeedApplier::ApplyToIndex(const v1::Event& event) {
  switch (event.kind()) {
    case v1::EVENT_KIND_POST_CHANGED: {
      absl::StatusOr<std::optional<PostRecord>> post = source_->LoadPost(event.post_id());
      if (!post.ok()) return post.status();
      if (post->has_value()) {
        index_->UpsertPost(std::move(**post));
      } else {
        index_->RemovePost(event.post_id());
      }
      break;
    }
    case v1::EVENT_KIND_PROFILE_CHANGED: {
      absl::StatusOr<std::optional<Seeker>> seeker = source_->LoadSeeker(event.profile_id());
      if (!seeker.ok()) return seeker.status();
      if (seeker->has_value()) {
        // What the person did lives in the feed, not in the profile: keep it.
        if (std::shared_ptr<const Seeker> old = index_->FindSeeker(event.profile_id())) {
          (*seeker)->applied = old->applied;
          (*seeker)->hired = old->hired;
          (*seeker)->last_active = old->last_active;
          AddVisitWants(old->visit_wants, **seeker);
        }
        index_->UpsertSeeker(std::move(**seeker));
      } else {
        index_->RemoveSeeker(event.profile_id());
      }
      break;
    }
    case v1::EVENT_KIND_CAMPAIGN_CHANGED: {
      // Its window and targets live in every post of it: re-read those posts.
      source_->CampaignChanged(event.campaign_id());
      std::vector<std::string> affected;
      index_->ForEachPost([&](const std::shared_ptr<const PostRecord>& p) {
        for (const CampaignInfo& c : p->campaigns) {
          if (c.id == event.campaign_id()) affected.push_back(p->id);
        }
      });
      for (const std::string& id : affected) {
        absl::StatusOr<std::optional<PostRecord>> post = source_->LoadPost(id);
        if (!post.ok()) return post.status();
        if (post->has_value()) {
          index_->UpsertPost(std::move(**post));
        } else {
          index_->RemovePost(id);
        }
      }
      break;
    }
    // Counted facts: the cursor moves with them, never apart (see RecordApplication).
    case v1::EVENT_KIND_APPLICATION:
      index_->RecordApplication(event.profile_id(), event.post_id(), event.cursor(),
                                event.time().seconds());
      return absl::OkStatus();
    case v1::EVENT_KIND_HIRE:
      index_->RecordHire(event.profile_id(), event.post_id(), event.cursor(),
                         event.time().seconds());
      return absl::OkStatus();
    case v1::EVENT_KIND_FIELD_VISIT: {
      // Demand a recruiter recorded at the door becomes the person's wish,
      // so recommendations, notifications and plans see it (先有需求). A
      // household with no profile has no wishes to hold it: plans show it
      // as the village's demand.
      const auto& codes = event.field_visit().wanted_occupation_codes();
      if (event.profile_id().empty()) {
        if (codes.empty()) break;
        index_->RecordHouseholdVisit({event.field_visit().village_code(),
                                      {codes.begin(), codes.end()},
                                      event.time().seconds()},
                                     event.cursor());
        return absl::OkStatus();
      }
      std::shared_ptr<const Seeker> old = index_->FindSeeker(event.profile_id());
      if (old == nullptr || codes.empty()) break;
      Seeker updated = *old;
      if (AddVisitWants({codes.begin(), codes.end()}, updated)) {
        index_->UpsertSeeker(std::move(updated));
      }
      break;
    }
    case v1::EVENT_KIND_APPLICATION_WITHDRAWN:
      index_->RecordWithdrawal(event.profile_id(), event.post_id(), event.cursor());
      return absl::OkStatus();
    case v1::EVENT_KIND_HIRE_UNDONE:
      index_->UndoHire(event.profile_id(), event.post_id(), event.cursor());
      return absl::OkStatus();
    case v1::EVENT_KIND_LIVE_PUSH: {
      const bool stale =
          event.has_time() && now_() - event.time().seconds() > kLivePushShelfLifeSeconds;
      if (hub_ != nullptr && !stale) {
        hub_->Push(event.post_id(), event.live_push().session_id(), event.cursor());
      }
      break;
    }
    default:
      break;
  }
  // Everything else is re-read whole, so applying it twice (a checkpoint
  // taken before this line) does no harm.
  index_->set_cursor(event.cursor());
  return absl::OkStatus();
}

}  // namespace jobmatch::matcher
