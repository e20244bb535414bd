// The soft score of an eligible (person, post) pair, as a sum of parts each
// explained by a reason code and a short plain Chinese sentence. The weights
// are chosen so that occupation fit dominates and every other part is bounded
// (kMaxDistanceScore, kMaxRestScore): the index prunes with these bounds.
#ifndef JOBMATCH_MATCHER_DOMAIN_SCORING_H_
#define JOBMATCH_MATCHER_DOMAIN_SCORING_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher {

// Values equal jobmatch.v1.ReasonCode soft-score codes.
enum class ReasonCode {
  kOccupationExact = 1,
  kOccupationSameGroup = 2,
  kOccupationRelated = 3,
  kSkillsOverlap = 4,
  kNearResidence = 5,
  kNearHukou = 6,
  kSalaryMeetsMinimum = 7,
  kBenefits = 8,
  kFresh = 9,
  kFewApplicants = 10,
  kManyApplicants = 11,
  kTargetsGroup = 12,
  kRelaxedForGroup = 13,
  kNearHomeCampaign = 14,  // village outreach (campaign_rules.h)
};

struct Reason {
  ReasonCode code;
  std::string text;
  double contribution = 0;
};

// How a post's occupation fits what a person wants.
enum class OccupationFit { kNone = 0, kRelated = 1, kSameGroup = 2, kExact = 3 };

inline constexpr double kOccupationScore[] = {0, 15, 25, 40};
inline constexpr double kMaxDistanceScore = 20;
// The skills part at most (a post requiring skills, all of them held).
inline constexpr double kSkillsWeight = 10;
// Upper bound of all the parts other than occupation and distance.
inline constexpr double kMaxRestScore = 44;
// Distance at which a relocating person's distance part reaches zero.
inline constexpr double kRelocateHorizonKm = 200;

// Which detailed occupation codes are related beyond sharing a minor group
// (the classification's synonym table). Implementations must be thread-safe.
class OccupationRelations {
 public:
  virtual ~OccupationRelations() = default;
  virtual bool Related(absl::string_view a, absl::string_view b) const = 0;
};

// Knows no relations; for tests and for running without reference data.
class NoOccupationRelations final : public OccupationRelations {
 public:
  bool Related(absl::string_view, absl::string_view) const override { return false; }
};

// "6-18-02" for "6-18-02-04"; codes above detailed level are returned as is.
absl::string_view MinorGroupOf(absl::string_view code);

// The best fit of `post_code` against any of `wanted`.
OccupationFit FitOf(const std::vector<std::string>& wanted, absl::string_view post_code,
                    const OccupationRelations& relations);

// The distance part alone (0..kMaxDistanceScore), for a person at `km`.
double DistanceScore(const Seeker& seeker, double km);

// What of a post bounds the parts other than occupation and distance. The
// index keeps it beside each post so that a pair can be skipped without
// reading the post or checking eligibility.
struct PostBound {
  // Parts that depend on the post alone: skills, board, no applicants yet.
  uint8_t fixed = 0;
  int64_t create_time = 0;
  int salary_top = -1;   // -1 when negotiable
  GroupMask policy = 0;  // target groups of the post and of every campaign of it
  GroupMask relax = 0;   // groups it relaxes anything for
  // May earn the village near-home boost (kMaxNearHomeBoost).
  bool near_home = false;
};
PostBound BoundOf(const PostRecord& post);
// PostBound::fixed of a post with these features.
uint8_t FixedRestOf(bool needs_skills, bool board, bool no_applicants);

// Bounds of the parts that depend on the person (salary, priority) or on the
// time (freshness); with PostBound::fixed they make up kMaxRestScore.
inline constexpr double kMaxPersonRest = 23;
inline constexpr double kMaxFreshScore = 4;
inline constexpr double kMaxFixedRest = kMaxRestScore - kMaxPersonRest - kMaxFreshScore;

// Never below what Score adds for the parts other than occupation and
// distance, for a person with this minimum salary and these groups. The
// near-home boost of a village outreach post counts here, beyond
// kMaxRestScore (which bounds every other post).
double RestUpperBound(int min_salary, GroupMask groups, const PostBound& bound, int64_t now);

// DistanceScore for a person known only by radius and willingness to move.
double DistanceScore(int travel_radius_km, bool relocate, double km);

// The soft score of a pair already known to be eligible, with `fit` computed
// by FitOf. When `reasons` is not null, appends one reason per non-zero part;
// `may_see_sensitive` false keeps LOW_INCOME and DISABLED out of the texts
// (their priority still counts). The score never depends on `reasons`.
double Score(const Seeker& seeker, const PostRecord& post, const QueryTime& at,
             const Distances& distances, OccupationFit fit, std::vector<Reason>* reasons,
             bool may_see_sensitive);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_SCORING_H_
