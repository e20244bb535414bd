// The matcher's own model of a jobseeker and a post: plain structs, flattened
// from the jobmatch.v1 protos (see convert.h) so that eligibility and scoring
// run without touching protobuf or strings more than needed.
#ifndef JOBMATCH_MATCHER_DOMAIN_MODEL_H_
#define JOBMATCH_MATCHER_DOMAIN_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "services/common/sensitive_groups.h"

namespace jobmatch::matcher {

// Key groups as bits; bit i is jobmatch.v1.KeyGroup value i.
using GroupMask = uint16_t;
inline constexpr int kMaxGroup = 7;
inline constexpr GroupMask GroupBit(int group) { return static_cast<GroupMask>(1u << group); }
// The sensitive groups (services/common/sensitive_groups.h) as bits: they may
// drive priority, never be named to employers.
inline constexpr GroupMask kSensitiveGroups = static_cast<GroupMask>(SensitiveGroupBits());
inline constexpr int kGroupGraduate = 1;

// Values mirror jobmatch.v1 enums so converters are plain casts.
inline constexpr int kSexUnspecified = 0;
inline constexpr int kPostStateOpen = 2;
inline constexpr int kBenefitMeals = 1;
inline constexpr int kBenefitLodging = 2;

struct GeoPt {
  double lng = 0;
  double lat = 0;
};

struct SkillItem {
  std::string name;             // "焊工", "电工证"
  std::string occupation_code;  // may be empty
  int level = 0;                // jobmatch.v1.SkillLevel; 0 = any
};

struct Seeker {
  std::string id;
  std::string name;
  int birth_yyyymmdd = 0;  // 0 when unknown (age rules then fail)
  int sex = 0;             // jobmatch.v1.Sex
  int education = 0;       // jobmatch.v1.Education
  std::vector<SkillItem> skills;
  int experience_years = 0;
  std::string residence_region;
  std::string hukou_region;
  GeoPt residence;
  GeoPt hukou;
  int travel_radius_km = 30;  // already defaulted (proto 0 means 30)
  bool relocate = false;
  uint32_t availability = 0;                    // bit per jobmatch.v1.Schedule; 0 = any
  std::vector<std::string> wanted_occupations;  // most wanted first
  int min_salary = 0;                           // 0 = any
  GroupMask groups = 0;                         // sensitive ones included
  absl::flat_hash_set<std::string> applied;     // post ids
  absl::flat_hash_set<std::string> hired;       // post ids
  // Unix seconds of registration and of the last application or hire (0:
  // none seen), for the worklist of people nobody has reached lately.
  int64_t registered = 0;
  int64_t last_active = 0;
  // Work the person asked for on a household visit (先有需求, the feed's
  // FIELD_VISIT), also in wanted_occupations: kept when the profile is re-read.
  std::vector<std::string> visit_wants;
};

// A household visited that has no profile yet (the feed's FIELD_VISIT without
// a person): what it asked for, where, and when. Nobody to match, but demand
// a campaign plan shows beside the openings it leaves (先有需求).
struct HouseholdVisit {
  std::string village_code;
  std::vector<std::string> occupation_codes;
  int64_t at = 0;  // unix seconds
};

struct Relaxation {
  int group = 0;
  int max_age = 0;        // 0 keeps the base limit
  int min_education = 0;  // 0 keeps the base requirement
  bool waive_education = false;
  bool waive_skills = false;
  bool waive_experience = false;
};

// Places kept for a key group (jobmatch.v1.ReservedQuota), for planning.
struct GroupQuota {
  int group = 0;
  int places = 0;
};

// Values mirror jobmatch.v1.CampaignKind.
inline constexpr int kCampaignVillageOutreach = 2;
inline constexpr int kCampaignCztGraduateSeason = 3;

// jobmatch.v1.TargetingRule: who a campaign is for, beyond its regions.
struct TargetRule {
  std::string name;                             // "留株就地过年", for explanations
  std::vector<std::string> residence_prefixes;  // empty: any residence
  GroupMask any_of = 0;                         // 0: anyone
};

struct CampaignInfo {
  std::string id;
  std::string name;
  int64_t start = INT64_MIN;  // unix seconds, inclusive
  int64_t end = INT64_MAX;    // unix seconds, exclusive
  GroupMask targets = 0;
  int kind = 0;  // jobmatch.v1.CampaignKind
  // Who it is for (domain/campaign_rules.h): people whose residence or
  // registered home lies in one of `regions` (empty: anywhere) and who meet
  // one of `rules` (empty: anyone). (Default member initializers keep the
  // five-field brace initialisation of tests free of warnings.)
  std::vector<std::string> regions{};
  std::vector<TargetRule> rules{};
  // A CZT graduate season's cities (from the region table): graduates living
  // in one of them reach its posts in any of them, however far.
  std::vector<std::string> widened_area{};
};

// A campaign-wide floor, kept beside the post (CampaignInfo stays a plain
// aggregate that tests brace-initialise).
struct CampaignQuota {
  std::string campaign_id;
  GroupQuota quota;
};

struct PostRecord {
  std::string id;
  std::string employer_id;
  std::string title;
  std::string occupation_code;
  std::string region_code;
  GeoPt point;
  int openings = 1;
  int remaining = 1;
  int salary_min = 0;
  int salary_max = 0;  // 0 = open-ended
  bool negotiable = false;
  uint32_t benefits = 0;  // bit per jobmatch.v1.Benefit
  int min_age = 16;       // proto 0 means 16
  int max_age = 0;        // 0 = no upper limit
  int min_education = 0;
  std::vector<SkillItem> required_skills;
  int min_experience = 0;
  int required_sex = 0;
  std::vector<Relaxation> relaxations;
  GroupMask target_groups = 0;
  std::vector<CampaignInfo> campaigns;
  std::vector<GroupQuota> reserves;              // seats of this post kept for groups
  std::vector<CampaignQuota> campaign_reserves;  // of its campaigns, for planning
  int schedule = 0;                              // jobmatch.v1.Schedule; 0 = unspecified (any)
  int64_t valid_from = INT64_MIN;
  int64_t valid_until = INT64_MAX;  // exclusive
  int state = kPostStateOpen;
  int applicants = 0;
  int64_t create_time = 0;
};

// What every rule and score needs besides the pair: the time of the answer.
struct QueryTime {
  int64_t now = 0;         // unix seconds
  int today_yyyymmdd = 0;  // the civil day of `now` in China Standard Time
};

// Whole years between a yyyymmdd birth date and a yyyymmdd day.
inline int AgeOn(int birth_yyyymmdd, int day_yyyymmdd) {
  return (day_yyyymmdd - birth_yyyymmdd) / 10000;
}

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_MODEL_H_
