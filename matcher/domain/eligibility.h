// Hard eligibility of a (person, post) pair: every rule the post and the
// person's own limits impose, with the post's per-group relaxations applied.
// One set of rule functions serves both the fast yes/no used by the index and
// the rule-by-rule explanation, so the two can never disagree.
#ifndef JOBMATCH_MATCHER_DOMAIN_ELIGIBILITY_H_
#define JOBMATCH_MATCHER_DOMAIN_ELIGIBILITY_H_

#include <string>
#include <vector>

#include "matcher/domain/model.h"

namespace jobmatch::matcher {

// The rules; values equal jobmatch.v1.ReasonCode failure codes.
enum class Rule {
  kAge = 20,
  kSex = 21,
  kEducation = 22,
  kSkills = 23,
  kExperience = 24,
  kDistance = 25,
  kSchedule = 26,
  kPostState = 27,
  kValidity = 28,
  kCampaign = 29,
  kApplied = 30,
  kHired = 31,
  kCampaignAudience = 32,  // campaign_rules.h
};

struct RuleCheck {
  Rule rule;
  bool passed = false;
  // Passed only thanks to a relaxation for one of the person's groups.
  bool relaxed = false;
  // Plain Chinese: "年龄52岁，要求18-45岁", "该岗位对4050人员放宽年龄至55岁".
  std::string text;
};

// Surface distances from the post to the person's two homes, in km.
struct Distances {
  double residence = 0;
  double hukou = 0;
  double nearest() const { return residence < hukou ? residence : hukou; }
};

// Surface distance in km (equirectangular approximation; see the .cc).
double SurfaceKm(const GeoPt& a, const GeoPt& b);
Distances DistancesOf(const Seeker& seeker, const PostRecord& post);

// The post's own conditions at `now`: open, within its validity and, if it
// is in campaigns, in one that is running. When false nobody is eligible.
bool PostIsOpen(const PostRecord& post, int64_t now);

// True when every rule passes. Cheap rules run first; stops at the first failure.
bool IsEligible(const Seeker& seeker, const PostRecord& post, const QueryTime& at,
                const Distances& distances);

// Every rule, passed or not, in a fixed order. `may_see_sensitive` false keeps
// LOW_INCOME and DISABLED out of the texts (the relaxation is still applied).
std::vector<RuleCheck> CheckAllRules(const Seeker& seeker, const PostRecord& post,
                                     const QueryTime& at, const Distances& distances,
                                     bool may_see_sensitive);

// A running campaign of the post at `now` whose targets are included; ORs the
// target groups of every campaign running at `now`.
GroupMask RunningCampaignTargets(const PostRecord& post, int64_t now);

// Plain Chinese name of a key group ("4050人员"); "重点群体" for a sensitive
// group when `may_see_sensitive` is false.
std::string GroupName(int group, bool may_see_sensitive);
std::string EducationName(int education);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_ELIGIBILITY_H_
