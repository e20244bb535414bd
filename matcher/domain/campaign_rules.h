// What a post's campaigns change about who may see it and how it ranks, by
// kind. Every campaign of a post may narrow its audience; two kinds change
// more:
//
// - Audience (every kind). A campaign with regions or targeting rules is for
//   the people they describe (CampaignInfo). A post in campaigns is eligible
//   for a person only if one of its campaigns running now admits them; a
//   campaign without regions or rules admits everyone. This is a hard rule
//   on top of the post's own: the post's requirements still apply, and its
//   own target groups and relaxations do not widen a campaign's audience (a
//   post that should reach everyone joins no narrowed campaign, or also an
//   open one). Campaign target groups stay a priority (scoring), not a rule.
// - CZT graduate season. A graduate (KEY_GROUP_GRADUATE) living in one of the
//   three cities reaches its posts located in any of them however far: the
//   distance rule passes for them, with no distance part in the score. The
//   campaign's own audience still applies.
// - Village outreach. Its posts rank higher the nearer they are to either of
//   the person's homes (就地就近): up to kMaxNearHomeBoost, falling to 0 at
//   kNearHomeKm, for the people the campaign admits.
// - Spring Breeze, live streams and the rest change nothing beyond their
//   audience: a live session's pushes already go only to those eligible, and
//   Spring Breeze's window and targets work as for any campaign.
#ifndef JOBMATCH_MATCHER_DOMAIN_CAMPAIGN_RULES_H_
#define JOBMATCH_MATCHER_DOMAIN_CAMPAIGN_RULES_H_

#include <string>
#include <vector>

#include "matcher/domain/model.h"

namespace jobmatch::matcher {

inline constexpr double kMaxNearHomeBoost = 6;
inline constexpr double kNearHomeKm = 30;

inline bool Running(const CampaignInfo& c, int64_t now) { return c.start <= now && now < c.end; }

// True when `campaign` is for `seeker` (its regions and rules; time aside).
bool InAudience(const Seeker& seeker, const CampaignInfo& campaign);

// True when the post is in no running campaign, or one of those running at
// `now` admits the person. (The campaign-window rule refuses a post none of
// whose campaigns run.)
bool AudienceOk(const Seeker& seeker, const PostRecord& post, int64_t now);

// The running CZT campaign that lets the person reach the post beyond their
// radius, or nullptr.
const CampaignInfo* WideningCampaign(const Seeker& seeker, const PostRecord& post, int64_t now);

// The running CZT campaigns with cities whose area holds the post: the only
// ones WideningCampaign may return for it at `now`.
std::vector<const CampaignInfo*> WideningCampaignsOf(const PostRecord& post, int64_t now);
// True when `residence_region` lies in the area of one of `campaigns` (a
// necessary condition for WideningCampaign, checked without the person).
bool LivesInWidenedArea(const std::string& residence_region,
                        const std::vector<const CampaignInfo*>& campaigns);

// True when the post may widen anyone's reach (it has a CZT campaign with
// cities); for the index, which keeps such posts apart.
bool MayWiden(const PostRecord& post);
// True when the post has a village outreach campaign: it may earn the boost.
bool MayBoostNearHome(const PostRecord& post);

// The near-home boost for a person `km` from the post (nearer home), and the
// campaign earning it (nullptr when the boost is 0).
double NearHomeBoost(const Seeker& seeker, const PostRecord& post, int64_t now, double km,
                     const CampaignInfo** campaign = nullptr);

// Plain Chinese for ExplainMatch's audience check, with groups named as
// `may_see_sensitive` allows.
std::string AudienceText(const Seeker& seeker, const PostRecord& post, int64_t now, bool passed,
                         bool may_see_sensitive);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_CAMPAIGN_RULES_H_
