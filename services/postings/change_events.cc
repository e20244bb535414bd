#include "services/postings/change_events.h"

namespace jobmatch::postings {

v1::Event EmployerChanged(const v1::Employer& employer, int64_t version, v1::ChangeType type) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_EMPLOYER_CHANGED);
  e.set_employer_id(employer.employer_id());
  e.set_region_code(employer.region_code());
  e.mutable_change()->set_change_type(type);
  e.mutable_change()->set_version(version);
  return e;
}

v1::Event CampaignChanged(const v1::Campaign& campaign, int64_t version, v1::ChangeType type) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_CAMPAIGN_CHANGED);
  e.set_campaign_id(campaign.campaign_id());
  e.mutable_change()->set_change_type(type);
  e.mutable_change()->set_version(version);
  return e;
}

v1::Event PostChanged(const v1::Post& post, v1::ChangeType type) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_POST_CHANGED);
  e.set_post_id(post.post_id());
  e.set_employer_id(post.employer_id());
  if (post.campaign_ids_size() > 0) e.set_campaign_id(post.campaign_ids(0));
  e.set_region_code(post.region_code());
  const bool live = post.state() == v1::POST_STATE_OPEN || post.state() == v1::POST_STATE_PAUSED ||
                    post.state() == v1::POST_STATE_DRAFT;
  e.mutable_change()->set_change_type(live ? type : v1::CHANGE_TYPE_REMOVED);
  e.mutable_change()->set_version(post.version());
  e.mutable_change()->set_post_state(post.state());
  return e;
}

}  // namespace jobmatch::postings
