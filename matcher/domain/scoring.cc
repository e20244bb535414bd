#include "matcher/domain/scoring.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "matcher/domain/campaign_rules.h"

namespace jobmatch::matcher {
namespace {

constexpr double kSalaryScore = 8;
constexpr double kBenefitsScore = 4;
constexpr double kFarFromHomeKm = 20;
constexpr double kFreshScore = 4;
constexpr double kRecentScore = 2;
constexpr double kNoApplicantsScore = 3;
constexpr double kTargetsScore = 10;
constexpr double kRelaxedScore = 5;
static_assert(kSalaryScore + kTargetsScore + kRelaxedScore == kMaxPersonRest, "");
static_assert(kFreshScore == kMaxFreshScore, "");
static_assert(kSkillsWeight + kSalaryScore + kBenefitsScore + kFreshScore + kNoApplicantsScore +
                      kTargetsScore + kRelaxedScore ==
                  kMaxRestScore,
              "kMaxRestScore must bound the other parts");

void Add(std::vector<Reason>* reasons, ReasonCode code, double contribution, std::string text) {
  if (reasons != nullptr) reasons->push_back({code, std::move(text), contribution});
}

// The group to name for `mask`: a non-sensitive one if there is one.
int GroupToName(GroupMask mask) {
  int sensitive = 0;
  for (int g = 1; g <= kMaxGroup; ++g) {
    if ((mask & GroupBit(g)) == 0) continue;
    if (!IsSensitiveGroup(g)) return g;
    if (sensitive == 0) sensitive = g;
  }
  return sensitive;
}

std::string RelaxationText(const Relaxation& r, bool may_see) {
  std::string text = absl::StrCat("该岗位对", GroupName(r.group, may_see));
  if (r.max_age > 0) return absl::StrCat(text, "放宽年龄至", r.max_age, "岁");
  if (r.waive_education) return absl::StrCat(text, "不限学历");
  if (r.min_education > 0) return absl::StrCat(text, "放宽学历至", EducationName(r.min_education));
  if (r.waive_skills) return absl::StrCat(text, "免除技能要求");
  if (r.waive_experience) return absl::StrCat(text, "免除经验要求");
  return absl::StrCat(text, "放宽条件");
}

}  // namespace

absl::string_view MinorGroupOf(absl::string_view code) {
  int dashes = 0;
  size_t last = absl::string_view::npos;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '-') {
      ++dashes;
      last = i;
    }
  }
  return dashes == 3 ? code.substr(0, last) : code;
}

OccupationFit FitOf(const std::vector<std::string>& wanted, absl::string_view post_code,
                    const OccupationRelations& relations) {
  OccupationFit best = OccupationFit::kNone;
  const absl::string_view post_group = MinorGroupOf(post_code);
  for (const std::string& w : wanted) {
    if (w == post_code) return OccupationFit::kExact;
    if (MinorGroupOf(w) == post_group) {
      best = OccupationFit::kSameGroup;
    } else if (best == OccupationFit::kNone && relations.Related(w, post_code)) {
      best = OccupationFit::kRelated;
    }
  }
  return best;
}

double DistanceScore(const Seeker& seeker, double km) {
  return DistanceScore(seeker.travel_radius_km, seeker.relocate, km);
}

double DistanceScore(int travel_radius_km, bool relocate, double km) {
  const double horizon =
      relocate ? std::max<double>(travel_radius_km, kRelocateHorizonKm) : travel_radius_km;
  if (horizon <= 0 || km >= horizon) return 0;
  return kMaxDistanceScore * (1.0 - km / horizon);
}

PostBound BoundOf(const PostRecord& p) {
  PostBound b;
  const uint32_t board = (1u << kBenefitMeals) | (1u << kBenefitLodging);
  b.fixed =
      FixedRestOf(!p.required_skills.empty(), (p.benefits & board) == board, p.applicants == 0);
  b.create_time = p.create_time;
  b.salary_top = p.negotiable ? -1 : (p.salary_max > 0 ? p.salary_max : p.salary_min);
  b.policy = p.target_groups;
  for (const CampaignInfo& c : p.campaigns) b.policy |= c.targets;
  for (const Relaxation& r : p.relaxations) {
    if (r.group > 0 && r.group <= kMaxGroup) b.relax |= GroupBit(r.group);
  }
  b.near_home = MayBoostNearHome(p);
  return b;
}

uint8_t FixedRestOf(bool needs_skills, bool board, bool no_applicants) {
  return static_cast<uint8_t>((needs_skills ? kSkillsWeight : 0) + (board ? kBenefitsScore : 0) +
                              (no_applicants ? kNoApplicantsScore : 0));
}

double RestUpperBound(int min_salary, GroupMask groups, const PostBound& b, int64_t now) {
  double bound = b.fixed;
  if (min_salary > 0 && b.salary_top >= min_salary) bound += kSalaryScore;
  // Score's (now - create_time) / 86400 in [0, 3] or [4, 14], without dividing.
  const int64_t age = now - b.create_time;
  if (age > -86400 && age < 15 * 86400) bound += age < 4 * 86400 ? kFreshScore : kRecentScore;
  if ((groups & b.policy) != 0) bound += kTargetsScore;
  if ((groups & b.relax) != 0) bound += kRelaxedScore;
  if (b.near_home) bound += kMaxNearHomeBoost;
  return bound;
}

double Score(const Seeker& s, const PostRecord& p, const QueryTime& at, const Distances& d,
             OccupationFit fit, std::vector<Reason>* reasons, bool may_see) {
  double score = 0;
  if (fit != OccupationFit::kNone) {
    const double part = kOccupationScore[static_cast<int>(fit)];
    score += part;
    if (reasons != nullptr) {
      switch (fit) {
        case OccupationFit::kExact:
          Add(reasons, ReasonCode::kOccupationExact, part, "岗位职业与您的求职意向一致");
          break;
        case OccupationFit::kSameGroup:
          Add(reasons, ReasonCode::kOccupationSameGroup, part, "岗位与您的求职意向属同类职业");
          break;
        default:
          Add(reasons, ReasonCode::kOccupationRelated, part, "岗位与您的求职意向相关");
      }
    }
  }
  if (!p.required_skills.empty()) {
    int held = 0;
    for (const SkillItem& need : p.required_skills) {
      for (const SkillItem& have : s.skills) {
        if ((have.name == need.name ||
             (!need.occupation_code.empty() && have.occupation_code == need.occupation_code)) &&
            have.level >= need.level) {
          ++held;
          break;
        }
      }
    }
    const int n = static_cast<int>(p.required_skills.size());
    const double part = kSkillsWeight * held / n;
    score += part;
    if (reasons != nullptr) {
      Add(reasons, ReasonCode::kSkillsOverlap, part, absl::StrCat("技能匹配 ", held, "/", n));
    }
  }
  const double km = d.nearest();
  if (const double part = DistanceScore(s, km); part > 0) {
    score += part;
    if (reasons != nullptr) {
      const bool home = d.residence <= d.hukou;
      Add(reasons, home ? ReasonCode::kNearResidence : ReasonCode::kNearHukou, part,
          absl::StrCat(home ? "距您家" : "距您户籍地", static_cast<int>(std::lround(km)), "公里"));
    }
  }
  if (!p.negotiable && s.min_salary > 0) {
    const int top = p.salary_max > 0 ? p.salary_max : p.salary_min;
    if (top >= s.min_salary) {
      score += kSalaryScore;
      if (reasons != nullptr) {
        Add(reasons, ReasonCode::kSalaryMeetsMinimum, kSalaryScore,
            absl::StrCat("月薪最高", top, "元，达到您期望的", s.min_salary, "元"));
      }
    }
  }
  const uint32_t board = (1u << kBenefitMeals) | (1u << kBenefitLodging);
  if ((p.benefits & board) == board && km > kFarFromHomeKm) {
    score += kBenefitsScore;
    Add(reasons, ReasonCode::kBenefits, kBenefitsScore, "包吃住，离家远也方便");
  }
  const int64_t age_days = (at.now - p.create_time) / 86400;
  if (age_days >= 0 && age_days <= 3) {
    score += kFreshScore;
    Add(reasons, ReasonCode::kFresh, kFreshScore, "3天内新发布");
  } else if (age_days > 3 && age_days <= 14) {
    score += kRecentScore;
    Add(reasons, ReasonCode::kFresh, kRecentScore, "两周内发布");
  }
  if (p.applicants == 0) {
    score += kNoApplicantsScore;
    Add(reasons, ReasonCode::kFewApplicants, kNoApplicantsScore, "暂无人申请，机会较大");
  } else if (p.remaining > 0 && p.applicants >= 5 * p.remaining) {
    const double part = p.applicants >= 10 * p.remaining ? -5 : -3;
    score += part;
    if (reasons != nullptr) {
      Add(reasons, ReasonCode::kManyApplicants, part,
          absl::StrCat("已有", p.applicants, "人申请", p.remaining, "个名额"));
    }
  }
  const GroupMask targeted = s.groups & (p.target_groups | RunningCampaignTargets(p, at.now));
  if (targeted != 0) {
    score += kTargetsScore;
    if (reasons != nullptr) {
      Add(reasons, ReasonCode::kTargetsGroup, kTargetsScore,
          absl::StrCat("该岗位优先招聘", GroupName(GroupToName(targeted), may_see)));
    }
  }
  const Relaxation* relaxation = nullptr;
  for (const Relaxation& r : p.relaxations) {
    if (r.group <= 0 || r.group > kMaxGroup || (s.groups & GroupBit(r.group)) == 0) continue;
    if (relaxation == nullptr ||
        (IsSensitiveGroup(relaxation->group) && !IsSensitiveGroup(r.group))) {
      relaxation = &r;
    }
  }
  if (relaxation != nullptr) {
    score += kRelaxedScore;
    if (reasons != nullptr) {
      Add(reasons, ReasonCode::kRelaxedForGroup, kRelaxedScore,
          RelaxationText(*relaxation, may_see));
    }
  }
  if (!p.campaigns.empty()) {
    const CampaignInfo* village = nullptr;
    if (const double part = NearHomeBoost(s, p, at.now, km, &village); part > 0) {
      score += part;
      if (reasons != nullptr) {
        Add(reasons, ReasonCode::kNearHomeCampaign, part,
            absl::StrCat("「", village->name, "」就近就业：距您",
                         d.residence <= d.hukou ? "家" : "户籍地",
                         static_cast<int>(std::lround(km)), "公里"));
      }
    }
  }
  return score;
}

}  // namespace jobmatch::matcher
