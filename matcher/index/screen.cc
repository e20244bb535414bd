#include "matcher/index/screen.h"

#include <algorithm>

namespace jobmatch::matcher {
namespace {

// FNV-1a, then the top six bits of a multiplicative spread.
uint64_t BitOf(absl::string_view text, uint64_t salt) {
  uint64_t h = 0xcbf29ce484222325ull ^ salt;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  h *= 0x9e3779b97f4a7c15ull;
  return uint64_t{1} << (h >> 58);
}

}  // namespace

uint64_t SkillNameBit(absl::string_view name) { return BitOf(name, 0); }
uint64_t SkillCodeBit(absl::string_view code) { return BitOf(code, 0x5bd1e995); }

uint64_t SkillSignature(const std::vector<SkillItem>& held) {
  uint64_t bits = 0;
  for (const SkillItem& s : held) {
    bits |= SkillNameBit(s.name);
    if (!s.occupation_code.empty()) bits |= SkillCodeBit(s.occupation_code);
  }
  return bits;
}

PersonFacts FactsOf(const Seeker& s, int today_yyyymmdd) {
  PersonFacts f;
  f.birth_known = s.birth_yyyymmdd != 0;
  f.age = AgeOn(s.birth_yyyymmdd, today_yyyymmdd);
  f.sex = s.sex;
  f.education = s.education;
  f.experience = s.experience_years;
  f.availability = s.availability;
  f.skills = SkillSignature(s.skills);
  f.groups = s.groups;
  return f;
}

namespace {

// Narrowing for a requirement: a minimum saturates down, a maximum up, so
// the floor only ever gets looser.
uint8_t AtMost255(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); }
uint8_t MaxAge(int v) { return v <= 0 ? 0 : static_cast<uint8_t>(std::min(v, 255)); }

}  // namespace

PostFloor FloorOf(const PostRecord& p) {
  PostFloor f;
  f.schedule = AtMost255(p.schedule);
  f.required_sex = AtMost255(p.required_sex);
  f.min_age = AtMost255(p.min_age);
  // A limit of 255 or more is no limit at all for a person's age.
  f.max_age = p.max_age >= 255 ? 0 : MaxAge(p.max_age);
  f.min_education = AtMost255(p.min_education);
  f.relaxed_min_education = f.min_education;
  f.min_experience = AtMost255(p.min_experience);
  int relaxed_max_age = 0;
  for (const Relaxation& r : p.relaxations) {
    if (r.group <= 0 || r.group > kMaxGroup) continue;
    const GroupMask bit = GroupBit(r.group);
    if (r.max_age > 0) {
      f.age_relaxed_for |= bit;
      relaxed_max_age = std::max(relaxed_max_age, r.max_age);
    }
    if (r.waive_education) {
      f.education_relaxed_for |= bit;
      f.relaxed_min_education = 0;
    } else if (r.min_education > 0) {
      f.education_relaxed_for |= bit;
      f.relaxed_min_education = std::min(f.relaxed_min_education, AtMost255(r.min_education));
    }
    if (r.waive_experience) f.experience_waived_for |= bit;
    if (r.waive_skills) f.skills_waived_for |= bit;
  }
  f.relaxed_max_age = MaxAge(relaxed_max_age);
  if (relaxed_max_age >= 255) f.max_age = 0;  // relaxed to no limit for someone
  for (const SkillItem& need : p.required_skills) {
    if (f.needs == PostFloor::kNeeds) break;  // checking fewer needs is still necessary
    f.need_bits[f.needs++] =
        SkillNameBit(need.name) |
        (need.occupation_code.empty() ? 0 : SkillCodeBit(need.occupation_code));
  }
  return f;
}

PostFloor Loosest(const PostFloor& a, const PostFloor& b) {
  PostFloor f;
  // One schedule or sex each: where they differ, neither binds.
  f.schedule = a.schedule == b.schedule ? a.schedule : 0;
  f.required_sex = a.required_sex == b.required_sex ? a.required_sex : 0;
  f.min_age = std::min(a.min_age, b.min_age);
  f.max_age = a.max_age == 0 || b.max_age == 0 ? 0 : std::max(a.max_age, b.max_age);
  f.relaxed_max_age = std::max(a.relaxed_max_age, b.relaxed_max_age);
  f.min_education = std::min(a.min_education, b.min_education);
  f.relaxed_min_education = std::min(a.relaxed_min_education, b.relaxed_min_education);
  f.min_experience = std::min(a.min_experience, b.min_experience);
  f.age_relaxed_for = a.age_relaxed_for | b.age_relaxed_for;
  f.education_relaxed_for = a.education_relaxed_for | b.education_relaxed_for;
  f.experience_waived_for = a.experience_waived_for | b.experience_waived_for;
  f.skills_waived_for = a.skills_waived_for | b.skills_waived_for;
  // Meeting each of a's needs meets each merged need.
  f.needs = std::min(a.needs, b.needs);
  for (int i = 0; i < f.needs; ++i) f.need_bits[i] = a.need_bits[i] | b.need_bits[i];
  return f;
}

}  // namespace jobmatch::matcher
