#include "services/profiles/masking.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/profiles/key_groups.h"

namespace jobmatch::profiles {

std::string MaskIdNumber(absl::string_view id) {
  if (id.empty()) return "";
  if (id.size() != 18) return std::string(id.size(), '*');
  return absl::StrCat(id.substr(0, 6), std::string(8, '*'), id.substr(14));
}

std::string MaskPhone(absl::string_view phone) {
  if (phone.empty()) return "";
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return absl::StrCat(phone.substr(0, 3), std::string(phone.size() - 7, '*'),
                      phone.substr(phone.size() - 4));
}

bool ShowsSensitiveStatus(const Caller& caller, const v1::Profile& profile) {
  if (!MaySeeSensitiveStatus(caller)) return false;
  switch (caller.role) {
    case Role::kJobseeker:
      return IsSubject(caller, profile.profile_id());
    case Role::kRecruiter:
      return CoversRegion(caller, profile.residence_region_code()) ||
             CoversRegion(caller, profile.hukou_region_code());
    default:
      return true;
  }
}

v1::Profile PresentProfile(const v1::Profile& full, const Caller& caller, absl::CivilDay today) {
  v1::Profile out = full;
  v1::SensitiveData* sensitive = out.mutable_sensitive();
  sensitive->set_id_number(MaskIdNumber(full.sensitive().id_number()));
  sensitive->set_phone(MaskPhone(full.sensitive().phone()));
  const bool statuses = ShowsSensitiveStatus(caller, full);
  if (!statuses || !InForce(full.sensitive().low_income(), today)) sensitive->clear_low_income();
  if (!statuses || !InForce(full.sensitive().disabled(), today)) sensitive->clear_disabled();
  if (!full.sensitive().has_low_income()) sensitive->clear_low_income();
  if (!full.sensitive().has_disabled()) sensitive->clear_disabled();

  if (full.erased()) {
    // Only anonymous statistics are left; its key groups were frozen at erasure.
    out.set_age(0);
    return out;
  }
  out.clear_key_groups();
  for (const v1::KeyGroupMembership& m : full.key_groups()) {
    const KeyGroupRule* rule = RuleFor(m.group());
    if (rule == nullptr || IsSensitiveGroup(rule->group) || rule->derived)
      continue;  // never stored; be safe
    if (InForce(m, today)) *out.add_key_groups() = m;
  }
  for (v1::KeyGroupMembership& m : DerivedGroups(full, today)) *out.add_key_groups() = m;
  out.set_age(full.has_birth_date() && IsValidDate(full.birth_date())
                  ? AgeOn(FromProto(full.birth_date()), today)
                  : 0);
  return out;
}

}  // namespace jobmatch::profiles
