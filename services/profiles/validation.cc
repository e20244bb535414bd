#include "services/profiles/validation.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/common/proto_time.h"
#include "services/common/text_checks.h"
#include "services/profiles/id_number.h"
#include "services/profiles/wanted_work.h"

namespace jobmatch::profiles {
namespace {

using google::protobuf::util::FieldMaskUtil;

// Fields a client may name in an update mask. Identity (the ID number, and
// with it sex and birth date) is fixed at registration; key groups and
// consents have their own RPCs; the rest is output only.
const std::set<std::string>& UpdatablePaths() {
  static const auto* const kPaths = new std::set<std::string>{"name",
                                                              "sensitive.phone",
                                                              "hukou_region_code",
                                                              "hukou_location",
                                                              "residence_region_code",
                                                              "residence_location",
                                                              "education",
                                                              "major",
                                                              "graduation_date",
                                                              "skills",
                                                              "work_history",
                                                              "wanted_occupation_codes",
                                                              "wanted_occupation_texts",
                                                              "min_monthly_salary",
                                                              "travel_radius_km",
                                                              "willing_to_relocate",
                                                              "availability"};
  return *kPaths;
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

void CheckText(absl::string_view text, size_t max, const std::string& path, FieldViolations& v) {
  if (TextLength(text) > max) v.Add(path, absl::StrCat("at most ", max, " characters"));
}

void CheckRegion(absl::string_view code, bool required, const std::string& path,
                 const RegionDirectory& regions, FieldViolations& v) {
  if (code.empty()) {
    if (required) v.Add(path, "required");
    return;
  }
  if (!regions.IsKnown(code)) v.Add(path, "not a known region code");
}

void CheckOccupation(absl::string_view code, const std::string& path, FieldViolations& v) {
  if (!code.empty() && !IsOccupationCode(code)) {
    v.Add(path, "not an occupation code like 6-18-02-04");
  }
}

void CheckIdentity(v1::Profile& profile, const std::string& path, absl::CivilDay today,
                   const RegionDirectory& regions, FieldViolations& v) {
  const std::string id_path = path + ".sensitive.id_number";
  if (profile.sensitive().id_number().empty()) {
    v.Add(id_path, "required");
    return;
  }
  absl::StatusOr<IdNumberFacts> facts =
      ParseIdNumber(profile.sensitive().id_number(), today, regions);
  if (!facts.ok()) {
    v.Add(id_path, facts.status().message());
    return;
  }
  profile.mutable_sensitive()->set_id_number(facts->normalized);
  if (profile.sex() != v1::SEX_UNSPECIFIED && profile.sex() != facts->sex) {
    v.Add(path + ".sex", "does not agree with the ID number");
  }
  if (profile.has_birth_date() && !(IsValidDate(profile.birth_date()) &&
                                    FromProto(profile.birth_date()) == facts->birth_date)) {
    v.Add(path + ".birth_date", "does not agree with the ID number");
  }
  profile.set_sex(facts->sex);
  *profile.mutable_birth_date() = ToProto(facts->birth_date);
}

}  // namespace

size_t TextLength(absl::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsOccupationCode(absl::string_view code) {
  std::vector<absl::string_view> parts = absl::StrSplit(code, '-');
  if (parts.size() > 4 || parts[0].size() != 1 || !AllDigits(parts[0])) return false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() != 2 || !AllDigits(parts[i])) return false;
  }
  return true;
}

void ValidateRequestId(absl::string_view request_id, FieldViolations& v) {
  if (request_id.empty()) v.Add("request_id", "required: a client-chosen id, 1-64 characters");
  if (request_id.size() > 64) v.Add("request_id", "at most 64 characters");
}

void ValidateProfileData(v1::Profile& profile, const std::string& path, absl::CivilDay today,
                         const RegionDirectory& regions, FieldViolations& v) {
  CheckMessageText(profile, path, v);  // every text field, and both locations
  const size_t name_length = TextLength(profile.name());
  if (name_length == 0 || name_length > 50) v.Add(path + ".name", "1-50 characters");
  CheckIdentity(profile, path, today, regions, v);
  const std::string& phone = profile.sensitive().phone();
  if (!phone.empty() && (phone.size() != 11 || !AllDigits(phone) || phone[0] != '1')) {
    v.Add(path + ".sensitive.phone", "must be an 11-digit mobile number starting with 1");
  }
  if (profile.sensitive().has_low_income() || profile.sensitive().has_disabled()) {
    v.Add(path + ".sensitive", "statuses are set through DeclareKeyGroup or ImportKeyGroups only");
  }
  CheckRegion(profile.hukou_region_code(), false, path + ".hukou_region_code", regions, v);
  CheckRegion(profile.residence_region_code(), true, path + ".residence_region_code", regions, v);
  if (!v1::Education_IsValid(profile.education())) v.Add(path + ".education", "unknown value");
  CheckText(profile.major(), 100, path + ".major", v);
  if (profile.has_graduation_date() && !IsValidDate(profile.graduation_date())) {
    v.Add(path + ".graduation_date", "not a real date");
  }
  if (profile.skills_size() > 50) v.Add(path + ".skills", "at most 50");
  for (int i = 0; i < profile.skills_size(); ++i) {
    const v1::Skill& s = profile.skills(i);
    const std::string p = absl::StrCat(path, ".skills[", i, "]");
    const size_t len = TextLength(s.name());
    if (len == 0 || len > 50) v.Add(p + ".name", "1-50 characters");
    CheckOccupation(s.occupation_code(), p + ".occupation_code", v);
    if (!v1::SkillLevel_IsValid(s.level())) v.Add(p + ".level", "unknown value");
  }
  if (profile.work_history_size() > 50) v.Add(path + ".work_history", "at most 50");
  for (int i = 0; i < profile.work_history_size(); ++i) {
    const v1::WorkExperience& w = profile.work_history(i);
    const std::string p = absl::StrCat(path, ".work_history[", i, "]");
    CheckOccupation(w.occupation_code(), p + ".occupation_code", v);
    CheckText(w.title(), 100, p + ".title", v);
    CheckText(w.employer_name(), 100, p + ".employer_name", v);
    CheckRegion(w.region_code(), false, p + ".region_code", regions, v);
    if (w.years() < 0 || w.years() > 70) v.Add(p + ".years", "must be within 0..70");
  }
  if (profile.wanted_occupation_codes_size() > kMaxWantedCodes) {
    v.Add(path + ".wanted_occupation_codes", absl::StrCat("at most ", kMaxWantedCodes));
  }
  for (int i = 0; i < profile.wanted_occupation_codes_size(); ++i) {
    const std::string& code = profile.wanted_occupation_codes(i);
    const std::string p = absl::StrCat(path, ".wanted_occupation_codes[", i, "]");
    if (code.empty()) v.Add(p, "empty");
    CheckOccupation(code, p, v);
  }
  CheckWantedTexts(profile.wanted_occupation_texts(), path + ".wanted_occupation_texts", v);
  if (profile.min_monthly_salary() < 0 || profile.min_monthly_salary() > 1000000) {
    v.Add(path + ".min_monthly_salary", "must be within 0..1000000 CNY");
  }
  if (profile.travel_radius_km() < 0 || profile.travel_radius_km() > 5000) {
    v.Add(path + ".travel_radius_km", "must be within 0..5000 km");
  }
  for (int i = 0; i < profile.availability_size(); ++i) {
    const int s = profile.availability(i);
    if (s == v1::SCHEDULE_UNSPECIFIED || !v1::Schedule_IsValid(s)) {
      v.Add(absl::StrCat(path, ".availability[", i, "]"), "unknown schedule");
    }
  }
}

void ValidateNewProfileExtras(const v1::Profile& profile, const std::string& path,
                              FieldViolations& v) {
  if (!profile.profile_id().empty()) v.Add(path + ".profile_id", "output only: leave empty");
  if (profile.key_groups_size() > 0) {
    v.Add(path + ".key_groups", "set through DeclareKeyGroup or ImportKeyGroups");
  }
  if (profile.consents_size() > 0) v.Add(path + ".consents", "set through RecordConsent");
  if (profile.erased()) v.Add(path + ".erased", "output only");
  if (profile.identity_verified()) v.Add(path + ".identity_verified", "output only");
}

void ValidateUpdateMask(const google::protobuf::FieldMask& mask, const std::string& mask_path,
                        FieldViolations& v) {
  if (mask.paths_size() == 0) v.Add(mask_path, "required: name the fields to change");
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (UpdatablePaths().count(mask.paths(i)) == 0) {
      v.Add(absl::StrCat(mask_path, ".paths[", i, "]"),
            absl::StrCat("\"", mask.paths(i), "\" cannot be updated"));
    }
  }
}

void ApplyUpdateMask(const google::protobuf::FieldMask& mask, const v1::Profile& source,
                     v1::Profile& target) {
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(source, mask, options, &target);
}

}  // namespace jobmatch::profiles
