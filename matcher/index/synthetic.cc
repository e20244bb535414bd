#include "matcher/index/synthetic.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jobmatch::matcher::synthetic {
namespace {

constexpr int64_t kNow = 1775001600;  // 2026-04-01 08:00 CST

struct Centre {
  double lng, lat, weight;
};
// 株洲城区, 醴陵, 攸县, 茶陵, 炎陵, 长沙, 湘潭.
constexpr Centre kCentres[] = {{113.13, 27.83, 4}, {113.50, 27.65, 1.5}, {113.34, 27.00, 1},
                               {113.54, 26.79, 1}, {113.77, 26.49, 0.7}, {112.98, 28.20, 4},
                               {112.94, 27.83, 2}};
const char* const kSkills[] = {"焊工", "电工证", "叉车证", "育婴员",   "保育员",     "厨师证",
                               "钳工", "车工",   "CAD",    "驾驶证C1", "家政服务员", "护理员"};

// Skills sharing an occupation code, so a need can be met by another name.
SkillItem SkillNamed(const char* name, int level) {
  const absl::string_view n(name);
  std::string code;
  if (n == "钳工" || n == "车工") code = "6-18-01-01";
  if (n == "育婴员" || n == "保育员") code = "4-10-01-02";
  return {name, std::move(code), level};
}

}  // namespace

QueryTime At() { return {kNow, 20260401}; }

bool Relations::Related(absl::string_view a, absl::string_view b) const {
  if (a == b || a.size() < 2 || b.size() < 2) return false;
  return a[0] == b[0] && a.substr(a.size() - 2) == b.substr(b.size() - 2);
}

GeoPt Generator::Place() {
  std::uniform_real_distribution<double> u(0, 1);
  if (u(rng_) < 0.08) return {108.8 + 5.4 * u(rng_), 24.7 + 5.3 * u(rng_)};  // anywhere in Hunan
  double total = 0;
  for (const Centre& c : kCentres) total += c.weight;
  double pick = u(rng_) * total;
  const Centre* c = &kCentres[0];
  for (const Centre& x : kCentres) {
    c = &x;
    if ((pick -= x.weight) <= 0) break;
  }
  std::normal_distribution<double> spread(0, 0.12);
  return {c->lng + spread(rng_), c->lat + spread(rng_)};
}

std::string Generator::Occupation() {
  std::uniform_real_distribution<double> u(0, 1);
  const int i = static_cast<int>(1500 * u(rng_) * u(rng_));  // popular ones first
  const int minor = i / 10, detailed = i % 10 + 1;
  return absl::StrFormat("%d-%02d-%02d-%02d", minor / 20 + 1, minor / 5 % 4 + 1, minor % 5 + 1,
                         detailed);
}

PostRecord Generator::Post(int n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> group(1, kMaxGroup);
  PostRecord p;
  p.id = absl::StrCat("post-", n);
  p.employer_id = absl::StrCat("emp-", n % 5000);
  p.title = "岗位";
  p.occupation_code = Occupation();
  p.region_code = u(rng_) < 0.6 ? "430211" : "430281";
  p.point = Place();
  p.openings = 1 + static_cast<int>(20 * u(rng_));
  p.remaining = std::max(0, p.openings - static_cast<int>(3 * u(rng_)));
  p.salary_min = 2500 + 500 * static_cast<int>(8 * u(rng_));
  p.salary_max = u(rng_) < 0.2 ? 0 : p.salary_min + 500 * static_cast<int>(6 * u(rng_));
  p.negotiable = u(rng_) < 0.1;
  for (int b = 1; b <= 8; ++b) {
    if (u(rng_) < 0.3) p.benefits |= 1u << b;
  }
  p.min_age = 16 + static_cast<int>(6 * u(rng_));
  p.max_age = u(rng_) < 0.3 ? 0 : 35 + static_cast<int>(21 * u(rng_));
  p.min_education = static_cast<int>(5 * u(rng_) * u(rng_));
  if (u(rng_) < 0.3)
    p.required_skills.push_back(SkillNamed(kSkills[static_cast<int>(12 * u(rng_))], 0));
  if (u(rng_) < 0.1)
    p.required_skills.push_back(SkillNamed(kSkills[static_cast<int>(12 * u(rng_))], 2));
  p.min_experience = u(rng_) < 0.6 ? 0 : static_cast<int>(5 * u(rng_));
  if (u(rng_) < 0.02) p.required_sex = 1 + static_cast<int>(2 * u(rng_));
  if (u(rng_) < 0.25) {
    Relaxation r;
    r.group = group(rng_);
    r.max_age = u(rng_) < 0.5 ? 55 + static_cast<int>(6 * u(rng_)) : 0;
    r.waive_education = u(rng_) < 0.4;
    r.min_education = u(rng_) < 0.3 ? 2 : 0;
    r.waive_skills = u(rng_) < 0.4;
    r.waive_experience = u(rng_) < 0.5;
    p.relaxations.push_back(r);
  }
  if (u(rng_) < 0.2) p.target_groups = GroupBit(group(rng_));
  if (u(rng_) < 0.3) {
    const int c = static_cast<int>(5 * u(rng_));
    CampaignInfo info;
    info.id = absl::StrCat("campaign-", c);
    info.start = kNow - 86400 * 30;
    info.end = c == 4 ? kNow - 86400 : kNow + 86400 * 30;  // campaign-4 is over
    info.targets = GroupBit(c + 1);
    p.campaigns.push_back(info);
  }
  p.schedule = static_cast<int>(5 * u(rng_) * u(rng_));
  p.valid_from = kNow - 86400 * 60;
  p.valid_until = u(rng_) < 0.05 ? kNow - 1 : kNow + 86400 * 60;
  p.state = u(rng_) < 0.9 ? kPostStateOpen : 3 + static_cast<int>(3 * u(rng_));
  p.applicants = u(rng_) < 0.3 ? 0 : static_cast<int>(60 * u(rng_) * u(rng_));
  p.create_time = kNow - static_cast<int64_t>(86400 * 60 * u(rng_));
  return p;
}

Seeker Generator::Person(int n) {
  std::uniform_real_distribution<double> u(0, 1);
  Seeker s;
  s.id = absl::StrCat("person-", n);
  s.name = "张三";
  s.birth_yyyymmdd = (1966 + static_cast<int>(42 * u(rng_))) * 10000 +
                     (1 + static_cast<int>(12 * u(rng_))) * 100 + 1 +
                     static_cast<int>(28 * u(rng_));
  s.sex = 1 + static_cast<int>(2 * u(rng_));
  s.education = 1 + static_cast<int>(6 * u(rng_) * u(rng_) + 1.5 * u(rng_));
  for (int i = static_cast<int>(3 * u(rng_) * u(rng_)); i > 0; --i) {
    s.skills.push_back(
        SkillNamed(kSkills[static_cast<int>(12 * u(rng_))], 1 + static_cast<int>(3 * u(rng_))));
  }
  s.experience_years = static_cast<int>(15 * u(rng_) * u(rng_));
  s.residence_region = u(rng_) < 0.6 ? "430211" : "430281";
  s.hukou_region = s.residence_region;
  s.residence = Place();
  s.hukou = u(rng_) < 0.7 ? s.residence : Place();
  const int radii[] = {30, 30, 10, 20, 50};
  s.travel_radius_km = radii[static_cast<int>(5 * u(rng_))];
  s.relocate = u(rng_) < 0.1;
  if (u(rng_) < 0.4) s.availability = (1u << 1) | (u(rng_) < 0.5 ? (1u << 2) : 0);
  for (int i = static_cast<int>(4 * u(rng_)); i > 0; --i)
    s.wanted_occupations.push_back(Occupation());
  s.min_salary = u(rng_) < 0.4 ? 0 : 2000 + 500 * static_cast<int>(10 * u(rng_));
  for (int g = 1; g <= kMaxGroup; ++g) {
    if (u(rng_) < 0.1) s.groups |= GroupBit(g);
  }
  if (u(rng_) < 0.1) s.applied.insert(absl::StrCat("post-", static_cast<int>(1000 * u(rng_))));
  if (u(rng_) < 0.02) s.hired.insert(absl::StrCat("post-", static_cast<int>(1000 * u(rng_))));
  return s;
}

PostRecord WithCampaignKinds(PostRecord p, int n, int percent) {
  if (n % 100 >= percent) return p;
  CampaignInfo c;
  c.start = kNow - 86400 * 30;
  c.end = kNow + 86400 * 30;
  switch (n % 3) {
    case 0:
      c.id = "czt-season";
      c.kind = kCampaignCztGraduateSeason;
      c.widened_area = {"430211"};
      break;
    case 1:
      c.id = "czt-season-2025";
      c.kind = kCampaignCztGraduateSeason;
      c.widened_area = {"430211"};
      c.end = kNow - 86400;
      break;
    default:
      c.id = "village-outreach";
      c.kind = kCampaignVillageOutreach;
      break;
  }
  c.name = c.id;
  p.campaigns.push_back(std::move(c));
  return p;
}

}  // namespace jobmatch::matcher::synthetic
