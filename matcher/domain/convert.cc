#include "matcher/domain/convert.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace jobmatch::matcher {
namespace {

GeoPt PointOr(const v1::GeoPoint& point, bool has_point, absl::string_view region,
              const RegionCentre& centre) {
  if (has_point && (point.lng() != 0 || point.lat() != 0)) return {point.lng(), point.lat()};
  if (centre) {
    if (std::optional<GeoPt> c = centre(region)) return *c;
  }
  return {};
}

SkillItem SkillOf(const v1::Skill& s) {
  return {s.name(), s.occupation_code(), static_cast<int>(s.level())};
}

// The membership's dates include `today`; the group field is not looked at
// (the sensitive statuses are known by where they sit).
bool InForce(const v1::KeyGroupMembership& m, int today) {
  const int from = m.has_valid_from() ? DateToInt(m.valid_from()) : 0;
  const int until = m.has_valid_until() ? DateToInt(m.valid_until()) : 99999999;
  return from <= today && today <= until;
}

void Window(const v1::TimeWindow& w, int64_t* start, int64_t* end) {
  if (w.has_start_time()) *start = w.start_time().seconds();
  if (w.has_end_time()) *end = w.end_time().seconds();
}

}  // namespace

int DateToInt(const v1::Date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); }

QueryTime QueryTimeAt(int64_t unix_seconds) {
  const absl::CivilDay day =
      absl::ToCivilDay(absl::FromUnixSeconds(unix_seconds), absl::FixedTimeZone(8 * 3600));
  return {unix_seconds, static_cast<int>(day.year() * 10000 + day.month() * 100 + day.day())};
}

PostRecord PostFromProto(const v1::Post& post,
                         const absl::flat_hash_map<std::string, v1::Campaign>& campaigns,
                         const RegionCentre& centre, const std::vector<std::string>& czt_cities) {
  PostRecord r;
  r.id = post.post_id();
  r.employer_id = post.employer_id();
  r.title = post.title();
  // A code still waiting for staff review is a guess (often only the major
  // group): it must not count as an occupation match until confirmed. The
  // review's post event makes the matcher read the post again, with its
  // confirmed code.
  if (!post.occupation_coding().needs_review()) r.occupation_code = post.occupation_code();
  r.region_code = post.region_code();
  r.point = PointOr(post.location(), post.has_location(), post.region_code(), centre);
  r.openings = post.openings();
  r.remaining = post.remaining_openings();
  r.salary_min = post.salary().min_monthly_cny();
  r.salary_max = post.salary().max_monthly_cny();
  r.negotiable = post.salary().negotiable();
  for (int b : post.benefits()) {
    if (b > 0 && b < 32) r.benefits |= 1u << b;
  }
  const v1::Requirements& req = post.requirements();
  r.min_age = req.min_age() == 0 ? 16 : req.min_age();
  r.max_age = req.max_age();
  r.min_education = req.min_education();
  for (const v1::Skill& s : req.required_skills()) r.required_skills.push_back(SkillOf(s));
  r.min_experience = req.min_experience_years();
  r.required_sex = req.required_sex();
  for (const v1::Relaxation& x : post.relaxations()) {
    r.relaxations.push_back({x.group(), x.max_age(), x.min_education(), x.waive_education(),
                             x.waive_skills(), x.waive_experience()});
  }
  for (int g : post.target_groups()) {
    if (g > 0 && g <= kMaxGroup) r.target_groups |= GroupBit(g);
  }
  for (const std::string& id : post.campaign_ids()) {
    CampaignInfo c;
    c.id = id;
    if (auto it = campaigns.find(id); it != campaigns.end()) {
      c.name = it->second.name();
      Window(it->second.window(), &c.start, &c.end);
      for (int g : it->second.target_groups()) {
        if (g > 0 && g <= kMaxGroup) c.targets |= GroupBit(g);
      }
      c.kind = it->second.kind();
      c.regions.assign(it->second.region_codes().begin(), it->second.region_codes().end());
      for (const v1::TargetingRule& t : it->second.targeting_rules()) {
        TargetRule rule;
        rule.name = t.name();
        rule.residence_prefixes.assign(t.residence_region_prefixes().begin(),
                                       t.residence_region_prefixes().end());
        for (int g : t.any_of_groups()) {
          if (g > 0 && g <= kMaxGroup) rule.any_of |= GroupBit(g);
        }
        c.rules.push_back(std::move(rule));
      }
      if (c.kind == v1::CAMPAIGN_KIND_CZT_GRADUATE_SEASON) c.widened_area = czt_cities;
      for (const v1::ReservedQuota& q : it->second.reserved_quotas()) {
        r.campaign_reserves.push_back({id, {q.group(), q.places()}});
      }
    }
    r.campaigns.push_back(std::move(c));
  }
  for (const v1::ReservedQuota& q : post.reserved_quotas()) {
    r.reserves.push_back({q.group(), q.places()});
  }
  r.schedule = post.schedule();
  Window(post.validity(), &r.valid_from, &r.valid_until);
  r.state = post.state();
  r.create_time = post.create_time().seconds();
  return r;
}

Seeker SeekerFromProto(const v1::Profile& p, int today, const RegionCentre& centre) {
  Seeker s;
  s.id = p.profile_id();
  s.name = p.name();
  s.birth_yyyymmdd = p.has_birth_date() ? DateToInt(p.birth_date()) : 0;
  s.sex = p.sex();
  s.education = p.education();
  for (const v1::Skill& k : p.skills()) s.skills.push_back(SkillOf(k));
  for (const v1::WorkExperience& w : p.work_history()) s.experience_years += w.years();
  s.residence_region = p.residence_region_code();
  s.hukou_region = p.hukou_region_code();
  s.residence = PointOr(p.residence_location(), p.has_residence_location(),
                        p.residence_region_code(), centre);
  s.hukou = PointOr(p.hukou_location(), p.has_hukou_location(), p.hukou_region_code(), centre);
  s.travel_radius_km = p.travel_radius_km() == 0 ? 30 : p.travel_radius_km();
  s.relocate = p.willing_to_relocate();
  for (int a : p.availability()) {
    if (a > 0 && a < 32) s.availability |= 1u << a;
  }
  s.wanted_occupations.assign(p.wanted_occupation_codes().begin(),
                              p.wanted_occupation_codes().end());
  s.min_salary = p.min_monthly_salary();
  s.registered = p.create_time().seconds();
  for (const v1::KeyGroupMembership& m : p.key_groups()) {
    if (InForce(m, today) && m.group() > 0 && m.group() <= kMaxGroup)
      s.groups |= GroupBit(m.group());
  }
  if (p.sensitive().has_low_income() && InForce(p.sensitive().low_income(), today)) {
    s.groups |= GroupBit(v1::KEY_GROUP_LOW_INCOME);
  }
  if (p.sensitive().has_disabled() && InForce(p.sensitive().disabled(), today)) {
    s.groups |= GroupBit(v1::KEY_GROUP_DISABLED);
  }
  return s;
}

}  // namespace jobmatch::matcher
