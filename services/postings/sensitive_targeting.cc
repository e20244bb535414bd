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

}  // namespace jobmatch::postings
