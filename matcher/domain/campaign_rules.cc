#include "matcher/domain/campaign_rules.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "matcher/domain/eligibility.h"

namespace jobmatch::matcher {
namespace {

bool StartsWithAny(const std::string& code, const std::vector<std::string>& prefixes) {
  if (code.empty()) return false;
  for (const std::string& p : prefixes) {
    if (absl::StartsWith(code, p)) return true;
  }
  return false;
}

bool MeetsRule(const Seeker& s, const TargetRule& r) {
  if (!r.residence_prefixes.empty() && !StartsWithAny(s.residence_region, r.residence_prefixes))
    return false;
  return r.any_of == 0 || (s.groups & r.any_of) != 0;
}

bool Restricts(const CampaignInfo& c) { return !c.regions.empty() || !c.rules.empty(); }

// What a campaign is for, in a few words: "限4302、4303地区；留株就地过年".
std::string Scope(const CampaignInfo& c, bool may_see) {
  std::vector<std::string> parts;
  if (!c.regions.empty())
    parts.push_back(absl::StrCat("限", absl::StrJoin(c.regions, "、"), "地区"));
  for (const TargetRule& r : c.rules) {
    std::vector<std::string> groups;
    for (int g = 1; g <= kMaxGroup; ++g) {
      if ((r.any_of & GroupBit(g)) != 0) groups.push_back(GroupName(g, may_see));
    }
    std::string text = r.name;
    if (!groups.empty()) absl::StrAppend(&text, "（", absl::StrJoin(groups, "、"), "）");
    parts.push_back(std::move(text));
  }
  return absl::StrJoin(parts, "；");
}

}  // namespace

bool InAudience(const Seeker& s, const CampaignInfo& c) {
  if (!c.regions.empty() && !StartsWithAny(s.residence_region, c.regions) &&
      !StartsWithAny(s.hukou_region, c.regions)) {
    return false;
  }
  if (c.rules.empty()) return true;
  for (const TargetRule& r : c.rules) {
    if (MeetsRule(s, r)) return true;
  }
  return false;
}

bool AudienceOk(const Seeker& s, const PostRecord& p, int64_t now) {
  bool any_running = false;
  for (const CampaignInfo& c : p.campaigns) {
    if (!Running(c, now)) continue;
    if (!Restricts(c) || InAudience(s, c)) return true;
    any_running = true;
  }
  return !any_running;
}

const CampaignInfo* WideningCampaign(const Seeker& s, const PostRecord& p, int64_t now) {
  if ((s.groups & GroupBit(kGroupGraduate)) == 0) return nullptr;
  for (const CampaignInfo& c : p.campaigns) {
    if (c.kind != kCampaignCztGraduateSeason || c.widened_area.empty() || !Running(c, now)) {
      continue;
    }
    if (StartsWithAny(s.residence_region, c.widened_area) &&
        StartsWithAny(p.region_code, c.widened_area) && InAudience(s, c)) {
      return &c;
    }
  }
  return nullptr;
}

std::vector<const CampaignInfo*> WideningCampaignsOf(const PostRecord& p, int64_t now) {
  std::vector<const CampaignInfo*> out;
  for (const CampaignInfo& c : p.campaigns) {
    if (c.kind == kCampaignCztGraduateSeason && !c.widened_area.empty() && Running(c, now) &&
        StartsWithAny(p.region_code, c.widened_area)) {
      out.push_back(&c);
    }
  }
  return out;
}

bool LivesInWidenedArea(const std::string& residence_region,
                        const std::vector<const CampaignInfo*>& campaigns) {
  for (const CampaignInfo* c : campaigns) {
    if (StartsWithAny(residence_region, c->widened_area)) return true;
  }
  return false;
}

bool MayWiden(const PostRecord& p) {
  for (const CampaignInfo& c : p.campaigns) {
    if (c.kind == kCampaignCztGraduateSeason && !c.widened_area.empty()) return true;
  }
  return false;
}

bool MayBoostNearHome(const PostRecord& p) {
  for (const CampaignInfo& c : p.campaigns) {
    if (c.kind == kCampaignVillageOutreach) return true;
  }
  return false;
}

double NearHomeBoost(const Seeker& s, const PostRecord& p, int64_t now, double km,
                     const CampaignInfo** campaign) {
  if (campaign != nullptr) *campaign = nullptr;
  if (km >= kNearHomeKm) return 0;
  for (const CampaignInfo& c : p.campaigns) {
    if (c.kind != kCampaignVillageOutreach || !Running(c, now) || !InAudience(s, c)) continue;
    if (campaign != nullptr) *campaign = &c;
    return kMaxNearHomeBoost * (1.0 - km / kNearHomeKm);
  }
  return 0;
}

std::string AudienceText(const Seeker& s, const PostRecord& p, int64_t now, bool passed,
                         bool may_see) {
  const CampaignInfo* failed = nullptr;
  for (const CampaignInfo& c : p.campaigns) {
    if (!Running(c, now)) continue;
    if (!Restricts(c)) return "所属招聘活动面向所有求职者";
    if (InAudience(s, c)) return absl::StrCat("符合招聘活动「", c.name, "」的对象范围");
    if (failed == nullptr) failed = &c;
  }
  if (passed || failed == nullptr) return "无进行中的招聘活动对象限制";
  return absl::StrCat("不在招聘活动「", failed->name, "」的对象范围内（", Scope(*failed, may_see),
                      "）");
}

}  // namespace jobmatch::matcher
