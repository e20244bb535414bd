#include "matcher/domain/eligibility.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "matcher/domain/campaign_rules.h"

namespace jobmatch::matcher {
namespace {

// The outcome of one rule before any text is written.
struct Outcome {
  bool passed = false;
  // The group whose relaxation made it pass (0 when none was needed).
  int relaxed_by = 0;
  // The relaxed limit, for the explanation (age or education).
  int relaxed_limit = 0;
};

bool HasGroup(const Seeker& s, int group) { return (s.groups & GroupBit(group)) != 0; }

// Relaxations for the person's groups, non-sensitive groups first so that an
// explanation names a group it may show whenever one suffices.
template <typename Fn>
const Relaxation* FirstRelaxation(const Seeker& s, const PostRecord& p, Fn&& fits) {
  const Relaxation* sensitive = nullptr;
  for (const Relaxation& r : p.relaxations) {
    if (r.group <= 0 || r.group > kMaxGroup || !HasGroup(s, r.group) || !fits(r)) continue;
    if ((GroupBit(r.group) & kSensitiveGroups) == 0) return &r;
    if (sensitive == nullptr) sensitive = &r;
  }
  return sensitive;
}

Outcome AgeOutcome(const Seeker& s, const PostRecord& p, int age) {
  if (s.birth_yyyymmdd == 0 || age < p.min_age) return {};
  if (p.max_age == 0 || age <= p.max_age) return {true};
  const Relaxation* r =
      FirstRelaxation(s, p, [&](const Relaxation& x) { return x.max_age >= age; });
  if (r == nullptr) return {};
  return {true, r->group, r->max_age};
}

Outcome EducationOutcome(const Seeker& s, const PostRecord& p) {
  if (s.education >= p.min_education) return {true};
  const Relaxation* r = FirstRelaxation(s, p, [&](const Relaxation& x) {
    return x.waive_education || (x.min_education > 0 && s.education >= x.min_education);
  });
  if (r == nullptr) return {};
  return {true, r->group, r->waive_education ? 0 : r->min_education};
}

bool HoldsSkill(const Seeker& s, const SkillItem& need) {
  for (const SkillItem& have : s.skills) {
    const bool same = have.name == need.name || (!need.occupation_code.empty() &&
                                                 have.occupation_code == need.occupation_code);
    if (same && have.level >= need.level) return true;
  }
  return false;
}

Outcome SkillsOutcome(const Seeker& s, const PostRecord& p) {
  bool all = true;
  for (const SkillItem& need : p.required_skills) {
    if (!HoldsSkill(s, need)) {
      all = false;
      break;
    }
  }
  if (all) return {true};
  const Relaxation* r = FirstRelaxation(s, p, [](const Relaxation& x) { return x.waive_skills; });
  if (r == nullptr) return {};
  return {true, r->group};
}

Outcome ExperienceOutcome(const Seeker& s, const PostRecord& p) {
  if (s.experience_years >= p.min_experience) return {true};
  const Relaxation* r =
      FirstRelaxation(s, p, [](const Relaxation& x) { return x.waive_experience; });
  if (r == nullptr) return {};
  return {true, r->group};
}

bool DistanceOk(const Seeker& s, const Distances& d) {
  return s.relocate || d.nearest() <= s.travel_radius_km;
}
bool ScheduleOk(const Seeker& s, const PostRecord& p) {
  return p.schedule == 0 || s.availability == 0 || (s.availability & (1u << p.schedule)) != 0;
}
bool ValidityOk(const PostRecord& p, int64_t now) {
  return p.valid_from <= now && now < p.valid_until;
}
bool CampaignOk(const PostRecord& p, int64_t now) {
  if (p.campaigns.empty()) return true;
  for (const CampaignInfo& c : p.campaigns) {
    if (c.start <= now && now < c.end) return true;
  }
  return false;
}
bool SexOk(const Seeker& s, const PostRecord& p) {
  return p.required_sex == kSexUnspecified || p.required_sex == s.sex;
}

const char* SexName(int sex) { return sex == 1 ? "男性" : sex == 2 ? "女性" : "未知"; }
const char* ScheduleName(int schedule) {
  switch (schedule) {
    case 1:
      return "全职";
    case 2:
      return "兼职";
    case 3:
      return "灵活用工";
    case 4:
      return "季节性工作";
    default:
      return "不限";
  }
}

std::string AgeLimitText(const PostRecord& p) {
  if (p.max_age == 0) return absl::StrCat("要求", p.min_age, "岁以上");
  return absl::StrCat("要求", p.min_age, "-", p.max_age, "岁");
}

std::string RelaxText(int group, bool may_see, absl::string_view what) {
  return absl::StrCat("该岗位对", GroupName(group, may_see), what);
}

}  // namespace

double SurfaceKm(const GeoPt& a, const GeoPt& b) {
  // Equirectangular: within 0.5% of the great circle at the few hundred km
  // that matter here, and several times cheaper, which the index needs.
  constexpr double kKmPerDegree = 6371.0 * M_PI / 180.0;
  const double dlat = b.lat - a.lat;
  const double dlng = (b.lng - a.lng) * std::cos((a.lat + b.lat) * (M_PI / 360.0));
  return kKmPerDegree * std::sqrt(dlat * dlat + dlng * dlng);
}

Distances DistancesOf(const Seeker& seeker, const PostRecord& post) {
  return {SurfaceKm(seeker.residence, post.point), SurfaceKm(seeker.hukou, post.point)};
}

GroupMask RunningCampaignTargets(const PostRecord& post, int64_t now) {
  GroupMask mask = 0;
  for (const CampaignInfo& c : post.campaigns) {
    if (c.start <= now && now < c.end) mask |= c.targets;
  }
  return mask;
}

std::string GroupName(int group, bool may_see_sensitive) {
  if (!may_see_sensitive && (GroupBit(group) & kSensitiveGroups) != 0) return "重点群体";
  switch (group) {
    case 1:
      return "高校毕业生";
    case 2:
      return "返乡务工人员";
    case 3:
      return "4050人员";
    case 4:
      return "下岗失业人员";
    case 5:
      return "脱贫劳动力";
    case 6:
      return "低收入家庭成员";
    case 7:
      return "残疾人";
    default:
      return "重点群体";
  }
}

std::string EducationName(int education) {
  switch (education) {
    case 1:
      return "小学";
    case 2:
      return "初中";
    case 3:
      return "高中/中专";
    case 4:
      return "大专";
    case 5:
      return "本科";
    case 6:
      return "硕士";
    case 7:
      return "博士";
    default:
      return "未填";
  }
}

bool PostIsOpen(const PostRecord& p, int64_t now) {
  return p.state == kPostStateOpen && ValidityOk(p, now) && CampaignOk(p, now);
}

bool IsEligible(const Seeker& s, const PostRecord& p, const QueryTime& at, const Distances& d) {
  if (!PostIsOpen(p, at.now)) return false;
  if (!ScheduleOk(s, p) || !SexOk(s, p)) return false;
  if (!DistanceOk(s, d) && WideningCampaign(s, p, at.now) == nullptr) return false;
  if (!p.campaigns.empty() && !AudienceOk(s, p, at.now)) return false;
  if (!AgeOutcome(s, p, AgeOn(s.birth_yyyymmdd, at.today_yyyymmdd)).passed) return false;
  if (!EducationOutcome(s, p).passed || !ExperienceOutcome(s, p).passed) return false;
  if (!p.required_skills.empty() && !SkillsOutcome(s, p).passed) return false;
  if (!s.applied.empty() && s.applied.contains(p.id)) return false;
  if (!s.hired.empty() && s.hired.contains(p.id)) return false;
  return true;
}

std::vector<RuleCheck> CheckAllRules(const Seeker& s, const PostRecord& p, const QueryTime& at,
                                     const Distances& d, bool may_see) {
  std::vector<RuleCheck> out;
  const int age = AgeOn(s.birth_yyyymmdd, at.today_yyyymmdd);
  {
    const Outcome o = AgeOutcome(s, p, age);
    std::string text =
        s.birth_yyyymmdd == 0 ? std::string("出生日期未知") : absl::StrCat("年龄", age, "岁");
    if (o.relaxed_by != 0) {
      absl::StrAppend(&text, "，", RelaxText(o.relaxed_by, may_see, ""), "放宽年龄至",
                      o.relaxed_limit, "岁");
    } else {
      absl::StrAppend(&text, "，", AgeLimitText(p));
    }
    out.push_back({Rule::kAge, o.passed, o.relaxed_by != 0, std::move(text)});
  }
  {
    const bool ok = SexOk(s, p);
    out.push_back({Rule::kSex, ok, false,
                   p.required_sex == kSexUnspecified
                       ? std::string("不限性别")
                       : absl::StrCat("该岗位要求", SexName(p.required_sex), "（您为",
                                      SexName(s.sex), "）")});
  }
  {
    const Outcome o = EducationOutcome(s, p);
    std::string text = absl::StrCat("学历", EducationName(s.education), "，");
    if (o.relaxed_by != 0) {
      absl::StrAppend(&text, RelaxText(o.relaxed_by, may_see, ""),
                      o.relaxed_limit == 0
                          ? std::string("不限学历")
                          : absl::StrCat("放宽学历至", EducationName(o.relaxed_limit)));
    } else if (p.min_education == 0) {
      absl::StrAppend(&text, "学历不限");
    } else {
      absl::StrAppend(&text, "要求", EducationName(p.min_education), "及以上");
    }
    out.push_back({Rule::kEducation, o.passed, o.relaxed_by != 0, std::move(text)});
  }
  {
    const Outcome o = SkillsOutcome(s, p);
    std::vector<std::string> missing;
    for (const SkillItem& need : p.required_skills) {
      if (!HoldsSkill(s, need)) missing.push_back(need.name);
    }
    std::string text;
    if (p.required_skills.empty()) {
      text = "无技能证书要求";
    } else if (missing.empty()) {
      text = absl::StrCat("具备所需技能证书 ", p.required_skills.size(), "/",
                          p.required_skills.size());
    } else {
      text = absl::StrCat("缺少：", absl::StrJoin(missing, "、"));
      if (o.relaxed_by != 0)
        absl::StrAppend(&text, "，", RelaxText(o.relaxed_by, may_see, "免除技能要求"));
    }
    out.push_back({Rule::kSkills, o.passed, o.relaxed_by != 0, std::move(text)});
  }
  {
    const Outcome o = ExperienceOutcome(s, p);
    std::string text = absl::StrCat("工作经验", s.experience_years, "年，");
    if (o.relaxed_by != 0) {
      absl::StrAppend(&text, RelaxText(o.relaxed_by, may_see, "免除经验要求"));
    } else if (p.min_experience == 0) {
      absl::StrAppend(&text, "不要求经验");
    } else {
      absl::StrAppend(&text, "要求", p.min_experience, "年");
    }
    out.push_back({Rule::kExperience, o.passed, o.relaxed_by != 0, std::move(text)});
  }
  {
    const bool within = DistanceOk(s, d);
    const CampaignInfo* widened = within ? nullptr : WideningCampaign(s, p, at.now);
    const bool from_home = d.residence <= d.hukou;
    std::string text = absl::StrCat(from_home ? "距您家" : "距您户籍地",
                                    static_cast<int>(std::lround(d.nearest())), "公里");
    if (s.relocate) {
      absl::StrAppend(&text, "，您愿意异地就业");
    } else if (widened != nullptr) {
      absl::StrAppend(&text, "，超出您可接受的", s.travel_radius_km, "公里，但招聘活动「",
                      widened->name, "」面向长株潭三市的高校毕业生，不受距离限制");
    } else {
      absl::StrAppend(&text, within ? "，在您可接受的" : "，超出您可接受的", s.travel_radius_km,
                      "公里内");
    }
    out.push_back(
        {Rule::kDistance, within || widened != nullptr, widened != nullptr, std::move(text)});
  }
  {
    const bool ok = ScheduleOk(s, p);
    out.push_back(
        {Rule::kSchedule, ok, false,
         ok ? absl::StrCat("工作方式", ScheduleName(p.schedule), "，符合您的安排")
            : absl::StrCat("该岗位为", ScheduleName(p.schedule), "，不在您可接受的工作方式内")});
  }
  {
    const bool ok = p.state == kPostStateOpen;
    out.push_back({Rule::kPostState, ok, false, ok ? "岗位正在招聘" : "岗位当前不在招聘"});
  }
  {
    const bool ok = ValidityOk(p, at.now);
    out.push_back({Rule::kValidity, ok, false, ok ? "在岗位有效期内" : "不在岗位有效期内"});
  }
  {
    const bool ok = CampaignOk(p, at.now);
    out.push_back({Rule::kCampaign, ok, false,
                   p.campaigns.empty() ? "不属于限时活动"
                   : ok                ? "所属招聘活动正在进行"
                                       : "所属招聘活动不在进行期间"});
  }
  {
    const bool ok = !s.applied.contains(p.id);
    out.push_back({Rule::kApplied, ok, false, ok ? "尚未申请该岗位" : "您已申请过该岗位"});
  }
  {
    const bool ok = !s.hired.contains(p.id);
    out.push_back({Rule::kHired, ok, false, ok ? "未被该岗位录用" : "您已被该岗位录用"});
  }
  {
    const bool ok = AudienceOk(s, p, at.now);
    out.push_back({Rule::kCampaignAudience, ok, false, AudienceText(s, p, at.now, ok, may_see)});
  }
  return out;
}

}  // namespace jobmatch::matcher
