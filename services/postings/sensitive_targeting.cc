#include "services/postings/sensitive_targeting.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/sensitive_groups.h"

namespace jobmatch::postings {
namespace {

constexpr char kWhy[] =
    "LOW_INCOME and DISABLED may be targeted, relaxed or reserved for only by "
    "bureau staff";

bool Names(const google::protobuf::FieldMask* mask, const std::string& field) {
  if (mask == nullptr) return true;
  return std::any_of(mask->paths().begin(), mask->paths().end(), [&](const std::string& path) {
    return path == field || absl::StartsWith(path, field + ".");
  });
}

}  // namespace

bool MayTargetSensitiveGroups(const Caller& caller) { return ActsForBureau(caller); }

void CheckNoSensitiveTargeting(const v1::Post& post, const google::protobuf::FieldMask* mask,
                               FieldViolations& v) {
  if (Names(mask, "target_groups")) {
    for (int i = 0; i < post.target_groups_size(); ++i) {
      if (IsSensitiveGroup(post.target_groups(i))) {
        v.Add(absl::StrCat("target_groups[", i, "]"), kWhy);
      }
    }
  }
  if (Names(mask, "relaxations")) {
    for (int i = 0; i < post.relaxations_size(); ++i) {
      if (IsSensitiveGroup(post.relaxations(i).group())) {
        v.Add(absl::StrCat("relaxations[", i, "].group"), kWhy);
      }
    }
  }
  if (Names(mask, "reserved_quotas")) {
    for (int i = 0; i < post.reserved_quotas_size(); ++i) {
      if (IsSensitiveGroup(post.reserved_quotas(i).group())) {
        v.Add(absl::StrCat("reserved_quotas[", i, "].group"), kWhy);
      }
    }
  }
}

absl::Status CheckNoSensitiveCampaigns(
    const v1::Post& post, const google::protobuf::FieldMask* mask,
    const std::function<absl::StatusOr<std::optional<v1::Campaign>>(const std::string&)>&
        campaign_of,
    FieldViolations& v) {
  if (!Names(mask, "campaign_ids")) return absl::OkStatus();
  for (int i = 0; i < post.campaign_ids_size(); ++i) {
    absl::StatusOr<std::optional<v1::Campaign>> read = campaign_of(post.campaign_ids(i));
    if (!read.ok()) return read.status();
    const std::optional<v1::Campaign>& c = *read;
    if (!c.has_value()) continue;
    const bool sensitive = std::any_of(
        c->targeting_rules().begin(), c->targeting_rules().end(), [](const v1::TargetingRule& r) {
          return std::any_of(r.any_of_groups().begin(), r.any_of_groups().end(),
                             [](int g) { return IsSensitiveGroup(g); });
        });
    if (sensitive) {
      v.Add(absl::StrCat("campaign_ids[", i, "]"),
            "this campaign's targeting rules name LOW_INCOME or DISABLED: only bureau staff may "
            "put posts into it");
    }
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::postings
