// What the index checks about a pair before reading either record: a post's
// requirements in their loosest form for each person (PostFloor) against a
// person's few facts (PersonFacts). MayBeEligible is a necessary condition of
// IsEligible (eligibility.h), never a sufficient one, so a pair it refuses is
// certainly ineligible and a pair it lets through is checked in full.
#ifndef JOBMATCH_MATCHER_INDEX_SCREEN_H_
#define JOBMATCH_MATCHER_INDEX_SCREEN_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher {

// A 64-bit signature of skills: one bit per skill name and one per skill
// occupation code. A person can meet a need only if their signature shares a
// bit with the need's (collisions and levels are left to the full check).
uint64_t SkillNameBit(absl::string_view name);
uint64_t SkillCodeBit(absl::string_view occupation_code);
uint64_t SkillSignature(const std::vector<SkillItem>& held);

struct PersonFacts {
  int age = 0;
  bool birth_known = false;
  int sex = 0;
  int education = 0;
  int experience = 0;
  uint32_t availability = 0;
  uint64_t skills = 0;  // SkillSignature
  GroupMask groups = 0;
};
PersonFacts FactsOf(const Seeker& seeker, int today_yyyymmdd);

// A post's requirements with, for each, the groups a relaxation lifts it for
// and how far. Kept small (narrowed fields saturate towards the looser side)
// because the index keeps one beside every post in its lists.
struct PostFloor {
  uint8_t schedule = 0;
  uint8_t required_sex = 0;
  uint8_t min_age = 0;
  uint8_t max_age = 0;          // 0: no limit
  uint8_t relaxed_max_age = 0;  // the highest any relaxation allows
  uint8_t min_education = 0;
  uint8_t relaxed_min_education = 0;  // the lowest any relaxation allows
  uint8_t min_experience = 0;
  uint8_t needs = 0;
  GroupMask age_relaxed_for = 0;
  GroupMask education_relaxed_for = 0;
  GroupMask experience_waived_for = 0;
  GroupMask skills_waived_for = 0;
  // Up to kNeeds required skills, each as the bits that can meet it.
  static constexpr int kNeeds = 2;
  uint64_t need_bits[kNeeds] = {};
};
PostFloor FloorOf(const PostRecord& post);

// A floor no stricter than either: whoever may be eligible for `a` or for
// `b` may be for it. Kept beside a list of posts, it refuses a person for the
// whole list at once.
PostFloor Loosest(const PostFloor& a, const PostFloor& b);

// False only when the pair is certainly not eligible.
inline bool MayBeEligible(const PostFloor& f, const PersonFacts& p) {
  if (f.schedule != 0 && p.availability != 0 && (p.availability & (1u << f.schedule)) == 0) {
    return false;
  }
  if (f.required_sex != 0 && f.required_sex != p.sex) return false;
  if (!p.birth_known || p.age < f.min_age) return false;
  if (f.max_age != 0 && p.age > f.max_age &&
      ((p.groups & f.age_relaxed_for) == 0 || p.age > f.relaxed_max_age)) {
    return false;
  }
  if (p.education < f.min_education &&
      ((p.groups & f.education_relaxed_for) == 0 || p.education < f.relaxed_min_education)) {
    return false;
  }
  if (p.experience < f.min_experience && (p.groups & f.experience_waived_for) == 0) return false;
  if (f.needs != 0 && (p.groups & f.skills_waived_for) == 0) {
    for (int i = 0; i < f.needs; ++i) {
      if ((p.skills & f.need_bits[i]) == 0) return false;
    }
  }
  return true;
}

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_INDEX_SCREEN_H_
